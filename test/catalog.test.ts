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
  it.skipIf(!existsSync(referencePath))('national parameters carry the official values of shared/reference on every date', () => {
    const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as { parameters: Record<string, { values?: { from: string; value: number | null }[] }> };
    let checked = 0;
    for (const p of catalog.parameters.values()) {
      if (p.reference === undefined) continue;
      const ref = reference.parameters[p.reference];
      expect(ref, `${p.id} → ${p.reference}`).toBeDefined();
      if (ref?.values === undefined) continue;
      for (const v of p.values) {
        // The official value in force on each of our dates.
        const official = [...ref.values].filter((r) => r.from <= v.from).pop();
        expect(official, `${p.id} at ${v.from}`).toBeDefined();
        const ours = valueAt(p, v.from);
        expect(ours instanceof Money ? ours.toString() : ours, `${p.id} at ${v.from}`).toBe(official?.value === null ? null : new Money(official?.value ?? NaN).toString());
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });
});
