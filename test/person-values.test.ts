/**
 * Named values of one person (`scope: "person"`): a condition or a formula on the person in turn, written
 * once and read inside any `perPerson` (the allocations familiales count the children of the age of the
 * majoration twice, all of them and those in shared custody, from one named condition).
 */
import { describe, expect, it } from 'vitest';
import { compileCatalog, explainHousehold, loadCatalog, NonRecoursError, parseHousehold, type CatalogInput } from '../src/index.js';

const src = [{ title: 'Délibération de test', section: 'article 2' }];
const rule = (amount: unknown) => ({
  id: 'test-enfants',
  title: 'Aide par enfant de test',
  kind: 'aid',
  institution: { name: 'CCAS de Test', type: 'ccas' },
  territory: { national: true },
  validity: { from: '2024-01-01', until: null },
  conditions: { all: [{ fact: 'test.enfants-retenus', operator: 'greaterThanInclusive', value: 1, label: 'Au moins un enfant retenu' }] },
  amount: { kind: 'fixed', value: amount, period: 'month' },
  sources: src,
});
const values = {
  // The person's condition, named once: an age band that changes on a date.
  'test.enfant-retenu': {
    label: "L'enfant a de 6 à 17 ans",
    type: 'boolean',
    scope: 'person',
    sources: src,
    versions: [
      { from: '2024-01-01', condition: { all: [{ fact: 'person.age', operator: 'greaterThanInclusive', value: 6, label: '6 ans ou plus' }, { fact: 'person.age', operator: 'lessThan', value: 18, label: 'Moins de 18 ans' }] } },
      { from: '2025-01-01', condition: { all: [{ fact: 'person.age', operator: 'greaterThanInclusive', value: 3, label: '3 ans ou plus' }, { fact: 'person.age', operator: 'lessThan', value: 18, label: 'Moins de 18 ans' }] } },
    ],
  },
  // A person's amount, named once: 50 € for a child retained, nothing otherwise.
  'test.part-enfant': { label: "Part de l'enfant", type: 'money', scope: 'person', sources: src, formula: { choose: [{ when: { fact: 'test.enfant-retenu', operator: 'equal', value: true, label: 'Enfant retenu' }, value: '50.00' }], otherwise: 0 } },
  'test.enfants-retenus': { label: 'Enfants retenus', type: 'number', sources: src, formula: { perPerson: { where: { role: 'child' }, aggregate: 'sum', of: { choose: [{ when: { fact: 'test.enfant-retenu', operator: 'equal', value: true, label: 'Enfant retenu' }, value: 1 }], otherwise: 0 } } } },
};
const input = (amount: unknown, extra: Record<string, unknown> = {}): CatalogInput => ({
  rules: [{ path: 'regles/test-enfants.json', json: rule(amount) }],
  parameters: [],
  values: [{ path: 'regles/values/test.json', json: { values: { ...values, ...extra } } }],
});
const amount = { perPerson: { where: { role: 'child' }, aggregate: 'sum', of: { fact: 'test.part-enfant' } } };
const household = parseHousehold({
  persons: [
    { id: 'p1', role: 'applicant', birthDate: '1985-01-01' },
    { id: 'e1', role: 'child', birthDate: '2020-03-01' }, // 4 ans en 2024 et 5 ans en 2025
    { id: 'e2', role: 'child', birthDate: '2014-05-01', custody: 'shared' }, // 10 et 11 ans
    { id: 'e3', role: 'child', birthDate: '2005-01-01' }, // 19 et 20 ans
  ],
});

function loadError(i: CatalogInput): NonRecoursError {
  try {
    loadCatalog(i);
  } catch (e) {
    if (e instanceof NonRecoursError) return e;
    throw e;
  }
  throw new Error('expected a load error');
}

describe('named values of one person', () => {
  const catalog = loadCatalog(input(amount));

  it('are computed for each person in turn, with the version in force at the date', () => {
    // 2024: only e2 (10) is 6 to 17: 1 child, 1 × 50 € = 50 €.
    const r2024 = explainHousehold(compileCatalog(catalog, '2024-06-01'), household).results[0];
    expect(r2024?.status).toBe('eligible');
    expect(r2024?.amount?.value).toBe('50.00');
    // 2025: e1 (5) and e2 (11) are 3 to 17: 2 × 50 € = 100 €.
    const r2025 = explainHousehold(compileCatalog(catalog, '2025-06-01'), household).results[0];
    expect(r2025?.amount?.value).toBe('100.00');
  });

  it('are unknown for a person whose facts are unknown, and the aggregate with them', () => {
    const h = parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1985-01-01' }, { id: 'e1', role: 'child' }] });
    const r = explainHousehold(compileCatalog(catalog, '2025-06-01'), h).results[0];
    expect(r?.status).toBe('undetermined');
    expect(r?.missing).toContain('persons.e1.birthDate');
  });

  it('are read inside a perPerson only, with a message that names the field', () => {
    const outside = { ...rule(amount), conditions: { all: [{ fact: 'test.enfant-retenu', operator: 'equal', value: true, label: 'Enfant retenu' }] } };
    const e = loadError({ ...input(amount), rules: [{ path: 'regles/test-enfants.json', json: outside }] });
    expect(e.details.some((d) => d.path === 'conditions.all[0].fact' && /valeur nommée d'une personne/.test(d.message))).toBe(true);
    // A value of the household cannot read a person's facts.
    const wrong = loadError(input(amount, { 'test.age-faux': { label: 'Âge', type: 'number', sources: src, formula: { fact: 'person.age' } } }));
    expect(wrong.details.some((d) => d.path === 'values.test.age-faux.formula.fact' && /perPerson/.test(d.message))).toBe(true);
    // An unknown scope is refused.
    const scope = loadError(input(amount, { 'test.x': { label: 'X', type: 'number', scope: 'foyer', sources: src, formula: 1 } }));
    expect(scope.details.some((d) => d.path.startsWith('values.test.x.scope'))).toBe(true);
  });

  it('take part in the cycle check like any named value', () => {
    const e = loadError(input(amount, { 'test.part-enfant': { label: 'Part', type: 'money', scope: 'person', sources: src, formula: { sum: [{ fact: 'test.part-enfant' }, 1] } } }));
    expect(e.message + JSON.stringify(e.details)).toMatch(/test\.part-enfant/);
  });
});
