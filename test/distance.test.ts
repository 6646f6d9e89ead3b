/** How far from a right: the smallest change of resources or age, from the compiled conditions, to the cent and to the day. */
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, evaluateHousehold, explainHousehold, loadCatalog, parseHousehold, simulateSync } from '../src/index.js';
import { inForceDistance } from '../src/report/distance.js';
import { projectHousehold } from '../src/report/outlook.js';
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

describe('distance: the end of a waiting period', () => {
  // The RSA asks a non-EEA national for a residence permit allowing to work held for at least 5 years (CASF L262-4, 2°).
  const permit = (since: string) => ({
    commune: '86194',
    couple: { status: 'single' },
    persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'other', residencePermitSince: since, activity: 'inactive' }],
    incomes: [],
    incomesComplete: true,
    housing: { status: 'tenant', monthlyRent: '450.00' },
  });

  it('RSA with a permit held 4 years: eligible on the day it is 5 years old, not the day before', () => {
    // From 31 January 2022, 60 whole months on 31 January 2027.
    const r = result(permit('2022-01-31'), 'rsa');
    expect(r?.status).toBe('ineligible');
    expect(r?.distance).toEqual({
      reachable: true,
      changes: [{ kind: 'time', reason: 'waiting', fact: 'applicant.residencePermitYears', person: 'p1', label: 'Titre de séjour autorisant à travailler depuis au moins 5 ans', date: '2027-01-31', duration: { value: 5, unit: 'year' } }],
      blocking: [],
      sentence: 'Éligible le 31 janvier 2027, à la fin du délai de 5 ans (« Titre de séjour autorisant à travailler depuis au moins 5 ans »).',
    });
    expect(result(permit('2022-01-31'), 'rsa', '2027-01-31')?.status).toBe('eligible');
    expect(result(permit('2022-01-31'), 'rsa', '2027-01-30')?.status).toBe('ineligible');
  });

  it('a permit of 29 February 2020: its 5 years are reached on 1 March 2025', () => {
    const r = result(permit('2020-02-29'), 'rsa', '2025-01-15');
    expect(r?.distance?.changes[0]).toMatchObject({ kind: 'time', reason: 'waiting', date: '2025-03-01' });
    expect(result(permit('2020-02-29'), 'rsa', '2025-03-01')?.status).toBe('eligible');
    expect(result(permit('2020-02-29'), 'rsa', '2025-02-28')?.status).toBe('ineligible');
  });

  it('Territoire zéro chômeur (Blois): a year without a job is reached on the anniversary of its start', () => {
    const h = (activity: string) => ({ commune: '41018', area: 'quiniere', persons: [{ id: 'p1', role: 'applicant', birthDate: '1980-01-01', activity, unemployedSince: '2026-01-31' }] });
    const r = result(h('unemployed'), 'blois-territoire-zero-chomeur');
    expect(r?.status).toBe('ineligible');
    expect(r?.distance?.changes).toEqual([{ kind: 'time', reason: 'waiting', fact: 'applicant.unemployedMonths', person: 'p1', label: "Être privé d'emploi depuis au moins un an", date: '2027-01-31', duration: { value: 12, unit: 'month' } }]);
    expect(r?.distance?.sentence).toBe("Éligible le 31 janvier 2027, à la fin du délai de 12 mois (« Être privé d'emploi depuis au moins un an »).");
    expect(result(h('unemployed'), 'blois-territoire-zero-chomeur', '2027-01-31')?.status).toBe('eligible');
    expect(result(h('unemployed'), 'blois-territoire-zero-chomeur', '2027-01-30')?.status).toBe('ineligible');
    // Someone in work counts no months of unemployment: waiting changes nothing, nothing dated is offered.
    expect(result(h('employed'), 'blois-territoire-zero-chomeur')?.distance?.changes.some((c) => c.kind === 'time')).not.toBe(true);
  });

  it('a separation older than 3 months (a rule written here): a day the month lacks is reached on the 1st of the next; « younger than » is never waited for', () => {
    const rule = (id: string, operator: string, value: number, label: string) => ({
      id,
      title: id,
      kind: 'aid',
      institution: { name: 'CCAS de Test', type: 'ccas' },
      territory: { national: true },
      validity: { from: '2024-01-01', until: null },
      conditions: { all: [{ fact: 'household.coupleStatus', operator: 'equal', value: 'separated', label: 'Séparé' }, { fact: 'household.monthsSinceSeparation', operator, value, label }] },
      sources: [{ title: 'Texte de test' }],
    });
    const catalog = loadCatalog({ rules: [{ path: 't/plus-de-3-mois.json', json: rule('plus-de-3-mois', 'greaterThanInclusive', 3, 'Séparé depuis au moins 3 mois') }, { path: 't/moins-de-2-mois.json', json: rule('moins-de-2-mois', 'lessThan', 2, 'Séparé depuis moins de 2 mois') }], parameters: [] });
    const h = { persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-01-01' }, { id: 'c1', role: 'child', birthDate: '2020-01-01' }], couple: { status: 'separated', since: '2026-08-31' } };
    const at = (date: string) => evaluateHousehold(h, { date, catalog }).results;
    const rs = at(DATE);
    // 31 August + 3 months: 30 November is still 2 whole months (a month counts from its 31st); 1 December is 3.
    expect(rs.find((r) => r.id === 'plus-de-3-mois')?.distance).toMatchObject({ reachable: true, changes: [{ kind: 'time', fact: 'household.monthsSinceSeparation', person: null, date: '2026-12-01', duration: { value: 3, unit: 'month' } }], sentence: 'Éligible le 1er décembre 2026, à la fin du délai de 3 mois (« Séparé depuis au moins 3 mois »).' });
    expect(at('2026-12-01').find((r) => r.id === 'plus-de-3-mois')?.status).toBe('eligible');
    expect(at('2026-11-30').find((r) => r.id === 'plus-de-3-mois')?.status).toBe('ineligible');
    expect(rs.find((r) => r.id === 'moins-de-2-mois')?.distance?.reachable).toBe(false);
  });
});

describe('distance: a rule not in force yet', () => {
  const base = (conditions: unknown) => ({ id: 'ville-aide-2027', title: 'Aide 2027', kind: 'aid', institution: { name: 'CCAS de Test', type: 'ccas' }, territory: { national: true }, validity: { from: '2027-03-01', until: null }, conditions, sources: [{ title: 'Délibération de test' }] });
  // Its ceiling is voted at 800 € and raised to 1 000 € on the day the aid starts: the day's value counts.
  const catalog = loadCatalog({
    rules: [{ path: 'v/ville-aide-2027.json', json: base({ all: [{ fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur' }, { fact: 'household.averageMonthlyIncome', params: { months: 3 }, operator: 'lessThanInclusive', value: { param: 'ville.plafond' }, label: 'Ressources sous le plafond' }] }) }],
    parameters: [{ path: 'parameters/ville.json', json: { parameters: { 'ville.plafond': { label: 'Plafond de ressources', type: 'money', unit: '€/mois', values: [{ from: '2024-01-01', value: '800.00' }, { from: '2027-03-01', value: '1000.00' }], sources: [{ title: 'Délibération de test' }] } } } }],
  });
  const rule = catalog.rules[0] as NonNullable<(typeof catalog.rules)[number]>;
  const household = (amount: string) => parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-01-01' }], incomes: months(amount), incomesComplete: true });
  const statusAt = (h: ReturnType<typeof household>, date: string) => explainHousehold(compileCatalog(catalog, date), projectHousehold(h, date)).results[0]?.status;

  it('eligible from the day it comes into force, with the incomes going on and that day\'s ceiling: « éligible à partir du 1er mars 2027 »', () => {
    const h = household('950.00');
    expect(explainHousehold(compileCatalog(catalog, DATE), h).results[0]?.status).toBe('not-in-force');
    expect(inForceDistance(catalog, rule, h, DATE)).toEqual({
      reachable: true,
      changes: [{ kind: 'time', reason: 'in-force', fact: null, person: null, label: 'Entrée en vigueur de « Aide 2027 »', date: '2027-03-01', duration: null }],
      blocking: [],
      sentence: "Éligible à partir du 1er mars 2027, date d'entrée en vigueur.",
    });
    expect(statusAt(h, '2027-03-01')).toBe('eligible');
    expect(statusAt(h, '2027-02-28')).toBe('not-in-force');
  });

  it('ineligible even then: that day and the change of resources needed, to the cent', () => {
    const h = household('1042.17');
    const d = inForceDistance(catalog, rule, h, DATE);
    expect(d?.changes[1]).toEqual({ kind: 'amount', fact: 'household.averageMonthlyIncome', label: 'Ressources mensuelles moyennes du demandeur et du conjoint', by: '42.17', direction: 'lower' });
    expect(d?.sentence).toBe("Éligible à partir du 1er mars 2027, date d'entrée en vigueur et si « Ressources mensuelles moyennes du demandeur et du conjoint » baissait de 42,17 €.");
    expect(statusAt(household('1000.00'), '2027-03-01')).toBe('eligible');
    expect(statusAt(household('1000.01'), '2027-03-01')).toBe('ineligible');
  });

  it('none for a rule in force, and none when the household would be out of reach then', () => {
    expect(inForceDistance(catalog, rule, household('950.00'), '2027-03-01')).toBeNull();
    const minor = parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '2015-01-01' }], incomes: months('100.00'), incomesComplete: true });
    // At 12 on 1 March 2027, a majority is an age to reach: the two dated changes, the later one last.
    expect(inForceDistance(catalog, rule, minor, DATE)?.changes.map((c) => c.kind)).toEqual(['time', 'age']);
    const noParam = loadCatalog({ rules: [{ path: 'v/ville-aide-2027.json', json: base({ fact: 'applicant.nationality', operator: 'equal', value: 'fr', label: 'Nationalité française' }) }], parameters: [] });
    expect(inForceDistance(noParam, noParam.rules[0] as typeof rule, parseHousehold({ persons: [{ id: 'p1', role: 'applicant', nationality: 'other' }] }), DATE)).toBeNull();
  });
});
