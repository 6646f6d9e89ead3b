import { ageAt, type CivilDate } from '../dates.js';
import type { PreparedHousehold } from '../facts/context.js';

/** Household types of the barometer's breakdowns (French labels in `HOUSEHOLD_TYPE_LABELS`). */
export const HOUSEHOLD_TYPES = [
  'parent-seul',
  'couple-avec-enfants',
  'couple-sans-enfant',
  'seul-18-25',
  'seul-26-59',
  'seul-60-plus',
  'autre',
  'inconnu',
] as const;
export type HouseholdType = (typeof HOUSEHOLD_TYPES)[number];

export const HOUSEHOLD_TYPE_LABELS: Readonly<Record<HouseholdType, string>> = {
  'parent-seul': 'Parent seul avec enfant(s)',
  'couple-avec-enfants': 'Couple avec enfant(s)',
  'couple-sans-enfant': 'Couple sans enfant',
  'seul-18-25': 'Personne seule de 18 à 25 ans',
  'seul-26-59': 'Personne seule de 26 à 59 ans',
  'seul-60-plus': 'Personne seule de 60 ans et plus',
  autre: 'Autre foyer (personnes hébergées…)',
  inconnu: 'Type inconnu (situation de couple ou âge non renseigné)',
};

/** The type of a household at a date, from its composition; `inconnu` when what decides it is missing. */
export function householdType(p: PreparedHousehold, at: CivilDate): HouseholdType {
  const others = p.household.persons.some((x) => x.role === 'other');
  const inCouple = p.partner !== undefined ? true : p.household.couple === undefined ? undefined : p.household.couple.status === 'couple';
  if (p.childCount > 0) {
    if (inCouple === undefined) return 'inconnu';
    return inCouple ? 'couple-avec-enfants' : 'parent-seul';
  }
  if (inCouple === true) return 'couple-sans-enfant';
  if (others) return 'autre';
  const birth = p.applicant === undefined ? undefined : p.births.get(p.applicant.id);
  if (birth === undefined) return 'inconnu';
  const age = ageAt(birth, at);
  if (age >= 60) return 'seul-60-plus';
  if (age >= 18 && age <= 25) return 'seul-18-25';
  if (age > 25) return 'seul-26-59';
  return 'autre';
}
