/** How far from a right: the smallest change of resources or age, from the compiled conditions, to the cent and to the day. */
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, evaluateHousehold, explainHousehold, loadCatalog, parseHousehold, simulateSync } from '../src/index.js';
import { seed } from './helpers.js';

const DATE = '2026-11-24';
const months = (amount: string, kind = 'salary') => ['2026-08', '2026-09', '2026-10'].map((month) => ({ person: 'p1', kind, month, amount }));
const result = (h: unknown, id: string, date = DATE) => evaluateHousehold(h, { date }).results.find((r) => r.id === id);

describe('distance to eligibility', () => {
  it('the Nantes 19-year-old 42,17 € above the CCAS ceiling: by how much, to the cent', () => {
    const h = { ...seed('nantes-jeune-19-ans'), incomes: months('942.17'), claims: {} };
    const r = result(h, 'nantes-ccas-coup-de-pouce-18-25');
    expect(r?.status).toBe('ineligible');
    // 942,17 − 900,00 (plafond, ≤) = 42,17
    expect(r?.distance).toEqual({
      reachable: true,
      changes: [{ kind: 'amount', fact: 'household.averageMonthlyIncome', label: 'Ressources mensuelles moyennes du demandeur et du conjoint', by: '42.17', direction: 'lower' }],
      blocking: [],
      sentence: 'Éligible si « Ressources mensuelles moyennes du demandeur et du conjoint » baissait de 42,17 €.',
    });
  });

  it('a 64-year-old turning 65 on 15 January 2027: ASPA dated to the birthday', () => {
    const h = seed('blois-veuve-70-ans') as { persons: Record<string, unknown>[] };
    h.persons[0] = { ...h.persons[0], birthDate: '1962-01-15', unfitForWork: false, disabilityRate: 0 }; // at 64 (the legal retirement age in 2026), ASPA would open to a person unfit for work
    const r = result(h, 'aspa');
    expect(r?.status).toBe('ineligible');
    expect(r?.distance?.changes).toEqual([{ kind: 'age', person: 'p1', label: expect.any(String), age: 65, date: '2027-01-15' }]);
    expect(r?.distance?.sentence).toBe('Éligible le 15 janvier 2027, à 65 ans.');
  });

  it('RSA: income just above what pays the 6 € minimum — 648 − (651,69 − 6) = 2,31 €', () => {
    const h = { commune: '86194', couple: { status: 'single' }, persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'fr', activity: 'employed' }], incomes: months('648.00'), incomesComplete: true, housing: { status: 'tenant', monthlyRent: '450.00' } };
    const r = result(h, 'rsa');
    expect(r?.status).toBe('ineligible');
    expect(r?.distance?.changes).toEqual([{ kind: 'amount', fact: 'rsa.ressources-mensuelles', label: 'Ressources mensuelles moyennes du foyer RSA (3 derniers mois)', by: '2.31', direction: 'lower' }]);
    // And 2,31 € less is indeed enough: 645,69 → 651,69 − 645,69 = 6,00 ≥ 6.
    expect(result({ ...h, incomes: months('645.69') }, 'rsa')?.amount?.value).toBe('6.00');
  });

  it('a strict threshold needs one cent more; a birthday on 29 February is reached on 1 March', () => {
    const rule = (id: string, conditions: unknown) => ({ id, title: id, kind: 'aid', institution: { name: 'CCAS de Test', type: 'ccas' }, territory: { national: true }, validity: { from: '2024-01-01', until: null }, conditions, sources: [{ title: 'Texte de test' }] });
    const catalog = loadCatalog({
      rules: [
        { path: 't/strict.json', json: rule('strict', { fact: 'household.averageMonthlyIncome', params: { months: 3 }, operator: 'lessThan', value: '900.00', label: 'Sous 900 €' }) },
        { path: 't/age.json', json: rule('age', { fact: 'applicant.age', operator: 'greaterThan', value: 60, label: 'Plus de 60 ans' }) },
      ],
      parameters: [],
    });
    const h = parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1968-02-29' }], incomes: months('900.00'), incomesComplete: true });
    const rs = explainHousehold(compileCatalog(catalog, DATE), h).results;
    expect(rs.find((r) => r.id === 'strict')?.distance?.changes[0]).toMatchObject({ by: '0.01', direction: 'lower' }); // 900,00 − 900,00 + 0,01
    // More than 60 is 61, on the birthday of 2029 (not a leap year): 1 March 2029.
    expect(rs.find((r) => r.id === 'age')?.distance?.changes[0]).toMatchObject({ kind: 'age', age: 61, date: '2029-03-01' });
  });

  it('what no change of resources or age can meet is said, never proposed', () => {
    const h = { ...seed('nantes-jeune-19-ans'), claims: {} };
    const r = result(h, 'aspa');
    // ASPA at 19: an age to reach, so reachable; the Poitiers CTAI aid asks for a nationality, which is not.
    expect(r?.distance?.reachable).toBe(true);
    const ctai = evaluateHousehold({ ...h, commune: '86194' }, { date: DATE }).results.find((x) => x.id === 'poitiers-accueil-ctai');
    expect(ctai?.status).toBe('ineligible');
    expect(ctai?.distance?.reachable).toBe(false);
    expect(ctai?.distance?.sentence).toMatch(/^Hors de portée d'un changement de ressources, d'âge ou de situation : /);
  });

  it('how long a right holds: RSA paid up to 651,69 − 6 = 645,69 € of resources (345,69 € more than 300 €), the CCAS aid up to its 900 € ceiling', () => {
    const rsa = { commune: '86194', couple: { status: 'single' }, persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'fr', activity: 'employed' }], incomes: months('300.00'), incomesComplete: true, housing: { status: 'tenant', monthlyRent: '450.00' } };
    expect(result(rsa, 'rsa')?.hold?.limits).toEqual([{ fact: 'rsa.ressources-mensuelles', label: 'Ressources mensuelles moyennes du foyer RSA (3 derniers mois)', upTo: '645.69', margin: '345.69' }]);
    expect(result(rsa, 'rsa')?.hold?.sentence).toBe('Tant que « Ressources mensuelles moyennes du foyer RSA (3 derniers mois) » ne dépasse pas 645,69 € (encore 345,69 €) ; au-delà, plus rien.');
    // The 19-year-old: (120 + 0 + 85,50) / 3 = 68,50 €; 900 − 68,50 = 831,50.
    expect(result({ ...seed('nantes-jeune-19-ans'), claims: {} }, 'nantes-ccas-coup-de-pouce-18-25')?.hold?.limits[0]).toMatchObject({ upTo: '900.00', margin: '831.50' });
  });

  it('the barometer counts, per rule, the ineligible households within 5 % of an income threshold', () => {
    const young = (amount: string) => ({ ...seed('nantes-jeune-19-ans'), incomes: months(amount), claims: {} });
    // 942,17 − 900 = 42,17 ≤ 5 % of 900 (45): near; 946 − 900 = 46 > 45: not; 700 ≤ 900: eligible.
    const result = simulateSync([young('942.17'), young('946.00'), young('700.00')], { date: DATE, catalog: defaultCatalog() });
    const rule = result.rules.find((r) => r.id === 'nantes-ccas-coup-de-pouce-18-25');
    expect(rule?.counts.eligible).toBe(1);
    expect(rule?.counts.ineligible).toBe(2);
    expect(rule?.nearThreshold).toBe(1);
  });

  it('what is at stake in an undetermined rule: its amount between bounds, and each question with the money it settles', () => {
    // Couple status, housing and incomes unknown: the RSA is at most a couple's montant forfaitaire without
    // resources nor forfait logement: 651,69 × 1,5 = 977,535 → 977,54 (rounded up); at least nothing.
    const h = { commune: '86194', persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'fr', activity: 'employed' }] };
    const report = evaluateHousehold(h, { date: DATE });
    expect(report.results.find((r) => r.id === 'rsa')?.amountRange).toEqual({ low: '0.00', high: '977.54', period: 'month' });
    // Who is single and has no resources gets exactly 651,69 once housing is known: the range closes on the amount.
    const known = { ...h, couple: { status: 'single' }, incomes: [], incomesComplete: true };
    expect(evaluateHousehold(known, { date: DATE }).results.find((r) => r.id === 'rsa')?.amountRange).toEqual({ low: '573.49', high: '651.69', period: 'month' });
    // The couple question settles the RSA and the CSS with participation (14 € a month at most for this
    // 36-year-old alone): 977,54 + 14 = 991,54.
    const q = report.questions.find((x) => x.id === 'couple.status');
    expect(q?.rules).toEqual(expect.arrayContaining(['rsa', 'css-participation']));
    expect(q?.amountRange).toEqual({ low: '0.00', high: '991.54', period: 'month', currency: 'EUR' });
  });

  it('a situation that can change in life is proposed, after resources and ages: the ASF « si la situation était : élever seul ses enfants »', () => {
    const couple = {
      commune: '86194',
      couple: { status: 'couple' },
      persons: [
        { id: 'p1', role: 'applicant', birthDate: '1988-01-01', nationality: 'fr', activity: 'employed' },
        { id: 'p2', role: 'partner', birthDate: '1987-01-01', nationality: 'fr', activity: 'employed' },
        { id: 'c1', role: 'child', birthDate: '2018-04-01' },
      ],
      incomes: months('1300.00'),
      incomesComplete: true,
      housing: { status: 'tenant', monthlyRent: '450.00' },
    };
    const asf = result(couple, 'asf');
    expect(asf?.status).toBe('ineligible');
    expect(asf?.distance?.reachable).toBe(true);
    expect(asf?.distance?.changes).toEqual([{ kind: 'status', fact: 'household.singleParent', label: 'Élever seul son ou ses enfants' }]);
    expect(asf?.distance?.sentence).toBe('Éligible si la situation était : « Élever seul son ou ses enfants ».');
  });

  it('eligible, undetermined and out-of-scope rules have no distance', () => {
    const report = explainHousehold(compileCatalog(defaultCatalog(), DATE), parseHousehold(seed('blois-veuve-70-ans')));
    for (const r of report.results) if (r.status !== 'ineligible') expect(r.distance, r.id).toBeNull();
  });
});
