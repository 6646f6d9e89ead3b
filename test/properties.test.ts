/** What must hold for every household (fast-check over generated households and field removals). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, evaluateCompact, explainHousehold, parseHousehold, safeParseHousehold } from '../src/index.js';
import { mixedPopulation } from '../seeds/populations/generate.js';
import { compileCatalog as compileInternal, evaluateRuleExact, nextEnv, STATUSES, type ExactOutcome } from '../src/engine/evaluator.js';
import type { Env } from '../src/engine/env.js';
import { toMoney } from '../src/engine/exact.js';
import { prepareHousehold } from '../src/facts/context.js';

const DATE = '2026-11-24';
const catalog = defaultCatalog();
const compiled = compileCatalog(catalog, DATE);
const ids = catalog.rules.map((r) => ({ id: r.id, kind: r.kind }));
const pool = [...mixedPopulation(300, 5, DATE, ids, true)];
type Json = Record<string, unknown>;

/** Optional fields that removing can only make unknown (never change a known fact into another value). */
const REMOVABLE: readonly ((h: Json) => void)[] = [
  (h) => delete (h.persons as Json[])[0]?.birthDate,
  (h) => delete (h.persons as Json[])[0]?.nationality,
  (h) => delete (h.persons as Json[])[0]?.activity,
  (h) => delete (h.persons as Json[])[0]?.gir,
  (h) => delete (h.persons as Json[])[0]?.disabilityRate,
  (h) => delete (h.persons as Json[])[0]?.carer,
  (h) => delete (h.persons as Json[])[0]?.pregnant,
  (h) => delete (h.persons as Json[])[0]?.residencePermitSince,
  (h) => delete (h.persons as Json[])[0]?.unemployedSince,
  (h) => delete h.couple,
  (h) => delete h.incomesComplete,
  (h) => delete h.taxReturns,
  (h) => delete h.housing,
  (h) => delete h.services,
  (h) => delete h.area,
  (h) => delete h.commune,
  (h) => {
    for (const p of h.persons as Json[]) if (p.role === 'child') delete p.birthDate;
  },
  (h) => {
    for (const p of h.persons as Json[]) if (p.role === 'child') delete p.schooling;
  },
];

const clone = (h: Json): Json => JSON.parse(JSON.stringify(h)) as Json;
const statuses = (h: Json) => evaluateCompact(compiled, parseHousehold(h)).statuses;

describe('properties', () => {
  it('missing data never yields ineligible: removing fields only turns statuses into undetermined', () => {
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.subarray([...REMOVABLE.keys()], { minLength: 1 }), (i, removals) => {
        const full = pool[i] as Json;
        const partial = clone(full);
        for (const r of removals) (REMOVABLE[r] as (h: Json) => void)(partial);
        if (!safeParseHousehold(partial).success) return;
        const before = statuses(full);
        const after = statuses(partial);
        // Without the commune, a rule of another territory may show its conditions' own "no": ineligible and
        // out-of-territory are both "not eligible", and the data removed did not create that answer.
        const no = (x: string | undefined) => (x === 'out-of-territory' ? 'ineligible' : x);
        after.forEach((s, k) => {
          if (no(s) !== no(before[k])) expect(s, `${catalog.rules[k]?.id}: ${before[k]} → ${s}`).toBe('undetermined');
        });
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('is deterministic: the same household gives the same report, byte for byte', () => {
    fc.assert(
      fc.property(fc.nat(pool.length - 1), (i) => {
        const h = pool[i] as Json;
        expect(JSON.stringify(explainHousehold(compiled, parseHousehold(clone(h))))).toBe(JSON.stringify(explainHousehold(compileCatalog(catalog, DATE), parseHousehold(clone(h)))));
      }),
      { numRuns: 50, seed: 7 },
    );
  });

  it('the explained path and the bulk path give the same statuses and amounts', () => {
    for (const h of pool) {
      const household = parseHousehold(h);
      const bulk = evaluateCompact(compiled, household);
      const report = explainHousehold(compiled, household);
      report.results.forEach((r, k) => {
        expect(r.status).toBe(bulk.statuses[k]);
        if (r.amount !== null) expect(bulk.amounts[k]?.toFixed(2)).toBe(new (bulk.amounts[k]!.constructor as new (v: string) => { toFixed(n: number): string })(r.amount.value).toFixed(2));
      });
    }
  });

  it("the barometer's exact path (environments reused) gives the bulk path's statuses, codes and amounts", () => {
    const internal = compileInternal(catalog, DATE);
    const out: ExactOutcome = { status: 'undetermined', amount: undefined, num: undefined, period: undefined, truth: 2, code: 2 };
    let env: Env | undefined;
    for (const h of pool) {
      const household = parseHousehold(h);
      const bulk = evaluateCompact(compiled, household);
      env = nextEnv(env, internal, prepareHousehold(household));
      internal.rules.forEach((cr, k) => {
        evaluateRuleExact(cr, env as Env, out);
        expect(out.status).toBe(bulk.statuses[k]);
        expect(STATUSES[out.code]).toBe(out.status);
        expect(out.num === undefined ? undefined : toMoney(out.num).toFixed(2)).toBe(bulk.amounts[k]?.toFixed(2));
      });
    }
  });

  it('means-tested aids are monotone in income: more income never makes a household eligible, nor raises the amount', () => {
    const means = ['rsa', 'aspa', 'css-gratuite', 'nantes-ccas-coup-de-pouce-18-25'];
    const index = means.map((id) => catalog.rules.findIndex((r) => r.id === id));
    fc.assert(
      fc.property(fc.nat(pool.length - 1), fc.integer({ min: 101, max: 300 }), (i, percent) => {
        const h = pool[i] as Json;
        const richer = clone(h);
        for (const r of (richer.incomes as Json[]) ?? []) {
          if (r.kind === 'alimony-paid') continue;
          for (const k of ['amount', 'grossAmount'] as const) if (typeof r[k] === 'string') r[k] = ((Math.round(Number(r[k]) * 100) * percent) / 10000).toFixed(2);
        }
        const a = evaluateCompact(compiled, parseHousehold(h));
        const b = evaluateCompact(compiled, parseHousehold(richer));
        for (const k of index) {
          if (b.statuses[k] === 'eligible') {
            expect(a.statuses[k], means[index.indexOf(k)]).toBe('eligible');
            const before = a.amounts[k];
            const after = b.amounts[k];
            if (before !== undefined && after !== undefined) expect(after.lessThanOrEqualTo(before)).toBe(true);
          }
        }
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
