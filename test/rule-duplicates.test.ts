/**
 * Name a value once: no JSON subtree of 250 characters or more is written twice in the rule, value and
 * case files of rules/ (documentation — labels, notes, sources, notModeled, apply — and the dated parameter
 * tables of rules/parameters aside). A formula or a condition group that is needed twice gets a name in a
 * values/ file instead; a household that cases need twice is a named household or a shared base.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../rules/', import.meta.url).pathname;
const DOC = new Set(['label', 'title', 'description', 'note', 'notModeled', 'sources', 'apply', '$comment', '$schema', 'illustrative', 'name']);
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.json') && !f.startsWith('parameters/'))
  .sort();

/** A canonical text of a subtree without its documentation keys (keys sorted). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => !DOC.has(k))
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

describe('rules/ names a value once', () => {
  it('has no subtree of 250 characters or more written twice', () => {
    const seen = new Map<string, string[]>();
    for (const f of files) {
      // Iterative walk with an explicit stack (rule files are data).
      const stack: { v: unknown; path: string }[] = [{ v: JSON.parse(readFileSync(join(root, f), 'utf8')), path: '' }];
      for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
        const { v, path } = item;
        if (v === null || typeof v !== 'object') continue;
        const text = canonical(v);
        if (text.length >= 250) seen.set(text, [...(seen.get(text) ?? []), `${f}:${path || '(racine)'}`]);
        for (const [k, child] of Object.entries(v)) if (Array.isArray(v) || !DOC.has(k)) stack.push({ v: child, path: `${path}.${k}` });
      }
    }
    expect(files.length).toBeGreaterThan(30);
    expect([...seen.values()].filter((where) => where.length > 1)).toEqual([]);
  });
});
