/**
 * Published national non-take-up rates, dated and cited, for the barometer to show beside its local rates
 * and for the synthetic populations (`seeds/populations/generate.ts`) to reproduce.
 *
 * A national rate is not the same measure as the barometer's: it is estimated by the DREES from surveys or
 * administrative files (eligible people or households France-wide, at a date of its own), the barometer's
 * from what a population's households say. Each entry says what it counts (`scope`), when (`measured`) and
 * where it was published (`source`); figures were read on the DREES's own pages unless `note` says otherwise.
 * Plain data, no module state: runs unchanged in a browser.
 */
import type { HouseholdType } from './household-type.js';

/** A publication, as the reports cite it. */
export interface TakeUpSource {
  /** « DREES, Les Dossiers de la DREES n° 92 », as cited in French. */
  readonly publisher: string;
  readonly title: string;
  /** Publication date, `YYYY-MM` or `YYYY-MM-DD`. */
  readonly published: string;
  readonly url: string;
}

/** A rate the study publishes for one group of the eligible population. */
export interface GroupRate {
  /** The group as the study names it, in French (« femmes seules avec enfants »). */
  readonly label: string;
  /** Non-take-up, 0 to 1. */
  readonly rate: number;
  /**
   * The barometer's household type closest to the group, when there is one: the reports show the local rate
   * of that type beside it. Approximate by nature (the study's « femmes seules avec enfants » are part of the
   * barometer's « parent seul »), and said so where shown.
   */
  readonly householdType?: HouseholdType;
}

/** One published national rate of non-take-up. */
export interface NationalRate {
  /** Stable key (`rsa`, `css`, …). */
  readonly key: string;
  /** The right, in French, as the reports name it. */
  readonly title: string;
  /** Rules of the catalog it measures; several when the study counts them together (the CSS with and without participation). */
  readonly rules: readonly string[];
  /** Non-take-up, 0 to 1: eligible who do not receive ÷ eligible. */
  readonly rate: number;
  /** What is measured, in French: population, unit (households or persons), period. */
  readonly scope: string;
  /** The period measured, as the study gives it (`2018`, `fin 2016`, `2021`). */
  readonly measured: string;
  readonly source: TakeUpSource;
  /** Rates the study publishes by group, where it does. */
  readonly groups: readonly GroupRate[];
  /** Where the figures were read, when not in the study itself, or what limits the comparison. */
  readonly note?: string;
}

/** When the figures below were last read against their sources. */
export const TAKE_UP_REFERENCE_CHECKED = '2026-12-02';

const DOSSIER_92: TakeUpSource = {
  publisher: 'DREES, Les Dossiers de la DREES n° 92',
  title: 'Mesurer régulièrement le non-recours au RSA et à la prime d’activité : méthode et résultats (C. Hannafi, R. Le Gall, L. Omalek, C. Marc)',
  published: '2022-02',
  url: 'https://drees.solidarites-sante.gouv.fr/publications-communique-de-presse/les-dossiers-de-la-drees/mesurer-regulierement-le-non-recours-au',
};

const CSS_2022: TakeUpSource = {
  publisher: 'DREES, communiqué de presse',
  title: 'Complémentaire santé solidaire avec participation financière : un taux de non-recours en baisse pour la première fois en 2021',
  published: '2022-12-13',
  url: 'https://drees.solidarites-sante.gouv.fr/communique-de-presse/complementaire-sante-solidaire-avec-participation-financiere-un-taux-de-non',
};

const DOSSIER_97: TakeUpSource = {
  publisher: 'DREES, Les Dossiers de la DREES n° 97',
  title: 'Le non-recours au minimum vieillesse des personnes seules (P. Meinzel)',
  published: '2022-05',
  url: 'https://drees.solidarites-sante.gouv.fr/publications-communique-de-presse/les-dossiers-de-la-drees/le-non-recours-au-minimum-vieillesse-des',
};

/**
 * The published national rates. Values are the studies' own rounded percentages; nothing here is
 * interpolated. Rights absent from this table have no national estimate the barometer can cite.
 */
export const NATIONAL_TAKE_UP: readonly NationalRate[] = [
  {
    key: 'rsa',
    title: 'Revenu de solidarité active (RSA)',
    rules: ['rsa'],
    // « En 2018, un tiers (34 %) des foyers éligibles au RSA seraient non-recourants chaque trimestre, et un
    // sur cinq (20 %) le serait de façon pérenne trois trimestres consécutifs. »
    rate: 0.34,
    scope: 'foyers éligibles au RSA, France métropolitaine, en moyenne chaque trimestre (20 % trois trimestres de suite)',
    measured: '2018',
    source: DOSSIER_92,
    groups: [
      // « 16 % des femmes seules avec enfants éligibles […] contre la moitié (49 %) des couples éligibles sans enfant. »
      { label: 'femmes seules avec enfants', rate: 0.16, householdType: 'parent-seul' },
      { label: 'couples sans enfant', rate: 0.49, householdType: 'couple-sans-enfant' },
      // « 15 % des locataires en HLM contre 33 % des locataires du parc privé et 61 % des propri[étaires] ».
      { label: 'locataires en HLM', rate: 0.15 },
      { label: 'locataires du parc privé', rate: 0.33 },
      { label: 'propriétaires', rate: 0.61 },
      // « 18 % des bénéficiaires d'aides au logement […] contre 57 % des non-bénéficiaires ».
      { label: 'bénéficiaires d’une aide au logement', rate: 0.18 },
      { label: 'sans aide au logement', rate: 0.57 },
    ],
    note: 'Chiffres lus dans la présentation du Dossier sur le site de la DREES (février 2022).',
  },
  {
    key: 'css',
    title: 'Complémentaire santé solidaire (les deux formes ensemble)',
    rules: ['css-gratuite', 'css-participation'],
    // « Le taux de non-recours global à la CSS […] passe de 46 % en 2019 et 2020 à 44 % en 2021 ».
    rate: 0.44,
    scope: 'personnes éligibles à la CSS (avec ou sans participation), France, estimées avec le modèle Ines',
    measured: '2021',
    source: CSS_2022,
    groups: [],
    note: 'La DREES compte des personnes, le baromètre des foyers. 46 % en 2019 et en 2020.',
  },
  {
    key: 'css-gratuite',
    title: 'Complémentaire santé solidaire sans participation',
    rules: ['css-gratuite'],
    // « Le taux de non-recours à la CSS sans participation financière reste autour de 31 % entre 2019 et 2021. »
    rate: 0.31,
    scope: 'personnes éligibles à la CSS sans participation financière, France',
    measured: '2019-2021',
    source: CSS_2022,
    groups: [],
    note: 'La DREES compte des personnes, le baromètre des foyers ; « autour de 31 % » chacune des trois années.',
  },
  {
    key: 'css-participation',
    title: 'Complémentaire santé solidaire avec participation financière',
    rules: ['css-participation'],
    // « […] voit son taux de non-recours diminuer de façon significative en 2021 : il passe ainsi de 72 % en
    // 2020 à 67 % en 2021. Ce pourcentage comprend les personnes […] qui bénéficient par ailleurs d'une
    // complémentaire santé d'entreprise ».
    rate: 0.67,
    scope: 'personnes éligibles à la CSS avec participation financière, France, y compris celles couvertes par une complémentaire d’entreprise',
    measured: '2021',
    source: CSS_2022,
    groups: [],
    note: 'La DREES compte des personnes, le baromètre des foyers. 72 % en 2020.',
  },
  {
    key: 'aspa',
    title: 'Minimum vieillesse (ASPA) des personnes seules',
    rules: ['aspa'],
    // « 646 800 personnes seules de 65 ans ou plus ou inaptes […] Parmi elles, seules 325 700 personnes (50 %)
    // perçoivent effectivement le minimum vieillesse […] soit un taux de non-recours estimé à 50 %. »
    rate: 0.5,
    scope: 'personnes seules de 65 ans ou plus (ou inaptes au travail) sous le plafond de ressources d’une personne seule, France',
    measured: 'fin 2016',
    source: DOSSIER_97,
    groups: [
      // The study's field itself: people living alone. Couples eligible to the ASPA are not measured.
      { label: 'personnes seules (champ de l’étude)', rate: 0.5, householdType: 'seul-60-plus' },
      { label: 'femmes seules', rate: 0.52 },
      { label: 'hommes seuls', rate: 0.44 },
      { label: '65 à 69 ans', rate: 0.47 },
      { label: '85 ans ou plus', rate: 0.56 },
      { label: 'propriétaires', rate: 0.72 },
      { label: 'locataires', rate: 0.36 },
    ],
    note: 'Taux d’ensemble lu sur le site de la DREES ; taux par groupe lus dans des comptes rendus du Dossier (espaceinfirmier.fr, senioractu.com, juin 2022), non vérifiés dans le Dossier lui-même. Le champ de l’étude est celui des personnes seules : le taux local comparable est celui des personnes seules de 60 ans et plus.',
  },
];

/** The national rate of one rule, measured for it alone (not counted with other rules), or undefined. */
export function nationalRateOf(ruleId: string, table: readonly NationalRate[] = NATIONAL_TAKE_UP): NationalRate | undefined {
  return table.find((n) => n.rules.length === 1 && n.rules[0] === ruleId);
}

/** The take-up (1 − non-take-up) a synthetic population draws for each rule measured alone. */
/**
 * Take-up (1 − non-take-up) of a rule for one household type, where a study publishes the rate of a group
 * matched to that type (RSA: single mothers, couples without children), for the synthetic populations to
 * draw their claims by group; undefined otherwise.
 */
export function groupTakeUp(rule: string, type: HouseholdType, table: readonly NationalRate[] = NATIONAL_TAKE_UP): number | undefined {
  for (const n of table) {
    if (n.rules.length !== 1 || n.rules[0] !== rule) continue;
    const g = n.groups.find((x) => x.householdType === type);
    if (g !== undefined) return Math.round((1 - g.rate) * 100) / 100;
  }
  return undefined;
}

export function nationalTakeUp(table: readonly NationalRate[] = NATIONAL_TAKE_UP): Readonly<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of table) if (n.rules.length === 1) out[n.rules[0] as string] = Math.round((1 - n.rate) * 100) / 100;
  return out;
}
