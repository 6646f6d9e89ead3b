import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, explainHousehold, parseHousehold } from './engine-access.js';
import { seed } from './helpers.js';

const names = readdirSync(new URL('../seeds/households/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''));

describe('the example households', () => {
  it('are valid, and each has an id equal to its file name', () => {
    for (const n of names) expect(parseHousehold(seed(n)).id).toBe(n);
  });

  it('make every rule in force on 2026-11-24 eligible at least once', () => {
    const compiled = compileCatalog(defaultCatalog(), '2026-11-24');
    const eligible = new Set<string>();
    for (const n of names) for (const r of explainHousehold(compiled, parseHousehold(seed(n))).results) if (r.status === 'eligible') eligible.add(r.id);
    const inForce = compiled.rules.filter((r) => r.inForce).map((r) => r.rule.id);
    expect(inForce.length).toBeGreaterThan(20);
    expect(inForce.filter((id) => !eligible.has(id))).toEqual([]);
  });
});

describe('the shipped synthetic populations', () => {
  it('draw a claim for every rule of the catalog (regenerate them with `npm run populations` after adding a rule)', async () => {
    const { createReadStream } = await import('node:fs');
    const { createGunzip } = await import('node:zlib');
    const { createInterface } = await import('node:readline');
    const ids = defaultCatalog().rules.map((r) => r.id);
    for (const city of ['poitiers', 'nantes', 'blois']) {
      const lines = createInterface({ input: createReadStream(new URL(`../seeds/populations/${city}.jsonl.gz`, import.meta.url)).pipe(createGunzip()) });
      let first: { claims?: Record<string, string> } | undefined;
      let count = 0;
      for await (const line of lines) {
        if (first === undefined) first = JSON.parse(line) as { claims?: Record<string, string> };
        count += 1;
      }
      expect(count, city).toBe(10_000);
      expect(Object.keys(first?.claims ?? {}).sort(), city).toEqual([...ids].sort());
    }
  });
});
