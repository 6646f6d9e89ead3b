import { ageAt, decodeValidDate, tryParseMonth, type CivilDate } from '../dates.js';
import { INCOME_KIND_INDEX } from '../household/enums.js';
import type { Household, Person } from '../household/schema.js';
import { parseCents, type Cents, type Money } from '../money.js';

/** Facts that are not given are `undefined` (unknown); this is never zero and never false. */
export type FactValue = number | Cents | Money | boolean | string | readonly string[];

/** Collects the household fields whose absence made a fact unknown (only in explained mode). */
export type MissingSink = Set<string> | null;

/** An income record, its amounts in integer cents (see `parseCents`). */
export interface IncomeRecord {
  readonly person: string;
  readonly kind: string;
  readonly month: number;
  readonly cents: number;
  readonly grossCents: number | undefined;
  /** The index of `kind` in `INCOME_KINDS`, when the preparer gives it (income windows sum by kind). */
  readonly kindIndex?: number | undefined;
}

/**
 * A validated household with what every evaluation reads already decoded: birth dates, months, amounts
 * in cents, records indexed by person and month. Prepare once, evaluate at many dates or under many
 * reforms (`simulate` does).
 */
export interface PreparedHousehold {
  readonly household: Household;
  readonly applicant: Person | undefined;
  readonly partner: Person | undefined;
  readonly childCount: number;
  /** `couple.since`, decoded. */
  readonly coupleSince: CivilDate | undefined;
  readonly births: ReadonlyMap<string, CivilDate | undefined>;
  readonly records: readonly IncomeRecord[];
  /** The applicant's (slot 0) and the partner's (slot 1) records by `month * 2 + slot`: one lookup per month. */
  readonly resourceRecords: ReadonlyMap<number, readonly IncomeRecord[]>;
}

/** Decodes a household that `parseHousehold` validated, once (dates and amounts are not re-checked). */
export function prepareHousehold(household: Household): PreparedHousehold {
  let applicant: Person | undefined;
  let partner: Person | undefined;
  let childCount = 0;
  const births = new Map<string, CivilDate | undefined>();
  for (const p of household.persons) {
    if (p.role === 'applicant' && applicant === undefined) applicant = p;
    else if (p.role === 'partner' && partner === undefined) partner = p;
    else if (p.role === 'child') childCount += 1;
    births.set(p.id, p.birthDate === undefined ? undefined : decodeValidDate(p.birthDate));
  }
  const records: IncomeRecord[] = [];
  const resourceRecords = new Map<number, IncomeRecord[]>();
  const applicantId = applicant?.id;
  const partnerId = partner?.id;
  for (const inc of household.incomes ?? []) {
    const month = tryParseMonth(inc.month);
    if (month === undefined) continue;
    const r: IncomeRecord = { person: inc.person, kind: inc.kind, month, cents: parseCents(inc.amount), grossCents: inc.grossAmount === undefined ? undefined : parseCents(inc.grossAmount), kindIndex: INCOME_KIND_INDEX.get(inc.kind) };
    records.push(r);
    const slot = inc.person === applicantId ? 0 : inc.person === partnerId ? 1 : -1;
    if (slot >= 0) {
      const key = month * 2 + slot;
      const same = resourceRecords.get(key);
      if (same === undefined) resourceRecords.set(key, [r]);
      else same.push(r);
    }
  }
  const coupleSince = household.couple?.since === undefined ? undefined : decodeValidDate(household.couple.since);
  return { household, applicant, partner, childCount, coupleSince, births, records, resourceRecords };
}

/** Everything derived from one household at one date. One context per household evaluation. */
export interface FactContext extends PreparedHousehold {
  readonly at: CivilDate;
  /**
   * Sums of income windows (see `incomeSums` in income.ts), made by the first fact that reads one: in
   * `windows[0]`, the last 1, 3 and 12 months' sums by kind, of the household and of each person.
   */
  readonly windows: unknown[];
}

/** Creates the per-evaluation context (cheap: the household is already prepared). */
export function createFactContext(household: Household | PreparedHousehold, at: CivilDate): FactContext {
  const p = (household as Partial<PreparedHousehold>).resourceRecords !== undefined ? (household as PreparedHousehold) : prepareHousehold(household as Household);
  return { household: p.household, applicant: p.applicant, partner: p.partner, childCount: p.childCount, coupleSince: p.coupleSince, births: p.births, records: p.records, resourceRecords: p.resourceRecords, at, windows: [undefined] };
}

/** Age of a person in completed years at the evaluation date, or undefined (and the field is missing). */
export function personAge(ctx: FactContext, person: Person, miss: MissingSink): number | undefined {
  const birth = ctx.births.get(person.id);
  if (birth === undefined) {
    miss?.add(`persons.${person.id}.birthDate`);
    return undefined;
  }
  return ageAt(birth, ctx.at);
}
