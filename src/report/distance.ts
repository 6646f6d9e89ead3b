import type { CNode } from '../engine/compile.js';
import { readSlot, type Env } from '../engine/env.js';
import type { CompiledRule, Outcome } from '../engine/evaluator.js';
import { FALSE, TRUE } from '../engine/tri.js';
import { Cents, Money } from '../money.js';
import { frenchDate, frenchFixed } from './format.js';

/**
 * How far an ineligible household is from a rule: the smallest changes that would make it eligible,
 * read from the compiled conditions (never by trial and error). Only what can change in life is
 * proposed: an amount of resources lower or higher, an age reached on a birthday. A condition that no
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
  | { readonly kind: 'age'; readonly person: string; readonly label: string; readonly age: number; readonly date: string };

interface Found {
  readonly changes: Change[];
  readonly blocking: string[];
}

const ONE_CENT = new Money('0.01');

function money(v: unknown): Money | undefined {
  if (v instanceof Cents) return v.toMoney();
  if (v instanceof Money) return v;
  return typeof v === 'number' ? new Money(v) : undefined;
}

/** The change a false leaf needs, or the leaf as blocking. */
function leafChange(node: Extract<CNode, { kind: 'leaf' }>, env: Env): Found {
  const blocked = { changes: [], blocking: [node.ast.label] };
  const def = node.slot.def;
  const op = node.ast.operator;
  const a = readSlot(env, node.slot);
  const b = node.rhs.kind === 'const' ? node.rhs.value : node.rhs.kind === 'slot' ? readSlot(env, node.rhs.slot) : node.rhs.compute(env);
  if (def.type === 'money') {
    const x = money(a);
    const t = money(b);
    if (x === undefined || t === undefined) return blocked;
    // An amount of resources must go under (or over) a threshold, to the cent.
    if (op === 'lessThanInclusive' || op === 'lessThan') {
      const by = x.minus(t).plus(op === 'lessThan' ? ONE_CENT : 0);
      return { changes: [{ kind: 'amount', fact: def.id, label: def.label, by: by.toFixed(2), direction: 'lower' }], blocking: [] };
    }
    if (op === 'greaterThanInclusive' || op === 'greaterThan') {
      const by = t.minus(x).plus(op === 'greaterThan' ? ONE_CENT : 0);
      return { changes: [{ kind: 'amount', fact: def.id, label: def.label, by: by.toFixed(2), direction: 'higher' }], blocking: [] };
    }
    return blocked;
  }
  // An age is reached on a birthday; it never goes back.
  const role = def.id === 'applicant.age' ? env.ctx.applicant : def.id === 'partner.age' ? env.ctx.partner : undefined;
  if (role !== undefined && typeof b === 'number' && (op === 'greaterThanInclusive' || op === 'greaterThan')) {
    const birth = env.ctx.births.get(role.id);
    if (birth === undefined) return blocked;
    const age = op === 'greaterThan' ? b + 1 : b;
    const date = birthdayAt(birth.year + age, birth.month, birth.day);
    return { changes: [{ kind: 'age', person: role.id, label: node.ast.label, age, date }], blocking: [] };
  }
  return blocked;
}

/** The day a birthday falls in a year: 29 February is reached on 1 March in other years (as ages are computed). */
function birthdayAt(year: number, month: number, day: number): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const [m, d] = month === 2 && day === 29 && !leap ? [3, 1] : [month, day];
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function count(f: Found): number {
  return f.blocking.length * 1000 + f.changes.length;
}

/** The changes that turn a false node true (iterating over groups; depth bounded by the rule's own tree). */
function changesOf(node: CNode, env: Env): Found {
  if (node.kind === 'leaf') return leafChange(node, env);
  if (node.kind === 'personLeaf') return { changes: [], blocking: ['condition par personne'] };
  if (node.kind === 'not') return { changes: [], blocking: [node.label ?? 'condition contraire'] };
  if (node.kind === 'all') {
    // Every false child must change.
    const out: Found = { changes: [], blocking: [] };
    for (const c of node.children) {
      if (c.test(env) === TRUE) continue;
      const f = changesOf(c, env);
      out.changes.push(...f.changes);
      out.blocking.push(...f.blocking);
    }
    return out;
  }
  // `any`: the child that needs the least.
  let best: Found | undefined;
  for (const c of node.children) {
    const f = changesOf(c, env);
    if (best === undefined || count(f) < count(best)) best = f;
  }
  return best ?? { changes: [], blocking: [node.label ?? 'condition'] };
}

function changeWords(c: Change): string {
  if (c.kind === 'age') return `le ${frenchDate(c.date)}, à ${c.age} ans`;
  return `« ${c.label} » ${c.direction === 'lower' ? 'baissait' : 'augmentait'} de ${frenchFixed(c.by)} €`;
}

/**
 * The distance of an ineligible rule, from its conditions, or from its amount when the conditions are
 * met but a differential amount comes out nil (resources too high by so much); null otherwise.
 */
export function distanceOf(cr: CompiledRule, env: Env, outcome: Outcome, cache?: Map<string, Distance>): Distance | null {
  if (outcome.status !== 'ineligible' || cr.conditions === null) return null;
  let found: Found;
  if (outcome.truth === FALSE) found = changesOf(cr.conditions, env);
  else {
    const gap = cr.amount?.resourcesGap?.(env);
    if (gap === undefined || cr.amount?.resourcesLabel === undefined) return null;
    found = { changes: [{ kind: 'amount', fact: cr.amount.resourcesFact ?? 'resources', label: cr.amount.resourcesLabel, by: gap.toFixed(2), direction: 'lower' }], blocking: [] };
  }
  const reachable = found.blocking.length === 0 && found.changes.length > 0;
  // What is out of reach depends only on the rule and the conditions that block: one object for all.
  const key = reachable || cache === undefined ? undefined : `${cr.rule.id}\u0000${found.blocking.join('\u0000')}`;
  const known = key === undefined ? undefined : cache?.get(key);
  if (known !== undefined) return known;
  const sentence = reachable
    ? `Éligible ${found.changes.map((c) => (c.kind === 'age' ? changeWords(c) : `si ${changeWords(c)}`)).join(' et ')}.`
    : `Hors de portée d'un changement de ressources ou d'âge : ${[...new Set(found.blocking)].slice(0, 3).join(' ; ')}.`;
  // Out of reach, the changes that would not suffice are not listed (and the object depends on nothing else).
  const distance: Distance = { reachable, changes: reachable ? found.changes : [], blocking: [...new Set(found.blocking)], sentence };
  if (key !== undefined && cache !== undefined && cache.size < 4096) cache.set(key, Object.freeze(distance));
  return distance;
}
