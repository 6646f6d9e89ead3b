import { FACTS, memberParams, type FactDefinition, type FactType } from '../facts/definitions.js';
import { PERSON_FACTS } from '../facts/person.js';
import { AMOUNT_COMMON_FIELDS, AMOUNT_KINDS, ARITHMETIC, ARITHMETIC_KINDS, COMPARISONS, type AmountKindName, type ArithmeticKind } from './grammar.js';
import { DECIMAL_RE, Money, ROUNDING_MODES, type RoundingMode } from '../money.js';
import { OPERATORS, PERIODS, type MemberFilterAst, type AmountAst, type BracketAst, type ConditionAst, type ExprAst, type Literal, type Operator, type Period, type ValueAst } from './ast.js';
import type { ParameterType } from './parameters.js';
import type { ValueScope, ValueType } from './values.js';

/** What validation needs to know about a named value: its type, label and unit. */
export interface ValueSignature {
  readonly type: ValueType;
  /** A value of one person is read inside a `perPerson` only (household when not given). */
  readonly scope?: ValueScope | undefined;
  readonly label: string;
  readonly unit?: string | undefined;
}

/** The fact-like definition through which a rule reads a named value (computed by the compiler, not by `compute`). */
export function namedValueDefinition(id: string, v: ValueSignature): FactDefinition {
  return { id, label: v.label, type: v.type, ...(v.unit === undefined ? {} : { unit: v.unit }), reads: [], named: true, ...(v.scope === 'person' ? { person: true } : {}), compute: () => undefined };
}

/** A located problem found while validating a rule file. */
export interface RuleIssue {
  readonly path: string;
  readonly message: string;
}

/** What validation needs to know about parameters: their type, by id. */
export type ParameterTypes = ReadonlyMap<string, ParameterType>;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`);

/** The operators that apply to each fact type, from the comparisons of grammar.ts. */
const OPS_BY_TYPE: Readonly<Record<FactType, ReadonlySet<Operator>>> = Object.fromEntries(
  (['number', 'money', 'string', 'boolean', 'string[]'] as const).map((t) => [t, new Set(OPERATORS.filter((op) => (COMPARISONS[op].types as readonly string[]).includes(t)))]),
) as unknown as Record<FactType, ReadonlySet<Operator>>;

/** Validates conditions, values and amounts of a rule, with JSON paths; never throws. */
export class RuleValidator {
  readonly issues: RuleIssue[] = [];
  /** Parameters read by the rule (for the coverage check). */
  readonly paramsUsed = new Set<string>();
  /** Named values read by the rule. */
  readonly valuesUsed = new Set<string>();
  /** How many `perPerson` constructs enclose the node being validated (person facts are read only inside one). */
  private personDepth = 0;

  constructor(
    private readonly params: ParameterTypes,
    private readonly values: ReadonlyMap<string, ValueSignature> = new Map(),
    /** The body of a named value of one person: person facts are read as inside a `perPerson`. */
    ofPerson = false,
  ) {
    if (ofPerson) this.personDepth = 1;
  }

  private fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  /** Checks a fact reference and its params; returns the definition and validated params. */
  factRef(node: Json, path: string): { def: FactDefinition; params: Readonly<Record<string, unknown>> } | undefined {
    const id = node.fact;
    if (typeof id !== 'string') return this.fail(join(path, 'fact'), 'identifiant de fait attendu (texte)');
    if (id.startsWith('person.')) return this.personFactRef(node, path, id);
    const named = FACTS.has(id) ? undefined : this.values.get(id);
    if (named !== undefined) {
      if (node.params !== undefined) return this.fail(join(path, 'params'), `la valeur nommée « ${id} » ne prend pas de paramètres`);
      if (named.scope === 'person' && this.personDepth === 0) return this.fail(join(path, 'fact'), `« ${id} » est une valeur nommée d'une personne (scope « person ») : elle se lit dans un « perPerson » (qui dit quelles personnes et comment les combiner)`);
      this.valuesUsed.add(id);
      return { def: namedValueDefinition(id, named), params: {} };
    }
    const def = FACTS.get(id);
    if (def === undefined) return this.fail(join(path, 'fact'), `fait inconnu « ${id} » : ni un fait du catalogue (non-recours facts) ni une valeur nommée d'un dossier values/`);
    const raw = node.params;
    if (raw === undefined) {
      if (def.params !== undefined) {
        const r = def.params.safeParse({});
        if (!r.success) return this.fail(join(path, 'params'), `le fait « ${id} » demande des paramètres : ${def.paramsDoc ?? ''}`);
        return { def, params: r.data as Record<string, unknown> };
      }
      return { def, params: {} };
    }
    if (!isObj(raw)) return this.fail(join(path, 'params'), 'objet attendu');
    if (def.params === undefined) return this.fail(join(path, 'params'), `le fait « ${id} » ne prend pas de paramètres`);
    // Params that reference a dated parameter ({ "param": id }) are checked here and resolved at compile
    // time: a policy for the facts that take one, a number anywhere a number goes (an age band that the
    // law changes on a date). The value at each date is checked again when the catalog is compiled.
    const resolvedForCheck: Json = {};
    const refs: Json = {};
    for (const [k, v] of Object.entries(raw)) {
      if (isObj(v) && 'param' in v) {
        const pid = v.param;
        const at = join(join(path, 'params'), k);
        if (Object.keys(v).length !== 1 || typeof pid !== 'string' || !this.params.has(pid)) return this.fail(at, `paramètre inconnu « ${String(pid)} »`);
        const ptype = this.params.get(pid);
        const policy = (def.paramRefs ?? []).includes(k);
        if (policy && ptype !== 'policy') return this.fail(at, `le paramètre « ${pid} » n'est pas une politique de ressources`);
        if (!policy && ptype !== 'number') return this.fail(at, `« ${k} » prend un nombre : le paramètre « ${pid} » (${String(ptype)}) ne convient pas`);
        this.paramsUsed.add(pid);
        refs[k] = v;
      } else resolvedForCheck[k] = v;
    }
    const placeholder = (k: string) => ((def.paramRefs ?? []).includes(k) ? { base: 'last-month', alimonyReceived: 'include' } : 0);
    const check = def.params.safeParse({ ...resolvedForCheck, ...Object.fromEntries(Object.keys(refs).map((k) => [k, placeholder(k)])) });
    if (!check.success) {
      const first = check.error.issues[0];
      return this.fail(join(path, `params${first !== undefined && first.path.length > 0 ? `.${first.path.join('.')}` : ''}`), `paramètres invalides pour « ${id} » : ${first?.message ?? ''} (attendu : ${def.paramsDoc ?? ''})`);
    }
    return { def, params: { ...(check.data as Json), ...refs } };
  }

  /** A fact of one person, inside a `perPerson` only. */
  private personFactRef(node: Json, path: string, id: string): { def: FactDefinition; params: Readonly<Record<string, unknown>> } | undefined {
    const pdef = PERSON_FACTS.get(id);
    if (pdef === undefined) return this.fail(join(path, 'fact'), `fait de personne inconnu « ${id} » ; faits : ${[...PERSON_FACTS.keys()].join(', ')}`);
    if (this.personDepth === 0) return this.fail(join(path, 'fact'), `« ${id} » est un fait d'une personne : il se lit dans un « perPerson » (qui dit quelles personnes et comment les combiner)`);
    const def: FactDefinition = { id, label: pdef.label, type: pdef.type, ...(pdef.unit === undefined ? {} : { unit: pdef.unit }), ...(pdef.enum === undefined ? {} : { enum: pdef.enum }), reads: pdef.reads, person: true, compute: () => undefined };
    const raw = node.params;
    if (pdef.params === undefined) {
      if (raw !== undefined) return this.fail(join(path, 'params'), `le fait « ${id} » ne prend pas de paramètres`);
      return { def, params: {} };
    }
    const r = pdef.params.safeParse(raw ?? {});
    if (!r.success) {
      const first = r.error.issues[0];
      return this.fail(join(path, `params${first !== undefined && first.path.length > 0 ? `.${first.path.join('.')}` : ''}`), `paramètres invalides pour « ${id} » : ${first?.message ?? ''} (attendu : ${pdef.paramsDoc ?? ''})`);
    }
    return { def, params: r.data as Record<string, unknown> };
  }

  /** The `where` of a per-person aggregate: the filter of `household.memberCount`. */
  private memberFilter(raw: unknown, path: string): MemberFilterAst | undefined {
    if (raw === undefined) return {};
    const r = memberParams.safeParse(raw);
    if (!r.success) {
      const first = r.error.issues[0];
      return this.fail(join(path, first !== undefined && first.path.length > 0 ? first.path.join('.') : ''), `filtre de personnes invalide : ${first?.message ?? ''} (role, minAge, maxAge, childMaxAge, custody, schooling, minDisabilityRate)`);
    }
    return r.data as MemberFilterAst;
  }

  private perPersonCondition(node: Json, path: string, label: unknown): ConditionAst | undefined {
    for (const k of Object.keys(node)) if (k !== 'perPerson' && k !== 'label' && k !== 'name') this.fail(join(path, k), 'champ inconnu à côté de « perPerson »');
    if (typeof label !== 'string' || label.trim() === '') return this.fail(join(path, 'label'), 'une condition par personne porte un libellé en français (« label »)');
    const pp = node.perPerson;
    const at = join(path, 'perPerson');
    if (!isObj(pp)) return this.fail(at, '{ where?, aggregate: "any" | "all", condition } attendu');
    for (const k of Object.keys(pp)) if (!['where', 'aggregate', 'condition'].includes(k)) this.fail(join(at, k), `champ inconnu « ${k} »`);
    if (pp.aggregate !== 'any' && pp.aggregate !== 'all') return this.fail(join(at, 'aggregate'), 'une condition par personne combine par « any » (au moins une) ou « all » (toutes)');
    const where = this.memberFilter(pp.where, join(at, 'where'));
    this.personDepth += 1;
    const condition = this.condition(pp.condition, join(at, 'condition'));
    this.personDepth -= 1;
    if (where === undefined || condition === undefined) return undefined;
    return { kind: 'perPerson', label, ...(typeof node.name === 'string' ? { name: node.name } : {}), where, aggregate: pp.aggregate, condition };
  }

  private perPersonExpr(raw: Json, path: string): ExprAst | undefined {
    if (Object.keys(raw).length !== 1) return this.fail(path, '{ "perPerson": { … } } ne prend pas d\'autre champ');
    const pp = raw.perPerson;
    const at = join(path, 'perPerson');
    if (!isObj(pp)) return this.fail(at, '{ where?, aggregate: "count" | "sum" | "min" | "max", of? } attendu');
    for (const k of Object.keys(pp)) if (!['where', 'aggregate', 'of'].includes(k)) this.fail(join(at, k), `champ inconnu « ${k} »`);
    const aggregate = pp.aggregate;
    if (aggregate !== 'count' && aggregate !== 'sum' && aggregate !== 'min' && aggregate !== 'max') return this.fail(join(at, 'aggregate'), 'agrégat attendu : count, sum, min ou max');
    const where = this.memberFilter(pp.where, join(at, 'where'));
    if (aggregate === 'count') {
      if (pp.of !== undefined) return this.fail(join(at, 'of'), '« count » compte les personnes : pas de « of »');
      return where === undefined ? undefined : { kind: 'perPerson', where, aggregate };
    }
    if (pp.of === undefined) return this.fail(join(at, 'of'), `« ${aggregate} » demande « of » : la valeur de chaque personne`);
    this.personDepth += 1;
    const of = this.expr(pp.of, join(at, 'of'));
    this.personDepth -= 1;
    if (where === undefined || of === undefined) return undefined;
    return { kind: 'perPerson', where, aggregate, of };
  }

  condition(node: unknown, path: string): ConditionAst | undefined {
    if (!isObj(node)) return this.fail(path, 'condition attendue (objet avec all, any, not, perPerson ou fact)');
    const label = node.label;
    if (label !== undefined && (typeof label !== 'string' || label.trim() === '')) this.fail(join(path, 'label'), 'libellé en français attendu (texte non vide)');
    const name = node.name;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) this.fail(join(path, 'name'), 'nom attendu (texte non vide)');
    if ('perPerson' in node) return this.perPersonCondition(node, path, label);
    const groupKeys = ['all', 'any', 'not'].filter((k) => k in node);
    if (groupKeys.length > 1) return this.fail(path, `une condition ne peut pas combiner ${groupKeys.join(' et ')}`);
    if (groupKeys.length === 1) {
      const key = groupKeys[0] as 'all' | 'any' | 'not';
      for (const k of Object.keys(node)) if (k !== key && k !== 'label' && k !== 'name') this.fail(join(path, k), `champ inconnu dans un groupe « ${key} »`);
      if (key === 'not') {
        const child = this.condition(node.not, join(path, 'not'));
        return child === undefined ? undefined : { kind: 'not', label: label as string | undefined, ...(typeof name === 'string' ? { name } : {}), child };
      }
      const list = node[key];
      if (!Array.isArray(list)) return this.fail(join(path, key), 'liste de conditions attendue');
      if (list.length === 0) return this.fail(join(path, key), `« ${key} » vide : au moins une condition attendue`);
      const children = list.map((c, i) => this.condition(c, join(join(path, key), i)));
      if (children.some((c) => c === undefined)) return undefined;
      return { kind: key, label: label as string | undefined, ...(typeof name === 'string' ? { name } : {}), children: children as ConditionAst[] };
    }
    if ('path' in node) return this.fail(join(path, 'path'), 'JSONPath interdit : « path » n\'est pas accepté (utilisez un fait dérivé)');
    if (!('fact' in node)) return this.fail(path, 'condition sans « fact » ni groupe all / any / not');
    for (const k of Object.keys(node)) {
      if (!['fact', 'params', 'operator', 'value', 'label', 'name'].includes(k)) this.fail(join(path, k), `champ inconnu « ${k} »`);
    }
    if (typeof label !== 'string' || label.trim() === '') return this.fail(join(path, 'label'), 'chaque condition porte un libellé en français (« label »)');
    const ref = this.factRef(node, path);
    const op = node.operator;
    if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
      return this.fail(join(path, 'operator'), `opérateur inconnu « ${String(op)} » ; opérateurs permis : ${OPERATORS.join(', ')}`);
    }
    if (ref === undefined) return undefined;
    const operator = op as Operator;
    if (!OPS_BY_TYPE[ref.def.type].has(operator)) {
      return this.fail(join(path, 'operator'), `l'opérateur « ${operator} » ne s'applique pas au fait « ${ref.def.id} » de type ${ref.def.type}`);
    }
    if (!('value' in node)) return this.fail(join(path, 'value'), 'valeur attendue');
    const value = this.conditionValue(node.value, join(path, 'value'), ref.def, operator);
    if (value === undefined) return undefined;
    return { kind: 'leaf', fact: ref.def.id, params: ref.params, operator, value, label, ...(typeof name === 'string' ? { name } : {}) };
  }

  private conditionValue(raw: unknown, path: string, def: FactDefinition, op: Operator): ValueAst | undefined {
    const listOp = op === 'in' || op === 'notIn';
    if (isObj(raw) && 'param' in raw) {
      if (listOp) return this.fail(path, `« ${op} » attend une liste littérale`);
      const id = raw.param;
      if (typeof id !== 'string' || !this.params.has(id)) return this.fail(join(path, 'param'), `paramètre inconnu « ${String(id)} »`);
      const ptype = this.params.get(id);
      if ((def.type === 'money' && ptype !== 'money') || (def.type === 'number' && ptype !== 'number') || (def.type !== 'money' && def.type !== 'number')) {
        return this.fail(join(path, 'param'), `le paramètre « ${id} » (${String(ptype)}) ne se compare pas au fait « ${def.id} » (${def.type})`);
      }
      this.paramsUsed.add(id);
      return { kind: 'param', id };
    }
    if (isObj(raw) && [...ARITHMETIC_KINDS, 'choose', 'scale', 'round', 'perPerson'].some((k) => k in raw)) {
      if (def.type !== 'money' && def.type !== 'number') return this.fail(path, `une expression ne se compare qu'à un fait numérique`);
      if (listOp) return this.fail(path, `« ${op} » attend une liste littérale`);
      const expr = this.expr(raw, path);
      if (expr === undefined) return undefined;
      return { kind: 'expr', expr };
    }
    if (isObj(raw) && 'fact' in raw) {
      if ('path' in raw) return this.fail(join(path, 'path'), 'JSONPath interdit');
      const ref = this.factRef(raw, path);
      if (ref === undefined) return undefined;
      const compatible = ref.def.type === def.type || (def.type === 'string[]' && ref.def.type === 'string');
      if (!compatible) return this.fail(join(path, 'fact'), `le fait « ${ref.def.id} » (${ref.def.type}) ne se compare pas au fait « ${def.id} » (${def.type})`);
      return { kind: 'fact', fact: ref.def.id, params: ref.params };
    }
    if (listOp) {
      if (!Array.isArray(raw) || raw.length === 0) return this.fail(path, `« ${op} » attend une liste non vide de valeurs`);
      const items = raw.map((item, i) => this.literal(item, join(path, i), def.type === 'string[]' ? 'string' : def.type, def));
      if (items.some((x) => x === undefined)) return undefined;
      return { kind: 'literal', value: items as (number | string | Money)[], raw };
    }
    const itemType: FactType = def.type === 'string[]' ? 'string' : def.type;
    const lit = this.literal(raw, path, itemType, def);
    return lit === undefined ? undefined : { kind: 'literal', value: lit, raw };
  }

  private literal(raw: unknown, path: string, type: FactType, def: FactDefinition): Literal | undefined {
    switch (type) {
      case 'number':
        if (typeof raw !== 'number' || !Number.isFinite(raw)) return this.fail(path, `nombre attendu pour le fait « ${def.id} »`);
        return raw;
      case 'money':
        if (typeof raw === 'number' && Number.isFinite(raw)) return new Money(raw);
        if (typeof raw === 'string' && DECIMAL_RE.test(raw)) return new Money(raw);
        return this.fail(path, `montant attendu pour le fait « ${def.id} » (nombre ou chaîne décimale "650.00")`);
      case 'boolean':
        if (typeof raw !== 'boolean') return this.fail(path, `true ou false attendu pour le fait « ${def.id} »`);
        return raw;
      default:
        if (typeof raw !== 'string') return this.fail(path, `texte attendu pour le fait « ${def.id} »`);
        if (def.enum !== undefined && !def.enum.includes(raw)) return this.fail(path, `valeur « ${raw} » impossible pour « ${def.id} » ; valeurs : ${def.enum.join(', ')}`);
        return raw;
    }
  }

  expr(raw: unknown, path: string): ExprAst | undefined {
    if (typeof raw === 'number') {
      if (!Number.isFinite(raw)) return this.fail(path, 'nombre fini attendu');
      return { kind: 'number', value: new Money(raw) };
    }
    if (typeof raw === 'string') {
      if (!DECIMAL_RE.test(raw)) return this.fail(path, `nombre décimal attendu, reçu « ${raw} »`);
      return { kind: 'number', value: new Money(raw) };
    }
    if (!isObj(raw)) return this.fail(path, 'expression attendue : nombre, { "param" }, { "fact" }, { "scale" }, { "choose" }, { "sum" | "difference" | "product" | "quotient" | "min" | "max" }');
    const keys = Object.keys(raw);
    if ('param' in raw) {
      if (keys.length !== 1) return this.fail(path, '{ "param": id } ne prend pas d\'autre champ');
      const id = raw.param;
      if (typeof id !== 'string' || !this.params.has(id)) return this.fail(join(path, 'param'), `paramètre inconnu « ${String(id)} »`);
      if (this.params.get(id) === 'policy') return this.fail(join(path, 'param'), `le paramètre « ${id} » est une politique, pas un nombre`);
      this.paramsUsed.add(id);
      return { kind: 'param', id };
    }
    if ('fact' in raw) {
      if ('path' in raw) return this.fail(join(path, 'path'), 'JSONPath interdit');
      for (const k of keys) if (k !== 'fact' && k !== 'params') return this.fail(join(path, k), `champ inconnu « ${k} »`);
      const ref = this.factRef(raw, path);
      if (ref === undefined) return undefined;
      if (ref.def.type !== 'number' && ref.def.type !== 'money') return this.fail(join(path, 'fact'), `le fait « ${ref.def.id} » n'est pas numérique`);
      return { kind: 'fact', fact: ref.def.id, params: ref.params };
    }
    if ('perPerson' in raw) return this.perPersonExpr(raw, path);
    if ('round' in raw) {
      const args = raw.round;
      if (keys.length !== 1 || !Array.isArray(args) || args.length !== 2 || !Number.isInteger(args[1]) || (args[1] as number) < 0 || (args[1] as number) > 6) {
        return this.fail(join(path, 'round'), '{ "round": [expression, décimales (0 à 6)] } attendu');
      }
      const arg = this.expr(args[0], join(join(path, 'round'), 0));
      return arg === undefined ? undefined : { kind: 'round', arg, decimals: args[1] as number };
    }
    if ('choose' in raw) {
      for (const k of keys) if (k !== 'choose' && k !== 'otherwise') return this.fail(join(path, k), `champ inconnu « ${k} »`);
      const list = raw.choose;
      if (!Array.isArray(list) || list.length === 0) return this.fail(join(path, 'choose'), 'liste non vide de { when, value } attendue');
      if (raw.otherwise === undefined) return this.fail(join(path, 'otherwise'), 'valeur « otherwise » attendue (quand aucun cas ne s\'applique)');
      const cases = list.map((c, i) => {
        const cp = join(join(path, 'choose'), i);
        if (!isObj(c)) return this.fail(cp, '{ when, value } attendu');
        const when = this.condition(c.when, join(cp, 'when'));
        const value = this.expr(c.value, join(cp, 'value'));
        return when === undefined || value === undefined ? undefined : { when, value };
      });
      const otherwise = this.expr(raw.otherwise, join(path, 'otherwise'));
      if (cases.some((c) => c === undefined) || otherwise === undefined) return undefined;
      return { kind: 'choose', cases: cases as { when: ConditionAst; value: ExprAst }[], otherwise };
    }
    if ('scale' in raw) {
      const s = raw.scale;
      if (!isObj(s)) return this.fail(join(path, 'scale'), 'barème attendu : { fact, params?, brackets, otherwise? }');
      return this.scale(s, join(path, 'scale'));
    }
    const op = keys[0];
    if (keys.length === 1 && op !== undefined && Object.hasOwn(ARITHMETIC, op)) {
      const args = raw[op];
      if (!Array.isArray(args) || args.length < 2) return this.fail(join(path, op), 'au moins deux termes attendus');
      if (ARITHMETIC[op as ArithmeticKind].arity === 2 && args.length !== 2) return this.fail(join(path, op), 'exactement deux termes attendus');
      const parsed = args.map((a, i) => this.expr(a, join(join(path, op), i)));
      if (parsed.some((p) => p === undefined)) return undefined;
      return { kind: op, args: parsed } as ExprAst;
    }
    return this.fail(path, `expression inconnue (${keys.join(', ')})`);
  }

  private scale(s: Json, path: string): ExprAst | undefined {
    const ref = this.factRef(s, path);
    for (const k of Object.keys(s)) if (!['fact', 'params', 'brackets', 'otherwise'].includes(k)) this.fail(join(path, k), `champ inconnu « ${k} »`);
    if (ref !== undefined && ref.def.type !== 'number' && ref.def.type !== 'money') return this.fail(join(path, 'fact'), 'un barème porte sur un fait numérique');
    const list = s.brackets;
    if (!Array.isArray(list) || list.length === 0) return this.fail(join(path, 'brackets'), 'liste de tranches non vide attendue');
    const brackets: BracketAst[] = [];
    list.forEach((b, i) => {
      const bp = join(join(path, 'brackets'), i);
      if (!isObj(b)) return this.fail(bp, 'tranche attendue : { upTo | below, value }');
      const hasUpTo = 'upTo' in b;
      if (hasUpTo === 'below' in b) return this.fail(bp, 'une tranche a soit « upTo » (inclus) soit « below » (exclu)');
      const limitRaw = hasUpTo ? b.upTo : b.below;
      let limit: BracketAst['limit'] | undefined;
      if (typeof limitRaw === 'number' || (typeof limitRaw === 'string' && DECIMAL_RE.test(limitRaw))) limit = new Money(limitRaw);
      else if (isObj(limitRaw) && typeof limitRaw.param === 'string' && Object.keys(limitRaw).length === 1 && this.params.get(limitRaw.param) === 'money') {
        this.paramsUsed.add(limitRaw.param);
        limit = { param: limitRaw.param };
      }
      if (limit === undefined) return this.fail(join(bp, hasUpTo ? 'upTo' : 'below'), 'seuil attendu : un nombre ou { "param": id } d\'un paramètre monétaire');
      const prev = brackets[brackets.length - 1];
      if (prev !== undefined && limit instanceof Money && prev.limit instanceof Money && limit.lessThan(prev.limit)) this.fail(bp, 'les seuils des tranches doivent être croissants');
      const value = this.expr(b.value, join(bp, 'value'));
      if (value !== undefined) brackets.push({ limit, inclusive: hasUpTo, value });
      return undefined;
    });
    const otherwise = s.otherwise === undefined ? undefined : this.expr(s.otherwise, join(path, 'otherwise'));
    if (ref === undefined || brackets.length !== list.length) return undefined;
    return { kind: 'scale', fact: ref.def.id, params: ref.params, brackets, otherwise };
  }

  amount(raw: unknown, path: string): AmountAst | undefined {
    if (!isObj(raw)) return this.fail(path, 'montant attendu : { kind, … }');
    const kind = raw.kind;
    const period = raw.period;
    if (typeof kind !== 'string' || !Object.hasOwn(AMOUNT_KINDS, kind)) return this.fail(join(path, 'kind'), `type de montant inconnu « ${String(kind)} » ; types : ${Object.keys(AMOUNT_KINDS).join(', ')}`);
    const allowed = new Set<string>([...AMOUNT_COMMON_FIELDS, ...AMOUNT_KINDS[kind as AmountKindName].fields]);
    for (const k of Object.keys(raw)) if (!allowed.has(k)) this.fail(join(path, k), `champ inconnu « ${k} » pour un montant « ${kind} »`);
    let p: Period = 'once';
    if (kind !== 'cases' || period !== undefined) {
      if (typeof period !== 'string' || !(PERIODS as readonly string[]).includes(period)) return this.fail(join(path, 'period'), `période attendue : ${PERIODS.join(', ')}`);
      p = period as Period;
    }
    let rounding = { decimals: 2, mode: 'half-up' as RoundingMode };
    if (raw.rounding !== undefined) {
      const r = raw.rounding;
      if (!isObj(r) || !Number.isInteger(r.decimals) || (r.decimals as number) < 0 || (r.decimals as number) > 6 || typeof r.mode !== 'string' || !Object.hasOwn(ROUNDING_MODES, r.mode)) {
        return this.fail(join(path, 'rounding'), `arrondi attendu : { decimals: 0 à 6, mode: ${Object.keys(ROUNDING_MODES).join(' | ')} }`);
      }
      rounding = { decimals: r.decimals as number, mode: r.mode as RoundingMode };
    }
    let per: AmountAst['per'];
    if (raw.per !== undefined) {
      if (!isObj(raw.per)) return this.fail(join(path, 'per'), '{ fact, params? } attendu');
      const ref = this.factRef(raw.per, join(path, 'per'));
      if (ref === undefined) return undefined;
      if (ref.def.type !== 'number') return this.fail(join(path, 'per', ), 'un multiplicateur « per » est un fait de comptage (nombre)');
      per = { fact: ref.def.id, params: ref.params };
    }
    if (raw.maximum !== undefined && typeof raw.maximum !== 'boolean') this.fail(join(path, 'maximum'), 'true ou false attendu');
    const minimum = raw.minimum === undefined ? undefined : this.expr(raw.minimum, join(path, 'minimum'));
    if (raw.note !== undefined && (typeof raw.note !== 'string' || raw.note.trim() === '')) this.fail(join(path, 'note'), 'note en français attendue (texte non vide)');
    const note = typeof raw.note === 'string' ? raw.note : undefined;
    const base = { period: p, per, maximum: raw.maximum === true, rounding, minimum, note };
    const e = (k: string) => this.expr(raw[k], join(path, k));
    const opt = (k: string) => (raw[k] === undefined ? undefined : e(k));
    const need = (k: string) => (raw[k] === undefined ? this.fail(join(path, k), `« ${k} » obligatoire pour un montant « ${kind} »`) : e(k));
    switch (kind) {
      case 'fixed': {
        const value = need('value');
        return value === undefined ? undefined : { ...base, kind, value };
      }
      case 'brackets': {
        const { fact, params, brackets, otherwise } = raw;
        const value = this.scale({ fact, params, brackets, ...(otherwise === undefined ? {} : { otherwise }) }, path);
        return value === undefined ? undefined : { ...base, kind, value };
      }
      case 'rate': {
        const b = need('base');
        const r = need('rate');
        const floor = opt('floor');
        const ceiling = opt('ceiling');
        return b === undefined || r === undefined ? undefined : { ...base, kind, base: b, rate: r, floor, ceiling };
      }
      case 'differential': {
        const c = need('ceiling');
        const r = need('resources');
        return c === undefined || r === undefined ? undefined : { ...base, kind, ceiling: c, resources: r };
      }
      case 'reduction': {
        const pct = need('percent');
        const of = opt('of');
        return pct === undefined ? undefined : { ...base, kind, percent: pct, of };
      }
      default: {
        const list = raw.cases;
        if (!Array.isArray(list) || list.length === 0) return this.fail(join(path, 'cases'), 'liste non vide de { when, amount } attendue');
        const cases = list.map((c, i) => {
          const cp = join(join(path, 'cases'), i);
          if (!isObj(c)) return this.fail(cp, '{ when, amount } attendu');
          const when = this.condition(c.when, join(cp, 'when'));
          const amount = this.amount(c.amount, join(cp, 'amount'));
          return when === undefined || amount === undefined ? undefined : { when, amount };
        });
        if (cases.some((c) => c === undefined)) return undefined;
        const list2 = cases as { when: ConditionAst; amount: AmountAst }[];
        // Without its own period, a `cases` amount has the period of its first case.
        const casePeriod = period === undefined ? (list2[0]?.amount.period ?? p) : p;
        return { ...base, period: casePeriod, kind: 'cases', cases: list2 };
      }
    }
  }
}
