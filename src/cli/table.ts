import type { Report } from '../report/report.js';
import type { RuleResult } from '../report/explain.js';
import { amountSentence } from '../report/explain.js';
import { frenchDate, frenchNumber, NON_TAKE_UP_CAUSE } from '../report/format.js';
import { LABELS } from '../household/enums.js';
import { Money } from '../money.js';

const STATUS_WORDS: Readonly<Record<RuleResult['status'], string>> = {
  eligible: 'éligible',
  ineligible: 'non éligible',
  undetermined: 'à vérifier',
  'not-in-force': 'hors période',
  'out-of-territory': 'hors territoire',
};

const ORDER: readonly RuleResult['status'][] = ['eligible', 'undetermined', 'ineligible', 'out-of-territory', 'not-in-force'];

function pad(s: string, n: number): string {
  const len = [...s].length;
  return len >= n ? s : s + ' '.repeat(n - len);
}

function cut(s: string, n: number): string {
  return [...s].length <= n ? s : `${[...s].slice(0, n - 1).join('')}…`;
}

/** The report as a French text table, for a terminal. */
export function formatReport(report: Report, options: { readonly all?: boolean } = {}): string {
  const lines: string[] = [];
  const who = report.household.id ?? 'foyer sans identifiant';
  lines.push(`Foyer ${who}${report.household.commune !== null ? ` — commune ${report.household.commune}` : ''} — évalué au ${frenchDate(report.date)}`);
  lines.push(report.notice);
  lines.push('');
  const shown = report.results
    .filter((r) => options.all === true || (r.status !== 'out-of-territory' && r.status !== 'not-in-force'))
    .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status));
  lines.push(`  ${pad('Statut', 16)}${pad('Droit ou tarif', 54)}${pad('Montant', 26)}Demande`);
  for (const r of shown) {
    const amount = r.amount === null ? '—' : amountSentence(r.amount);
    const claim = r.claim === null ? 'non renseignée' : (LABELS[r.claim] ?? r.claim);
    // Non-take-up only when the claim is known and is not « perçu »; without a claim, the question is still open.
    const cause = r.claim === null || r.claim === 'receiving' ? '' : ` (${NON_TAKE_UP_CAUSE[r.claim]})`;
    const flag = r.unclaimed ? (r.kind === 'tariff' ? '  (tarif à appliquer)' : `  ← non-recours${cause}`) : r.claimUnknown ? (r.kind === 'tariff' ? '  ← tarif déjà appliqué ?' : '  ← perçoit-il déjà ?') : '';
    lines.push(`  ${pad(STATUS_WORDS[r.status], 16)}${pad(cut(r.title, 52), 54)}${pad(amount, 26)}${r.status === 'eligible' ? claim + flag : ''}`);
  }
  const hidden = report.results.length - shown.length;
  if (hidden > 0) lines.push(`  (${hidden} dispositif${hidden > 1 ? 's' : ''} hors territoire ou hors période non affiché${hidden > 1 ? 's' : ''} ; --all pour tout voir)`);
  lines.push('');
  lines.push('Pourquoi :');
  for (const r of shown) {
    lines.push(`  • ${r.title} — ${r.reason}`);
    if (r.illustrative.length > 0) lines.push(`      valeurs illustratives (non officielles) : ${r.illustrative.join(', ')}`);
    if (r.status === 'eligible' && r.apply !== null) lines.push(`      où demander : ${r.apply.where} ; pièces : ${r.apply.documents.join(', ')}`);
    if (r.hold !== null) lines.push(`      jusqu'où : ${r.hold.sentence}`);
  }
  // Rights within reach of one life change: resources a little lower, a birthday or the end of a waiting period
  // within the year (a change of situation — living alone, another housing — is in the data, not proposed here).
  const horizon = `${String(Number(report.date.slice(0, 4)) + 1)}${report.date.slice(4)}`;
  const near = shown.filter((r) => r.distance?.reachable === true && r.distance.changes.every((c) => c.kind === 'amount' || ((c.kind === 'age' || c.kind === 'time') && c.date <= horizon)));
  if (near.length > 0) {
    lines.push('');
    lines.push('Presque éligible :');
    for (const r of near) lines.push(`  • ${r.title} — ${r.distance?.sentence ?? ''}`);
  }
  if (report.outlook !== undefined && report.outlook.length > 0) {
    lines.push('');
    lines.push('Bientôt (le foyer inchangé, ses revenus du dernier mois continuant) :');
    const words = { opens: 'ouvre', closes: 'se ferme', amount: 'change de montant', 'to-check': 'sera à vérifier' } as const;
    for (const e of report.outlook) {
      const detail = e.change === 'amount' ? ` : ${frenchNumber(new Money(e.from ?? '0'), 2)} → ${frenchNumber(new Money(e.to ?? '0'), 2)}` : e.change === 'to-check' ? ` (${(e.missing ?? []).join(', ')})` : '';
      lines.push(`  • ${frenchDate(e.date)} — ${e.title} ${words[e.change]}${detail} — ${e.reason}`);
    }
  }
  if (report.questions.length > 0) {
    lines.push('');
    lines.push('Questions à poser ensuite (les plus utiles d’abord) :');
    report.questions.slice(0, 8).forEach((q, i) => {
      const range = q.amountRange === null ? undefined : q.amountRange.high === '0.00' ? '' : q.amountRange.high === null ? ` ; au moins ${frenchNumber(new Money(q.amountRange.low), 2)} € par mois en jeu` : ` ; entre ${frenchNumber(new Money(q.amountRange.low), 2)} et ${frenchNumber(new Money(q.amountRange.high), 2)} € par mois en jeu`;
      const stake = range ?? (q.amountAtStake === null ? '' : ` ; jusqu'à ${frenchNumber(new Money(q.amountAtStake.value), 2)} € par mois en jeu`);
      lines.push(`  ${i + 1}. ${q.label} — décide ${q.rules.length} dispositif${q.rules.length > 1 ? 's' : ''}${stake}`);
    });
  }
  lines.push('');
  const sum = (t: Report['unclaimed']['totals']) => t.map((x) => amountSentence({ value: x.value, period: x.period, currency: 'EUR' })).join(' + ');
  const s = (n: number) => (n > 1 ? 's' : '');
  const u = report.unclaimed;
  const k = report.claimUnknown;
  if (u.count === 0) lines.push(k.count === 0 ? 'Non-recours : aucun droit éligible non perçu.' : 'Non-recours : aucun droit éligible déclaré non perçu.');
  else {
    const totals = sum(u.totals);
    lines.push(`Non-recours : ${u.count} droit${s(u.count)} éligible${s(u.count)} non perçu${s(u.count)}${totals === '' ? '' : `, soit ${totals}`}.`);
  }
  if (k.count > 0) {
    // Not non-take-up: perhaps already received. Its money is never added to the line above.
    const totals = sum(k.totals);
    lines.push(`Perception non renseignée (non comptée dans le non-recours) : ${k.count} droit${s(k.count)} éligible${s(k.count)}${totals === '' ? '' : `, soit ${totals}`} — demander au foyer s'il ${k.count > 1 ? 'les' : 'le'} perçoit déjà.`);
  }
  return lines.join('\n');
}
