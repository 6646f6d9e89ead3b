import { expandIncomeKinds, INCOME_KIND_INDEX, INCOME_KINDS } from '../household/enums.js';
import { completedMonths, formatMonth } from '../dates.js';
import { Cents, ZERO_CENTS, parseCents } from '../money.js';
import type { FactContext, IncomeRecord, MissingSink } from './context.js';
import type { IncomePolicy, PeriodChoice } from './income-policy.js';

/** How income records are summed over a window of months. */
export interface WindowOptions {
  /** Only these kinds (when given). */
  readonly include?: ReadonlySet<string> | undefined;
  /** Never these kinds. */
  readonly exclude?: ReadonlySet<string> | undefined;
  /** Use a pension's gross amount (ASPA counts gross pensions). */
  readonly gross?: boolean | undefined;
  /** Alimony received: include, exclude, or a cap per child and per month. */
  readonly alimony?: 'include' | 'exclude' | { readonly capCentsPerChild: number } | undefined;
  /** Alimony paid is deducted unless false. */
  readonly deductAlimonyPaid?: boolean | undefined;
}

/**
 * Sum of the resources of the applicant and the partner over the `count` calendar months before the
 * month of the evaluation date ("the 3 months before" the date of 2026-11-24 are August to October).
 * A month without any record for one of them is unknown unless the household says its incomes are
 * complete. The total is never below zero. Children's own incomes are not counted.
 */
export function windowTotal(ctx: FactContext, count: number, opts: WindowOptions, miss: MissingSink): Cents | undefined {
  // Without explanations, from the window's sums by kind (one pass over the records per window length).
  if (miss === null && typeof opts.alimony !== 'object') return fromSums(windowSums(ctx, count, undefined), opts);
  const complete = ctx.household.incomesComplete === true;
  const first = ctx.at.monthIndex - count;
  let unknown = false;
  // Sums of records are exact integer cents; the result becomes a decimal amount once, at the end.
  let total = 0;
  const policy = opts.alimony ?? 'include';
  const capCents = typeof policy === 'object' ? policy.capCentsPerChild * ctx.childCount : 0;
  for (let m = first; m < ctx.at.monthIndex; m += 1) {
    let alimony = 0;
    for (let i = 0; i < 2; i += 1) {
      const person = i === 0 ? ctx.applicant : ctx.partner;
      if (person === undefined) continue;
      const records = ctx.resourceRecords.get(m * 2 + i);
      if (records === undefined) {
        if (!complete) {
          unknown = true;
          miss?.add(`incomes.${formatMonth(m)}`);
        }
        continue;
      }
      for (const r of records) {
        if (opts.exclude?.has(r.kind) === true) continue;
        if (opts.include !== undefined && !opts.include.has(r.kind)) continue;
        if (r.kind === 'alimony-paid') {
          if (opts.deductAlimonyPaid !== false) total -= r.cents;
        } else if (r.kind === 'alimony-received') {
          alimony += r.cents;
        } else if (opts.gross === true && r.kind === 'pension') {
          if (r.grossCents === undefined) {
            unknown = true;
            miss?.add(`incomes.${formatMonth(m)}.grossAmount`);
          } else total += r.grossCents;
        } else {
          total += r.cents;
        }
      }
    }
    if (policy === 'include') total += alimony;
    else if (typeof policy === 'object') total += Math.min(alimony, capCents);
  }
  if (unknown) return undefined;
  return total <= 0 ? ZERO_CENTS : new Cents(total, 1);
}

/** The revenu fiscal de référence of the year `yearsBefore` before the evaluation year. */
export function taxReturnOf(ctx: FactContext, yearsBefore: number, miss: MissingSink): { income: Cents; shares: number } | undefined {
  const year = ctx.at.year - yearsBefore;
  let found: NonNullable<FactContext['household']['taxReturns']>[number] | undefined;
  for (const t of ctx.household.taxReturns ?? []) {
    if (t.year === year) {
      found = t;
      break;
    }
  }
  if (found === undefined) {
    miss?.add(`taxReturns.${year}`);
    return undefined;
  }
  return { income: new Cents(parseCents(found.referenceIncome), 1), shares: found.shares };
}

function periodMonthly(ctx: FactContext, period: PeriodChoice, policy: IncomePolicy, miss: MissingSink): Cents | undefined {
  if (typeof period === 'object') {
    let lowest: Cents | undefined;
    let unknown = false;
    for (const p of period.lowerOf) {
      const v = periodMonthly(ctx, p, policy, miss);
      if (v === undefined) unknown = true;
      else if (lowest === undefined || v.cmp(lowest) < 0) lowest = v;
    }
    return unknown ? undefined : lowest;
  }
  if (period === 'tax-n-2' || period === 'tax-n-1') {
    // The RFR is a yearly tax figure: the alimony and benefit options of the policy cannot be applied to it.
    const ret = taxReturnOf(ctx, period === 'tax-n-2' ? 2 : 1, miss);
    return ret === undefined ? undefined : new Cents(ret.income.n, 12);
  }
  const months = period === 'last-month' ? 1 : period === 'last-3-months' ? 3 : 12;
  const alimony = policy.alimonyReceived;
  const total = windowTotal(
    ctx,
    months,
    {
      exclude: policy.excludedKinds === undefined ? undefined : expandIncomeKinds(policy.excludedKinds),
      alimony: typeof alimony === 'string' ? alimony : { capCentsPerChild: parseCents(alimony.capPerChildPerMonth) },
      deductAlimonyPaid: policy.deductAlimonyPaid,
    },
    miss,
  );
  return total === undefined ? undefined : new Cents(total.n, months);
}

/** Whether the recent-income period applies: a separation less than N completed months ago. */
function recentSeparation(ctx: FactContext, withinMonths: number, miss: MissingSink): boolean | undefined {
  const couple = ctx.household.couple;
  if (couple === undefined) {
    if (ctx.partner !== undefined) return false;
    miss?.add('couple.status');
    return undefined;
  }
  if (couple.status !== 'separated') return false;
  const since = ctx.coupleSince;
  if (since === undefined) {
    miss?.add('couple.since');
    return undefined;
  }
  if (since.iso > ctx.at.iso) return false;
  return completedMonths(since, ctx.at) < withinMonths;
}

/** Monthly reference income of the household under a territory's declared policy. */
export function referenceMonthlyIncome(ctx: FactContext, policy: IncomePolicy, miss: MissingSink): Cents | undefined {
  let period = policy.base;
  if (policy.afterSeparation !== undefined) {
    const recent = recentSeparation(ctx, policy.afterSeparation.withinMonths, miss);
    if (recent === undefined) return undefined;
    if (recent) period = policy.afterSeparation.base;
  }
  return periodMonthly(ctx, period, policy, miss);
}

const KIND_INDEX = INCOME_KIND_INDEX;
const PENSION = KIND_INDEX.get('pension') as number;
const ALIMONY_RECEIVED = KIND_INDEX.get('alimony-received') as number;
const ALIMONY_PAID = KIND_INDEX.get('alimony-paid') as number;

/** What one pass over a window's records gives: cents by kind, gross pensions, and whether a month is missing. */
interface WindowSums {
  /** The window's first month and the records it was summed from. */
  readonly first: number;
  readonly records: readonly IncomeRecord[];
  readonly net: readonly number[];
  readonly gross: number;
  /** A pension of the window without its gross amount. */
  readonly grossMissing: boolean;
  /** A month without any record (for the applicant or the partner; for the person), incomes not said complete. */
  readonly missing: boolean;
}

/**
 * The sums of a window of `count` months for the applicant and the partner (`person` undefined) or for
 * one person, kept in the context: the RSA, the CSS and the prime d'activité read the same months with
 * other kinds, and each reads them from these sums instead of the records.
 */
function windowSums(ctx: FactContext, count: number, person: string | undefined): WindowSums {
  const first = ctx.at.monthIndex - count;
  const slot = count === 1 ? 0 : count === 3 ? 1 : 2;
  let byPerson: Map<string, WindowSums> | undefined;
  let key = '';
  if (person !== undefined) {
    byPerson = ctx.windows[6] as Map<string, WindowSums> | undefined;
    if (byPerson === undefined) ctx.windows[6] = byPerson = new Map();
    key = `${count}\u0000${person}`;
  }
  // A context copied with another date or other records (distances, the outlook) does not reuse these sums.
  const cached = (byPerson === undefined ? ctx.windows[slot] : byPerson.get(key)) as WindowSums | undefined;
  if (cached !== undefined && cached.first === first && cached.records === ctx.records) return cached;
  // A plain array: a small typed array costs more to allocate than it saves here.
  const net: number[] = new Array<number>(INCOME_KINDS.length).fill(0);
  let gross = 0;
  let grossMissing = false;
  let missing = false;
  const complete = ctx.household.incomesComplete === true;
  const add = (r: IncomeRecord) => {
    const k = r.kindIndex ?? (KIND_INDEX.get(r.kind) as number);
    net[k] = (net[k] as number) + r.cents;
    if (k === PENSION) {
      if (r.grossCents === undefined) grossMissing = true;
      else gross += r.grossCents;
    }
  };
  if (person === undefined) {
    for (let m = first; m < ctx.at.monthIndex; m += 1) {
      for (let i = 0; i < 2; i += 1) {
        if ((i === 0 ? ctx.applicant : ctx.partner) === undefined) continue;
        const records = ctx.resourceRecords.get(m * 2 + i);
        if (records === undefined) missing ||= !complete;
        else for (const r of records) add(r);
      }
    }
  } else {
    let seen = 0;
    for (const r of ctx.records) {
      if (r.person !== person || r.month < first || r.month >= ctx.at.monthIndex) continue;
      seen |= 1 << (r.month - first);
      add(r);
    }
    missing = !complete && seen !== 2 ** count - 1;
  }
  const sums: WindowSums = { first, records: ctx.records, net, gross, grossMissing, missing };
  if (byPerson === undefined) ctx.windows[slot] = sums;
  else byPerson.set(key, sums);
  return sums;
}

/** A window's total from its sums, as `windowTotal` computes it from the records (alimony not capped). */
function fromSums(s: WindowSums, opts: WindowOptions): Cents | undefined {
  if (s.missing) return undefined;
  let total = 0;
  const net = s.net;
  for (let k = 0; k < net.length; k += 1) {
    const v = net[k] as number;
    if (v === 0 && (k !== PENSION || opts.gross !== true)) continue;
    const kind = INCOME_KINDS[k] as string;
    if (opts.exclude?.has(kind) === true) continue;
    if (opts.include !== undefined && !opts.include.has(kind)) continue;
    if (k === ALIMONY_PAID) {
      if (opts.deductAlimonyPaid !== false) total -= v;
    } else if (k === ALIMONY_RECEIVED) {
      if (opts.alimony !== 'exclude') total += v;
    } else if (k === PENSION && opts.gross === true) {
      if (s.grossMissing) return undefined;
      total += s.gross;
    } else total += v;
  }
  return total <= 0 ? ZERO_CENTS : new Cents(total, 1);
}

/**
 * A person's own income over a window, from the window's sums (see `personIncome` in person.ts, which
 * calls it without explanations): alimony paid deducted, never below zero.
 */
export function personWindowTotal(ctx: FactContext, person: string, count: number, opts: WindowOptions): Cents | undefined {
  return fromSums(windowSums(ctx, count, person), opts);
}

/** The kinds of income some person of the household received (a positive amount) in a window, as bits. */
interface Received {
  readonly first: number;
  readonly records: readonly IncomeRecord[];
  readonly kinds: number;
}

/**
 * Whether some person of the household received an income of `kind` (a positive amount) in the `count`
 * months before the month of the date: from the kinds received in that window, one pass over the records.
 */
export function receivedInWindow(ctx: FactContext, kind: string, count: number): boolean {
  const first = ctx.at.monthIndex - count;
  const slot = 3 + (count === 1 ? 0 : count === 3 ? 1 : 2);
  let r = ctx.windows[slot] as Received | undefined;
  if (r === undefined || r.first !== first || r.records !== ctx.records) {
    let kinds = 0;
    for (const rec of ctx.records) if (rec.cents > 0 && rec.month >= first && rec.month < ctx.at.monthIndex) kinds |= 1 << (rec.kindIndex ?? (KIND_INDEX.get(rec.kind) as number));
    ctx.windows[slot] = r = { first, records: ctx.records, kinds };
  }
  return (r.kinds & (1 << (KIND_INDEX.get(kind) as number))) !== 0;
}
