import { HOUSEHOLD_TYPE_LABELS, type HouseholdType } from '../simulate/household-type.js';
import { nonTakeUpRate, type Counts, type ReformRuleChange, type SimulationResult } from '../simulate/simulate.js';
import { Money } from '../money.js';
import { frenchDate, frenchNumber } from '../report/format.js';

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
export function formatBarometer(result: SimulationResult, ctx: ReportContext): string {
  const h = result.households;
  const lines = [
    `${ctx.title} — au ${frenchDate(result.date)}`,
    populationSentence(ctx),
    `${frenchNumber(h.total)} foyers lus, ${frenchNumber(h.valid)} valides${h.invalid > 0 ? `, ${frenchNumber(h.invalid)} invalides (ignorés)` : ''}. Résultats indicatifs ; valeurs marquées * : illustratives.`,
    '',
    `${pad('Droit ou tarif', 50)}${pad('éligibles', 11, true)}${pad('perçoivent', 12, true)}${pad('non-recours', 13, true)}${pad('non renseigné', 15, true)}${pad('taux', 7, true)}${pad('à vérifier', 12, true)}${pad('non perçu / mois', 18, true)}${pad('ponctuel', 14, true)}`,
  ];
  const rules = rulesByUnclaimed(result);
  for (const r of rules) {
    const c = r.counts;
    const money = r.money === null ? (r.kind === 'tariff' ? 'tarif' : '—') : euros(r.money.unclaimedPerMonth);
    const once = r.money === null || r.money.unclaimedOnce === '0.00' ? '' : euros(r.money.unclaimedOnce);
    lines.push(
      `${pad(`${r.title}${r.illustrative ? ' *' : ''}`, 50)}${pad(frenchNumber(c.eligible), 11, true)}${pad(frenchNumber(c.receiving), 12, true)}${pad(frenchNumber(c.unclaimed), 13, true)}${pad(frenchNumber(c.claimUnknown), 15, true)}${pad(rateOf(c), 7, true)}${pad(frenchNumber(c.undetermined), 12, true)}${pad(money, 18, true)}${pad(once, 14, true)}`,
    );
  }
  lines.push('', RATE_LEGEND);
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
        `${pad(HOUSEHOLD_TYPE_LABELS[type as HouseholdType] ?? type, 52)}${pad(frenchNumber(w.households), 9, true)}${pad(frenchNumber(w.winners), 10, true)}${pad(frenchNumber(w.losers), 10, true)}${pad(frenchNumber(w.unknown), 10, true)}${pad(frenchNumber(w.becameUndetermined), 20, true)}${pad(`${frenchNumber(w.newlyEligibleInKind)} / ${frenchNumber(w.noLongerEligibleInKind)}`, 21, true)}${pad(euros(w.gainsPerMonth), 15, true)}${pad(euros(w.lossesPerMonth), 15, true)}`,
      );
    }
    const row = (label: string, c: ReformRuleChange, cost: string) =>
      `${pad(label, 52)}${pad(frenchNumber(c.eligibleBaseline), 8, true)}${pad(frenchNumber(c.eligibleReform), 8, true)}${pad(frenchNumber(c.newlyEligible), 10, true)}${pad(frenchNumber(c.noLongerEligible), 10, true)}${pad(frenchNumber(c.becameUndetermined), 20, true)}${pad(frenchNumber(c.winners), 10, true)}${pad(frenchNumber(c.losers), 10, true)}${pad(euros(c.gainsPerMonth), 15, true)}${pad(euros(c.lossesPerMonth), 15, true)}${pad(cost, 14, true)}`;
    const shown = f.rules.filter((d) => changed(d) || d.costPerMonth !== '0.00');
    if (shown.length > 0) {
      lines.push('', `${pad('Dispositif, puis type de foyer', 52)}${pad('avant', 8, true)}${pad('après', 8, true)}${pad('entrants', 10, true)}${pad('sortants', 10, true)}${pad('devenus à vérifier', 20, true)}${pad('gagnants', 10, true)}${pad('perdants', 10, true)}${pad('gains / mois', 15, true)}${pad('pertes / mois', 15, true)}${pad('coût / mois', 14, true)}`);
      for (const d of shown) {
        lines.push(row(`${d.inKind ? '† ' : ''}${d.title}`, d, euros(d.costPerMonth)));
        for (const [type, c] of Object.entries(d.byType)) if (changed(c)) lines.push(row(`  ${HOUSEHOLD_TYPE_LABELS[type as HouseholdType] ?? type}`, c, ''));
      }
    }
    lines.push('', `Éligibles avant et après la réforme. ${REFORM_LEGEND}`);
  }
  return lines.map((l) => l.trimEnd()).join('\n');
}
