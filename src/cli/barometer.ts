import { HOUSEHOLD_TYPE_LABELS, type HouseholdType } from '../simulate/household-type.js';
import type { SimulationResult } from '../simulate/simulate.js';
import { Money } from '../money.js';
import { frenchDate, frenchNumber } from '../report/format.js';

const euros = (s: string) => `${frenchNumber(new Money(s), 0)} €`;
const pct = (a: number, b: number) => (b === 0 ? '—' : `${Math.round((a / b) * 100)} %`);

function pad(s: string, n: number, right = false): string {
  const len = [...s].length;
  if (len >= n) return [...s].slice(0, n - 1).join('') + '…';
  return right ? ' '.repeat(n - len) + s : s + ' '.repeat(n - len);
}

/** The barometer as a French text table, for a terminal. */
export function formatBarometer(result: SimulationResult, source: string): string {
  const h = result.households;
  const lines = [
    `Baromètre du non-recours — ${source} — au ${frenchDate(result.date)}`,
    `${frenchNumber(h.total)} foyers lus, ${frenchNumber(h.valid)} valides${h.invalid > 0 ? `, ${frenchNumber(h.invalid)} invalides (ignorés)` : ''}. Résultats indicatifs ; valeurs marquées * : illustratives.`,
    '',
    `${pad('Droit ou tarif', 50)}${pad('éligibles', 11, true)}${pad('perçoivent', 12, true)}${pad('non-recours', 13, true)}${pad('taux', 7, true)}${pad('à vérifier', 12, true)}${pad('non perçu / mois', 18, true)}`,
  ];
  const rules = [...result.rules]
    .filter((r) => r.counts.concerned > 0)
    .sort((a, b) => new Money(b.money?.unclaimedPerMonth ?? '0').cmp(new Money(a.money?.unclaimedPerMonth ?? '0')) || b.counts.unclaimed - a.counts.unclaimed);
  let total = new Money(0);
  let once = new Money(0);
  for (const r of rules) {
    const c = r.counts;
    if (r.money !== null) {
      total = total.plus(r.money.unclaimedPerMonth);
      once = once.plus(r.money.unclaimedOnce);
    }
    lines.push(
      `${pad(`${r.title}${r.illustrative ? ' *' : ''}`, 50)}${pad(frenchNumber(c.eligible), 11, true)}${pad(frenchNumber(c.receiving), 12, true)}${pad(frenchNumber(c.unclaimed), 13, true)}${pad(pct(c.unclaimed, c.eligible), 7, true)}${pad(frenchNumber(c.undetermined), 12, true)}${pad(r.money === null ? (r.kind === 'tariff' ? 'tarif' : '—') : r.money.unclaimedPerMonth === '0.00' && r.money.unclaimedOnce !== '0.00' ? `${euros(r.money.unclaimedOnce)} ponct.` : euros(r.money.unclaimedPerMonth), 18, true)}`,
    );
  }
  const near = rules.filter((r) => r.nearThreshold > 0).sort((a, b) => b.nearThreshold - a.nearThreshold);
  if (near.length > 0) lines.push('', `À moins de 5 % d'un plafond de ressources (non éligibles qu'un petit relèvement ferait entrer) : ${near.map((r) => `${r.title} ${frenchNumber(r.nearThreshold)}`).join(' ; ')}.`);
  lines.push('', `Non perçu au total : ${euros(total.toFixed(2))} par mois, soit ${euros(total.times(12).plus(once).toFixed(2))} par an (aides ponctuelles comprises).`);
  const causes = rules.reduce((a, r) => ({ unaware: a.unaware + r.counts.unaware, notApplied: a.notApplied + r.counts.notApplied, nonReception: a.nonReception + r.counts.nonReception, notOffered: a.notOffered + r.counts.notOffered, claimUnknown: a.claimUnknown + r.counts.claimUnknown }), { unaware: 0, notApplied: 0, nonReception: 0, notOffered: 0, claimUnknown: 0 });
  lines.push(
    `Causes (droits non perçus) : non-connaissance ${frenchNumber(causes.unaware)}, non-demande ${frenchNumber(causes.notApplied)}, non-réception ${frenchNumber(causes.nonReception)}, non-proposition ${frenchNumber(causes.notOffered)}, non renseignée ${frenchNumber(causes.claimUnknown)}.`,
  );
  if (result.reform !== null) {
    const f = result.reform;
    lines.push('', `Réforme « ${f.title} » : ${f.baseline} → ${f.reform}`, `Coût public : ${euros(f.costPerMonth)} par mois.`);
    lines.push(`${pad('Type de foyer', 52)}${pad('foyers', 9, true)}${pad('gagnants', 10, true)}${pad('perdants', 10, true)}${pad('gains / mois', 15, true)}${pad('pertes / mois', 15, true)}`);
    for (const [t, w] of Object.entries(f.byType)) {
      if (w.winners + w.losers === 0) continue;
      lines.push(`${pad(HOUSEHOLD_TYPE_LABELS[t as HouseholdType] ?? t, 52)}${pad(frenchNumber(w.households), 9, true)}${pad(frenchNumber(w.winners), 10, true)}${pad(frenchNumber(w.losers), 10, true)}${pad(euros(w.gainsPerMonth), 15, true)}${pad(euros(w.lossesPerMonth), 15, true)}`);
    }
    for (const d of f.rules.filter((x) => x.costPerMonth !== '0.00' || x.newlyEligible + x.noLongerEligible > 0)) {
      lines.push(`  ${d.title} : éligibles ${frenchNumber(d.eligibleBaseline)} → ${frenchNumber(d.eligibleReform)} ; coût ${euros(d.costPerMonth)} par mois`);
    }
  }
  return lines.join('\n');
}
