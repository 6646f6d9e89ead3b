/**
 * The differential test: on complete households (every fact known), the compiled three-valued evaluator
 * and json-rules-engine — fed the same derived facts — agree on every rule in force.
 */
import { describe, expect, it } from 'vitest';
import { compileCatalog, createEnvForTests, defaultCatalog, evaluateRule, oracleFacts, parseHousehold, prepareHousehold, toJsonRulesEngine } from './engine-access.js';
import { mixedPopulation } from '../seeds/populations/generate.js';

const DATES = ['2024-06-15', '2025-03-01', '2026-11-24'];
const PER_DATE = 2000;

describe('compiled evaluator = json-rules-engine on complete households', () => {
  const catalog = defaultCatalog();
  const ids = catalog.rules.map((r) => ({ id: r.id, kind: r.kind }));
  for (const date of DATES) {
    it(`${PER_DATE} generated households at ${date}: 0 mismatches`, async () => {
      const compiled = compileCatalog(catalog, date);
      const engine = toJsonRulesEngine(compiled);
      let compared = 0;
      const mismatches: string[] = [];
      const outcomes = new Map<string, Set<boolean>>();
      let undetermined = 0;
      for (const raw of mixedPopulation(PER_DATE, 17, date, ids, true)) {
        const household = parseHousehold(raw);
        const prepared = prepareHousehold(household);
        const env = createEnvForTests(compiled, prepared);
        const oracle = await engine.run(oracleFacts(household, compiled));
        const success = new Set(oracle.results.map((r) => r.event?.type));
        for (const cr of compiled.rules) {
          if (!cr.inForce) continue;
          const out = evaluateRule(cr, env, { status: 'undetermined', amount: undefined, period: undefined, truth: 2 });
          if (out.status === 'undetermined') undetermined += 1;
          const ours = out.truth === 1;
          const theirs = success.has(cr.rule.id);
          compared += 1;
          if (ours !== theirs) mismatches.push(`${String(household.id)} ${cr.rule.id}: ours ${String(ours)}, json-rules-engine ${String(theirs)}`);
          let o = outcomes.get(cr.rule.id);
          if (o === undefined) outcomes.set(cr.rule.id, (o = new Set()));
          o.add(ours);
        }
      }
      expect(mismatches.slice(0, 10)).toEqual([]);
      expect(undetermined).toBe(0);
      expect(compared).toBeGreaterThan(PER_DATE * 10);
      // Not vacuous: most rules in force were both true and false somewhere in the sample.
      const both = [...outcomes.values()].filter((s) => s.size === 2).length;
      expect(both).toBeGreaterThanOrEqual(Math.floor(outcomes.size * 0.6));
    }, 120_000);
  }
});
