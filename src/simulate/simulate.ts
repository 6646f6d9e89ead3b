import { compileCatalog, createEnv, evaluateRule, evaluateRuleExact, nextEnv, type CompiledCatalog, type ExactOutcome, type Outcome, type Status } from '../engine/evaluator.js';
import { readSlot, type Env } from '../engine/env.js';
import { UNKNOWN } from '../engine/tri.js';
import { prepareHousehold, type PreparedHousehold } from '../facts/context.js';
import type { ClaimState } from '../household/enums.js';
import { createHouseholdPreparer } from '../household/fast-parse.js';
import { nearThresholdTest } from '../report/distance.js';
import type { Household } from '../household/schema.js';
import { Cents, Money, ZERO } from '../money.js';
import { toMoney, type Num } from '../engine/exact.js';
import type { Catalog } from '../rules/catalog.js';
import { monthlyEquivalent } from '../report/format.js';
import { HOUSEHOLD_TYPES, householdType, type HouseholdType } from './household-type.js';
import { overlayParameters, type Reform } from './reform.js';

/** Counters kept per rule (and per rule × household type, × area, × commune). */
export const METRICS = [
  'concerned',
  'eligible',
  'receiving',
  'unclaimed',
  'unaware',
  'notApplied',
  'nonReception',
  'notOffered',
  'claimUnknown',
  'undetermined',
  'ineligible',
] as const;
export type Metric = (typeof METRICS)[number];
const M = Object.fromEntries(METRICS.map((m, i) => [m, i])) as Record<Metric, number>;
const NM = METRICS.length;

/** Counts of one rule in one group of households. */
export type Counts = Readonly<Record<Metric, number>>;

/** Money of one rule: monthly equivalents of amounts (year ÷ 12, quarter ÷ 3); one-off amounts apart. */
export interface RuleMoney {
  /** What eligible households would receive if all claimed, per month. */
  readonly eligiblePerMonth: string;
  /**
   * What eligible households who say they do not receive it (`claims` known, not `receiving`) do not
   * receive, per month and per year (12 × month + one-off amounts).
   */
  readonly unclaimedPerMonth: string;
  readonly unclaimedPerYear: string;
  readonly unclaimedOnce: string;
  /**
   * What eligible households whose `claims` says nothing of the rule would receive: perhaps received,
   * perhaps not, so never counted as unclaimed (« montant des droits à la perception non renseignée »).
   */
  readonly claimUnknownPerMonth: string;
  readonly claimUnknownPerYear: string;
  readonly claimUnknownOnce: string;
}

/**
 * The non-take-up rate of counts: unclaimed ÷ (receiving + unclaimed), among the eligible households whose
 * claim is known; `null` when none is. Eligible households whose claim is not given are left out of it.
 */
export function nonTakeUpRate(c: Pick<Counts, 'receiving' | 'unclaimed'>): number | null {
  const known = c.receiving + c.unclaimed;
  return known === 0 ? null : c.unclaimed / known;
}

export interface RuleAggregate {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly institution: string;
  readonly illustrative: boolean;
  readonly counts: Counts;
  readonly money: RuleMoney | null;
  readonly byType: Readonly<Record<string, Counts>>;
  readonly byArea: Readonly<Record<string, Counts>>;
  readonly byCommune: Readonly<Record<string, Counts>>;
  /**
   * Ineligible households within 5 % of one income threshold of the rule: a single change of resources of
   * at most 5 % of the threshold would make them eligible (whom a small change of ceiling would bring in).
   */
  readonly nearThreshold: number;
}

/**
 * Counters of a reform's effect on one rule, for one household type (in this order in partials). Entrants
 * and leavers add up: `newlyEligible − noLongerEligible = eligibleReform − eligibleBaseline`, and
 * `becameUndetermined − noLongerUndetermined` is the change of the rule's « à vérifier ».
 */
export const REFORM_METRICS = ['eligibleBaseline', 'eligibleReform', 'newlyEligible', 'noLongerEligible', 'becameUndetermined', 'noLongerUndetermined', 'enteredFromUndetermined', 'leftToUndetermined', 'winners', 'losers'] as const;
export type ReformMetric = (typeof REFORM_METRICS)[number];
const RM = Object.fromEntries(REFORM_METRICS.map((m, i) => [m, i])) as Record<ReformMetric, number>;
const NRM = REFORM_METRICS.length;

/**
 * What a reform changes in one rule, for the households of one type or of all types.
 * - `newlyEligible` (entrants): not eligible before (ineligible or undetermined), eligible after;
 *   `noLongerEligible` (leavers): the reverse.
 * - `becameUndetermined`: known before (eligible or not), « à vérifier » after; `noLongerUndetermined`: the reverse.
 * - `enteredFromUndetermined`: entrants that were « à vérifier » before; `leftToUndetermined`: leavers that are
 *   « à vérifier » after (a leaver not known to be ineligible).
 * - `winners` / `losers`: households whose money from the rule rises / falls — an aid paid more or less (an
 *   entrant to an aid in euros wins its amount, a leaver loses it), a tariff cheaper or dearer for a household
 *   eligible before and after — with the euros known (`gainsPerMonth`, `lossesPerMonth`: a lower bound when a
 *   tariff's use is unknown). Entering or leaving a service or a tariff is not counted in euros: see `inKind`.
 */
export type ReformRuleChange = Readonly<Record<ReformMetric, number>> & {
  readonly gainsPerMonth: string;
  readonly lossesPerMonth: string;
};

export interface ReformRuleDelta extends ReformRuleChange {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  /**
   * Entering or leaving this rule is a gain or a loss that is not counted in euros: a service, or a tariff
   * (the price a household pays outside the solidarity tariff is not modelled). Its entrants and leavers are
   * counted apart, never among the winners and losers in euros.
   */
  readonly inKind: boolean;
  /**
   * Aids: what is paid per month to the households eligible before or after. Tariffs: what the households
   * eligible before and after pay per month (price × usage). Households whose value is unknown before or
   * after (undetermined, amount or usage unknown) are left out of both.
   */
  readonly perMonthBaseline: string;
  readonly perMonthReform: string;
  /** The change in public cost per month (aids paid more, or tariff revenue lost). */
  readonly costPerMonth: string;
  /** The same counters per household type (types with no change left out). */
  readonly byType: Readonly<Record<string, ReformRuleChange>>;
}

/**
 * A reform's effect on the households of one type, all rules it changes taken together. A household wins
 * when everything it sees change goes its way (more aid, a cheaper tariff, a service or tariff newly open to
 * it), loses in the reverse case, and is counted `unknown` when a change cannot be known (« à vérifier »
 * before or after, an amount unknown) or when gains and losses of different kinds cannot be weighed (a service
 * gained, euros lost).
 */
export interface WinnersLosers {
  readonly households: number;
  readonly winners: number;
  readonly losers: number;
  readonly unknown: number;
  /** Sum of the known monthly gains of winners and losses of losers, in euros per month (a lower bound when a tariff's use is unknown or a gain is not in euros). */
  readonly gainsPerMonth: string;
  readonly lossesPerMonth: string;
  /** Households for which at least one rule became « à vérifier » under the reform. */
  readonly becameUndetermined: number;
  /** Households newly eligible to at least one service or tariff (a gain not counted in euros), and those that left one. */
  readonly newlyEligibleInKind: number;
  readonly noLongerEligibleInKind: number;
}

export interface ReformResult {
  readonly id: string;
  readonly title: string;
  readonly baseline: string;
  readonly reform: string;
  readonly rules: readonly ReformRuleDelta[];
  readonly byType: Readonly<Record<string, WinnersLosers>>;
  readonly costPerMonth: string;
}

/** The barometer of a population: counts and money per rule, breakdowns, and a reform's effects. */
export interface SimulationResult {
  readonly date: string;
  readonly households: {
    readonly total: number;
    readonly valid: number;
    readonly invalid: number;
    readonly byType: Readonly<Record<string, number>>;
    readonly byCommune: Readonly<Record<string, number>>;
  };
  /** Invalid records: their position and the fields at fault (never their values). */
  readonly invalidExamples: readonly { readonly index: number; readonly id: string | null; readonly issues: readonly string[] }[];
  readonly rules: readonly RuleAggregate[];
  readonly reform: ReformResult | null;
}

export interface SimulateOptions {
  /** The evaluation date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly catalog: Catalog;
  readonly reform?: Reform | undefined;
  /** Validate each record (default). Set false only for households already validated by `parseHousehold`. */
  readonly validate?: boolean;
  /** Called every `progressEvery` households (default 1,000) with the count so far. */
  readonly onProgress?: ((count: number) => void) | undefined;
  readonly progressEvery?: number;
}

/**
 * Sums of money over households. Each amount has at most 24 significant digits (`Money`), but a sum of
 * many of them (a monthly equivalent of a yearly amount is a third or a twelfth) would be rounded at 24
 * digits after each addition, and rounded sums depend on the order of addition. These sums keep every
 * digit, so partial sums (threads, shards) add up to exactly the sum of one run, in any grouping.
 */
export const Sum = Money.clone({ precision: 1000 });
const SUM_ZERO: Money = new Sum(0);

/** How many invalid records a result keeps as examples: the first ones, by index. */
export const INVALID_KEPT = 20;

/** How close to a threshold counts as « near » in the barometer: 5 % of it. */
const NEAR_SHARE = new Money('0.05');

const CLAIM_METRIC: Readonly<Record<ClaimState, number>> = {
  receiving: M.receiving,
  unaware: M.unaware,
  'not-applied': M.notApplied,
  applied: M.nonReception,
  refused: M.nonReception,
  'not-offered': M.notOffered,
};

/**
 * The money sums kept per rule, in this order in `Accumulator.cents`: per-month sums in twelfths of a cent
 * (`PER_MONTH_UNIT`, so that the monthly equivalent of a yearly, quarterly or weekly amount stays a whole
 * number), one-off sums in cents.
 */
const MONEY_SUM = { eligiblePerMonth: 0, unclaimedPerMonth: 1, claimUnknownPerMonth: 2, unclaimedOnce: 3, claimUnknownOnce: 4 } as const;
const MONEY_SUMS = 5;

/** Per-month money is counted in twelfths of a cent: 1,200 units a euro. */
export const PER_MONTH_UNIT = 1200;
/** One-off money is counted in cents: 100 units a euro. */
export const ONCE_UNIT = 100;

/** Twelfths of a cent per month for one cent of an amount of each period (`monthlyEquivalent`, exactly: a year is 12 months, a quarter 3, a week 52/12 of a month). */
const PER_MONTH_FACTOR: Readonly<Partial<Record<string, number>>> = { month: 12, quarter: 4, year: 1, week: 52 };

/** Integer sums stay below this (exact in a double with room for one more addition). */
const BIG = 2 ** 52;

/** The accumulating state of one simulation: only aggregates, so memory stays constant. */
class Accumulator {
  readonly n: number;
  readonly counts: Float64Array;
  readonly byType: Float64Array;
  readonly byArea = new Map<string, Float64Array>();
  readonly byCommune = new Map<string, Float64Array>();
  /**
   * Money per rule, exact: per-month sums in twelfths of a cent (`PER_MONTH_UNIT`), one-off sums in cents.
   * Whole-cent amounts are added as integers in `cents` (rules × `MONEY_SUMS`, exact below 2^53; a sum
   * about to leave the safe integers is moved to `decimals`); other amounts go to `decimals` directly.
   */
  readonly cents: Float64Array;
  readonly decimals: Money[];
  readonly typeCount = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly near: Float64Array;
  readonly communeCount = new Map<string, number>();
  total = 0;
  invalid = 0;
  readonly invalidExamples: { index: number; id: string | null; issues: string[] }[] = [];

  constructor(readonly compiled: CompiledCatalog) {
    this.n = compiled.rules.length;
    this.near = new Float64Array(this.n);
    this.counts = new Float64Array(this.n * NM);
    this.byType = new Float64Array(this.n * HOUSEHOLD_TYPES.length * NM);
    this.cents = new Float64Array(this.n * MONEY_SUMS);
    this.decimals = new Array<Money>(this.n * MONEY_SUMS).fill(SUM_ZERO);
    this.money = compiled.rules.map((cr) => cr.rule.kind !== 'tariff' && cr.amount?.unit === 'EUR');
  }

  /** Whether a rule's amounts are money counted in the barometer (aids in euros, not tariffs). */
  private readonly money: readonly boolean[];

  /** Adds `units` (an integer, or an exact decimal) to one money sum. */
  private addMoney(i: number, units: number | Money): void {
    if (typeof units === 'number') {
      const next = (this.cents[i] as number) + units;
      if (next <= BIG && next >= -BIG) {
        this.cents[i] = next;
        return;
      }
    }
    this.decimals[i] = (this.decimals[i] as Money).plus(units).plus(this.cents[i] as number);
    this.cents[i] = 0;
  }

  /** The money sums of one kind (`MONEY_SUM`), exact, as decimal strings in their unit. */
  sums(kind: number): string[] {
    return Array.from({ length: this.n }, (_, r) => (this.decimals[r * MONEY_SUMS + kind] as Money).plus(this.cents[r * MONEY_SUMS + kind] as number).toFixed());
  }

  private group(map: Map<string, Float64Array>, key: string): Float64Array {
    let a = map.get(key);
    if (a === undefined) map.set(key, (a = new Float64Array(this.n * NM)));
    return a;
  }

  add(r: number, status: Status, amount: Num | undefined, period: string | undefined, claim: ClaimState | undefined, type: number, area: Float64Array | undefined, commune: Float64Array | undefined): void {
    if (status === 'out-of-territory' || status === 'not-in-force') return;
    const i = r * NM;
    const t = (r * HOUSEHOLD_TYPES.length + type) * NM;
    this.bump(i + M.concerned, t + M.concerned, area, commune);
    if (status !== 'eligible') {
      const m = status === 'undetermined' ? M.undetermined : M.ineligible;
      this.bump(i + m, t + m, area, commune);
      return;
    }
    this.bump(i + M.eligible, t + M.eligible, area, commune);
    // Non-take-up is what the household says (Odenore's typology): a claim the data does not give is
    // counted apart, never as unclaimed — nor its money as unclaimed money.
    if (claim === 'receiving') this.bump(i + M.receiving, t + M.receiving, area, commune);
    else if (claim === undefined) this.bump(i + M.claimUnknown, t + M.claimUnknown, area, commune);
    else {
      this.bump(i + M.unclaimed, t + M.unclaimed, area, commune);
      const m = CLAIM_METRIC[claim];
      this.bump(i + m, t + m, area, commune);
    }
    if (amount === undefined || period === undefined || this.money[r] !== true) return;
    const base = r * MONEY_SUMS;
    // Whole cents as an integer; any other exact amount as a decimal (never a binary fraction).
    const cents = amount instanceof Cents && amount.d === 1 ? amount.n : undefined;
    if (period === 'once') {
      const units = cents ?? new Sum(toMoney(amount)).times(100);
      if (claim === undefined) this.addMoney(base + MONEY_SUM.claimUnknownOnce, units);
      else if (claim !== 'receiving') this.addMoney(base + MONEY_SUM.unclaimedOnce, units);
      return;
    }
    const factor = PER_MONTH_FACTOR[period];
    if (factor === undefined) return;
    const units = cents !== undefined && Math.abs(cents) <= BIG / 5200 ? cents * factor : new Sum(toMoney(amount)).times(100 * factor);
    this.addMoney(base + MONEY_SUM.eligiblePerMonth, units);
    if (claim === undefined) this.addMoney(base + MONEY_SUM.claimUnknownPerMonth, units);
    else if (claim !== 'receiving') this.addMoney(base + MONEY_SUM.unclaimedPerMonth, units);
  }

  /** One metric counted in the rule's totals, its household type, area and commune (no list built per rule). */
  private bump(i: number, t: number, area: Float64Array | undefined, commune: Float64Array | undefined): void {
    (this.counts[i] as number) += 1;
    (this.byType[t] as number) += 1;
    if (area !== undefined) (area[i] as number) += 1;
    if (commune !== undefined) (commune[i] as number) += 1;
  }

  areaArray(area: string | undefined): Float64Array | undefined {
    return area === undefined ? undefined : this.group(this.byArea, area);
  }

  communeArray(commune: string | undefined): Float64Array | undefined {
    return commune === undefined ? undefined : this.group(this.byCommune, commune);
  }
}

function countsOf(a: ArrayLike<number>, base: number): Counts {
  return Object.fromEntries(METRICS.map((m, i) => [m, a[base + i] ?? 0])) as Counts;
}

function nonEmpty(c: Counts): boolean {
  return c.concerned > 0;
}

/** Reform bookkeeping for one run: per rule × household type (`REFORM_METRICS`), then per household type. */
class ReformAccumulator {
  /** Rules × household types × `REFORM_METRICS`. */
  readonly ruleTypes: Float64Array;
  /** Known gains and losses in euros per month, rules × household types. */
  readonly ruleGains: Money[];
  readonly ruleLosses: Money[];
  readonly baseMoney: Money[];
  readonly reformMoney: Money[];
  readonly winners = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly losers = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly households = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly unknown = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly gains: Money[] = new Array<Money>(HOUSEHOLD_TYPES.length).fill(SUM_ZERO);
  readonly losses: Money[] = new Array<Money>(HOUSEHOLD_TYPES.length).fill(SUM_ZERO);
  readonly becameUndetermined = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly newlyEligibleInKind = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly noLongerEligibleInKind = new Float64Array(HOUSEHOLD_TYPES.length);

  constructor(readonly n: number) {
    this.ruleTypes = new Float64Array(n * HOUSEHOLD_TYPES.length * NRM);
    this.ruleGains = new Array<Money>(n * HOUSEHOLD_TYPES.length).fill(SUM_ZERO);
    this.ruleLosses = new Array<Money>(n * HOUSEHOLD_TYPES.length).fill(SUM_ZERO);
    this.baseMoney = new Array<Money>(n).fill(SUM_ZERO);
    this.reformMoney = new Array<Money>(n).fill(SUM_ZERO);
  }
}

/** Whether entering or leaving a rule is a gain or loss not counted in euros (`ReformRuleDelta.inKind`). */
function inKind(cr: CompiledCatalog['rules'][number]): boolean {
  return cr.rule.kind === 'tariff' || cr.amount === null || cr.amount.unit !== 'EUR';
}

/**
 * How a reform changes one rule for one household, seen from the household: `euros` (the change of what it
 * gets per month, `before` and `after` the values compared), `up` / `down` (a tariff cheaper / dearer, its
 * use unknown), `enter` / `leave` (a service or tariff newly open or closed to it: not in euros), `none`, or
 * `unknown` (« à vérifier » before or after, an amount unknown).
 */
type Change =
  | { readonly kind: 'none' | 'up' | 'down' | 'enter' | 'leave' | 'unknown' }
  | { readonly kind: 'euros'; readonly before: Money; readonly after: Money; readonly gain: Money };

const NONE: Change = { kind: 'none' };
const UNKNOWN_CHANGE: Change = { kind: 'unknown' };

/** A tariff's monthly cost for an eligible household (price × usage), or undefined when the use is unknown or not modelled. */
function tariffCost(cr: CompiledCatalog['rules'][number], out: Outcome, env: ReturnType<typeof createEnv>): Money | undefined {
  if (out.amount === undefined || cr.usage === null) return undefined;
  const q = readSlot(env, cr.usage);
  return typeof q === 'number' ? out.amount.times(q) : undefined;
}

/** What one rule changes for one household under a reform (see `Change`). */
function compareRule(cr: CompiledCatalog['rules'][number], crR: CompiledCatalog['rules'][number], out: Outcome, env: ReturnType<typeof createEnv>, outR: Outcome, envR: ReturnType<typeof createEnv>): Change {
  if (out.status === 'undetermined' || outR.status === 'undetermined') return UNKNOWN_CHANGE;
  const before = out.status === 'eligible';
  const after = outR.status === 'eligible';
  if (!before && !after) return NONE;
  if (inKind(cr)) {
    if (!before) return { kind: 'enter' };
    if (!after) return { kind: 'leave' };
    if (cr.rule.kind !== 'tariff' || cr.amount === null || cr.amount.unit !== 'EUR') return NONE;
    const vb = tariffCost(cr, out, env);
    const vr = tariffCost(crR, outR, envR);
    // For the household a higher tariff cost is a loss.
    if (vb !== undefined && vr !== undefined) return { kind: 'euros', before: vb, after: vr, gain: vb.minus(vr) };
    if (out.amount === undefined || outR.amount === undefined) return UNKNOWN_CHANGE;
    // Its use unknown: the sign of the change is still known from the price.
    const c = outR.amount.cmp(out.amount);
    return c < 0 ? { kind: 'up' } : c > 0 ? { kind: 'down' } : NONE;
  }
  // An aid in euros: zero when not eligible.
  const value = (o: Outcome, c: CompiledCatalog['rules'][number]): Money | undefined =>
    o.status !== 'eligible' ? ZERO : o.amount === undefined ? undefined : (monthlyEquivalent(o.amount, o.period ?? (c.amount as NonNullable<typeof c.amount>).period) ?? ZERO);
  const vb = value(out, cr);
  const vr = value(outR, crR);
  if (vb === undefined || vr === undefined) return UNKNOWN_CHANGE;
  return { kind: 'euros', before: vb, after: vr, gain: vr.minus(vb) };
}

function* syncItems(households: Iterable<unknown>): Generator<unknown> {
  yield* households;
}

/**
 * Simulates a population: each household is validated, evaluated against the catalog at the date (and
 * under a reform when given), and only aggregates are kept, so memory does not grow with the population.
 * Accepts any iterable or async iterable of household JSON.
 *
 * @example
 * const result = await simulate(readJsonLines('poitiers.jsonl'), { date: '2026-11-24', catalog: defaultCatalog() });
 */
export async function simulate(households: Iterable<unknown> | AsyncIterable<unknown>, options: SimulateOptions): Promise<SimulationResult> {
  const run = startRun(options);
  if (Symbol.asyncIterator in households) {
    for await (const h of households as AsyncIterable<unknown>) run.push(h);
  } else {
    for (const h of syncItems(households as Iterable<unknown>)) run.push(h);
  }
  return run.finish();
}

/** The synchronous form of `simulate`, for iterables. */
export function simulateSync(households: Iterable<unknown>, options: SimulateOptions): SimulationResult {
  const run = startRun(options);
  for (const h of households) run.push(h);
  return run.finish();
}

/** A simulation that is fed one household at a time (what `simulate` uses; exposed for custom loops). */
export interface SimulationRun {
  push(household: unknown): void;
  finish(): SimulationResult;
}

/** Starts a simulation run. */
export function startRun(options: SimulateOptions): SimulationRun {
  const run = startPartialRun(options);
  let index = 0;
  return {
    push: (household) => {
      run.push(household, index);
      index += 1;
    },
    finish: () => finishRun(run.partial()),
  };
}

/** One invalid record: its position in the population and the fields at fault (never their values). */
export interface InvalidExample {
  readonly index: number;
  readonly id: string | null;
  readonly issues: readonly string[];
}

/** What the result needs to know of a rule, besides its counts. */
export interface PartialRule {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly institution: string;
  readonly illustrative: boolean;
  /** Whether the rule's amounts are counted as money (an aid in euros). */
  readonly money: boolean;
  /** Whether the reform changes a parameter the rule reads. */
  readonly affected: boolean;
}

/** Counts of the rules in one group (an area, a commune): `[rule index, counts in METRICS order]`, rules concerned only. */
export type PartialGroupRows = readonly (readonly [rule: number, counts: readonly number[]])[];

/** The reform's bookkeeping of a part: per rule, then per household type (`HOUSEHOLD_TYPES` order). */
export interface PartialReform {
  readonly id: string;
  readonly title: string;
  readonly baseline: string;
  readonly reform: string;
  /** Rules × household types × `REFORM_METRICS`, and the known gains and losses in euros per month, rules × household types. */
  readonly ruleTypes: readonly number[];
  readonly ruleGains: readonly string[];
  readonly ruleLosses: readonly string[];
  readonly baseMoney: readonly string[];
  readonly reformMoney: readonly string[];
  readonly households: readonly number[];
  readonly winners: readonly number[];
  readonly losers: readonly number[];
  readonly unknown: readonly number[];
  readonly gains: readonly string[];
  readonly losses: readonly string[];
  readonly becameUndetermined: readonly number[];
  readonly newlyEligibleInKind: readonly number[];
  readonly noLongerEligibleInKind: readonly number[];
}

/**
 * The aggregates of some of the households of a population, as plain data: counts, and sums of money as
 * decimal strings with every digit. Partials of disjoint sets of households add up exactly
 * (`mergePartials`), and `finishRun` turns them into the result one run over all of them would give.
 */
export interface SimulationPartial {
  readonly date: string;
  readonly rules: readonly PartialRule[];
  /** Records pushed (valid or not), and invalid ones with the first `INVALID_KEPT` of them by index. */
  readonly total: number;
  readonly invalid: number;
  readonly invalidExamples: readonly InvalidExample[];
  /** Valid households per type (`HOUSEHOLD_TYPES` order), and per commune (sorted by code). */
  readonly typeCount: readonly number[];
  readonly communeCount: readonly (readonly [commune: string, households: number])[];
  /** Counts in `METRICS` order: rules × metrics, and rules × household types × metrics. */
  readonly counts: readonly number[];
  readonly byType: readonly number[];
  /** Per area and per commune, sorted by key. */
  readonly byArea: readonly (readonly [area: string, rows: PartialGroupRows])[];
  readonly byCommune: readonly (readonly [commune: string, rows: PartialGroupRows])[];
  readonly near: readonly number[];
  /**
   * Money per rule, exact decimal strings: the per-month sums in twelfths of a cent (`PER_MONTH_UNIT`
   * units a euro: a yearly amount's monthly equivalent is then a whole number), the one-off sums in cents
   * (`ONCE_UNIT`). Euros come at the end (`finishRun`), after every part is added.
   */
  readonly eligiblePerMonth: readonly string[];
  readonly unclaimedPerMonth: readonly string[];
  readonly unclaimedOnce: readonly string[];
  readonly claimUnknownPerMonth: readonly string[];
  readonly claimUnknownOnce: readonly string[];
  readonly reform: PartialReform | null;
}

/** A run over some households, each given with its index in the population, that yields a partial. */
export interface PartialRun {
  push(household: unknown, index: number): void;
  partial(): SimulationPartial;
}

const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Starts a run whose aggregates are returned as a partial (for threads and shards; `startRun` finishes it). */
export function startPartialRun(options: SimulateOptions): PartialRun {
  const baseCatalog = options.reform?.baseline === undefined ? options.catalog : overlayParameters(options.catalog, options.reform.baseline.parameters);
  const compiled = compileCatalog(baseCatalog, options.date);
  const reformCompiled = options.reform === undefined ? undefined : compileCatalog(overlayParameters(options.catalog, options.reform.reform.parameters), options.date);
  const acc = new Accumulator(compiled);
  // Only the rules that read a parameter the reform changes can change: the others are left out of the
  // comparison (their gain is zero by construction, even when their own outcome is unknown).
  const overlaid = new Set([...Object.keys(options.reform?.reform.parameters ?? {}), ...Object.keys(options.reform?.baseline?.parameters ?? {})]);
  const affected = compiled.rules.map((cr) => cr.rule.parameters.some((p) => overlaid.has(p)));
  const ref = reformCompiled === undefined ? undefined : new ReformAccumulator(compiled.rules.length);
  const validate = options.validate !== false;
  // Records are checked against the evaluation date and their claims against the catalog's rules.
  const parseOptions = { date: compiled.date.iso, ruleIds: new Set(options.catalog.rules.map((r) => r.id)) };
  const preparer = createHouseholdPreparer(parseOptions);
  const every = options.progressEvery ?? 1000;
  // The baseline's amounts stay exact values (`num`), added up as integers; a decimal is made only for the comparison with a reform.
  const out: ExactOutcome = { status: 'undetermined', amount: undefined, num: undefined, period: undefined, truth: UNKNOWN, code: 2 };
  const outR: Outcome = { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN };

  // The rules whose ineligible households may be near a threshold (the others are never counted there).
  const near = compiled.rules.map((cr) => nearThresholdTest(cr, NEAR_SHARE));
  // The evaluation states of the previous household, whose arrays the next one reuses.
  let lastEnv: Env | undefined;
  let lastEnvR: Env | undefined;
  const push = (raw: unknown, index: number): void => {
    acc.total += 1;
    let prepared: PreparedHousehold;
    if (validate) {
      // Checked and decoded in one pass; a record the fast pass cannot vouch for goes through zod (same errors).
      const parsed = preparer.safePrepare(raw);
      if (!parsed.success) {
        acc.invalid += 1;
        const kept = acc.invalidExamples;
        if (kept.length < INVALID_KEPT || index < (kept[kept.length - 1] as InvalidExample).index) {
          const id = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id) : null;
          kept.push({ index, id, issues: parsed.issues.slice(0, 5).map((i) => `${i.path || '(racine)'} : ${i.message}`) });
          // Households come in index order within a run; the first ones by index are kept in any case.
          if (kept.length > 1 && index < (kept[kept.length - 2] as InvalidExample).index) kept.sort((a, b) => a.index - b.index);
          if (kept.length > INVALID_KEPT) kept.pop();
        }
        if (options.onProgress !== undefined && acc.total % every === 0) options.onProgress(acc.total);
        return;
      }
      prepared = parsed.prepared;
    } else prepared = prepareHousehold(raw as Household);
    const household: Household = prepared.household;
    const type = HOUSEHOLD_TYPES.indexOf(householdType(prepared, compiled.date));
    (acc.typeCount[type] as number) += 1;
    const commune = household.commune;
    if (commune !== undefined) acc.communeCount.set(commune, (acc.communeCount.get(commune) ?? 0) + 1);
    const areaArr = acc.areaArray(household.area);
    const communeArr = acc.communeArray(commune);
    const env = (lastEnv = nextEnv(lastEnv, compiled, prepared));
    const envR = reformCompiled === undefined ? undefined : (lastEnvR = nextEnv(lastEnvR, reformCompiled, prepared));
    // The household's known gain in euros, and changes of other kinds or of unknown size.
    let gain = ZERO;
    let up = false;
    let down = false;
    let unknown = false;
    let undetermined = false;
    let entered = false;
    let left = false;
    const T = HOUSEHOLD_TYPES.length;
    for (let r = 0; r < acc.n; r += 1) {
      evaluateRuleExact(compiled.rules[r]!, env, out);
      if (out.status === 'ineligible' && near[r]?.(env, out) === true) (acc.near[r] as number) += 1;
      const claim = household.claims?.[compiled.rules[r]!.rule.id] as ClaimState | undefined;
      acc.add(r, out.status, out.num, out.num === undefined ? undefined : out.period, claim, type, areaArr, communeArr);
      if (ref !== undefined && envR !== undefined && reformCompiled !== undefined && affected[r] === true) {
        out.amount = out.num === undefined ? undefined : toMoney(out.num);
        evaluateRule(reformCompiled.rules[r]!, envR, outR);
        const rt = r * T + type;
        const at = rt * NRM;
        const counts = ref.ruleTypes;
        const before = out.status === 'eligible';
        const after = outR.status === 'eligible';
        if (before) (counts[at + RM.eligibleBaseline] as number) += 1;
        if (after) (counts[at + RM.eligibleReform] as number) += 1;
        if (after && !before) (counts[at + RM.newlyEligible] as number) += 1;
        if (before && !after) (counts[at + RM.noLongerEligible] as number) += 1;
        if (outR.status === 'undetermined' && out.status !== 'undetermined') {
          (counts[at + RM.becameUndetermined] as number) += 1;
          undetermined = true;
        }
        if (out.status === 'undetermined' && outR.status !== 'undetermined') (counts[at + RM.noLongerUndetermined] as number) += 1;
        if (after && out.status === 'undetermined') (counts[at + RM.enteredFromUndetermined] as number) += 1;
        if (before && outR.status === 'undetermined') (counts[at + RM.leftToUndetermined] as number) += 1;
        const change = compareRule(compiled.rules[r]!, reformCompiled.rules[r]!, out, env, outR, envR);
        switch (change.kind) {
          case 'euros': {
            ref.baseMoney[r] = (ref.baseMoney[r] as Money).plus(change.before);
            ref.reformMoney[r] = (ref.reformMoney[r] as Money).plus(change.after);
            gain = gain.plus(change.gain);
            if (change.gain.isZero()) break;
            if (change.gain.isPositive()) {
              (counts[at + RM.winners] as number) += 1;
              ref.ruleGains[rt] = (ref.ruleGains[rt] as Money).plus(change.gain);
            } else {
              (counts[at + RM.losers] as number) += 1;
              ref.ruleLosses[rt] = (ref.ruleLosses[rt] as Money).minus(change.gain);
            }
            break;
          }
          case 'up':
            (counts[at + RM.winners] as number) += 1;
            up = true;
            break;
          case 'down':
            (counts[at + RM.losers] as number) += 1;
            down = true;
            break;
          case 'enter':
            entered = true;
            break;
          case 'leave':
            left = true;
            break;
          case 'unknown':
            unknown = true;
            break;
          case 'none':
            break;
        }
      }
    }
    if (ref !== undefined) {
      (ref.households[type] as number) += 1;
      if (undetermined) (ref.becameUndetermined[type] as number) += 1;
      if (entered) (ref.newlyEligibleInKind[type] as number) += 1;
      if (left) (ref.noLongerEligibleInKind[type] as number) += 1;
      // Euros are added up across rules; a change of another kind can only be weighed against changes the same way.
      const rises = (gain.isPositive() && !gain.isZero()) || up || entered;
      const falls = (gain.isNegative() && !gain.isZero()) || down || left;
      if (unknown || (rises && falls)) (ref.unknown[type] as number) += 1;
      else if (rises) {
        (ref.winners[type] as number) += 1;
        ref.gains[type] = (ref.gains[type] as Money).plus(gain);
      } else if (falls) {
        (ref.losers[type] as number) += 1;
        ref.losses[type] = (ref.losses[type] as Money).minus(gain);
      }
    }
    if (options.onProgress !== undefined && acc.total % every === 0) options.onProgress(acc.total);
  };

  const meta: readonly PartialRule[] = compiled.rules.map((cr, r) => ({
    id: cr.rule.id,
    title: cr.rule.title,
    kind: cr.rule.kind,
    institution: cr.rule.institution.name,
    illustrative: (cr.rule.illustrative ?? []).length > 0,
    money: cr.rule.kind !== 'tariff' && cr.amount !== null && cr.amount.unit === 'EUR',
    affected: affected[r] === true,
  }));

  const partial = (): SimulationPartial => {
    const sums = (a: readonly Money[]): string[] => a.map((m) => m.toFixed());
    const groups = (map: Map<string, Float64Array>) =>
      [...map].sort(byKey).map(([k, a]) => {
        const rows: (readonly [number, readonly number[]])[] = [];
        for (let r = 0; r < acc.n; r += 1) if ((a[r * NM + M.concerned] ?? 0) > 0) rows.push([r, Array.from(a.subarray(r * NM, (r + 1) * NM))]);
        return [k, rows] as const;
      });
    return {
      date: compiled.date.iso,
      rules: meta,
      total: acc.total,
      invalid: acc.invalid,
      invalidExamples: acc.invalidExamples.map((e) => ({ ...e })),
      typeCount: Array.from(acc.typeCount),
      communeCount: [...acc.communeCount].sort(byKey),
      counts: Array.from(acc.counts),
      byType: Array.from(acc.byType),
      byArea: groups(acc.byArea),
      byCommune: groups(acc.byCommune),
      near: Array.from(acc.near),
      eligiblePerMonth: acc.sums(MONEY_SUM.eligiblePerMonth),
      unclaimedPerMonth: acc.sums(MONEY_SUM.unclaimedPerMonth),
      unclaimedOnce: acc.sums(MONEY_SUM.unclaimedOnce),
      claimUnknownPerMonth: acc.sums(MONEY_SUM.claimUnknownPerMonth),
      claimUnknownOnce: acc.sums(MONEY_SUM.claimUnknownOnce),
      reform:
        ref === undefined || options.reform === undefined
          ? null
          : {
              id: options.reform.id,
              title: options.reform.title,
              baseline: options.reform.baseline?.title ?? 'Catalogue en vigueur',
              reform: options.reform.reform.title,
              ruleTypes: Array.from(ref.ruleTypes),
              ruleGains: sums(ref.ruleGains),
              ruleLosses: sums(ref.ruleLosses),
              baseMoney: sums(ref.baseMoney),
              reformMoney: sums(ref.reformMoney),
              households: Array.from(ref.households),
              winners: Array.from(ref.winners),
              losers: Array.from(ref.losers),
              unknown: Array.from(ref.unknown),
              gains: sums(ref.gains),
              losses: sums(ref.losses),
              becameUndetermined: Array.from(ref.becameUndetermined),
              newlyEligibleInKind: Array.from(ref.newlyEligibleInKind),
              noLongerEligibleInKind: Array.from(ref.noLongerEligibleInKind),
            },
    };
  };
  return { push, partial };
}

/** A rule's reform counters (`REFORM_METRICS` order) and its known gains and losses, as in the result. */
function reformChange(c: readonly number[], gains: Money, losses: Money): ReformRuleChange {
  const o = Object.fromEntries(REFORM_METRICS.map((m, k) => [m, c[k] ?? 0])) as Record<ReformMetric, number>;
  return { ...o, gainsPerMonth: gains.toFixed(2), lossesPerMonth: losses.toFixed(2) };
}

/** The result of a simulation from its aggregates (one run's, or the merged partials of several). */
export function finishRun(p: SimulationPartial): SimulationResult {
  const types = HOUSEHOLD_TYPES;
  const sum = (a: readonly string[], r: number): Money => new Sum(a[r] ?? 0);
  const indexed = (groups: SimulationPartial['byArea']) => [...groups].sort(byKey).map(([k, rows]) => [k, new Map(rows)] as const);
  const areas = indexed(p.byArea);
  const communes = indexed(p.byCommune);
  const rules = p.rules.map((rule, r): RuleAggregate => {
    const byType: Record<string, Counts> = {};
    types.forEach((t, ti) => {
      const c = countsOf(p.byType, (r * types.length + ti) * NM);
      if (nonEmpty(c)) byType[t] = c;
    });
    const group = (groups: ReturnType<typeof indexed>) => {
      const o: Record<string, Counts> = {};
      for (const [k, rows] of groups) {
        const row = rows.get(r);
        if (row === undefined) continue;
        const c = countsOf(row, 0);
        if (nonEmpty(c)) o[k] = c;
      }
      return o;
    };
    // Sums in their units (twelfths of a cent a month, cents once): euros at the last step only.
    const perMonth12 = sum(p.unclaimedPerMonth, r);
    const once = sum(p.unclaimedOnce, r).dividedBy(ONCE_UNIT);
    const unknownPerMonth12 = sum(p.claimUnknownPerMonth, r);
    const unknownOnce = sum(p.claimUnknownOnce, r).dividedBy(ONCE_UNIT);
    const euros = (units: Money, per: number): string => units.dividedBy(per).toFixed(2);
    return {
      id: rule.id,
      title: rule.title,
      kind: rule.kind,
      institution: rule.institution,
      illustrative: rule.illustrative,
      counts: countsOf(p.counts, r * NM),
      nearThreshold: p.near[r] ?? 0,
      money: rule.money
        ? {
            eligiblePerMonth: euros(sum(p.eligiblePerMonth, r), PER_MONTH_UNIT),
            unclaimedPerMonth: euros(perMonth12, PER_MONTH_UNIT),
            // 12 months of twelfths of a cent are cents: exact, with no division by 12.
            unclaimedPerYear: perMonth12.dividedBy(ONCE_UNIT).plus(once).toFixed(2),
            unclaimedOnce: once.toFixed(2),
            claimUnknownPerMonth: euros(unknownPerMonth12, PER_MONTH_UNIT),
            claimUnknownPerYear: unknownPerMonth12.dividedBy(ONCE_UNIT).plus(unknownOnce).toFixed(2),
            claimUnknownOnce: unknownOnce.toFixed(2),
          }
        : null,
      byType,
      byArea: group(areas),
      byCommune: group(communes),
    };
  });
  let reform: ReformResult | null = null;
  const ref = p.reform;
  if (ref !== null) {
    let total = SUM_ZERO;
    const deltas = p.rules.map((rule, r): ReformRuleDelta => {
      const base = sum(ref.baseMoney, r);
      const next = sum(ref.reformMoney, r);
      const cost = rule.kind === 'tariff' ? base.minus(next) : next.minus(base);
      total = total.plus(cost);
      // Per household type, then the rule's totals as their sums (so that they add up by construction).
      const totals = new Array<number>(NRM).fill(0);
      let gains = SUM_ZERO;
      let losses = SUM_ZERO;
      const perType: Record<string, ReformRuleChange> = {};
      types.forEach((t, ti) => {
        const at = (r * types.length + ti) * NRM;
        const c = REFORM_METRICS.map((_, k) => ref.ruleTypes[at + k] ?? 0);
        const g = sum(ref.ruleGains, r * types.length + ti);
        const l = sum(ref.ruleLosses, r * types.length + ti);
        c.forEach((x, k) => (totals[k] = (totals[k] as number) + x));
        gains = gains.plus(g);
        losses = losses.plus(l);
        if (c.some((x) => x > 0)) perType[t] = reformChange(c, g, l);
      });
      const change = reformChange(totals, gains, losses);
      return {
        id: rule.id,
        title: rule.title,
        kind: rule.kind,
        inKind: !rule.money,
        ...change,
        perMonthBaseline: base.toFixed(2),
        perMonthReform: next.toFixed(2),
        costPerMonth: cost.toFixed(2),
        byType: perType,
      };
    });
    const byType: Record<string, WinnersLosers> = {};
    types.forEach((t, ti) => {
      if ((ref.households[ti] ?? 0) === 0) return;
      byType[t] = {
        households: ref.households[ti] ?? 0,
        winners: ref.winners[ti] ?? 0,
        losers: ref.losers[ti] ?? 0,
        unknown: ref.unknown[ti] ?? 0,
        gainsPerMonth: sum(ref.gains, ti).toFixed(2),
        lossesPerMonth: sum(ref.losses, ti).toFixed(2),
        becameUndetermined: ref.becameUndetermined[ti] ?? 0,
        newlyEligibleInKind: ref.newlyEligibleInKind[ti] ?? 0,
        noLongerEligibleInKind: ref.noLongerEligibleInKind[ti] ?? 0,
      };
    });
    reform = {
      id: ref.id,
      title: ref.title,
      baseline: ref.baseline,
      reform: ref.reform,
      rules: deltas.filter((_, r) => p.rules[r]?.affected === true),
      byType,
      costPerMonth: total.toFixed(2),
    };
  }
  const byType: Record<string, number> = {};
  types.forEach((t, ti) => {
    if ((p.typeCount[ti] ?? 0) > 0) byType[t] = p.typeCount[ti] ?? 0;
  });
  return {
    date: p.date,
    households: {
      total: p.total,
      valid: p.total - p.invalid,
      invalid: p.invalid,
      byType,
      byCommune: Object.fromEntries([...p.communeCount].sort(byKey)),
    },
    invalidExamples: p.invalidExamples.map((e) => ({ ...e })),
    rules,
    reform,
  };
}
