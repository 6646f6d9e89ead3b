import { describe, expect, it } from 'vitest';
import { createEvaluator, evaluateHousehold } from '../src/api.js';
import { defaultCatalog } from '../src/catalog/default.js';
import { NonRecoursError } from '../src/errors.js';
import { claimIssues } from '../src/household/claims.js';
import { INCOME_KINDS, LABELS, NATIONALITIES, ROLES, VOCABULARIES, VOCABULARY_LABELS } from '../src/household/enums.js';
import { householdJsonSchema } from '../src/household/json-schema.js';
import { parseHousehold, safeParseHousehold, type HouseholdIssue, type HouseholdParseOptions } from '../src/household/parse.js';
import { HOUSEHOLD_LIMITS } from '../src/household/schema.js';
import { suggest } from '../src/household/suggest.js';

/** A valid household, as plain JSON that each test breaks in one place. */
const base = (): Record<string, unknown> & { persons: Record<string, unknown>[]; incomes: Record<string, unknown>[] } => ({
  id: 'h1',
  commune: '86194',
  persons: [
    { id: 'p1', role: 'applicant', birthDate: '1991-05-12', activity: 'employed', nationality: 'fr' },
    { id: 'c1', role: 'child', birthDate: '2019-03-01', custody: 'full' },
  ],
  couple: { status: 'separated', since: '2026-08-15' },
  incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '1450.00' }],
});

function issuesOf(input: unknown, options?: HouseholdParseOptions): readonly HouseholdIssue[] {
  const r = safeParseHousehold(input, options);
  if (r.success) throw new Error('expected failure');
  return r.issues;
}

const AT = { date: '2026-11-24' };

describe('caps: every quantity, amount, text and list is bounded', () => {
  it('refuses 1e308 crèche hours a month, naming the field, and accepts the 744 hours of a month', () => {
    expect(issuesOf({ ...base(), services: { crecheHoursPerMonth: 1e308 } })).toEqual([
      { path: 'services.crecheHoursPerMonth', message: 'heures de crèche par mois : 744 au plus (31 jours × 24 heures)' },
    ]);
    expect(safeParseHousehold({ ...base(), services: { crecheHoursPerMonth: 744 } }).success).toBe(true);
  });

  it.each([
    ['canteenMealsPerMonth', 94, /repas de cantine par mois : 93 au plus/],
    ['mealsAtHomePerMonth', 1e9, /repas livrés à domicile par mois : 93 au plus/],
    ['afterSchoolHoursPerMonth', 745, /heures d'accueil périscolaire par mois : 744 au plus/],
    ['canteenMealsPerMonth', -1, /repas de cantine par mois : nombre positif ou nul/],
  ])('refuses services.%s = %d', (field, value, message) => {
    expect(issuesOf({ ...base(), services: { [field]: value } })).toContainEqual({ path: `services.${field}`, message: expect.stringMatching(message) });
  });

  it('refuses a 1 MB area with one message on its length, without running the pattern', () => {
    const issues = issuesOf({ ...base(), area: 'a'.repeat(1_000_000) });
    expect(issues).toEqual([{ path: 'area', message: 'quartier (area) trop long : 100 caractères au plus' }]);
  });

  it('refuses an amount above 10 000 000.00 € and accepts that bound', () => {
    const h = base();
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '10000000.01' }];
    expect(issuesOf(h)).toEqual([{ path: 'incomes[0].amount', message: 'montant trop élevé : 10 000 000,00 € au plus' }]);
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '999999999999' }];
    expect(issuesOf(h)[0]?.message).toMatch(/trop élevé/);
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '10000000.00' }];
    expect(safeParseHousehold(h).success).toBe(true);
  });

  it('refuses more than 30 persons and more than 2 000 income lines', () => {
    const persons = Array.from({ length: 31 }, (_, i) => ({ id: `p${i}`, role: i === 0 ? 'applicant' : 'child' }));
    expect(issuesOf({ persons })).toContainEqual({ path: 'persons', message: 'trop de personnes : 30 au plus dans un foyer' });
    const incomes = Array.from({ length: 2001 }, () => ({ person: 'p1', kind: 'salary', month: '2026-10', amount: '1.00' }));
    expect(issuesOf({ ...base(), incomes })).toContainEqual({ path: 'incomes', message: 'trop de lignes de revenus : 2000 au plus' });
  });

  it('refuses more than 1 000 claims', () => {
    const claims = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`r${i}`, 'unaware']));
    expect(issuesOf({ ...base(), claims })).toEqual([{ path: 'claims', message: 'trop de demandes : 1000 règles au plus' }]);
  });

  it('refuses a too long person id, income reference and claim key', () => {
    const h = base();
    h.persons[0] = { ...h.persons[0], id: 'p'.repeat(65) };
    h.incomes = [{ person: 'p'.repeat(65), kind: 'salary', month: '2026-10', amount: '1.00' }];
    h.claims = { ['r'.repeat(101)]: 'receiving' };
    const paths = issuesOf(h).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['persons[0].id', 'incomes[0].person']));
    expect(paths.some((p) => p.startsWith('claims'))).toBe(true);
  });

  it('publishes the caps in the JSON Schema', () => {
    const schema = householdJsonSchema() as { properties: Record<string, Record<string, unknown> & { properties?: Record<string, Record<string, unknown>>; items?: { properties: Record<string, Record<string, unknown>> } }> };
    const p = schema.properties;
    expect(p.area).toMatchObject({ maxLength: HOUSEHOLD_LIMITS.text });
    expect(p.persons).toMatchObject({ maxItems: 30 });
    expect(p.incomes).toMatchObject({ maxItems: 2000 });
    expect(p.services?.properties?.crecheHoursPerMonth).toMatchObject({ minimum: 0, maximum: 744 });
    expect(p.services?.properties?.canteenMealsPerMonth).toMatchObject({ maximum: 93 });
    expect(p.claims).toMatchObject({ maxProperties: 1000, propertyNames: { maxLength: 100 } });
    expect(p.persons?.items?.properties.birthDate).toMatchObject({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
    const amount = new RegExp(String(p.incomes?.items?.properties.amount?.pattern));
    expect(['0', '1450.00', '10000000', '10000000.00'].every((a) => amount.test(a))).toBe(true);
    expect(['10000000.01', '10000001', '1 300,00', '1e3'].some((a) => amount.test(a))).toBe(false);
  });
});

describe('dates against the evaluation date', () => {
  /** The child born on `birthDate` (the applicant is born in 1991). */
  const withChildBorn = (birthDate: string) => {
    const h = base();
    h.persons[1] = { ...h.persons[1], birthDate };
    return h;
  };
  /** The applicant alone, born on `birthDate`. */
  const aloneBorn = (birthDate: string) => ({ persons: [{ id: 'p1', role: 'applicant', birthDate }] });

  it('refuses a birth date after the evaluation date when it is given, and accepts it without', () => {
    const h = withChildBorn('2027-01-01');
    expect(issuesOf(h, AT)).toEqual([{ path: 'persons[1].birthDate', message: "date de naissance postérieure à la date d'évaluation (2026-11-24)" }]);
    expect(safeParseHousehold(h).success).toBe(true);
  });

  it('accepts a person born on the evaluation date (age 0, never negative)', () => {
    expect(safeParseHousehold(withChildBorn('2026-11-24'), AT).success).toBe(true);
    expect(issuesOf(withChildBorn('2026-11-25'), AT)[0]?.path).toBe('persons[1].birthDate');
  });

  it('refuses an age above 120 at the evaluation date, and accepts it without the date', () => {
    expect(issuesOf(aloneBorn('1800-01-01'), AT)).toEqual([{ path: 'persons[0].birthDate', message: 'âge de 226 ans au 2026-11-24 : vérifiez la date de naissance' }]);
    expect(issuesOf(aloneBorn('1899-06-01'), AT)).toEqual([{ path: 'persons[0].birthDate', message: 'âge de 127 ans au 2026-11-24 : vérifiez la date de naissance' }]);
    expect(safeParseHousehold(aloneBorn('1800-01-01')).success).toBe(true);
    expect(safeParseHousehold(aloneBorn('1906-11-24'), AT).success).toBe(true); // 120 on that day
    expect(issuesOf(aloneBorn('1905-11-24'), AT)).toEqual([{ path: 'persons[0].birthDate', message: 'âge de 121 ans au 2026-11-24 : vérifiez la date de naissance' }]);
  });

  it('refuses an income month, a couple change, a residence permit and a registration after the date', () => {
    const h = base();
    h.persons[0] = { ...h.persons[0], unemployedSince: '2026-11-25', residencePermitSince: '2027-02-01' };
    h.couple = { status: 'separated', since: '2026-12-01' };
    h.incomes = [
      { person: 'p1', kind: 'salary', month: '2026-11', amount: '1.00' },
      { person: 'p1', kind: 'salary', month: '2026-12', amount: '1.00' },
    ];
    const issues = issuesOf(h, AT);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'persons[0].unemployedSince', message: "date d'inscription comme demandeur d'emploi postérieure à la date d'évaluation (2026-11-24)" },
        { path: 'persons[0].residencePermitSince', message: "date du titre de séjour postérieure à la date d'évaluation (2026-11-24)" },
        { path: 'couple.since', message: "date du changement de situation de couple postérieure à la date d'évaluation (2026-11-24)" },
        { path: 'incomes[1].month', message: "mois de revenu postérieur au mois de la date d'évaluation (2026-11)" },
      ]),
    );
    expect(issues.map((i) => i.path)).not.toContain('incomes[0].month');
    expect(safeParseHousehold(h).success).toBe(true);
  });

  it('throws DATE_INVALID for an invalid evaluation date (the caller’s mistake), and parseHousehold takes the date', () => {
    expect(() => safeParseHousehold(base(), { date: '2026-02-30' })).toThrow(NonRecoursError);
    expect(() => parseHousehold(withChildBorn('2027-01-01'), AT)).toThrow(/invalides/);
    expect(parseHousehold(base(), AT).id).toBe('h1');
  });
});

describe('messages', () => {
  it('reports an unknown top-level field at its own path, with the close known field', () => {
    expect(issuesOf({ ...base(), incomesCompleted: true })).toEqual([{ path: 'incomesCompleted', message: 'champ inconnu : vouliez-vous dire « incomesComplete » ?' }]);
  });

  it('suggests birthDate for birthdate, and lists the fields when nothing is close', () => {
    const h = base();
    h.persons[0] = { id: 'p1', role: 'applicant', birthdate: '1991-05-12' };
    expect(issuesOf(h)).toContainEqual({ path: 'persons[0].birthdate', message: 'champ inconnu : vouliez-vous dire « birthDate » ?' });
    expect(issuesOf({ ...base(), zzzz: 1 })).toEqual([{ path: 'zzzz', message: expect.stringMatching(/^champ inconnu : champs possibles id, commune, area, persons/) }]);
    expect(issuesOf({ ...base(), services: { crecheHours: 3 } })).toEqual([{ path: 'services.crecheHours', message: expect.stringMatching(/champ inconnu/) }]);
  });

  it('gives no suggestion for a huge unknown key, and keeps its path short', () => {
    const issues = issuesOf({ ...base(), ['x'.repeat(100_000)]: 1 });
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path.length).toBeLessThan(110);
    expect(issues[0]?.message).toMatch(/champs possibles/);
  });

  it('suggests vocabulary values from a French word (salarie → employed, salary)', () => {
    const h = base();
    h.persons[0] = { ...h.persons[0], activity: 'salarie', nationality: 'autre' };
    h.incomes = [{ person: 'p1', kind: 'salarie', month: '2026-10', amount: '1.00' }];
    const issues = issuesOf(h);
    const at = (path: string) => issues.find((i) => i.path === path)?.message ?? '';
    expect(at('persons[0].activity')).toMatch(/^valeur non reconnue : vouliez-vous dire "employed" \(salarié\) \? valeurs possibles "employed" \(salarié\), /);
    expect(at('incomes[0].kind')).toMatch(/vouliez-vous dire "salary" \(salaire\) \?/);
    expect(at('persons[0].nationality')).toMatch(/vouliez-vous dire "other" \(autre nationalité\)/);
    expect(at('persons[0].nationality')).not.toMatch(/autre personne/);
  });

  it.each([
    ['1 300,00', '1300.00'],
    ['1300,00', '1300.00'],
    ['1.300,00', '1300.00'],
    ['1\u202f300,00 €', '1300.00'],
    ['1,300.00', '1300.00'],
    ['12,5', '12.50'],
    ['1 300', '1300.00'],
  ])('refuses the amount %j with the form to write (%s)', (amount, written) => {
    const h = base();
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount }];
    expect(issuesOf(h)).toEqual([{ path: 'incomes[0].amount', message: `montant invalide : écrivez ${written} (point décimal, sans espace ni séparateur de milliers)` }]);
  });

  it.each([['1,300'], ['1.234'], ['1e3'], ['12 000 000,00']])('does not guess the ambiguous or impossible amount %j', (amount) => {
    const h = base();
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount }];
    expect(issuesOf(h)[0]?.message).not.toMatch(/écrivez/);
  });

  it('labels `other` in each vocabulary, and keeps LABELS for lookups by value', () => {
    expect(VOCABULARY_LABELS.role.other).toBe('autre personne');
    expect(VOCABULARY_LABELS.nationality.other).toBe('autre nationalité');
    expect(VOCABULARY_LABELS.incomeKind.other).toBe('autre revenu');
    expect(LABELS.other).toBe('autre personne');
    expect(LABELS.employed).toBe('salarié');
    for (const [name, values] of Object.entries(VOCABULARIES)) {
      const labels: Readonly<Record<string, string>> = VOCABULARY_LABELS[name as keyof typeof VOCABULARIES];
      expect(Object.keys(labels), name).toEqual([...values]);
      for (const v of values as readonly string[]) if (v !== 'other' && LABELS[v] !== undefined) expect(LABELS[v], `${name}.${v}`).toBe(labels[v]);
    }
    expect(VOCABULARIES.role).toBe(ROLES);
    expect(VOCABULARIES.nationality).toBe(NATIONALITIES);
    expect(VOCABULARIES.incomeKind).toBe(INCOME_KINDS);
  });
});

describe('claims against the catalog', () => {
  const ids = new Set(defaultCatalog().rules.map((r) => r.id));
  const parsed = (claims: Record<string, string>) => {
    const r = safeParseHousehold({ ...base(), claims });
    if (!r.success) throw new Error(JSON.stringify(r.issues));
    return r.household;
  };

  it('reports a claim on a rule id that is not in the catalog, with the close ids', () => {
    expect(claimIssues(parsed({ 'rsa-socle': 'receiving', rsa: 'receiving' }), ids)).toEqual([
      { path: 'claims.rsa-socle', message: expect.stringMatching(/^aucune règle « rsa-socle » dans le catalogue ; vouliez-vous dire « rsa »/) },
    ]);
    expect(claimIssues(parsed({ aspaa: 'unaware' }), ids)[0]?.message).toMatch(/vouliez-vous dire « aspa »/);
    expect(claimIssues(parsed({ 'zz-nothing-like-it': 'unaware' }), ids)).toEqual([{ path: 'claims.zz-nothing-like-it', message: 'aucune règle « zz-nothing-like-it » dans le catalogue' }]);
  });

  it('says nothing when every claim names a rule, or there are no claims', () => {
    expect(claimIssues(parsed({ rsa: 'receiving', 'css-gratuite': 'unaware' }), ids)).toEqual([]);
    expect(claimIssues(parsed({}), ids)).toEqual([]);
  });
});

describe('suggest', () => {
  it('ignores case, accents and separators, allows a few edits and kebab prefixes', () => {
    expect(suggest('Birth_Date', ['birthDate', 'id'])).toEqual(['birthDate']);
    expect(suggest('retraite', ['retired', 'student'], { retired: 'retraité' })).toEqual(['retired']);
    expect(suggest('prime-activte', ['prime-activite', 'rsa'])).toEqual(['prime-activite']);
    expect(suggest('rsa-socle', ['rsa', 'aspa'])).toEqual(['rsa']);
    expect(suggest('zzz', ['rsa', 'aspa'])).toEqual([]);
    expect(suggest('', ['a'])).toEqual([]);
  });
});

describe('the evaluation API checks the household against its date and its catalog', () => {
  const base = { commune: '86194', persons: [{ id: 'p1', role: 'applicant', birthDate: '1990-01-01' }] };
  const issues = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof NonRecoursError) return e.details.map((d) => `${d.path} : ${d.message}`);
    }
    throw new Error('expected HOUSEHOLD_INVALID');
  };

  it('evaluateHousehold refuses a claim on a rule the catalog does not have, suggesting the right id', () => {
    expect(issues(() => evaluateHousehold({ ...base, claims: { 'rsa-socle': 'receiving' } }, { date: '2026-11-24' }))).toEqual([expect.stringMatching(/^claims\.rsa-socle : .*« rsa »/)]);
  });

  it('evaluateHousehold and createEvaluator refuse a birth after the evaluation date', () => {
    const future = { ...base, persons: [{ id: 'p1', role: 'applicant', birthDate: '2030-01-01' }] };
    expect(issues(() => evaluateHousehold(future, { date: '2026-11-24' }))[0]).toMatch(/^persons\[0\]\.birthDate : /);
    expect(issues(() => createEvaluator(defaultCatalog(), { date: '2026-11-24' }).report(future))[0]).toMatch(/^persons\[0\]\.birthDate : /);
  });
});
