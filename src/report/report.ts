import { createEnv, evaluateRule, type CompiledCatalog, type Outcome } from '../engine/evaluator.js';
import { UNKNOWN } from '../engine/tri.js';
import type { ClaimState } from '../household/enums.js';
import type { Household } from '../household/schema.js';
import type { PreparedHousehold } from '../facts/context.js';
import { Money, ZERO } from '../money.js';
import type { Period } from '../rules/ast.js';
import { explainRule, type RuleResult } from './explain.js';
import { inForceDistance } from './distance.js';
import type { OutlookEvent } from './outlook.js';
import { monthlyEquivalent } from './format.js';
import { describeQuestion, questionId, rankQuestions, type QuestionSpec } from './questions.js';

/** A question to ask next, with what answering it would settle. */
export interface Question extends QuestionSpec {
  /** Rules whose status or amount depends on this answer. */
  readonly rules: readonly string[];
  /** Sum of the monthly equivalents of the amounts of those rules, when computable (for ranking). */
  readonly amountAtStake: { readonly value: string; readonly period: 'month'; readonly currency: 'EUR' } | null;
  /**
   * Between what and what the money these rules pay per month lies, given what is known (the sum of their
   * amount ranges; `high` null when one has no known upper bound): what answering may settle.
   */
  readonly amountRange: { readonly low: string; readonly high: string | null; readonly period: 'month'; readonly currency: 'EUR' } | null;
}

/**
 * A group of eligible rules and their money: in `Report.unclaimed`, those the household is entitled to and
 * is known not to receive; in `Report.claimUnknown`, those whose claim its `claims` do not give.
 */
export interface UnclaimedSummary {
  readonly count: number;
  /** Rule ids, in catalog order. */
  readonly rules: readonly string[];
  /** One total per period (hours and months are not added together); tariffs and amounts not in euros are left out. */
  readonly totals: readonly { readonly value: string; readonly period: Period; readonly currency: 'EUR' }[];
}

/**
 * The result of one rule in a household's report. Of an eligible rule, exactly one holds: `claim` is
 * `receiving` (received), `unclaimed` (non-take-up, its cause in `claim`), or `claimUnknown`.
 */
export interface ReportResult extends RuleResult {
  /**
   * Non-take-up: eligible, and the household's `claims` give this rule a state other than `receiving`
   * (`unaware`, `not-applied`, `applied`, `refused`, `not-offered`: the Odenore cause). False when the claim
   * is not given: that is `claimUnknown`, not non-take-up.
   */
  readonly unclaimed: boolean;
  /**
   * Eligible, and the household's `claims` say nothing of this rule (« perception non renseignée »): perhaps
   * received, perhaps not — the question « Perçoit-il déjà cette aide ? » is still open. Never counted as
   * non-take-up; its money is in `Report.claimUnknown`.
   */
  readonly claimUnknown: boolean;
}

/** The report of one household (the output contract of DESIGN.md; `check --json` prints it). */
export interface Report {
  readonly date: string;
  readonly notice: string;
  readonly household: { readonly id: string | null; readonly commune: string | null };
  readonly results: readonly ReportResult[];
  readonly questions: readonly Question[];
  /** The eligible rules known not to be received (`results[].unclaimed`), and their money: the household's non-take-up. */
  readonly unclaimed: UnclaimedSummary;
  /** The eligible rules whose claim is not given (`results[].claimUnknown`), and their money: not counted in `unclaimed`. */
  readonly claimUnknown: UnclaimedSummary;
  /** When asked (`evaluateHousehold(…, { outlook })`): what opens and closes in the next months. */
  readonly outlook?: readonly OutlookEvent[];
}

export const NOTICE =
  "Résultat indicatif, calculé à partir des informations déclarées : il ne vaut pas décision de l'organisme qui attribue l'aide.";

const PERIOD_ORDER: readonly Period[] = ['month', 'year', 'quarter', 'week', 'day', 'once', 'hour', 'meal'];

/**
 * Evaluates a validated household against a compiled catalog, with explanations: a French sentence per
 * condition, missing fields, next questions ranked, the totals of what is known not to be received
 * (`unclaimed`) and of what may or may not be (`claimUnknown`: the claim is not given).
 *
 * @example
 * const report = explainHousehold(compileCatalog(catalog, '2026-11-24'), parseHousehold(json));
 */
/** What an explained report includes besides the 0.1 contents. */
export interface ExplainOptions {
  /** The distance of each ineligible rule (default true). */
  readonly distance?: boolean;
}

export function explainHousehold(compiled: CompiledCatalog, input: Household | PreparedHousehold, options: ExplainOptions = {}): Report {
  const withDistance = options.distance !== false;
  const env = createEnv(compiled, input, true);
  const household = env.ctx.household;
  const results: ReportResult[] = [];
  const stake = new Map<string, Money | undefined>();
  for (const cr of compiled.rules) {
    const out: Outcome = { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN };
    evaluateRule(cr, env, out);
    const claim = (household.claims?.[cr.rule.id] ?? null) as ClaimState | null;
    let explained = explainRule(cr, env, out, claim, compiled.explainCaches, withDistance);
    // A rule not in force yet: how far the household is on the day it comes into force.
    if (withDistance && out.status === 'not-in-force' && cr.rule.validity.from > compiled.date.iso) {
      explained = { ...explained, distance: inForceDistance(compiled.catalog, cr.rule, household, compiled.date.iso, compiled.explainCaches.atStart) };
    }
    // An eligible rule without a claim is « perception non renseignée », never non-take-up (as in the barometer).
    const eligible = explained.status === 'eligible';
    const result: ReportResult = { ...explained, claimUnknown: eligible && claim === null };
    results.push(result);
    if (result.missing.length > 0) {
      // Money at stake: the rule's amount if it can be computed without the missing answers.
      let amount = out.amount;
      if (amount === undefined && cr.amount !== null) amount = cr.amount.compute(env);
      const period = cr.amount?.periodOf(env);
      stake.set(cr.rule.id, amount === undefined || period === undefined || cr.amount?.unit !== 'EUR' ? undefined : monthlyEquivalent(amount, period));
    }
  }
  return { date: compiled.date.iso, notice: NOTICE, household: { id: household.id ?? null, commune: household.commune ?? null }, results, questions: buildQuestions(results, stake, household), unclaimed: summarize(results, 'unclaimed'), claimUnknown: summarize(results, 'claimUnknown') };
}

function buildQuestions(results: readonly RuleResult[], stake: ReadonlyMap<string, Money | undefined>, household: Household): Question[] {
  const byQuestion = new Map<string, { keys: Set<string>; rules: Set<string> }>();
  for (const r of results) {
    for (const key of r.missing) {
      const id = questionId(key);
      let q = byQuestion.get(id);
      if (q === undefined) byQuestion.set(id, (q = { keys: new Set(), rules: new Set() }));
      q.keys.add(key);
      q.rules.add(r.id);
    }
  }
  const list = [...byQuestion].map(([id, q]) => {
    let total = ZERO;
    let any = false;
    for (const rule of q.rules) {
      const m = stake.get(rule);
      if (m !== undefined) {
        total = total.plus(m);
        any = true;
      }
    }
    return { id, spec: describeQuestion(id, [...q.keys], household), rules: [...q.rules].sort(), monthlyAtStake: total, any };
  });
  const byId = new Map(results.map((r) => [r.id, r] as const));
  const ranged = list.map((q) => ({ ...q, range: rangeAtStake(q.rules.map((id) => byId.get(id))) }));
  return rankQuestions(ranged).map((q) => ({
    ...q.spec,
    rules: q.rules,
    amountAtStake: q.any ? { value: q.monthlyAtStake.toFixed(2), period: 'month' as const, currency: 'EUR' as const } : null,
    amountRange: q.range,
  }));
}

/** The monthly range of money of some undetermined rules (those whose amount is in euros and has a range). */
function rangeAtStake(rules: readonly (RuleResult | undefined)[]): Question['amountRange'] {
  let low = ZERO;
  let high: Money | undefined = ZERO;
  let any = false;
  for (const r of rules) {
    if (r?.amountRange === null || r?.amountRange === undefined || r.amount?.unit === 'percent' || r.kind === 'tariff') continue;
    const lo = monthlyEquivalent(new Money(r.amountRange.low), r.amountRange.period);
    const hi = r.amountRange.high === null ? undefined : monthlyEquivalent(new Money(r.amountRange.high), r.amountRange.period);
    if (lo === undefined) continue;
    any = true;
    low = low.plus(lo);
    high = high === undefined || hi === undefined ? undefined : high.plus(hi);
  }
  return any ? { low: low.toFixed(2), high: high === undefined ? null : high.toFixed(2), period: 'month', currency: 'EUR' } : null;
}

function summarize(results: readonly ReportResult[], which: 'unclaimed' | 'claimUnknown'): UnclaimedSummary {
  const rules: string[] = [];
  const totals = new Map<Period, Money>();
  for (const r of results) {
    if (!r[which]) continue;
    rules.push(r.id);
    if (r.amount !== null && r.amount.currency === 'EUR' && r.kind !== 'tariff') {
      totals.set(r.amount.period, (totals.get(r.amount.period) ?? ZERO).plus(new Money(r.amount.value)));
    }
  }
  return {
    count: rules.length,
    rules,
    totals: PERIOD_ORDER.filter((p) => totals.has(p)).map((p) => ({ value: (totals.get(p) as Money).toFixed(2), period: p, currency: 'EUR' as const })),
  };
}
