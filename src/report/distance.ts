import { parseEvaluationDate } from '../dates.js';
import type { CNode, Test } from '../engine/compile.js';
import { fromMoney } from '../engine/exact.js';
import { readSlot, UNSET, type Env, type Slot } from '../engine/env.js';
import { compileCatalog, createEnv, evaluateRule, type CompiledCatalog, type CompiledRule, type Outcome } from '../engine/evaluator.js';
import { FALSE, TRUE, UNKNOWN } from '../engine/tri.js';
import type { Household } from '../household/schema.js';
import { Cents, Money } from '../money.js';
import type { Catalog, Rule } from '../rules/catalog.js';
import { frenchDate, frenchFixed } from './format.js';
import { durationWords, monthsReachedOn, projectHousehold, WAITING_FACTS } from './outlook.js';

/**
 * How far an ineligible household is from a rule: the smallest changes that would make it eligible,
 * read from the compiled conditions (never by trial and error). Only what can change in life is
 * proposed: an amount of resources lower or higher, an age reached on a birthday, the end of a waiting
 * period, a situation; for a rule not in force yet, the day it comes into force. A condition that no
 * such change can meet (a nationality, an age to go back to) makes the distance `reachable: false`.
 */
export interface Distance {
  /** Whether the changes listed are enough. */
  readonly reachable: boolean;
  /** Every change needed, all together (empty when out of reach). */
  readonly changes: readonly Change[];
  /** Conditions that no listed change can meet. */
  readonly blocking: readonly string[];
  /** « Éligible si les ressources mensuelles moyennes étaient inférieures de 42,17 € ». */
  readonly sentence: string;
}

export type Change =
  | {
      readonly kind: 'amount';
      readonly fact: string;
      readonly label: string;
      /** The change of the amount, exact, positive: lower or higher by it. */
      readonly by: string;
      readonly direction: 'lower' | 'higher';
    }
  | { readonly kind: 'age'; readonly person: string; readonly label: string; readonly age: number; readonly date: string }
  /** A situation that can change in life (living alone with one's children, a housing, an activity, a benefit applied for). */
  | { readonly kind: 'status'; readonly fact: string; readonly label: string }
  /**
   * A day to wait for, the household left unchanged: `waiting`, the end of a waiting period (a duration
   * counted from a date of the household: a residence permit held 5 years, a year of unemployment);
   * `in-force`, the day a rule not in force yet at the evaluation date comes into force.
   */
  | {
      readonly kind: 'time';
      readonly reason: 'waiting' | 'in-force';
      /** The fact that counts the duration (null for `in-force`). */
      readonly fact: string | null;
      /** The person whose date the duration counts from (null for a household date, or `in-force`). */
      readonly person: string | null;
      readonly label: string;
      /** The first day the condition is met (`YYYY-MM-DD`). */
      readonly date: string;
      /** The duration the condition asks for, in the unit of its fact (null for `in-force`). */
      readonly duration: { readonly value: number; readonly unit: 'month' | 'year' } | null;
    };

/**
 * Facts of a situation that can change in life, and so may be proposed as a change: never a nationality, an
 * age, a birth or a past date. A false leaf on one of them is met by the situation its label states.
 */
const STATUS_FACTS = new Set([
  'household.singleParent',
  'household.inCouple',
  'household.coupleStatus',
  'household.housingStatus',
  'household.hostedFree',
  'household.receivesIncome',
  'applicant.activity',
  'partner.activity',
  'applicant.unfitForWork',
  'partner.unfitForWork',
  'applicant.restrictedWorkAccess',
  'partner.restrictedWorkAccess',
  'applicant.carer',
  'partner.carer',
]);

/** A change of situation weighs more than a change of resources or an age reached: proposed only when needed. */
const STATUS_WEIGHT = 10;

/** A false leaf that one change can make true, or the label of one that none can. */
interface Plan {
  readonly leaves: Extract<CNode, { kind: 'leaf' }>[];
  /** Situations to change (a leaf on a fact of `STATUS_FACTS`). */
  readonly statuses: Change[];
  /** Leaves that no single fact of theirs can change but a birthday does (an age read through a named value), or the end of a waiting period. */
  readonly aged: Change[];
  readonly blocking: string[];
}

/** The compiled condition of a named value a leaf requires to be true (`{ "fact": value, "equal": true }`). */
function namedCondition(node: Extract<CNode, { kind: 'leaf' }>): CNode | undefined {
  if (node.ast.operator !== 'equal' || node.rhs.kind !== 'const' || node.rhs.value !== true) return undefined;
  return node.slot.condition as CNode | undefined;
}

/** How many birthdays ahead a person's age is looked at (an age to reach beyond that is out of reach). */
const MAX_YEARS_AHEAD = 80;

/**
 * The first birthday of one person on which a false leaf becomes true, everything else unchanged: for a leaf
 * that reads ages through a named value or a per-person aggregate (« un des conjoints a 65 ans, ou l'âge légal
 * s'il est inapte »), which no single fact can change. Ages move by whole years on birthdays, so each birthday
 * is tried in turn (with the person born k years earlier, the same day): exact, not a search over amounts.
 */
function agedChange(node: Extract<CNode, { kind: 'leaf' }>, env: Env): Change | undefined {
  // Only a leaf that reads an age (directly, or through the values and aggregates it is made of) can be met by one.
  if (!readsAges(node.slot) && !(node.rhs.kind === 'slot' && readsAges(node.rhs.slot)) && !(node.rhs.kind === 'expr' && node.rhs.slots.some(readsAges))) return undefined;
  let best: Extract<Change, { kind: 'age' }> | undefined;
  for (const person of env.ctx.household.persons) {
    const birth = env.ctx.births.get(person.id);
    if (birth === undefined) continue;
    const now = ageAt(birth, env.ctx.at);
    for (let k = 1; k <= Math.min(MAX_YEARS_AHEAD, 100 - now); k += 1) {
      const date = birthdayAt(birth.year + now + k, birth.month, birth.day);
      if (best !== undefined && date >= best.date) break;
      if (node.test(olderEnv(env, person.id, k)) === TRUE) {
        best = { kind: 'age', person: person.id, label: node.ast.label, age: now + k, date };
        break;
      }
    }
  }
  return best;
}

/**
 * The end of a waiting period: the first day a false leaf « duration since a date ≥ N » is met, the
 * household left unchanged (still unemployed, still separated, the same permit). Durations count whole
 * months from the day of the date (`completedMonths`), so the day is exact; it is checked by evaluating
 * the leaf on that day. A duration that must stay short (« séparé depuis moins de 12 mois ») only closes.
 */
function waitingChange(node: Extract<CNode, { kind: 'leaf' }>, env: Env): Change | undefined {
  const wait = WAITING_FACTS.get(node.slot.def.id);
  const op = node.ast.operator;
  if (wait === undefined || (op !== 'greaterThanInclusive' && op !== 'greaterThan')) return undefined;
  const t = rhsOf(node, env);
  if (typeof t !== 'number' || typeof readSlot(env, node.slot) !== 'number') return undefined;
  const from = wait.since(env.ctx.household);
  if (from === undefined) return undefined;
  const units = op === 'greaterThan' ? Math.floor(t) + 1 : Math.ceil(t);
  const date = monthsReachedOn(from.date, wait.unit === 'year' ? units * 12 : units);
  if (date <= env.ctx.at.iso || node.test(envAt(env, date)) !== TRUE) return undefined;
  return { kind: 'time', reason: 'waiting', fact: node.slot.def.id, person: from.person, label: node.ast.label, date, duration: { value: units, unit: wait.unit } };
}

/** The household unchanged at a later day (its facts computed afresh there), kept per environment. */
const LATER = new WeakMap<Env, Map<string, Env>>();

function envAt(env: Env, date: string): Env {
  let byDate = LATER.get(env);
  if (byDate === undefined) LATER.set(env, (byDate = new Map()));
  const known = byDate.get(date);
  if (known !== undefined) return known;
  const later: Env = { ctx: { ...env.ctx, at: parseEvaluationDate(date) }, values: new Array<Env['values'][number]>(env.values.length).fill(UNSET), missing: null, exprs: new Array<unknown>(env.exprs.length).fill(UNSET) };
  byDate.set(date, later);
  return later;
}

/** The household with one person k years older, its facts computed once and shared by every leaf and rule tried. */
const OLDER = new WeakMap<Env, Map<string, Env>>();

function olderEnv(env: Env, person: string, k: number): Env {
  let byKey = OLDER.get(env);
  if (byKey === undefined) OLDER.set(env, (byKey = new Map()));
  const key = `${person}\u0000${String(k)}`;
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const birth = env.ctx.births.get(person) as NonNullable<ReturnType<typeof env.ctx.births.get>>;
  const births = new Map(env.ctx.births);
  births.set(person, { ...birth, year: birth.year - k });
  const older: Env = { ctx: { ...env.ctx, births }, values: new Array<Env['values'][number]>(env.values.length).fill(UNSET), missing: null, exprs: new Array<unknown>(env.exprs.length).fill(UNSET) };
  byKey.set(key, older);
  return older;
}

const AGE_READS = new WeakMap<Slot, boolean>();

/** Whether a slot reads birth dates: an age, a count by age, a per-person aggregate, or a value made of them. */
function readsAges(slot: Slot): boolean {
  const known = AGE_READS.get(slot);
  if (known !== undefined) return known;
  AGE_READS.set(slot, false); // named values are acyclic; this only guards the walk
  const own = slot.def.reads.some((r) => r === 'persons' || r === 'persons[].birthDate');
  const result = own || (slot.deps ?? []).some(readsAges);
  AGE_READS.set(slot, result);
  return result;
}

/** Whole years between a birth and a day (as ages are computed: a birthday counts from its day). */
function ageAt(birth: { readonly year: number; readonly month: number; readonly day: number }, at: { readonly year: number; readonly month: number; readonly day: number }): number {
  return at.year - birth.year - (at.month < birth.month || (at.month === birth.month && at.day < birth.day) ? 1 : 0);
}

const ONE_CENT = new Money('0.01');
const ORDERED = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

function money(v: unknown): Money | undefined {
  if (v instanceof Cents) return v.toMoney();
  if (v instanceof Money) return v;
  return typeof v === 'number' ? new Money(v) : undefined;
}

function rhsOf(node: Extract<CNode, { kind: 'leaf' }>, env: Env): unknown {
  return node.rhs.kind === 'const' ? node.rhs.value : node.rhs.kind === 'slot' ? readSlot(env, node.rhs.slot) : node.rhs.compute(env);
}

function personOfAge(node: Extract<CNode, { kind: 'leaf' }>, env: Env) {
  const id = node.slot.def.id;
  return id === 'applicant.age' ? env.ctx.applicant : id === 'partner.age' ? env.ctx.partner : undefined;
}

/** Whether one change can make a false leaf true (no arithmetic yet: only what is changeable). */
function changeable(node: Extract<CNode, { kind: 'leaf' }>, env: Env): boolean {
  const op = node.ast.operator;
  if (!ORDERED.has(op)) return false;
  if (node.slot.def.type === 'money') return readSlot(env, node.slot) !== undefined && rhsOf(node, env) !== undefined;
  // An age is reached on a birthday; it never goes back.
  const person = personOfAge(node, env);
  return person !== undefined && (op === 'greaterThanInclusive' || op === 'greaterThan') && typeof rhsOf(node, env) === 'number' && env.ctx.births.get(person.id) !== undefined;
}

/** The change a changeable false leaf needs: an amount to the cent, or the birthday of an age. */
function leafChange(node: Extract<CNode, { kind: 'leaf' }>, env: Env): Change {
  const def = node.slot.def;
  const op = node.ast.operator;
  const b = rhsOf(node, env);
  if (def.type === 'money') {
    const x = money(readSlot(env, node.slot)) as Money;
    const t = money(b) as Money;
    // An amount of resources must go under (or over) a threshold, to the cent.
    const lower = op === 'lessThanInclusive' || op === 'lessThan';
    const by = (lower ? x.minus(t) : t.minus(x)).plus(op === 'lessThan' || op === 'greaterThan' ? ONE_CENT : 0);
    return { kind: 'amount', fact: def.id, label: def.label, by: by.toFixed(2), direction: lower ? 'lower' : 'higher' };
  }
  const person = personOfAge(node, env) as NonNullable<ReturnType<typeof personOfAge>>;
  const birth = env.ctx.births.get(person.id) as NonNullable<ReturnType<typeof env.ctx.births.get>>;
  const age = op === 'greaterThan' ? (b as number) + 1 : (b as number);
  return { kind: 'age', person: person.id, label: node.ast.label, age, date: birthdayAt(birth.year + age, birth.month, birth.day) };
}

/** The day a birthday falls in a year: 29 February is reached on 1 March in other years (as ages are computed). */
function birthdayAt(year: number, month: number, day: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const [m, d] = month === 2 && day === 29 && !leap ? [3, 1] : [month, day];
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function weight(p: Plan): number {
  return p.blocking.length * 1000 + p.leaves.length + p.aged.length + p.statuses.length * STATUS_WEIGHT;
}

/** Whether a false leaf states a situation that can change in life (its fact is known: a change, not a gap). */
function statusLeaf(node: Extract<CNode, { kind: 'leaf' }>, env: Env): boolean {
  return STATUS_FACTS.has(node.slot.def.id) && readSlot(env, node.slot) !== undefined && !ORDERED.has(node.ast.operator);
}

/**
 * The false leaves to change for a false node to become true (depth bounded by the rule's own tree).
 * With `aging`, a leaf no single fact can change is also tried on the coming birthdays (explained mode only:
 * the bulk path does not pay for it). Exported for the test that `nearThreshold` answers as it does.
 *
 * @internal
 */
export function planOf(node: CNode, env: Env, aging: boolean): Plan {
  if (node.kind === 'leaf') {
    if (changeable(node, env)) return { leaves: [node], aged: [], statuses: [], blocking: [] };
    // A named condition that must hold (« ressources sous le plafond, ou RSA »): what would make it hold.
    const inner = namedCondition(node);
    if (inner !== undefined) return planOf(inner, env, aging);
    const aged = aging ? (agedChange(node, env) ?? waitingChange(node, env)) : undefined;
    if (aged !== undefined) return { leaves: [], aged: [aged], statuses: [], blocking: [] };
    if (aging && statusLeaf(node, env)) return { leaves: [], aged: [], statuses: [{ kind: 'status', fact: node.slot.def.id, label: node.ast.label }], blocking: [] };
    return { leaves: [], aged: [], statuses: [], blocking: [node.ast.label] };
  }
  if (node.kind === 'personLeaf') return { leaves: [], aged: [], statuses: [], blocking: ['condition par personne'] };
  if (node.kind === 'not') return { leaves: [], aged: [], statuses: [], blocking: [node.label ?? 'condition contraire'] };
  if (node.kind === 'all') {
    // Every false child must change.
    const out: Plan = { leaves: [], aged: [], statuses: [], blocking: [] };
    for (const c of node.children) {
      if (c.test(env) === TRUE) continue;
      const p = planOf(c, env, aging);
      out.leaves.push(...p.leaves);
      out.aged.push(...p.aged);
      out.statuses.push(...p.statuses);
      out.blocking.push(...p.blocking);
    }
    return out;
  }
  // `any`: the child that needs the least.
  let best: Plan | undefined;
  for (const c of node.children) {
    const p = planOf(c, env, aging);
    if (best === undefined || weight(p) < weight(best)) best = p;
    if (weight(best) === 1) break;
  }
  return best ?? { leaves: [], aged: [], statuses: [], blocking: [node.label ?? 'condition'] };
}

function changeWords(c: Change): string {
  if (c.kind === 'age') return `le ${frenchDate(c.date)}, à ${c.age} ans`;
  if (c.kind === 'time') {
    if (c.duration === null) return `à partir du ${frenchDate(c.date)}, date d'entrée en vigueur`;
    return `le ${frenchDate(c.date)}, à la fin du délai de ${durationWords(c.duration.value, c.duration.unit)} (« ${c.label} »)`;
  }
  if (c.kind === 'status') return `la situation était : « ${c.label} »`;
  return `« ${c.label} » ${c.direction === 'lower' ? 'baissait' : 'augmentait'} de ${frenchFixed(c.by)} €`;
}

/** « Éligible le 15 janvier 2027, à 65 ans et si « … » baissait de 12 € » : the days to wait for read without « si ». */
function sentenceOf(changes: readonly Change[]): string {
  return `Éligible ${changes.map((c) => (c.kind === 'age' || c.kind === 'time' ? changeWords(c) : `si ${changeWords(c)}`)).join(' et ')}.`;
}

/**
 * The distance of an ineligible rule, from its conditions, or from its amount when the conditions are
 * met but a differential amount comes out nil (resources too high by so much); null otherwise.
 */
export function distanceOf(cr: CompiledRule, env: Env, outcome: Outcome, cache?: Map<string, Distance>): Distance | null {
  if (outcome.status !== 'ineligible' || cr.conditions === null) return null;
  let changes: Change[];
  let blocking: string[];
  if (outcome.truth === FALSE) {
    const plan = planOf(cr.conditions, env, true);
    blocking = [...new Set(plan.blocking)];
    if (blocking.length > 0 || plan.leaves.length + plan.aged.length + plan.statuses.length === 0) {
      // What is out of reach depends only on the rule and the conditions that block: one object for all.
      const key = `${cr.rule.id}\u0000${blocking.join('\u0000')}`;
      const known = cache?.get(key);
      if (known !== undefined) return known;
      const far: Distance = Object.freeze({ reachable: false, changes: [], blocking, sentence: `Hors de portée d'un changement de ressources, d'âge ou de situation : ${blocking.slice(0, 3).join(' ; ')}.` });
      if (cache !== undefined && cache.size < 4096) cache.set(key, far);
      return far;
    }
    const all = [...plan.leaves.map((leaf) => leafChange(leaf, env)), ...plan.aged, ...plan.statuses];
    // The days to wait for first, in the order they come (the last one is when all is met), then the rest.
    const dated = all.filter((c): c is Extract<Change, { kind: 'age' | 'time' }> => c.kind === 'age' || c.kind === 'time').sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
    changes = [...dated, ...all.filter((c) => c.kind !== 'age' && c.kind !== 'time')];
  } else {
    const gap = cr.amount?.resourcesGap?.(env);
    if (gap === undefined || cr.amount?.resourcesLabel === undefined) return null;
    blocking = [];
    changes = [{ kind: 'amount', fact: cr.amount.resourcesFact ?? 'resources', label: cr.amount.resourcesLabel, by: gap.toFixed(2), direction: 'lower' }];
  }
  return { reachable: true, changes, blocking, sentence: sentenceOf(changes) };
}

/** The catalog compiled, for one rule only, on the day that rule comes into force (kept per catalog and rule). */

function compiledAtStart(catalog: Catalog, rule: Rule, cache: WeakMap<object, CompiledCatalog>): CompiledCatalog {
  let c = cache.get(rule);
  if (c === undefined) cache.set(rule, (c = compileCatalog({ rules: [rule], parameters: catalog.parameters, values: catalog.values }, rule.validity.from)));
  return c;
}

/**
 * The distance of a rule not in force yet at the evaluation date (`not-in-force`, its `validity.from`
 * after the date): the household, left unchanged (its last month's incomes going on, as in the outlook),
 * is evaluated on the day the rule comes into force, with the parameters of that day. Eligible then:
 * « Éligible à partir du 1er mars 2027, date d'entrée en vigueur. »; ineligible but within reach of a
 * change then: that day and the change. Null for a rule already in force or ended, and when the
 * household would not be eligible then (or it cannot be told).
 *
 * @example
 * const d = inForceDistance(catalog, rule, parseHousehold(json), '2026-11-24');
 */
export function inForceDistance(catalog: Catalog, rule: Rule, household: Household, date: string, cache: WeakMap<object, CompiledCatalog> = new WeakMap()): Distance | null {
  const at = parseEvaluationDate(date);
  const from = rule.validity.from;
  if (from <= at.iso) return null;
  const compiled = compiledAtStart(catalog, rule, cache);
  const cr = compiled.rules[0] as CompiledRule;
  const env = createEnv(compiled, projectHousehold(household, from), true);
  const out = evaluateRule(cr, env, { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN });
  const start: Change = { kind: 'time', reason: 'in-force', fact: null, person: null, label: `Entrée en vigueur de « ${rule.title} »`, date: from, duration: null };
  if (out.status === 'eligible') return { reachable: true, changes: [start], blocking: [], sentence: sentenceOf([start]) };
  const then = distanceOf(cr, env, out);
  if (then === null || !then.reachable) return null;
  const changes = [start, ...then.changes];
  return { reachable: true, changes, blocking: [], sentence: sentenceOf(changes) };
}

/** How long an eligible right holds: the resources up to which its conditions and its amount stay met. */
export interface Hold {
  readonly limits: readonly {
    readonly fact: string;
    readonly label: string;
    /** The highest value of the resources for which the right stays (exact to the cent). */
    readonly upTo: string;
    /** How much more the household may have before losing it. */
    readonly margin: string;
  }[];
  /** « Tant que « Ressources mensuelles… » ne dépasse pas 900 € (encore 57,83 €) ; au-delà, plus rien. » */
  readonly sentence: string;
}

/** The ceilings of resources a true node stands on (the true leaves of its `all` groups, the one true branch of an `any`). */
function ceilingsOf(node: CNode, env: Env, out: Extract<CNode, { kind: 'leaf' }>[]): void {
  if (node.kind === 'leaf') {
    const op = node.ast.operator;
    if (node.slot.def.type === 'money' && (op === 'lessThanInclusive' || op === 'lessThan')) out.push(node);
    const inner = namedCondition(node);
    if (inner !== undefined) ceilingsOf(inner, env, out);
    return;
  }
  if (node.kind === 'all') {
    for (const c of node.children) ceilingsOf(c, env, out);
    return;
  }
  if (node.kind === 'any') {
    // Held by one branch only: its ceilings are the right's. With several true branches, none alone decides.
    const held = node.children.filter((c) => c.test(env) === TRUE);
    if (held.length === 1) ceilingsOf(held[0] as CNode, env, out);
  }
}

/**
 * For an eligible rule: the resources up to which it stays (each ceiling its conditions test, and what a
 * differential amount with a minimum paid allows), with the margin left; null when nothing caps it.
 */
export function holdOf(cr: CompiledRule, env: Env, outcome: Outcome): Hold | null {
  if (outcome.status !== 'eligible' || cr.conditions === null) return null;
  const leaves: Extract<CNode, { kind: 'leaf' }>[] = [];
  ceilingsOf(cr.conditions, env, leaves);
  const limits: Hold['limits'][number][] = [];
  for (const leaf of leaves) {
    const x = money(readSlot(env, leaf.slot));
    const t = money(rhsOf(leaf, env));
    if (x === undefined || t === undefined) continue;
    const upTo = leaf.ast.operator === 'lessThan' ? t.minus(ONE_CENT) : t;
    limits.push({ fact: leaf.slot.def.id, label: leaf.slot.def.label, upTo: upTo.toFixed(2), margin: upTo.minus(x).toFixed(2) });
  }
  const room = cr.amount?.resourcesRoom?.(env);
  if (room !== undefined && cr.amount?.resourcesLabel !== undefined) {
    limits.push({ fact: cr.amount.resourcesFact ?? 'resources', label: cr.amount.resourcesLabel, upTo: room.upTo.toFixed(2), margin: room.margin.toFixed(2) });
  }
  if (limits.length === 0) return null;
  const words = limits.map((l) => `« ${l.label} » ne dépasse pas ${frenchFixed(l.upTo)} € (encore ${frenchFixed(l.margin)} €)`);
  return { limits, sentence: `Tant que ${words.join(' et que ')} ; au-delà, plus rien.` };
}

/**
 * Whether `nearThreshold` can ever be true for a rule: its conditions compare an amount with a threshold
 * (directly or in a named condition), or its amount is differential. Decided once per compiled rule, from
 * the compiled tree (an explicit stack: no recursion).
 */
export function mayBeNearThreshold(cr: CompiledRule): boolean {
  if (cr.conditions === null) return false;
  if (cr.amount?.resourcesGap !== undefined) return true;
  const stack: CNode[] = [cr.conditions];
  const seen = new Set<CNode>();
  while (stack.length > 0) {
    const node = stack.pop() as CNode;
    if (seen.has(node)) continue;
    seen.add(node);
    if (node.kind === 'all' || node.kind === 'any') stack.push(...node.children);
    else if (node.kind === 'not') stack.push(node.child);
    else if (node.kind === 'leaf') {
      if (node.slot.def.type === 'money' && ORDERED.has(node.ast.operator)) return true;
      const inner = namedCondition(node);
      if (inner !== undefined) stack.push(inner);
    }
  }
  return false;
}

/** A leaf `planOf` may propose to change, with what the bulk path needs to read it. */
interface OneLeaf {
  readonly node: Extract<CNode, { kind: 'leaf' }>;
  /** Whether the leaf compares an amount (else an age, which no change of resources meets). */
  readonly money: boolean;
  /** A constant threshold as an exact rational of cents, when it is one (converted once, with the walk). */
  readonly exact: Cents | undefined;
}

/** What the plan of a node holds, as far as `nearThreshold` asks: no change, exactly one leaf, or more (a blocking condition, or two leaves). */
type One = OneLeaf | typeof NO_CHANGE | typeof MORE;
const NO_CHANGE = 0;
const MORE = 1;

/** `planOf` (without aging) of a node, reduced to what `One` says: built once per compiled node. */
type Walk = (env: Env) => One;
const ALWAYS_MORE: Walk = () => MORE;

/** The walk of a node, built once per node of one rule's tree (named conditions may be met several times). */
function walkOf(node: CNode, memo: Map<CNode, Walk>): Walk {
  let walk = memo.get(node);
  if (walk === undefined) memo.set(node, (walk = buildWalk(node, memo)));
  return walk;
}

/**
 * The plan of `planOf(node, env, false)` without building it: its weight (1000 per blocking condition, 1 per
 * leaf) matters only up to 2, since a plan is near only with one leaf and nothing blocking, and the weight
 * of a plan is at least that of every part it is made of (an `all` adds its parts, an `any` takes one). So
 * an `all` stops at its second leaf or its first blocking part, and an `any` takes its first branch that
 * weighs 0 or 1 (the one `planOf` chooses: it stops at the first of weight 1, and nothing beats 0). What is
 * blocking whatever the household (a `not`, a condition per person, a leaf on a nationality) is known here,
 * once: an `all` tests those first, an `any` skips them.
 */
function buildWalk(node: CNode, memo: Map<CNode, Walk>): Walk {
  if (node.kind === 'personLeaf' || node.kind === 'not') return ALWAYS_MORE;
  if (node.kind === 'leaf') {
    const op = node.ast.operator;
    if (!ORDERED.has(op)) {
      // Not changeable (`changeable`); a named condition that must hold stands for what makes it hold.
      const inner = namedCondition(node);
      return inner === undefined ? ALWAYS_MORE : walkOf(inner, memo);
    }
    const rhs = node.rhs;
    const read: (env: Env) => unknown = rhs.kind === 'const' ? () => rhs.value : rhs.kind === 'slot' ? (env) => readSlot(env, rhs.slot) : rhs.compute;
    const slot = node.slot;
    if (slot.def.type === 'money') {
      const c = rhs.kind === 'const' && rhs.value instanceof Money ? fromMoney(rhs.value) : undefined;
      const one: OneLeaf = { node, money: true, exact: c instanceof Cents ? c : undefined };
      return (env) => (readSlot(env, slot) !== undefined && read(env) !== undefined ? one : MORE);
    }
    // An age reached on a birthday (`changeable`); any other comparison blocks.
    const id = slot.def.id;
    if ((id !== 'applicant.age' && id !== 'partner.age') || (op !== 'greaterThanInclusive' && op !== 'greaterThan')) return ALWAYS_MORE;
    const one: OneLeaf = { node, money: false, exact: undefined };
    return (env) => {
      const person = id === 'applicant.age' ? env.ctx.applicant : env.ctx.partner;
      return person !== undefined && typeof read(env) === 'number' && env.ctx.births.get(person.id) !== undefined ? one : MORE;
    };
  }
  const children = node.children;
  if (node.kind === 'any') {
    const walks = children.map((c) => walkOf(c, memo)).filter((w) => w !== ALWAYS_MORE);
    if (walks.length === 0) return ALWAYS_MORE;
    return (env) => {
      for (let i = 0; i < walks.length; i += 1) {
        const one = (walks[i] as Walk)(env);
        if (one !== MORE) return one;
      }
      return MORE;
    };
  }
  const blockers = children.filter((c) => walkOf(c, memo) === ALWAYS_MORE).map((c) => c.test);
  const others = children.filter((c) => walkOf(c, memo) !== ALWAYS_MORE);
  const tests = others.map((c) => c.test);
  const walks = others.map((c) => walkOf(c, memo));
  return (env) => {
    // Every false (or unknown) part must change: one that cannot makes the whole out of reach of one change.
    for (let i = 0; i < blockers.length; i += 1) if ((blockers[i] as Test)(env) !== TRUE) return MORE;
    let found: One = NO_CHANGE;
    for (let i = 0; i < walks.length; i += 1) {
      if ((tests[i] as Test)(env) === TRUE) continue;
      const one = (walks[i] as Walk)(env);
      if (one === MORE) return MORE;
      if (one !== NO_CHANGE) {
        if (found !== NO_CHANGE) return MORE;
        found = one;
      }
    }
    return found;
  };
}

/**
 * |x − t| ≤ |t| × s for x = xn / xd, t = tn / td, s = sn / sd cents, in integers: multiplied by 10⁴·xd·td·sd,
 * 100·sd·|xn·td − tn·xd| ≤ |tn|·sn·xd. Undefined when a product may leave the safe integers, or when both
 * sides are equal. Otherwise it is also the answer of the decimals of `planOf`'s reading: they round x, t,
 * x − t and |t| × s to 24 significant digits (each by a relative 5·10⁻²⁴ at most), which moves the two
 * sides, in those integer units, by less than 1.1·10⁻²³ × (100·|xn|·td·sd + 100·|tn|·xd·sd + |tn|·sn·xd)
 * < 10⁻⁷, while two distinct integers are at least 1 apart.
 */
function withinExact(x: Cents, t: Cents, s: Cents): boolean | undefined {
  const { n: xn, d: xd } = x;
  const { n: tn, d: td } = t;
  const { n: sn, d: sd } = s;
  if (!(Number.isSafeInteger(xn) && Number.isSafeInteger(tn) && Number.isSafeInteger(sn) && Number.isSafeInteger(xd) && Number.isSafeInteger(td) && Number.isSafeInteger(sd) && xd > 0 && td > 0 && sd > 0)) return undefined;
  const at = Math.abs(tn);
  const diff = Math.abs(xn * td - tn * xd);
  const left = 100 * sd * diff;
  const right = at * sn * xd;
  const bound = 100 * sd * (Math.abs(xn) * td + at * xd) + Math.abs(right);
  if (!(bound <= SAFE)) return undefined;
  return left === right ? undefined : left < right;
}
const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Whether an ineligible household is within a share of one income threshold of the rule: a single change
 * of resources of at most `share` × the threshold (or × what a differential amount pays up to) would make
 * it eligible. What a council sees before moving a ceiling; computed in the bulk path, without sentences.
 * The same answer as the plan of `distanceOf` without ages (`planOf(…, false)`), without building the plan,
 * and in exact integers where the amounts are cents (decimals otherwise).
 */
export function nearThreshold(cr: CompiledRule, env: Env, outcome: Outcome, share: Money): boolean {
  return nearThresholdTest(cr, share)?.(env, outcome) ?? false;
}

/**
 * `nearThreshold` for one rule and share, built once (its walk of the conditions, its constant thresholds
 * and the share as exact values) and asked of every household; undefined for a rule that is never near
 * (`mayBeNearThreshold`). What the bulk path uses: nothing of it is kept in module state.
 */
export function nearThresholdTest(cr: CompiledRule, share: Money): ((env: Env, outcome: Outcome) => boolean) | undefined {
  const conditions = cr.conditions;
  if (conditions === null || !mayBeNearThreshold(cr)) return undefined;
  const walk = walkOf(conditions, new Map());
  const s = fromMoney(share);
  const amount = cr.amount;
  return (env, outcome) => {
    if (outcome.status !== 'ineligible') return false;
    if (outcome.truth === FALSE) {
      const one = walk(env);
      if (one === MORE || one === NO_CHANGE || !one.money) return false;
      const leaf = one.node;
      const xv = readSlot(env, leaf.slot);
      const tv = one.exact ?? rhsOf(leaf, env);
      if (tv instanceof Cents) {
        // Nothing is within a share of a threshold of zero (« des revenus d'activité », > 0).
        if (tv.n === 0) return false;
        const within = xv instanceof Cents && s instanceof Cents ? withinExact(xv, tv, s) : undefined;
        if (within !== undefined) return within;
      }
      const x = money(xv) as Money;
      const t = money(rhsOf(leaf, env)) as Money;
      return !t.isZero() && x.minus(t).abs().lessThanOrEqualTo(t.abs().times(share));
    }
    return amount?.resourcesNear?.(env, s) ?? false;
  };
}
