import { describe, expect, it } from 'vitest';
import { loadCatalog, NonRecoursError, type CatalogInput } from '../src/index.js';

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'test-aide',
  title: 'Aide de test',
  kind: 'aid',
  institution: { name: 'CCAS de Test', type: 'ccas' },
  territory: { national: true },
  validity: { from: '2024-01-01', until: null },
  conditions: { all: [{ fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Être majeur' }] },
  amount: { kind: 'fixed', value: '100.00', period: 'once' },
  sources: [{ title: 'Texte de test' }],
  ...over,
});

function loadError(input: CatalogInput): NonRecoursError {
  try {
    loadCatalog(input);
  } catch (e) {
    if (e instanceof NonRecoursError) return e;
    throw e;
  }
  throw new Error('expected the catalog to be refused');
}

const one = (json: unknown, path = 'regles/test-aide.json'): CatalogInput => ({ rules: [{ path, json }], parameters: [] });

describe('rule loader', () => {
  it('loads a valid rule', () => {
    expect(loadCatalog(one(rule())).rules.map((r) => r.id)).toEqual(['test-aide']);
  });

  it('names the file and JSON path of an unknown operator', () => {
    const e = loadError(one(rule({ conditions: { all: [{ fact: 'applicant.age', operator: 'olderThan', value: 18, label: 'x' }] } })));
    expect(e.code).toBe('CATALOG_INVALID');
    expect(e.details).toContainEqual({ file: 'regles/test-aide.json', path: 'conditions.all[0].operator', message: expect.stringMatching(/opérateur inconnu « olderThan »/) });
  });

  it('refuses the names Object.prototype carries as an arithmetic operator, an amount kind or a rounding mode (found by the mutation test)', () => {
    for (const key of ['toString', 'valueOf', 'hasOwnProperty']) {
      expect(loadError(one(rule({ amount: { kind: 'fixed', value: { [key]: [1, 2] }, period: 'once' } }))).code).toBe('CATALOG_INVALID');
      expect(loadError(one(rule({ amount: { kind: key, value: '1.00', period: 'once' } }))).code).toBe('CATALOG_INVALID');
      expect(loadError(one(rule({ amount: { kind: 'fixed', value: '1.00', period: 'once', rounding: { decimals: 2, mode: key } } }))).code).toBe('CATALOG_INVALID');
    }
  });

  it('refuses a JSONPath `path`', () => {
    const e = loadError(one(rule({ conditions: { all: [{ fact: 'applicant.age', path: '$.x', operator: 'equal', value: 1, label: 'x' }] } })));
    expect(e.details).toContainEqual({ file: 'regles/test-aide.json', path: 'conditions.all[0].path', message: expect.stringMatching(/JSONPath interdit/) });
  });

  it('refuses an empty `all` and an empty `any`', () => {
    const e = loadError(one(rule({ conditions: { any: [{ all: [] }] } })));
    expect(e.details).toContainEqual({ file: 'regles/test-aide.json', path: 'conditions.any[0].all', message: expect.stringMatching(/vide/) });
  });

  it('refuses an unknown fact, a value of the wrong type, a missing label', () => {
    const e = loadError(
      one(
        rule({
          conditions: {
            all: [
              { fact: 'applicant.shoeSize', operator: 'equal', value: 42, label: 'x' },
              { fact: 'applicant.age', operator: 'greaterThan', value: '18', label: 'x' },
              { fact: 'applicant.activity', operator: 'equal', value: 'astronaut', label: 'x' },
              { fact: 'applicant.age', operator: 'contains', value: 1, label: 'x' },
              { fact: 'applicant.age', operator: 'equal', value: 1 },
            ],
          },
        }),
      ),
    );
    const byPath = Object.fromEntries(e.details.map((d) => [d.path, d.message]));
    expect(byPath['conditions.all[0].fact']).toMatch(/fait inconnu/);
    expect(byPath['conditions.all[1].value']).toMatch(/nombre attendu/);
    expect(byPath['conditions.all[2].value']).toMatch(/impossible/);
    expect(byPath['conditions.all[3].operator']).toMatch(/ne s'applique pas/);
    expect(byPath['conditions.all[4].label']).toMatch(/libellé/);
  });

  it('refuses an id that differs from the file name, and duplicate ids', () => {
    expect(loadError(one(rule(), 'regles/autre.json')).details[0]?.path).toBe('id');
    const e = loadError({ rules: [{ path: 'a/test-aide.json', json: rule() }, { path: 'b/test-aide.json', json: rule() }], parameters: [] });
    expect(e.details).toContainEqual({ file: 'b/test-aide.json', path: 'id', message: expect.stringMatching(/en double/) });
  });

  it('requires "replaces" to override a rule of the base catalog', () => {
    const base = loadCatalog(one(rule()));
    expect(() => loadCatalog(one(rule({ title: 'Autre' })), base)).toThrow(/replaces/);
    const replaced = loadCatalog(one(rule({ title: 'Autre', replaces: 'test-aide' })), base);
    expect(replaced.rules.find((r) => r.id === 'test-aide')?.title).toBe('Autre');
  });

  it('refuses a parameter without a value on a day the rule is in force', () => {
    const parameters = [
      {
        path: 'regles/parameters/test.json',
        json: { parameters: { 'test.plafond': { label: 'Plafond', type: 'money', values: [{ from: '2025-01-01', value: '900' }], sources: [{ title: 'T' }] } } },
      },
    ];
    const json = rule({ conditions: { all: [{ fact: 'household.averageMonthlyIncome', params: { months: 3 }, operator: 'lessThan', value: { param: 'test.plafond' }, label: 'Sous le plafond' }] } });
    const e = loadError({ rules: [{ path: 'regles/test-aide.json', json }], parameters });
    expect(e.details).toContainEqual({ file: 'regles/test-aide.json', path: 'validity', message: expect.stringMatching(/test\.plafond.*2024-01-01/) });
  });

  it('refuses prototype keys in rule files', () => {
    const e = loadError(one(JSON.parse(JSON.stringify(rule()).replace('"kind":"aid"', '"kind":"aid","__proto__":{"x":1}'))));
    expect(e.details).toContainEqual({ file: 'regles/test-aide.json', path: '__proto__', message: expect.stringMatching(/clé interdite/) });
  });

  it('checks amounts with their JSON path', () => {
    const e = loadError(one(rule({ amount: { kind: 'differential', ceiling: { param: 'nope' }, period: 'month' } })));
    const paths = e.details.map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['amount.ceiling.param', 'amount.resources']));
  });
});
