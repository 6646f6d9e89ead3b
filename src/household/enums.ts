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
  'af',
  'complement-familial',
  'asf',
  'paje',
  'ars',
  'housing-benefit',
  'rsa',
  'ppa',
  'aah',
  'aeeh',
  'aspa',
  'asi',
  'ass',
  'other',
] as const;
export type IncomeKind = (typeof INCOME_KINDS)[number];

/** The index of each income kind in `INCOME_KINDS` (income windows keep their sums by kind, and kinds received as bits). */
export const INCOME_KIND_INDEX: ReadonlyMap<string, number> = new Map(INCOME_KINDS.map((k, i) => [k, i]));

/**
 * Income kinds that name a family of detailed kinds: a rule that includes or excludes `family-benefits`
 * (prestations familiales) includes or excludes each of them too, so that a household may give its family
 * benefits in one line or by type (AF, complément familial, ASF, PAJE, ARS) and be counted the same.
 */
export const INCOME_KIND_GROUPS: Readonly<Partial<Record<IncomeKind, readonly IncomeKind[]>>> = {
  'family-benefits': ['af', 'complement-familial', 'asf', 'paje', 'ars'],
};

/** The kinds a list of kinds stands for, groups expanded (`family-benefits` → itself and its detailed kinds). */
export function expandIncomeKinds(kinds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const k of kinds) {
    out.add(k);
    for (const d of INCOME_KIND_GROUPS[k as IncomeKind] ?? []) out.add(d);
  }
  return out;
}

/** Claim states, after the Odenore typology of non-take-up. */
export const CLAIM_STATES = ['receiving', 'applied', 'refused', 'not-applied', 'unaware', 'not-offered'] as const;
export type ClaimState = (typeof CLAIM_STATES)[number];

/**
 * The French label of each value, vocabulary by vocabulary. A value may belong to several vocabularies with
 * different meanings (`other` is « autre personne » as a role, « autre nationalité » as a nationality,
 * « autre revenu » as an income kind): a caller that knows which field it shows reads this map.
 *
 * @example
 * VOCABULARY_LABELS.nationality.other // « autre nationalité »
 */
export const VOCABULARY_LABELS = {
  role: { applicant: 'demandeur', partner: 'conjoint', child: 'enfant', other: 'autre personne' },
  activity: {
    employed: 'salarié',
    'self-employed': 'indépendant',
    unemployed: "demandeur d'emploi",
    student: 'étudiant',
    apprentice: 'apprenti',
    'work-study': 'alternant',
    'civic-service': 'service civique',
    retired: 'retraité',
    inactive: 'sans activité',
  },
  schooling: {
    creche: 'crèche',
    maternelle: 'école maternelle',
    elementaire: 'école élémentaire',
    college: 'collège',
    lycee: 'lycée',
    superieur: 'enseignement supérieur',
    none: 'non scolarisé',
  },
  nationality: { fr: 'française', eea: 'UE / EEE / Suisse', other: 'autre nationalité' },
  custody: { full: 'garde complète', shared: 'garde alternée' },
  coupleStatus: { single: 'seul', couple: 'en couple', separated: 'séparé', widowed: 'veuf ou veuve' },
  housingStatus: {
    tenant: 'locataire',
    'social-tenant': 'locataire HLM',
    owner: 'propriétaire',
    hosted: 'hébergé',
    'hosted-free': 'hébergé gratuitement',
    'hosted-paying': 'hébergé contre participation',
    homeless: 'sans domicile',
    institution: 'en établissement',
  },
  incomeKind: {
    salary: 'salaire',
    'self-employment': "revenu d'activité indépendante",
    unemployment: 'allocation chômage',
    'daily-allowance': 'indemnités journalières',
    internship: 'gratification de stage',
    pension: 'pension de retraite',
    'alimony-received': 'pension alimentaire reçue',
    'alimony-paid': 'pension alimentaire versée',
    'family-benefits': 'prestations familiales (sans détail)',
    af: 'allocations familiales',
    'complement-familial': 'complément familial',
    asf: 'allocation de soutien familial',
    paje: "prestation d'accueil du jeune enfant (PAJE)",
    ars: 'allocation de rentrée scolaire',
    'housing-benefit': 'aide au logement',
    rsa: 'RSA',
    ppa: "prime d'activité",
    aah: 'AAH',
    aeeh: 'AEEH',
    aspa: 'ASPA',
    asi: 'ASI',
    ass: 'allocation de solidarité spécifique (ASS)',
    other: 'autre revenu',
  },
  claimState: {
    receiving: 'perçu',
    applied: 'demandé, en attente',
    refused: 'refusé',
    'not-applied': 'non demandé',
    unaware: 'inconnu de la personne',
    'not-offered': 'non proposé',
  },
} as const satisfies {
  readonly role: Readonly<Record<Role, string>>;
  readonly activity: Readonly<Record<Activity, string>>;
  readonly schooling: Readonly<Record<(typeof SCHOOLING)[number], string>>;
  readonly nationality: Readonly<Record<(typeof NATIONALITIES)[number], string>>;
  readonly custody: Readonly<Record<(typeof CUSTODY)[number], string>>;
  readonly coupleStatus: Readonly<Record<CoupleStatus, string>>;
  readonly housingStatus: Readonly<Record<(typeof HOUSING_STATUSES)[number], string>>;
  readonly incomeKind: Readonly<Record<IncomeKind, string>>;
  readonly claimState: Readonly<Record<ClaimState, string>>;
};

/** The name of one closed vocabulary of the household contract (`role`, `nationality`, `incomeKind`…). */
export type Vocabulary = keyof typeof VOCABULARY_LABELS;

/** The values of each vocabulary, in the order of the contract. */
export const VOCABULARIES: { readonly [V in Vocabulary]: readonly (keyof (typeof VOCABULARY_LABELS)[V])[] } = {
  role: ROLES,
  activity: ACTIVITIES,
  schooling: SCHOOLING,
  nationality: NATIONALITIES,
  custody: CUSTODY,
  coupleStatus: COUPLE_STATUSES,
  housingStatus: HOUSING_STATUSES,
  incomeKind: INCOME_KINDS,
  claimState: CLAIM_STATES,
};

/** The labels of the vocabulary whose values are exactly `values` (an enum of the schema), or undefined. */
export function vocabularyLabels(values: readonly unknown[]): Readonly<Record<string, string>> | undefined {
  for (const [name, list] of Object.entries(VOCABULARIES) as [Vocabulary, readonly string[]][]) {
    if (list.length === values.length && list.every((v, i) => v === values[i])) return VOCABULARY_LABELS[name];
  }
  return undefined;
}

/**
 * French labels by value alone, for callers that show a value without knowing its field (a fact value in
 * a report sentence). The labels are those of `VOCABULARY_LABELS`, except that `other`, which several
 * vocabularies share, keeps its historical role label « autre personne »: a caller that knows the field
 * should read `VOCABULARY_LABELS[vocabulary][value]` instead. School levels other than `none` are French
 * words already and have no entry here (reports print them as they are).
 */
export const LABELS: Readonly<Record<string, string>> = Object.fromEntries([
  ...(Object.entries(VOCABULARY_LABELS) as [Vocabulary, Readonly<Record<string, string>>][]).flatMap(([name, labels]) =>
    Object.entries(labels).filter(([value]) => value !== 'other' && (name !== 'schooling' || value === 'none')),
  ),
  ['other', VOCABULARY_LABELS.role.other],
]);
