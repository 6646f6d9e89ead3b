import { describe, expect, it } from 'vitest';
import { lintCatalog, loadCatalog } from '../src/index.js';

const rule = (id: string, over: Record<string, unknown> = {}) => ({
  path: `x/${id}.json`,
  json: {
    id,
    title: id,
    kind: 'aid',
    institution: { name: 'CCAS', type: 'ccas' },
    territory: { communes: ['86194'] },
    validity: { from: '2024-01-01', until: null },
    conditions: { all: [{ fact: 'household.averageMonthlyIncome', params: { months: 3 }, operator: 'lessThan', value: { param: 'x.plafond' }, label: 'Sous le plafond' }] },
    sources: [{ title: 'T' }],
    notModeled: ['rien'],
    apply: { where: 'CCAS', documents: [] },
    ...over,
  },
});
const parameters = [
  { path: 'x/parameters/p.json', json: { parameters: { 'x.plafond': { label: 'Plafond', type: 'money', values: [{ from: '2020-01-01', value: '900' }], sources: [{ title: 'T' }], illustrative: true } } } },
];

describe('rules lint', () => {
  it('requires every illustrative parameter a rule reads to be declared by the rule', () => {
    const undeclared = lintCatalog(loadCatalog({ rules: [rule('a')], parameters }));
    expect(undeclared).toContainEqual(expect.objectContaining({ level: 'error', path: 'illustrative', message: expect.stringMatching(/x\.plafond/) }));
    const declared = lintCatalog(loadCatalog({ rules: [rule('a', { illustrative: ['x.plafond'] })], parameters }));
    expect(declared.filter((i) => i.level === 'error')).toEqual([]);
  });

  it('refuses declared illustrative names that are neither a parameter read nor a part of the rule', () => {
    const issues = lintCatalog(loadCatalog({ rules: [rule('a', { illustrative: ['x.plafond', 'montant'] })], parameters }));
    expect(issues).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/« montant »/) }));
  });

  it('finds overlaps and gaps between versions of one aid, and accepts versions that follow each other', () => {
    const v = (id: string, from: string, until: string | null) => rule(id, { versionOf: 'aide', illustrative: ['x.plafond'], validity: { from, until } });
    const ok = lintCatalog(loadCatalog({ rules: [v('aide-2024', '2024-01-01', '2025-01-01'), v('aide-2025', '2025-01-01', null)], parameters }));
    expect(ok.filter((i) => i.level === 'error')).toEqual([]);
    const overlap = lintCatalog(loadCatalog({ rules: [v('aide-2024', '2024-01-01', '2025-06-01'), v('aide-2025', '2025-01-01', null)], parameters }));
    expect(overlap).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/chevauchement/) }));
    const gap = lintCatalog(loadCatalog({ rules: [v('aide-2024', '2024-01-01', '2024-12-01'), v('aide-2025', '2025-01-01', null)], parameters }));
    expect(gap).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/trou/) }));
  });
});
