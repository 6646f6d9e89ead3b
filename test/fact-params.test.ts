/** Fact params may reference a dated parameter: an age band that the law changes on a date. */
import { describe, expect, it } from 'vitest';
import { compileCatalog, explainHousehold, loadCatalog, NonRecoursError, parseHousehold } from '../src/index.js';

const parameters = [
  {
    path: 'p/parameters/test.json',
    json: {
      parameters: {
        'test.age-max': { label: 'Âge maximal des enfants comptés', type: 'number', unit: 'ans', values: [{ from: '2024-01-01', value: 20 }, { from: '2026-01-01', value: 21 }], sources: [{ title: 'Délibération de test' }] },
        'test.montant': { label: 'Un montant', type: 'money', values: [{ from: '2024-01-01', value: '10.00' }], sources: [{ title: 'Délibération de test' }] },
      },
    },
  },
];
const rule = (params: Record<string, unknown>) => ({
  id: 'test-enfants',
  title: 'Aide aux familles',
  kind: 'aid',
  institution: { name: 'CCAS de Test', type: 'ccas' },
  territory: { national: true },
  validity: { from: '2024-01-01', until: null },
  conditions: { fact: 'household.memberCount', params, operator: 'greaterThanInclusive', value: 1, label: 'Au moins un enfant dans la tranche d’âge' },
  sources: [{ title: 'Délibération de test' }],
});

describe('fact params from dated parameters', () => {
  it('the age limit in force at the date is used: a child of 21 counts from 2026', () => {
    const catalog = loadCatalog({ rules: [{ path: 'p/test-enfants.json', json: rule({ role: 'child', maxAge: { param: 'test.age-max' } }) }], parameters });
    // Born 2004-06-01: 21 on 2025-06-01 and on 2026-03-01.
    const h = parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1980-01-01' }, { id: 'c1', role: 'child', birthDate: '2004-06-01' }] });
    expect(explainHousehold(compileCatalog(catalog, '2025-09-01'), h).results[0]?.status).toBe('ineligible'); // 21 > 20
    expect(explainHousehold(compileCatalog(catalog, '2026-03-01'), h).results[0]?.status).toBe('eligible'); // 21 ≤ 21
    expect(catalog.rules[0]?.parameters).toContain('test.age-max');
  });

  it('a money parameter where a number goes, and an unknown one, are load errors naming the path', () => {
    const details = (params: Record<string, unknown>) => {
      try {
        loadCatalog({ rules: [{ path: 'p/test-enfants.json', json: rule(params) }], parameters });
      } catch (e) {
        if (e instanceof NonRecoursError) return e.details;
      }
      throw new Error('expected a load error');
    };
    expect(details({ role: 'child', maxAge: { param: 'test.montant' } })[0]).toMatchObject({ path: 'conditions.params.maxAge', message: expect.stringMatching(/prend un nombre/) });
    expect(details({ role: 'child', maxAge: { param: 'test.inconnu' } })[0]).toMatchObject({ path: 'conditions.params.maxAge', message: expect.stringMatching(/paramètre inconnu/) });
  });
});
