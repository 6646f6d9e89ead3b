/**
 * The barometer as one self-contained HTML file: charts rendered offline to inline SVG with Vega-Lite
 * (no script, no network), tables, and the same figures as JSON and CSV beside it. Every figure of the
 * terminal and of the JSON is in the page (the breakdowns of each rule in folded tables).
 */
import type * as vl from 'vega-lite';
import { optionalDependency } from './optional.js';
import { HOUSEHOLD_TYPE_LABELS, type HouseholdType } from '../simulate/household-type.js';
import { nonTakeUpRate, REFORM_METRICS, type Counts, type ReformRuleChange, type ReformRuleDelta, type SimulationResult } from '../simulate/simulate.js';
import { Money } from '../money.js';
import { frenchDate, frenchNumber } from '../report/format.js';
import { areaLabel, barometerTotals, comparisonLegend, figuresSentence, communeLabel, euros, NATIONAL_LEGEND, nationalCitation, nationalNoteOf, nationalNotes, notInForceSentence, percent, rateOf, RATE_LEGEND, REFORM_LEGEND, rulesByUnclaimed, signed, signedEuros, signedPoints, SYNTHETIC_NATIONAL_LEGEND, type NationalNote, type ReportContext } from './barometer.js';
import type { DateComparison } from '../simulate/compare-dates.js';

/** HTML text; French quotation marks held to their words with a no-break space, as French typography wants. */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/« /g, '«\u00a0').replace(/ »/g, '\u00a0»');
const typeLabel = (t: string): string => HOUSEHOLD_TYPE_LABELS[t as HouseholdType] ?? t;

async function svg(spec: vl.TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([
    optionalDependency('vega', 'Le rapport HTML', () => import('vega')),
    optionalDependency('vega-lite', 'Le rapport HTML', () => import('vega-lite')),
  ]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const out = await view.toSVG();
  view.finalize();
  return frenchAria(out, typeof spec.description === 'string' ? spec.description : '');
}

/** Vega's own words for assistive technologies, in French. */
const ROLES: Readonly<Record<string, string>> = {
  'group mark container': 'groupe',
  'rect mark container': 'barres',
  'text mark container': 'textes',
  'text mark': 'texte',
  bar: 'barre',
  axis: 'axe',
  legend: 'légende',
  title: 'titre',
};

/**
 * The chart described in French to assistive technologies: its description on the SVG element (which
 * Vega gives to the page's container, absent from an SVG rendered offline) and Vega's role words translated.
 */
function frenchAria(svgText: string, description: string): string {
  return svgText
    .replace(/^<svg /, `<svg role="graphics-document document" aria-roledescription="graphique" aria-label="${esc(description)}" `)
    .replace(/aria-roledescription="([^"]*)"/g, (m, role: string) => (ROLES[role] === undefined ? m : `aria-roledescription="${ROLES[role]}"`))
    .replace(/aria-label="Title text &#39;(.*?)&#39;"/g, 'aria-label="Titre : $1"')
    .replace(/aria-label="Title text '(.*?)'"/g, 'aria-label="Titre : $1"');
}

/**
 * French number formats in every chart (d3-format's fr-FR, with the narrow no-break space the tables use):
 * « 120 000 », « 12,5 % ».
 */
const FRENCH = { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0€'] as [string, string], percent: '\u202f%', minus: '\u2212' };
const CONFIG = {
  config: {
    font: 'system-ui, sans-serif',
    locale: { number: FRENCH },
    axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0 },
    legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 0, orient: 'top' },
    title: { fontSize: 13, anchor: 'start' },
    view: { stroke: null },
  },
};
const WIDTH = 620;

/** A title in lines of at most `width` characters (whole words), for an axis label that is never cut. */
function wrap(text: string, width = 44): string[] {
  const lines: string[] = [];
  let line = '';
  // French quotation marks stay with the word they open or close.
  for (const word of text.split(/ (?<!« )(?!»)/)) {
    if (line !== '' && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** An axis whose labels are the full titles, wrapped on several lines (a lookup in the label expression). */
function wrappedAxis(titles: readonly string[], description: string) {
  const lines = Object.fromEntries(titles.map((t) => [t, wrap(t)]));
  return { labelExpr: `${JSON.stringify(lines)}[datum.value] || datum.label`, description, labelLineHeight: 13 };
}

const bandHeight = (titles: readonly string[]) => ({ step: Math.max(22, 8 + 13 * Math.max(1, ...titles.map((t) => wrap(t).length))) });

/** Renders the charts of the report (as SVG strings). */
export async function barometerCharts(result: SimulationResult): Promise<Record<string, string>> {
  const rules = rulesByUnclaimed(result);
  const charts: Record<string, string> = {};
  // Bars in an explicit order (the rules are sorted by money unclaimed per year, the other charts below by their own measure).
  const withMoney = rules.filter((r) => r.money !== null && new Money(r.money.unclaimedPerYear).greaterThan(0));
  const moneyTitles = withMoney.map((r) => r.title);
  charts.unclaimed = await svg({
    ...CONFIG,
    width: WIDTH,
    height: bandHeight(moneyTitles),
    title: 'Montants non perçus par an, par aide (12 × montant mensuel + aides ponctuelles)',
    description: `Barres horizontales empilées : pour chaque aide, les montants non perçus par an, en euros, par les foyers éligibles qui disent ne pas la percevoir — douze fois le montant mensuel, puis les aides ponctuelles. ${withMoney.length} aides, de la plus grande somme à la plus petite.`,
    data: {
      values: withMoney.flatMap((r) => [
        { aide: r.title, part: '12 × montant mensuel', euros: Number(new Money(r.money?.unclaimedPerMonth ?? '0').times(12).toFixed(2)), texte: `${r.title} : ${euros(new Money(r.money?.unclaimedPerMonth ?? '0').times(12))} par an de montants mensuels non perçus` },
        { aide: r.title, part: 'aides ponctuelles', euros: Number(r.money?.unclaimedOnce ?? 0), texte: `${r.title} : ${euros(r.money?.unclaimedOnce ?? '0')} d'aides ponctuelles non perçues` },
      ]),
    },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'aide', type: 'nominal', sort: moneyTitles, title: null, axis: wrappedAxis(moneyTitles, 'Axe vertical : les aides.') },
      x: { field: 'euros', type: 'quantitative', stack: 'zero', title: '€ par an', axis: { format: ',.0f', description: 'Axe horizontal : euros non perçus par an.' } },
      color: { field: 'part', type: 'nominal', title: null, scale: { domain: ['12 × montant mensuel', 'aides ponctuelles'], range: ['#000091', '#8585f6'] }, legend: { description: 'Légende : montants mensuels et aides ponctuelles.' } },
      order: { field: 'part', sort: 'descending' },
      description: { field: 'texte' },
    },
  } as vl.TopLevelSpec);

  const titles = [...rules].sort((a, b) => b.counts.eligible - a.counts.eligible).map((r) => r.title);
  const perception = ['perçoivent', 'non-recours', 'perception non renseignée'] as const;
  charts.eligible = await svg({
    ...CONFIG,
    width: WIDTH,
    height: bandHeight(titles),
    title: 'Foyers éligibles selon la perception du droit',
    description: `Barres horizontales empilées : pour chaque droit ou tarif, les foyers éligibles qui le perçoivent, ceux qui disent ne pas le percevoir (non-recours) et ceux dont la perception n'est pas renseignée. ${rules.length} dispositifs, du plus grand nombre d'éligibles au plus petit.`,
    data: {
      values: rules.flatMap((r) =>
        perception.map((p, k) => {
          const n = [r.counts.receiving, r.counts.unclaimed, r.counts.claimUnknown][k] ?? 0;
          return { aide: r.title, perception: p, rang: k, foyers: n, texte: `${r.title} : ${frenchNumber(n)} foyers éligibles, ${p}` };
        }),
      ),
    },
    mark: 'bar',
    encoding: {
      y: { field: 'aide', type: 'nominal', sort: titles, title: null, axis: wrappedAxis(titles, 'Axe vertical : les droits et tarifs.') },
      x: { field: 'foyers', type: 'quantitative', stack: 'zero', title: 'foyers éligibles', axis: { format: ',.0f', description: 'Axe horizontal : nombre de foyers éligibles.' } },
      color: { field: 'perception', type: 'nominal', title: null, scale: { domain: [...perception], range: ['#000091', '#e1000f', '#c9c9c9'] }, legend: { description: 'Légende : perçoivent, non-recours, perception non renseignée.' } },
      order: { field: 'rang' },
      description: { field: 'texte' },
    },
  } as vl.TopLevelSpec);

  const rated = rules.filter((r) => nonTakeUpRate(r.counts) !== null).sort((a, b) => (nonTakeUpRate(b.counts) ?? 0) - (nonTakeUpRate(a.counts) ?? 0));
  const ratedTitles = rated.map((r) => r.title);
  const notes = nationalNotes(result);
  const nationalOf = (id: string) => nationalNoteOf(notes, id)?.national.rate ?? null;
  const withNational = rated.filter((r) => nationalOf(r.id) !== null).length;
  charts.rate = await svg({
    ...CONFIG,
    width: WIDTH,
    height: bandHeight(ratedTitles),
    title: { text: 'Taux de non-recours, parmi les éligibles dont la perception est renseignée', ...(withNational > 0 ? { subtitle: 'Trait noir : taux national publié par la DREES (voir « Taux nationaux publiés »)', subtitleFontSize: 11 } : {}) },
    description: `Barres horizontales : pour chaque droit ou tarif, le taux de non-recours, c'est-à-dire les foyers éligibles qui disent ne pas le percevoir divisés par ceux dont la perception est renseignée. ${rated.length} dispositifs, du plus fort taux au plus faible.${withNational > 0 ? ` Pour ${withNational} d'entre eux, un trait noir marque le taux national publié par la DREES.` : ''}`,
    data: {
      values: rated.map((r) => {
        const national = nationalOf(r.id);
        const taux = nonTakeUpRate(r.counts);
        return { aide: r.title, taux, national, etiquette: Math.max(taux ?? 0, national ?? 0), texte: `${r.title} : taux de non-recours ${rateOf(r.counts)}${national === null ? '' : ` ; taux national publié ${percent(national)}`}` };
      }),
    },
    layer: [
      { mark: { type: 'bar', color: '#e1000f' } },
      // The label right of the bar, and of the national tick when it lies beyond.
      { mark: { type: 'text', align: 'left', dx: 5, fontSize: 11 }, encoding: { x: { field: 'etiquette', type: 'quantitative' }, text: { field: 'taux', type: 'quantitative', format: '.1%' } } },
      ...(withNational > 0 ? [{ transform: [{ filter: 'datum.national != null' }], mark: { type: 'tick', color: '#161616', thickness: 3 }, encoding: { x: { field: 'national', type: 'quantitative' } } }] : []),
    ],
    encoding: {
      y: { field: 'aide', type: 'nominal', sort: ratedTitles, title: null, axis: wrappedAxis(ratedTitles, 'Axe vertical : les droits et tarifs.') },
      x: { field: 'taux', type: 'quantitative', title: 'taux de non-recours', scale: { domain: [0, 1] }, axis: { format: '.0%', description: 'Axe horizontal : taux de non-recours, de 0 à 100 %.' } },
      description: { field: 'texte' },
    },
  } as vl.TopLevelSpec);

  const causeLabels = { unaware: 'non-connaissance', notApplied: 'non-demande', nonReception: 'non-réception', notOffered: 'non-proposition' } as const;
  const unclaimed = rules.filter((r) => r.counts.unclaimed > 0).sort((a, b) => b.counts.unclaimed - a.counts.unclaimed);
  const causeTitles = unclaimed.map((r) => r.title);
  charts.causes = await svg({
    ...CONFIG,
    width: WIDTH,
    height: bandHeight(causeTitles),
    title: 'Causes du non-recours (foyers éligibles qui disent ne pas percevoir)',
    description: `Barres horizontales empilées : pour chaque droit ou tarif, les foyers en non-recours selon la cause, dans la typologie de l'Odenore (non-connaissance, non-demande, non-réception, non-proposition). ${unclaimed.length} dispositifs.`,
    data: {
      values: unclaimed.flatMap((r) =>
        Object.entries(causeLabels).map(([k, label], i) => {
          const n = r.counts[k as keyof typeof causeLabels];
          return { aide: r.title, cause: label, rang: i, foyers: n, texte: `${r.title} : ${frenchNumber(n)} foyers, ${label}` };
        }),
      ),
    },
    mark: 'bar',
    encoding: {
      y: { field: 'aide', type: 'nominal', sort: causeTitles, title: null, axis: wrappedAxis(causeTitles, 'Axe vertical : les droits et tarifs.') },
      x: { field: 'foyers', type: 'quantitative', stack: 'zero', title: 'foyers en non-recours', axis: { format: ',.0f', description: 'Axe horizontal : nombre de foyers en non-recours.' } },
      color: { field: 'cause', type: 'nominal', title: null, scale: { domain: Object.values(causeLabels), range: ['#e1000f', '#f28e2b', '#b07aa1', '#76b7b2'] }, legend: { description: 'Légende : les quatre causes du non-recours.' } },
      order: { field: 'rang' },
      description: { field: 'texte' },
    },
  } as vl.TopLevelSpec);

  if (result.reform !== null) {
    const types = Object.entries(result.reform.byType).filter(([, w]) => w.winners + w.losers + w.unknown > 0);
    const labels = types.map(([t]) => typeLabel(t));
    const rows = types.flatMap(([t, w]) => [
      { type: typeLabel(t), sens: 'gagnants', foyers: w.winners, texte: `${typeLabel(t)} : ${frenchNumber(w.winners)} foyers gagnants` },
      { type: typeLabel(t), sens: 'perdants', foyers: -w.losers, texte: `${typeLabel(t)} : ${frenchNumber(w.losers)} foyers perdants` },
      { type: typeLabel(t), sens: 'inconnus', foyers: -w.unknown, texte: `${typeLabel(t)} : ${frenchNumber(w.unknown)} foyers dont le gain est inconnu` },
    ]);
    charts.reform = await svg({
      ...CONFIG,
      width: WIDTH,
      height: bandHeight(labels),
      title: 'Réforme : gagnants, perdants et gains inconnus par type de foyer',
      description: `Barres horizontales : pour chaque type de foyer touché par la réforme, le nombre de foyers gagnants (à droite), perdants et dont le gain est inconnu (à gauche). ${types.length} types de foyer.`,
      data: { values: rows },
      mark: 'bar',
      encoding: {
        y: { field: 'type', type: 'nominal', sort: labels, title: null, axis: wrappedAxis(labels, 'Axe vertical : les types de foyer.') },
        x: { field: 'foyers', type: 'quantitative', stack: 'zero', title: 'foyers (perdants et inconnus à gauche, gagnants à droite)', axis: { format: ',.0f', labelExpr: "replace(datum.label, '\u2212', '')", description: 'Axe horizontal : nombre de foyers, perdants et inconnus à gauche du zéro, gagnants à droite.' } },
        color: { field: 'sens', type: 'nominal', scale: { domain: ['gagnants', 'perdants', 'inconnus'], range: ['#18753c', '#ce0500', '#c9c9c9'] }, title: null, legend: { description: 'Légende : gagnants, perdants, inconnus.' } },
        description: { field: 'texte' },
      },
    } as vl.TopLevelSpec);
  }
  return charts;
}

// ——— CSV ———

/** `excel`: what a spreadsheet set to French opens as is (`;`, decimal comma, UTF-8 BOM, French headers); `data`: for programs (`,`, decimal point, identifiers as headers). */
export type CsvFormat = 'excel' | 'data';

const KIND_LABELS: Readonly<Record<string, string>> = { aid: 'aide', tariff: 'tarif', service: 'service' };

/** A table as CSV text in the given format: `columns` are `[identifier, French header]`, decimal values given with a point. */
async function toCsv(columns: readonly (readonly [string, string])[], rows: readonly Readonly<Record<string, string | number | boolean | null>>[], format: CsvFormat): Promise<string> {
  const { stringify } = await optionalDependency('csv-stringify', "L'export CSV du baromètre", () => import('csv-stringify/sync'));
  const excel = format === 'excel';
  const cell = (v: string | number | boolean | null): string => {
    if (v === null) return '';
    // Booleans of the machine file as in its first version: 1, or empty for false.
    if (typeof v === 'boolean') return excel ? (v ? 'oui' : 'non') : v ? '1' : '';
    const text = String(v);
    return excel && /^-?\d+\.\d+$/.test(text) ? text.replace('.', ',') : text;
  };
  const body = stringify([columns.map(([k, fr]) => (excel ? fr : k)), ...rows.map((r) => columns.map(([k]) => cell(r[k] ?? null)))], { delimiter: excel ? ';' : ',', record_delimiter: excel ? 'windows' : 'unix' });
  return excel ? `\ufeff${body}` : body;
}

const rate4 = (c: Counts): string | null => {
  const r = nonTakeUpRate(c);
  return r === null ? null : r.toFixed(4);
};

const REFORM_COLUMNS: readonly (readonly [string, string])[] = [
  ['reform_eligible_baseline', 'réforme : éligibles avant'],
  ['reform_eligible_reform', 'réforme : éligibles après'],
  ['reform_newly_eligible', 'réforme : entrants'],
  ['reform_no_longer_eligible', 'réforme : sortants'],
  ['reform_became_undetermined', 'réforme : devenus à vérifier'],
  ['reform_no_longer_undetermined', 'réforme : ne sont plus à vérifier'],
  ['reform_entered_from_undetermined', 'réforme : entrants qui étaient à vérifier'],
  ['reform_left_to_undetermined', 'réforme : sortants devenus à vérifier'],
  ['reform_winners', 'réforme : gagnants'],
  ['reform_losers', 'réforme : perdants'],
  ['reform_gains_per_month', 'réforme : gains connus par mois (€)'],
  ['reform_losses_per_month', 'réforme : pertes connues par mois (€)'],
];

function reformCells(c: ReformRuleChange | undefined): Record<string, string | number | null> {
  const o: Record<string, string | number | null> = {};
  REFORM_METRICS.forEach((m, i) => (o[(REFORM_COLUMNS[i] as readonly [string, string])[0]] = c === undefined ? null : c[m]));
  o.reform_gains_per_month = c?.gainsPerMonth ?? null;
  o.reform_losses_per_month = c?.lossesPerMonth ?? null;
  return o;
}

/** The per-rule figures as CSV (with the reform's totals per rule when there is one). */
export async function barometerCsv(result: SimulationResult, format: CsvFormat = 'excel'): Promise<string> {
  const columns: (readonly [string, string])[] = [
    ['id', 'identifiant'],
    ['title', 'dispositif'],
    ['kind', 'nature'],
    ['illustrative', 'valeurs illustratives'],
    ['concerned', 'foyers concernés'],
    ['eligible', 'éligibles'],
    ['receiving', 'perçoivent'],
    ['unclaimed', 'non-recours'],
    ['unaware', 'non-connaissance'],
    ['notApplied', 'non-demande'],
    ['nonReception', 'non-réception'],
    ['notOffered', 'non-proposition'],
    ['claimUnknown', 'perception non renseignée'],
    ['undetermined', 'à vérifier'],
    ['ineligible', 'non éligibles'],
    ['eligible_per_month', 'montant des éligibles par mois (€)'],
    ['unclaimed_per_month', 'non perçu par mois (€)'],
    ['unclaimed_per_year', 'non perçu par an (€)'],
    ['unclaimed_once', 'non perçu ponctuel (€)'],
    ['near_threshold', "à moins de 5 % d'un plafond"],
    // Columns added after the first version of the file: the ones above keep their place.
    ['non_take_up_rate', 'taux de non-recours (%)'],
    ['claim_unknown_per_month', 'perception non renseignée : montant par mois (€)'],
    ['claim_unknown_per_year', 'perception non renseignée : montant par an (€)'],
    ['claim_unknown_once', 'perception non renseignée : montant ponctuel (€)'],
  ];
  const reform = result.reform;
  if (reform !== null) columns.push(...REFORM_COLUMNS, ['reform_cost_per_month', 'réforme : coût public par mois (€)']);
  const rows = result.rules.map((r) => {
    const rate = nonTakeUpRate(r.counts);
    const d = reform?.rules.find((x) => x.id === r.id);
    return {
      id: r.id,
      title: r.title,
      kind: format === 'excel' ? (KIND_LABELS[r.kind] ?? r.kind) : r.kind,
      illustrative: r.illustrative,
      ...r.counts,
      non_take_up_rate: format === 'excel' ? (rate === null ? null : (rate * 100).toFixed(1)) : rate4(r.counts),
      eligible_per_month: r.money?.eligiblePerMonth ?? null,
      unclaimed_per_month: r.money?.unclaimedPerMonth ?? null,
      unclaimed_per_year: r.money?.unclaimedPerYear ?? null,
      unclaimed_once: r.money?.unclaimedOnce ?? null,
      claim_unknown_per_month: r.money?.claimUnknownPerMonth ?? null,
      claim_unknown_per_year: r.money?.claimUnknownPerYear ?? null,
      claim_unknown_once: r.money?.claimUnknownOnce ?? null,
      near_threshold: r.nearThreshold,
      ...(reform === null ? {} : { ...reformCells(d), reform_cost_per_month: d?.costPerMonth ?? null }),
    };
  });
  return toCsv(columns, rows, format);
}

/**
 * A reform's effects as CSV, one row per rule and household type (and the rule's total, type empty), then
 * one row per household type for all the rules together; null without a reform.
 */
export async function reformCsv(result: SimulationResult, format: CsvFormat = 'excel'): Promise<string | null> {
  const reform = result.reform;
  if (reform === null) return null;
  const excel = format === 'excel';
  const columns: (readonly [string, string])[] = [
    ['rule', 'identifiant'],
    ['title', 'dispositif'],
    ['in_kind', 'entrée ou sortie non chiffrée en euros (service ou tarif)'],
    ['household_type', 'type de foyer'],
    ...REFORM_COLUMNS.map(([k, fr]) => [k.replace(/^reform_/, ''), fr.replace(/^réforme : /, '')] as const),
    ['cost_per_month', 'coût public par mois (€)'],
    ['households', 'foyers'],
    ['unknown', 'foyers au gain inconnu'],
    ['newly_eligible_in_kind', 'foyers entrés dans un service ou tarif'],
    ['no_longer_eligible_in_kind', 'foyers sortis d’un service ou tarif'],
  ];
  const strip = (o: Record<string, string | number | null>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/^reform_/, ''), v]));
  const rows: Record<string, string | number | boolean | null>[] = [];
  const type = (t: string | null) => (t === null ? (excel ? 'tous' : '') : excel ? typeLabel(t) : t);
  for (const d of reform.rules) {
    rows.push({ rule: d.id, title: d.title, in_kind: d.inKind, household_type: type(null), ...strip(reformCells(d)), cost_per_month: d.costPerMonth });
    for (const [t, c] of Object.entries(d.byType)) rows.push({ rule: d.id, title: d.title, in_kind: d.inKind, household_type: type(t), ...strip(reformCells(c)) });
  }
  for (const [t, w] of Object.entries(reform.byType)) {
    rows.push({
      rule: excel ? 'tous' : '',
      title: excel ? 'Tous les dispositifs touchés (foyers)' : '',
      household_type: type(t),
      became_undetermined: w.becameUndetermined,
      winners: w.winners,
      losers: w.losers,
      gains_per_month: w.gainsPerMonth,
      losses_per_month: w.lossesPerMonth,
      households: w.households,
      unknown: w.unknown,
      newly_eligible_in_kind: w.newlyEligibleInKind,
      no_longer_eligible_in_kind: w.noLongerEligibleInKind,
    });
  }
  return toCsv(columns, rows, format);
}

// ——— HTML ———

type Sums = { eligible: number; receiving: number; unclaimed: number; claimUnknown: number; undetermined: number };
const ZERO_SUMS: Sums = { eligible: 0, receiving: 0, unclaimed: 0, claimUnknown: 0, undetermined: 0 };

/** Rights (rule × household) of a breakdown, summed over the rules. */
function sumOver(rules: SimulationResult['rules'], pick: (r: SimulationResult['rules'][number]) => Readonly<Record<string, Counts>>): Map<string, Sums> {
  const out = new Map<string, Sums>();
  for (const r of rules)
    for (const [k, c] of Object.entries(pick(r))) {
      const a = out.get(k) ?? ZERO_SUMS;
      out.set(k, { eligible: a.eligible + c.eligible, receiving: a.receiving + c.receiving, unclaimed: a.unclaimed + c.unclaimed, claimUnknown: a.claimUnknown + c.claimUnknown, undetermined: a.undetermined + c.undetermined });
    }
  return out;
}

const num = (n: number) => `<td>${frenchNumber(n)}</td>`;
const td = (s: string) => `<td>${s}</td>`;
const table = (head: readonly string[], rows: readonly string[], caption?: string) =>
  `<table>${caption === undefined ? '' : `<caption>${caption}</caption>`}<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
const countCells = (c: Sums) => `${num(c.eligible)}${num(c.receiving)}${num(c.unclaimed)}${num(c.claimUnknown)}${td(rateOf(c))}${num(c.undetermined)}`;
const COUNT_HEAD = ['droits éligibles', 'perçus', 'non perçus', 'perception non renseignée', 'taux de non-recours', 'à vérifier'];

/** A folded table of one breakdown of every rule (the JSON's `byType`, `byArea`, `byCommune`). */
function detail(rules: SimulationResult['rules'], pick: (r: SimulationResult['rules'][number]) => Readonly<Record<string, Counts>>, label: (k: string) => string, what: string): string {
  const rows = rules.flatMap((r) =>
    Object.entries(pick(r)).map(([k, c]) => `<tr><td>${esc(r.title)}</td><td>${esc(label(k))}</td>${num(c.concerned)}${countCells(c)}${num(c.ineligible)}</tr>`),
  );
  return `<details><summary>Détail par dispositif et ${what}</summary>${table(['Dispositif', what, 'concernés', ...COUNT_HEAD, 'non éligibles'], rows)}</details>`;
}

function reformSection(result: SimulationResult, charts: Record<string, string>): string {
  const f = result.reform;
  if (f === null) return '';
  const types = Object.entries(f.byType).map(
    ([t, w]) =>
      `<tr><td>${esc(typeLabel(t))}</td>${num(w.households)}${num(w.winners)}${num(w.losers)}${num(w.unknown)}${num(w.becameUndetermined)}${num(w.newlyEligibleInKind)}${num(w.noLongerEligibleInKind)}${td(euros(w.gainsPerMonth))}${td(euros(w.lossesPerMonth))}</tr>`,
  );
  // Two tables of the same rows (a rule, then its household types): who enters and leaves, then who gains and loses.
  const moves = (c: ReformRuleChange) =>
    `${num(c.eligibleBaseline)}${num(c.eligibleReform)}${num(c.newlyEligible)}${num(c.enteredFromUndetermined)}${num(c.noLongerEligible)}${num(c.leftToUndetermined)}${num(c.becameUndetermined)}${num(c.noLongerUndetermined)}`;
  const money = (c: ReformRuleChange) => `${num(c.winners)}${num(c.losers)}${td(euros(c.gainsPerMonth))}${td(euros(c.lossesPerMonth))}`;
  const ruleRows = (cells: (c: ReformRuleChange) => string, totals: (d: ReformRuleDelta) => string, blanks: string) =>
    f.rules.flatMap((d) => [
      `<tr class="rule"><td>${esc(d.title)}${d.inKind ? ' <abbr title="service ou tarif : y entrer ou en sortir n’est pas chiffré en euros">†</abbr>' : ''}</td>${cells(d)}${totals(d)}</tr>`,
      ...Object.entries(d.byType).map(([t, c]) => `<tr class="sub"><td>${esc(typeLabel(t))}</td>${cells(c)}${blanks}</tr>`),
    ]);
  return `<section><h2>Réforme : ${esc(f.title)}</h2>
<p>${esc(f.baseline)} → ${esc(f.reform)}. Coût public : <strong>${euros(f.costPerMonth)} par mois</strong>.</p>
<figure>${charts.reform ?? ''}</figure>
<h3>Par type de foyer (tous les dispositifs touchés)</h3>
${table(['Type de foyer', 'foyers', 'gagnants', 'perdants', 'gain inconnu', 'devenus à vérifier', 'entrés dans un service ou tarif †', 'sortis d’un service ou tarif †', 'gains / mois', 'pertes / mois'], types)}
<h3>Entrants et sortants, par dispositif puis par type de foyer</h3>
${table(['Dispositif, type de foyer', 'éligibles avant', 'après', 'entrants', 'dont à vérifier avant', 'sortants', 'dont à vérifier après', 'devenus à vérifier', 'ne sont plus à vérifier'], ruleRows(moves, () => '', ''))}
<h3>Gagnants, perdants et coût, par dispositif puis par type de foyer</h3>
${table(['Dispositif, type de foyer', 'gagnants', 'perdants', 'gains / mois', 'pertes / mois', 'versé ou payé / mois avant', 'après', 'coût public / mois'], ruleRows(money, (d) => `${td(euros(d.perMonthBaseline))}${td(euros(d.perMonthReform))}${td(euros(d.costPerMonth))}`, '<td></td><td></td><td></td>'))}
<p class="note">${esc(REFORM_LEGEND)} Gains et pertes en euros connus (une borne basse quand l'usage d'un tarif est inconnu). Aides : montants versés aux foyers éligibles avant ou après ; tarifs : ce que paient les foyers éligibles avant et après ; foyers dont la valeur est inconnue exclus. Un foyer au « gain inconnu » est « à vérifier » avant ou après, ou gagne d'un côté ce qu'il perd d'un autre sans qu'on puisse les comparer.</p></section>`;
}

/** The published national rates, as footnotes: each with its local rate, its groups, its source. */
function nationalSection(notes: readonly NationalNote[], synthetic: boolean): string {
  if (notes.length === 0) return '';
  const items = notes.map((x) => {
    const n = x.national;
    const groups =
      x.groups.length === 0
        ? ''
        : table(
            ['Groupe (tel que publié)', 'taux national', 'type de foyer du baromètre le plus proche', 'taux local'],
            x.groups.map((g) => `<tr><td>${esc(g.label)}</td>${td(percent(g.rate))}<td class="na">${g.local === undefined ? '—' : esc(g.local.type)}</td>${td(g.local === undefined ? '—' : percent(g.local.rate))}</tr>`),
          );
    return `<li id="national-${x.n}"><p><strong>${esc(n.title)} : ${percent(n.rate)}</strong> (${esc(n.measured)}) — ${esc(n.scope)}. Ici${n.rules.length > 1 ? ' (ces dispositifs ensemble)' : ''} : <strong>${percent(x.local)}</strong>.<br><span class="source">${esc(n.source.publisher)}, « ${esc(n.source.title)} », <a href="${esc(n.source.url)}">${esc(n.source.url)}</a>.${n.note === undefined ? '' : ` ${esc(n.note)}`}</span></p>${groups}</li>`;
  });
  return `<section id="taux-nationaux"><h2>Taux nationaux publiés</h2><p class="note">${esc(NATIONAL_LEGEND)}</p>${synthetic ? `<p class="note"><strong>${esc(SYNTHETIC_NATIONAL_LEGEND)}</strong></p>` : ''}<ol class="notes">${items.join('\n')}</ol></section>`;
}

/** The barometer at two dates: per right, its figures at each date and the change. */
function comparisonSection(c: DateComparison | null): string {
  if (c === null) return '';
  const d = (iso: string) => frenchDate(iso);
  // « before → after », wrapping at the arrow only when the page is too narrow for it.
  const arrow = (a: string, b: string) => `<td class="pair"><span>${a}\u00a0→</span> <span>${b}</span></td>`;
  const pair = (a: string, b: string, change: string) => `${arrow(a, b)}<td class="delta">${change}</td>`;
  const rows = c.rules.map((r) => {
    const title = `<td>${esc(r.title)}${r.illustrative ? ' <abbr title="valeurs illustratives, non officielles">*</abbr>' : ''}</td>`;
    if (r.change === null) {
      const at = r.inForce === 'from' ? r.from : r.to;
      return `<tr>${title}<td colspan="9" class="na">${esc(notInForceSentence(r, c))} ; au ${d(r.inForce === 'from' ? c.from : c.to)} : ${esc(figuresSentence(at))}.</td></tr>`;
    }
    const x = r.change;
    const money = r.from.unclaimedPerYear === null || r.to.unclaimedPerYear === null || x.unclaimedPerYear === null ? `<td colspan="2" class="na">${r.kind === 'tariff' ? 'tarif : pas de montant versé' : 'pas de montant en euros'}</td>` : pair(euros(r.from.unclaimedPerYear), euros(r.to.unclaimedPerYear), signedEuros(x.unclaimedPerYear));
    return `<tr>${title}${pair(frenchNumber(r.from.eligible), frenchNumber(r.to.eligible), signed(x.eligible))}${pair(frenchNumber(r.from.receiving), frenchNumber(r.to.receiving), signed(x.receiving))}${pair(frenchNumber(r.from.unclaimed), frenchNumber(r.to.unclaimed), signed(x.unclaimed))}${arrow(percent(r.from.rate), percent(r.to.rate))}${money}</tr>`;
  });
  const t = c.totals;
  rows.push(
    `<tr class="total"><td>Total (droits ouverts ou fermés entre les deux dates compris)</td>${pair(frenchNumber(t.from.eligible), frenchNumber(t.to.eligible), signed(t.change.eligible))}${pair(frenchNumber(t.from.receiving), frenchNumber(t.to.receiving), signed(t.change.receiving))}${pair(frenchNumber(t.from.unclaimed), frenchNumber(t.to.unclaimed), signed(t.change.unclaimed))}${arrow(percent(t.from.rate), percent(t.to.rate))}${pair(euros(t.from.unclaimedPerYear), euros(t.to.unclaimedPerYear), signedEuros(t.change.unclaimedPerYear))}</tr>`,
  );
  const hh = c.households;
  return `<section id="evolution"><h2>Évolution du ${d(c.from)} au ${d(c.to)}</h2>
<p>Foyers valides : ${frenchNumber(hh.from.valid)} au ${d(c.from)}${hh.from.invalid > 0 ? ` (invalides à cette date : ${frenchNumber(hh.from.invalid)})` : ''}, ${frenchNumber(hh.to.valid)} au ${d(c.to)}${hh.to.invalid > 0 ? ` (invalides : ${frenchNumber(hh.to.invalid)})` : ''}, sur ${frenchNumber(hh.to.total)} lus. Non perçu au total : ${euros(t.from.unclaimedPerYear)} puis ${euros(t.to.unclaimedPerYear)} par an (<strong>${signedEuros(t.change.unclaimedPerYear)}</strong>), dont aides ponctuelles ${euros(t.from.unclaimedOnce)} puis ${euros(t.to.unclaimedOnce)}.</p>
<div class="scroll">${table(['Dispositif', `éligibles (${d(c.from)} → ${d(c.to)})`, 'écart', 'perçoivent', 'écart', 'non-recours', 'écart', 'taux de non-recours', 'non perçu / an', 'écart'], rows)}</div>
<p class="note">${esc(comparisonLegend(c))}</p></section>`;
}

/** The whole report page; with `comparison`, the same population at a second date. */
export async function barometerHtml(result: SimulationResult, ctx: ReportContext, comparison: DateComparison | null = null): Promise<string> {
  const charts = await barometerCharts(result);
  const h = result.households;
  const meta = ctx.population;
  const rules = rulesByUnclaimed(result);
  const t = barometerTotals(result);
  const notes = nationalNotes(result);
  const star = (r: (typeof rules)[number]) => (r.illustrative ? ' <abbr title="valeurs illustratives, non officielles">*</abbr>' : '');
  const national = (id: string) => {
    const n = nationalNoteOf(notes, id);
    return n === undefined ? '<td>—</td>' : `<td>${percent(n.national.rate)}&nbsp;<a href="#national-${n.n}" aria-label="source ${n.n}"><sup>${n.n}</sup></a></td>`;
  };
  const countRows = rules.map(
    (r) => `<tr><td>${esc(r.title)}${star(r)}</td>${num(r.counts.concerned)}${num(r.counts.eligible)}${num(r.counts.receiving)}${num(r.counts.unclaimed)}${num(r.counts.claimUnknown)}${td(rateOf(r.counts))}${national(r.id)}${num(r.counts.undetermined)}${num(r.counts.ineligible)}${num(r.nearThreshold)}</tr>`,
  );
  const moneyRows = rules.map((r) => {
    const m = r.money;
    if (m === null) return `<tr><td>${esc(r.title)}${star(r)}</td><td colspan="7" class="na">${r.kind === 'tariff' ? 'tarif : pas de montant versé' : 'pas de montant en euros'}</td></tr>`;
    // A one-off aid has no monthly amount: « ponctuelle » rather than a misleading 0 €.
    const oneOff = m.eligiblePerMonth === '0.00' && (m.unclaimedOnce !== '0.00' || m.claimUnknownOnce !== '0.00');
    return `<tr><td>${esc(r.title)}${star(r)}</td>${oneOff ? '<td class="muted">aide ponctuelle</td>' : td(euros(m.eligiblePerMonth))}${td(euros(m.unclaimedPerMonth))}${td(euros(m.unclaimedOnce))}${td(euros(m.unclaimedPerYear))}${td(euros(m.claimUnknownPerMonth))}${td(euros(m.claimUnknownOnce))}${td(euros(m.claimUnknownPerYear))}</tr>`;
  });
  moneyRows.push(`<tr class="total"><td>Total</td><td></td>${td(euros(t.perMonth))}${td(euros(t.once))}${td(euros(t.perYear))}${td(euros(t.unknownPerMonth))}${td(euros(t.unknownOnce))}${td(euros(t.unknownPerYear))}</tr>`);
  const causeRows = rules
    .filter((r) => r.counts.unclaimed > 0)
    .map((r) => `<tr><td>${esc(r.title)}</td>${num(r.counts.unaware)}${num(r.counts.notApplied)}${num(r.counts.nonReception)}${num(r.counts.notOffered)}${num(r.counts.unclaimed)}</tr>`);
  causeRows.push(`<tr class="total"><td>Total</td>${num(t.counts.unaware)}${num(t.counts.notApplied)}${num(t.counts.nonReception)}${num(t.counts.notOffered)}${num(t.counts.unclaimed)}</tr>`);
  const byType = sumOver(rules, (r) => r.byType);
  const typeRows = Object.entries(h.byType).map(([k, n]) => `<tr><td>${esc(typeLabel(k))}</td>${num(n)}${countCells(byType.get(k) ?? ZERO_SUMS)}</tr>`);
  const byArea = sumOver(rules, (r) => r.byArea);
  const areaRows = [...byArea].sort((a, b) => b[1].unclaimed - a[1].unclaimed || (a[0] < b[0] ? -1 : 1)).map(([k, c]) => `<tr><td>${esc(areaLabel(k, meta))}</td>${countCells(c)}</tr>`);
  const byCommune = sumOver(rules, (r) => r.byCommune);
  const communeRows = Object.entries(h.byCommune).map(([k, n]) => `<tr><td>${esc(communeLabel(k, meta))} <span class="code">(${esc(k)})</span></td>${num(n)}${countCells(byCommune.get(k) ?? ZERO_SUMS)}</tr>`);
  const notice =
    meta === null
      ? `<p class="population">Population : aucune description (pas de fichier <code>.meta.json</code> à côté de <code>${esc(ctx.file)}</code>) ; rien ne dit si les foyers sont réels ou synthétiques.</p>`
      : `<p class="${meta.synthetic ? 'synthetic' : 'population'}" role="note">${meta.synthetic ? '<strong>Population synthétique</strong> — foyers fictifs, chiffres approximatifs, qui ne décrivent pas des habitants réels.<br>' : '<strong>Population</strong> — '}${esc(meta.title)}.${meta.description === undefined ? '' : ` ${esc(meta.description)}`}<br><span class="source">Source : ${esc(meta.source)}.${meta.generated === undefined ? '' : ` Établie le ${frenchDate(meta.generated)}.`}</span></p>`;
  const invalid =
    result.invalidExamples.length === 0
      ? ''
      : `<section><h2>Enregistrements invalides</h2><p>${frenchNumber(h.invalid)} enregistrements invalides ont été ignorés ; les premiers, par rang dans le fichier (champs en cause, jamais leurs valeurs) :</p><ul>${result.invalidExamples.map((e) => `<li>rang ${frenchNumber(e.index + 1)}${e.id === null ? '' : ` (${esc(e.id)})`} : ${esc(e.issues.join(' ; '))}</li>`).join('')}</ul></section>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(ctx.title)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1180px;margin:2rem auto;padding:0 1rem;color:#161616}
h1{color:#000091;margin-bottom:.5rem}h3{margin-top:1.5rem}table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.92rem}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:right;vertical-align:top}
th{font-weight:600;background:#f6f6f6}td{white-space:nowrap}th:first-child,td:first-child{text-align:left;white-space:normal;min-width:15rem}caption{text-align:left;font-weight:600}
.kpi{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}.kpi div{background:#f5f5fe;padding:.8rem 1.2rem;border-radius:4px;min-width:9rem}
.kpi strong{display:block;font-size:1.5rem;color:#000091}.kpi .muted strong{color:#666}figure{margin:1.5rem 0;overflow-x:auto}.note{color:#444;font-size:.9rem}
.synthetic{border-left:6px solid #b34000;background:#fff4ef;padding:.8rem 1rem;font-size:1rem}.synthetic strong{color:#b34000;font-size:1.15rem;text-transform:uppercase;letter-spacing:.03em}
.population{border-left:6px solid #666;background:#f6f6f6;padding:.8rem 1rem}.source{font-size:.88rem;color:#444}
tr.total td{font-weight:600;border-top:2px solid #999}tr.rule td{font-weight:600;border-top:2px solid #ccc}tr.sub td:first-child{padding-left:1.5rem}td.na{text-align:left;color:#666}.code{color:#666;font-size:.85em}
details{margin:.5rem 0 1.5rem}summary{cursor:pointer;color:#000091}
th.group{text-align:center;border-bottom:1px solid #bbb}td.delta{font-weight:600}td.na,td.pair{white-space:normal}td.pair span{white-space:nowrap}.scroll{overflow-x:auto}.scroll table{font-size:.85rem}.scroll td:first-child{min-width:11rem}table.money td:not(:first-child):not(.na){width:10%}tr.cols th:first-child{text-align:right;min-width:0}td.muted{color:#666}
ol.notes{padding-left:1.5rem}ol.notes li{margin-bottom:1rem}ol.notes table{width:auto;min-width:60%}a{color:#000091}
</style></head><body>
<h1>${esc(ctx.title)}</h1>
${notice}
<p>Évalué au ${frenchDate(result.date)} — fichier <code>${esc(ctx.file)}</code>. ${frenchNumber(h.total)} foyers lus, ${frenchNumber(h.valid)} valides${h.invalid > 0 ? `, ${frenchNumber(h.invalid)} invalides (ignorés)` : ''}. Résultats <strong>indicatifs</strong>, calculés à partir des données déclarées ; * valeurs illustratives (aucun texte officiel ne les donne).</p>
<div class="kpi">
<div><strong>${frenchNumber(h.valid)}</strong>foyers évalués</div>
<div><strong>${euros(t.perMonth)}</strong>non perçus par mois</div>
<div><strong>${euros(t.once)}</strong>d'aides ponctuelles non perçues</div>
<div><strong>${euros(t.perYear)}</strong>non perçus par an (12 × mois + ponctuels)</div>
<div><strong>${frenchNumber(t.counts.unclaimed)}</strong>droits non perçus</div>
<div><strong>${rateOf(t.counts)}</strong>taux de non-recours</div>
<div class="muted"><strong>${frenchNumber(t.counts.claimUnknown)}</strong>droits à la perception non renseignée (${euros(t.unknownPerMonth)} par mois, ${euros(t.unknownOnce)} ponctuels)</div>
</div>
<p class="note">${esc(RATE_LEGEND)}</p>
<section><h2>Montants non perçus</h2><figure>${charts.unclaimed ?? ''}</figure>
<p class="note">Aides en euros seulement (un tarif solidaire ne verse rien). Montant des droits à la perception non renseignée, non compté ici : ${euros(t.unknownPerMonth)} par mois et ${euros(t.unknownOnce)} ponctuels, soit ${euros(t.unknownPerYear)} par an.</p>
<h3>Par dispositif : montants</h3>
<table class="money"><thead><tr><th scope="col" rowspan="2">Dispositif</th><th scope="col" rowspan="2">montant des éligibles / mois</th><th scope="colgroup" colspan="3" class="group">non perçu (perception renseignée)</th><th scope="colgroup" colspan="3" class="group">perception non renseignée (non compté)</th></tr>
<tr class="cols"><th scope="col">/ mois</th><th scope="col">ponctuel</th><th scope="col">/ an</th><th scope="col">/ mois</th><th scope="col">ponctuel</th><th scope="col">/ an</th></tr></thead><tbody>
${moneyRows.join('\n')}
</tbody></table>
<p class="note">Par an : 12 × montant mensuel + aides ponctuelles.</p></section>
<section><h2>Éligibles et bénéficiaires</h2><figure>${charts.eligible ?? ''}</figure>
<h3>Par dispositif : foyers</h3>
${table(['Dispositif', 'concernés', 'éligibles', 'perçoivent', 'non-recours', 'perception non renseignée', 'taux de non-recours', 'taux national publié', 'à vérifier', 'non éligibles', "à moins de 5 % d'un plafond"], countRows)}
<p class="note">Concernés : foyers du territoire de la règle, à la date où elle est en vigueur. À vérifier : une donnée manque pour conclure. À moins de 5 % d'un plafond : non éligibles qu'un relèvement d'au plus 5 % d'un plafond de ressources ferait entrer.</p></section>
<section><h2>Taux de non-recours</h2><figure>${charts.rate ?? ''}</figure><p class="note">${esc(RATE_LEGEND)}</p></section>
${nationalSection(notes, meta?.synthetic === true)}
<section><h2>Causes du non-recours</h2><p class="note">Typologie de l'Odenore : non-connaissance, non-demande, non-réception (demande refusée ou en attente), non-proposition. Les foyers dont la perception n'est pas renseignée n'ont pas de cause : ils ne sont pas en non-recours.</p><figure>${charts.causes ?? ''}</figure>
${table(['Dispositif', 'non-connaissance', 'non-demande', 'non-réception', 'non-proposition', 'non-recours'], causeRows)}</section>
<section><h2>Par type de foyer</h2><p class="note">Droits comptés une fois par foyer et par dispositif.</p>
${table(['Type', 'foyers', ...COUNT_HEAD], typeRows)}
${detail(rules, (r) => r.byType, typeLabel, 'type de foyer')}</section>
<section><h2>Par quartier</h2>
${table(['Quartier', ...COUNT_HEAD], areaRows)}
${detail(rules, (r) => r.byArea, (k) => areaLabel(k, meta), 'quartier')}</section>
<section><h2>Par commune</h2>
${table(['Commune', 'foyers', ...COUNT_HEAD], communeRows)}
${detail(rules, (r) => r.byCommune, (k) => communeLabel(k, meta), 'commune')}</section>
${reformSection(result, charts)}
${comparisonSection(comparison)}
${invalid}
<p class="note">Produit par non-recours ; aucune donnée n'a quitté la machine. Les mêmes chiffres : fichiers .json et .csv à côté de cette page.</p>
</body></html>
`;
}
