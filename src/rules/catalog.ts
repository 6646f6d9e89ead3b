import { FACTS } from '../facts/definitions.js';
import { NonRecoursError, findForbiddenKeys, formatPath, jsonDepthIssue, type ErrorDetail } from '../errors.js';
import { DEFAULT_MAX_DEPTH } from '../json/parse.js';
import type { AmountAst, ConditionAst } from './ast.js';
import { firstGap, parameterFileSchema, parseParameterValue, type Parameter, type ParameterType, type ParameterValue } from './parameters.js';
import { ruleFileSchema, type RuleFileHead } from './rule-file.js';
import { territoryIssues } from './territory.js';
import { RuleValidator, type ValueSignature } from './validate.js';
import { closeValues, findCycle, namedValueHeadSchema, valueGap, valuesFileSchema, type NamedValue, type ValueBody } from './values.js';

/** A file given to the loader: its name (for error messages) and its parsed JSON. */
export interface SourceFile {
  readonly path: string;
  readonly json: unknown;
}

/** A validated rule. */
export interface Rule extends Omit<RuleFileHead, 'conditions' | 'amount' | 'usage'> {
  readonly conditions: ConditionAst;
  readonly amount: AmountAst | null;
  readonly usage: { readonly fact: string; readonly params: Readonly<Record<string, unknown>> } | null;
  readonly file: string;
  /** Parameters the rule reads, directly or through named values. */
  readonly parameters: readonly string[];
  /** Parameters the rule reads itself (its conditions, amount and usage). */
  readonly directParameters: readonly string[];
  /** Named values the rule reads, directly or through other named values (shown in explanations). */
  readonly values: readonly string[];
}

/** A loaded, validated catalog: rules and their dated parameters. */
export interface Catalog {
  readonly rules: readonly Rule[];
  readonly parameters: ReadonlyMap<string, Parameter>;
  /** Named values of every folder loaded, by id. */
  readonly values: ReadonlyMap<string, NamedValue>;
}

/** Rule files and parameter files to load, in order; later layers may replace rules of earlier ones. */
export interface CatalogInput {
  readonly rules: readonly SourceFile[];
  readonly parameters: readonly SourceFile[];
  /** Named-value files (`values/*.json` of a folder). */
  readonly values?: readonly SourceFile[];
}

/**
 * What no rule file may hold: prototype keys, and a nesting deeper than the strict JSON reader allows
 * (64 levels) — the validator walks a rule's conditions and expressions, so the depth is bounded before.
 */
function forbidden(file: SourceFile): ErrorDetail[] {
  const deep = jsonDepthIssue(file.json, DEFAULT_MAX_DEPTH);
  if (deep !== undefined) return [{ file: file.path, path: deep.path, message: `imbrication de plus de ${DEFAULT_MAX_DEPTH} niveaux` }];
  return findForbiddenKeys(file.json).map((p) => ({ file: file.path, path: formatPath(p), message: 'clé interdite (prototype)' }));
}

function loadParameters(files: readonly SourceFile[], details: ErrorDetail[]): Map<string, Parameter> {
  const out = new Map<string, Parameter>();
  for (const file of files) {
    const bad = forbidden(file);
    if (bad.length > 0) {
      details.push(...bad);
      continue;
    }
    const parsed = parameterFileSchema.safeParse(file.json);
    if (!parsed.success) {
      for (const i of parsed.error.issues) details.push({ file: file.path, path: formatPath(i.path), message: i.message });
      continue;
    }
    for (const [id, p] of Object.entries(parsed.data.parameters)) {
      if (out.has(id)) {
        details.push({ file: file.path, path: `parameters.${id}`, message: `paramètre déjà défini dans ${out.get(id)?.file ?? '?'}` });
        continue;
      }
      const values: { from: string; value: ParameterValue; raw: unknown }[] = [];
      p.values.forEach((v, i) => {
        const r = parseParameterValue(p.type, v.value);
        if ('error' in r) details.push({ file: file.path, path: `parameters.${id}.values[${i}].value`, message: r.error });
        else values.push({ from: v.from, value: r.value, raw: v.value });
        const prev = p.values[i - 1];
        if (prev !== undefined && prev.from >= v.from) details.push({ file: file.path, path: `parameters.${id}.values[${i}].from`, message: 'les dates des valeurs doivent être strictement croissantes' });
      });
      out.set(id, {
        id,
        label: p.label,
        type: p.type,
        unit: p.unit,
        description: p.description,
        values,
        sources: p.sources,
        reference: p.reference,
        referenceBracket: p.referenceBracket,
        illustrative: p.illustrative === true,
        lastChecked: p.lastChecked,
        file: file.path,
      });
    }
  }
  return out;
}

/** Reads the heads of named-value files: id → signature, so that values and rules may reference each other. */
function valueHeads(files: readonly SourceFile[], known: ReadonlyMap<string, NamedValue>, details: ErrorDetail[]): Map<string, { file: SourceFile; raw: Record<string, unknown>; head: ValueSignature }> {
  const out = new Map<string, { file: SourceFile; raw: Record<string, unknown>; head: ValueSignature }>();
  for (const file of files) {
    const bad = forbidden(file);
    if (bad.length > 0) {
      details.push(...bad);
      continue;
    }
    const parsed = valuesFileSchema.safeParse(file.json);
    if (!parsed.success) {
      for (const i of parsed.error.issues) details.push({ file: file.path, path: formatPath(i.path), message: i.message });
      continue;
    }
    for (const [id, raw] of Object.entries(parsed.data.values)) {
      const path = `values.${id}`;
      const head = namedValueHeadSchema.safeParse(raw);
      if (!head.success) {
        for (const i of head.error.issues) details.push({ file: file.path, path: `${path}${i.path.length > 0 ? `.${formatPath(i.path)}` : ''}`, message: i.message });
        continue;
      }
      const previous = out.get(id)?.file.path ?? known.get(id)?.file;
      if (previous !== undefined) {
        details.push({ file: file.path, path, message: `valeur nommée déjà définie dans ${previous}` });
        continue;
      }
      if (FACTS.has(id)) {
        details.push({ file: file.path, path, message: `« ${id} » est déjà un fait du catalogue des faits : choisissez un autre nom` });
        continue;
      }
      out.set(id, { file, raw: raw as Record<string, unknown>, head: { type: head.data.type, label: head.data.label, unit: head.data.unit, scope: head.data.scope ?? 'household' } });
    }
  }
  return out;
}

/** Validates the bodies of named values (formula, condition or dated versions). */
function loadValues(heads: ReturnType<typeof valueHeads>, types: ReadonlyMap<string, ParameterType>, signatures: ReadonlyMap<string, ValueSignature>, details: ErrorDetail[]): Map<string, NamedValue> {
  const out = new Map<string, NamedValue>();
  for (const [id, { file, raw, head }] of heads) {
    const ofPerson = head.scope === 'person';
    const v = new RuleValidator(types, signatures, ofPerson);
    const path = `values.${id}`;
    // Each version reads its own parameters and values (a parameter may exist only from its version on).
    let vv = v;
    const body = (src: Record<string, unknown>, at: string): ValueBody | undefined => {
      vv = new RuleValidator(types, signatures, ofPerson);
      const b = bodyWith(vv, src, at);
      v.issues.push(...vv.issues);
      for (const p of vv.paramsUsed) v.paramsUsed.add(p);
      for (const u of vv.valuesUsed) v.valuesUsed.add(u);
      return b;
    };
    const bodyWith = (v: RuleValidator, src: Record<string, unknown>, at: string): ValueBody | undefined => {
      const hasFormula = src.formula !== undefined;
      const hasCondition = src.condition !== undefined;
      if (hasFormula === hasCondition) {
        v.issues.push({ path: at, message: head.type === 'boolean' ? '« condition » attendue (une valeur booléenne est une condition)' : '« formula » attendue (une expression)' });
        return undefined;
      }
      if (head.type === 'boolean') {
        if (!hasCondition) {
          v.issues.push({ path: `${at}.formula`, message: 'une valeur de type boolean se définit par « condition »' });
          return undefined;
        }
        const c = v.condition(src.condition, `${at}.condition`);
        return c === undefined ? undefined : { kind: 'condition', condition: c };
      }
      if (!hasFormula) {
        v.issues.push({ path: `${at}.condition`, message: `une valeur de type ${head.type} se définit par « formula »` });
        return undefined;
      }
      const e = v.expr(src.formula, `${at}.formula`);
      return e === undefined ? undefined : { kind: 'formula', expr: e };
    };
    const versions: { from: string | null; body: ValueBody; parameters: string[]; uses: string[] }[] = [];
    const reads = () => ({ parameters: [...vv.paramsUsed].sort(), uses: [...vv.valuesUsed].sort() });
    const list = raw.versions as { from: string; formula?: unknown; condition?: unknown }[] | undefined;
    if (list !== undefined) {
      if (raw.formula !== undefined || raw.condition !== undefined) v.issues.push({ path, message: 'soit « versions » datées, soit une seule « formula » / « condition »' });
      list.forEach((ver, i) => {
        const prev = list[i - 1];
        if (prev !== undefined && prev.from >= ver.from) v.issues.push({ path: `${path}.versions[${i}].from`, message: 'les dates des versions doivent être strictement croissantes' });
        const b = body(ver as Record<string, unknown>, `${path}.versions[${i}]`);
        if (b !== undefined) versions.push({ from: ver.from, body: b, ...reads() });
      });
    } else {
      const b = body(raw, path);
      if (b !== undefined) versions.push({ from: null, body: b, ...reads() });
    }
    for (const i of v.issues) details.push({ file: file.path, path: i.path, message: i.message });
    if (v.issues.length > 0) continue;
    const r = raw as { description?: string; sources: NamedValue['sources']; illustrative?: boolean; notModeled?: string[] };
    out.set(id, {
      id,
      label: head.label,
      type: head.type,
      scope: head.scope ?? 'household',
      unit: head.unit,
      description: r.description,
      sources: r.sources,
      illustrative: r.illustrative === true,
      notModeled: r.notModeled ?? [],
      versions,
      uses: [...v.valuesUsed].sort(),
      parameters: [...v.paramsUsed].sort(),
      file: file.path,
    });
  }
  return out;
}

function loadRule(file: SourceFile, types: ReadonlyMap<string, ParameterType>, signatures: ReadonlyMap<string, ValueSignature>, values: ReadonlyMap<string, NamedValue>, details: ErrorDetail[]): Rule | undefined {
  const bad = forbidden(file);
  if (bad.length > 0) {
    details.push(...bad);
    return undefined;
  }
  const head = ruleFileSchema.safeParse(file.json);
  const v = new RuleValidator(types, signatures);
  const json = file.json as Record<string, unknown>;
  const conditions = json !== null && typeof json === 'object' && 'conditions' in json ? v.condition(json.conditions, 'conditions') : v.condition(undefined, 'conditions');
  const amount = json !== null && typeof json === 'object' && json.amount !== undefined && json.amount !== null ? v.amount(json.amount, 'amount') : null;
  let usage: Rule['usage'] = null;
  if (json !== null && typeof json === 'object' && json.usage !== undefined) {
    const u = json.usage;
    const ref = u !== null && typeof u === 'object' && !Array.isArray(u) ? v.factRef(u as Record<string, unknown>, 'usage') : undefined;
    if (u === null || typeof u !== 'object' || Array.isArray(u)) details.push({ file: file.path, path: 'usage', message: '{ fact, params? } attendu (un fait de quantité par mois)' });
    else if (ref !== undefined && ref.def.type !== 'number') details.push({ file: file.path, path: 'usage.fact', message: 'la quantité utilisée est un fait numérique' });
    else if (ref !== undefined) usage = { fact: ref.def.id, params: ref.params };
  }
  if (!head.success) for (const i of head.error.issues) details.push({ file: file.path, path: formatPath(i.path), message: i.message });
  for (const i of v.issues) details.push({ file: file.path, path: i.path, message: i.message });
  if (!head.success || v.issues.length > 0 || conditions === undefined || amount === undefined) return undefined;
  const h = head.data;
  const base = file.path.split(/[\\/]/).pop() ?? file.path;
  if (base.endsWith('.json') && base !== `${h.id}.json`) {
    details.push({ file: file.path, path: 'id', message: `l'identifiant « ${h.id} » doit être le nom du fichier (${base})` });
    return undefined;
  }
  const territoryProblems = territoryIssues(h.territory, 'territory');
  for (const i of territoryProblems) details.push({ file: file.path, path: i.path, message: i.message });
  if (territoryProblems.length > 0) return undefined;
  if (h.validity.until !== null && h.validity.until <= h.validity.from) {
    details.push({ file: file.path, path: 'validity.until', message: 'la fin de validité doit être après le début' });
  }
  const { conditions: _c, amount: _a, usage: _u, ...rest } = h;
  const closed = closeValues(v.valuesUsed, values);
  // What the named values it reads leave out, the rule leaves out too (said once, on the value).
  const notModeled = [...new Set([...(rest.notModeled ?? []), ...closed.values.flatMap((id) => values.get(id)?.notModeled ?? [])])];
  return { ...rest, ...(notModeled.length > 0 ? { notModeled } : {}), conditions, amount, usage, file: file.path, parameters: [...new Set([...v.paramsUsed, ...closed.parameters])].sort(), directParameters: [...v.paramsUsed].sort(), values: closed.values };
}

/**
 * The parameters a rule reads and the days it reads each: its own over its whole validity, and those of
 * each version of the named values it reads over the days that version is in force within it.
 */
function parameterWindows(rule: Rule, values: ReadonlyMap<string, NamedValue>): { id: string; from: string; until: string | null }[] {
  const out = new Map<string, { id: string; from: string; until: string | null }>();
  const add = (id: string, from: string, until: string | null) => out.set(`${id}\u0000${from}\u0000${until ?? ''}`, { id, from, until });
  // Parameters the rule reads itself apply over its whole validity.
  for (const p of rule.directParameters) add(p, rule.validity.from, rule.validity.until);
  // Values: walk (value, window) pairs iteratively; the values graph is acyclic (checked before).
  const stack: { id: string; from: string; until: string | null }[] = rule.values.map((id) => ({ id, from: rule.validity.from, until: rule.validity.until }));
  const seen = new Set<string>();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const key = `${item.id}\u0000${item.from}\u0000${item.until ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const nv = values.get(item.id);
    if (nv === undefined) continue;
    nv.versions.forEach((ver, i) => {
      const next = nv.versions[i + 1]?.from ?? null;
      const from = ver.from === null || ver.from < item.from ? item.from : ver.from;
      const until = next === null ? item.until : item.until === null || next < item.until ? next : item.until;
      if (until !== null && until <= from) return;
      for (const p of ver.parameters) add(p, from, until);
      for (const u of ver.uses) stack.push({ id: u, from, until });
    });
  }
  return [...out.values()];
}

/**
 * Validates rule and parameter files and returns a catalog, or throws one `CATALOG_INVALID` error that
 * lists every problem with its file and JSON path. Pure: the caller reads the files (see `node` entry).
 *
 * @example
 * const catalog = loadCatalog({ rules: [{ path: 'rules/x/a.json', json }], parameters: [] });
 */
export function loadCatalog(input: CatalogInput, base?: Catalog): Catalog {
  const details: ErrorDetail[] = [];
  const parameters = new Map(base?.parameters ?? []);
  for (const [id, p] of loadParameters(input.parameters, details)) {
    if (parameters.has(id)) details.push({ file: p.file, path: `parameters.${id}`, message: `paramètre déjà défini dans ${parameters.get(id)?.file ?? '?'}` });
    else parameters.set(id, p);
  }
  const types = new Map([...parameters].map(([id, p]) => [id, p.type] as const));
  const heads = valueHeads(input.values ?? [], base?.values ?? new Map(), details);
  const signatures = new Map<string, ValueSignature>([...(base?.values ?? new Map<string, NamedValue>())].map(([id, nv]) => [id, { type: nv.type, label: nv.label, unit: nv.unit }] as const));
  for (const [id, h] of heads) signatures.set(id, h.head);
  const values = new Map(base?.values ?? []);
  for (const [id, nv] of loadValues(heads, types, signatures, details)) values.set(id, nv);
  const cycle = findCycle(values);
  if (cycle !== undefined) {
    details.push({ file: values.get(cycle[0] as string)?.file ?? '?', path: `values.${cycle[0] ?? ''}`, message: `définition circulaire : ${cycle.join(' → ')}` });
    throw new NonRecoursError('CATALOG_INVALID', `Catalogue de règles invalide (${details.length} problème${details.length > 1 ? 's' : ''}) :`, details);
  }
  const rules = new Map((base?.rules ?? []).map((r) => [r.id, r] as const));
  const added = new Set<string>();
  for (const file of input.rules) {
    const rule = loadRule(file, types, signatures, values, details);
    if (rule === undefined) continue;
    if (added.has(rule.id)) {
      details.push({ file: file.path, path: 'id', message: `identifiant en double : « ${rule.id} » est déjà défini` });
      continue;
    }
    if (rules.has(rule.id) && rule.replaces !== rule.id) {
      details.push({ file: file.path, path: 'id', message: `la règle « ${rule.id} » existe déjà dans le catalogue ; ajoutez "replaces": "${rule.id}" pour la remplacer` });
      continue;
    }
    if (rule.replaces !== undefined && !rules.has(rule.replaces)) {
      details.push({ file: file.path, path: 'replaces', message: `aucune règle « ${rule.replaces} » à remplacer` });
      continue;
    }
    if (rule.replaces !== undefined) rules.delete(rule.replaces);
    added.add(rule.id);
    rules.set(rule.id, rule);
    // Every parameter must have a value on every day the rule is in force.
    for (const { id: pid, from, until } of parameterWindows(rule, values)) {
      const p = parameters.get(pid);
      if (p === undefined) continue;
      const gap = firstGap(p, from, until);
      if (gap !== undefined) {
        details.push({ file: file.path, path: 'validity', message: `le paramètre « ${pid} » n'a pas de valeur le ${gap}, alors que la règle est en vigueur ce jour-là` });
      }
    }
    for (const vid of rule.values) {
      const nv = values.get(vid);
      const gap = nv === undefined ? undefined : valueGap(nv, rule.validity.from);
      if (gap !== undefined) details.push({ file: file.path, path: 'validity', message: `la valeur nommée « ${vid} » n'a pas de version le ${gap}, alors que la règle est en vigueur ce jour-là` });
    }
  }
  if (details.length > 0) throw new NonRecoursError('CATALOG_INVALID', `Catalogue de règles invalide (${details.length} problème${details.length > 1 ? 's' : ''}) :`, details);
  const sorted = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules: sorted, parameters, values };
}
