/**
 * The barometer over time: one population simulated at two dates, and per right the change in eligible,
 * receiving and unclaimed households and in unclaimed money. The households are the same at both dates;
 * what changes is the catalog in force (rules opening or closing, parameters revalued) and what each date
 * makes of the data (ages, income windows). Plain data in and out; runs unchanged in a browser.
 */
import { Money } from '../money.js';
import type { Catalog } from '../rules/catalog.js';
import { nonTakeUpRate, type RuleAggregate, type SimulationResult } from './simulate.js';

/**
 * A rule's counts and unclaimed money: at one date (`RuleAtDate`), or their change from the earlier date to
 * the later one (`RuleChange`, later − earlier).
 */
export interface RuleFigures {
  readonly eligible: number;
  readonly receiving: number;
  readonly unclaimed: number;
  readonly claimUnknown: number;
  readonly undetermined: number;
  /**
   * At a date: unclaimed ÷ (receiving + unclaimed), null when no eligible household's claim is known. As a
   * change: in percentage points × 0.01 (0.05 = 5 points), null when a rate is missing at either date.
   */
  readonly rate: number | null;
  /** Unclaimed money of an aid in euros (null for a tariff or a service), per month, one-off, per year (12 × month + one-off). */
  readonly unclaimedPerMonth: string | null;
  readonly unclaimedOnce: string | null;
  readonly unclaimedPerYear: string | null;
}

/** A rule's figures at one date, or why there are none. */
export interface RuleAtDate extends RuleFigures {
  /** Whether the rule is in force at the date (its validity window holds it). */
  readonly inForce: boolean;
}

/** The change of a rule's figures from the earlier date to the later one (later − earlier). */
export type RuleChange = RuleFigures;

export interface RuleOverTime {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly illustrative: boolean;
  /** The rule's validity window, from the catalog (`until` exclusive). */
  readonly validity: { readonly from: string; readonly until: string | null };
  /** `both`, or the one date at which the rule is in force. */
  readonly inForce: 'both' | 'from' | 'to';
  readonly from: RuleAtDate;
  readonly to: RuleAtDate;
  /** The change, when the rule is in force at both dates; null otherwise (a right that opens or closes between them). */
  readonly change: RuleChange | null;
  /** Other versions of the same aid (`versionOf`) in force at the date where this one is not. */
  readonly otherVersions: readonly { readonly id: string; readonly title: string }[];
}

/** Totals over the rights concerned at each date, and their change. */
export interface TotalsOverTime {
  readonly from: { readonly eligible: number; readonly receiving: number; readonly unclaimed: number; readonly claimUnknown: number; readonly rate: number | null; readonly unclaimedPerMonth: string; readonly unclaimedOnce: string; readonly unclaimedPerYear: string };
  readonly to: TotalsOverTime['from'];
  readonly change: { readonly eligible: number; readonly receiving: number; readonly unclaimed: number; readonly claimUnknown: number; readonly rate: number | null; readonly unclaimedPerMonth: string; readonly unclaimedOnce: string; readonly unclaimedPerYear: string };
}

/**
 * A household record as the earlier of two dates knows it: its income records of months after that date's
 * month left out (a date cannot know them, and no income window reaches past the date), so that a
 * population whose incomes run to the later date can be read at the earlier one. Everything else is
 * unchanged: a person born after the date, or a situation that starts after it, leaves the record invalid
 * at that date, and counted so. Not a record's object, or nothing to leave out: returned as it is.
 */
export function withoutLaterIncomes(raw: unknown, date: string): { readonly household: unknown; readonly dropped: number } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { household: raw, dropped: 0 };
  const incomes = (raw as { incomes?: unknown }).incomes;
  if (!Array.isArray(incomes)) return { household: raw, dropped: 0 };
  const month = date.slice(0, 7);
  const later = (i: unknown): boolean => i !== null && typeof i === 'object' && typeof (i as { month?: unknown }).month === 'string' && /^\d{4}-\d{2}$/.test((i as { month: string }).month) && (i as { month: string }).month > month;
  const kept = incomes.filter((i) => !later(i));
  return kept.length === incomes.length ? { household: raw, dropped: 0 } : { household: { ...(raw as Record<string, unknown>), incomes: kept }, dropped: incomes.length - kept.length };
}

/** Income records left out at the earlier date (`withoutLaterIncomes`): how many, in how many households. */
export interface LaterIncomesIgnored {
  readonly date: string;
  readonly records: number;
  readonly households: number;
}

/** The barometer of one population at two dates. */
export interface DateComparison {
  /** The earlier and the later date, `YYYY-MM-DD`, whatever the order they were given in. */
  readonly from: string;
  readonly to: string;
  readonly households: {
    readonly from: { readonly total: number; readonly valid: number; readonly invalid: number };
    readonly to: { readonly total: number; readonly valid: number; readonly invalid: number };
  };
  /** Rights concerning at least one household at one of the dates, in catalog order. */
  readonly rules: readonly RuleOverTime[];
  readonly totals: TotalsOverTime;
  /** Income records of months after the earlier date, left out when reading the population at that date; null when none was. */
  readonly laterIncomesIgnored: LaterIncomesIgnored | null;
}

const inForceAt = (v: RuleOverTime['validity'], date: string): boolean => v.from <= date && (v.until === null || date < v.until);

function atDate(r: RuleAggregate | undefined, inForce: boolean): RuleAtDate {
  const c = r?.counts;
  const m = r?.money ?? null;
  return {
    inForce,
    eligible: c?.eligible ?? 0,
    receiving: c?.receiving ?? 0,
    unclaimed: c?.unclaimed ?? 0,
    claimUnknown: c?.claimUnknown ?? 0,
    undetermined: c?.undetermined ?? 0,
    rate: c === undefined ? null : nonTakeUpRate(c),
    unclaimedPerMonth: m?.unclaimedPerMonth ?? null,
    unclaimedOnce: m?.unclaimedOnce ?? null,
    unclaimedPerYear: m?.unclaimedPerYear ?? null,
  };
}

const minus = (a: string | null, b: string | null): string | null => (a === null || b === null ? null : new Money(a).minus(b).toFixed(2));
const rateChange = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round((b - a) * 10000) / 10000);

function totals(result: SimulationResult) {
  let perMonth = new Money(0);
  let once = new Money(0);
  const c = { eligible: 0, receiving: 0, unclaimed: 0, claimUnknown: 0 };
  for (const r of result.rules) {
    if (r.counts.concerned === 0) continue;
    c.eligible += r.counts.eligible;
    c.receiving += r.counts.receiving;
    c.unclaimed += r.counts.unclaimed;
    c.claimUnknown += r.counts.claimUnknown;
    if (r.money !== null) {
      perMonth = perMonth.plus(r.money.unclaimedPerMonth);
      once = once.plus(r.money.unclaimedOnce);
    }
  }
  return { ...c, rate: nonTakeUpRate(c), unclaimedPerMonth: perMonth.toFixed(2), unclaimedOnce: once.toFixed(2), unclaimedPerYear: perMonth.times(12).plus(once).toFixed(2) };
}

/**
 * Compares the barometers of one population at two dates (two results of `simulate`, in either order):
 * per right, its figures at each date and the change from the earlier to the later one. A right in force
 * at only one of the dates has no change, and says at which date it is in force (and which other version
 * of the same aid is in force at the other date, if any). `catalog` is the one both results were computed
 * with: it gives the rules' validity windows.
 *
 * @example
 * const comparison = compareDates(simulateSync(households, { date: '2026-06-30', catalog }), simulateSync(households, { date: '2026-11-24', catalog }), catalog);
 */
export function compareDates(a: SimulationResult, b: SimulationResult, catalog: Catalog, laterIncomesIgnored: LaterIncomesIgnored | null = null): DateComparison {
  const [early, late] = a.date <= b.date ? [a, b] : [b, a];
  const byId = (r: SimulationResult) => new Map(r.rules.map((x) => [x.id, x]));
  const e = byId(early);
  const l = byId(late);
  const rules: RuleOverTime[] = [];
  for (const rule of catalog.rules) {
    const re = e.get(rule.id);
    const rl = l.get(rule.id);
    if ((re?.counts.concerned ?? 0) === 0 && (rl?.counts.concerned ?? 0) === 0) continue;
    const validity = { from: rule.validity.from, until: rule.validity.until };
    const fromIn = inForceAt(validity, early.date);
    const toIn = inForceAt(validity, late.date);
    const from = atDate(re, fromIn);
    const to = atDate(rl, toIn);
    const both = fromIn && toIn;
    const missingAt = !fromIn ? early.date : !toIn ? late.date : undefined;
    const otherVersions =
      missingAt === undefined || rule.versionOf === undefined
        ? []
        : catalog.rules.filter((o) => o.id !== rule.id && o.versionOf === rule.versionOf && inForceAt(o.validity, missingAt)).map((o) => ({ id: o.id, title: o.title }));
    rules.push({
      id: rule.id,
      title: rule.title,
      kind: rule.kind,
      illustrative: (rule.illustrative ?? []).length > 0,
      validity,
      inForce: both ? 'both' : fromIn ? 'from' : 'to',
      from,
      to,
      change: both
        ? {
            eligible: to.eligible - from.eligible,
            receiving: to.receiving - from.receiving,
            unclaimed: to.unclaimed - from.unclaimed,
            claimUnknown: to.claimUnknown - from.claimUnknown,
            undetermined: to.undetermined - from.undetermined,
            rate: rateChange(from.rate, to.rate),
            unclaimedPerMonth: minus(to.unclaimedPerMonth, from.unclaimedPerMonth),
            unclaimedOnce: minus(to.unclaimedOnce, from.unclaimedOnce),
            unclaimedPerYear: minus(to.unclaimedPerYear, from.unclaimedPerYear),
          }
        : null,
      otherVersions,
    });
  }
  const tf = totals(early);
  const tt = totals(late);
  const h = (r: SimulationResult) => ({ total: r.households.total, valid: r.households.valid, invalid: r.households.invalid });
  return {
    from: early.date,
    to: late.date,
    households: { from: h(early), to: h(late) },
    rules,
    laterIncomesIgnored: laterIncomesIgnored === null || laterIncomesIgnored.records === 0 ? null : laterIncomesIgnored,
    totals: {
      from: tf,
      to: tt,
      change: {
        eligible: tt.eligible - tf.eligible,
        receiving: tt.receiving - tf.receiving,
        unclaimed: tt.unclaimed - tf.unclaimed,
        claimUnknown: tt.claimUnknown - tf.claimUnknown,
        rate: rateChange(tf.rate, tt.rate),
        unclaimedPerMonth: new Money(tt.unclaimedPerMonth).minus(tf.unclaimedPerMonth).toFixed(2),
        unclaimedOnce: new Money(tt.unclaimedOnce).minus(tf.unclaimedOnce).toFixed(2),
        unclaimedPerYear: new Money(tt.unclaimedPerYear).minus(tf.unclaimedPerYear).toFixed(2),
      },
    },
  };
}
