/**
 * The OpenFisca-France vocabulary the bridge reads and writes: the entities and their roles, the input
 * variables with their entity and period, and the correspondence of our closed vocabularies with
 * OpenFisca's enumerations. Names and values are those of the OpenFisca-France model
 * (`openfisca_france/entities.py`, `openfisca_france/model/…`); nothing of its code is used.
 */
import { INCOME_KINDS, type IncomeKind } from '../household/enums.js';

/** The four entities of OpenFisca-France, by their plural key in a situation. */
export const OPENFISCA_ENTITIES = ['individus', 'familles', 'foyers_fiscaux', 'menages'] as const;
export type OpenFiscaEntityKey = (typeof OPENFISCA_ENTITIES)[number];

/** The roles of each group entity, as a situation writes them (a role of at most one person may be a string). */
export const OPENFISCA_ROLES = {
  familles: ['parents', 'enfants'],
  foyers_fiscaux: ['declarants', 'personnes_a_charge'],
  menages: ['personne_de_reference', 'conjoint', 'enfants', 'autres'],
} as const;

/** The entity a variable belongs to (its singular key in OpenFisca). */
export type VariableEntity = 'individu' | 'famille' | 'foyer_fiscal' | 'menage';

/** How a variable is defined in time (`definition_period`). */
export type VariablePeriod = 'month' | 'year' | 'eternity';

/**
 * What a variable holds, for reading it back: an amount in euros (summed when split between periods, like
 * `set_input_divide_by_period`), a state that holds for the whole period (`set_input_dispatch_by_period`),
 * or a date.
 */
export type VariableType = 'amount' | 'enum' | 'bool' | 'number' | 'string' | 'date';

export interface VariableSpec {
  readonly entity: VariableEntity;
  readonly period: VariablePeriod;
  readonly type: VariableType;
}

const v = (entity: VariableEntity, period: VariablePeriod, type: VariableType): VariableSpec => ({ entity, period, type });

/**
 * Monthly incomes by kind, and the OpenFisca variable each one is written to. Kinds paid to a family (`af`,
 * `rsa`…) are Famille variables in OpenFisca: the amounts of the members of one family are added.
 * `family-benefits` (family benefits given without detail) goes to `af`, and `other` to
 * `gains_exceptionnels`: the nearest variables that the RSA and the prime d'activité count as resources
 * (see docs/openfisca.md). Keyed by plain strings: the vocabulary of kinds grows, and a kind missing here
 * is listed as not exported rather than refused.
 */
export const INCOME_VARIABLES: Readonly<Record<string, string>> = {
  salary: 'salaire_net',
  'self-employment': 'rpns_auto_entrepreneur_benefice',
  unemployment: 'chomage_net',
  'daily-allowance': 'indemnites_journalieres',
  internship: 'indemnites_stage',
  pension: 'retraite_nette',
  'alimony-received': 'pensions_alimentaires_percues',
  'alimony-paid': 'pensions_alimentaires_versees_individu',
  'family-benefits': 'af',
  af: 'af',
  'complement-familial': 'cf',
  asf: 'asf',
  paje: 'paje',
  'housing-benefit': 'aide_logement',
  rsa: 'rsa',
  ppa: 'ppa',
  aah: 'aah',
  aeeh: 'aeeh',
  aspa: 'aspa',
  asi: 'asi',
  ass: 'ass',
  other: 'gains_exceptionnels',
};

/** Why a kind of our vocabulary is not written to OpenFisca. */
export const UNEXPORTED_KINDS: Readonly<Record<string, string>> = {
  ars: "allocation de rentrée scolaire : OpenFisca la définit par année (ars), pas par mois ; elle y est demandée comme résultat",
};

/** Gross amounts (`grossAmount`) of the kinds that have one. */
export const GROSS_VARIABLES: Readonly<Record<string, string>> = { salary: 'salaire_de_base', pension: 'retraite_brute' };

/** Every variable the bridge reads and writes, with its entity, period and type. */
export const VARIABLES: ReadonlyMap<string, VariableSpec> = new Map<string, VariableSpec>([
  // Individu, monthly amounts.
  ['salaire_net', v('individu', 'month', 'amount')],
  ['salaire_de_base', v('individu', 'month', 'amount')],
  ['rpns_auto_entrepreneur_benefice', v('individu', 'month', 'amount')],
  ['chomage_net', v('individu', 'month', 'amount')],
  ['indemnites_journalieres', v('individu', 'month', 'amount')],
  ['indemnites_stage', v('individu', 'month', 'amount')],
  ['retraite_nette', v('individu', 'month', 'amount')],
  ['retraite_brute', v('individu', 'month', 'amount')],
  ['pensions_alimentaires_percues', v('individu', 'month', 'amount')],
  ['pensions_alimentaires_versees_individu', v('individu', 'month', 'amount')],
  ['gains_exceptionnels', v('individu', 'month', 'amount')],
  ['aah', v('individu', 'month', 'amount')],
  ['asi', v('individu', 'month', 'amount')],
  ['ass', v('individu', 'month', 'amount')],
  // Famille, monthly amounts.
  ['af', v('famille', 'month', 'amount')],
  ['cf', v('famille', 'month', 'amount')],
  ['asf', v('famille', 'month', 'amount')],
  ['paje', v('famille', 'month', 'amount')],
  ['aide_logement', v('famille', 'month', 'amount')],
  ['rsa', v('famille', 'month', 'amount')],
  ['ppa', v('famille', 'month', 'amount')],
  ['aeeh', v('famille', 'month', 'amount')],
  ['aspa', v('famille', 'month', 'amount')],
  // Individu, characteristics.
  ['date_naissance', v('individu', 'eternity', 'date')],
  ['date_debut_chomage', v('individu', 'eternity', 'date')],
  ['activite', v('individu', 'month', 'enum')],
  ['apprenti', v('individu', 'month', 'bool')],
  ['alternant', v('individu', 'month', 'bool')],
  ['service_civique', v('individu', 'month', 'bool')],
  ['statut_marital', v('individu', 'month', 'enum')],
  ['garde_alternee', v('individu', 'month', 'bool')],
  ['taux_incapacite', v('individu', 'month', 'number')],
  ['gir', v('individu', 'month', 'enum')],
  ['inapte_travail', v('individu', 'month', 'bool')],
  ['aah_restriction_substantielle_durable_acces_emploi', v('individu', 'month', 'bool')],
  ['enceinte', v('individu', 'month', 'bool')],
  ['nationalite', v('individu', 'month', 'string')],
  ['ressortissant_eee', v('individu', 'month', 'bool')],
  ['duree_possession_titre_sejour', v('individu', 'month', 'number')],
  ['scolarite', v('individu', 'month', 'enum')],
  // Ménage.
  ['depcom', v('menage', 'month', 'string')],
  ['statut_occupation_logement', v('menage', 'month', 'enum')],
  ['loyer', v('menage', 'month', 'amount')],
  // Foyer fiscal, yearly.
  ['rfr', v('foyer_fiscal', 'year', 'amount')],
  ['nbptr', v('foyer_fiscal', 'year', 'number')],
]);

/**
 * The income kind read from each variable: the inverse of `INCOME_VARIABLES`, among the kinds the household
 * contract has. `af` reads back as the kind `af` when the contract details family benefits, as
 * `family-benefits` otherwise.
 */
export const KIND_OF_VARIABLE: ReadonlyMap<string, IncomeKind> = new Map(
  Object.entries(INCOME_VARIABLES)
    .filter(([kind]) => (INCOME_KINDS as readonly string[]).includes(kind))
    .map(([kind, name]) => [name, kind as IncomeKind]),
);

/** Results asked of OpenFisca for the evaluation month (`null`), by entity; yearly ones for its year. */
export const REQUESTED_OUTPUTS: readonly { readonly name: string; readonly entity: VariableEntity; readonly period: 'month' | 'year'; readonly adultsOnly?: boolean }[] = [
  { name: 'rsa', entity: 'famille', period: 'month' },
  { name: 'ppa', entity: 'famille', period: 'month' },
  { name: 'af', entity: 'famille', period: 'month' },
  { name: 'asf', entity: 'famille', period: 'month' },
  { name: 'aspa', entity: 'famille', period: 'month' },
  { name: 'aide_logement', entity: 'famille', period: 'month' },
  { name: 'cmu_c', entity: 'famille', period: 'month' },
  { name: 'css_participation_forfaitaire', entity: 'famille', period: 'month' },
  { name: 'ars', entity: 'famille', period: 'year' },
  { name: 'cheque_energie', entity: 'menage', period: 'year' },
  { name: 'aah', entity: 'individu', period: 'month', adultsOnly: true },
];

/** `activite` (TypesActivite) of each of our activities; the flag variable that completes it, if any. */
export const ACTIVITY_TO_OPENFISCA = {
  employed: { activite: 'actif' },
  'self-employed': { activite: 'actif' },
  unemployed: { activite: 'chomeur' },
  student: { activite: 'etudiant' },
  apprentice: { activite: 'actif', flag: 'apprenti' },
  'work-study': { activite: 'actif', flag: 'alternant' },
  'civic-service': { activite: 'inactif', flag: 'service_civique' },
  retired: { activite: 'retraite' },
  inactive: { activite: 'inactif' },
} as const;

/** Our activity for each `activite` value, before the flags (`apprenti`, `alternant`, `service_civique`). */
export const ACTIVITY_FROM_OPENFISCA: Readonly<Record<string, 'employed' | 'unemployed' | 'student' | 'retired' | 'inactive'>> = {
  actif: 'employed',
  chomeur: 'unemployed',
  etudiant: 'student',
  retraite: 'retired',
  inactif: 'inactive',
};

/**
 * `statut_occupation_logement` (TypesStatutOccupationLogement) of our housing statuses. `hosted` (hébergé
 * sans dire s'il paie) has no counterpart and is not written; `hosted-paying` is written as a furnished
 * tenancy (a room let in another's home), which reads back as `tenant`.
 */
export const HOUSING_TO_OPENFISCA: Readonly<Record<string, string>> = {
  tenant: 'locataire_vide',
  'social-tenant': 'locataire_hlm',
  owner: 'proprietaire',
  'hosted-free': 'loge_gratuitement',
  'hosted-paying': 'locataire_meuble',
  homeless: 'sans_domicile',
  institution: 'locataire_foyer',
};

export const HOUSING_FROM_OPENFISCA: Readonly<Record<string, 'tenant' | 'social-tenant' | 'owner' | 'hosted-free' | 'homeless' | 'institution'>> = {
  locataire_vide: 'tenant',
  locataire_meuble: 'tenant',
  locataire_hlm: 'social-tenant',
  proprietaire: 'owner',
  primo_accedant: 'owner',
  loge_gratuitement: 'hosted-free',
  sans_domicile: 'homeless',
  locataire_foyer: 'institution',
};

/** `scolarite` (TypesScolarite) of our school levels; `creche` and `none` have no counterpart. */
export const SCHOOLING_TO_OPENFISCA: Readonly<Record<string, string>> = {
  maternelle: 'maternelle',
  elementaire: 'primaire',
  college: 'college',
  lycee: 'lycee',
  superieur: 'enseignement_superieur',
};

export const SCHOOLING_FROM_OPENFISCA: Readonly<Record<string, 'maternelle' | 'elementaire' | 'college' | 'lycee' | 'superieur'>> = {
  maternelle: 'maternelle',
  primaire: 'elementaire',
  college: 'college',
  lycee: 'lycee',
  enseignement_superieur: 'superieur',
};

/**
 * `statut_marital` (TypesStatutMarital) of our couple statuses. OpenFisca has no « séparé » : a separation
 * is written `divorce`. A couple is two parents of one family; whether they are married, pacsed or
 * cohabiting is not in the household, so `statut_marital` is not written for them (OpenFisca then treats
 * them as cohabiting, `celibataire`).
 */
export const COUPLE_TO_OPENFISCA: Readonly<Record<string, string>> = { single: 'celibataire', separated: 'divorce', widowed: 'veuf' };

/** `gir` (TypesGir) values: `gir_1` … `gir_6`. */
export const girValue = (gir: number): string => `gir_${String(gir)}`;

/**
 * ISO 3166 codes of the states whose nationals the RSA treats as European (EU and EEA members, and
 * Switzerland: CASF art. L262-6) — « eea » in our vocabulary.
 */
export const EEA_CODES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE', 'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK', 'CH',
]);

/**
 * The code written for a nationality the household does not name the country of: `ZZ`, a code ISO 3166
 * leaves to users (« pays inconnu »), with `ressortissant_eee` saying whether it is European.
 */
export const UNKNOWN_COUNTRY = 'ZZ';

/** Whether a nationality code is of a state whose nationals the RSA treats as European. */
export function isEeaCode(code: string): boolean {
  return EEA_CODES.has(code.toUpperCase());
}
