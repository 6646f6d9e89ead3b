/** Closed vocabularies of the household contract, with their French labels (for questions and reports). */

export const ROLES = ['applicant', 'partner', 'child', 'other'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIVITIES = [
  'employed',
  'self-employed',
  'unemployed',
  'student',
  'apprentice',
  'work-study',
  'civic-service',
  'retired',
  'inactive',
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Where a person is schooled or minded; `none`: not at school (a child not yet minded, a young person out of school). */
export const SCHOOLING = ['creche', 'maternelle', 'elementaire', 'college', 'lycee', 'superieur', 'none'] as const;
export const NATIONALITIES = ['fr', 'eea', 'other'] as const;
export const CUSTODY = ['full', 'shared'] as const;
export const COUPLE_STATUSES = ['single', 'couple', 'separated', 'widowed'] as const;
export type CoupleStatus = (typeof COUPLE_STATUSES)[number];
/**
 * Housing situations. `hosted` is kept for a household hosted without saying whether it pays; `hosted-free`
 * (logé gratuitement, which the RSA forfait logement counts, CASF art. R262-9) and `hosted-paying` (hébergé
 * contre un loyer ou une participation) say it.
 */
export const HOUSING_STATUSES = ['tenant', 'social-tenant', 'owner', 'hosted', 'hosted-free', 'hosted-paying', 'homeless', 'institution'] as const;

export const INCOME_KINDS = [
  'salary',
  'self-employment',
  'unemployment',
  'daily-allowance',
  'internship',
  'pension',
  'alimony-received',
  'alimony-paid',
  'family-benefits',
  'housing-benefit',
  'rsa',
  'ppa',
  'aah',
  'aeeh',
  'aspa',
  'asi',
  'other',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** Claim states, after the Odenore typology of non-take-up. */
export const CLAIM_STATES = ['receiving', 'applied', 'refused', 'not-applied', 'unaware', 'not-offered'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

export const LABELS: Readonly<Record<string, string>> = {
  applicant: 'demandeur',
  partner: 'conjoint',
  child: 'enfant',
  other: 'autre personne',
  employed: 'salarié',
  'self-employed': 'indépendant',
  unemployed: "demandeur d'emploi",
  student: 'étudiant',
  apprentice: 'apprenti',
  'work-study': 'alternant',
  'civic-service': 'service civique',
  retired: 'retraité',
  inactive: 'sans activité',
  fr: 'française',
  eea: 'UE / EEE / Suisse',
  full: 'garde complète',
  shared: 'garde alternée',
  single: 'seul',
  couple: 'en couple',
  separated: 'séparé',
  widowed: 'veuf ou veuve',
  tenant: 'locataire',
  'social-tenant': 'locataire HLM',
  owner: 'propriétaire',
  hosted: 'hébergé',
  'hosted-free': 'hébergé gratuitement',
  'hosted-paying': 'hébergé contre participation',
  homeless: 'sans domicile',
  institution: 'en établissement',
  none: 'non scolarisé',
  salary: 'salaire',
  'self-employment': "revenu d'activité indépendante",
  unemployment: 'allocation chômage',
  'daily-allowance': 'indemnités journalières',
  internship: 'gratification de stage',
  pension: 'pension de retraite',
  'alimony-received': 'pension alimentaire reçue',
  'alimony-paid': 'pension alimentaire versée',
  'family-benefits': 'prestations familiales',
  'housing-benefit': 'aide au logement',
  rsa: 'RSA',
  ppa: "prime d'activité",
  aah: 'AAH',
  aeeh: 'AEEH',
  aspa: 'ASPA',
  asi: 'ASI',
  receiving: 'perçu',
  applied: 'demandé, en attente',
  refused: 'refusé',
  'not-applied': 'non demandé',
  unaware: 'inconnu de la personne',
  'not-offered': 'non proposé',
};
