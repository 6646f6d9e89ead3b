import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED } from '../scripts/generate.js';

const root = new URL('..', import.meta.url);

describe('generated files are current (run `npm run generate`)', () => {
  for (const g of GENERATED) {
    it(g.path, () => {
      expect(readFileSync(new URL(g.path, root), 'utf8')).toBe(g.make());
    });
  }
});
