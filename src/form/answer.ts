import { NonRecoursError } from '../errors.js';
import { tryParseMonth } from '../dates.js';

type Json = Record<string, unknown>;

/** An answer to an income question: one kind and amount for the listed months, for one person. */
export interface IncomeAnswer {
  readonly person?: string;
  readonly kind: string;
  /** Amount per month, a decimal string ("1450.00"). */
  readonly amount: string;
  readonly months: readonly string[];
  /** For a pension: the gross amount (ASPA counts it). */
  readonly grossAmount?: string;
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/**
 * Writes the answer to a question (`Question.id`) into a copy of the household JSON: the form does not
 * need to know the household's shape. The result is then validated as any household; nothing here
 * guesses a value. `undefined` removes the field (the answer becomes unknown again).
 *
 * @example
 * household = applyAnswer(household, 'persons.p1.birthDate', '1956-03-14');
 */
export function applyAnswer(household: Readonly<Json>, questionId: string, value: unknown): Json {
  const h = clone(household) as Json;
  const set = (obj: Json, key: string, v: unknown) => {
    if (v === undefined) delete obj[key];
    else obj[key] = v;
  };
  const person = /^persons\.([^.]+)\.([A-Za-z]+)$/.exec(questionId);
  if (person !== null) {
    const persons = (h.persons as Json[] | undefined) ?? [];
    const p = persons.find((x) => x.id === person[1]);
    if (p === undefined) throw new NonRecoursError('HOUSEHOLD_INVALID', `Personne inconnue « ${person[1] ?? ''} ».`, [{ path: questionId, message: 'personne inconnue' }]);
    set(p, person[2] as string, value);
    return h;
  }
  const section = /^(couple|housing|services)\.([A-Za-z]+)$/.exec(questionId);
  if (section !== null) {
    const key = section[1] as string;
    const obj = ((h[key] as Json | undefined) ?? {}) as Json;
    set(obj, section[2] as string, value);
    if (Object.keys(obj).length === 0) delete h[key];
    else h[key] = obj;
    return h;
  }
  // « Perçoit-il déjà cette aide ? »: the answer of the Odenore typology, written to `claims`.
  const claim = /^claims\.([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(questionId);
  if (claim !== null) {
    const claims = { ...((h.claims as Json | undefined) ?? {}) } as Json;
    set(claims, claim[1] as string, value);
    if (Object.keys(claims).length === 0) delete h.claims;
    else h.claims = claims;
    return h;
  }
  const tax = /^taxReturns\.(\d{4})$/.exec(questionId);
  if (tax !== null) {
    const year = Number(tax[1]);
    const list = ((h.taxReturns as Json[] | undefined) ?? []).filter((t) => t.year !== year);
    if (value !== undefined) list.push({ year, ...(value as Json) });
    if (list.length === 0) delete h.taxReturns;
    else h.taxReturns = list.sort((a, b) => (a.year as number) - (b.year as number));
    return h;
  }
  if (questionId === 'incomes' || questionId === 'incomes.grossAmount') {
    const a = value as IncomeAnswer;
    const personId = a.person ?? ((h.persons as Json[] | undefined)?.find((p) => p.role === 'applicant')?.id as string | undefined) ?? 'p1';
    const incomes = ((h.incomes as Json[] | undefined) ?? []).slice();
    for (const month of a.months) {
      if (tryParseMonth(month) === undefined) throw new NonRecoursError('HOUSEHOLD_INVALID', 'Mois invalide.', [{ path: 'incomes', message: 'mois attendu au format AAAA-MM' }]);
      if (questionId === 'incomes.grossAmount') {
        for (const r of incomes) if (r.person === personId && r.month === month && r.kind === 'pension') r.grossAmount = a.grossAmount ?? a.amount;
      } else {
        const i = incomes.findIndex((r) => r.person === personId && r.month === month && r.kind === a.kind);
        const record: Json = { person: personId, kind: a.kind, month, amount: a.amount, ...(a.grossAmount === undefined ? {} : { grossAmount: a.grossAmount }) };
        if (i >= 0) incomes[i] = record;
        else incomes.push(record);
      }
    }
    h.incomes = incomes;
    return h;
  }
  if (questionId === 'commune' || questionId === 'area' || questionId === 'incomesComplete' || questionId === 'id') {
    set(h, questionId, value);
    return h;
  }
  throw new NonRecoursError('HOUSEHOLD_INVALID', `Question inconnue « ${questionId} ».`, [{ path: questionId, message: 'question inconnue' }]);
}
