/** How far from a right: the smallest change of resources or age, from the compiled conditions, to the cent and to the day. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSlot, type Env } from '../src/engine/env.js';
import { compileCatalog as compileEngine, createEnv, evaluateRule, type CompiledCatalog, type CompiledRule, type Outcome } from '../src/engine/evaluator.js';
import { FALSE, UNKNOWN } from '../src/engine/tri.js';
import { createHouseholdPreparer } from '../src/household/fast-parse.js';
import { compileCatalog, defaultCatalog, evaluateHousehold, explainHousehold, loadCatalog, parseHousehold, simulateSync } from '../src/index.js';
import { Cents, Money } from '../src/money.js';
import { inForceDistance, mayBeNearThreshold, nearThreshold, planOf } from '../src/report/distance.js';
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

describe('nearThreshold: the answer of the plan, without building it', () => {
  /** `nearThreshold` as the plan of `distanceOf` reads it (without ages): one amount to change, within the share, in decimals. */
  const reference = (cr: CompiledRule, env: Env, outcome: Outcome, share: Money): boolean => {
    if (outcome.status !== 'ineligible' || cr.conditions === null) return false;
    if (outcome.truth === FALSE) {
      const plan = planOf(cr.conditions, env, false);
      if (plan.blocking.length > 0 || plan.leaves.length !== 1) return false;
      const leaf = plan.leaves[0] as (typeof plan.leaves)[number];
      if (leaf.slot.def.type !== 'money') return false;
      const decimal = (v: unknown): Money => (v instanceof Cents ? v.toMoney() : v instanceof Money ? v : new Money(v as number));
      const x = decimal(readSlot(env, leaf.slot));
      const t = decimal(leaf.rhs.kind === 'const' ? leaf.rhs.value : leaf.rhs.kind === 'slot' ? readSlot(env, leaf.rhs.slot) : leaf.rhs.compute(env));
      return !t.isZero() && x.minus(t).abs().lessThanOrEqualTo(t.abs().times(share));
    }
    const gap = cr.amount?.resourcesGap?.(env);
    const room = gap === undefined ? undefined : cr.amount?.resourcesRoomAt?.(env);
    return gap !== undefined && room !== undefined && !room.isZero() && gap.lessThanOrEqualTo(room.times(share));
  };

  /** Every date of a record moved back by whole months, so that a population of November 2026 ends before an earlier date. */
  const back = (v: unknown, months: number): unknown => {
    if (Array.isArray(v)) return v.map((x) => back(x, months));
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'year' && typeof x === 'number' ? x - Math.ceil(months / 12) : back(x, months)]));
    const m = typeof v === 'string' ? /^(\d{4})-(\d{2})(-\d{2})?$/.exec(v) : null;
    if (m === null) return v;
    const index = Number(m[1]) * 12 + Number(m[2]) - 1 - months;
    const day = m[3] === undefined ? '' : `-${String(Math.min(Number(m[3].slice(1)), 28)).padStart(2, '0')}`;
    return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}${day}`;
  };
  const households = ['blois', 'nantes', 'poitiers'].flatMap((city) =>
    gunzipSync(readFileSync(new URL(`../seeds/populations/${city}.jsonl.gz`, import.meta.url)))
      .toString('utf8')
      .split('\n')
      .filter((l) => l !== '')
      .slice(0, 1000)
      .map((l) => JSON.parse(l) as unknown),
  );

  /** Both answers on every ineligible outcome of the rules that may be near; the households' ids and the rules where they differ. */
  const compare = (compiled: CompiledCatalog, envs: Iterable<readonly [id: string, env: Env]>, shares: readonly Money[]) => {
    const nearable = compiled.rules.filter(mayBeNearThreshold);
    const differ: string[] = [];
    let calls = 0;
    let near = 0;
    for (const [id, env] of envs) {
      for (const cr of nearable) {
        const out = evaluateRule(cr, env, { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN });
        if (out.status !== 'ineligible') continue;
        for (const share of shares) {
          // The fast answer first, before the plan has read anything of the household.
          const fast = nearThreshold(cr, env, out, share);
          const expected = reference(cr, env, out, share);
          calls += 1;
          if (fast) near += 1;
          if (fast !== expected) differ.push(`${id} ${cr.rule.id} ${share.toString()}: ${String(fast)}, plan ${String(expected)}`);
        }
      }
    }
    return { differ, calls, near };
  };
  const shares = [new Money('0.05'), new Money('0.125')];

  // The populations' date, and June 2019 (ACS and CMU-C in force, not the CSS), the records moved back 89 months.
  it.each([
    ['2026-11-24', 0],
    ['2019-06-01', 89],
  ])('on 3,000 households of the shipped populations at %s, within 5 % and 12.5 %', (date, months) => {
    const catalog = defaultCatalog();
    const compiled = compileEngine(catalog, date);
    const preparer = createHouseholdPreparer({ date, ruleIds: new Set(catalog.rules.map((r) => r.id)) });
    const envs = function* () {
      for (const raw of households) {
        const parsed = preparer.safePrepare(back(raw, months));
        if (parsed.success) yield [String(parsed.prepared.household.id), createEnv(compiled, parsed.prepared, false)] as const;
      }
    };
    const { differ, calls, near } = compare(compiled, envs(), shares);
    expect(differ).toEqual([]);
    expect(calls).toBeGreaterThan(30_000);
    expect(near).toBeGreaterThan(400);
  });

  it('on rules written here, where the branch an `any` takes, an age, a nationality or a named condition decides', () => {
    const income = (months: number) => ({ fact: 'household.averageMonthlyIncome', params: { months } });
    const under = (months: number, value: string, operator = 'lessThanInclusive') => ({ ...income(months), operator, value, label: `Sous ${value} € (${String(months)} mois)` });
    const rule = (id: string, conditions: unknown) => ({ id, title: id, kind: 'aid', institution: { name: 'CCAS de Test', type: 'ccas' }, territory: { national: true }, validity: { from: '2024-01-01', until: null }, conditions, sources: [{ title: 'Texte de test' }] });
    const senior = { fact: 'applicant.age', operator: 'greaterThanInclusive', value: 65, label: 'Au moins 65 ans' };
    const adult = { fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur' };
    const french = { fact: 'applicant.nationality', operator: 'equal', value: 'fr', label: 'Nationalité française' };
    const catalog = loadCatalog({
      rules: [
        // Both ceilings can be met: the plan takes the first, even when the second is nearer.
        { path: 't/premier-plafond.json', json: rule('premier-plafond', { any: [under(3, '900.00'), under(12, '1000.00')] }) },
        { path: 't/age-ou-plafond.json', json: rule('age-ou-plafond', { any: [senior, under(3, '900.00')] }) },
        { path: 't/nationalite-et-plafond.json', json: rule('nationalite-et-plafond', { any: [{ all: [french, under(3, '900.00')] }, under(12, '1100.00', 'lessThan')] }) },
        { path: 't/deux-plafonds.json', json: rule('deux-plafonds', { all: [adult, under(3, '900.00'), under(12, '1000.00')] }) },
        { path: 't/plancher.json', json: rule('plancher', { all: [{ ...income(3), operator: 'greaterThan', value: '500.00', label: 'Plus de 500 €' }, { not: french, label: 'Pas de nationalité française' }] }) },
        { path: 't/valeur-nommee.json', json: rule('valeur-nommee', { all: [{ fact: 'test.ressources-modestes', operator: 'equal', value: true, label: 'Ressources modestes' }, adult] }) },
      ],
      parameters: [],
      values: [{ path: 'values/test.json', json: { values: { 'test.ressources-modestes': { label: 'Ressources modestes', type: 'boolean', sources: [{ title: 'Texte de test' }], condition: { any: [under(3, '900.00'), { all: [under(12, '950.00'), senior] }] } } } } }],
    });
    const compiled = compileEngine(catalog, DATE);
    // The last 3 months at one amount, the 9 before at another: averages over 12 months in twelfths of a cent.
    const amounts = ['480.00', '500.00', '520.00', '860.00', '899.99', '900.00', '930.00', '944.99', '945.00', '945.01', '1000.00', '1040.00', '1051.00', '1200.00', '2000.00'];
    const month = (i: number) => `${String(2025 + Math.floor((10 + i) / 12))}-${String(((10 + i) % 12) + 1).padStart(2, '0')}`;
    const record = (last: string, before: string, birthDate: string | undefined, nationality: string) => ({
      persons: [{ id: 'p1', role: 'applicant', nationality, ...(birthDate === undefined ? {} : { birthDate }) }],
      incomes: Array.from({ length: 12 }, (_, i) => ({ person: 'p1', kind: 'salary', month: month(i), amount: i < 9 ? before : last })),
      incomesComplete: true,
    });
    const household = (...args: Parameters<typeof record>) => parseHousehold(record(...args));
    const envs = function* () {
      for (const last of amounts)
        for (const before of amounts)
          for (const birthDate of ['1960-05-01', '1990-05-01', undefined])
            for (const nationality of ['fr', 'other']) yield [`${last}/${before}/${String(birthDate)}/${nationality}`, createEnv(compiled, household(last, before, birthDate, nationality), false)] as const;
    };
    const { differ, calls, near } = compare(compiled, envs(), shares);
    expect(differ).toEqual([]);
    expect(calls).toBeGreaterThan(3_000);
    expect(near).toBeGreaterThan(300);
    // 2 000 € a month lately, 1 025 € over the year, within 5 % of 1 000 €: the plan changes the first ceiling (1 100 € lower), so not near.
    const h = record('2000.00', '700.00', '1990-05-01', 'fr');
    const cr = compiled.rules.find((r) => r.rule.id === 'premier-plafond') as CompiledRule;
    const env = createEnv(compiled, parseHousehold(h), false);
    const out = evaluateRule(cr, env, { status: 'undetermined', amount: undefined, period: undefined, truth: UNKNOWN });
    expect(nearThreshold(cr, env, out, shares[0] as Money)).toBe(false);
    expect(evaluateHousehold(h, { date: DATE, catalog }).results.find((r) => r.id === 'premier-plafond')?.distance?.changes).toMatchObject([{ fact: 'household.averageMonthlyIncome', by: '1100.00' }]);
  });
});
