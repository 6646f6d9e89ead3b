import type { FactContext, FactValue, MissingSink } from '../facts/context.js';
import type { FactDefinition } from '../facts/definitions.js';

/** Marks a fact slot not computed yet for this household. */
export const UNSET: unique symbol = Symbol('unset');

/** One (fact, params) pair of the compiled catalog: conditions that read the same fact share it. */
export interface Slot {
  readonly index: number;
  readonly def: FactDefinition;
  /** Params as written in the rule, with parameter references resolved at the date. */
  readonly params: Readonly<Record<string, unknown>>;
  /** The same, prepared for `compute` (sets built once). */
  readonly prepared: Readonly<Record<string, unknown>>;
  /** For a named value: its compiled formula or condition, computed from the environment (other slots). */
  readonly derive?: ((env: Env, miss: MissingSink) => FactValue | undefined) | undefined;
  /** For a named value: the slots it reads (whose missing fields are its own). */
  readonly deps?: readonly Slot[] | undefined;
  /** For a named value that is a condition: its compiled condition (a `CNode`), which distances look into. */
  readonly condition?: unknown;
  /**
   * Whether the slot takes few distinct values over a population (a count, an age, a boolean, or a named
   * value computed from such slots only): expressions reading only such slots are memoized by their values.
   */
  readonly few: boolean;
}

/** The state of one household's evaluation: its facts, computed at most once each. */
export interface Env {
  readonly ctx: FactContext;
  readonly values: (FactValue | undefined | typeof UNSET)[];
  /** In explained mode, the fields missing for each slot that came out unknown. */
  readonly missing: (Set<string> | undefined)[] | null;
  /** Values of the expressions that read facts, computed at most once per household (shared by rules). */
  readonly exprs: unknown[];
}

/** Reads a fact slot, computing it on first use. */
export function readSlot(env: Env, slot: Slot): FactValue | undefined {
  const v = env.values[slot.index];
  if (v !== UNSET) return v;
  if (slot.derive !== undefined) {
    const own = env.missing === null ? null : new Set<string>();
    const computed = slot.derive(env, own);
    env.values[slot.index] = computed;
    if (own !== null && env.missing !== null && computed === undefined) {
      // A named value or a per-person aggregate is unknown because of what its own facts miss.
      for (const d of slot.deps ?? []) for (const k of env.missing[d.index] ?? []) own.add(k);
      env.missing[slot.index] = own;
    }
    return computed;
  }
  let sink: Set<string> | null = null;
  if (env.missing !== null) {
    sink = new Set();
    env.missing[slot.index] = sink;
  }
  const computed = slot.def.compute(env.ctx, slot.prepared, sink);
  env.values[slot.index] = computed;
  return computed;
}
