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
  /** The kinds counted as bits (`kindMask` of `include` and `exclude`), when already computed. */
  readonly kinds?: number | undefined;
}

/**
 * Sum of the resources of the applicant and the partner over the `count` calendar months before the
 * month of the evaluation date ("the 3 months before" the date of 2026-11-24 are August to October).
 * A month without any record for one of them is unknown unless the household says its incomes are
 * complete. The total is never below zero. Children's own incomes are not counted.
 */
export function windowTotal(ctx: FactContext, count: number, opts: WindowOptions, miss: MissingSink): Cents | undefined {
  // Without explanations, from the sums by kind (`incomeSums`: one pass over the records for every window).
  if (miss === null && typeof opts.alimony !== 'object') return householdWindowTotal(ctx, count, opts);
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
const KINDS = INCOME_KINDS.length;
const PENSION = KIND_INDEX.get('pension') as number;
const ALIMONY_RECEIVED = KIND_INDEX.get('alimony-received') as number;
const ALIMONY_PAID = KIND_INDEX.get('alimony-paid') as number;

/** The income kinds a window counts, as bits: `include` (all when not given) less `exclude`. */
export function kindMask(include: ReadonlySet<string> | undefined, exclude: ReadonlySet<string> | undefined): number {
  let mask = 0;
  for (let k = 0; k < KINDS; k += 1) {
    const kind = INCOME_KINDS[k] as string;
    if ((include === undefined || include.has(kind)) && exclude?.has(kind) !== true) mask |= 1 << k;
  }
  return mask;
}

/** The window lengths facts read (months before the month of the date), and their index in the sums. */
const WINDOWS = 3;
const LONGEST = 12;
function windowIndex(count: number): number {
  return count === 1 ? 0 : count === 3 ? 1 : 2;
}

/** The shortest window holding a month `offset` months before the month of the date (0: the month before): it and the longer ones hold it. */
function shortestHolding(offset: number): number {
  return offset < 1 ? 0 : offset < 3 ? 1 : 2;
}

/** The sums of one person's records, or of the applicant's and the partner's, over the three windows. */
interface Sums {
  /** Cents by `window × KINDS + kind`. */
  readonly net: number[];
  /** Gross cents of pensions, by window. */
  readonly gross: number[];
  /** By window, as bits: a pension of the window without its gross amount. */
  grossMissing: number;
  /** The months of the 12-month window with at least one record, as bits (bit 0: the month before the date's). */
  seen: number;
}

/** Zero cents for every window and kind: copied (a packed array's copy is cheaper than a filled new one). */
const NO_CENTS: readonly number[] = new Array<number>(WINDOWS * KINDS).fill(0);

function emptySums(): Sums {
  return { net: NO_CENTS.slice(), gross: [0, 0, 0], grossMissing: 0, seen: 0 };
}

/** What one pass over a household's records gives at a date: the sums of the last 1, 3 and 12 months. */
interface IncomeSums {
  /** The month index of the date and the records summed (a context copied with another date or other records does not reuse them). */
  readonly month: number;
  readonly records: readonly IncomeRecord[];
  /** The applicant's and the partner's records together (the household's resources). */
  readonly household: Sums;
  /** Each person's own records, by person id (persons without a record of the last 12 months are absent). */
  readonly persons: Map<string, Sums>;
  /** By window: the kinds some person of the household received (a positive amount), as bits. */
  readonly received: number[];
}

/** Adds a record `offset` months before the month of the date (0: the month before) to sums, from window `from` on. */
function addTo(s: Sums, r: IncomeRecord, k: number, offset: number, from: number): void {
  s.seen |= 1 << offset;
  for (let w = from; w < WINDOWS; w += 1) {
    const at = w * KINDS + k;
    s.net[at] = (s.net[at] as number) + r.cents;
    if (k === PENSION) {
      if (r.grossCents === undefined) s.grossMissing |= 1 << w;
      else s.gross[w] = (s.gross[w] as number) + r.grossCents;
    }
  }
}

/**
 * The sums of the household's records over the 1, 3 and 12 calendar months before the month of the date,
 * by kind, for the applicant and the partner together and for each person: one pass over the records,
 * kept in the context. The RSA, the CSS, the prime d'activité and the per-person incomes read the same
 * months with other kinds, and each reads them from these sums instead of the records.
 */
function incomeSums(ctx: FactContext): IncomeSums {
  const month = ctx.at.monthIndex;
  const cached = ctx.windows[0] as IncomeSums | undefined;
  if (cached !== undefined && cached.month === month && cached.records === ctx.records) return cached;
  const household = emptySums();
  const persons = new Map<string, Sums>();
  const received = [0, 0, 0];
  const applicant = ctx.applicant?.id;
  const partner = ctx.partner?.id;
  let lastId: string | undefined;
  let last: Sums | undefined;
  for (const r of ctx.records) {
    const offset = month - 1 - r.month;
    if (offset < 0 || offset >= LONGEST) continue;
    const k = r.kindIndex ?? (KIND_INDEX.get(r.kind) as number);
    if (r.person !== lastId || last === undefined) {
      lastId = r.person;
      last = persons.get(r.person);
      if (last === undefined) persons.set(r.person, (last = emptySums()));
    }
    const from = shortestHolding(offset);
    addTo(last, r, k, offset, from);
    if (r.person === applicant || r.person === partner) addTo(household, r, k, offset, from);
    if (r.cents > 0) for (let w = from; w < WINDOWS; w += 1) received[w] = (received[w] as number) | (1 << k);
  }
  const sums: IncomeSums = { month, records: ctx.records, household, persons, received };
  ctx.windows[0] = sums;
  return sums;
}

/** Whether every month of a window has a record of a person (`seen` as in `Sums`). */
function allSeen(seen: number, count: number): boolean {
  const mask = 2 ** count - 1;
  return (seen & mask) === mask;
}

/** A window's total from its sums, as `windowTotal` computes it from the records (alimony not capped). */
function fromSums(s: Sums, w: number, kinds: number, opts: WindowOptions): Cents | undefined {
  let total = 0;
  const net = s.net;
  const base = w * KINDS;
  const gross = opts.gross === true;
  for (let k = 0; k < KINDS; k += 1) {
    if ((kinds & (1 << k)) === 0) continue;
    const v = net[base + k] as number;
    if (k === PENSION && gross) {
      if ((s.grossMissing & (1 << w)) !== 0) return undefined;
      total += s.gross[w] as number;
    } else if (v === 0) continue;
    else if (k === ALIMONY_PAID) {
      if (opts.deductAlimonyPaid !== false) total -= v;
    } else if (k === ALIMONY_RECEIVED) {
      if (opts.alimony !== 'exclude') total += v;
    } else total += v;
  }
  return total <= 0 ? ZERO_CENTS : new Cents(total, 1);
}

/** The household's window total without explanations (see `windowTotal`), alimony not capped. */
function householdWindowTotal(ctx: FactContext, count: number, opts: WindowOptions): Cents | undefined {
  const sums = incomeSums(ctx);
  if (ctx.household.incomesComplete !== true) {
    // A month without a record of the applicant, or of the partner, is unknown.
    if (ctx.applicant !== undefined && !allSeen(sums.persons.get(ctx.applicant.id)?.seen ?? 0, count)) return undefined;
    if (ctx.partner !== undefined && !allSeen(sums.persons.get(ctx.partner.id)?.seen ?? 0, count)) return undefined;
  }
  return fromSums(sums.household, windowIndex(count), opts.kinds ?? kindMask(opts.include, opts.exclude), opts);
}

/**
 * A person's own income over a window, from the window's sums (see `personIncome` in person.ts, which
 * calls it without explanations): alimony paid deducted, never below zero.
 */
export function personWindowTotal(ctx: FactContext, person: string, count: number, opts: WindowOptions): Cents | undefined {
  const s = incomeSums(ctx).persons.get(person);
  if (ctx.household.incomesComplete !== true && !allSeen(s?.seen ?? 0, count)) return undefined;
  return s === undefined ? ZERO_CENTS : fromSums(s, windowIndex(count), opts.kinds ?? kindMask(opts.include, opts.exclude), opts);
}

/**
 * Whether some person of the household received an income of `kind` (a positive amount) in the `count`
 * months before the month of the date: from the kinds received in that window, one pass over the records.
 */
export function receivedInWindow(ctx: FactContext, kind: string, count: number): boolean {
  return ((incomeSums(ctx).received[windowIndex(count)] as number) & (1 << (KIND_INDEX.get(kind) as number))) !== 0;
}
