import { describe, expect, it } from 'vitest';
import { parseHousehold, safeParseHousehold, NonRecoursError } from '../src/index.js';

const base = () => ({
  id: 'h1',
  commune: '86194',
  persons: [
    { id: 'p1', role: 'applicant', birthDate: '1991-05-12', activity: 'employed', nationality: 'fr' },
    { id: 'c1', role: 'child', birthDate: '2019-03-01', custody: 'full' },
  ],
  couple: { status: 'separated', since: '2026-08-15' },
  incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '1450.00' }],
});

function issuesOf(input: unknown) {
  const r = safeParseHousehold(input);
  if (r.success) throw new Error('expected failure');
  return r.issues;
}

describe('household validation', () => {
  it('accepts a valid household and keeps its values', () => {
    const r = safeParseHousehold(base());
    expect(r.success).toBe(true);
    if (r.success) expect(r.household.incomes?.[0]?.amount).toBe('1450.00');
  });

  it('rejects an impossible date with a French message naming the field', () => {
    const h = base();
    h.persons[0] = { ...h.persons[0], birthDate: '2024-02-30' } as (typeof h.persons)[0];
    expect(issuesOf(h)).toContainEqual({ path: 'persons[0].birthDate', message: expect.stringMatching(/date impossible/) });
  });

  it('accepts 29 February of a leap year only', () => {
    const ok = base();
    ok.persons[0] = { ...ok.persons[0], birthDate: '1992-02-29' } as (typeof ok.persons)[0];
    expect(safeParseHousehold(ok).success).toBe(true);
    const bad = base();
    bad.persons[0] = { ...bad.persons[0], birthDate: '1991-02-29' } as (typeof bad.persons)[0];
    expect(issuesOf(bad)[0]?.path).toBe('persons[0].birthDate');
  });

  it.each([
    ['-5', /négatif/],
    ['', /vide/],
    ['   ', /vide/],
    ['NaN', /invalide/],
    ['Infinity', /invalide/],
    ['1e3', /invalide/],
    ['12,50', /invalide/],
  ])('rejects the amount %j', (amount, message) => {
    const h = base();
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount }];
    expect(issuesOf(h)).toContainEqual({ path: 'incomes[0].amount', message: expect.stringMatching(message) });
  });

  it('rejects a number where an amount string belongs, and a non-finite number', () => {
    const h = base() as Record<string, unknown>;
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount: 1450 }];
    h.services = { crecheHoursPerMonth: Number.POSITIVE_INFINITY };
    const issues = issuesOf(h);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['incomes[0].amount', 'services.crecheHoursPerMonth']));
    expect(issues.every((i) => /[a-zé]/.test(i.message))).toBe(true);
  });

  it('rejects a reference to an absent person', () => {
    const h = base();
    h.incomes = [{ person: 'p9', kind: 'salary', month: '2026-10', amount: '10' }];
    expect(issuesOf(h)).toContainEqual({ path: 'incomes[0].person', message: expect.stringMatching(/personne inconnue.*p9/) });
  });

  it('rejects a child older than the parents allow', () => {
    const h = base();
    h.persons[1] = { ...h.persons[1], birthDate: '1995-01-01' } as (typeof h.persons)[1];
    expect(issuesOf(h)).toContainEqual({ path: 'persons[1].birthDate', message: expect.stringMatching(/enfant trop âgé/) });
  });

  it('rejects unknown fields and prototype keys instead of dropping them', () => {
    const h = JSON.parse('{"commune":"86194","persons":[{"id":"p1","role":"applicant","birthdate":"1991-05-12"}],"__proto__":{"polluted":true}}');
    const issues = issuesOf(h);
    expect(issues).toContainEqual({ path: 'persons[0].birthdate', message: expect.stringMatching(/champ inconnu/) });
    expect(issues).toContainEqual({ path: '', message: expect.stringMatching(/clé interdite : __proto__/) });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses prototype keys in claims (a record)', () => {
    const h = JSON.parse('{"persons":[{"id":"p1","role":"applicant"}],"claims":{"__proto__":"receiving"}}');
    expect(issuesOf(h).some((i) => i.path.startsWith('claims'))).toBe(true);
  });

  it('lists every problem at once, not only the first', () => {
    const h = {
      commune: '8619',
      persons: [
        { id: 'p1', role: 'applicant', birthDate: '2024-02-30', activity: 'astronaut' },
        { id: 'p1', role: 'partner' },
      ],
      incomes: [{ person: 'p1', kind: 'salary', month: '2026-13', amount: '-5' }],
    };
    const paths = issuesOf(h).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['commune', 'persons[0].birthDate', 'persons[0].activity', 'persons[1].id', 'incomes[0].month', 'incomes[0].amount']));
  });

  it('requires exactly one applicant', () => {
    expect(issuesOf({ persons: [{ id: 'c', role: 'child' }] })).toContainEqual({ path: 'persons', message: expect.stringMatching(/aucun demandeur/) });
  });

  it('parseHousehold throws one error with every issue', () => {
    try {
      parseHousehold({ persons: [] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NonRecoursError);
      expect((e as NonRecoursError).code).toBe('HOUSEHOLD_INVALID');
      expect((e as NonRecoursError).details.length).toBeGreaterThan(0);
    }
  });

  it('never puts a household value in an error message', () => {
    const h = base();
    h.incomes = [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '-98765.43' }];
    h.persons[0] = { ...h.persons[0], birthDate: '1991-02-30' } as (typeof h.persons)[0];
    for (const i of issuesOf(h)) {
      expect(i.message).not.toContain('98765');
      expect(i.message).not.toContain('1991-02-30');
    }
  });
});
