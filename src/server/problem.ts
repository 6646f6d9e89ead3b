/**
 * Errors of the HTTP API as RFC 9457 problem details (`application/problem+json`), in French, each with a
 * stable English `code` and, for data the caller sent, the located `issues` ({ path, message }).
 */

/** One located problem in what the caller sent: a JSON path and a French message. */
export interface ProblemIssue {
  readonly path: string;
  readonly message: string;
}

/** What the API answers for each kind of error, by stable code. */
export const PROBLEMS = {
  HOUSEHOLD_INVALID: { status: 400, slug: 'household-invalid', title: 'Données du foyer invalides' },
  DATE_INVALID: { status: 400, slug: 'date-invalid', title: "Date d'évaluation invalide" },
  JSON_INVALID: { status: 400, slug: 'json-invalid', title: 'JSON illisible' },
  REQUEST_INVALID: { status: 400, slug: 'request-invalid', title: 'Requête invalide' },
  NOT_FOUND: { status: 404, slug: 'not-found', title: 'Ressource introuvable' },
  METHOD_NOT_ALLOWED: { status: 405, slug: 'method-not-allowed', title: 'Méthode non autorisée' },
  TIMEOUT: { status: 408, slug: 'timeout', title: 'Délai de réception dépassé' },
  BODY_TOO_LARGE: { status: 413, slug: 'body-too-large', title: 'Corps de requête trop volumineux' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, slug: 'unsupported-media-type', title: 'Type de contenu non pris en charge' },
  INTERNAL: { status: 500, slug: 'internal', title: 'Erreur interne du serveur' },
} as const;

/** A stable problem code (`HOUSEHOLD_INVALID`, `NOT_FOUND`…). */
export type ProblemCode = keyof typeof PROBLEMS;

/** An HTTP status the API may answer with a problem. */
export type ProblemStatus = (typeof PROBLEMS)[ProblemCode]['status'];

/** The base of the `type` URIs; each problem type is described in docs/http.md under its slug. */
export const PROBLEM_TYPE_BASE = 'https://non-recours.fr/problems/';

/** An RFC 9457 problem, plus the `code` and `issues` extension members. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: ProblemStatus;
  readonly detail: string;
  readonly code: ProblemCode;
  readonly instance?: string;
  readonly issues?: readonly ProblemIssue[];
}

/** Builds the problem of a code, with a French detail and, when given, the located issues. */
export function problem(code: ProblemCode, detail: string, issues?: readonly ProblemIssue[]): Problem {
  const p = PROBLEMS[code];
  return { type: `${PROBLEM_TYPE_BASE}${p.slug}`, title: p.title, status: p.status, detail, code, ...(issues === undefined ? {} : { issues }) };
}

/** The media type of a problem response. */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
