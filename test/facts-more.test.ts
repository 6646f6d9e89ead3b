import { describe, expect, it } from 'vitest';
import { compileCatalog, explainHousehold, lintCatalog, loadCatalog, NonRecoursError, parseHousehold, safeParseHousehold, type ConditionTrace, type Report } from '../src/index.js';
import { FACTS } from '../src/facts/definitions.js';

const DATE = '2026-11-24';

const policy = (id: string, base: string) => ({
  path: `x/parameters/${id}.json`,
  json: { parameters: { [id]: { label: id, type: 'policy', values: [{ from: '2020-01-01', value: { base, alimonyReceived: 'include' } }], sources: [{ title: 'T' }] } } },
});
const parameters = [policy('x.n2', 'tax-n-2'), policy('x.n1', 'tax-n-1')];

const rule = (id: string, conditions: unknown, over: Record<string, unknown> = {}) => ({
  path: `x/${id}.json`,
  json: {
    id,
    title: id,
    kind: 'aid',
    institution: { name: 'CCAS', type: 'ccas' },
    territory: { national: true },
    validity: { from: '2020-01-01', until: null },
    conditions,
    sources: [{ title: 'T' }],
    notModeled: ['rien'],
    apply: { where: 'CCAS', documents: [] },
    ...over,
  },
});

/** One rule whose `all` reads each fact once: the trace of its conditions gives each value as JSON. */
const leaf = (fact: string, params: Record<string, unknown> | undefined, operator: string, value: unknown) => ({ fact, ...(params === undefined ? {} : { params }), operator, value, label: fact });
const probe = loadCatalog({
  parameters,
  rules: [
    rule('probe', {
      all: [
        leaf('household.fiscalQuotientFamilial', { yearsBefore: 2 }, 'greaterThan', '0'),
        leaf('household.fiscalQuotientFamilial', { yearsBefore: 1 }, 'greaterThan', '0'),
        leaf('household.cafQuotientFamilial', { policy: { param: 'x.n2' } }, 'greaterThan', '0'),
        leaf('household.quotientFamilial', { policy: { param: 'x.n2' } }, 'greaterThan', '0'),
        leaf('household.referenceMonthlyIncome', { policy: { param: 'x.n1' } }, 'greaterThan', '0'),
        leaf('household.hostedFree', undefined, 'equal', true),
      ],
    }),
  ],
});
const compiled = compileCatalog(probe, DATE);

function probeOf(household: unknown): { report: Report; values: unknown[]; results: string[] } {
  const report = explainHousehold(compiled, parseHousehold(household));
  const r = report.results.find((x) => x.id === 'probe');
  const children = (r?.conditions?.children ?? []) as readonly ConditionTrace[];
  return { report, values: children.map((c) => c.value), results: children.map((c) => c.result) };
}

const singleParent = (over: Record<string, unknown> = {}) => ({
  persons: [
    { id: 'p1', role: 'applicant', birthDate: '1990-01-01' },
    { id: 'c1', role: 'child', birthDate: '2018-01-01' },
  ],
  couple: { status: 'single' },
  taxReturns: [{ year: 2024, referenceIncome: '24000', shares: 2 }],
  ...over,
});
const couple = (over: Record<string, unknown> = {}) => ({
  persons: [
    { id: 'p1', role: 'applicant', birthDate: '1985-01-01' },
    { id: 'p2', role: 'partner', birthDate: '1986-01-01' },
    { id: 'c1', role: 'child', birthDate: '2015-01-01' },
    { id: 'c2', role: 'child', birthDate: '2017-01-01' },
  ],
  couple: { status: 'couple' },
  taxReturns: [{ year: 2024, referenceIncome: '31200', shares: 3 }],
  ...over,
});

describe('household.fiscalQuotientFamilial', () => {
  it('single parent, RFR 24 000 € on 2 fiscal shares (1 + ½ child + ½ parent isolé): 1 000.00 €/mois', () => {
    expect(probeOf(singleParent()).values[0]).toBe('1000.00');
  });

  it('couple, RFR 31 200 € on 3 shares: 866.67 €/mois', () => {
    // 31 200 / 3 / 12 = 866.666…: computed exactly in integer cents, rounded once, half up, to the cent
    // (the figure a service writes down from the tax notice; rounding after ÷ 12 and again after ÷ shares
    // can be one cent off).
    expect(probeOf(couple()).values[0]).toBe('866.67');
  });

  it('rounds half up only at the end: 1 € on 1.5 shares is 0.06 (0.0555…), not 0.05 as ÷ 12 rounded then ÷ 1.5 would give', () => {
    expect(probeOf(singleParent({ taxReturns: [{ year: 2024, referenceIncome: '1', shares: 1.5 }] })).values[0]).toBe('0.06');
  });

  it('reads the notice of the year asked: yearsBefore 1 is 2025 at 2026-11-24', () => {
    const h = singleParent({ taxReturns: [{ year: 2024, referenceIncome: '24000', shares: 2 }, { year: 2025, referenceIncome: '18000', shares: 2 }] });
    expect(probeOf(h).values.slice(0, 2)).toEqual(['1000.00', '750.00']);
  });

  it('is unknown without the notice of that year, and asks for it', () => {
    const { report, values, results } = probeOf(singleParent({ taxReturns: [{ year: 2023, referenceIncome: '24000', shares: 2 }] }));
    expect(values[0]).toBeNull();
    expect(results[0]).toBe('unknown');
    const r = report.results.find((x) => x.id === 'probe');
    expect(r?.status).toBe('undetermined');
    expect(r?.missing).toContain('taxReturns.2024');
  });

  it('needs yearsBefore, 1 or 2, when a rule loads', () => {
    const load = (params: Record<string, unknown> | undefined) => () => loadCatalog({ parameters: [], rules: [rule('r', { all: [leaf('household.fiscalQuotientFamilial', params, 'lessThan', '900')] })] });
    expect(load(undefined)).toThrow(NonRecoursError);
    expect(load({ yearsBefore: 3 })).toThrow(NonRecoursError);
    expect(load({ yearsBefore: 1 })).not.toThrow();
  });
});

describe('household.cafQuotientFamilial', () => {
  it('is the former household.quotientFamilial: reference income ÷ CAF shares (a single parent has 2 adult shares)', () => {
    // 24 000 / 12 = 2 000 €/mois on 2.5 CAF shares (2 + ½ child) = 800; the fiscal quotient is 1 000 on 2 shares.
    const { values } = probeOf(singleParent());
    expect(values[2]).toBe('800.00');
    expect(values[3]).toBe(values[2]);
    expect(values[0]).toBe('1000.00');
  });

  it('is deprecated under its old name only, with French advice', () => {
    expect(FACTS.get('household.quotientFamilial')?.deprecated).toMatch(/household\.cafQuotientFamilial.*household\.fiscalQuotientFamilial/);
    expect(FACTS.get('household.cafQuotientFamilial')?.deprecated).toBeUndefined();
    expect(FACTS.get('household.fiscalQuotientFamilial')?.deprecated).toBeUndefined();
  });
});

describe('income policy base tax-n-1', () => {
  it('is the revenu fiscal de référence of year N-1 ÷ 12, unknown (taxReturns.2025) without it', () => {
    const h = singleParent({ taxReturns: [{ year: 2024, referenceIncome: '24000', shares: 2 }, { year: 2025, referenceIncome: '18000', shares: 2 }] });
    expect(probeOf(h).values[4]).toBe('1500.00');
    const { report, values } = probeOf(singleParent());
    expect(values[4]).toBeNull();
    expect(report.results.find((x) => x.id === 'probe')?.missing).toContain('taxReturns.2025');
  });
});

describe('household.hostedFree', () => {
  const withHousing = (housing: Record<string, unknown> | undefined) => singleParent(housing === undefined ? {} : { housing });

  it('true for hosted-free, false for hosted-paying and any status that is not hosting', () => {
    expect(probeOf(withHousing({ status: 'hosted-free' })).values[5]).toBe(true);
    expect(probeOf(withHousing({ status: 'hosted-paying' })).values[5]).toBe(false);
    expect(probeOf(withHousing({ status: 'tenant', monthlyRent: '500.00' })).values[5]).toBe(false);
    expect(probeOf(withHousing({ status: 'homeless' })).values[5]).toBe(false);
  });

  it('unknown for plain hosted (not said whether free), without a status and without housing: asks housing.status', () => {
    for (const housing of [{ status: 'hosted' }, {}, undefined]) {
      const { report, values } = probeOf(withHousing(housing));
      expect(values[5]).toBeNull();
      expect(report.results.find((x) => x.id === 'probe')?.missing).toContain('housing.status');
    }
  });
});

describe('household enums', () => {
  it('accepts schooling "none" (not at school)', () => {
    const h = { persons: [{ id: 'p1', role: 'applicant' }, { id: 'c1', role: 'child', schooling: 'none' }] };
    expect(parseHousehold(h).persons[1]?.schooling).toBe('none');
  });

  it('accepts hosted-free and hosted-paying, and names them in French when a status is wrong', () => {
    expect(safeParseHousehold({ persons: [{ id: 'p1', role: 'applicant' }], housing: { status: 'hosted-paying' } }).success).toBe(true);
    const bad = safeParseHousehold({ persons: [{ id: 'p1', role: 'applicant' }], housing: { status: 'guest' } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.issues[0]?.message).toMatch(/"hosted-free" \(hébergé gratuitement\)/);
  });
});

describe('rules lint on deprecated facts', () => {
  const qf = { fact: 'household.quotientFamilial', params: { policy: { param: 'x.n2' } } };

  it('warns at each place a rule reads household.quotientFamilial: conditions, nested groups, amounts', () => {
    const catalog = loadCatalog({
      parameters,
      rules: [
        rule(
          'old-qf',
          { all: [{ ...qf, operator: 'lessThan', value: '900', label: 'QF' }, { any: [{ not: { ...qf, operator: 'greaterThan', value: '1200', label: 'QF haut' } }] }] },
          { amount: { kind: 'brackets', period: 'month', ...qf, brackets: [{ upTo: '500', value: { product: [2, qf] } }, { below: '900', value: 10 }] } },
        ),
        rule('new-qf', { all: [{ fact: 'household.cafQuotientFamilial', params: { policy: { param: 'x.n2' } }, operator: 'lessThan', value: '900', label: 'QF' }] }),
      ],
    });
    const warnings = lintCatalog(catalog).filter((i) => i.level === 'warning' && /obsolète/.test(i.message));
    expect(warnings.map((w) => [w.file, w.path])).toEqual([
      ['x/old-qf.json', 'conditions.all[0].fact'],
      ['x/old-qf.json', 'conditions.all[1].any[0].not.fact'],
      ['x/old-qf.json', 'amount.fact'],
      ['x/old-qf.json', 'amount.brackets[0].value.product[1].fact'],
    ]);
    expect(warnings[0]?.message).toMatch(/household\.quotientFamilial.*household\.cafQuotientFamilial.*household\.fiscalQuotientFamilial/);
  });
});

import { INCOME_KIND_INDEX, INCOME_KINDS as KINDS_FOR_BITS } from '../src/household/enums.js';

describe('income kinds as bits', () => {
  it('fit in a 32-bit integer: the kinds received in a window are kept as bits (src/facts/income.ts)', () => {
    expect(KINDS_FOR_BITS.length).toBeLessThanOrEqual(31);
    expect([...INCOME_KIND_INDEX.values()]).toEqual(KINDS_FOR_BITS.map((_, i) => i));
  });
});
