/** Named values: defined once in a folder's values/, read like facts by rules of any folder, dated, explained. */
import { describe, expect, it } from 'vitest';
import { compileCatalog, defaultCatalog, explainHousehold, loadCatalog, NonRecoursError, parseHousehold, type CatalogInput } from '../src/index.js';

const rule = (over: Record<string, unknown> = {}) => ({
  id: 'test-aide',
  title: 'Aide de test',
  kind: 'aid',
  institution: { name: 'CCAS de Test', type: 'ccas' },
  territory: { national: true },
  validity: { from: '2024-01-01', until: null },
  conditions: { all: [{ fact: 'test.eligible-age', operator: 'equal', value: true, label: 'Avoir l’âge' }] },
  amount: { kind: 'fixed', value: { fact: 'test.montant' }, period: 'month' },
  sources: [{ title: 'Texte de test' }],
  ...over,
});

const values = (v: Record<string, unknown>) => ({ path: 'regles/values/test.json', json: { values: v } });
const src = [{ title: 'Délibération de test', section: 'article 1' }];
const base = {
  'test.eligible-age': { label: 'Âge de 18 ans au moins', type: 'boolean', sources: src, condition: { fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur' } },
  'test.montant': {
    label: 'Montant de l’aide',
    type: 'money',
    unit: '€/mois',
    sources: src,
    versions: [
      { from: '2024-01-01', formula: { product: [{ fact: 'test.enfants' }, '50.00'] } },
      { from: '2025-01-01', formula: { product: [{ fact: 'test.enfants' }, '60.00'] } },
    ],
  },
  'test.enfants': { label: 'Enfants', type: 'number', sources: src, formula: { fact: 'household.memberCount', params: { role: 'child' } } },
};

function load(input: Partial<CatalogInput>) {
  return loadCatalog({ rules: [], parameters: [], ...input });
}
function loadError(input: Partial<CatalogInput>): NonRecoursError {
  try {
    load(input);
  } catch (e) {
    if (e instanceof NonRecoursError) return e;
    throw e;
  }
  throw new Error('expected a load error');
}
const household = (birthDate: string | undefined, children: number) =>
  parseHousehold({
    commune: '86194',
    persons: [{ id: 'p1', role: 'applicant', ...(birthDate === undefined ? {} : { birthDate }) }, ...Array.from({ length: children }, (_, i) => ({ id: `c${i}`, role: 'child', birthDate: '2015-01-01' }))],
  });

describe('named values', () => {
  const catalog = load({ rules: [{ path: 'regles/test-aide.json', json: rule() }], values: [values(base)] });

  it('are read by conditions and amounts like facts, with the version in force at the date', () => {
    const at2024 = explainHousehold(compileCatalog(catalog, '2024-06-01'), household('1990-01-01', 2)).results[0];
    expect(at2024?.status).toBe('eligible');
    expect(at2024?.amount?.value).toBe('100.00'); // 2 × 50,00
    const at2025 = explainHousehold(compileCatalog(catalog, '2025-06-01'), household('1990-01-01', 2)).results[0];
    expect(at2025?.amount?.value).toBe('120.00'); // 2 × 60,00
  });

  it('are listed in the explanation with their values and French sentences', () => {
    const r = explainHousehold(compileCatalog(catalog, '2025-06-01'), household('1990-01-01', 3)).results[0];
    expect(r?.values).toEqual([
      { id: 'test.eligible-age', label: 'Âge de 18 ans au moins', value: true, unit: null, sentence: 'Âge de 18 ans au moins : oui' },
      { id: 'test.enfants', label: 'Enfants', value: 3, unit: null, sentence: 'Enfants : 3' },
      { id: 'test.montant', label: 'Montant de l’aide', value: '180.00', unit: '€/mois', sentence: 'Montant de l’aide : 180 €/mois' },
    ]);
  });

  it('propagate missing facts: an unknown age leaves the rule undetermined, asking for the birth date', () => {
    const r = explainHousehold(compileCatalog(catalog, '2025-06-01'), household(undefined, 1)).results[0];
    expect(r?.status).toBe('undetermined');
    expect(r?.missing).toEqual(['persons.p1.birthDate']);
    expect(r?.values.find((v) => v.id === 'test.eligible-age')?.value).toBeNull();
  });

  it('are shared across folders: a local rule reads a national value of the bundled catalog', () => {
    const local = loadCatalog(
      { rules: [{ path: 'ville/ville-aide.json', json: rule({ id: 'ville-aide', conditions: { all: [{ fact: 'rsa.enfants-a-charge', operator: 'greaterThanInclusive', value: 1, label: 'Un enfant à charge au sens du RSA' }] }, amount: { kind: 'fixed', value: { product: [{ fact: 'rsa.montant-forfaitaire-du-foyer' }, '0.1'] }, period: 'once' } }) }], parameters: [] },
      defaultCatalog(),
    );
    const r = explainHousehold(compileCatalog(local, '2026-11-24'), parseHousehold({ commune: '86194', couple: { status: 'single' }, persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-01-01' }, { id: 'c1', role: 'child', birthDate: '2020-01-01' }] })).results.find((x) => x.id === 'ville-aide');
    // 651,69 × 1,5 = 977,535 ; × 10 % = 97,7535 → 97,75
    expect(r?.amount?.value).toBe('97.75');
    expect(r?.values.map((v) => v.id)).toContain('rsa.coefficient-composition');
  });

  it('refuse a cycle, naming the chain', () => {
    const e = loadError({
      values: [values({ 'a.x': { label: 'x', type: 'number', sources: src, formula: { sum: [{ fact: 'a.y' }, 1] } }, 'a.y': { label: 'y', type: 'number', sources: src, formula: { product: [{ fact: 'a.x' }, 2] } } })],
    });
    expect(e.details).toContainEqual({ file: 'regles/values/test.json', path: 'values.a.x', message: 'définition circulaire : a.x → a.y → a.x' });
  });

  it('refuse an unknown reference, a fact id, params, a wrong body and a rule date before the first version', () => {
    expect(loadError({ values: [values({ 'a.x': { label: 'x', type: 'number', sources: src, formula: { fact: 'a.inconnu' } } })] }).details[0]?.path).toBe('values.a.x.formula.fact');
    expect(loadError({ values: [values({ 'applicant.age': { label: 'x', type: 'number', sources: src, formula: 1 } })] }).details[0]?.message).toMatch(/déjà un fait/);
    expect(loadError({ values: [values({ 'a.b': { label: 'x', type: 'boolean', sources: src, formula: 1 } })] }).details[0]?.path).toBe('values.a.b.formula');
    const early = loadError({ rules: [{ path: 'regles/test-aide.json', json: rule({ validity: { from: '2023-01-01', until: null } }) }], values: [values(base)] });
    expect(early.details).toContainEqual({ file: 'regles/test-aide.json', path: 'validity', message: "la valeur nommée « test.montant » n'a pas de version le 2023-01-01, alors que la règle est en vigueur ce jour-là" });
    const withParams = loadError({ rules: [{ path: 'regles/test-aide.json', json: rule({ amount: { kind: 'fixed', value: { fact: 'test.montant', params: { months: 3 } }, period: 'month' } }) }], values: [values(base)] });
    expect(withParams.details[0]?.path).toBe('amount.value.params');
  });

  it('what a named value leaves out is listed by the rules that read it (said once, on the value)', () => {
    const css = defaultCatalog().rules.find((r) => r.id === 'css-participation');
    expect(css?.notModeled).toEqual(expect.arrayContaining(["Plafonds des départements d'outre-mer", 'Personnes de plus de 25 ans rattachées au foyer']));
    expect(new Set(css?.notModeled).size).toBe(css?.notModeled?.length);
  });

  it('keeps what the loader accepts: a condition name reaches the trace, an amount note the docs', () => {
    const named = load({ rules: [{ path: 'regles/test-aide.json', json: rule({ conditions: { all: [{ fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur', name: 'majorite' }], name: 'conditions-generales' }, amount: { kind: 'fixed', value: '10.00', period: 'once', note: 'Forfait de la délibération' } }) }] });
    const trace = explainHousehold(compileCatalog(named, '2025-06-01'), household('1990-01-01', 0)).results[0]?.conditions;
    expect(trace?.name).toBe('conditions-generales');
    expect(trace?.children?.[0]?.name).toBe('majorite');
    expect(named.rules[0]?.amount?.note).toBe('Forfait de la délibération');
  });

  it('a version reads its parameters only on the days it is in force (a parameter may start with its version)', () => {
    const params = {
      path: 'p/parameters/t.json',
      json: {
        parameters: {
          't.ancien': { label: 'Ancien barème', type: 'money', values: [{ from: '2016-01-01', value: '10.00' }, { from: '2023-01-01', value: null }], sources: src },
          't.nouveau': { label: 'Nouveau barème', type: 'money', values: [{ from: '2022-01-01', value: '12.00' }], sources: src },
        },
      },
    };
    const v = { 't.montant': { label: 'Montant', type: 'money', sources: src, versions: [{ from: '2016-01-01', formula: { param: 't.ancien' } }, { from: '2022-01-01', formula: { param: 't.nouveau' } }] } };
    const json = rule({ conditions: { fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Majeur' }, amount: { kind: 'fixed', value: { fact: 't.montant' }, period: 'month' }, validity: { from: '2020-01-01', until: null } });
    const c = load({ rules: [{ path: 'r/test-aide.json', json }], parameters: [params], values: [values(v)] });
    // 2021: the old scale (10,00); 2024: the new one (12,00), although the old one stopped in 2023.
    expect(explainHousehold(compileCatalog(c, '2021-06-01'), household('1990-01-01', 0)).results[0]?.amount?.value).toBe('10.00');
    expect(explainHousehold(compileCatalog(c, '2024-06-01'), household('1990-01-01', 0)).results[0]?.amount?.value).toBe('12.00');
    // But a version whose parameter stops while the version is still in force is refused, dated.
    const early = { 't.montant': { ...v['t.montant'], versions: [{ from: '2016-01-01', formula: { param: 't.ancien' } }, { from: '2024-01-01', formula: { param: 't.nouveau' } }] } };
    expect(loadError({ rules: [{ path: 'r/test-aide.json', json }], parameters: [params], values: [values(early)] }).details).toContainEqual({ file: 'r/test-aide.json', path: 'validity', message: "le paramètre « t.ancien » n'a pas de valeur le 2023-01-01, alors que la règle est en vigueur ce jour-là" });
  });

  it('the lowest of several amounts is known to be under a ceiling as soon as one known amount is', () => {
    const v = {
      'a.revenu-1': { label: 'Revenu du dernier mois', type: 'money', sources: src, formula: { fact: 'household.averageMonthlyIncome', params: { months: 1 } } },
      'a.revenu-3': { label: 'Revenu moyen des 3 derniers mois', type: 'money', sources: src, formula: { fact: 'household.averageMonthlyIncome', params: { months: 3 } } },
      'a.plus-bas': { label: 'Le plus bas des deux', type: 'money', sources: src, formula: { min: [{ fact: 'a.revenu-1' }, { fact: 'a.revenu-3' }] } },
    };
    const under = rule({ id: 'sous-plafond', conditions: { fact: 'a.plus-bas', operator: 'lessThanInclusive', value: '1000.00', label: 'Ressources au plus de 1 000 €' }, amount: { kind: 'fixed', value: '10.00', period: 'once' } });
    const over = rule({ id: 'au-dessus', conditions: { fact: 'a.plus-bas', operator: 'greaterThan', value: '1000.00', label: 'Ressources de plus de 1 000 €' }, amount: { kind: 'fixed', value: '10.00', period: 'once' } });
    const c = compileCatalog(load({ rules: [{ path: 'r/sous-plafond.json', json: under }, { path: 'r/au-dessus.json', json: over }], values: [values(v)] }), '2026-11-24');
    // Only October is declared (incomes not complete): the last month is known, the 3-month average is not.
    const h = (amount: string) => parseHousehold({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-01-01' }], incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount }] });
    const status = (amount: string, id: string) => explainHousehold(c, h(amount)).results.find((r) => r.id === id)?.status;
    expect(status('800.00', 'sous-plafond')).toBe('eligible'); // min(800, ?) ≤ 800 ≤ 1 000
    expect(status('800.00', 'au-dessus')).toBe('ineligible'); // min(800, ?) ≤ 800, never > 1 000
    expect(status('1500.00', 'sous-plafond')).toBe('undetermined'); // min(1 500, ?) could be either side
    expect(status('1500.00', 'au-dessus')).toBe('undetermined');
  });

  it('the bundled RSA reads as named values: the explained report lists the forfait logement', () => {
    const r = explainHousehold(compileCatalog(defaultCatalog(), '2026-11-24'), parseHousehold({
      commune: '86194',
      couple: { status: 'single' },
      persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-03-10', nationality: 'fr', activity: 'unemployed' }],
      incomes: [],
      incomesComplete: true,
      housing: { status: 'tenant', monthlyRent: '450.00', housingBenefit: '200.00' },
    })).results.find((x) => x.id === 'rsa');
    expect(r?.values.map((v) => v.sentence)).toEqual(expect.arrayContaining(['Montant forfaitaire du RSA du foyer : 651,69 €/mois']));
  });
});
