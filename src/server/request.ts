/**
 * What `POST /evaluate` and `POST /form` receive: either an envelope `{ "household": …, "date": "…" }`,
 * or the household itself with `?date=AAAA-MM-JJ`. The evaluation date is always explicit: the API, like
 * the library, never takes it from the clock, so that a report can be reproduced.
 */
import { tryParseDate } from '../dates.js';
import { problem, type Problem } from './problem.js';

/** A household (not validated yet) and its evaluation date, or the problem to answer. */
export type EvaluationInput = { readonly ok: true; readonly household: unknown; readonly date: string } | { readonly ok: false; readonly problem: Problem };

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['household', 'date']);

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Splits a parsed body into household and date. A body with a `household` key is an envelope (a
 * household has no such field); any other body is the household.
 */
export function evaluationInput(body: unknown, queryDate: string | undefined): EvaluationInput {
  const envelope = isRecord(body) && Object.prototype.hasOwnProperty.call(body, 'household');
  if (envelope) {
    const unknown = Object.keys(body).filter((k) => !ENVELOPE_KEYS.has(k));
    if (unknown.length > 0) {
      return {
        ok: false,
        problem: problem(
          'REQUEST_INVALID',
          'Enveloppe de requête invalide : seuls « household » et « date » sont attendus.',
          unknown.map((k) => ({ path: k.length > 100 ? `${k.slice(0, 100)}…` : k, message: 'champ inconnu (attendus : household, date)' })),
        ),
      };
    }
  }
  const bodyDate: unknown = envelope ? body.date : undefined;
  if (bodyDate !== undefined && queryDate !== undefined && bodyDate !== queryDate) {
    return { ok: false, problem: problem('DATE_INVALID', "Deux dates d'évaluation différentes : « date » du corps et « ?date= » de l'adresse.", [{ path: 'date', message: 'dates en conflit' }]) };
  }
  const date = bodyDate ?? queryDate;
  if (date === undefined) {
    return { ok: false, problem: problem('DATE_INVALID', "Date d'évaluation manquante : indiquez « date » (AAAA-MM-JJ) dans le corps ou « ?date= » dans l'adresse.", [{ path: 'date', message: 'date manquante' }]) };
  }
  if (typeof date !== 'string' || tryParseDate(date) === undefined) {
    return { ok: false, problem: problem('DATE_INVALID', "La date d'évaluation doit être une date réelle au format AAAA-MM-JJ.", [{ path: 'date', message: 'date invalide' }]) };
  }
  return { ok: true, household: envelope ? body.household : body, date };
}
