/**
 * Runs every rule's cases as data: test/rules/<rule-id>.cases.json. Each case gives a date, a household
 * and what the report must say for that rule (status, and amount / missing when given).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, explainHousehold, parseHousehold } from '../src/index.js';

interface Case {
  readonly name: string;
  readonly date: string;
  readonly household: unknown;
  readonly expect: { readonly status: string; readonly amount?: string | null; readonly period?: string; readonly missing?: readonly string[] };
}

const dir = new URL('./rules/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.cases.json')).sort();
const catalog = defaultCatalog();
const compiledByDate = new Map<string, ReturnType<typeof compileCatalog>>();
const compiled = (date: string) => {
  let c = compiledByDate.get(date);
  if (c === undefined) compiledByDate.set(date, (c = compileCatalog(catalog, date)));
  return c;
};

describe('rule cases', () => {
  it('every rule of the bundled catalog has a cases file', () => {
    const withCases = new Set(files.map((f) => f.replace(/\.cases\.json$/, '')));
    expect(catalog.rules.map((r) => r.id).filter((id) => !withCases.has(id))).toEqual([]);
  });

  for (const file of files) {
    const ruleId = file.replace(/\.cases\.json$/, '');
    const data = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { rule: string; cases: Case[] };
    describe(ruleId, () => {
      it('names its rule and covers eligible, ineligible and undetermined', () => {
        expect(data.rule).toBe(ruleId);
        const statuses = new Set(data.cases.map((c) => c.expect.status));
        expect([...statuses]).toEqual(expect.arrayContaining(['eligible', 'ineligible', 'undetermined']));
      });
      for (const c of data.cases) {
        it(`${c.name} (${c.date})`, () => {
          const report = explainHousehold(compiled(c.date), parseHousehold(c.household));
          const result = report.results.find((r) => r.id === ruleId);
          expect(result, `rule ${ruleId} in report`).toBeDefined();
          expect(result?.status).toBe(c.expect.status);
          if (c.expect.amount !== undefined) expect(result?.amount?.value ?? null).toBe(c.expect.amount);
          if (c.expect.period !== undefined) expect(result?.amount?.period).toBe(c.expect.period);
          if (c.expect.missing !== undefined) expect(result?.missing).toEqual(expect.arrayContaining([...c.expect.missing]));
          if (c.expect.status === 'undetermined') expect(result?.missing.length).toBeGreaterThan(0);
        });
      }
    });
  }
});
