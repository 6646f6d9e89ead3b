import { ageAt, tryParseDate, tryParseMonth, type CivilDate } from '../dates.js';
import type { Household, Person } from '../household/schema.js';
import { Money } from '../money.js';

/** Facts that are not given are `undefined` (unknown); this is never zero and never false. */
export type FactValue = number | Money | boolean | string | readonly string[];

/** Collects the household fields whose absence made a fact unknown (only in explained mode). */
export type MissingSink = Set<string> | null;

interface IncomeRecord {
  readonly kind: string;
  readonly amount: Money;
  readonly gross: Money | undefined;
}

/**
 * Everything derived from one household at one date, computed lazily and at most once: parsed birth
 * dates, the index of income records by person and month. One context per household evaluation.
 */
export interface FactContext {
  readonly household: Household;
  readonly at: CivilDate;
  readonly applicant: Person | undefined;
  readonly partner: Person | undefined;
  births: Map<string, CivilDate | undefined> | undefined;
  incomes: Map<string, Map<number, IncomeRecord[]>> | undefined;
}

/** Creates the per-household context. Cheap: nothing is derived until a rule asks. */
export function createFactContext(household: Household, at: CivilDate): FactContext {
  let applicant: Person | undefined;
  let partner: Person | undefined;
  for (const p of household.persons) {
    if (p.role === 'applicant' && applicant === undefined) applicant = p;
    else if (p.role === 'partner' && partner === undefined) partner = p;
  }
  return { household, at, applicant, partner, births: undefined, incomes: undefined };
}

/** Age of a person in completed years at the evaluation date, or undefined (and the field is missing). */
export function personAge(ctx: FactContext, person: Person, miss: MissingSink): number | undefined {
  let births = ctx.births;
  if (births === undefined) {
    births = new Map();
    for (const p of ctx.household.persons) births.set(p.id, p.birthDate === undefined ? undefined : tryParseDate(p.birthDate));
    ctx.births = births;
  }
  const birth = births.get(person.id);
  if (birth === undefined) {
    miss?.add(`persons.${person.id}.birthDate`);
    return undefined;
  }
  return ageAt(birth, ctx.at);
}

/** Income records of one person, by month index. */
export function incomesOf(ctx: FactContext, personId: string): Map<number, IncomeRecord[]> | undefined {
  let index = ctx.incomes;
  if (index === undefined) {
    index = new Map();
    for (const inc of ctx.household.incomes ?? []) {
      const month = tryParseMonth(inc.month);
      if (month === undefined) continue;
      let byMonth = index.get(inc.person);
      if (byMonth === undefined) index.set(inc.person, (byMonth = new Map()));
      let list = byMonth.get(month);
      if (list === undefined) byMonth.set(month, (list = []));
      list.push({ kind: inc.kind, amount: new Money(inc.amount), gross: inc.grossAmount === undefined ? undefined : new Money(inc.grossAmount) });
    }
    ctx.incomes = index;
  }
  return index.get(personId);
}

/** The persons whose incomes make the household's resources: the applicant and the partner. */
export function resourcePersons(ctx: FactContext): readonly Person[] {
  const out: Person[] = [];
  if (ctx.applicant !== undefined) out.push(ctx.applicant);
  if (ctx.partner !== undefined) out.push(ctx.partner);
  return out;
}
