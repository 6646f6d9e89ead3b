/**
 * The barometer as one self-contained HTML file: charts rendered offline to inline SVG with Vega-Lite
 * (no script, no network), tables, and the same figures as JSON and CSV beside it.
 */
import type * as vl from 'vega-lite';
import { optionalDependency } from './optional.js';
import { HOUSEHOLD_TYPE_LABELS, type HouseholdType } from '../simulate/household-type.js';
import { METRICS, type SimulationResult } from '../simulate/simulate.js';
import { Money } from '../money.js';
import { frenchDate, frenchNumber } from '../report/format.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const euros = (s: string) => `${frenchNumber(new Money(s), 0)} €`;
const short = (s: string) => (s.length > 48 ? `${s.slice(0, 47)}…` : s);

async function svg(spec: vl.TopLevelSpec): Promise<string> {
  const [vega, vegaLite] = await Promise.all([
    optionalDependency('vega', 'Le rapport HTML', () => import('vega')),
    optionalDependency('vega-lite', 'Le rapport HTML', () => import('vega-lite')),
  ]);
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  const out = await view.toSVG();
  view.finalize();
  return out;
}

const FONT = { config: { font: 'system-ui, sans-serif', axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 }, legend: { labelFontSize: 11, titleFontSize: 12 } } };

/** Renders the four charts of the report (as SVG strings). */
export async function barometerCharts(result: SimulationResult): Promise<Record<string, string>> {
  const rules = result.rules.filter((r) => r.counts.concerned > 0);
  const money = rules.filter((r) => r.money !== null && new Money(r.money.unclaimedPerMonth).greaterThan(0)).map((r) => ({ aide: short(r.title), montant: Number(r.money?.unclaimedPerMonth) }));
  const charts: Record<string, string> = {};
  charts.unclaimed = await svg({
    ...FONT,
    width: 520,
    title: 'Montants non perçus par mois, par aide (€)',
    data: { values: money },
    mark: { type: 'bar', color: '#000091' },
    encoding: {
      y: { field: 'aide', type: 'nominal', sort: '-x', title: null },
      x: { field: 'montant', type: 'quantitative', title: '€ par mois', axis: { format: ',.0f' } },
    },
  } as vl.TopLevelSpec);
  charts.eligible = await svg({
    ...FONT,
    width: 520,
    title: 'Foyers éligibles et foyers qui perçoivent',
    data: { values: rules.flatMap((r) => [{ aide: short(r.title), statut: 'éligibles', foyers: r.counts.eligible }, { aide: short(r.title), statut: 'perçoivent', foyers: r.counts.receiving }]) },
    mark: 'bar',
    encoding: {
      y: { field: 'aide', type: 'nominal', title: null },
      yOffset: { field: 'statut' },
      x: { field: 'foyers', type: 'quantitative', title: 'foyers' },
      color: { field: 'statut', type: 'nominal', scale: { range: ['#6a6af4', '#000091'] }, title: null },
    },
  } as vl.TopLevelSpec);
  const causeLabels: Record<string, string> = { unaware: 'non-connaissance', notApplied: 'non-demande', nonReception: 'non-réception', notOffered: 'non-proposition', claimUnknown: 'non renseignée' };
  charts.causes = await svg({
    ...FONT,
    width: 520,
    title: 'Causes du non-recours (foyers éligibles qui ne perçoivent pas)',
    data: { values: rules.flatMap((r) => Object.entries(causeLabels).map(([k, label]) => ({ aide: short(r.title), cause: label, foyers: r.counts[k as (typeof METRICS)[number]] }))) },
    mark: 'bar',
    encoding: {
      y: { field: 'aide', type: 'nominal', title: null },
      x: { field: 'foyers', type: 'quantitative', stack: 'zero', title: 'foyers' },
      color: { field: 'cause', type: 'nominal', title: null, scale: { domain: Object.values(causeLabels), range: ['#e1000f', '#f28e2b', '#b07aa1', '#76b7b2', '#bab0ac'] } },
    },
  } as vl.TopLevelSpec);
  if (result.reform !== null) {
    const rows = Object.entries(result.reform.byType).flatMap(([t, w]) => [
      { type: HOUSEHOLD_TYPE_LABELS[t as HouseholdType] ?? t, sens: 'gagnants', foyers: w.winners },
      { type: HOUSEHOLD_TYPE_LABELS[t as HouseholdType] ?? t, sens: 'perdants', foyers: -w.losers },
    ]);
    charts.reform = await svg({
      ...FONT,
      width: 520,
      title: `Réforme : gagnants et perdants par type de foyer`,
      data: { values: rows },
      mark: 'bar',
      encoding: {
        y: { field: 'type', type: 'nominal', title: null },
        x: { field: 'foyers', type: 'quantitative', title: 'foyers (perdants à gauche, gagnants à droite)' },
        color: { field: 'sens', type: 'nominal', scale: { domain: ['gagnants', 'perdants'], range: ['#18753c', '#ce0500'] }, title: null },
      },
    } as vl.TopLevelSpec);
  }
  return charts;
}

/** The per-rule figures as CSV. */
export async function barometerCsv(result: SimulationResult): Promise<string> {
  const { stringify } = await optionalDependency('csv-stringify', "L'export CSV du baromètre", () => import('csv-stringify/sync'));
  return stringify(
    result.rules.map((r) => ({
      id: r.id,
      title: r.title,
      kind: r.kind,
      illustrative: r.illustrative,
      ...r.counts,
      eligible_per_month: r.money?.eligiblePerMonth ?? '',
      unclaimed_per_month: r.money?.unclaimedPerMonth ?? '',
      unclaimed_per_year: r.money?.unclaimedPerYear ?? '',
      unclaimed_once: r.money?.unclaimedOnce ?? '',
      near_threshold: r.nearThreshold,
    })),
    { header: true },
  );
}

/** The whole report page. */
export async function barometerHtml(result: SimulationResult, source: string): Promise<string> {
  const charts = await barometerCharts(result);
  const h = result.households;
  const rules = result.rules.filter((r) => r.counts.concerned > 0);
  const total = rules.reduce((a, r) => a.plus(r.money?.unclaimedPerMonth ?? '0'), new Money(0));
  const rows = rules
    .map(
      (r) =>
        `<tr><td>${esc(r.title)}${r.illustrative ? ' <abbr title="valeurs illustratives, non officielles">*</abbr>' : ''}</td><td>${frenchNumber(r.counts.eligible)}</td><td>${frenchNumber(r.counts.receiving)}</td><td>${frenchNumber(r.counts.unclaimed)}</td><td>${frenchNumber(r.counts.undetermined)}</td><td>${r.money === null ? '—' : euros(r.money.unclaimedPerMonth)}</td><td>${frenchNumber(r.nearThreshold)}</td></tr>`,
    )
    .join('\n');
  // Rights (rule × household) by household type and by area, summed over the rules.
  const sum = (pick: (r: (typeof rules)[number]) => Readonly<Record<string, { eligible: number; receiving: number; unclaimed: number; undetermined: number }>>) => {
    const out = new Map<string, { eligible: number; receiving: number; unclaimed: number; undetermined: number }>();
    for (const r of rules)
      for (const [k, c] of Object.entries(pick(r))) {
        const a = out.get(k) ?? { eligible: 0, receiving: 0, unclaimed: 0, undetermined: 0 };
        out.set(k, { eligible: a.eligible + c.eligible, receiving: a.receiving + c.receiving, unclaimed: a.unclaimed + c.unclaimed, undetermined: a.undetermined + c.undetermined });
      }
    return out;
  };
  const byType = sum((r) => r.byType);
  const byArea = sum((r) => r.byArea);
  const types = Object.entries(h.byType)
    .map(([t, n]) => {
      const c = byType.get(t);
      return `<tr><td>${esc(HOUSEHOLD_TYPE_LABELS[t as HouseholdType] ?? t)}</td><td>${frenchNumber(n)}</td><td>${frenchNumber(c?.eligible ?? 0)}</td><td>${frenchNumber(c?.unclaimed ?? 0)}</td><td>${c === undefined || c.eligible === 0 ? '—' : `${Math.round((c.unclaimed / c.eligible) * 100)} %`}</td></tr>`;
    })
    .join('\n');
  const areas = [...byArea]
    .sort((a, b) => b[1].unclaimed - a[1].unclaimed)
    .map(([a, c]) => `<tr><td>${esc(a)}</td><td>${frenchNumber(c.eligible)}</td><td>${frenchNumber(c.receiving)}</td><td>${frenchNumber(c.unclaimed)}</td><td>${c.eligible === 0 ? '—' : `${Math.round((c.unclaimed / c.eligible) * 100)} %`}</td><td>${frenchNumber(c.undetermined)}</td></tr>`)
    .join('\n');
  const reform =
    result.reform === null
      ? ''
      : `<section><h2>Réforme : ${esc(result.reform.title)}</h2>
<p>${esc(result.reform.baseline)} → ${esc(result.reform.reform)}. Coût public : <strong>${euros(result.reform.costPerMonth)} par mois</strong>.</p>
<figure>${charts.reform ?? ''}</figure>
<table><thead><tr><th>Type de foyer</th><th>foyers</th><th>gagnants</th><th>perdants</th><th>gains / mois</th><th>pertes / mois</th></tr></thead><tbody>
${Object.entries(result.reform.byType)
  .map(([t, w]) => `<tr><td>${esc(HOUSEHOLD_TYPE_LABELS[t as HouseholdType] ?? t)}</td><td>${frenchNumber(w.households)}</td><td>${frenchNumber(w.winners)}</td><td>${frenchNumber(w.losers)}</td><td>${euros(w.gainsPerMonth)}</td><td>${euros(w.lossesPerMonth)}</td></tr>`)
  .join('\n')}
</tbody></table>
<table><thead><tr><th>Dispositif</th><th>éligibles avant</th><th>après</th><th>nouveaux</th><th>sortants</th><th>coût / mois</th></tr></thead><tbody>
${result.reform.rules.map((d) => `<tr><td>${esc(d.title)}</td><td>${frenchNumber(d.eligibleBaseline)}</td><td>${frenchNumber(d.eligibleReform)}</td><td>${frenchNumber(d.newlyEligible)}</td><td>${frenchNumber(d.noLongerEligible)}</td><td>${euros(d.costPerMonth)}</td></tr>`).join('\n')}
</tbody></table></section>`;
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Baromètre du non-recours — ${esc(source)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#161616}
h1{color:#000091}table{border-collapse:collapse;margin:1rem 0;width:100%}th,td{border-bottom:1px solid #ddd;padding:.35rem .5rem;text-align:right}
th:first-child,td:first-child{text-align:left}.kpi{display:flex;gap:2rem;flex-wrap:wrap}.kpi div{background:#f5f5fe;padding:1rem 1.5rem;border-radius:4px}
.kpi strong{display:block;font-size:1.6rem;color:#000091}figure{margin:1.5rem 0}.note{color:#555;font-size:.9rem}
</style></head><body>
<h1>Baromètre du non-recours</h1>
<p>${esc(source)} — évalué au ${frenchDate(result.date)}. Résultats <strong>indicatifs</strong>, calculés à partir des données déclarées ; * valeurs illustratives (aucun texte officiel ne les donne).</p>
<div class="kpi"><div><strong>${frenchNumber(h.valid)}</strong>foyers évalués</div><div><strong>${euros(total.toFixed(2))}</strong>non perçus par mois</div><div><strong>${frenchNumber(rules.reduce((a, r) => a + r.counts.unclaimed, 0))}</strong>droits non perçus</div></div>
<section><h2>Montants non perçus</h2><figure>${charts.unclaimed ?? ''}</figure></section>
<section><h2>Éligibles et bénéficiaires</h2><figure>${charts.eligible ?? ''}</figure></section>
<section><h2>Causes du non-recours</h2><p class="note">Typologie de l'Odenore : non-connaissance, non-demande, non-réception (demande refusée ou en attente), non-proposition.</p><figure>${charts.causes ?? ''}</figure></section>
<section><h2>Par dispositif</h2><table><thead><tr><th>Dispositif</th><th>éligibles</th><th>perçoivent</th><th>non-recours</th><th>à vérifier</th><th>non perçu / mois</th><th>à moins de 5 % d'un plafond</th></tr></thead><tbody>
${rows}
</tbody></table></section>
<section><h2>Par type de foyer</h2><p class="note">Droits comptés une fois par foyer et par dispositif.</p><table><thead><tr><th>Type</th><th>foyers</th><th>droits éligibles</th><th>non perçus</th><th>taux de non-recours</th></tr></thead><tbody>${types}</tbody></table></section>
<section><h2>Par quartier</h2><table><thead><tr><th>Quartier</th><th>droits éligibles</th><th>perçus</th><th>non perçus</th><th>taux</th><th>à vérifier</th></tr></thead><tbody>${areas}</tbody></table></section>
${reform}
<p class="note">${h.invalid > 0 ? `${frenchNumber(h.invalid)} enregistrements invalides ont été ignorés. ` : ''}Produit par non-recours ; aucune donnée n'a quitté la machine.</p>
</body></html>
`;
}
