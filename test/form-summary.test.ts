/**
 * The caseworker's editable summary (every answer with its French value, each changeable in place,
 * persons removable) and what the form shows (national rights until the commune is known, a tariff only
 * for a service used or asked about).
 */
import { describe, expect, it } from 'vitest';
import { applyAnswer, compileCatalog, defaultCatalog, formState, parseHousehold } from '../src/index.js';
import { addPerson, changeAnswer, clearAnswer, removePerson, scopeResults, summarizeHousehold } from '../src/form/index.js';
import { clone, seed } from './helpers.js';

const DATE = '2026-11-24';
const compiled = compileCatalog(defaultCatalog(), DATE);
const mother = () => parseHousehold(seed('poitiers-mere-separee'), { date: DATE });

describe('summarizeHousehold', () => {
  it('lists every answer in French, the household first, then each person with their incomes', () => {
    const s = summarizeHousehold(mother(), { communeName: (c) => (c === '86194' ? 'Poitiers' : undefined) });
    const own = Object.fromEntries(s.household.map((l) => [l.id, l.value]));
    expect(own).toMatchObject({ commune: 'Poitiers', 'couple.status': 'séparé', 'couple.since': '15 août 2026' });
    expect(s.household.find((l) => l.id === 'couple.status')?.label).toBe('Situation de couple');
    expect(s.persons.map((p) => [p.label, p.removable])).toEqual([
      ['Demandeur (p1)', false],
      ['Enfant (c1)', true],
      ['Enfant (c2)', true],
    ]);
    const p1 = s.persons[0]?.answers ?? [];
    expect(p1.find((l) => l.id === 'persons.p1.birthDate')).toMatchObject({ label: 'Date de naissance', value: '12 mai 1991', current: '1991-05-12', question: { input: 'date' } });
    expect(p1.find((l) => l.id === 'persons.p1.activity')).toMatchObject({ label: 'Situation professionnelle', value: 'salarié' });
    expect(s.persons[2]?.answers.find((l) => l.id === 'persons.c2.schooling')?.value).toBe('crèche');
    // Twelve months of the same salary: one line, its months listed, the amount exact.
    const salary = p1.find((l) => l.id === 'incomes' && l.label === 'Salaire');
    expect(salary?.value).toBe('1450,00 € par mois : de novembre 2025 à octobre 2026');
    expect(salary?.current).toMatchObject({ person: 'p1', kind: 'salary', amount: '1450.00' });
    expect(salary?.question.input).toBe('incomes');
    expect(s.count).toBe(s.household.length + s.persons.reduce((n, p) => n + p.answers.length, 0));
  });

  it('shows tax returns, booleans and claims in French', () => {
    let h: Record<string, unknown> = seed('poitiers-mere-separee');
    h = applyAnswer(h, 'taxReturns.2024', { referenceIncome: '31200.00', shares: 2.5 });
    h = applyAnswer(h, 'persons.p1.pregnant', false);
    h = applyAnswer(h, 'claims.poitiers-tarif-creche', 'unaware');
    const s = summarizeHousehold(parseHousehold(h, { date: DATE }), { ruleTitle: (id) => compiled.catalog.rules.find((r) => r.id === id)?.title });
    expect(s.household.find((l) => l.id === 'taxReturns.2024')?.value).toBe('31\u202f200,00 € — 2,5 parts');
    expect(s.household.find((l) => l.id === 'claims.poitiers-tarif-creche')).toMatchObject({ label: 'Perçoit déjà : Tarif horaire solidaire des crèches municipales de Poitiers', value: 'inconnu de la personne' });
    expect(s.persons[0]?.answers.find((l) => l.id === 'persons.p1.pregnant')).toMatchObject({ label: 'Grossesse en cours', value: 'non' });
  });

  it('an empty household has only its applicant, with no answers', () => {
    const s = summarizeHousehold(parseHousehold({ persons: [{ id: 'p1', role: 'applicant' }] }));
    expect(s).toEqual({ household: [], persons: [{ id: 'p1', role: 'applicant', label: 'Demandeur (p1)', removable: false, answers: [] }], count: 0 });
  });
});

describe('changeAnswer and clearAnswer', () => {
  it('changes an answer in place and leaves the input unchanged', () => {
    const h = seed('poitiers-mere-separee');
    const before = clone(h);
    const line = summarizeHousehold(parseHousehold(h)).persons[0]?.answers.find((l) => l.id === 'persons.p1.birthDate');
    const next = changeAnswer(h, line!, '1990-01-31');
    expect(summarizeHousehold(parseHousehold(next)).persons[0]?.answers.find((l) => l.id === 'persons.p1.birthDate')?.value).toBe('31 janvier 1990');
    expect(h).toEqual(before);
  });

  it('an income line changed to another kind leaves no record of the old kind', () => {
    const h = seed('poitiers-mere-separee');
    const line = summarizeHousehold(parseHousehold(h)).persons[0]?.answers.find((l) => l.label === 'Salaire');
    const current = line!.current as { months: string[] };
    const next = changeAnswer(h, line!, { ...current, kind: 'unemployment', amount: '980.40' });
    const incomes = next.incomes as { kind: string; amount: string }[];
    expect(incomes.some((r) => r.kind === 'salary')).toBe(false);
    expect(incomes.filter((r) => r.kind === 'unemployment')).toHaveLength(current.months.length);
    expect(incomes.filter((r) => r.kind === 'unemployment').every((r) => r.amount === '980.40')).toBe(true);
    expect(incomes.some((r) => r.kind === 'family-benefits')).toBe(true);
  });

  it('clearing an answer makes it unknown again', () => {
    const h = seed('poitiers-mere-separee');
    const s = summarizeHousehold(parseHousehold(h));
    const since = s.household.find((l) => l.id === 'couple.since');
    expect(clearAnswer(h, since!).couple).toEqual({ status: 'separated' });
    const benefits = s.persons[0]?.answers.find((l) => l.id === 'incomes' && (l.current as { kind: string }).kind === 'family-benefits');
    const left = clearAnswer(h, benefits!).incomes as { kind: string }[];
    expect(left.some((r) => r.kind === 'family-benefits')).toBe(false);
    expect(left.some((r) => r.kind === 'salary')).toBe(true);
  });
});

describe('removePerson and addPerson', () => {
  it('removes a child with their answers, and the household stays valid', () => {
    const h = seed('poitiers-mere-separee');
    const next = removePerson(h, 'c2');
    expect((next.persons as { id: string }[]).map((p) => p.id)).toEqual(['p1', 'c1']);
    expect(formState(compiled, next).valid).toBe(true);
    expect((h.persons as unknown[]).length).toBe(3);
  });

  it('removes the partner with their incomes and the « en couple » situation they made', () => {
    let h: Record<string, unknown> = { persons: [{ id: 'p1', role: 'applicant' }] };
    const added = addPerson(h, 'partner');
    expect(added.id).toBe('p2');
    expect(added.household.couple).toEqual({ status: 'couple' });
    h = applyAnswer(added.household, 'incomes', { person: 'p2', kind: 'salary', amount: '1800.00', months: ['2026-10'] });
    h = applyAnswer(h, 'incomes', { person: 'p1', kind: 'salary', amount: '900.00', months: ['2026-10'] });
    const next = removePerson(h, 'p2');
    expect(next.persons).toEqual([{ id: 'p1', role: 'applicant' }]);
    expect(next.incomes).toEqual([{ person: 'p1', kind: 'salary', month: '2026-10', amount: '900.00' }]);
    expect(next).not.toHaveProperty('couple');
    expect(formState(compiled, next).valid).toBe(true);
  });

  it('the applicant cannot be removed; a removed child’s id is free again, a second partner is refused', () => {
    const h = seed('poitiers-mere-separee');
    expect(() => removePerson(h, 'p1')).toThrow(/demandeur/);
    expect(() => removePerson(h, 'x9')).toThrow(/inconnue/);
    expect(addPerson(h, 'child').id).toBe('c3');
    expect(addPerson(removePerson(h, 'c1'), 'child').id).toBe('c1');
    expect(() => addPerson(addPerson(h, 'partner').household, 'partner')).toThrow(/déjà un conjoint/);
  });
});

describe('scopeResults', () => {
  const report = (h: unknown) => {
    const s = formState(compiled, h);
    if (!s.valid) throw new Error(JSON.stringify(s.issues));
    return { report: s.report, household: parseHousehold(h, { date: DATE }) };
  };
  const nationalIds = new Set(compiled.catalog.rules.filter((r) => r.territory.national === true).map((r) => r.id));

  it('shows national rights only until the commune is known, and no question for local rules alone', () => {
    const { report: r, household } = report({ persons: [{ id: 'p1', role: 'applicant', birthDate: '2007-06-20' }] });
    expect(r.results.some((x) => !nationalIds.has(x.id) && x.status === 'undetermined')).toBe(true);
    const scoped = scopeResults(compiled.catalog, r, household);
    expect(scoped.results.length).toBeGreaterThan(0);
    expect(scoped.results.every((x) => nationalIds.has(x.id))).toBe(true);
    expect(scoped.hidden.length).toBeGreaterThan(0);
    expect(scoped.hidden.every((x) => x.because === 'commune-unknown' || x.because === 'not-in-force')).toBe(true);
    expect(scoped.questions.find((q) => q.id === 'commune')).toBeUndefined();
    expect(scoped.questions.every((q) => q.rules.every((id) => nationalIds.has(id)))).toBe(true);
    expect(scoped.services).toEqual([]);
  });

  it('the crèche tariff is shown when a child is in crèche; the canteen and after-school ones when asked', () => {
    const { report: r, household } = report(applyAnswer(seed('poitiers-mere-separee'), 'services.crecheHoursPerMonth', undefined));
    const scoped = scopeResults(compiled.catalog, r, household);
    const ids = scoped.results.map((x) => x.id);
    expect(ids).toContain('poitiers-tarif-creche');
    expect(ids).not.toContain('poitiers-tarif-cantine');
    expect(ids).not.toContain('poitiers-tarif-periscolaire');
    expect(ids.some((id) => id.startsWith('nantes-') || id.startsWith('blois-'))).toBe(false);
    expect(scoped.hidden).toEqual(expect.arrayContaining([{ id: 'poitiers-tarif-cantine', because: 'service-not-asked' }]));
    expect(scoped.services).toEqual(
      expect.arrayContaining([
        { id: 'services.crecheHoursPerMonth', label: 'Crèche', rules: ['poitiers-tarif-creche'], used: true },
        { id: 'services.canteenMealsPerMonth', label: 'Restauration scolaire (cantine)', rules: ['poitiers-tarif-cantine'], used: false },
      ]),
    );
    const asked = scopeResults(compiled.catalog, r, household, { asked: ['services.canteenMealsPerMonth'] });
    expect(scoped.questions.some((q) => q.rules.includes('poitiers-tarif-cantine'))).toBe(false);
    expect(asked.results.map((x) => x.id)).toContain('poitiers-tarif-cantine');
    expect(asked.results.map((x) => x.id)).not.toContain('poitiers-tarif-periscolaire');
  });

  it('a child’s schooling is still asked while it may show the crèche tariff', () => {
    const h = { commune: '86194', persons: [{ id: 'p1', role: 'applicant' }, { id: 'c1', role: 'child', birthDate: '2025-02-10' }] };
    const { report: r, household } = report(h);
    const scoped = scopeResults(compiled.catalog, r, household);
    expect(scoped.results.map((x) => x.id)).not.toContain('poitiers-tarif-creche');
    expect(scoped.questions.find((q) => q.id === 'persons.c1.schooling')?.rules).toContain('poitiers-tarif-creche');
    expect(scoped.questions.find((q) => q.id === 'services.crecheHoursPerMonth')).toBeUndefined();
    // Asked even where no shown rule reads it: whether the child goes to crèche decides whether its price is shown.
    const other = report({ ...h, persons: [...h.persons, { id: 'c2', role: 'child', birthDate: '2024-01-15' }] });
    const questions = scopeResults(compiled.catalog, other.report, other.household).questions;
    expect(questions.filter((q) => /^persons\.c\d\.schooling$/.test(q.id)).map((q) => [q.id, q.rules])).toEqual([
      ['persons.c1.schooling', expect.arrayContaining(['poitiers-tarif-creche'])],
      ['persons.c2.schooling', expect.arrayContaining(['poitiers-tarif-creche'])],
    ]);
  });

  it('without a child in crèche the crèche tariff waits until it is asked about or its hours are given', () => {
    // The seed says the crèche tariff was never applied for: a claim answered keeps a tariff shown, so it goes too.
    const h = applyAnswer(applyAnswer(seed('poitiers-mere-separee'), 'services.crecheHoursPerMonth', undefined), 'claims.poitiers-tarif-creche', undefined);
    const noCreche = applyAnswer(h, 'persons.c2.schooling', 'none');
    const a = report(noCreche);
    expect(scopeResults(compiled.catalog, a.report, a.household).results.map((x) => x.id)).not.toContain('poitiers-tarif-creche');
    expect(scopeResults(compiled.catalog, a.report, a.household, { asked: ['services.crecheHoursPerMonth'] }).results.map((x) => x.id)).toContain('poitiers-tarif-creche');
    const b = report(applyAnswer(noCreche, 'services.crecheHoursPerMonth', 40));
    expect(scopeResults(compiled.catalog, b.report, b.household).results.map((x) => x.id)).toContain('poitiers-tarif-creche');
    const c = report(applyAnswer(noCreche, 'claims.poitiers-tarif-creche', 'unaware'));
    expect(scopeResults(compiled.catalog, c.report, c.household).results.map((x) => x.id)).toContain('poitiers-tarif-creche');
  });
});
