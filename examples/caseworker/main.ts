/**
 * The caseworker's form: the library runs in the page. Every change re-evaluates the household, ranks
 * the next questions, and shows what the person is entitled to, why, where to apply and with which
 * documents. Nothing leaves the page (no request, no storage).
 *
 * The household held here is always valid: an answer is written only when it reads (`parseAmount`,
 * `parseQuantity`) and validates (`formState`); otherwise its field says why, in French, and the results
 * are withdrawn until it is corrected — never results of a household that is not the one on screen.
 */
import '@gouvfr/dsfr/dist/dsfr.min.css';
import './style.css';
import {
  addPerson,
  amountSentence,
  applyAnswer,
  changeAnswer,
  compileCatalog,
  defaultCatalog,
  evaluateHousehold,
  formState,
  frenchDate,
  frenchMonth,
  parseAmount,
  parseQuantity,
  removePerson,
  scopeResults,
  summarizeHousehold,
  vocabularyLabels,
  LABELS,
  parseHousehold,
  type AnswerLine,
  type FieldParse,
  type Household,
  type IncomeAnswer,
  type OutlookEvent,
  type Question,
  type Report,
  type RuleResult,
  type ScopedReport,
} from '../../src/browser.js';

type Json = Record<string, unknown>;
/** A question as a form shows it (a `Question` of the report, or the question of a summary line). */
type Asked = Pick<Question, 'id' | 'label' | 'input'> & Partial<Pick<Question, 'help' | 'values' | 'months'>>;

const params = new URLSearchParams(location.search);
const now = new Date();
// The evaluation date: `?date=` or today, as the caseworker's browser gives it (the library never reads the clock).
const date = params.get('date') ?? `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
const compiled = compileCatalog(defaultCatalog(), date);
const titles = new Map(compiled.catalog.rules.map((r) => [r.id, r.title] as const));
const COMMUNES: readonly [string, string][] = [['', '— choisir —'], ['86194', 'Poitiers'], ['44109', 'Nantes'], ['44162', 'Saint-Herblain (Nantes Métropole)'], ['41018', 'Blois'], ['41295', 'Vineuil (Agglopolys)'], ['75056', 'Paris']];
const communeName = (code: string) => COMMUNES.find(([c]) => c === code)?.[1];

let household: Json = { persons: [{ id: 'p1', role: 'applicant' }] };
/** Fields whose text does not read or validate, by control id: what was typed and the one message shown. */
const drafts = new Map<string, { readonly raw: string; readonly message: string }>();
/** The summary line being changed (its key), if any. */
let editing: string | null = null;
/** Services the caseworker asked about (`TariffService.id`): their tariffs are shown. */
let asked: string[] = [];
let announced = '';

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const label = (v: string, values?: readonly string[]) => (values === undefined ? undefined : vocabularyLabels(values))?.[v] ?? LABELS[v] ?? v;
const domId = (s: string) => s.replace(/[^a-zA-Z0-9]/g, '-');
const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
/** A decimal string ("1450.5") in French ("1 450,50"), by rewriting the text: no binary float. */
const euros = (fixed: string): string => {
  const [int = '', frac = ''] = fixed.split('.');
  const grouped = int.length <= 4 ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped},${frac.padEnd(2, '0').slice(0, 2)}`;
};
/** An answer written back into a field as the caseworker would type it ("1450.00" → "1450,00"). */
const typed = (v: unknown): string => (v === undefined || v === null ? '' : String(v).replace('.', ','));

// ————— Reading a field —————

type Read = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly field: string; readonly raw: string; readonly message: string };

function read<T>(field: string, parse: (text: string) => FieldParse<T>): Read {
  const raw = ($(field) as HTMLInputElement).value;
  const r = parse(raw);
  return r.success ? { ok: true, value: r.value } : { ok: false, field, raw, message: r.message };
}

/** What the caseworker answered to `q` in the controls prefixed `id` (undefined: left empty, the answer becomes unknown). */
function readAnswer(q: Asked, id: string, months: readonly string[], person?: string): Read {
  if (q.input === 'incomes') {
    const amount = read(`${id}-amount`, parseAmount);
    if (!amount.ok) return amount;
    const answer: IncomeAnswer = { kind: ($(`${id}-kind`) as HTMLSelectElement).value, amount: amount.value as string, months, ...(person === undefined ? {} : { person }) };
    return { ok: true, value: answer };
  }
  if (/^taxReturns\./.test(q.id)) {
    if (($(id) as HTMLInputElement).value.trim() === '') return { ok: true, value: undefined };
    const income = read(id, parseAmount);
    if (!income.ok) return income;
    const shares = read(`${id}-shares`, parseQuantity);
    if (!shares.ok) return shares;
    return { ok: true, value: { referenceIncome: income.value, shares: shares.value } };
  }
  if (q.input === 'boolean') {
    const checked = document.querySelector<HTMLInputElement>(`input[name="${id}"]:checked`);
    return { ok: true, value: checked === null ? undefined : checked.value === 'true' };
  }
  const raw = ($(id) as HTMLInputElement).value.trim();
  if (raw === '') return { ok: true, value: undefined };
  if (q.id === 'incomes.grossAmount') {
    const gross = read(id, parseAmount);
    return gross.ok ? { ok: true, value: { kind: 'pension', amount: gross.value, grossAmount: gross.value, months: q.months ?? [] } } : gross;
  }
  if (q.input === 'money') return read(id, parseAmount);
  if (q.input === 'number') return read(id, parseQuantity);
  return { ok: true, value: raw };
}

// ————— Writing an answer —————

/** Where the focus goes after a change: the next question, a control (by id), or a summary line (by its question id). */
type Focus = { readonly next: true } | { readonly element: string } | { readonly line: string };

/**
 * Writes a change when it validates; otherwise keeps the household as it was and shows the first
 * problem, once, next to the field the caseworker just changed.
 */
/**
 * Refuses an answer: its message under the field, the focus on it, and what was typed or chosen in the
 * other controls of the same question kept (the kind of income, the number of shares).
 */
function refuse(field: string, raw: string, message: string): void {
  const kept = Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('#questions select, #questions input, #summary form.edit select, #summary form.edit input'))
    .filter((el) => el.id !== field && el.id !== '')
    .map((el) => [el.id, el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el.checked : el.value] as const);
  drafts.set(field, { raw, message });
  render({ element: field });
  for (const [id, v] of kept) {
    const el = document.getElementById(id) as HTMLInputElement | HTMLSelectElement | null;
    if (el === null || drafts.has(id)) continue;
    if (typeof v === 'boolean') (el as HTMLInputElement).checked = v;
    else el.value = v;
  }
}

function commit(next: Json, field: string, raw: string, focus: Focus, written?: () => void): void {
  const state = formState(compiled, next);
  if (!state.valid) {
    const message = state.issues[0]?.message ?? 'réponse invalide';
    refuse(field, raw, `${message.charAt(0).toUpperCase()}${message.slice(1)}.`);
    return;
  }
  drafts.delete(field);
  household = next;
  written?.();
  render(focus);
}

/** The control that carries the message of a question's answer (the amount, for incomes). */
const messageField = (q: Asked, id: string) => (q.input === 'incomes' ? `${id}-amount` : id);

function answerFrom(q: Asked, id: string, months: readonly string[], focus: Focus, apply: (value: unknown) => Json): void {
  const r = readAnswer(q, id, months);
  if (!r.ok) {
    refuse(r.field, r.raw, r.message);
    return;
  }
  for (const key of [...drafts.keys()]) if (key === id || key.startsWith(`${id}-`)) drafts.delete(key);
  const field = messageField(q, id);
  commit(apply(r.value), field, ($(field) as HTMLInputElement | null)?.value ?? '', focus);
}

// ————— Controls —————

/** The error of a control, if its text does not read: the attributes of the control and the message below it. */
function problem(id: string): { attrs: string; message: string; group: string } {
  const d = drafts.get(id);
  if (d === undefined) return { attrs: '', message: '', group: '' };
  return { attrs: ` aria-invalid="true" aria-describedby="${id}-error"`, message: `<p class="fr-error-text" id="${id}-error">${esc(d.message)}</p>`, group: ' fr-input-group--error' };
}

function textInput(id: string, labelHtml: string, value: string, extra = ''): string {
  const p = problem(id);
  const shown = drafts.get(id)?.raw ?? value;
  return `<div class="fr-input-group${p.group}"><label class="fr-label" for="${id}">${labelHtml}</label><input class="fr-input${p.group === '' ? '' : ' fr-input--error'}" type="text" id="${id}" value="${esc(shown)}"${extra}${p.attrs}>${p.message}</div>`;
}

/** The control(s) of a question, filled with `current` (for a change from the summary). */
function control(q: Asked, id: string, current: unknown, months: readonly string[]): string {
  const help = q.help === undefined ? '' : `<span class="fr-hint-text">${esc(q.help)}</span>`;
  const dataQ = ` data-q="${esc(q.id)}"`;
  switch (q.input) {
    case 'choice': {
      const p = problem(id);
      return `<div class="fr-select-group${p.group === '' ? '' : ' fr-select-group--error'}"><label class="fr-label" for="${id}">${esc(q.label)}${help}</label><select class="fr-select" id="${id}"${dataQ}${p.attrs}><option value="">— choisir —</option>${(q.values ?? [])
        .map((v) => `<option value="${esc(v)}"${current === v ? ' selected' : ''}>${esc(label(v, q.values))}</option>`)
        .join('')}</select>${p.message}</div>`;
    }
    case 'boolean':
      return `<fieldset class="fr-fieldset${drafts.has(id) ? ' fr-fieldset--error' : ''}" id="${id}"${dataQ}${problem(id).attrs.replace(' aria-invalid="true"', '')}><legend class="fr-fieldset__legend--regular fr-fieldset__legend">${esc(q.label)}${help}</legend>
        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group"><input type="radio" id="${id}-oui" name="${id}" value="true"${current === true ? ' checked' : ''}><label class="fr-label" for="${id}-oui">Oui</label></div></div>
        <div class="fr-fieldset__element fr-fieldset__element--inline"><div class="fr-radio-group"><input type="radio" id="${id}-non" name="${id}" value="false"${current === false ? ' checked' : ''}><label class="fr-label" for="${id}-non">Non</label></div></div>${problem(id).message}</fieldset>`;
    case 'incomes': {
      const a = current as IncomeAnswer | undefined;
      return `<fieldset class="fr-fieldset" id="${id}"${dataQ}><legend class="fr-fieldset__legend">${esc(q.label)}${a === undefined ? help : ''}</legend>
        <div class="fr-fieldset__element"><div class="fr-select-group"><label class="fr-label" for="${id}-kind">Type de revenu</label><select class="fr-select" id="${id}-kind">${(q.values ?? [])
          .map((v) => `<option value="${esc(v)}"${a?.kind === v ? ' selected' : ''}>${esc(label(v, q.values))}</option>`)
          .join('')}</select></div></div>
        <div class="fr-fieldset__element">${textInput(`${id}-amount`, `Montant mensuel (€), le même chacun de ces ${months.length === 1 ? `mois (${esc(frenchMonth(months[0] as string))})` : `${months.length} mois`}<span class="fr-hint-text">Par exemple 1 450,00</span>`, typed(a?.amount), ' inputmode="decimal" autocomplete="off"')}</div>
        ${a === undefined ? `<div class="fr-fieldset__element"><div class="fr-checkbox-group"><input type="checkbox" id="${id}-complete" checked><label class="fr-label" for="${id}-complete">Ce sont tous les revenus de ces mois</label></div></div>
        <div class="fr-fieldset__element"><button class="fr-btn fr-btn--sm" type="button" id="${id}-ok">Enregistrer ces revenus</button></div>` : ''}</fieldset>`;
    }
    default: {
      if (/^taxReturns\.\d{4}$/.test(q.id)) {
        const t = current as { referenceIncome?: string; shares?: number } | undefined;
        return `${textInput(id, `${esc(q.label)}${help}`, typed(t?.referenceIncome), ` inputmode="decimal" autocomplete="off"${dataQ}`)}${textInput(`${id}-shares`, 'Nombre de parts', t?.shares === undefined ? '1' : typed(t.shares), ' inputmode="decimal" autocomplete="off"')}`;
      }
      if (q.input === 'date') {
        const p = problem(id);
        return `<div class="fr-input-group${p.group}"><label class="fr-label" for="${id}">${esc(q.label)}${help}</label><input class="fr-input" type="date" id="${id}"${dataQ} value="${esc(typeof current === 'string' ? current : '')}"${p.attrs}>${p.message}</div>`;
      }
      const numeric = q.input === 'money' || q.input === 'number';
      const hint = q.input === 'money' ? '<span class="fr-hint-text">En euros, par exemple 1 300,00</span>' : help;
      return textInput(id, `${esc(q.label)}${hint}`, typed(current), `${numeric ? ' inputmode="decimal"' : ''} autocomplete="off"${dataQ}`);
    }
  }
}

// ————— The household: commune, persons, the answers given so far —————

function renderHousehold(): void {
  const persons = (household.persons as Json[]) ?? [];
  $('household').innerHTML = `
    <div class="fr-select-group"><label class="fr-label" for="commune">Commune de résidence</label>
      <select class="fr-select" id="commune">${COMMUNES.map(([c, n]) => `<option value="${c}"${(household.commune ?? '') === c ? ' selected' : ''}>${esc(n)}</option>`).join('')}</select></div>
    <div class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
      <button class="fr-btn fr-btn--tertiary" id="add-partner" type="button"${persons.some((p) => p.role === 'partner') ? ' disabled' : ''}>Ajouter un conjoint</button>
      <button class="fr-btn fr-btn--tertiary" id="add-child" type="button">Ajouter un enfant</button>
    </div>`;
  const commune = $('commune') as HTMLSelectElement;
  commune.onchange = () => commit(applyAnswer(household, 'commune', commune.value === '' ? undefined : commune.value), 'commune', commune.value, { next: true });
  $('add-partner').onclick = () => commit(addPerson(household, 'partner').household, 'add-partner', '', { next: true });
  $('add-child').onclick = () => commit(addPerson(household, 'child').household, 'add-child', '', { next: true });
}

function lineHtml(line: AnswerLine, who: string): string {
  const id = `e-${domId(line.key)}`;
  if (editing === line.key) {
    const months = line.id === 'incomes' ? (line.current as IncomeAnswer).months : (line.question.months ?? []);
    return `<li class="answer answer--editing"><form class="edit" data-key="${esc(line.key)}" novalidate>${control(line.question, id, line.current, months)}
      <div class="fr-btns-group fr-btns-group--inline fr-btns-group--sm"><button class="fr-btn fr-btn--sm" type="submit">Enregistrer</button><button class="fr-btn fr-btn--sm fr-btn--secondary" type="button" data-cancel>Annuler</button></div></form></li>`;
  }
  return `<li class="answer"><span class="answer__label">${esc(line.label)} :</span> <strong>${esc(line.value)}</strong>
    <button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" type="button" data-edit="${esc(line.key)}">Modifier<span class="fr-sr-only"> : ${esc(line.label)}${who === '' ? '' : `, ${esc(who)}`}</span></button></li>`;
}

/** Where the « Modifier » button of a line is found again after a change (an income line's key changes with its amount). */
const lineFocus = (line: AnswerLine) => (line.id === 'incomes' ? `incomes.${line.person ?? ''}.` : line.key);

function renderSummary(h: Household): void {
  const s = summarizeHousehold(h, { communeName, ruleTitle: (id) => titles.get(id) });
  const group = (title: string, id: string, lines: readonly AnswerLine[], who: string, remove: string) =>
    `<div class="person" data-person="${esc(id)}"><h3 class="fr-h6 fr-mb-1w">${esc(title)}</h3>${lines.length === 0 ? '<p class="fr-text--sm fr-mb-1w">Aucune réponse pour l’instant.</p>' : `<ul class="answers">${lines.map((l) => lineHtml(l, who)).join('')}</ul>`}${remove}</div>`;
  $('summary').innerHTML = `<h2 class="fr-h5 fr-mt-2w" id="t-summary">Réponses données (${s.count})</h2>
    ${s.household.length > 0 ? group('Le foyer', '', s.household, '', '') : ''}
    ${s.persons
      .map((p) =>
        group(p.label, p.id, p.answers, p.label, p.removable ? `<button class="fr-btn fr-btn--tertiary fr-btn--sm fr-mb-2w" type="button" data-remove="${esc(p.id)}">Retirer cette personne<span class="fr-sr-only"> : ${esc(p.label)}</span></button>` : ''),
      )
      .join('')}`;
  const lines = [...s.household, ...s.persons.flatMap((p) => p.answers)];
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('#summary [data-edit]'))) {
    b.onclick = () => {
      if (b.dataset.edit === 'commune') {
        $('commune').focus();
        return;
      }
      editing = b.dataset.edit ?? null;
      render({ element: `e-${domId(editing ?? '')}` });
    };
  }
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('#summary [data-remove]'))) {
    b.onclick = () => {
      editing = null;
      commit(removePerson(household, b.dataset.remove ?? ''), 'add-child', '', { element: 'add-child' });
    };
  }
  const form = document.querySelector<HTMLFormElement>('#summary form.edit');
  const line = lines.find((l) => l.key === form?.dataset.key);
  if (form !== null && line !== undefined) {
    const id = `e-${domId(line.key)}`;
    const months = line.id === 'incomes' ? (line.current as IncomeAnswer).months : (line.question.months ?? []);
    form.onsubmit = (e) => {
      e.preventDefault();
      const r = readAnswer(line.question, id, months, line.person ?? undefined);
      if (!r.ok) {
        refuse(r.field, r.raw, r.message);
        return;
      }
      for (const key of [...drafts.keys()]) if (key.startsWith(id)) drafts.delete(key);
      const field = messageField(line.question, id);
      // Refused (a date after the evaluation date…): the change stays open, its message under the field.
      commit(changeAnswer(household, line, r.value), field, ($(field) as HTMLInputElement | null)?.value ?? '', { line: lineFocus(line) }, () => {
        editing = null;
      });
    };
    (form.querySelector('[data-cancel]') as HTMLButtonElement).onclick = () => {
      for (const key of [...drafts.keys()]) if (key.startsWith(id)) drafts.delete(key);
      editing = null;
      render({ line: lineFocus(line) });
    };
  }
}

/** The services whose price the commune's tariffs give: ticked, their tariffs are shown (`scopeResults`). */
function renderServices(scoped: ScopedReport): void {
  if (scoped.services.length === 0) {
    $('services').innerHTML = '';
    return;
  }
  $('services').innerHTML = `<fieldset class="fr-fieldset fr-mt-2w" id="services-set"><legend class="fr-fieldset__legend fr-text--regular">Services utilisés ou demandés par le foyer<span class="fr-hint-text">Le tarif d'un service n'est montré que pour un service utilisé ou demandé.</span></legend>${scoped.services
    .map(
      (s, i) =>
        `<div class="fr-fieldset__element"><div class="fr-checkbox-group fr-checkbox-group--sm"><input type="checkbox" id="svc-${i}" data-service="${esc(s.id)}"${s.used || asked.includes(s.id) ? ' checked' : ''}${s.used ? ' disabled' : ''}><label class="fr-label" for="svc-${i}">${esc(s.label)}${s.used ? ' (d’après les réponses)' : ''}</label></div></div>`,
    )
    .join('')}</fieldset>`;
  for (const box of Array.from(document.querySelectorAll<HTMLInputElement>('#services input[data-service]'))) {
    box.onchange = () => {
      const id = box.dataset.service ?? '';
      asked = box.checked ? [...asked, id] : asked.filter((s) => s !== id);
      render({ element: box.id });
    };
  }
}

// ————— Questions —————

function renderQuestions(questions: readonly Question[]): void {
  const qs = questions.filter((q) => q.id !== 'commune').slice(0, 6);
  $('questions').innerHTML =
    qs.length === 0
      ? '<p>Plus aucune question : tous les droits montrés sont tranchés.</p>'
      : qs
          .map(
            (q, i) =>
              `<div class="question${i < 2 ? ' question--top' : ''}">${control(q, `q-${domId(q.id)}`, undefined, q.months ?? [])}<p class="fr-text--xs">Décide ${plural(q.rules.length, 'dispositif', 'dispositifs')}${q.amountAtStake === null ? '' : `, jusqu'à ${esc(amountSentence(q.amountAtStake))} en jeu`}</p></div>`,
          )
          .join('');
  for (const q of qs) {
    const id = `q-${domId(q.id)}`;
    const el = document.getElementById(id);
    if (el === null) continue;
    if (q.input === 'incomes') {
      $(`${id}-ok`).onclick = () =>
        answerFrom(q, id, q.months ?? [], { next: true }, (value) => {
          const next = applyAnswer(household, 'incomes', value);
          return ($(`${id}-complete`) as HTMLInputElement).checked ? applyAnswer(next, 'incomesComplete', true) : next;
        });
    } else if (q.input === 'boolean') {
      for (const r of Array.from(el.querySelectorAll('input'))) r.onchange = () => answerFrom(q, id, [], { next: true }, (v) => applyAnswer(household, q.id, v));
    } else {
      el.onchange = () => answerFrom(q, id, q.months ?? [], { next: true }, (v) => applyAnswer(household, q.id, v));
    }
  }
}

// ————— Results —————

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
  return `<div class="fr-select-group fr-mt-1w claim"><label class="fr-label" for="${esc(id)}">Perçoit-il déjà cette aide ?<span class="fr-sr-only"> (${esc(r.title)})</span></label><select class="fr-select" id="${esc(id)}" data-claim="${esc(r.id)}"><option value=""${r.claim === null ? ' selected' : ''}>— non renseigné —</option>${options}</select></div>`;
}

/**
 * Of an eligible right, what the report knows of its claim: received, not received (non-take-up, whatever
 * its cause), or not given (« perception non renseignée »: the question below is still open).
 */
function claimBadge(r: RuleResult, report: Report): string {
  if (r.status !== 'eligible') return '';
  if (r.claim === 'receiving') return '<p class="fr-mb-1w"><span class="fr-badge fr-badge--sm fr-badge--success">déjà perçu</span></p>';
  if (report.unclaimed.rules.includes(r.id)) return '<p class="fr-mb-1w"><span class="fr-badge fr-badge--sm fr-badge--error">non perçu</span></p>';
  if (report.claimUnknown.rules.includes(r.id)) return '<p class="fr-mb-1w"><span class="fr-badge fr-badge--sm fr-badge--info">perception non renseignée</span></p>';
  return '';
}

/** A result card, in reading order: title, amount and reason, then where to apply, then whether it is received. */
function card(r: RuleResult, report: Report): string {
  const amount = r.amount === null ? '' : `<p class="amount">${esc(amountSentence(r.amount))}${r.illustrative.length > 0 ? ' <span class="fr-badge fr-badge--sm fr-badge--warning">valeur illustrative</span>' : ''}</p>`;
  const apply = r.apply === null ? '' : `<p class="fr-text--sm"><strong>Où :</strong> ${esc(r.apply.where)}<br><strong>Pièces :</strong> ${esc(r.apply.documents.join(' ; '))}</p>`;
  return `<div class="fr-card fr-mb-2w rule" data-rule="${esc(r.id)}"><div class="fr-card__body"><div class="fr-card__content">
    <h4 class="fr-card__title">${esc(r.title)}</h4><div class="fr-card__desc">${amount}${claimBadge(r, report)}<p>${esc(r.reason)}</p></div>
    <div class="fr-card__end">${r.status === 'eligible' ? apply : ''}${r.hold === null ? '' : `<p class="fr-text--xs hold">${esc(r.hold.sentence)}</p>`}${r.status === 'eligible' || r.status === 'undetermined' ? claimQuestion(r) : ''}
    <p class="fr-text--xs fr-mb-0">${esc(r.institution.name)}</p></div></div></div></div>`;
}

interface Shown {
  readonly eligible: readonly RuleResult[];
  readonly toCheck: readonly RuleResult[];
  readonly near: readonly RuleResult[];
  readonly no: readonly RuleResult[];
  readonly soon: readonly OutlookEvent[];
}

function shownResults(scoped: ScopedReport): Shown {
  const rs = scoped.results;
  const no = rs.filter((r) => r.status === 'ineligible');
  // Within reach: resources a little lower, or a birthday or the end of a waiting period in the coming year.
  const horizon = `${String(Number(date.slice(0, 4)) + 1)}${date.slice(4)}`;
  const near = no.filter((r) => r.distance?.reachable === true && r.distance.changes.every((c) => c.kind === 'amount' || ((c.kind === 'age' || c.kind === 'time') && c.date <= horizon)));
  // What opens or closes in the next 12 months for the household left unchanged, for the rules shown.
  const ids = new Set(rs.map((r) => r.id));
  const soon = (evaluateHousehold(household, { date, catalog: compiled.catalog, outlook: { months: 12 } }).outlook ?? []).filter((e) => ids.has(e.rule));
  return { eligible: rs.filter((r) => r.status === 'eligible'), toCheck: rs.filter((r) => r.status === 'undetermined'), near, no, soon };
}

const SOON_WORDS = { opens: 'ouvre', closes: 'se ferme', amount: 'change de montant', 'to-check': 'sera à vérifier' } as const;
const soonText = (e: OutlookEvent) => `${e.title} ${SOON_WORDS[e.change]}${e.change === 'amount' ? ` : ${euros(e.from ?? '')} → ${euros(e.to ?? '')}` : ''}`;

function renderResults(report: Report, s: Shown): void {
  const sum = (totals: Report['unclaimed']['totals']) => totals.map((t) => amountSentence({ value: t.value, period: t.period, currency: 'EUR' })).join(' + ');
  // Not received: only the rights whose claim is given and is not « perçoit ». A right whose claim is not given
  // is neither received nor non-take-up: counted apart, its question still asked on its card.
  const totals = sum(report.unclaimed.totals);
  const unknown = s.eligible.filter((r) => report.claimUnknown.rules.includes(r.id));
  const unknownTotals = sum(report.claimUnknown.totals);
  const card1 = (r: RuleResult) => card(r, report);
  const soonItem = (e: OutlookEvent) => `<li><strong>${esc(frenchDate(e.date))}</strong> — ${esc(soonText(e))} <span class="fr-text--xs">(${esc(e.reason)})</span></li>`;
  $('results').innerHTML = `
    <p class="fr-text--lead" id="unclaimed">${plural(s.eligible.length, 'droit repéré', 'droits repérés')}${totals === '' ? '' : ` — ${esc(totals)} non perçus`}</p>
    ${unknown.length === 0 ? '' : `<p class="fr-text--sm" id="claim-unknown">Perception non renseignée pour ${plural(unknown.length, 'droit', 'droits')}${unknownTotals === '' ? '' : ` (${esc(unknownTotals)})`}, non comptée dans le non perçu : demander « Perçoit-il déjà cette aide ? » sur ${unknown.length > 1 ? 'chaque fiche' : 'sa fiche'}.</p>`}
    ${household.commune === undefined ? '<p class="fr-text--sm" id="national-only">Droits nationaux seulement : les aides locales et les tarifs apparaîtront quand la commune sera connue.</p>' : ''}
    <h3 class="fr-h5">Éligible</h3><div id="eligible">${s.eligible.map(card1).join('') || '<p>Aucun pour l’instant.</p>'}</div>
    <h3 class="fr-h5">À vérifier</h3><div id="to-check">${s.toCheck.map(card1).join('') || '<p>Rien à vérifier.</p>'}</div>
    <h3 class="fr-h5">Presque éligible</h3><div id="near">${s.near.map((r) => `<p class="fr-text--sm" data-rule="${esc(r.id)}"><strong>${esc(r.title)}</strong> — ${esc(r.distance?.sentence ?? '')}</p>`).join('') || '<p>Aucun droit à portée d’un petit changement.</p>'}</div>
    <h3 class="fr-h5">Bientôt</h3><div id="soon">${s.soon.length === 0 ? '<p>Rien ne change dans les 12 mois, le foyer restant tel quel.</p>' : `<ul>${s.soon.map(soonItem).join('')}</ul>`}</div>
    <details><summary>Non éligible (${s.no.length})</summary><div id="not-eligible">${s.no.map(card1).join('')}</div></details>`;
  // Whether the person already receives each right: written to `claims`, which the totals then follow.
  for (const el of Array.from(document.querySelectorAll<HTMLSelectElement>('select[data-claim]'))) {
    el.onchange = () => commit(applyAnswer(household, `claims.${el.dataset.claim ?? ''}`, el.value === '' ? undefined : el.value), el.id, el.value, { element: el.id });
  }
}

// ————— The printed summary (one A4 page; style.css shows only it in print) —————

function renderRecap(h: Household, report: Report, scoped: ScopedReport, s: Shown | null): void {
  if (s === null) {
    $('recap').innerHTML = '';
    return;
  }
  const summary = summarizeHousehold(h, { communeName, ruleTitle: (id) => titles.get(id) });
  const facts = (lines: readonly AnswerLine[]) => lines.filter((l) => !l.id.startsWith('claims.')).map((l) => `${esc(l.label)} : ${esc(l.value)}`).join(' · ');
  const household = [
    ...(summary.household.some((l) => !l.id.startsWith('claims.')) ? [`<li>${facts(summary.household)}</li>`] : []),
    ...summary.persons.map((p) => `<li><strong>${esc(p.label)}</strong>${p.answers.length === 0 ? '' : ` — ${facts(p.answers)}`}</li>`),
  ];
  const rows = s.eligible.map(
    (r) =>
      `<tr><th scope="row">${esc(r.title)}${r.claim === 'receiving' ? ' <em>(déjà perçu)</em>' : report.claimUnknown.rules.includes(r.id) ? ' <em>(perception non renseignée)</em>' : ''}</th><td>${r.amount === null ? '—' : `${esc(amountSentence(r.amount))}${r.illustrative.length > 0 ? ' <em>(valeur illustrative)</em>' : ''}`}</td><td>${esc(r.apply?.where ?? r.institution.name)}</td><td>${esc(r.apply?.documents.join(' ; ') ?? '')}</td></tr>`,
  );
  // Next steps: apply for what is found and not received; bring what the rights « à vérifier » still need; the dates to come.
  const asks = (r: RuleResult) => scoped.questions.filter((q) => q.rules.includes(r.id) && q.id !== 'commune').map((q) => q.label.replace(/ — .*$/, '').replace(/ :.*$/, ''));
  // Apply for what is known not to be received; for a right whose claim is not given, first ask whether it is.
  const unclaimed = s.eligible.filter((r) => report.unclaimed.rules.includes(r.id));
  const unknown = s.eligible.filter((r) => report.claimUnknown.rules.includes(r.id));
  const quoted = (rs: readonly RuleResult[]) => rs.map((r) => `« ${esc(r.title)} »`).join(', ');
  const steps = [
    ...(unclaimed.length === 0 ? [] : [`Faire ${unclaimed.length > 1 ? 'les demandes' : 'la demande'} (où et avec quelles pièces : tableau ci-dessus) : ${quoted(unclaimed)}.`]),
    ...(unknown.length === 0 ? [] : [`Vérifier si la personne perçoit déjà ${quoted(unknown)} ; sinon, en faire la demande.`]),
    // At most six rights to check, so that the summary stays on one page; the screen lists them all.
    ...s.toCheck.slice(0, 6).map((r) => {
      const need = [...new Set(asks(r))];
      return `Vérifier « ${esc(r.title)} »${need.length === 0 ? '' : ` : ${esc(need.slice(0, 3).join(', '))}${need.length > 3 ? '…' : ''}`}.`;
    }),
    ...(s.toCheck.length > 6 ? [`Et ${s.toCheck.length - 6} autre${s.toCheck.length > 7 ? 's droits' : ' droit'} à vérifier, à l'écran.`] : []),
    ...s.soon.map((e) => `${esc(frenchDate(e.date))} : ${esc(soonText(e))}.`),
  ];
  const section = (title: string, body: string) => `<section class="recap__section"><h2>${title}</h2>${body}</section>`;
  $('recap').innerHTML = `
    <p class="recap__title">Récapitulatif — accès aux droits</p>
    <p class="recap__meta">Établi le ${esc(frenchDate(date))}${h.commune === undefined ? '' : ` · ${esc(communeName(h.commune) ?? h.commune)}`} · les réponses ne sont ni envoyées ni enregistrées.</p>
    ${section('Le foyer', `<ul>${household.join('')}</ul>`)}
    ${rows.length === 0 ? '' : section(`Droits repérés (${rows.length})`, `<table><thead><tr><th scope="col">Droit</th><th scope="col">Montant</th><th scope="col">Où demander</th><th scope="col">Pièces à fournir</th></tr></thead><tbody>${rows.join('')}</tbody></table>`)}
    ${steps.length === 0 ? '' : section('Prochaines étapes', `<ul>${steps.map((t) => `<li>${t}</li>`).join('')}</ul>`)}
    <p class="recap__notice"><strong>Résultats indicatifs.</strong> ${esc(report.notice)} C'est l'organisme qui verse l'aide qui décide.</p>`;
}

// ————— Everything, after each change —————

function announce(text: string): void {
  if (text === announced) return;
  announced = text;
  $('announce').textContent = text;
}

function render(focus: Focus | null = null): void {
  renderHousehold();
  $('date').textContent = `au ${frenchDate(date)}`;
  const state = formState(compiled, household);
  if (!state.valid) {
    // Not reached: a change is written only once it validates (commit).
    $('issues').innerHTML = `<div class="fr-alert fr-alert--error fr-alert--sm"><p>${esc(state.issues[0]?.message ?? '')}</p></div>`;
    return;
  }
  $('issues').innerHTML = '';
  const parsed = parseHousehold(household, { date });
  const scoped = scopeResults(compiled.catalog, state.report, parsed, { asked });
  renderSummary(parsed);
  renderServices(scoped);
  renderQuestions(scoped.questions);
  // A field that is no longer on screen (its question was settled otherwise) holds nothing back.
  for (const id of [...drafts.keys()]) if (document.getElementById(id) === null) drafts.delete(id);
  ($('print') as HTMLButtonElement).disabled = drafts.size > 0;
  if (drafts.size > 0) {
    // No stale results: while a field does not read, the results would be those of another household.
    $('results').innerHTML = `<div class="fr-alert fr-alert--warning fr-alert--sm" id="suspended"><p>Résultats suspendus : ${drafts.size > 1 ? 'des réponses sont' : 'une réponse est'} à corriger (voir le message sous le champ).</p></div>`;
    renderRecap(parsed, state.report, scoped, null);
    announce('Résultats suspendus : une réponse est à corriger.');
  } else {
    const s = shownResults(scoped);
    renderResults(state.report, s);
    renderRecap(parsed, state.report, scoped, s);
    announce(`${plural(s.eligible.length, 'droit trouvé', 'droits trouvés')}, ${s.toCheck.length} à vérifier`);
  }
  moveFocus(focus);
}

/** After an answer the focus goes to the next question (WCAG 2.4.3): the first control of the first one. */
function moveFocus(focus: Focus | null): void {
  if (focus === null) return;
  let target: HTMLElement | null = null;
  if ('element' in focus) target = document.getElementById(focus.element);
  else if ('line' in focus) target = Array.from(document.querySelectorAll<HTMLElement>('#summary [data-edit]')).find((b) => b.dataset.edit === focus.line || b.dataset.edit?.startsWith(focus.line) === true) ?? $('t-summary');
  else target = document.querySelector<HTMLElement>('#questions input:not([type="hidden"]), #questions select') ?? $('t-droits');
  if (target !== null && target.tagName === 'FIELDSET') target = target.querySelector('input');
  target?.focus();
}

$('print').onclick = () => window.print();
render();
