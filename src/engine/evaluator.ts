import { parseEvaluationDate, type CivilDate } from '../dates.js';
import { createFactContext, type PreparedHousehold } from '../facts/context.js';
import type { Household } from '../household/schema.js';
import { Money } from '../money.js';
import { sign, toMoney, type Num } from './exact.js';
import type { Period } from '../rules/ast.js';
import type { Catalog, Rule } from '../rules/catalog.js';
import { compileTerritory } from '../rules/territory.js';
import { Compiler, type CAmount, type CNode } from './compile.js';
import { newExplainCaches, type ExplainCaches } from '../report/explain.js';
import { UNSET, type Env, type Slot } from './env.js';
import { FALSE, TRUE, UNKNOWN, type Tri } from './tri.js';

export const STATUSES = ['eligible', 'ineligible', 'undetermined', 'not-in-force', 'out-of-territory'] as const;
/** The status of one rule for one household. */
export type Status = (typeof STATUSES)[number];

/** A rule compiled at one date. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly inForce: boolean;
  /** Whether the household lives in the rule's territory (unknown without a commune). */
  readonly territory: (env: Env) => Tri;
  readonly conditions: CNode | null;
  readonly amount: CAmount | null;
  /** For tariffs: the slot of the monthly quantity used (hours, meals). */
  readonly usage: Slot | null;
  /** The named values the rule reads (directly or not), shown in explanations. */
  readonly values: readonly Slot[];
}

/** A catalog compiled at one date: parameters resolved, conditions turned into closures. */
export interface CompiledCatalog {
  readonly catalog: Catalog;
  readonly date: CivilDate;
  readonly rules: readonly CompiledRule[];
  readonly slots: readonly Slot[];
  /** How many shared expression results a household evaluation keeps. */
  readonly exprCount: number;
  /** Per-compilation memo for explanations (constant thresholds formatted once, shown values, leaf traces). */
  readonly explainCaches: ExplainCaches;
}

function territoryTest(rule: Rule): (env: Env) => Tri {
  const inTerritory = compileTerritory(rule.territory);
  return (env) => inTerritory(env.ctx.household.commune);
}

/**
 * Compiles a catalog at a date, once: each parameter is resolved to its value at that date, each
 * condition becomes a closure, facts read by several conditions share one slot.
 *
 * @example
 * const compiled = compileCatalog(defaultCatalog(), '2026-11-24');
 * const report = explainHousehold(compiled, household);
 */
export function compileCatalog(catalog: Catalog, date: string): CompiledCatalog {
  const at = parseEvaluationDate(date);
  const compiler = new Compiler(catalog, at.iso);
  const rules = catalog.rules.map((rule): CompiledRule => {
    const inForce = rule.validity.from <= at.iso && (rule.validity.until === null || at.iso < rule.validity.until);
    return {
      rule,
      inForce,
      territory: territoryTest(rule),
      conditions: inForce ? compiler.condition(rule.conditions) : null,
      amount: inForce && rule.amount !== null ? compiler.amount(rule.amount) : null,
      usage: inForce && rule.usage !== null ? compiler.slot(rule.usage.fact, rule.usage.params) : null,
      // Named values of the household (a value of one person is shown within the aggregate that reads it).
      values: inForce ? rule.values.filter((id) => catalog.values.get(id)?.scope !== 'person').map((id) => compiler.namedSlot(id)) : [],
    };
  });
  return { catalog, date: at, rules, slots: compiler.slots, exprCount: compiler.exprCount, explainCaches: newExplainCaches() };
}

/** A fresh evaluation state for one household. */
export function createEnv(compiled: CompiledCatalog, household: Household | PreparedHousehold, explain: boolean): Env {
  return {
    ctx: createFactContext(household, compiled.date),
    values: new Array<unknown>(compiled.slots.length).fill(UNSET) as Env['values'],
    missing: explain ? [] : null,
    exprs: new Array<unknown>(compiled.exprCount).fill(UNSET),
  };
}

/**
 * A fresh evaluation state for the next household of a loop, reusing the arrays of the previous one's
 * (`simulate`): the same as `createEnv(compiled, household, false)`, without allocating them again. The
 * previous environment must not be read afterwards.
 */
export function nextEnv(previous: Env | undefined, compiled: CompiledCatalog, household: Household | PreparedHousehold): Env {
  if (previous === undefined || previous.missing !== null || previous.values.length !== compiled.slots.length || previous.exprs.length !== compiled.exprCount) return createEnv(compiled, household, false);
  return { ctx: createFactContext(household, compiled.date), values: previous.values.fill(UNSET), missing: null, exprs: previous.exprs.fill(UNSET) };
}

/** Status and amount of one rule (no explanation). */
export interface Outcome {
  status: Status;
  /** The amount, exact; undefined when unknown or when the rule has none. */
  amount: Money | undefined;
  /** The period of the amount (the case that applies for a `cases` amount); undefined without amount. */
  period: Period | undefined;
  /** Truth of territory ∧ conditions. */
  truth: Tri;
}

/** Evaluates one compiled rule in an environment. */
export function evaluateRule(cr: CompiledRule, env: Env, out: Outcome): Outcome {
  const num = evaluateCore(cr, env, out);
  out.amount = num === undefined ? undefined : toMoney(num);
  return out;
}

/** An outcome whose amount is kept as its exact value (`num`), never made a decimal (`amount` stays undefined). */
export interface ExactOutcome extends Outcome {
  /** The amount, exact: whole cents (a `Cents` of denominator 1) for an amount rounded to the cent; undefined when unknown or without amount. */
  num: Num | undefined;
  /** The status as its index in `STATUSES` (a small integer, for results kept in typed arrays). */
  code: number;
}

/** The index in `STATUSES` of a status. */
function statusCode(s: Status): number {
  return s === 'eligible' ? 0 : s === 'ineligible' ? 1 : s === 'undetermined' ? 2 : s === 'not-in-force' ? 3 : 4;
}

/**
 * `evaluateRule` for bulk paths that add amounts up as integers: the same status, truth and period, and
 * the amount as its exact value in `out.num` (no decimal made); `out.amount` is left undefined.
 */
export function evaluateRuleExact(cr: CompiledRule, env: Env, out: ExactOutcome): ExactOutcome {
  out.num = evaluateCore(cr, env, out);
  out.amount = undefined;
  out.code = statusCode(out.status);
  return out;
}

/** Status, truth and period of a rule in `out`; its amount's exact value returned (undefined when none is paid or known). */
function evaluateCore(cr: CompiledRule, env: Env, out: Outcome): Num | undefined {
  out.period = undefined;
  if (!cr.inForce || cr.conditions === null) {
    out.status = 'not-in-force';
    out.truth = FALSE;
    return undefined;
  }
  const t = cr.territory(env);
  if (t === FALSE) {
    out.status = 'out-of-territory';
    out.truth = FALSE;
    return undefined;
  }
  const c = cr.conditions.test(env);
  const truth: Tri = c === FALSE ? FALSE : t === UNKNOWN || c === UNKNOWN ? UNKNOWN : TRUE;
  out.truth = truth;
  if (truth === FALSE) out.status = 'ineligible';
  else if (truth === UNKNOWN) out.status = 'undetermined';
  else {
    out.status = 'eligible';
    if (cr.amount !== null) {
      const a = cr.amount.computeNum(env);
      if (a !== undefined) out.period = cr.amount.periodOf(env);
      // A computed amount of zero (or below a minimum paid) means not eligible; an amount that cannot be
      // computed leaves eligibility open (it could be zero): undetermined, never eligible by default.
      if (a === undefined) out.status = 'undetermined';
      else if (sign(a) <= 0) out.status = 'ineligible';
      return a;
    }
  }
  return undefined;
}

/** Compact results of the bulk path: one status and amount per rule, in catalog order. */
export interface CompactResult {
  readonly statuses: Status[];
  readonly amounts: (Money | undefined)[];
}

/**
 * The bulk path: status and amount of every rule, without explanations. The household must already be
 * validated (`parseHousehold`); prepare it (`prepareHousehold`) to evaluate it several times.
 */
export function evaluateCompact(compiled: CompiledCatalog, household: Household | PreparedHousehold): CompactResult {
  const env = createEnv(compiled, household, false);
  const n = compiled.rules.length;
  const statuses = new Array<Status>(n);
  const amounts = new Array<Money | undefined>(n);
  const out: Outcome = { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN };
  for (let i = 0; i < n; i += 1) {
    evaluateRule(compiled.rules[i] as CompiledRule, env, out);
    statuses[i] = out.status;
    amounts[i] = out.amount;
  }
  return { statuses, amounts };
}

export { evaluateCompact as evaluateBulk };
export type { Money };
