/**
 * The caseworker's form: the library runs in the page. Every change re-evaluates the household, ranks
 * the next questions, and shows what the person is entitled to, why, where to apply and with which
 * documents. Nothing leaves the page (no request, no storage).
 */
import '@gouvfr/dsfr/dist/dsfr.min.css';
import './style.css';
import { amountSentence, applyAnswer, compileCatalog, defaultCatalog, evaluateHousehold, formState, frenchDate, frenchMonth, frenchNumber, LABELS, vocabularyLabels, type OutlookEvent, type Question, type RuleResult } from '../../src/browser.js';

type Json = Record<string, unknown>;
const params = new URLSearchParams(location.search);
const now = new Date();
const date = params.get('date') ?? `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
const compiled = compileCatalog(defaultCatalog(), date);
let household: Json = { persons: [{ id: 'p1', role: 'applicant' }] };

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const label = (v: string, values?: readonly string[]) => (values === undefined ? undefined : vocabularyLabels(values))?.[v] ?? LABELS[v] ?? v;
const COMMUNES: readonly [string, string][] = [['', '— choisir —'], ['86194', 'Poitiers'], ['44109', 'Nantes'], ['44162', 'Saint-Herblain (Nantes Métropole)'], ['41018', 'Blois'], ['41295', 'Vineuil (Agglopolys)'], ['75056', 'Paris']];

function set(next: Json): void {
  household = next;
  render();
}

function answer(id: string, value: unknown): void {
  try {
    set(applyAnswer(household, id, value === '' ? undefined : value));
  } catch (e) {
    $('issues').innerHTML = `<p class="fr-error-text">${esc((e as Error).message)}</p>`;
  }
}

function renderHousehold(): void {
  const persons = (household.persons as Json[]) ?? [];
  const children = persons.filter((p) => p.role === 'child');
  $('household').innerHTML = `
    <div class="fr-select-group"><label class="fr-label" for="commune">Commune de résidence</label>
      <select class="fr-select" id="commune">${COMMUNES.map(([c, n]) => `<option value="${c}"${household.commune === c ? ' selected' : ''}>${esc(n)}</option>`).join('')}</select></div>
    <p class="fr-text--sm">${persons.length} personne${persons.length > 1 ? 's' : ''} : ${persons.map((p) => `${label(String(p.role))} (${String(p.id)})`).join(', ')}</p>
    <div class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
      <button class="fr-btn fr-btn--tertiary" id="add-partner" type="button"${persons.some((p) => p.role === 'partner') ? ' disabled' : ''}>Ajouter un conjoint</button>
      <button class="fr-btn fr-btn--tertiary" id="add-child" type="button">Ajouter un enfant</button>
    </div>`;
  ($('commune') as HTMLSelectElement).onchange = (e) => answer('commune', (e.target as HTMLSelectElement).value);
  $('add-partner').onclick = () => set({ ...household, persons: [...persons, { id: 'p2', role: 'partner' }], couple: { status: 'couple' } });
  $('add-child').onclick = () => set({ ...household, persons: [...persons, { id: `c${children.length + 1}`, role: 'child' }] });
}

function input(q: Question): string {
  const id = `q-${q.id.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const help = q.help === undefined ? '' : `<span class="fr-hint-text">${esc(q.help)}</span>`;
  switch (q.input) {
    case 'choice':
      return `<div class="fr-select-group"><label class="fr-label" for="${id}">${esc(q.label)}${help}</label><select class="fr-select" id="${id}" data-q="${esc(q.id)}"><option value="">— choisir —</option>${(q.values ?? []).map((v) => `<option value="${esc(v)}">${esc(label(v, q.values))}</option>`).join('')}</select></div>`;
    case 'boolean':
      return `<fieldset class="fr-fieldset" id="${id}" data-q="${esc(q.id)}"><legend class="fr-fieldset__legend--regular fr-fieldset__legend">${esc(q.label)}${help}</legend>
        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group"><input type="radio" id="${id}-oui" name="${id}" value="true"><label class="fr-label" for="${id}-oui">Oui</label></div></div>
        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group"><input type="radio" id="${id}-non" name="${id}" value="false"><label class="fr-label" for="${id}-non">Non</label></div></div></fieldset>`;
    case 'incomes':
      return `<fieldset class="fr-fieldset" id="${id}" data-q="incomes"><legend class="fr-fieldset__legend">${esc(q.label)}${help}</legend>
        <div class="fr-fieldset__element"><div class="fr-select-group"><label class="fr-label" for="${id}-kind">Type de revenu</label><select class="fr-select" id="${id}-kind">${(q.values ?? []).map((v) => `<option value="${esc(v)}">${esc(label(v, q.values))}</option>`).join('')}</select></div></div>
        <div class="fr-fieldset__element"><div class="fr-input-group"><label class="fr-label" for="${id}-amount">Montant mensuel (€), chacun de ces mois : ${esc((q.months ?? []).map(frenchMonth).join(', '))}</label><input class="fr-input" id="${id}-amount" inputmode="decimal" placeholder="1450.00"></div></div>
        <div class="fr-fieldset__element"><div class="fr-checkbox-group"><input type="checkbox" id="${id}-complete" checked><label class="fr-label" for="${id}-complete">Ce sont tous les revenus de ces mois</label></div></div>
        <div class="fr-fieldset__element"><button class="fr-btn fr-btn--sm" type="button" id="${id}-ok">Enregistrer ces revenus</button></div></fieldset>`;
    case 'money':
    case 'number':
    case 'date':
    case 'text':
    case 'month':
    default: {
      const tax = /^taxReturns\.\d{4}$/.test(q.id);
      const type = q.input === 'date' ? 'date' : 'text';
      return `<div class="fr-input-group"><label class="fr-label" for="${id}">${esc(q.label)}${help}</label><input class="fr-input" type="${type}" id="${id}" data-q="${esc(q.id)}"${q.input === 'money' || q.input === 'number' ? ' inputmode="decimal"' : ''}></div>${
        tax ? `<div class="fr-input-group"><label class="fr-label" for="${id}-shares">Nombre de parts</label><input class="fr-input" id="${id}-shares" inputmode="decimal" value="1"></div>` : ''
      }`;
    }
  }
}

function bindQuestion(q: Question): void {
  const id = `q-${q.id.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const el = document.getElementById(id);
  if (el === null) return;
  if (q.input === 'incomes') {
    $(`${id}-ok`).onclick = () => {
      const kind = ($(`${id}-kind`) as HTMLSelectElement).value;
      const amount = ($(`${id}-amount`) as HTMLInputElement).value.trim().replace(',', '.');
      const complete = ($(`${id}-complete`) as HTMLInputElement).checked;
      let next = applyAnswer(household, 'incomes', { kind, amount, months: q.months ?? [] });
      if (complete) next = applyAnswer(next, 'incomesComplete', true);
      set(next);
    };
    return;
  }
  if (q.input === 'boolean') {
    for (const r of el.querySelectorAll('input')) (r as HTMLInputElement).onchange = (e) => answer(q.id, (e.target as HTMLInputElement).value === 'true');
    return;
  }
  el.onchange = (e) => {
    const raw = (e.target as HTMLInputElement).value.trim();
    if (/^taxReturns\./.test(q.id)) {
      const shares = Number(($(`${id}-shares`) as HTMLInputElement).value.replace(',', '.'));
      answer(q.id, raw === '' ? undefined : { referenceIncome: raw.replace(/\s/g, ''), shares });
    } else if (q.input === 'number') answer(q.id, raw === '' ? undefined : Number(raw.replace(',', '.')));
    else answer(q.id, raw);
  };
}

/** The answers to « Perçoit-il déjà cette aide ? », in the words of the Odenore typology. */
const CLAIM_ANSWERS: readonly [string, string][] = [
  ['receiving', 'perçoit'],
  ['applied', 'demande en cours'],
  ['refused', 'demandée et refusée'],
  ['not-applied', 'jamais demandée'],
  ['unaware', 'ne la connaissait pas'],
  ['not-offered', 'jamais proposée'],
];

function claimQuestion(r: RuleResult): string {
  const id = `claim-${r.id}`;
  const options = CLAIM_ANSWERS.map(([v, words]) => `<option value="${v}"${r.claim === v ? ' selected' : ''}>${esc(words)}</option>`).join('');
  return `<div class="fr-select-group fr-mt-1w claim"><label class="fr-label" for="${esc(id)}">Perçoit-il déjà cette aide ?</label><select class="fr-select" id="${esc(id)}" data-claim="${esc(r.id)}"><option value=""${r.claim === null ? ' selected' : ''}>— non renseigné —</option>${options}</select></div>`;
}

function card(r: RuleResult): string {
  const amount = r.amount === null ? '' : `<p class="fr-card__detail amount">${esc(amountSentence(r.amount))}${r.illustrative.length > 0 ? ' <span class="fr-badge fr-badge--sm fr-badge--warning">valeur illustrative</span>' : ''}</p>`;
  const apply = r.apply === null ? '' : `<p class="fr-text--sm"><strong>Où :</strong> ${esc(r.apply.where)}<br><strong>Pièces :</strong> ${esc(r.apply.documents.join(' ; '))}</p>`;
  return `<div class="fr-card fr-mb-2w rule" data-rule="${esc(r.id)}"><div class="fr-card__body"><div class="fr-card__content">
    <h3 class="fr-card__title">${esc(r.title)}</h3>${amount}<p class="fr-card__desc">${esc(r.reason)}</p>${r.status === 'eligible' ? apply : ''}${r.hold === null ? '' : `<p class="fr-text--xs hold">${esc(r.hold.sentence)}</p>`}${r.status === 'eligible' || r.status === 'undetermined' ? claimQuestion(r) : ''}
    <p class="fr-text--xs">${esc(r.institution.name)}</p></div></div></div>`;
}

function render(): void {
  renderHousehold();
  $('date').textContent = `au ${frenchDate(date)}`;
  const state = formState(compiled, household);
  $('issues').innerHTML = state.valid ? '' : `<div class="fr-alert fr-alert--error fr-alert--sm"><p>À corriger :</p><ul>${state.issues.map((i) => `<li>${esc(i.path)} : ${esc(i.message)}</li>`).join('')}</ul></div>`;
  if (!state.valid) return;
  const qs = state.questions.filter((q) => q.id !== 'commune');
  $('questions').innerHTML = qs.length === 0 ? '<p>Plus aucune question : tous les droits du catalogue sont tranchés.</p>' : qs.slice(0, 6).map((q, i) => `<div class="question${i < 2 ? ' question--top' : ''}">${input(q)}<p class="fr-text--xs">Décide ${q.rules.length} dispositif${q.rules.length > 1 ? 's' : ''}${q.amountAtStake === null ? '' : `, jusqu'à ${frenchNumber(Number(q.amountAtStake.value), 0)} € par mois en jeu`}</p></div>`).join('');
  for (const q of qs.slice(0, 6)) bindQuestion(q);
  const rs = state.report.results.filter((r) => r.status !== 'out-of-territory' && r.status !== 'not-in-force');
  const eligible = rs.filter((r) => r.status === 'eligible');
  const toCheck = rs.filter((r) => r.status === 'undetermined');
  const no = rs.filter((r) => r.status === 'ineligible');
  // Within reach: resources a little lower, or a birthday in the coming year.
  const horizon = `${String(Number(date.slice(0, 4)) + 1)}${date.slice(4)}`;
  const near = no.filter((r) => r.distance?.reachable === true && r.distance.changes.every((c) => c.kind === 'amount' || c.date <= horizon));
  // What opens or closes in the next 12 months for the household left unchanged.
  const soon: readonly OutlookEvent[] = evaluateHousehold(household, { date, catalog: compiled.catalog, outlook: { months: 12 } }).outlook ?? [];
  const soonWords = { opens: 'ouvre', closes: 'se ferme', amount: 'change de montant', 'to-check': 'sera à vérifier' } as const;
  const soonItem = (e: OutlookEvent) =>
    `<li><strong>${esc(frenchDate(e.date))}</strong> — ${esc(e.title)} ${soonWords[e.change]}${e.change === 'amount' ? ` : ${esc(frenchNumber(Number(e.from), 2))} → ${esc(frenchNumber(Number(e.to), 2))}` : ''} <span class="fr-text--xs">(${esc(e.reason)})</span></li>`;
  const totals = state.report.unclaimed.totals.map((t) => amountSentence({ value: t.value, period: t.period, currency: 'EUR' })).join(' + ');
  $('results').innerHTML = `
    <p class="fr-text--lead" id="unclaimed">${eligible.length} droit${eligible.length > 1 ? 's' : ''} repéré${eligible.length > 1 ? 's' : ''}${totals === '' ? '' : ` — ${esc(totals)} non perçus`}</p>
    <h3 class="fr-h5">Éligible</h3><div id="eligible">${eligible.map(card).join('') || '<p>Aucun pour l’instant.</p>'}</div>
    <h3 class="fr-h5">À vérifier</h3><div id="to-check">${toCheck.map(card).join('') || '<p>Rien à vérifier.</p>'}</div>
    <h3 class="fr-h5">Presque éligible</h3><div id="near">${near.map((r) => `<p class="fr-text--sm" data-rule="${esc(r.id)}"><strong>${esc(r.title)}</strong> — ${esc(r.distance?.sentence ?? '')}</p>`).join('') || '<p>Aucun droit à portée d’un petit changement.</p>'}</div>
    <h3 class="fr-h5">Bientôt</h3><div id="soon">${soon.length === 0 ? '<p>Rien ne change dans les 12 mois, le foyer restant tel quel.</p>' : `<ul>${soon.map(soonItem).join('')}</ul>`}</div>
    <details><summary>Non éligible (${no.length})</summary><div id="not-eligible">${no.map(card).join('')}</div></details>`;
  // Whether the person already receives each right: written to `claims`, which the totals then follow.
  for (const el of Array.from(document.querySelectorAll<HTMLSelectElement>('select[data-claim]'))) {
    el.onchange = () => answer(`claims.${el.dataset.claim ?? ''}`, el.value === '' ? undefined : el.value);
  }
}

$('print').onclick = () => window.print();
render();
