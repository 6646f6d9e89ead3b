import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { GENERATED, catalogueDocs } from '../scripts/generate.js';

const root = new URL('..', import.meta.url);

describe('generated files are current (run `npm run generate`)', () => {
  for (const g of GENERATED) {
    it(g.path, () => {
      expect(readFileSync(new URL(g.path, root), 'utf8')).toBe(g.make());
    });
  }

  it('docs/catalogue/ (one page per rule)', () => {
    const pages = catalogueDocs();
    expect(readdirSync(new URL('docs/catalogue/', root)).sort()).toEqual(pages.map((p) => p.path.replace('docs/catalogue/', '')).sort());
    for (const p of pages) expect(readFileSync(new URL(p.path, root), 'utf8'), p.path).toBe(p.content);
  });
});
