import { NonRecoursError } from '../errors.js';
import { CLAIM_STATES, LABELS, VOCABULARY_LABELS, vocabularyLabels } from '../household/enums.js';
import type { Household } from '../household/schema.js';
import { Money } from '../money.js';
import { describeQuestion, type QuestionSpec } from '../report/questions.js';
import { frenchDate, frenchMonth, frenchNumber } from '../report/format.js';
import { applyAnswer, type IncomeAnswer } from './answer.js';

type Json = Record<string, unknown>;

/** One answer given so far, as the caseworker reads it and changes it. */
export interface AnswerLine {
  /** The question's id (`Question.id`): give it back to `changeAnswer` with the new value. */
  readonly id: string;
  /** Unique in the summary (an income question has one line per person, kind and amount). */
  readonly key: string;
  /** The field, in French (« Date de naissance », « Salaire »). */
  readonly label: string;
  /** The answer, in French (« 12 mai 1991 », « 1 450,00 € par mois : août, septembre et octobre 2026 »). */
  readonly value: string;
  /** The person it concerns, or null for the household. */
  readonly person: string | null;
  /** The question to ask again to change the answer (input type, allowed values, help). */
  readonly question: QuestionSpec;
  /** The answer as `applyAnswer` takes it (an `IncomeAnswer` for incomes), to fill the question in again. */
  readonly current: unknown;
}

/** One person of the household with the answers that concern them. */
export interface PersonSummary {
  readonly id: string;
  readonly role: string;
  /** « Demandeur (p1) », « Enfant (c2) ». */
  readonly label: string;
  /** Every person but the applicant can be removed (`removePerson`). */
  readonly removable: boolean;
  readonly answers: readonly AnswerLine[];
}

/** Every answer given so far: the household's own, then each person's. */
export interface HouseholdSummary {
  readonly household: readonly AnswerLine[];
  readonly persons: readonly PersonSummary[];
  /** Number of lines in all. */
  readonly count: number;
}

/** What the summary cannot know by itself: the commune's name, the rules' titles (for claims). */
export interface SummaryOptions {
  readonly communeName?: (code: string) => string | undefined;
  readonly ruleTitle?: (id: string) => string | undefined;
}

/** Person fields in the order a caseworker asks them. */
const PERSON_ORDER = ['birthDate', 'activity', 'nationality', 'residencePermitSince', 'unemployedSince', 'disabilityRate', 'gir', 'unfitForWork', 'pregnant', 'custody', 'schooling', 'carer', 'livesAlone'];
/** Household fields in the same spirit: where, with whom, housed how, then money and services. */
const HOUSEHOLD_ORDER = ['commune', 'area', 'couple.status', 'couple.since', 'housing.status', 'housing.monthlyRent', 'housing.housingBenefit', 'incomesComplete', 'services.crecheHoursPerMonth', 'services.canteenMealsPerMonth', 'services.afterSchoolHoursPerMonth', 'services.mealsAtHomePerMonth'];
/** Labels that read better as a statement in a summary than the question's wording. */
const STATED: Readonly<Record<string, string>> = {
  incomesComplete: 'Tous les revenus de ces mois sont déclarés',
  'couple.since': 'Date du changement de situation de couple',
};
/** Fields that no question asks (the questions module has no label for them). */
const EXTRA: Readonly<Record<string, Omit<QuestionSpec, 'id'>>> = {
  livesAlone: { label: 'Vit seul', input: 'boolean' },
};

const personLabel = (p: Json): string => {
  const role = LABELS[String(p.role)] ?? String(p.role);
  return `${role.charAt(0).toUpperCase()}${role.slice(1)} (${String(p.id)})`;
};

const euros = (amount: string): string => `${frenchNumber(new Money(amount), 2)} €`;

/** « août, septembre et octobre 2026 » (the year once when the months share it); « de novembre 2025 à octobre 2026 » for a run of months. */
function monthList(months: readonly string[]): string {
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7));
  const run = months.length >= 3 && months.every((m, i) => i === 0 || index(m) === index(months[i - 1] as string) + 1);
  if (run) return `de ${frenchMonth(months[0] as string)} à ${frenchMonth(months[months.length - 1] as string)}`;
  const words = months.map(frenchMonth);
  const sameYear = months.every((m) => m.slice(0, 4) === months[0]?.slice(0, 4));
  const shown = sameYear ? words.map((w, i) => (i < words.length - 1 ? w.replace(/ \d{4}$/, '') : w)) : words;
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} et ${shown[shown.length - 1] as string}`;
}

/** The answer in French, by the question's input type. */
function frenchAnswer(spec: QuestionSpec, v: unknown): string {
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (spec.input === 'date' && typeof v === 'string') return frenchDate(v);
  if (spec.input === 'money' && typeof v === 'string') return euros(v);
  if (spec.input === 'choice' && typeof v === 'string') return (spec.values === undefined ? undefined : vocabularyLabels(spec.values))?.[v] ?? LABELS[v] ?? v;
  if (typeof v === 'number') return frenchNumber(v);
  return String(v);
}

/**
 * The question a person field asks, without the « — demandeur (p1) » that `describeQuestion` adds: the
 * summary shows the field under its person already.
 */
function personQuestion(h: Household, id: string, field: string, p: Json): QuestionSpec {
  const extra = EXTRA[field];
  if (extra !== undefined) return { id, ...extra, person: String(p.id) };
  const spec = describeQuestion(id, [], h);
  const suffix = ` — ${LABELS[String(p.role)] ?? String(p.role)} (${String(p.id)})`;
  return { ...spec, label: spec.label.endsWith(suffix) ? spec.label.slice(0, -suffix.length) : spec.label };
}

/** The value at a dotted path of the household (`couple.status`). */
function at(h: Json, path: string): unknown {
  let v: unknown = h;
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Json)[k] : undefined;
  return v;
}

/** Income records of one person grouped into answers: one per kind and amount, with its months. */
function incomeLines(h: Household, personId: string): AnswerLine[] {
  const groups = new Map<string, { kind: string; amount: string; grossAmount: string | undefined; months: string[] }>();
  for (const r of h.incomes ?? []) {
    if (r.person !== personId) continue;
    const key = `${r.kind}|${r.amount}|${r.grossAmount ?? ''}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { kind: r.kind, amount: r.amount, grossAmount: r.grossAmount, months: [] }));
    g.months.push(r.month);
  }
  return [...groups.values()].map((g) => {
    const months = [...new Set(g.months)].sort();
    const current: IncomeAnswer = { person: personId, kind: g.kind, amount: g.amount, months, ...(g.grossAmount === undefined ? {} : { grossAmount: g.grossAmount }) };
    const label = VOCABULARY_LABELS.incomeKind[g.kind as keyof typeof VOCABULARY_LABELS.incomeKind] ?? g.kind;
    return {
      id: 'incomes',
      key: `incomes.${personId}.${g.kind}.${g.amount}.${months.join(',')}`,
      label: `${label.charAt(0).toUpperCase()}${label.slice(1)}`,
      value: `${euros(g.amount)} par mois${g.grossAmount === undefined ? '' : ` (${euros(g.grossAmount)} brut)`} : ${monthList(months)}`,
      person: personId,
      question: describeQuestion('incomes', months.map((m) => `incomes.${m}`), h),
      current,
    };
  });
}

/**
 * Every answer given so far, in French, each with the question that changes it: the household's own
 * answers (commune, couple, housing, tax returns, services, « perçoit déjà… »), then each person's
 * (their fields and their incomes). Meant for the caseworker's editable summary of a valid household.
 *
 * @example
 * const { household, persons } = summarizeHousehold(parseHousehold(json));
 * for (const line of persons[0].answers) show(line.label, line.value); // « Date de naissance », « 12 mai 1991 »
 */
export function summarizeHousehold(household: Household, options: SummaryOptions = {}): HouseholdSummary {
  const h = household as unknown as Json;
  const own: AnswerLine[] = [];
  for (const id of HOUSEHOLD_ORDER) {
    const v = at(h, id);
    if (v === undefined) continue;
    const question = describeQuestion(id, [], household);
    const value = id === 'commune' && typeof v === 'string' ? (options.communeName?.(v) ?? v) : frenchAnswer(question, v);
    own.push({ id, key: id, label: STATED[id] ?? question.label, value, person: null, question, current: v });
  }
  for (const t of [...(household.taxReturns ?? [])].sort((a, b) => a.year - b.year)) {
    const id = `taxReturns.${String(t.year)}`;
    const question = describeQuestion(id, [], household);
    own.push({
      id,
      key: id,
      label: `Revenu fiscal de référence ${String(t.year)}`,
      value: `${euros(t.referenceIncome)} — ${String(t.shares).replace('.', ',')} part${t.shares >= 2 ? 's' : ''}`,
      person: null,
      question,
      current: { referenceIncome: t.referenceIncome, shares: t.shares },
    });
  }
  for (const [rule, state] of Object.entries(household.claims ?? {})) {
    const id = `claims.${rule}`;
    const question: QuestionSpec = { id, label: `Perçoit déjà : ${options.ruleTitle?.(rule) ?? rule}`, input: 'choice', values: CLAIM_STATES };
    own.push({ id, key: id, label: question.label, value: VOCABULARY_LABELS.claimState[state], person: null, question, current: state });
  }
  const persons = household.persons.map((person): PersonSummary => {
    const p = person as unknown as Json;
    const fields = [...PERSON_ORDER.filter((f) => p[f] !== undefined), ...Object.keys(p).filter((f) => f !== 'id' && f !== 'role' && !PERSON_ORDER.includes(f))];
    const answers = fields.map((field): AnswerLine => {
      const id = `persons.${person.id}.${field}`;
      const question = personQuestion(household, id, field, p);
      return { id, key: id, label: question.label, value: frenchAnswer(question, p[field]), person: person.id, question, current: p[field] };
    });
    return { id: person.id, role: person.role, label: personLabel(p), removable: person.role !== 'applicant', answers: [...answers, ...incomeLines(household, person.id)] };
  });
  return { household: own, persons, count: own.length + persons.reduce((n, p) => n + p.answers.length, 0) };
}

/**
 * Removes one answer from a copy of the household (it becomes unknown again): for an income line, its
 * records (that person, kind and months); for any other line, the field.
 */
export function clearAnswer(household: Readonly<Json>, line: Pick<AnswerLine, 'id' | 'current'>): Json {
  if (line.id !== 'incomes') return applyAnswer(household, line.id, undefined);
  const a = line.current as IncomeAnswer;
  const h = JSON.parse(JSON.stringify(household)) as Json;
  const kept = ((h.incomes as Json[] | undefined) ?? []).filter((r) => !(r.person === a.person && r.kind === a.kind && a.months.includes(r.month as string)));
  if (kept.length === 0) delete h.incomes;
  else h.incomes = kept;
  return h;
}

/**
 * Changes an answer of the summary in a copy of the household: the old answer is removed (for an income
 * line, its records, so that a change of kind leaves no line of the old kind), then the new one written.
 *
 * @example
 * household = changeAnswer(household, line, { ...line.current, amount: '1500.00' });
 */
export function changeAnswer(household: Readonly<Json>, line: Pick<AnswerLine, 'id' | 'current'>, value: unknown): Json {
  return applyAnswer(clearAnswer(household, line), line.id, value);
}

/**
 * Removes a person from a copy of the household with the answers that concerned them: their incomes,
 * and — for the partner — the couple situation when it was « en couple » (a couple without a partner is
 * not a valid household; the question is asked again). The applicant cannot be removed.
 */
export function removePerson(household: Readonly<Json>, personId: string): Json {
  const h = JSON.parse(JSON.stringify(household)) as Json;
  const persons = (h.persons as Json[] | undefined) ?? [];
  const person = persons.find((p) => p.id === personId);
  if (person === undefined) throw new NonRecoursError('HOUSEHOLD_INVALID', `Personne inconnue « ${personId} ».`, [{ path: 'persons', message: 'personne inconnue' }]);
  if (person.role === 'applicant') throw new NonRecoursError('HOUSEHOLD_INVALID', 'Le demandeur ne peut pas être retiré du foyer.', [{ path: 'persons', message: 'le demandeur reste' }]);
  h.persons = persons.filter((p) => p.id !== personId);
  const incomes = ((h.incomes as Json[] | undefined) ?? []).filter((r) => r.person !== personId);
  if (incomes.length === 0) delete h.incomes;
  else h.incomes = incomes;
  if (person.role === 'partner' && (h.couple as Json | undefined)?.status === 'couple') delete h.couple;
  return h;
}

const ID_PREFIX: Readonly<Record<string, string>> = { applicant: 'p', partner: 'p', child: 'c', other: 'o' };

/**
 * Adds a person with a free id to a copy of the household (`c3` after `c1` and `c2`; `c1` again once `c1`
 * was removed — `removePerson` took that person's answers away, so nothing carries over). A partner makes
 * the household a couple (`couple.status: 'couple'`); there is at most one.
 *
 * @example
 * const { household: next, id } = addPerson(household, 'child'); // id: 'c1'
 */
export function addPerson(household: Readonly<Json>, role: 'partner' | 'child' | 'other'): { readonly household: Json; readonly id: string } {
  const h = JSON.parse(JSON.stringify(household)) as Json;
  const persons = (h.persons as Json[] | undefined) ?? [];
  if (role === 'partner' && persons.some((p) => p.role === 'partner')) {
    throw new NonRecoursError('HOUSEHOLD_INVALID', 'Le foyer a déjà un conjoint.', [{ path: 'persons', message: 'un seul conjoint' }]);
  }
  const used = new Set(persons.map((p) => String(p.id)));
  const prefix = ID_PREFIX[role] as string;
  let n = role === 'partner' ? 2 : 1;
  while (used.has(`${prefix}${String(n)}`)) n += 1;
  const id = `${prefix}${String(n)}`;
  h.persons = [...persons, { id, role }];
  if (role === 'partner') h.couple = { ...((h.couple as Json | undefined) ?? {}), status: 'couple' };
  return { household: h, id };
}
