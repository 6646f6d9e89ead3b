import { HOUSEHOLD_TYPE_LABELS, type HouseholdType } from '../simulate/household-type.js';
import { nonTakeUpRate, type Counts, type ReformRuleChange, type SimulationResult } from '../simulate/simulate.js';
import { Money } from '../money.js';
import { frenchDate, frenchMonth, frenchNumber } from '../report/format.js';
import { NATIONAL_TAKE_UP, type NationalRate } from '../simulate/take-up-reference.js';
import type { DateComparison, RuleOverTime } from '../simulate/compare-dates.js';

/**
 * What a population file says of itself, in `<population>.meta.json` beside it (for `poitiers.jsonl.gz`,
 * `poitiers.meta.json`): what the reports show of the population, never used in a calculation.
 */
export interface PopulationMeta {
  /** The territory the population stands for, in French (« Poitiers ») : the default title names it. */
  readonly title: string;
  /** Drawn by a generator rather than taken from real households: the reports say so prominently. */
  readonly synthetic: boolean;
  /** Where the households come from (a generator, a file of the CCAS…). */
  readonly source: string;
  /** The date it was generated or extracted, `YYYY-MM-DD`. */
  readonly generated?: string | undefined;
  readonly description?: string | undefined;
  /** Names of communes by INSEE code, and of neighbourhoods by the slug of the households' `area`. */
  readonly communes?: Readonly<Record<string, string>> | undefined;
  readonly areas?: Readonly<Record<string, string>> | undefined;
}

/** What the reports say besides the figures: their title, and the population's file and description. */
export interface ReportContext {
  readonly title: string;
  /** The population file as named on the command line. */
  readonly file: string;
  readonly population: PopulationMeta | null;
}

/** French words that stay in lower case inside a place name made from a slug (« saint-jean-de-luz »). */
const PARTICLES = new Set(['de', 'des', 'du', 'd', 'la', 'le', 'les', 'l', 'sur', 'sous', 'en', 'et', 'aux', 'au', 'lès', 'lez']);

/** A neighbourhood's name: from the population's description, else the slug made readable (`bel-air` → « Bel-Air »). */
export function areaLabel(slug: string, meta: PopulationMeta | null): string {
  const named = meta?.areas?.[slug];
  if (named !== undefined) return named;
  return slug
    .split(/[-_]/)
    .filter((w) => w !== '')
    .map((w, i) => (i > 0 && PARTICLES.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('-');
}

/** A commune's name from the population's description, else its INSEE code. */
export function communeLabel(code: string, meta: PopulationMeta | null): string {
  return meta?.communes?.[code] ?? `commune ${code}`;
}

/** `a`, `a et b`, `a, b et c`. */
function frenchList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} et ${items[items.length - 1] ?? ''}`;
}

/**
 * The default title of a report: it names the territory of the population (its description's title, else
 * its communes), never a file.
 */
export function defaultTitle(result: SimulationResult, meta: PopulationMeta | null): string {
  if (meta !== null) return `Baromètre du non-recours — ${meta.title}`;
  const communes = Object.entries(result.households.byCommune).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (communes.length === 0) return 'Baromètre du non-recours';
  const shown = communes.slice(0, 3).map(([c]) => c);
  const rest = communes.length - shown.length;
  return `Baromètre du non-recours — ${communes.length === 1 ? 'commune' : 'communes'} ${frenchList(rest > 0 ? [...shown, `${rest} autre${rest > 1 ? 's' : ''}`] : shown)} (code INSEE)`;
}

/** One French sentence on the population: synthetic or not, its source and date, its file. */
export function populationSentence(ctx: ReportContext): string {
  const m = ctx.population;
  if (m === null) return `Population : ${ctx.file} (sans description : aucun fichier .meta.json à côté).`;
  const kind = m.synthetic ? 'Population synthétique (foyers fictifs, chiffres approximatifs)' : 'Population';
  return `${kind} : ${m.title}.${m.description === undefined ? '' : ` ${m.description}`} Source : ${m.source}.${m.generated === undefined ? '' : ` Établie le ${frenchDate(m.generated)}.`} Fichier : ${ctx.file}.`;
}

/** How the non-take-up rate is computed, as the reports' legends say it. */
export const RATE_LEGEND =
  "Taux de non-recours = non-recours ÷ (perçoivent + non-recours), parmi les foyers éligibles dont la perception est renseignée. « Non renseignée » : foyers éligibles dont les données ne disent pas s'ils perçoivent le droit ; ils ne sont jamais comptés en non-recours, ni leurs montants dans le non perçu.";

/** How a reform's entrants, leavers and winners are counted, as the reports' legends say it. */
export const REFORM_LEGEND =
  "Entrants − sortants = variation des éligibles. « Devenus à vérifier » : connus avant la réforme (éligibles ou non), « à vérifier » après. Gagnants et perdants : aide plus ou moins élevée, tarif moins ou plus cher pour un foyer éligible avant et après. Entrer dans un service ou un tarif solidaire (†) ou en sortir est un gain ou une perte qui n'est pas chiffré en euros : compté à part, parmi les entrants et les sortants.";

export const euros = (s: string | Money): string => `${frenchNumber(typeof s === 'string' ? new Money(s) : s, 0)} €`;
export const percent = (rate: number | null): string => (rate === null ? '—' : `${Math.round(rate * 100)} %`);
export const rateOf = (c: Pick<Counts, 'receiving' | 'unclaimed'>): string => percent(nonTakeUpRate(c));

function pad(s: string, n: number, right = false): string {
  const len = [...s].length;
  if (len >= n) return [...s].slice(0, n - 1).join('') + '…';
  return right ? ' '.repeat(n - len) + s : s + ' '.repeat(n - len);
}

/**
 * Text in lines of at most `width` characters, cut between words (French quotation marks kept with their
 * word); a word longer than the width is cut. Nothing is dropped: a long title is read whole.
 */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  const len = (x: string) => [...x].length;
  for (let word of text.split(/ (?<!« )(?!»)/)) {
    while (len(word) > width) {
      if (line !== '') lines.push(line);
      line = '';
      lines.push([...word].slice(0, width).join(''));
      word = [...word].slice(width).join('');
    }
    if (line !== '' && len(line) + 1 + len(word) > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '' || lines.length === 0) lines.push(line);
  return lines;
}

/**
 * A row of a text table whose first cell (a title) wraps within `width` columns, the figures on its first
 * line; continuation lines are indented by two spaces more than `indent`.
 */
function wrappedRow(title: string, width: number, cells: string, indent = ''): string[] {
  const [first = '', ...rest] = wrapWords(title, width - 2 - indent.length);
  return [`${pad(indent + first, width)}${cells}`, ...rest.map((l) => `${indent}  ${l}`)];
}

/** `2022-02` → « février 2022 », `2022-12-13` → « 13 décembre 2022 ». */
const publishedOn = (d: string): string => (d.length === 7 ? frenchMonth(d) : frenchDate(d));

/** A published national rate as the reports cite it, the source last. */
export function nationalCitation(n: NationalRate): string {
  return `${n.source.publisher}, ${publishedOn(n.source.published)}, « ${n.source.title} », ${n.source.url}`;
}

/** A national rate beside the local figures: its footnote number, the local rate of the same rules, and its groups. */
export interface NationalNote {
  readonly n: number;
  readonly national: NationalRate;
  /** The local rate of the same rules (counts of several rules added up), null when no claim is known. */
  readonly local: number | null;
  readonly groups: readonly { readonly label: string; readonly rate: number; readonly local?: { readonly type: string; readonly rate: number | null } }[];
}

/**
 * The published national rates of the rights this result concerns, numbered for footnotes, each with the
 * local rate it compares with (and, for the groups the study publishes that match a household type, that
 * type's local rate).
 */
export function nationalNotes(result: SimulationResult, table: readonly NationalRate[] = NATIONAL_TAKE_UP): NationalNote[] {
  const byId = new Map(result.rules.map((r) => [r.id, r]));
  // Numbered in the order the rights appear in the tables (rights measured alone first, then together).
  const order = new Map(rulesByUnclaimed(result).map((r, i) => [r.id, i]));
  const first = (n: NationalRate) => (n.rules.length > 1 ? 1e6 : 0) + Math.min(...n.rules.map((id) => order.get(id) ?? 1e5));
  const notes: NationalNote[] = [];
  for (const national of [...table].sort((a, b) => first(a) - first(b))) {
    const rules = national.rules.map((id) => byId.get(id)).filter((r): r is NonNullable<typeof r> => r !== undefined && r.counts.concerned > 0);
    if (rules.length === 0) continue;
    const sum = (pick: (r: (typeof rules)[number]) => Pick<Counts, 'receiving' | 'unclaimed'> | undefined) =>
      rules.reduce((a, r) => ({ receiving: a.receiving + (pick(r)?.receiving ?? 0), unclaimed: a.unclaimed + (pick(r)?.unclaimed ?? 0) }), { receiving: 0, unclaimed: 0 });
    notes.push({
      n: notes.length + 1,
      national,
      local: nonTakeUpRate(sum((r) => r.counts)),
      groups: national.groups.map((g) =>
        g.householdType === undefined
          ? { label: g.label, rate: g.rate }
          : { label: g.label, rate: g.rate, local: { type: HOUSEHOLD_TYPE_LABELS[g.householdType], rate: nonTakeUpRate(sum((r) => r.byType[g.householdType as string])) } },
      ),
    });
  }
  return notes;
}

/** The footnote number of a rule's national rate, measured for that rule alone. */
export function nationalNoteOf(notes: readonly NationalNote[], ruleId: string): NationalNote | undefined {
  return notes.find((x) => x.national.rules.length === 1 && x.national.rules[0] === ruleId);
}

/** What the reports say before the national rates' footnotes. */
export const NATIONAL_LEGEND =
  'Taux nationaux publiés : non-recours parmi les éligibles estimé par la DREES, pour la France, à une autre date et par une autre méthode que le baromètre (enquêtes ou fichiers administratifs, et non ce que disent les foyers) ; un ordre de grandeur à côté du taux local, pas une mesure du même champ.';

/** What a synthetic population makes of the comparison with national rates. */
export const SYNTHETIC_NATIONAL_LEGEND =
  "Population synthétique : si elle vient de seeds/populations/generate.ts, la perception de ces droits y est tirée au hasard selon ces taux nationaux ; l'écart entre taux local et taux national ne mesure alors rien d'un territoire.";

/** The footnotes of the national rates, as text lines. */
function nationalLines(notes: readonly NationalNote[], synthetic: boolean): string[] {
  if (notes.length === 0) return [];
  const lines = ['', NATIONAL_LEGEND];
  for (const x of notes) {
    const n = x.national;
    const multi = n.rules.length > 1 ? ' (ces dispositifs ensemble)' : '';
    lines.push(`[${x.n}] ${n.title} : ${percent(n.rate)} (${n.measured}) — ${n.scope}. Ici${multi} : ${percent(x.local)}. ${nationalCitation(n)}.${n.note === undefined ? '' : ` ${n.note}`}`);
    if (x.groups.length > 0) lines.push(`    Par groupe (national) : ${x.groups.map((g) => `${g.label} ${percent(g.rate)}${g.local === undefined ? '' : ` (ici, ${g.local.type.charAt(0).toLowerCase()}${g.local.type.slice(1)} : ${percent(g.local.rate)})`}`).join(' ; ')}.`);
  }
  if (synthetic) lines.push(SYNTHETIC_NATIONAL_LEGEND);
  return lines;
}

/** A count and its word, in the plural from 2 (French usage): « 1 éligible », « 2 éligibles ». */
const count = (n: number, one: string, many = `${one}s`): string => `${frenchNumber(n)} ${n >= 2 ? many : one}`;

/** A right's figures at the one date where it is in force, in words. */
export function figuresSentence(at: RuleOverTime['from']): string {
  return `${count(at.eligible, 'éligible')}, ${count(at.receiving, 'perçoit', 'perçoivent')}, ${count(at.unclaimed, 'non-recours', 'non-recours')}${at.unclaimedPerYear === null ? '' : `, ${euros(at.unclaimedPerYear)} non perçus par an`}`;
}

/** A signed French number: « +12 », « −3 », « 0 ». */
export function signed(n: number): string {
  return n > 0 ? `+${frenchNumber(n)}` : n < 0 ? `\u2212${frenchNumber(-n)}` : '0';
}

/** Signed euros: « +1 200 € », « −35 € ». */
export function signedEuros(s: string): string {
  const m = new Money(s);
  return m.isZero() ? '0 €' : m.isPositive() ? `+${euros(m)}` : `\u2212${euros(m.negated())}`;
}

/** A change of rate in percentage points: « +3 pts ». */
export function signedPoints(r: number | null): string {
  if (r === null) return '—';
  const p = Math.round(r * 100);
  return p > 0 ? `+${p} pts` : p < 0 ? `\u2212${-p} pts` : '0 pt';
}

/** Why a right has no change between two dates, in French: the date at which it is not in force, and its window. */
export function notInForceSentence(r: RuleOverTime, c: DateComparison): string {
  const missing = r.inForce === 'from' ? c.to : c.from;
  const window = r.validity.until === null ? `en vigueur depuis le ${frenchDate(r.validity.from)}` : `en vigueur du ${frenchDate(r.validity.from)} au ${frenchDate(r.validity.until)} (exclu)`;
  const other = r.otherVersions.length === 0 ? '' : ` ; au ${frenchDate(missing)}, autre version du même dispositif : ${r.otherVersions.map((o) => o.title).join(', ')}`;
  return `pas en vigueur au ${frenchDate(missing)} (${window})${other}`;
}

/** What the reports say of a comparison over time. */
export function comparisonLegend(c: DateComparison): string {
  const ignored = c.laterIncomesIgnored;
  return `Même population aux deux dates : ce qui change, ce sont les règles en vigueur et leurs paramètres, et ce que chaque date fait des données (âges, mois de revenus pris en compte). Écart = ${frenchDate(c.to)} − ${frenchDate(c.from)}.${
    ignored === null ? '' : ` Au ${frenchDate(ignored.date)}, les revenus des mois suivants sont ignorés (${count(ignored.records, 'relevé')} de ${count(ignored.households, 'foyer')}) : une date ne connaît pas les revenus qui la suivent.`
  } Un foyer qui n'existe pas encore à la date la plus ancienne (un enfant né après, une situation qui commence après) y est invalide et compté comme tel. Les revenus d'une population sont ceux de mois donnés : loin de ces mois, une date trouve des fenêtres de revenus vides (à vérifier, ou nulles si le foyer dit ses revenus complets).`;
}

/** The comparison of two dates as text lines, for a terminal. */
function comparisonLines(c: DateComparison): string[] {
  const d = (iso: string) => frenchDate(iso);
  const W = 50;
  const arrow = (a: number, b: number) => `${frenchNumber(a)} → ${frenchNumber(b)}`;
  const head = `${pad('Droit ou tarif', W)}${pad('éligibles', 18, true)}${pad('écart', 9, true)}${pad('perçoivent', 18, true)}${pad('écart', 9, true)}${pad('non-recours', 18, true)}${pad('écart', 9, true)}${pad('taux', 16, true)}${pad('non perçu / an', 28, true)}${pad('écart', 14, true)}`;
  const hh = c.households;
  const valid = (x: DateComparison['households']['from'], at: string) => `${count(x.valid, 'foyer valide', 'foyers valides')} au ${d(at)}${x.invalid > 0 ? ` (${count(x.invalid, 'invalide')} à cette date)` : ''}`;
  const lines = ['', `Évolution du ${d(c.from)} au ${d(c.to)} : ${valid(hh.from, c.from)}, ${valid(hh.to, c.to)}.`, head];
  for (const r of c.rules) {
    const title = `${r.title}${r.illustrative ? ' *' : ''}`;
    if (r.change === null) {
      const at = r.inForce === 'from' ? r.from : r.to;
      const when = r.inForce === 'from' ? c.from : c.to;
      lines.push(...wrappedRow(title, W, `${notInForceSentence(r, c)} ; au ${d(when)} : ${figuresSentence(at)}`));
      continue;
    }
    const x = r.change;
    const money = r.from.unclaimedPerYear === null || r.to.unclaimedPerYear === null ? (r.kind === 'tariff' ? 'tarif' : '—') : `${euros(r.from.unclaimedPerYear)} → ${euros(r.to.unclaimedPerYear)}`;
    const moneyChange = x.unclaimedPerYear === null ? '' : signedEuros(x.unclaimedPerYear);
    lines.push(
      ...wrappedRow(
        title,
        W,
        `${pad(arrow(r.from.eligible, r.to.eligible), 18, true)}${pad(signed(x.eligible), 9, true)}${pad(arrow(r.from.receiving, r.to.receiving), 18, true)}${pad(signed(x.receiving), 9, true)}${pad(arrow(r.from.unclaimed, r.to.unclaimed), 18, true)}${pad(signed(x.unclaimed), 9, true)}${pad(`${percent(r.from.rate)} → ${percent(r.to.rate)}`, 16, true)}${pad(money, 28, true)}${pad(moneyChange, 14, true)}`,
      ),
    );
  }
  const t = c.totals;
  lines.push(
    '',
    `Au total : ${frenchNumber(t.from.eligible)} → ${frenchNumber(t.to.eligible)} droits éligibles (${signed(t.change.eligible)}), ${frenchNumber(t.from.receiving)} → ${frenchNumber(t.to.receiving)} perçus (${signed(t.change.receiving)}), ${frenchNumber(t.from.unclaimed)} → ${frenchNumber(t.to.unclaimed)} non perçus (${signed(t.change.unclaimed)}), taux ${percent(t.from.rate)} → ${percent(t.to.rate)} (${signedPoints(t.change.rate)}) ; non perçu ${euros(t.from.unclaimedPerYear)} → ${euros(t.to.unclaimedPerYear)} par an (${signedEuros(t.change.unclaimedPerYear)}), dont ponctuels ${euros(t.from.unclaimedOnce)} → ${euros(t.to.unclaimedOnce)}. Droits ouverts ou fermés entre les deux dates compris.`,
    comparisonLegend(c),
  );
  return lines;
}

/** Totals over the rules concerned: money (per month, one-off, per year) and counts of the causes. */
export function barometerTotals(result: SimulationResult) {
  let perMonth = new Money(0);
  let once = new Money(0);
  let unknownPerMonth = new Money(0);
  let unknownOnce = new Money(0);
  const counts = { eligible: 0, receiving: 0, unclaimed: 0, claimUnknown: 0, unaware: 0, notApplied: 0, nonReception: 0, notOffered: 0, undetermined: 0 };
  for (const r of result.rules) {
    if (r.counts.concerned === 0) continue;
    if (r.money !== null) {
      perMonth = perMonth.plus(r.money.unclaimedPerMonth);
      once = once.plus(r.money.unclaimedOnce);
      unknownPerMonth = unknownPerMonth.plus(r.money.claimUnknownPerMonth);
      unknownOnce = unknownOnce.plus(r.money.claimUnknownOnce);
    }
    for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] += r.counts[k];
  }
  return {
    perMonth: perMonth.toFixed(2),
    once: once.toFixed(2),
    perYear: perMonth.times(12).plus(once).toFixed(2),
    unknownPerMonth: unknownPerMonth.toFixed(2),
    unknownOnce: unknownOnce.toFixed(2),
    unknownPerYear: unknownPerMonth.times(12).plus(unknownOnce).toFixed(2),
    counts,
  };
}

/** The rules concerned, by unclaimed money per year, then by number of unclaimed rights. */
export function rulesByUnclaimed(result: SimulationResult): SimulationResult['rules'] {
  return [...result.rules]
    .filter((r) => r.counts.concerned > 0)
    .sort((a, b) => new Money(b.money?.unclaimedPerYear ?? '0').cmp(new Money(a.money?.unclaimedPerYear ?? '0')) || b.counts.unclaimed - a.counts.unclaimed);
}

/** The household types of a reform's table: those where something changes. */
const changed = (c: ReformRuleChange): boolean => c.newlyEligible + c.noLongerEligible + c.becameUndetermined + c.noLongerUndetermined + c.winners + c.losers > 0;

/** The barometer as a French text table, for a terminal. */
export function formatBarometer(result: SimulationResult, ctx: ReportContext, comparison: DateComparison | null = null): string {
  const h = result.households;
  const lines = [
    `${ctx.title} — au ${frenchDate(result.date)}`,
    populationSentence(ctx),
    `${frenchNumber(h.total)} foyers lus, ${frenchNumber(h.valid)} valides${h.invalid > 0 ? `, ${frenchNumber(h.invalid)} invalides (ignorés)` : ''}. Résultats indicatifs ; valeurs marquées * : illustratives.`,
    '',
    `${pad('Droit ou tarif', 50)}${pad('éligibles', 11, true)}${pad('perçoivent', 12, true)}${pad('non-recours', 13, true)}${pad('non renseigné', 15, true)}${pad('taux', 7, true)}${pad('national', 11, true)}${pad('à vérifier', 12, true)}${pad('non perçu / mois', 18, true)}${pad('ponctuel', 14, true)}`,
  ];
  const rules = rulesByUnclaimed(result);
  const notes = nationalNotes(result);
  for (const r of rules) {
    const c = r.counts;
    const money = r.money === null ? (r.kind === 'tariff' ? 'tarif' : '—') : euros(r.money.unclaimedPerMonth);
    const once = r.money === null || r.money.unclaimedOnce === '0.00' ? '' : euros(r.money.unclaimedOnce);
    const note = nationalNoteOf(notes, r.id);
    const national = note === undefined ? '' : `${percent(note.national.rate)} [${note.n}]`;
    // The whole title, wrapped under itself: never cut.
    lines.push(
      ...wrappedRow(
        `${r.title}${r.illustrative ? ' *' : ''}`,
        50,
        `${pad(frenchNumber(c.eligible), 11, true)}${pad(frenchNumber(c.receiving), 12, true)}${pad(frenchNumber(c.unclaimed), 13, true)}${pad(frenchNumber(c.claimUnknown), 15, true)}${pad(rateOf(c), 7, true)}${pad(national, 11, true)}${pad(frenchNumber(c.undetermined), 12, true)}${pad(money, 18, true)}${pad(once, 14, true)}`,
      ),
    );
  }
  lines.push('', RATE_LEGEND, ...nationalLines(notes, ctx.population?.synthetic === true));
  const near = rules.filter((r) => r.nearThreshold > 0).sort((a, b) => b.nearThreshold - a.nearThreshold);
  if (near.length > 0) lines.push('', `À moins de 5 % d'un plafond de ressources (non éligibles qu'un petit relèvement ferait entrer) : ${near.map((r) => `${r.title} ${frenchNumber(r.nearThreshold)}`).join(' ; ')}.`);
  const t = barometerTotals(result);
  lines.push(
    '',
    `Non perçu au total : ${euros(t.perMonth)} par mois et ${euros(t.once)} d'aides ponctuelles, soit ${euros(t.perYear)} par an (12 × mois + ponctuels) ; ${frenchNumber(t.counts.unclaimed)} droits non perçus, taux de non-recours ${rateOf(t.counts)}.`,
    t.counts.claimUnknown === 0
      ? 'Perception renseignée pour chaque droit éligible : aucun droit à la perception non renseignée.'
      : `Montant des droits à la perception non renseignée (${frenchNumber(t.counts.claimUnknown)} droit${t.counts.claimUnknown > 1 ? 's' : ''}, non compté${t.counts.claimUnknown > 1 ? 's' : ''} ci-dessus) : ${euros(t.unknownPerMonth)} par mois et ${euros(t.unknownOnce)} ponctuels, soit ${euros(t.unknownPerYear)} par an.`,
    `Causes (droits non perçus) : non-connaissance ${frenchNumber(t.counts.unaware)}, non-demande ${frenchNumber(t.counts.notApplied)}, non-réception ${frenchNumber(t.counts.nonReception)}, non-proposition ${frenchNumber(t.counts.notOffered)}.`,
  );
  if (result.reform !== null) {
    const f = result.reform;
    lines.push('', `Réforme « ${f.title} » : ${f.baseline} → ${f.reform}`, `Coût public : ${euros(f.costPerMonth)} par mois.`);
    lines.push(`${pad('Type de foyer', 52)}${pad('foyers', 9, true)}${pad('gagnants', 10, true)}${pad('perdants', 10, true)}${pad('inconnus', 10, true)}${pad('devenus à vérifier', 20, true)}${pad('entrés † / sortis †', 21, true)}${pad('gains / mois', 15, true)}${pad('pertes / mois', 15, true)}`);
    for (const [type, w] of Object.entries(f.byType)) {
      if (w.winners + w.losers + w.unknown + w.becameUndetermined + w.newlyEligibleInKind + w.noLongerEligibleInKind === 0) continue;
      lines.push(
        ...wrappedRow(
          HOUSEHOLD_TYPE_LABELS[type as HouseholdType] ?? type,
          52,
          `${pad(frenchNumber(w.households), 9, true)}${pad(frenchNumber(w.winners), 10, true)}${pad(frenchNumber(w.losers), 10, true)}${pad(frenchNumber(w.unknown), 10, true)}${pad(frenchNumber(w.becameUndetermined), 20, true)}${pad(`${frenchNumber(w.newlyEligibleInKind)} / ${frenchNumber(w.noLongerEligibleInKind)}`, 21, true)}${pad(euros(w.gainsPerMonth), 15, true)}${pad(euros(w.lossesPerMonth), 15, true)}`,
        ),
      );
    }
    const row = (label: string, c: ReformRuleChange, cost: string, indent = '') =>
      wrappedRow(label, 52, `${pad(frenchNumber(c.eligibleBaseline), 8, true)}${pad(frenchNumber(c.eligibleReform), 8, true)}${pad(frenchNumber(c.newlyEligible), 10, true)}${pad(frenchNumber(c.noLongerEligible), 10, true)}${pad(frenchNumber(c.becameUndetermined), 20, true)}${pad(frenchNumber(c.winners), 10, true)}${pad(frenchNumber(c.losers), 10, true)}${pad(euros(c.gainsPerMonth), 15, true)}${pad(euros(c.lossesPerMonth), 15, true)}${pad(cost, 14, true)}`, indent);
    const shown = f.rules.filter((d) => changed(d) || d.costPerMonth !== '0.00');
    if (shown.length > 0) {
      lines.push('', `${pad('Dispositif, puis type de foyer', 52)}${pad('avant', 8, true)}${pad('après', 8, true)}${pad('entrants', 10, true)}${pad('sortants', 10, true)}${pad('devenus à vérifier', 20, true)}${pad('gagnants', 10, true)}${pad('perdants', 10, true)}${pad('gains / mois', 15, true)}${pad('pertes / mois', 15, true)}${pad('coût / mois', 14, true)}`);
      for (const d of shown) {
        lines.push(...row(`${d.inKind ? '† ' : ''}${d.title}`, d, euros(d.costPerMonth)));
        for (const [type, c] of Object.entries(d.byType)) if (changed(c)) lines.push(...row(HOUSEHOLD_TYPE_LABELS[type as HouseholdType] ?? type, c, '', '  '));
      }
    }
    lines.push('', `Éligibles avant et après la réforme. ${REFORM_LEGEND}`);
  }
  if (comparison !== null) lines.push(...comparisonLines(comparison));
  return lines.map((l) => l.trimEnd()).join('\n');
}
