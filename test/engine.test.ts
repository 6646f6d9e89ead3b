import Decimal from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { compileCatalog, evaluateHousehold, explainHousehold, loadCatalog, parseHousehold, type Report } from '../src/index.js';
import { clone, seed } from './helpers.js';

const DATE = '2026-11-24';
const result = (report: Report, id: string) => {
  const r = report.results.find((x) => x.id === id);
  if (r === undefined) throw new Error(`no result for ${id}`);
  return r;
};

describe('the three seed households (issue 2)', () => {
  it('Blois widow: ASPA eligible, monthly amount = 2026 single maximum / 12 − 3-month average resources, to the cent', () => {
    const h = seed('blois-veuve-70-ans');
    const r = result(evaluateHousehold(h, { date: DATE }), 'aspa');
    expect(r.status).toBe('eligible');
    // Official 2026 single maximum (Circulaire Cnav 2024-39 revalued, national-parameters.json) and her gross pensions.
    const gross = (h.incomes as { grossAmount: string }[]).map((i) => new Decimal(i.grossAmount));
    const average = gross.reduce((a, b) => a.plus(b)).div(3);
    const expected = new Decimal('12523.14').div(12).minus(average).toDecimalPlaces(2, Decimal.ROUND_DOWN);
    expect(r.amount).toEqual({ value: expected.toFixed(2), period: 'month', currency: 'EUR' });
    // Her claims say « unaware »: non-take-up by lack of knowledge, known — not a claim unknown.
    expect(r.unclaimed).toBe(true);
    expect(r.claimUnknown).toBe(false);
    const report = evaluateHousehold(h, { date: DATE });
    expect(report.unclaimed.rules).toContain('aspa');
    expect(report.claimUnknown.rules).not.toContain('aspa');
    // Without her claims, the same right is « perception non renseignée », out of the unclaimed totals.
    const { claims: _, ...silent } = clone(h);
    const without = evaluateHousehold(silent, { date: DATE });
    expect(result(without, 'aspa')).toMatchObject({ status: 'eligible', claim: null, unclaimed: false, claimUnknown: true });
    expect(without.unclaimed.rules).not.toContain('aspa');
    expect(without.claimUnknown.rules).toContain('aspa');
  });

  it('Poitiers mother: crèche price on her recent income, alimony and family benefits excluded, not on N-2', () => {
    const h = seed('poitiers-mere-separee');
    const r = result(evaluateHousehold(h, { date: DATE }), 'poitiers-tarif-creche');
    expect(r.status).toBe('eligible');
    const rate2 = new Decimal('0.000516'); // taux d'effort, 2 children
    const lastMonthSalary = new Decimal('1450.00'); // October 2026, alimony (180) and family benefits left out
    expect(r.amount?.value).toBe(lastMonthSalary.times(rate2).toDecimalPlaces(2).toFixed(2));
    const onN2 = new Decimal('31200').div(12).times(rate2).toDecimalPlaces(2).toFixed(2);
    const withAlimony = lastMonthSalary.plus(180).times(rate2).toDecimalPlaces(2).toFixed(2);
    expect(r.amount?.value).not.toBe(onN2);
    expect(r.amount?.value).not.toBe(withAlimony);
    // Separated more than 12 months before: back to the N-2 tax income.
    const old = clone(h);
    (old.couple as { since: string }).since = '2025-06-01';
    expect(result(evaluateHousehold(old, { date: DATE }), 'poitiers-tarif-creche').amount?.value).toBe(onN2);
  });

  it('Nantes 19-year-old: CCAS aid eligible; the same household aged 26: ineligible', () => {
    const h = seed('nantes-jeune-19-ans');
    expect(result(evaluateHousehold(h, { date: DATE }), 'nantes-ccas-coup-de-pouce-18-25').status).toBe('eligible');
    const older = clone(h);
    (older.persons as { birthDate: string }[])[0]!.birthDate = '2000-06-20';
    const r = result(evaluateHousehold(older, { date: DATE }), 'nantes-ccas-coup-de-pouce-18-25');
    expect(r.status).toBe('ineligible');
    expect(r.reason).toMatch(/25 ans au plus/);
  });

  it('without a birth date, age rules are undetermined, list it as missing, and it is the first question', () => {
    const full = evaluateHousehold(seed('nantes-jeune-19-ans'), { date: DATE });
    const h = seed('nantes-jeune-19-ans');
    delete (h.persons as { birthDate?: string }[])[0]!.birthDate;
    const report = evaluateHousehold(h, { date: DATE });
    // Every age-based rule that was eligible is now undetermined — never ineligible — and asks for the date.
    const aged = full.results.filter((r) => r.status === 'eligible' && JSON.stringify(r.conditions).includes('"applicant.age"'));
    expect(aged.map((r) => r.id)).toContain('nantes-ccas-coup-de-pouce-18-25');
    for (const before of aged) {
      const r = result(report, before.id);
      expect(r.status).toBe('undetermined');
      expect(r.missing).toContain('persons.p1.birthDate');
    }
    // And no rule became ineligible because the date is missing.
    for (const r of report.results) if (r.status === 'ineligible') expect(result(full, r.id).status).toBe('ineligible');
    expect(report.results.some((r) => r.status === 'ineligible' && r.missing.length > 0)).toBe(false);
    expect(report.questions[0]?.id).toBe('persons.p1.birthDate');
    expect(report.questions[0]?.label).toMatch(/Date de naissance/);
  });
});

describe('three-valued semantics', () => {
  const catalog = loadCatalog({
    parameters: [],
    rules: [
      {
        path: 'x/t-any.json',
        json: {
          id: 't-any',
          title: 'any',
          kind: 'aid',
          institution: { name: 'T', type: 'other' },
          territory: { national: true },
          validity: { from: '2020-01-01', until: null },
          conditions: {
            any: [
              { fact: 'applicant.age', operator: 'lessThan', value: 26, label: 'Moins de 26 ans' },
              { fact: 'applicant.disabilityRate', operator: 'greaterThanInclusive', value: 0.5, label: 'Handicap' },
            ],
          },
          sources: [{ title: 'T' }],
        },
      },
      {
        path: 'x/t-not.json',
        json: {
          id: 't-not',
          title: 'not',
          kind: 'aid',
          institution: { name: 'T', type: 'other' },
          territory: { communes: ['86194'] },
          validity: { from: '2020-01-01', until: '2026-01-01' },
          conditions: { not: { fact: 'applicant.unfitForWork', operator: 'equal', value: true, label: 'Inapte' } },
          sources: [{ title: 'T' }],
        },
      },
    ],
  });
  const run = (persons: Record<string, unknown>, date = '2025-06-01', commune?: string) =>
    explainHousehold(compileCatalog(catalog, date), parseHousehold({ ...(commune === undefined ? {} : { commune }), persons: [{ id: 'p1', role: 'applicant', ...persons }] }));

  it('any: true if one child is true even when another is unknown; unknown if none true and one unknown', () => {
    expect(result(run({ birthDate: '2005-01-01' }), 't-any').status).toBe('eligible');
    expect(result(run({ birthDate: '1980-01-01' }), 't-any').status).toBe('undetermined');
    expect(result(run({ birthDate: '1980-01-01', disabilityRate: 0.2 }), 't-any').status).toBe('ineligible');
    expect(result(run({}), 't-any').missing).toEqual(['persons.p1.birthDate', 'persons.p1.disabilityRate']);
  });

  it('not unknown is unknown; territory unknown without a commune; validity window', () => {
    expect(result(run({}, '2025-06-01', '86194'), 't-not').status).toBe('undetermined');
    expect(result(run({ unfitForWork: false }, '2025-06-01'), 't-not').status).toBe('undetermined');
    expect(result(run({ unfitForWork: false }, '2025-06-01'), 't-not').missing).toEqual(['commune']);
    expect(result(run({ unfitForWork: false }, '2025-06-01', '86194'), 't-not').status).toBe('eligible');
    expect(result(run({ unfitForWork: true }, '2025-06-01', '86194'), 't-not').status).toBe('ineligible');
    expect(result(run({ unfitForWork: false }, '2025-06-01', '44109'), 't-not').status).toBe('out-of-territory');
    expect(result(run({ unfitForWork: false }, '2026-01-01', '86194'), 't-not').status).toBe('not-in-force');
    expect(result(run({ unfitForWork: false }, '2019-12-31', '86194'), 't-not').status).toBe('not-in-force');
  });

  it('29 February birthdays: a new age on 1 March in non-leap years', () => {
    const c = loadCatalog({
      parameters: [],
      rules: [
        {
          path: 'x/t-18.json',
          json: {
            id: 't-18',
            title: '18',
            kind: 'aid',
            institution: { name: 'T', type: 'other' },
            territory: { national: true },
            validity: { from: '2020-01-01', until: null },
            conditions: { all: [{ fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur' }] },
            sources: [{ title: 'T' }],
          },
        },
      ],
    });
    const h = parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '2008-02-29' }] });
    expect(result(explainHousehold(compileCatalog(c, '2026-02-28'), h), 't-18').status).toBe('ineligible');
    expect(result(explainHousehold(compileCatalog(c, '2026-03-01'), h), 't-18').status).toBe('eligible');
  });
});

describe('dated income windows', () => {
  it('a gap in the 3 months before is unknown unless incomes are declared complete', () => {
    const h = seed('blois-veuve-70-ans');
    h.incomes = (h.incomes as { month: string }[]).filter((i) => i.month !== '2026-09');
    h.incomesComplete = false;
    const r = result(evaluateHousehold(h, { date: DATE }), 'aspa');
    expect(r.status).toBe('undetermined');
    expect(r.missing).toContain('incomes.2026-09');
    h.incomesComplete = true;
    expect(result(evaluateHousehold(h, { date: DATE }), 'aspa').status).toBe('eligible');
  });

  it('the date is a parameter: the same household in 2025 uses the 2025 ceiling', () => {
    const h = seed('blois-veuve-70-ans');
    h.incomes = (h.incomes as { month: string }[]).map((i) => ({ ...i, month: i.month.replace('2026', '2025') }));
    const r = result(evaluateHousehold(h, { date: '2025-11-24' }), 'aspa');
    const expected = new Decimal('12411.44').div(12).minus('702.35').toDecimalPlaces(2, Decimal.ROUND_DOWN);
    expect(r.amount?.value).toBe(expected.toFixed(2));
  });
});
