/**
 * The HTTP API of non-recours, as a Hono app: the library's functions behind JSON routes, for
 * applications written in other languages (PHP, Java, CCAS software). The app holds no socket, so tests
 * call `app.request(…)`; `serve.ts` puts it on a port. Household data is never logged: the log says which
 * route answered what, how fast, and nothing the caller sent.
 */
import { Hono, type Context } from 'hono';
import { cors } from 'hono/cors';
import { withOutlook } from '../api.js';
import { formState } from '../form/form.js';
import { factCatalog } from '../facts/catalog.js';
import { safeParseHousehold } from '../household/parse.js';
import type { Household } from '../household/schema.js';
import { tryParseDate } from '../dates.js';
import { exportToOpenFisca, fromOpenFisca } from '../openfisca/index.js';
import { renderRulePage } from '../docs/render.js';
import type { Catalog } from '../rules/catalog.js';
import { readJsonBody } from './body.js';
import { evaluatorCache } from './evaluators.js';
import { openApiDocument } from './openapi.js';
import { PROBLEM_MEDIA_TYPE, problem, type Problem } from './problem.js';
import { evaluationInput, type EvaluationInput } from './request.js';

/** One line of the server log: never a body, a query string or a household value. */
export interface LogEntry {
  readonly level: 'info' | 'error';
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly ms?: number;
  /** For a 500: the error's class and code, and its stack without the message (which may quote data). */
  readonly error?: { readonly name: string; readonly code?: string; readonly stack?: string };
}

/** Options of `createApp`. */
export interface AppOptions {
  /** The catalog served (`defaultCatalog()`, or `loadCatalogFromDirs([...])`). */
  readonly catalog: Catalog;
  /** Largest request body accepted, in bytes; 1 Mio (1 048 576) by default. */
  readonly maxBodyBytes?: number;
  /** Origins allowed to call the API from a browser; CORS is off when absent or `false`. */
  readonly cors?: string[] | false;
  /** Time allowed to receive a request body, in milliseconds; 10 000 by default. */
  readonly timeoutMs?: number;
  /** How many evaluation dates keep their compiled catalog (least recently used dropped); 16 by default. */
  readonly datesKept?: number;
  /** Where log lines go; one JSON line on stderr by default, nothing with `false`. */
  readonly log?: ((entry: LogEntry) => void) | false;
}

/** Default limits, also stated in the OpenAPI document and docs/http.md. */
export const DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_DATES_KEPT = 16;

type Env = { Variables: { requestId: string } };

const defaultLog = (entry: LogEntry): void => console.error(JSON.stringify(entry));

/** The stack frames of an error, without its first line (the message, which may quote household data). */
function framesOnly(stack: string | undefined): string | undefined {
  if (stack === undefined) return undefined;
  const at = stack.indexOf('\n    at ');
  return at < 0 ? undefined : stack.slice(at + 1);
}

function send(c: Context<Env>, p: Problem, headers: Record<string, string> = {}): Response {
  const body: Problem = { ...p, instance: `urn:uuid:${c.get('requestId')}` };
  return c.body(JSON.stringify(body), p.status, { 'Content-Type': PROBLEM_MEDIA_TYPE, 'Cache-Control': 'no-store', ...headers });
}

/**
 * Creates the HTTP API over a catalog: `POST /evaluate`, `POST /form`, `GET /rules`, `GET /rules/{id}`,
 * `GET /facts`, `GET /health`, `GET /openapi.json`; errors as French RFC 9457 problems.
 *
 * @example
 * const app = createApp({ catalog: defaultCatalog() });
 * const res = await app.request('/evaluate?date=2026-11-24', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
 */
export function createApp(options: AppOptions): Hono<Env> {
  const { catalog } = options;
  const limits = { maxBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const log = options.log === false ? undefined : (options.log ?? defaultLog);
  const evaluators = evaluatorCache(catalog, options.datesKept ?? DEFAULT_DATES_KEPT);
  const rulesById = new Map(catalog.rules.map((r) => [r.id, r]));
  const summaries = catalog.rules.map((r) => ({ id: r.id, title: r.title, kind: r.kind, institution: r.institution, territory: r.territory, validity: r.validity }));
  let openapi: string | undefined;
  let facts: string | undefined;

  const app = new Hono<Env>();

  app.use(async (c, next) => {
    const started = performance.now();
    c.set('requestId', crypto.randomUUID());
    c.header('X-Request-Id', c.get('requestId'));
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
    log?.({ level: 'info', requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 });
  });
  if (options.cors !== undefined && options.cors !== false && options.cors.length > 0) {
    const origins = options.cors;
    app.use(cors({ origin: origins.includes('*') ? '*' : origins, allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type'], exposeHeaders: ['X-Request-Id'], maxAge: 600 }));
  }

  /** Body, envelope and date of a POST, or the problem to answer. */
  async function input(c: Context<Env>): Promise<EvaluationInput> {
    const body = await readJsonBody(c.req.raw, limits);
    if (!body.ok) return body;
    return evaluationInput(body.value, c.req.query('date'));
  }

  /** A valid household and its date, or the problem to answer (the same validation as evaluateHousehold, without the date). */
  async function validHousehold(c: Context<Env>): Promise<{ ok: true; household: Household; date: string; outlook: { months: number } | undefined } | { ok: false; problem: Problem }> {
    const given = await input(c);
    if (!given.ok) return given;
    const parsed = safeParseHousehold(given.household);
    if (!parsed.success) return { ok: false, problem: problem('HOUSEHOLD_INVALID', `Données du foyer invalides : ${parsed.issues.length} problème${parsed.issues.length > 1 ? 's' : ''}.`, parsed.issues) };
    return { ok: true, household: parsed.household, date: given.date, outlook: given.outlook };
  }

  app.post('/evaluate', async (c) => {
    const given = await validHousehold(c);
    if (!given.ok) return send(c, given.problem);
    c.header('Cache-Control', 'no-store');
    const report = evaluators.get(given.date).explain(given.household);
    return c.json(given.outlook === undefined ? report : withOutlook(catalog, given.household, report, given.outlook.months));
  });

  app.post('/form', async (c) => {
    const given = await input(c);
    if (!given.ok) return send(c, given.problem);
    // An invalid household is a normal state of a form being filled in: 200 with its issues, not an error.
    c.header('Cache-Control', 'no-store');
    return c.json(formState(evaluators.get(given.date).compiled, given.household));
  });

  // OpenFisca-France interop: a household as an OpenFisca situation (for `/calculate`), and back.
  app.post('/openfisca/export', async (c) => {
    const given = await validHousehold(c);
    if (!given.ok) return send(c, given.problem);
    c.header('Cache-Control', 'no-store');
    return c.json(exportToOpenFisca(given.household, { date: given.date }));
  });

  app.post('/openfisca/import', async (c) => {
    const body = await readJsonBody(c.req.raw, limits);
    if (!body.ok) return send(c, body.problem);
    const date = c.req.query('date');
    if (date !== undefined && tryParseDate(date) === undefined) return send(c, problem('DATE_INVALID', "La date d'évaluation doit être une date réelle au format AAAA-MM-JJ.", [{ path: 'date', message: 'date invalide' }]));
    const imported = fromOpenFisca(body.value, date === undefined ? {} : { date });
    c.header('Cache-Control', 'no-store');
    // What could not be read is listed, never dropped: 200 with the household and `unmapped`, or 400 with the issues.
    if (!imported.success) {
      const details = [...imported.issues, ...imported.unmapped.map((g) => ({ path: g.path, message: `non repris : ${g.reason}` }))];
      return send(c, problem('HOUSEHOLD_INVALID', `Situation OpenFisca illisible : ${imported.issues.length} problème${imported.issues.length > 1 ? 's' : ''}.`, details));
    }
    return c.json({ household: imported.household, unmapped: imported.unmapped });
  });

  app.get('/rules', (c) => c.json(summaries));

  app.get('/rules/:id', (c) => {
    const id = c.req.param('id');
    const rule = rulesById.get(id);
    if (rule === undefined) return send(c, problem('NOT_FOUND', `Aucune règle « ${id.slice(0, 100)} » dans le catalogue chargé (liste : GET /rules).`));
    return c.json({ rule, page: renderRulePage(rule, catalog) });
  });

  app.get('/facts', (c) => {
    facts ??= JSON.stringify(factCatalog());
    return c.body(facts, 200, { 'Content-Type': 'application/json' });
  });

  app.get('/health', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' as const, rules: catalog.rules.length });
  });

  app.get('/openapi.json', (c) => {
    openapi ??= JSON.stringify(openApiDocument({ maxBodyBytes: limits.maxBytes, timeoutMs: limits.timeoutMs }));
    return c.body(openapi, 200, { 'Content-Type': 'application/json' });
  });

  // A known path with another method: 405 with the methods it accepts.
  const allowed: readonly (readonly [string, string])[] = [
    ['/evaluate', 'POST'],
    ['/form', 'POST'],
    ['/rules', 'GET, HEAD'],
    ['/rules/:id', 'GET, HEAD'],
    ['/facts', 'GET, HEAD'],
    ['/health', 'GET, HEAD'],
    ['/openapi.json', 'GET, HEAD'],
  ];
  for (const [path, methods] of allowed) {
    app.all(path, (c) => send(c, problem('METHOD_NOT_ALLOWED', `Méthode ${c.req.method.slice(0, 20)} refusée sur ${path} : ${methods}.`), { Allow: methods }));
  }

  app.notFound((c) => send(c, problem('NOT_FOUND', `Adresse inconnue : ${c.req.path.slice(0, 200)} (routes : GET /openapi.json).`)));

  app.onError((err, c) => {
    const code = (err as { code?: unknown }).code;
    const stack = framesOnly(err.stack);
    log?.({
      level: 'error',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: 500,
      error: { name: err.name, ...(typeof code === 'string' ? { code } : {}), ...(stack === undefined ? {} : { stack }) },
    });
    return send(c, problem('INTERNAL', "Erreur interne du serveur. Elle est journalisée sous l'identifiant de la requête (« instance »)."));
  });

  return app;
}
