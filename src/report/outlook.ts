import { formatMonth, parseEvaluationDate, tryParseDate, tryParseMonth, type CivilDate } from '../dates.js';
import type { Household } from '../household/schema.js';
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
 * The milestones of a household after a date, up to `months` later: each person's birthdays, the day a
 * separation reaches an age an income policy looks at, the new tax year, and the dates rules come into
 * force or end and parameters change.
 */
export function milestones(household: Household, date: string, months: number, ruleDates: readonly { readonly date: string; readonly reason: string }[], separationMonths: ReadonlySet<number>): Milestone[] {
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
    for (const k of separationMonths) add(addMonths(since, k), `la séparation a ${k} mois : la base de ressources change`);
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
