import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, evaluateHousehold, formState, compileCatalog, renderRulePage, safeParseHousehold, factCatalog } from '../src/index.js';
import { createApp, type LogEntry } from '../src/server/app.js';
import { serve } from '../src/server/serve.js';

const root = new URL('..', import.meta.url).pathname;
const DATE = '2026-11-24';
const seedDir = join(root, 'seeds/households');
const seeds = readdirSync(seedDir).filter((f) => f.endsWith('.json')).sort();
const seed = (name: string): unknown => JSON.parse(readFileSync(join(seedDir, name), 'utf8'));

const catalog = defaultCatalog();
const logs: LogEntry[] = [];
const app = createApp({ catalog, log: (e) => logs.push(e) });

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** What a client sees of a value sent as JSON. */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

async function problemOf(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = (await res.json()) as { type: string; title: string; status: number; detail: string; code: string; instance: string; issues?: { path: string; message: string }[] };
  expect(body.status).toBe(res.status);
  expect(body.type).toMatch(/^https:\/\/non-recours\.fr\/problems\//);
  expect(body.instance).toBe(`urn:uuid:${res.headers.get('x-request-id') ?? ''}`);
  expect(JSON.stringify(body)).not.toMatch(/\n\s+at /); // no stack
  return body;
}

describe('HTTP API: POST /evaluate', () => {
  it('answers exactly the report of evaluateHousehold, for every seed household, in envelope or with ?date=', async () => {
    expect(seeds.length).toBeGreaterThan(0);
    for (const name of seeds) {
      const household = seed(name);
      const expected = asJson(evaluateHousehold(household, { date: DATE }));
      const res = await post('/evaluate', { household, date: DATE });
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toStrictEqual(expected);
      const viaQuery = await post(`/evaluate?date=${DATE}`, household);
      expect(await viaQuery.json()).toStrictEqual(expected);
    }
  });

  it('an invalid household is a 400 problem listing, by path, the French issues of safeParseHousehold', async () => {
    const household = seed(seeds[0] as string) as { persons: Record<string, unknown>[] };
    const broken = { ...household, persons: [{ ...household.persons[0], birthDate: '1990-02-30' }, ...household.persons.slice(1)], taille: 3 };
    const expected = safeParseHousehold(broken);
    expect(expected.success).toBe(false);
    const res = await post('/evaluate', { household: broken, date: DATE });
    expect(res.status).toBe(400);
    const body = await problemOf(res);
    expect(body.code).toBe('HOUSEHOLD_INVALID');
    expect(body.title).toBe('Données du foyer invalides');
    expect(body.issues).toStrictEqual(expected.success ? [] : asJson(expected.issues));
    expect(body.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['persons[0].birthDate', 'taille']));
    expect(body.issues?.find((i) => i.path === 'persons[0].birthDate')?.message).toMatch(/date impossible/);
  });

  it('a household value never reaches the log', async () => {
    logs.length = 0;
    const household = { ...(seed(seeds[0] as string) as Record<string, unknown>), id: 'SECRET-FOYER-4242' };
    await post('/evaluate', { household, date: DATE });
    await post('/evaluate', { household: { ...household, persons: 'SECRET-FOYER-4242' }, date: DATE });
    expect(logs.length).toBe(2);
    expect(JSON.stringify(logs)).not.toMatch(/SECRET/);
    expect(logs[0]).toMatchObject({ level: 'info', method: 'POST', path: '/evaluate', status: 200 });
  });

  it('a missing, malformed or conflicting date is a 400 problem', async () => {
    const household = seed(seeds[0] as string);
    for (const [path, body] of [
      ['/evaluate', { household, date: '2026-02-30' }],
      ['/evaluate', { household, date: 20261124 }],
      ['/evaluate', { household }],
      ['/evaluate?date=24/11/2026', household],
      ['/evaluate?date=2026-11-25', { household, date: DATE }],
      ['/form', { household, date: 'demain' }],
    ] as const) {
      const res = await post(path, body);
      expect(res.status, path).toBe(400);
      const p = await problemOf(res);
      expect(p.code).toBe('DATE_INVALID');
      expect(p.issues?.[0]?.path).toBe('date');
    }
  });

  it('refuses unreadable JSON, duplicate keys and unknown envelope fields with located French issues', async () => {
    const syntax = await problemOf(await post('/evaluate', '{"household": {'));
    expect(syntax.code).toBe('JSON_INVALID');
    expect(syntax.issues?.[0]?.message).toMatch(/ligne 1, colonne/);
    const twice = await problemOf(await post('/evaluate', `{"household": {}, "date": "${DATE}", "date": "${DATE}"}`));
    expect(twice.issues?.[0]?.message).toMatch(/en double/);
    const extra = await problemOf(await post('/evaluate', { household: {}, date: DATE, foyer: {} }));
    expect(extra.code).toBe('REQUEST_INVALID');
    expect(extra.issues).toStrictEqual([{ path: 'foyer', message: 'champ inconnu (attendus : household, date, outlook)' }]);
  });

  it('a body over the limit is 413, whether announced by Content-Length or streamed', async () => {
    const small = createApp({ catalog, maxBodyBytes: 1000, log: false });
    const big = JSON.stringify({ household: { id: 'x'.repeat(2000) }, date: DATE });
    const streamed = await small.request('/evaluate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: big });
    expect(streamed.status).toBe(413);
    expect((await problemOf(streamed)).code).toBe('BODY_TOO_LARGE');
    const announced = await small.request('/evaluate', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(big.length) }, body: big });
    expect(announced.status).toBe(413);
    // The default limit is 1 Mio.
    const huge = await post('/evaluate', JSON.stringify({ household: { id: 'x'.repeat(1_100_000) }, date: DATE }));
    expect(huge.status).toBe(413);
  });

  it('a body that is not JSON is 415', async () => {
    for (const headers of [{ 'Content-Type': 'text/plain' }, { 'Content-Type': 'application/json; charset=latin1' }, {} as Record<string, string>]) {
      const res = await app.request('/evaluate', { method: 'POST', headers, body: '{}' });
      expect(res.status).toBe(415);
      expect((await problemOf(res)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('a body too slow to arrive is a 408 problem', async () => {
    const slow = createApp({ catalog, timeoutMs: 50, log: false });
    const body = new ReadableStream<Uint8Array>({ start: (ctl) => ctl.enqueue(new TextEncoder().encode('{"household":')) });
    const res = await slow.request('/evaluate', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(408);
    expect((await problemOf(res)).code).toBe('TIMEOUT');
  });
});

describe('HTTP API: other routes', () => {
  it('POST /form gives the form state of formState, valid or not', async () => {
    const household = seed(seeds[0] as string);
    const compiled = compileCatalog(catalog, DATE);
    const res = await post('/form', { household, date: DATE });
    expect(res.status).toBe(200);
    const state = (await res.json()) as { valid: boolean; questions: unknown[] };
    expect(state).toStrictEqual(asJson(formState(compiled, household)));
    expect(state.valid).toBe(true);
    const invalid = await post('/form', { household: { persons: [] }, date: DATE });
    expect(invalid.status).toBe(200);
    expect(await invalid.json()).toStrictEqual(asJson(formState(compiled, { persons: [] })));
  });

  it('GET /rules lists every rule; GET /rules/{id} gives the rule as loaded and its page; an unknown id is 404', async () => {
    const list = (await (await app.request('/rules')).json()) as { id: string }[];
    expect(list.map((r) => r.id)).toEqual(catalog.rules.map((r) => r.id));
    expect(Object.keys(list[0] ?? {})).toEqual(['id', 'title', 'kind', 'institution', 'territory', 'validity']);
    const rule = catalog.rules[0];
    if (rule === undefined) throw new Error('catalogue vide');
    const one = await app.request(`/rules/${rule.id}`);
    expect(await one.json()).toStrictEqual(asJson({ rule, page: renderRulePage(rule, catalog) }));
    const missing = await app.request('/rules/aide-inexistante');
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).detail).toMatch(/aide-inexistante/);
  });

  it('GET /facts, GET /health; unknown route 404; wrong method 405 with Allow', async () => {
    expect(await (await app.request('/facts')).json()).toStrictEqual(asJson(factCatalog()));
    expect(await (await app.request('/health')).json()).toStrictEqual({ status: 'ok', rules: catalog.rules.length });
    const unknown = await app.request('/evaluer');
    expect(unknown.status).toBe(404);
    expect((await problemOf(unknown)).title).toBe('Ressource introuvable');
    const wrong = await app.request('/evaluate');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
  });

  it('CORS is off by default and answers only the origins given', async () => {
    const pre = { method: 'OPTIONS', headers: { Origin: 'https://ccas.example', 'Access-Control-Request-Method': 'POST' } };
    expect((await app.request('/evaluate', pre)).headers.get('access-control-allow-origin')).toBeNull();
    const open = createApp({ catalog, cors: ['https://ccas.example'], log: false });
    const res = await open.request('/evaluate', pre);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://ccas.example');
    const other = await open.request('/health', { headers: { Origin: 'https://autre.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('an unexpected error is a 500 problem without stack, logged without the message', async () => {
    const entries: LogEntry[] = [];
    const broken = createApp({ catalog, log: (e) => entries.push(e) });
    // A route that throws stands for a bug anywhere behind a route.
    broken.get('/boom', () => {
      throw new Error('valeur du foyer : SECRET');
    });
    const res = await broken.request('/boom');
    expect(res.status).toBe(500);
    const p = await problemOf(res);
    expect(p.code).toBe('INTERNAL');
    expect(JSON.stringify(p)).not.toMatch(/SECRET/);
    expect(JSON.stringify(entries)).not.toMatch(/SECRET/);
    expect(entries.find((e) => e.level === 'error')?.error?.name).toBe('Error');
  });
});

describe('HTTP API: GET /openapi.json', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });

  it('is OpenAPI 3.1 with a path for each route, and its schemas compile and describe real responses', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(['/evaluate', '/facts', '/form', '/health', '/openapi.json', '/openfisca/export', '/openfisca/import', '/rules', '/rules/{id}']);
    expect(Object.keys(doc.paths['/evaluate'] ?? {})).toEqual(['post']);
    expect(Object.keys(doc.paths['/rules/{id}'] ?? {})).toEqual(['get']);
    // Every component under one base, so that `#/components/schemas/…` references resolve as in the document.
    const base = 'https://non-recours.fr/openapi.json';
    ajv.addKeyword('components');
    ajv.addSchema({ $id: base, components: doc.components });
    const validator = (name: string) => {
      const v = ajv.getSchema(`${base}#/components/schemas/${name}`);
      if (v === undefined) throw new Error(name);
      return v;
    };
    for (const name of Object.keys(doc.components.schemas)) expect(() => validator(name), name).not.toThrow();
    // The validators do check: wrong values are refused.
    expect(validator('Household')({ persons: 'x' })).toBe(false);
    expect(validator('Report')({})).toBe(false);
    expect(validator('EvaluateRequest')({ household: { persons: 3 } })).toBe(false);
    expect(validator('RuleDetail')({ rule: { id: 1 }, page: '' })).toBe(false);

    const household = seed(seeds[0] as string);
    const check = (name: string, value: unknown) => {
      const v = validator(name);
      expect(v(value) ? [] : v.errors, name).toEqual([]);
    };
    for (const name of seeds) check('Household', seed(name));
    check('EvaluateRequest', { household, date: DATE });
    for (const name of seeds) check('Report', await (await post('/evaluate', { household: seed(name), date: DATE })).json());
    check('FormState', await (await post('/form', { household, date: DATE })).json());
    check('FormState', await (await post('/form', { household: {}, date: DATE })).json());
    for (const r of catalog.rules) check('RuleDetail', await (await app.request(`/rules/${r.id}`)).json());
    for (const r of (await (await app.request('/rules')).json()) as unknown[]) check('RuleSummary', r);
    for (const f of (await (await app.request('/facts')).json()) as unknown[]) check('Fact', f);
    check('Health', await (await app.request('/health')).json());
    check('Problem', await (await post('/evaluate', { household: {}, date: DATE })).json());
  });

  it('describes the distance to a right, how long it holds and the outlook, so that a client in another language reads them typed', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown>; oneOf?: { properties: { kind: { const: string } } }[] }> } };
    const schemas = doc.components.schemas;
    expect(schemas.Change?.oneOf?.map((v) => v.properties.kind.const)).toEqual(['amount', 'age', 'status', 'time']);
    expect(schemas.RuleResult?.properties?.distance).toEqual(expect.objectContaining({ oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/Distance' }] }));
    expect(schemas.RuleResult?.properties?.hold).toEqual(expect.objectContaining({ oneOf: [{ type: 'null' }, { $ref: '#/components/schemas/Hold' }] }));
    expect(Object.keys(schemas.RuleResult?.properties ?? {})).toContain('amountRange');
    expect(schemas.Report?.properties?.outlook).toEqual(expect.objectContaining({ type: 'array', items: { $ref: '#/components/schemas/OutlookEvent' } }));

    const base = 'https://non-recours.fr/openapi-distance.json';
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
    ajv.addKeyword('components');
    ajv.addSchema({ $id: base, components: doc.components });
    const check = (name: string, value: unknown) => {
      const v = ajv.getSchema(`${base}#/components/schemas/${name}`);
      if (v === undefined) throw new Error(name);
      expect(v(value) ? [] : v.errors, name).toEqual([]);
    };
    // Distances of every kind, as POST /evaluate returns them: money (Nantes CCAS), an age (ASPA), a waiting period (RSA, 5 years of permit), a situation (ASF).
    const permit = { commune: '86194', couple: { status: 'single' }, persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'other', residencePermitSince: '2022-01-31', activity: 'employed' }], incomes: [], incomesComplete: true, housing: { status: 'tenant', monthlyRent: '450.00' } };
    const young = { ...(seed('nantes-jeune-19-ans.json') as object), incomes: ['2026-08', '2026-09', '2026-10'].map((month) => ({ person: 'p1', kind: 'salary', month, amount: '942.17' })), claims: {} };
    const kinds = new Set<string>();
    for (const household of [permit, young, seed('poitiers-mere-separee.json')]) {
      const report = (await (await post('/evaluate', { household, date: DATE })).json()) as { results: { distance: { changes: { kind: string }[] } | null }[] };
      check('Report', report);
      for (const r of report.results) for (const c of r.distance?.changes ?? []) kinds.add(c.kind);
    }
    expect([...kinds].sort()).toEqual(['age', 'amount', 'status', 'time']);
    // The outlook, as evaluateHousehold gives it when asked (an ASF that closes, a tariff that changes, a birthday).
    for (const name of ['poitiers-mere-separee.json', 'blois-veuve-70-ans.json', 'poitiers-parent-seul-sans-pension.json']) {
      const report = asJson(evaluateHousehold(seed(name), { date: DATE, outlook: { months: 24 } })) as { outlook: unknown[] };
      expect(report.outlook.length, name).toBeGreaterThan(0);
      check('Report', report);
    }
    // And what is not a distance is refused.
    const v = ajv.getSchema(`${base}#/components/schemas/Distance`);
    expect(v?.({ reachable: true, changes: [{ kind: 'time', date: '2027-01-31' }], blocking: [], sentence: '' })).toBe(false);
  });
});

describe('serve', () => {
  it('listens on 127.0.0.1 on a free port and answers a real fetch', async () => {
    const server = await serve({ host: '127.0.0.1', port: 0, rulesDirs: [], log: false });
    try {
      expect(server.port).toBeGreaterThan(0);
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toStrictEqual({ status: 'ok', rules: catalog.rules.length });
      const report = await fetch(`${server.url}/evaluate?date=${DATE}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(seed(seeds[0] as string)) });
      expect(await report.json()).toStrictEqual(asJson(evaluateHousehold(seed(seeds[0] as string), { date: DATE })));
    } finally {
      await server.close();
    }
  });
});

describe('HTTP API: OpenFisca', () => {
  it('exports a seed household as an OpenFisca situation and imports it back to the same persons and incomes', async () => {
    const household = seed('poitiers-mere-separee.json') as { persons: unknown[] };
    const out = await app.request('/openfisca/export?date=2026-11-24', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(household) });
    expect(out.status).toBe(200);
    const { situation, unmapped } = (await out.json()) as { situation: { individus: Record<string, unknown> }; unmapped: unknown[] };
    expect(Object.keys(situation.individus).sort()).toEqual((household.persons as { id: string }[]).map((p) => p.id).sort());
    expect(Array.isArray(unmapped)).toBe(true);
    const back = await app.request('/openfisca/import?date=2026-11-24', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(situation) });
    expect(back.status).toBe(200);
    const imported = (await back.json()) as { household: { persons: { id: string; birthDate?: string }[] } };
    expect(imported.household.persons.map((p) => [p.id, p.birthDate])).toEqual((household.persons as { id: string; birthDate?: string }[]).map((p) => [p.id, p.birthDate]));
  });

  it('answers a problem naming the field for an invalid household, and for a prototype key in a situation', async () => {
    const bad = await app.request('/openfisca/export?date=2026-11-24', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persons: [] }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe('persons');
    const proto = await app.request('/openfisca/import', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"individus":{"__proto__":{"x":1}}}' });
    expect(proto.status).toBe(400);
  });
});

describe('HTTP API: the outlook over HTTP', () => {
  it('POST /evaluate with « outlook » answers the report of evaluateHousehold with the same outlook', async () => {
    for (const name of seeds.slice(0, 4)) {
      const household = seed(name);
      const res = await post('/evaluate', { household, date: DATE, outlook: { months: 24 } });
      expect(res.status, name).toBe(200);
      expect(await res.json(), name).toEqual(asJson(evaluateHousehold(household, { date: DATE, outlook: { months: 24 } })));
    }
    // Without months: 12, as in the library.
    const household = seed(seeds[0] as string);
    const res = await post('/evaluate', { household, date: DATE, outlook: {} });
    expect(await res.json()).toEqual(asJson(evaluateHousehold(household, { date: DATE, outlook: { months: 12 } })));
  });

  it('refuses an outlook that is not { months: 1…36 }, naming the field', async () => {
    const household = seed(seeds[0] as string);
    for (const [outlook, path] of [[{ months: 50 }, 'outlook.months'], [{ months: 2.5 }, 'outlook.months'], [{ mois: 3 }, 'outlook.mois'], [true, 'outlook']] as const) {
      const res = await post('/evaluate', { household, date: DATE, outlook });
      expect(res.status).toBe(400);
      const body = await problemOf(res);
      expect(body.issues?.[0]?.path).toBe(path);
    }
  });
});
