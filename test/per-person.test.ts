/** Per-person quantities: aggregates over the members a filter takes, three-valued with partial knowledge. */
import { describe, expect, it } from 'vitest';
import { compileCatalog, explainHousehold, loadCatalog, NonRecoursError, oracleFacts, parseHousehold, toJsonRulesEngine, type CatalogInput } from '../src/index.js';

const rule = (id: string, conditions: unknown, amount: unknown = null) => ({
  id,
  title: `Aide ${id}`,
  kind: 'aid',
  institution: { name: 'CCAS de Test', type: 'ccas' },
  territory: { national: true },
  validity: { from: '2024-01-01', until: null },
  conditions,
  ...(amount === null ? {} : { amount }),
  sources: [{ title: 'Texte de test' }],
});
const spouses = { role: ['applicant', 'partner'] };
const oneSpouse65 = rule('un-conjoint-65', {
  perPerson: { where: spouses, aggregate: 'any', condition: { fact: 'person.age', operator: 'greaterThanInclusive', value: 65, label: '65 ans ou plus' } },
  label: "L'un des conjoints a 65 ans ou plus",
});
const bothSpouses65 = rule('deux-conjoints-65', {
  perPerson: { where: spouses, aggregate: 'all', condition: { fact: 'person.age', operator: 'greaterThanInclusive', value: 65, label: '65 ans ou plus' } },
  label: 'Les deux conjoints ont 65 ans ou plus',
});
// 50 € for each adult who earned a salary in the last 3 months.
const perEarner = rule(
  'prime-par-actif',
  { fact: 'household.size', operator: 'greaterThanInclusive', value: 1, label: 'Un foyer' },
  {
    kind: 'fixed',
    period: 'month',
    value: {
      perPerson: {
        where: spouses,
        aggregate: 'sum',
        of: { choose: [{ when: { fact: 'person.income', params: { months: 3, include: ['salary'] }, operator: 'greaterThan', value: 0, label: 'A perçu un salaire' }, value: 50 }], otherwise: 0 },
      },
    },
  },
);
// A count in a threshold: at most as many persons as partners (never true for a couple of two).
const partnerIncome = rule('revenu-du-conjoint', {
  fact: 'household.size',
  operator: 'lessThanInclusive',
  value: { perPerson: { where: { role: 'partner' }, aggregate: 'count' } },
  label: 'test',
});
const input: CatalogInput = { rules: [oneSpouse65, bothSpouses65, perEarner, partnerIncome].map((json) => ({ path: `t/${json.id}.json`, json })), parameters: [] };
const catalog = loadCatalog(input);
const compiled = compileCatalog(catalog, '2026-11-24');

const couple = (a: string | undefined, b: string | undefined, incomes: unknown[] = [], complete = true) =>
  parseHousehold({
    commune: '86194',
    couple: { status: 'couple' },
    persons: [
      { id: 'p1', role: 'applicant', ...(a === undefined ? {} : { birthDate: a }) },
      { id: 'p2', role: 'partner', ...(b === undefined ? {} : { birthDate: b }) },
    ],
    incomes,
    incomesComplete: complete,
  });
const result = (h: ReturnType<typeof couple>, id: string) => explainHousehold(compiled, h).results.find((r) => r.id === id);

describe('per-person quantities', () => {
  it('any: a couple where only one spouse is 65 is eligible; true as soon as one known spouse is', () => {
    expect(result(couple('1960-01-01', '1970-01-01'), 'un-conjoint-65')?.status).toBe('eligible');
    // The partner's age is unknown, but the applicant alone settles it.
    expect(result(couple('1960-01-01', undefined), 'un-conjoint-65')?.status).toBe('eligible');
    expect(result(couple('1970-01-01', '1975-01-01'), 'un-conjoint-65')?.status).toBe('ineligible');
    const open = result(couple('1970-01-01', undefined), 'un-conjoint-65');
    expect(open?.status).toBe('undetermined');
    expect(open?.missing).toEqual(['persons.p2.birthDate']);
  });

  it('all: false as soon as one known spouse is under 65', () => {
    expect(result(couple('1950-01-01', '1955-01-01'), 'deux-conjoints-65')?.status).toBe('eligible');
    expect(result(couple('1970-01-01', undefined), 'deux-conjoints-65')?.status).toBe('ineligible');
    expect(result(couple('1950-01-01', undefined), 'deux-conjoints-65')?.status).toBe('undetermined');
  });

  it('sum: a bonus for each earner, from each person’s own incomes', () => {
    const salary = (person: string, month: string) => ({ person, kind: 'salary', month, amount: '900.00' });
    const both = couple('1980-01-01', '1982-01-01', [salary('p1', '2026-09'), salary('p2', '2026-10')]);
    expect(result(both, 'prime-par-actif')?.amount?.value).toBe('100.00'); // 2 × 50
    const one = couple('1980-01-01', '1982-01-01', [salary('p1', '2026-09')]);
    expect(result(one, 'prime-par-actif')?.amount?.value).toBe('50.00'); // 1 × 50
    // Incomes not complete and no record for the partner: whether the partner earned is unknown.
    const unsure = couple('1980-01-01', '1982-01-01', [salary('p1', '2026-08'), salary('p1', '2026-09'), salary('p1', '2026-10')], false);
    const r = result(unsure, 'prime-par-actif');
    expect(r?.status).toBe('undetermined');
    expect(r?.missing).toEqual(expect.arrayContaining(['incomes.2026-08', 'incomes.2026-09', 'incomes.2026-10']));
  });

  it('count: a per-person count is read in a computed threshold', () => {
    expect(result(couple('1980-01-01', '1982-01-01'), 'revenu-du-conjoint')?.conditions?.expected).toEqual({ computed: '1.00' });
    expect(result(couple('1980-01-01', '1982-01-01'), 'revenu-du-conjoint')?.status).toBe('ineligible');
  });

  it('a person fact outside perPerson, and a bad filter, are load errors naming the path', () => {
    const bad = (conditions: unknown) => {
      try {
        loadCatalog({ rules: [{ path: 't/x.json', json: rule('x', conditions) }], parameters: [] });
      } catch (e) {
        if (e instanceof NonRecoursError) return e.details;
      }
      throw new Error('expected a load error');
    };
    expect(bad({ fact: 'person.age', operator: 'greaterThan', value: 3, label: 'x' })[0]).toMatchObject({ path: 'conditions.fact', message: expect.stringMatching(/perPerson/) });
    expect(bad({ perPerson: { where: { role: 'cousin' }, aggregate: 'any', condition: { fact: 'person.age', operator: 'greaterThan', value: 3, label: 'x' } }, label: 'y' })[0]?.path).toBe('conditions.perPerson.where.role');
    expect(bad({ perPerson: { aggregate: 'most', condition: {} }, label: 'y' })[0]?.path).toBe('conditions.perPerson.aggregate');
  });

  it('json-rules-engine agrees on complete households (aggregates exported as derived facts)', async () => {
    const engine = toJsonRulesEngine(compiled);
    for (const [a, b] of [['1960-01-01', '1970-01-01'], ['1970-01-01', '1975-01-01'], ['1950-01-01', '1955-01-01']] as const) {
      const h = couple(a, b);
      const ours = explainHousehold(compiled, h).results.filter((r) => r.status === 'eligible').map((r) => r.id).sort();
      const theirs = (await engine.run(oracleFacts(h, compiled))).results.map((r) => r.event?.type as string).filter((id) => id !== 'prime-par-actif').sort();
      expect(theirs).toEqual(ours.filter((id) => id !== 'prime-par-actif'));
    }
  });
});
