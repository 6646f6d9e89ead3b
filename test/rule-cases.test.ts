/**
 * Runs every rule's cases as data (`rules/<territory>/<rule-id>.cases.json`) through the same code as
 * `non-recours rules test`: each case gives a date, a household (a patch of the file's base household)
 * and what the report must say for that rule — status, amount, period, missing fields, named values.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../src/index.js';
import { mergePatch, readCaseFile, runCases } from '../src/rules/cases.js';

const root = new URL('../rules/', import.meta.url).pathname;
const read = (f: string): unknown => JSON.parse(readFileSync(join(root, f), 'utf8'));
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.cases.json'))
  .sort()
  .map((f) => readCaseFile({ path: `rules/${f}`, json: read(f) }, (name) => read(join(dirname(f), name))));
const catalog = defaultCatalog();
const results = runCases(catalog, files);

describe('rule cases', () => {
  it('every rule of the bundled catalog has a cases file beside it', () => {
    const withCases = new Set(files.map((f) => f.rule));
    expect(catalog.rules.map((r) => r.id).filter((id) => !withCases.has(id))).toEqual([]);
    for (const f of files) expect(f.file.replace(/\.cases\.json$/, '.json')).toBe(catalog.rules.find((r) => r.id === f.rule)?.file);
  });

  it('a patch of a list of persons patches them by id: change one, remove one with null, add a new id', () => {
    const base = { persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-01-01' }, { id: 'c1', role: 'child' }] };
    expect(mergePatch(base, { persons: { p1: { birthDate: '2008-11-25' }, c1: null, c2: { role: 'child' } } })).toEqual({
      persons: [{ id: 'p1', role: 'applicant', birthDate: '2008-11-25' }, { id: 'c2', role: 'child' }],
    });
    // A list patched by a list is replaced, as RFC 7396 says.
    expect(mergePatch(base, { persons: [{ id: 'p9', role: 'applicant' }] })).toEqual({ persons: [{ id: 'p9', role: 'applicant' }] });
  });

  it('a case may start from a named household or from the base of a sibling file; an unknown one is named', () => {
    const named = readCaseFile({ path: 'x.cases.json', json: { rule: 'rsa', households: { seul: { persons: [{ id: 'p1', role: 'applicant' }] } }, cases: [{ name: 'n', date: '2026-11-24', from: 'seul', patch: { commune: '86194' }, expect: { status: 'undetermined' } }] } });
    expect(named.cases[0]?.household).toEqual({ persons: [{ id: 'p1', role: 'applicant' }], commune: '86194' });
    expect(() => readCaseFile({ path: 'x.cases.json', json: { rule: 'rsa', base: {}, cases: [{ name: 'n', date: '2026-11-24', from: 'absent', expect: { status: 'eligible' } }] } })).toThrow(/foyer nommé inconnu « absent »/);
    expect(() => readCaseFile({ path: 'x.cases.json', json: { rule: 'rsa', base: { from: 'y.cases.json' }, cases: [] } }, () => undefined)).toThrow(/aucun foyer « base » écrit dans « y.cases.json »/);
  });

  for (const file of files) {
    describe(file.rule, () => {
      it('covers eligible, ineligible and undetermined', () => {
        expect([...new Set(file.cases.map((c) => c.expect.status))]).toEqual(expect.arrayContaining(['eligible', 'ineligible', 'undetermined']));
      });
      for (const r of results.filter((x) => x.file === file.file)) {
        it(`${r.name} (${r.date})`, () => {
          expect(r.failures).toEqual([]);
        });
      }
    });
  }
});
