import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, Money } from '../src/index.js';
import { lintCatalog } from '../src/rules/lint.js';
import { valueAt } from '../src/rules/parameters.js';

const catalog = defaultCatalog();
const require = createRequire(import.meta.url);

describe('the bundled catalog', () => {
  it('loads: every rule parses, ids equal file names, parameters cover every day a rule is in force', () => {
    expect(catalog.rules.length).toBeGreaterThanOrEqual(3);
    for (const r of catalog.rules) expect(r.file.endsWith(`/${r.id}.json`)).toBe(true);
  });

  it('has no lint error: illustrative values declared, versions without gap or overlap', () => {
    expect(lintCatalog(catalog).filter((i) => i.level === 'error')).toEqual([]);
  });

  it('compiles at every first day of month from 2023 to 2027', () => {
    for (let y = 2023; y <= 2027; y += 1) {
      for (let m = 1; m <= 12; m += 1) {
        const date = `${y}-${String(m).padStart(2, '0')}-01`;
        expect(() => compileCatalog(catalog, date), date).not.toThrow();
      }
    }
  });

  it('names only real INSEE communes, and existing EPCIs', () => {
    const communes = new Set((require('@etalab/decoupage-administratif/data/communes.json') as { code: string }[]).map((c) => c.code));
    const epcis = new Set((require('@etalab/decoupage-administratif/data/epci.json') as { code: string }[]).map((e) => e.code));
    for (const r of catalog.rules) {
      for (const c of [...(r.territory.communes ?? []), ...(r.territory.except?.communes ?? [])]) expect(communes.has(c), `${r.id}: ${c}`).toBe(true);
      for (const e of r.territory.epcis ?? []) expect(epcis.has(e), `${r.id}: ${e}`).toBe(true);
    }
  });

  const referencePath = new URL('../../shared/reference/national-parameters.json', import.meta.url);
  it.skipIf(!existsSync(referencePath))('national parameters carry every official value of shared/reference from their first date, scales included', () => {
    type Dated = { from: string; value: number | null };
    const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as {
      parameters: Record<string, { values?: Dated[]; brackets?: { threshold: Dated[]; amount: Dated[] }[] }>;
    };
    const written = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Money ? v.toString() : String(v));
    let checked = 0;
    for (const p of catalog.parameters.values()) {
      if (p.reference === undefined) continue;
      const ref = reference.parameters[p.reference];
      expect(ref, `${p.id} → ${p.reference}`).toBeDefined();
      const series = p.referenceBracket === undefined ? ref?.values : ref?.brackets?.[p.referenceBracket.index]?.[p.referenceBracket.field];
      expect(series, `${p.id} → ${p.reference} ${JSON.stringify(p.referenceBracket ?? null)}`).toBeDefined();
      if (series === undefined) continue;
      const first = p.values[0]?.from ?? '';
      // The official value in force on each of our dates, and ours on each official date from our first one.
      const dates = new Set([...p.values.map((v) => v.from), ...series.filter((r) => r.from >= first).map((r) => r.from)]);
      for (const date of dates) {
        const official = [...series].filter((r) => r.from <= date).pop();
        expect(official, `${p.id} at ${date}`).toBeDefined();
        expect(written(valueAt(p, date)), `${p.id} at ${date}`).toBe(official?.value === null ? null : new Money(official?.value ?? NaN).toString());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('every national right that existed on 2016-06-01 has a rule in force that day, and the history has no gap', () => {
    const national = catalog.rules.filter((r) => r.territory.national === true);
    const inForce = (r: (typeof national)[number], d: string) => r.validity.from <= d && (r.validity.until === null || d < r.validity.until);
    const on2016 = national.filter((r) => inForce(r, '2016-06-01')).map((r) => r.id).sort();
    expect(on2016).toEqual(['aah', 'acs', 'allocation-rentree-scolaire', 'allocations-familiales', 'apa', 'asf', 'aspa', 'cmu-c', 'prime-activite', 'rsa']);
    // The complementary health cover: CMU-C and ACS until 2019-11-01, the CSS from that day, without gap.
    for (const d of ['2019-10-31', '2019-11-01']) expect(national.filter((r) => r.group === 'css' && inForce(r, d)).length).toBe(2);
  });
});
