import { compileCatalog, createEnv, evaluateRule, type CompiledCatalog, type Outcome, type Status } from '../engine/evaluator.js';
import { readSlot } from '../engine/env.js';
import { UNKNOWN } from '../engine/tri.js';
import { prepareHousehold, type PreparedHousehold } from '../facts/context.js';
import type { ClaimState } from '../household/enums.js';
import { safeParseHousehold } from '../household/parse.js';
import { nearThreshold } from '../report/distance.js';
import type { Household } from '../household/schema.js';
import { Money, ZERO } from '../money.js';
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
  /** What eligible households do not receive, per month and per year (12 × month + one-off amounts). */
  readonly unclaimedPerMonth: string;
  readonly unclaimedPerYear: string;
  readonly unclaimedOnce: string;
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

export interface ReformRuleDelta {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly eligibleBaseline: number;
  readonly eligibleReform: number;
  readonly newlyEligible: number;
  readonly noLongerEligible: number;
  /** Aids: what is paid to eligible households per month. Tariffs: what households pay per month (price × usage). Households whose value is unknown before or after are left out of both. */
  readonly perMonthBaseline: string;
  readonly perMonthReform: string;
  /** The change in public cost per month (aids paid more, or tariff revenue lost). */
  readonly costPerMonth: string;
}

export interface WinnersLosers {
  readonly households: number;
  readonly winners: number;
  readonly losers: number;
  /** Households whose gain is unknown (data missing before or after the reform). */
  readonly unknown: number;
  /** Sum of the known monthly gains of winners and losses of losers, in euros per month (a lower bound when a tariff's use is unknown). */
  readonly gainsPerMonth: string;
  readonly lossesPerMonth: string;
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

/** The accumulating state of one simulation: only aggregates, so memory stays constant. */
class Accumulator {
  readonly n: number;
  readonly counts: Float64Array;
  readonly byType: Float64Array;
  readonly byArea = new Map<string, Float64Array>();
  readonly byCommune = new Map<string, Float64Array>();
  readonly eligiblePerMonth: Money[];
  readonly unclaimedPerMonth: Money[];
  readonly unclaimedOnce: Money[];
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
    this.eligiblePerMonth = new Array<Money>(this.n).fill(ZERO);
    this.unclaimedPerMonth = new Array<Money>(this.n).fill(ZERO);
    this.unclaimedOnce = new Array<Money>(this.n).fill(ZERO);
  }

  private group(map: Map<string, Float64Array>, key: string): Float64Array {
    let a = map.get(key);
    if (a === undefined) map.set(key, (a = new Float64Array(this.n * NM)));
    return a;
  }

  add(r: number, status: Status, amount: Money | undefined, period: string | undefined, claim: ClaimState | undefined, type: number, area: Float64Array | undefined, commune: Float64Array | undefined): void {
    if (status === 'out-of-territory' || status === 'not-in-force') return;
    const metrics: number[] = [M.concerned];
    if (status === 'eligible') {
      metrics.push(M.eligible);
      if (claim === 'receiving') metrics.push(M.receiving);
      else {
        metrics.push(M.unclaimed, claim === undefined ? M.claimUnknown : CLAIM_METRIC[claim]);
      }
      const cr = this.compiled.rules[r];
      if (amount !== undefined && period !== undefined && cr?.rule.kind !== 'tariff' && cr?.amount?.unit === 'EUR') {
        const monthly = monthlyEquivalent(amount, period as never);
        if (period === 'once') {
          if (claim !== 'receiving') this.unclaimedOnce[r] = (this.unclaimedOnce[r] as Money).plus(amount);
        } else if (monthly !== undefined) {
          this.eligiblePerMonth[r] = (this.eligiblePerMonth[r] as Money).plus(monthly);
          if (claim !== 'receiving') this.unclaimedPerMonth[r] = (this.unclaimedPerMonth[r] as Money).plus(monthly);
        }
      }
    } else metrics.push(status === 'undetermined' ? M.undetermined : M.ineligible);
    const tBase = (r * HOUSEHOLD_TYPES.length + type) * NM;
    for (const m of metrics) {
      (this.counts[r * NM + m] as number) += 1;
      (this.byType[tBase + m] as number) += 1;
      if (area !== undefined) (area[r * NM + m] as number) += 1;
      if (commune !== undefined) (commune[r * NM + m] as number) += 1;
    }
  }

  areaArray(area: string | undefined): Float64Array | undefined {
    return area === undefined ? undefined : this.group(this.byArea, area);
  }

  communeArray(commune: string | undefined): Float64Array | undefined {
    return commune === undefined ? undefined : this.group(this.byCommune, commune);
  }
}

function countsOf(a: Float64Array, base: number): Counts {
  return Object.fromEntries(METRICS.map((m, i) => [m, a[base + i] ?? 0])) as Counts;
}

function nonEmpty(c: Counts): boolean {
  return c.concerned > 0;
}

/** Reform bookkeeping for one run. */
class ReformAccumulator {
  readonly eligible: Float64Array;
  readonly newly: Float64Array;
  readonly lost: Float64Array;
  readonly baseMoney: Money[];
  readonly reformMoney: Money[];
  readonly winners = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly losers = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly households = new Float64Array(HOUSEHOLD_TYPES.length);
  /** Households whose gain cannot be computed (a value unknown before or after). */
  readonly unknown = new Float64Array(HOUSEHOLD_TYPES.length);
  readonly gains: Money[] = new Array<Money>(HOUSEHOLD_TYPES.length).fill(ZERO);
  readonly losses: Money[] = new Array<Money>(HOUSEHOLD_TYPES.length).fill(ZERO);
  readonly baseEligible: Float64Array;

  constructor(readonly n: number) {
    this.eligible = new Float64Array(n);
    this.baseEligible = new Float64Array(n);
    this.newly = new Float64Array(n);
    this.lost = new Float64Array(n);
    this.baseMoney = new Array<Money>(n).fill(ZERO);
    this.reformMoney = new Array<Money>(n).fill(ZERO);
  }
}

/**
 * What one household gets from one rule per month, for reform comparisons: an aid's amount (monthly
 * equivalent) or a tariff's monthly cost (price × usage); zero when the rule does not apply to it;
 * undefined when it is not known (status undetermined, amount or usage unknown).
 */
function monthlyValue(compiled: CompiledCatalog, r: number, out: Outcome, env: ReturnType<typeof createEnv>): Money | undefined {
  const cr = compiled.rules[r];
  if (cr === undefined || cr.amount === null || cr.amount.unit !== 'EUR') return ZERO;
  if (out.status === 'undetermined') return undefined;
  if (out.status !== 'eligible') return ZERO;
  if (out.amount === undefined) return undefined;
  const period = out.period ?? cr.amount.period;
  if (cr.rule.kind === 'tariff') {
    if (cr.usage === null) return ZERO;
    const q = readSlot(env, cr.usage);
    return typeof q === 'number' ? out.amount.times(q) : undefined;
  }
  return monthlyEquivalent(out.amount, period) ?? ZERO;
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
  const every = options.progressEvery ?? 1000;
  const out: Outcome = { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN };
  const outR: Outcome = { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN };

  const push = (raw: unknown): void => {
    const index = acc.total;
    acc.total += 1;
    let household: Household;
    if (validate) {
      const parsed = safeParseHousehold(raw, parseOptions);
      if (!parsed.success) {
        acc.invalid += 1;
        if (acc.invalidExamples.length < 20) {
          const id = raw !== null && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? ((raw as { id: string }).id) : null;
          acc.invalidExamples.push({ index, id, issues: parsed.issues.slice(0, 5).map((i) => `${i.path || '(racine)'} : ${i.message}`) });
        }
        if (options.onProgress !== undefined && acc.total % every === 0) options.onProgress(acc.total);
        return;
      }
      household = parsed.household;
    } else household = raw as Household;
    const prepared: PreparedHousehold = prepareHousehold(household);
    const type = HOUSEHOLD_TYPES.indexOf(householdType(prepared, compiled.date));
    (acc.typeCount[type] as number) += 1;
    const commune = household.commune;
    if (commune !== undefined) acc.communeCount.set(commune, (acc.communeCount.get(commune) ?? 0) + 1);
    const areaArr = acc.areaArray(household.area);
    const communeArr = acc.communeArray(commune);
    const env = createEnv(compiled, prepared, false);
    const envR = reformCompiled === undefined ? undefined : createEnv(reformCompiled, prepared, false);
    let gain = ZERO;
    // Changes of unknown size whose direction is known (a cheaper tariff, use unknown) or not.
    let unknownUp = false;
    let unknownDown = false;
    for (let r = 0; r < acc.n; r += 1) {
      evaluateRule(compiled.rules[r]!, env, out);
      if (out.status === 'ineligible' && nearThreshold(compiled.rules[r]!, env, out, NEAR_SHARE)) (acc.near[r] as number) += 1;
      const claim = household.claims?.[compiled.rules[r]!.rule.id] as ClaimState | undefined;
      acc.add(r, out.status, out.amount, out.amount === undefined ? undefined : out.period, claim, type, areaArr, communeArr);
      if (ref !== undefined && envR !== undefined && reformCompiled !== undefined && affected[r] === true) {
        evaluateRule(reformCompiled.rules[r]!, envR, outR);
        const before = out.status === 'eligible';
        const after = outR.status === 'eligible';
        if (before) (ref.baseEligible[r] as number) += 1;
        if (after) (ref.eligible[r] as number) += 1;
        if (after && !before) (ref.newly[r] as number) += 1;
        if (before && !after) (ref.lost[r] as number) += 1;
        const vb = monthlyValue(compiled, r, out, env);
        const vr = monthlyValue(reformCompiled, r, outR, envR);
        if (vb === undefined || vr === undefined) {
          // A tariff whose monthly use is unknown: the sign of the change is still known from the price.
          const tariff = compiled.rules[r]!.rule.kind === 'tariff';
          if (tariff && out.status === 'eligible' && outR.status === 'eligible' && out.amount !== undefined && outR.amount !== undefined) {
            const c = outR.amount.cmp(out.amount);
            if (c < 0) unknownUp = true;
            else if (c > 0) unknownDown = true;
          } else {
            unknownUp = true;
            unknownDown = true;
          }
        } else {
          ref.baseMoney[r] = (ref.baseMoney[r] as Money).plus(vb);
          ref.reformMoney[r] = (ref.reformMoney[r] as Money).plus(vr);
          const delta = vr.minus(vb);
          // For the household, a higher aid is a gain, a higher tariff cost a loss.
          gain = compiled.rules[r]!.rule.kind === 'tariff' ? gain.minus(delta) : gain.plus(delta);
        }
      }
    }
    if (ref !== undefined) {
      (ref.households[type] as number) += 1;
      const up = (gain.isPositive() && !gain.isZero()) || unknownUp;
      const down = gain.isNegative() || unknownDown;
      if ((up && (unknownDown || gain.isNegative())) || (down && (unknownUp || (gain.isPositive() && !gain.isZero())))) (ref.unknown[type] as number) += 1;
      else if (up) {
        (ref.winners[type] as number) += 1;
        ref.gains[type] = (ref.gains[type] as Money).plus(gain);
      } else if (down) {
        (ref.losers[type] as number) += 1;
        ref.losses[type] = (ref.losses[type] as Money).minus(gain);
      }
    }
    if (options.onProgress !== undefined && acc.total % every === 0) options.onProgress(acc.total);
  };

  const finish = (): SimulationResult => {
    const types = HOUSEHOLD_TYPES;
    const rules = compiled.rules.map((cr, r): RuleAggregate => {
      const byType: Record<string, Counts> = {};
      types.forEach((t, ti) => {
        const c = countsOf(acc.byType, (r * types.length + ti) * NM);
        if (nonEmpty(c)) byType[t] = c;
      });
      const group = (map: Map<string, Float64Array>) => {
        const o: Record<string, Counts> = {};
        for (const k of [...map.keys()].sort()) {
          const c = countsOf(map.get(k) as Float64Array, r * NM);
          if (nonEmpty(c)) o[k] = c;
        }
        return o;
      };
      const perMonth = acc.unclaimedPerMonth[r] as Money;
      const once = acc.unclaimedOnce[r] as Money;
      const hasMoney = cr.rule.kind !== 'tariff' && cr.amount !== null && cr.amount.unit === 'EUR';
      return {
        id: cr.rule.id,
        title: cr.rule.title,
        kind: cr.rule.kind,
        institution: cr.rule.institution.name,
        illustrative: (cr.rule.illustrative ?? []).length > 0,
        counts: countsOf(acc.counts, r * NM),
        nearThreshold: acc.near[r] ?? 0,
        money: hasMoney
          ? {
              eligiblePerMonth: (acc.eligiblePerMonth[r] as Money).toFixed(2),
              unclaimedPerMonth: perMonth.toFixed(2),
              unclaimedPerYear: perMonth.times(12).plus(once).toFixed(2),
              unclaimedOnce: once.toFixed(2),
            }
          : null,
        byType,
        byArea: group(acc.byArea),
        byCommune: group(acc.byCommune),
      };
    });
    let reform: ReformResult | null = null;
    if (ref !== undefined && options.reform !== undefined) {
      let total = ZERO;
      const deltas = compiled.rules.map((cr, r): ReformRuleDelta => {
        const base = ref.baseMoney[r] as Money;
        const next = ref.reformMoney[r] as Money;
        const cost = cr.rule.kind === 'tariff' ? base.minus(next) : next.minus(base);
        total = total.plus(cost);
        return {
          id: cr.rule.id,
          title: cr.rule.title,
          kind: cr.rule.kind,
          eligibleBaseline: ref.baseEligible[r] ?? 0,
          eligibleReform: ref.eligible[r] ?? 0,
          newlyEligible: ref.newly[r] ?? 0,
          noLongerEligible: ref.lost[r] ?? 0,
          perMonthBaseline: base.toFixed(2),
          perMonthReform: next.toFixed(2),
          costPerMonth: cost.toFixed(2),
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
          gainsPerMonth: (ref.gains[ti] as Money).toFixed(2),
          lossesPerMonth: (ref.losses[ti] as Money).toFixed(2),
        };
      });
      reform = {
        id: options.reform.id,
        title: options.reform.title,
        baseline: options.reform.baseline?.title ?? 'Catalogue en vigueur',
        reform: options.reform.reform.title,
        rules: deltas.filter((_, r) => affected[r] === true),
        byType,
        costPerMonth: total.toFixed(2),
      };
    }
    const byType: Record<string, number> = {};
    types.forEach((t, ti) => {
      if ((acc.typeCount[ti] ?? 0) > 0) byType[t] = acc.typeCount[ti] ?? 0;
    });
    return {
      date: compiled.date.iso,
      households: {
        total: acc.total,
        valid: acc.total - acc.invalid,
        invalid: acc.invalid,
        byType,
        byCommune: Object.fromEntries([...acc.communeCount].sort((a, b) => (a[0] < b[0] ? -1 : 1))),
      },
      invalidExamples: acc.invalidExamples,
      rules,
      reform,
    };
  };
  return { push, finish };
}
