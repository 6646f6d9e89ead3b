import { NonRecoursError, findForbiddenKeys, formatPath, type ErrorDetail } from '../errors.js';
import type { AmountAst, ConditionAst } from './ast.js';
import { firstGap, parameterFileSchema, parseParameterValue, type Parameter, type ParameterType, type ParameterValue } from './parameters.js';
import { ruleFileSchema, type RuleFileHead } from './rule-file.js';
import { RuleValidator } from './validate.js';

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
  /** Parameters the rule reads. */
  readonly parameters: readonly string[];
}

/** A loaded, validated catalog: rules and their dated parameters. */
export interface Catalog {
  readonly rules: readonly Rule[];
  readonly parameters: ReadonlyMap<string, Parameter>;
}

/** Rule files and parameter files to load, in order; later layers may replace rules of earlier ones. */
export interface CatalogInput {
  readonly rules: readonly SourceFile[];
  readonly parameters: readonly SourceFile[];
}

function forbidden(file: SourceFile): ErrorDetail[] {
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
        illustrative: p.illustrative === true,
        lastChecked: p.lastChecked,
        file: file.path,
      });
    }
  }
  return out;
}

function loadRule(file: SourceFile, types: ReadonlyMap<string, ParameterType>, details: ErrorDetail[]): Rule | undefined {
  const bad = forbidden(file);
  if (bad.length > 0) {
    details.push(...bad);
    return undefined;
  }
  const head = ruleFileSchema.safeParse(file.json);
  const v = new RuleValidator(types);
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
  if (h.validity.until !== null && h.validity.until <= h.validity.from) {
    details.push({ file: file.path, path: 'validity.until', message: 'la fin de validité doit être après le début' });
  }
  const { conditions: _c, amount: _a, usage: _u, ...rest } = h;
  return { ...rest, conditions, amount, usage, file: file.path, parameters: [...v.paramsUsed].sort() };
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
  const rules = new Map((base?.rules ?? []).map((r) => [r.id, r] as const));
  const added = new Set<string>();
  for (const file of input.rules) {
    const rule = loadRule(file, types, details);
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
    for (const pid of rule.parameters) {
      const p = parameters.get(pid);
      if (p === undefined) continue;
      const gap = firstGap(p, rule.validity.from, rule.validity.until);
      if (gap !== undefined) {
        details.push({ file: file.path, path: 'validity', message: `le paramètre « ${pid} » n'a pas de valeur le ${gap}, alors que la règle est en vigueur ce jour-là` });
      }
    }
  }
  if (details.length > 0) throw new NonRecoursError('CATALOG_INVALID', `Catalogue de règles invalide (${details.length} problème${details.length > 1 ? 's' : ''}) :`, details);
  const sorted = [...rules.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules: sorted, parameters };
}
