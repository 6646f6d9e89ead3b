import { formatMonth, parseEvaluationDate, tryParseDate, tryParseMonth, type CivilDate } from '../dates.js';
import type { Household, Person } from '../household/schema.js';
import type { Catalog } from '../rules/catalog.js';
import type { Report } from './report.js';

/** A right that opens or closes within the horizon, for the household left unchanged. */
export interface OutlookEvent {
  readonly rule: string;
  readonly title: string;
  /**
   * `amount`: still eligible, for another amount (a tariff whose income base changes); `to-check`: it will
   * depend on information the household has not given for that date (listed in `missing`).
   */
  readonly change: 'opens' | 'closes' | 'amount' | 'to-check';
  readonly missing?: readonly string[];
  /** For `amount`: the amount before and after (decimal strings, same period). */
  readonly from?: string;
  readonly to?: string;
  /** The first day it is so (`YYYY-MM-DD`). */
  readonly date: string;
  /** Why then: a birthday, a rule coming into force, the anniversary of a separation. */
  readonly reason: string;
}

/** The dates at which something about the household or the catalog changes, with why. */
export interface Milestone {
  readonly date: string;
  readonly reason: string;
}

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The day a birthday falls in a year: 29 February is reached on 1 March in other years. */
export function birthdayIn(year: number, birth: CivilDate): string {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return birth.month === 2 && birth.day === 29 && !leap ? iso(year, 3, 1) : iso(year, birth.month, birth.day);
}

function addMonths(d: CivilDate, n: number): string {
  const idx = d.monthIndex + n;
  const y = Math.floor(idx / 12);
  const m = idx - y * 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return iso(y, m, Math.min(d.day, last));
}

/**
 * The first day on which `months` whole months have passed since a date, as durations are counted
 * (`completedMonths`: a month counts from its day). A day the month lacks is reached on the 1st of the
 * next one: 12 months after 29 February 2024 is 1 March 2025, 3 months after 31 August is 1 December.
 */
export function monthsReachedOn(since: CivilDate, months: number): string {
  const idx = since.monthIndex + months;
  const y = Math.floor(idx / 12);
  const m = idx - y * 12 + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (since.day <= last) return iso(y, m, since.day);
  return m === 12 ? iso(y + 1, 1, 1) : iso(y, m + 1, 1);
}

/**
 * A fact that counts a duration since a date of the household (a waiting period): in whole months or
 * years, from the date `since` gives, which is undefined while the duration does not run (not
 * unemployed, not separated) or the date is not given. The household left unchanged, its value only
 * grows with time, so the day a threshold is reached is exact.
 */
export interface WaitingFact {
  readonly unit: 'month' | 'year';
  readonly since: (household: Household) => { readonly person: string | null; readonly date: CivilDate; readonly reached: (duration: string) => string } | undefined;
}

/** The first person of a role, as the facts take them. */
function personOfRole(household: Household, role: 'applicant' | 'partner'): Person | undefined {
  return household.persons.find((p) => p.role === role);
}

function permitSince(role: 'applicant' | 'partner'): WaitingFact['since'] {
  return (household) => {
    const p = personOfRole(household, role);
    const date = p?.residencePermitSince === undefined ? undefined : tryParseDate(p.residencePermitSince);
    return p === undefined || date === undefined ? undefined : { person: p.id, date, reached: (d) => `${p.id} a son titre de séjour depuis ${d}` };
  };
}

function unemployedSince(role: 'applicant' | 'partner'): WaitingFact['since'] {
  return (household) => {
    const p = personOfRole(household, role);
    // Only a person who is unemployed now counts months of unemployment (facts/definitions.ts).
    const date = p?.activity !== 'unemployed' || p.unemployedSince === undefined ? undefined : tryParseDate(p.unemployedSince);
    return p === undefined || date === undefined ? undefined : { person: p.id, date, reached: (d) => `${p.id} est privé d'emploi depuis ${d}` };
  };
}

/**
 * The waiting-period facts of `facts/definitions.ts`: the years a residence permit has been held (RSA and
 * prime d'activité 5 years, ASPA 10 years), the months of unemployment (Territoire zéro chômeur: one year),
 * the months since a separation. The household contract has no date of arrival in France nor of the
 * start of a couple, so no fact counts them.
 */
export const WAITING_FACTS: ReadonlyMap<string, WaitingFact> = new Map<string, WaitingFact>([
  ['applicant.residencePermitYears', { unit: 'year', since: permitSince('applicant') }],
  ['partner.residencePermitYears', { unit: 'year', since: permitSince('partner') }],
  ['applicant.unemployedMonths', { unit: 'month', since: unemployedSince('applicant') }],
  ['partner.unemployedMonths', { unit: 'month', since: unemployedSince('partner') }],
  [
    'household.monthsSinceSeparation',
    {
      unit: 'month',
      since: (household) => {
        const date = household.couple?.status === 'separated' && household.couple.since !== undefined ? tryParseDate(household.couple.since) : undefined;
        return date === undefined ? undefined : { person: null, date, reached: (d) => `la séparation a ${d}` };
      },
    },
  ],
]);

/** A duration a condition of the catalog looks at: the day it is reached may open or close a right. */
export interface WaitingPeriod {
  readonly fact: string;
  /** The duration, in whole months (years are counted as 12 months). */
  readonly months: number;
}

/** The whole units at which a leaf `fact <op> value` changes truth: reached at `value` (≥, <), or one more (>, ≤). */
function thresholdUnits(operator: string, value: number): number | undefined {
  if (operator === 'greaterThanInclusive' || operator === 'lessThan') return Math.ceil(value);
  if (operator === 'greaterThan' || operator === 'lessThanInclusive') return Math.floor(value) + 1;
  return undefined;
}

/** The leaves on a waiting-period fact with a literal threshold, anywhere in a tree of conditions or expressions. */
function collectWaits(node: unknown, out: Map<string, WaitingPeriod>, depth: number): void {
  if (depth > 64 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const c of node) collectWaits(c, out, depth + 1);
    return;
  }
  // Plain AST objects only (a Money literal is a leaf value, not a tree).
  if (Object.getPrototypeOf(node) !== Object.prototype) return;
  const n = node as Record<string, unknown>;
  if (n.kind === 'leaf' && typeof n.fact === 'string' && typeof n.operator === 'string') {
    const wait = WAITING_FACTS.get(n.fact);
    const value = n.value as { kind?: unknown; value?: unknown } | undefined;
    if (wait !== undefined && value?.kind === 'literal' && typeof value.value === 'number') {
      const units = thresholdUnits(n.operator, value.value);
      if (units !== undefined && units > 0) {
        const months = wait.unit === 'year' ? units * 12 : units;
        out.set(`${n.fact}\u0000${String(months)}`, { fact: n.fact, months });
      }
    }
    return;
  }
  for (const v of Object.values(n)) collectWaits(v, out, depth + 1);
}

/** The waiting periods the rules and named values of a catalog look at (« titre de séjour depuis 5 ans », « privé d'emploi depuis un an »). */
export function waitingPeriods(catalog: Catalog): WaitingPeriod[] {
  const out = new Map<string, WaitingPeriod>();
  for (const r of catalog.rules) {
    collectWaits(r.conditions, out, 0);
    collectWaits(r.amount, out, 0);
  }
  for (const v of catalog.values.values()) for (const version of v.versions) collectWaits(version.body, out, 0);
  return [...out.values()].sort((a, b) => (a.fact < b.fact ? -1 : a.fact > b.fact ? 1 : a.months - b.months));
}

/** « 5 ans », « 1 an », « 12 mois ». */
export function durationWords(value: number, unit: 'month' | 'year'): string {
  return unit === 'year' ? `${value} an${value > 1 ? 's' : ''}` : `${value} mois`;
}

/**
 * The milestones of a household after a date, up to `months` later: each person's birthdays, the day a
 * separation reaches an age an income policy looks at, the end of each waiting period the catalog looks
 * at (`waitingPeriods`), the new tax year, and the dates rules come into force or end and parameters change.
 */
export function milestones(
  household: Household,
  date: string,
  months: number,
  ruleDates: readonly { readonly date: string; readonly reason: string }[],
  separationMonths: ReadonlySet<number>,
  waits: readonly WaitingPeriod[] = [],
): Milestone[] {
  const at = parseEvaluationDate(date);
  const end = addMonths(at, months);
  const out = new Map<string, string[]>();
  const add = (d: string, reason: string) => {
    if (d <= at.iso || d > end) return;
    out.set(d, [...(out.get(d) ?? []), reason]);
  };
  for (const p of household.persons) {
    const birth = p.birthDate === undefined ? undefined : tryParseDate(p.birthDate);
    if (birth === undefined) continue;
    for (let y = at.year; y <= at.year + Math.ceil(months / 12) + 1; y += 1) add(birthdayIn(y, birth), `anniversaire de ${p.id} (${y - birth.year} ans)`);
  }
  const since = household.couple?.status === 'separated' && household.couple.since !== undefined ? tryParseDate(household.couple.since) : undefined;
  if (since !== undefined) {
    // Only the ages of a separation that an income policy of the catalog looks at (« within 12 months »).
    for (const k of separationMonths) add(monthsReachedOn(since, k), `la séparation a ${k} mois : la base de ressources change`);
  }
  for (const w of waits) {
    const wait = WAITING_FACTS.get(w.fact);
    const from = wait?.since(household);
    // A separation age an income policy looks at is already a milestone, with what it changes.
    if (wait === undefined || from === undefined || (w.fact === 'household.monthsSinceSeparation' && separationMonths.has(w.months))) continue;
    add(monthsReachedOn(from.date, w.months), from.reached(wait.unit === 'year' && w.months % 12 === 0 ? durationWords(w.months / 12, 'year') : durationWords(w.months, 'month')));
  }
  // On 1 January the tax notices a rule reads (N-1, N-2) move on by a year.
  for (let y = at.year + 1; y <= at.year + Math.ceil(months / 12) + 1; y += 1) add(iso(y, 1, 1), `nouvelle année : les avis d'impôt de référence deviennent ceux des revenus ${y - 2} (N-2) et ${y - 1} (N-1)`);
  for (const r of ruleDates) add(r.date, r.reason);
  return [...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, reasons]) => ({ date: d, reason: reasons.join(' ; ') }));
}

/**
 * The household left unchanged at a later date: the incomes of its last declared month continue for the
 * months after it (a salary stays a salary), so that income windows that move forward stay known.
 */
export function projectHousehold(household: Household, until: string): Household {
  const incomes = household.incomes ?? [];
  let last = -1;
  for (const inc of incomes) last = Math.max(last, tryParseMonth(inc.month) ?? -1);
  const target = (tryParseMonth(until.slice(0, 7)) ?? 0) - 1;
  if (last < 0 || target <= last) return household;
  const lastMonth = formatMonth(last);
  const template = incomes.filter((i) => i.month === lastMonth);
  const added = [];
  for (let m = last + 1; m <= target; m += 1) for (const t of template) added.push({ ...t, month: formatMonth(m) });
  return { ...household, incomes: [...incomes, ...added] };
}

/**
 * What opens and what closes: the statuses of the report at each milestone compared with today's.
 * `reportAt` evaluates the (projected) household at a date with the same catalog.
 */
export function outlookOf(today: Report, household: Household, points: readonly Milestone[], reportAt: (h: Household, date: string) => Report): OutlookEvent[] {
  const events: OutlookEvent[] = [];
  const before = new Map(today.results.map((r) => [r.id, r.status]));
  const amounts = new Map(today.results.filter((r) => r.amount !== null).map((r) => [r.id, r.amount?.value as string]));
  const seen = new Set<string>();
  for (const p of points) {
    const later = reportAt(projectHousehold(household, p.date), p.date);
    for (const r of later.results) {
      const was = before.get(r.id);
      const amountBefore = amounts.get(r.id);
      if (was === 'eligible' && r.status === 'eligible' && r.amount !== null && amountBefore !== undefined && amountBefore !== r.amount.value) {
        events.push({ rule: r.id, title: r.title, change: 'amount', from: amountBefore, to: r.amount.value, date: p.date, reason: p.reason });
        amounts.set(r.id, r.amount.value);
      }
      if (was === undefined || was === r.status) continue;
      const change = r.status === 'eligible' ? 'opens' : was === 'eligible' && (r.status === 'ineligible' || r.status === 'not-in-force') ? 'closes' : was === 'eligible' && r.status === 'undetermined' ? 'to-check' : undefined;
      if (change !== undefined && !seen.has(`${r.id}:${change}`)) {
        seen.add(`${r.id}:${change}`);
        events.push({ rule: r.id, title: r.title, change, date: p.date, reason: p.reason, ...(change === 'to-check' ? { missing: r.missing } : {}) });
      }
      before.set(r.id, r.status);
      if (r.amount !== null) amounts.set(r.id, r.amount.value);
    }
  }
  return events;
}
