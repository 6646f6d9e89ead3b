import { ACTIVITIES, COUPLE_STATUSES, CUSTODY, HOUSING_STATUSES, INCOME_KINDS, LABELS, NATIONALITIES, SCHOOLING } from '../household/enums.js';
import type { Household } from '../household/schema.js';
import { Money } from '../money.js';
import { frenchMonth } from './format.js';

/** How a question is answered in a form. */
export type InputType = 'date' | 'month' | 'number' | 'money' | 'boolean' | 'choice' | 'text' | 'incomes';

/** What a missing field is, for a person to answer. */
export interface QuestionSpec {
  /** The question's id: a household field path, or `incomes` for the monthly income records. */
  readonly id: string;
  readonly label: string;
  readonly help?: string;
  readonly input: InputType;
  readonly values?: readonly string[];
  /** The person concerned, for person fields. */
  readonly person?: string;
  /** For income questions: the months to fill in. */
  readonly months?: readonly string[];
}

const PERSON_FIELDS: Readonly<Record<string, { label: string; input: InputType; values?: readonly string[]; help?: string }>> = {
  birthDate: { label: 'Date de naissance', input: 'date' },
  activity: { label: 'Situation professionnelle', input: 'choice', values: ACTIVITIES },
  nationality: { label: 'Nationalité', input: 'choice', values: NATIONALITIES },
  residencePermitSince: { label: 'Date du premier titre de séjour autorisant à travailler', input: 'date' },
  unemployedSince: { label: "Date d'inscription comme demandeur d'emploi", input: 'date' },
  disabilityRate: { label: "Taux d'incapacité reconnu par la MDPH", input: 'number', help: '0,5 pour 50 %, 0,8 pour 80 % ; 0 sans handicap reconnu' },
  restrictedWorkAccess: { label: "Restriction substantielle et durable d'accès à l'emploi reconnue par la CDAPH", input: 'boolean', help: "Pour l'AAH avec un taux d'incapacité de 50 à 79 %." },
  gir: { label: "GIR (groupe iso-ressources) évalué par l'équipe médico-sociale", input: 'number', help: 'de 1 (très dépendant) à 6 (autonome)' },
  unfitForWork: { label: 'Inaptitude au travail reconnue', input: 'boolean' },
  pregnant: { label: 'Grossesse en cours', input: 'boolean' },
  custody: { label: 'Mode de garde', input: 'choice', values: CUSTODY },
  schooling: { label: 'Scolarité', input: 'choice', values: SCHOOLING },
  carer: { label: "Aide régulièrement un proche âgé ou handicapé", input: 'boolean' },
};

const FIELDS: Readonly<Record<string, Omit<QuestionSpec, 'id'>>> = {
  commune: { label: 'Commune de résidence', input: 'text', help: 'code INSEE, ex. 86194 pour Poitiers' },
  area: { label: 'Quartier de résidence', input: 'text' },
  'couple.status': { label: 'Situation de couple', input: 'choice', values: COUPLE_STATUSES },
  'couple.since': { label: 'Date de la séparation (ou du changement de situation)', input: 'date' },
  incomesComplete: { label: 'Tous les revenus des derniers mois sont-ils déclarés ?', input: 'boolean', help: 'Oui si un mois sans ligne de revenu est un mois sans revenu.' },
  'housing.status': { label: 'Situation de logement', input: 'choice', values: HOUSING_STATUSES },
  'housing.monthlyRent': { label: 'Loyer mensuel (charges comprises)', input: 'money' },
  'housing.housingBenefit': { label: 'Aide au logement perçue par mois', input: 'money' },
  'services.crecheHoursPerMonth': { label: "Heures d'accueil en crèche par mois", input: 'number' },
  'services.canteenMealsPerMonth': { label: 'Repas de cantine par mois', input: 'number' },
  'services.afterSchoolHoursPerMonth': { label: "Heures d'accueil périscolaire par mois", input: 'number' },
  'services.mealsAtHomePerMonth': { label: 'Repas livrés à domicile par mois', input: 'number' },
};

/** The question a missing-field key asks (`incomes.2026-08` keys are grouped into one `incomes` question). */
export function questionId(key: string): string {
  if (/^incomes\.\d{4}-\d{2}$/.test(key)) return 'incomes';
  if (/^incomes\.\d{4}-\d{2}\.grossAmount$/.test(key)) return 'incomes.grossAmount';
  return key;
}

/** Describes a question for a person, from the missing keys grouped under it. */
export function describeQuestion(id: string, keys: readonly string[], household: Household): QuestionSpec {
  if (id === 'incomes' || id === 'incomes.grossAmount') {
    const months = [...new Set(keys.map((k) => k.split('.')[1] as string))].sort();
    const list = months.map(frenchMonth).join(', ');
    return id === 'incomes'
      ? { id, label: `Revenus mensuels du demandeur et du conjoint : ${list}`, help: 'Un montant par mois et par type de revenu ; indiquez aussi les mois sans revenu.', input: 'incomes', values: INCOME_KINDS, months }
      : { id, label: `Montant brut de la pension de retraite : ${list}`, help: 'Le montant avant prélèvements sociaux (CSG, CRDS), sur le relevé de la caisse de retraite.', input: 'money', months };
  }
  const person = /^persons\.([^.]+)\.(.+)$/.exec(id);
  if (person !== null) {
    const [, pid, field] = person as unknown as [string, string, string];
    const p = household.persons.find((x) => x.id === pid);
    const who = p === undefined ? pid : `${LABELS[p.role] ?? p.role} (${pid})`;
    const spec = PERSON_FIELDS[field] ?? { label: field, input: 'text' as const };
    return { id, ...spec, label: `${spec.label} — ${who}`, person: pid };
  }
  const tax = /^taxReturns\.(\d{4})$/.exec(id);
  if (tax !== null) {
    const year = Number(tax[1]);
    return { id, label: `Revenu fiscal de référence ${year} (avis d'impôt ${year + 1} sur les revenus ${year})`, input: 'money', help: "Sur la première page de l'avis d'impôt, avec le nombre de parts." };
  }
  const known = FIELDS[id];
  return known === undefined ? { id, label: id, input: 'text' } : { id, ...known };
}

/**
 * Sorts questions by the money they settle: the highest monthly amount the rules they decide could still pay
 * (the top of their range; an unbounded range first), then the most rules settled, then the money already
 * computed, then id. A question that settles no money (a tariff, a service) comes after those that do.
 */
export function rankQuestions<T extends { readonly id: string; readonly rules: readonly string[]; readonly monthlyAtStake: Money; readonly range?: { readonly high: string | null } | null | undefined }>(questions: T[]): T[] {
  const top = (q: T): Money | null | undefined => (q.range === null || q.range === undefined ? undefined : q.range.high === null ? null : new Money(q.range.high));
  const byMoney = (a: T, b: T): number => {
    const x = top(a);
    const y = top(b);
    if (x === y) return 0;
    if (x === undefined) return 1;
    if (y === undefined) return -1;
    if (x === null) return -1;
    if (y === null) return 1;
    return y.cmp(x);
  };
  return questions.sort((a, b) => byMoney(a, b) || b.rules.length - a.rules.length || b.monthlyAtStake.cmp(a.monthlyAtStake) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
