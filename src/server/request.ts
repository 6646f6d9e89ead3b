/**
 * What `POST /evaluate` and `POST /form` receive: either an envelope `{ "household": …, "date": "…" }`,
 * or the household itself with `?date=AAAA-MM-JJ`. The evaluation date is always explicit: the API, like
 * the library, never takes it from the clock, so that a report can be reproduced.
 */
import { tryParseDate } from '../dates.js';
import { problem, type Problem } from './problem.js';

/** A household (not validated yet) and its evaluation date, or the problem to answer. */
export type EvaluationInput = { readonly ok: true; readonly household: unknown; readonly date: string; readonly outlook?: { readonly months: number } | undefined } | { readonly ok: false; readonly problem: Problem };

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(['household', 'date', 'outlook']);

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
          'Enveloppe de requête invalide : seuls « household », « date » et « outlook » sont attendus.',
          unknown.map((k) => ({ path: k.length > 100 ? `${k.slice(0, 100)}…` : k, message: 'champ inconnu (attendus : household, date, outlook)' })),
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
  // « outlook »: what opens and closes in the next months (1 to 36, 12 when not said), as in the library.
  const outlook: unknown = envelope ? body.outlook : undefined;
  if (outlook === undefined) return { ok: true, household: envelope ? body.household : body, date };
  const months = isRecord(outlook) ? outlook.months : undefined;
  const extra = isRecord(outlook) ? Object.keys(outlook).filter((k) => k !== 'months') : [];
  if (!isRecord(outlook) || extra.length > 0 || (months !== undefined && (typeof months !== 'number' || !Number.isInteger(months) || months < 1 || months > 36))) {
    return { ok: false, problem: problem('REQUEST_INVALID', '« outlook » doit être un objet { "months": n }, n entier de 1 à 36 (12 si absent).', [{ path: extra.length > 0 ? `outlook.${(extra[0] as string).slice(0, 100)}` : months === undefined ? 'outlook' : 'outlook.months', message: extra.length > 0 ? 'champ inconnu (attendu : months)' : 'nombre de mois entier de 1 à 36 attendu' }]) };
  }
  return { ok: true, household: (body as Record<string, unknown>).household, date, outlook: { months: (months as number | undefined) ?? 12 } };
}
