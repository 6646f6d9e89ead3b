/** Rights that open soon, and close, for the household left unchanged: dated to the event that causes them. */
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, evaluateHousehold, explainHousehold, loadCatalog } from '../src/index.js';
import { milestones, monthsReachedOn, outlookOf, projectHousehold, waitingPeriods } from '../src/report/outlook.js';
import { tryParseDate } from '../src/dates.js';
import { parseHousehold } from '../src/household/parse.js';
import { seed } from './helpers.js';

const DATE = '2026-11-24';
type Json = Record<string, unknown> & { persons: Record<string, unknown>[] };

describe('outlook', () => {
  it('a 64-year-old turning 65 on 15 January 2027: ASPA opens on the birthday', () => {
    const h = seed('blois-veuve-70-ans') as Json;
    h.persons[0] = { ...h.persons[0], birthDate: '1962-01-15', unfitForWork: false, disabilityRate: 0 }; // at 64 (the legal retirement age in 2026), ASPA would open to a person unfit for work
    const r = evaluateHousehold(h, { date: DATE, outlook: { months: 12 } });
    expect(r.results.find((x) => x.id === 'aspa')?.status).toBe('ineligible');
    expect(r.outlook?.filter((e) => e.rule === 'aspa')).toEqual([{ rule: 'aspa', title: expect.stringMatching(/ASPA/), change: 'opens', date: '2027-01-15', reason: 'anniversaire de p1 (65 ans)' }]);
  });

  it('a separation 11 months old under the 12-month recent-income policy: the day the base changes, and the crèche tariff it gives', () => {
    const h = seed('poitiers-mere-separee') as Json & { couple: Record<string, unknown> };
    h.couple = { ...h.couple, since: '2025-12-20' };
    const r = evaluateHousehold(h, { date: DATE, outlook: {} });
    // Recent income (last month, alimony excluded): 0,75 €/h today; on 20 December 2026 the separation is 12 months
    // old and the base becomes the N-2 tax income: 1,34 €/h (the values of the crèche rule's own cases).
    expect(r.results.find((x) => x.id === 'poitiers-tarif-creche')?.amount?.value).toBe('0.75');
    expect(r.outlook?.find((e) => e.rule === 'poitiers-tarif-creche' && e.change === 'amount')).toEqual({
      rule: 'poitiers-tarif-creche',
      title: expect.any(String),
      change: 'amount',
      from: '0.75',
      to: '1.34',
      date: '2026-12-20',
      reason: 'la séparation a 12 mois : la base de ressources change',
    });
  });

  it('a right that closes: the ASF ends when the only child turns 20', () => {
    const h = seed('poitiers-parent-seul-sans-pension') as Json;
    h.persons[1] = { ...h.persons[1], birthDate: '2007-03-01' };
    const r = evaluateHousehold(h, { date: DATE, outlook: {} });
    expect(r.results.find((x) => x.id === 'asf')?.status).toBe('eligible');
    expect(r.outlook?.find((e) => e.rule === 'asf')).toMatchObject({ change: 'closes', date: '2027-03-01', reason: 'anniversaire de c1 (20 ans)' });
  });

  it('a rule coming into force within the horizon opens on its first day', () => {
    const catalog = loadCatalog(
      {
        rules: [{ path: 'v/ville-nouvelle-aide.json', json: { id: 'ville-nouvelle-aide', title: 'Nouvelle aide', kind: 'aid', institution: { name: 'CCAS de Test', type: 'ccas' }, territory: { national: true }, validity: { from: '2027-03-01', until: null }, conditions: { fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur' }, sources: [{ title: 'Délibération de test' }] } }],
        parameters: [],
      },
      defaultCatalog(),
    );
    const r = evaluateHousehold(seed('blois-veuve-70-ans'), { date: DATE, catalog, outlook: {} });
    expect(r.outlook?.find((e) => e.rule === 'ville-nouvelle-aide')).toMatchObject({ change: 'opens', date: '2027-03-01', reason: 'entrée en vigueur de « Nouvelle aide »' });
  });

  it('is only computed when asked; the household is projected with its last month of incomes', () => {
    expect(evaluateHousehold(seed('blois-veuve-70-ans'), { date: DATE })).not.toHaveProperty('outlook');
    const h = parseHousehold({ persons: [{ id: 'p1', role: 'applicant' }], incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '900.00' }] });
    expect(projectHousehold(h, '2027-01-15').incomes?.map((i) => i.month)).toEqual(['2026-10', '2026-11', '2026-12']);
  });
});

describe('outlook: waiting periods and the days months are counted to', () => {
  it('a number of whole months is reached on the same day, or on the 1st of the next month when the month lacks that day', () => {
    const d = (iso: string) => tryParseDate(iso) as NonNullable<ReturnType<typeof tryParseDate>>;
    expect(monthsReachedOn(d('2025-12-20'), 12)).toBe('2026-12-20');
    expect(monthsReachedOn(d('2026-08-31'), 3)).toBe('2026-12-01');
    expect(monthsReachedOn(d('2024-02-29'), 12)).toBe('2025-03-01');
    expect(monthsReachedOn(d('2026-11-30'), 1)).toBe('2026-12-30');
    expect(monthsReachedOn(d('2026-12-31'), 2)).toBe('2027-03-01');
  });

  it('a separation of 29 February 2024 is 12 months old on 1 March 2025 (not on 28 February, still 11 whole months)', () => {
    const h = parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-06-01' }], couple: { status: 'separated', since: '2024-02-29' } });
    expect(milestones(h, '2025-01-10', 12, [], new Set([12]))).toContainEqual({ date: '2025-03-01', reason: 'la séparation a 12 mois : la base de ressources change' });
  });

  it('the waiting periods the catalog looks at: 5 and 10 years of residence permit, a year of unemployment, 12 months of separation', () => {
    expect(waitingPeriods(defaultCatalog())).toEqual(
      expect.arrayContaining([
        { fact: 'applicant.residencePermitYears', months: 60 },
        { fact: 'applicant.residencePermitYears', months: 120 },
        { fact: 'applicant.unemployedMonths', months: 12 },
        { fact: 'household.monthsSinceSeparation', months: 12 },
      ]),
    );
  });

  it('a permit held 5 years on 31 January 2027: the RSA opens that day and the Poitiers welcome for recent arrivals (in work) closes', () => {
    const catalog = defaultCatalog();
    const h = parseHousehold({ commune: '86194', couple: { status: 'single' }, persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'other', residencePermitSince: '2022-01-31', activity: 'employed' }], incomes: [], incomesComplete: true, housing: { status: 'tenant', monthlyRent: '450.00' } });
    const points = milestones(h, DATE, 12, [], new Set(), waitingPeriods(catalog));
    expect(points).toContainEqual({ date: '2027-01-31', reason: 'p1 a son titre de séjour depuis 5 ans' });
    const events = outlookOf(evaluateHousehold(h, { date: DATE }), h, points, (x, d) => explainHousehold(compileCatalog(catalog, d), x));
    expect(events.find((e) => e.rule === 'rsa')).toMatchObject({ change: 'opens', date: '2027-01-31', reason: 'p1 a son titre de séjour depuis 5 ans' });
    expect(events.find((e) => e.rule === 'poitiers-accueil-ctai')).toMatchObject({ change: 'closes', date: '2027-01-31' });
  });
});
