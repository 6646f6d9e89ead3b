import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { completedMonths, tryParseDate } from '../src/dates.js';
import { INCOME_KINDS } from '../src/household/enums.js';
import { parseHousehold } from '../src/household/parse.js';
import type { Household } from '../src/household/schema.js';
import { Money } from '../src/money.js';
import { exportToOpenFisca, fromOpenFisca, toOpenFisca, type OpenFiscaSituation } from '../src/index.js';

const root = new URL('..', import.meta.url).pathname;
const DATE = '2026-11-24';
const seedDir = join(root, 'seeds/households');
const seeds = readdirSync(seedDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, household: parseHousehold(JSON.parse(readFileSync(join(seedDir, f), 'utf8')), { date: DATE }) }));

/** Kinds paid to a family in OpenFisca: compared per family (their owner is the applicant), not per person. */
const FAMILY_KINDS = new Set(['family-benefits', 'af', 'complement-familial', 'asf', 'paje', 'housing-benefit', 'rsa', 'ppa', 'aeeh', 'aspa']);
/** `family-benefits` travels as `af`, and reads back as `af` where the contract has that kind. */
const sentAs = (kind: string): string => (kind === 'family-benefits' && (INCOME_KINDS as readonly string[]).includes('af') ? 'af' : kind);
const HOUSING_BACK: Record<string, string | undefined> = { hosted: undefined, 'hosted-paying': 'tenant' };
const SCHOOLING_LOST = new Set(['creche', 'none']);

/** What must survive the round trip, in a comparable form (amounts as exact decimals with two places). */
function essentials(h: Household) {
  const applicant = h.persons.find((p) => p.role === 'applicant')?.id;
  const at = tryParseDate(DATE)!;
  const incomes = new Map<string, string>();
  for (const i of h.incomes ?? []) {
    const owner = FAMILY_KINDS.has(i.kind) && h.persons.find((p) => p.id === i.person)?.role !== 'other' ? applicant : i.person;
    for (const [suffix, amount] of [['', i.amount], [' brut', i.grossAmount]] as const) {
      if (amount === undefined) continue;
      const key = `${owner} ${sentAs(i.kind)} ${i.month}${suffix}`;
      incomes.set(key, new Money(incomes.get(key) ?? '0').plus(amount).toFixed(2));
    }
  }
  const partner = h.persons.some((p) => p.role === 'partner');
  return {
    persons: h.persons.map((p) => ({
      id: p.id,
      role: p.role,
      birthDate: p.birthDate,
      activity: p.activity,
      nationality: p.nationality,
      custody: p.custody,
      disabilityRate: p.disabilityRate,
      gir: p.gir,
      unfitForWork: p.unfitForWork,
      pregnant: p.pregnant,
      unemployedSince: p.unemployedSince,
      schooling: p.schooling !== undefined && SCHOOLING_LOST.has(p.schooling) ? undefined : p.schooling,
      permitMonths: p.residencePermitSince === undefined ? undefined : completedMonths(tryParseDate(p.residencePermitSince)!, at),
    })),
    incomes: [...incomes.entries()].sort(),
    housing: {
      status: h.housing?.status !== undefined && h.housing.status in HOUSING_BACK ? HOUSING_BACK[h.housing.status] : h.housing?.status,
      monthlyRent: h.housing?.monthlyRent === undefined ? undefined : new Money(h.housing.monthlyRent).toFixed(2),
      housingBenefit: h.housing?.housingBenefit === undefined ? undefined : new Money(h.housing.housingBenefit).toFixed(2),
    },
    commune: h.commune,
    couple: h.couple?.status ?? (partner ? 'couple' : undefined),
    taxReturns: (h.taxReturns ?? []).map((t) => ({ year: t.year, referenceIncome: new Money(t.referenceIncome).toFixed(2), shares: t.shares })),
  };
}

describe('OpenFisca: round trip of the seed households', () => {
  it.each(seeds)('$file comes back equivalent, with nothing unmapped', ({ household }) => {
    // Through the wire (JSON text), and without the date: the month comes from the results asked for.
    const situation = JSON.parse(JSON.stringify(toOpenFisca(household, { date: DATE }))) as unknown;
    for (const options of [{}, { date: DATE }]) {
      const back = fromOpenFisca(situation, options);
      expect(back.issues).toEqual([]);
      expect(back.unmapped).toEqual([]);
      expect(back.success).toBe(true);
      expect(essentials(back.household as Household)).toEqual(essentials(household));
    }
  });

  it('lists, in French, what a household has and OpenFisca cannot receive', () => {
    const aidant = seeds.find((s) => s.file === 'blois-aidant-quiniere.json')!.household;
    const { unmapped } = exportToOpenFisca(aidant, { date: DATE });
    expect(unmapped.map((g) => g.path)).toEqual(expect.arrayContaining(['persons[0].carer', 'claims', 'area']));
    const young = seeds.find((s) => s.file === 'nantes-jeune-19-ans.json')!.household;
    expect(exportToOpenFisca(young, { date: DATE }).unmapped).toContainEqual({ path: 'housing.status', reason: expect.stringMatching(/hébergé sans préciser s'il paie/) });
    // An income kind the bridge does not know yet (the vocabulary grows) is listed, once, not thrown.
    const grown = { ...young, incomes: [...(young.incomes ?? []), { person: 'p1', kind: 'crypto-gains', month: '2026-10', amount: '10.00' }, { person: 'p1', kind: 'crypto-gains', month: '2026-09', amount: '10.00' }] } as unknown as Household;
    const out = exportToOpenFisca(grown, { date: DATE });
    expect(out.unmapped.filter((g) => /crypto-gains/.test(g.reason))).toHaveLength(1);
    // A field the contract gained and the bridge does not know is listed too.
    const extra = { ...young, persons: young.persons.map((p) => ({ ...p, favouriteColour: 'bleu' })) } as unknown as Household;
    expect(exportToOpenFisca(extra, { date: DATE }).unmapped).toContainEqual({ path: 'persons[0].favouriteColour', reason: expect.stringMatching(/non exporté/) });
  });
});

describe('OpenFisca: the situation written', () => {
  const couple = seeds.find((s) => s.file === 'nantes-couple-rsa-bottiere.json')!.household;
  const s: OpenFiscaSituation = toOpenFisca(couple, { date: DATE });

  it('has the four entities with their roles', () => {
    expect(Object.keys(s)).toEqual(['individus', 'familles', 'foyers_fiscaux', 'menages']);
    expect(s.familles.famille_1).toMatchObject({ parents: ['p1', 'p2'], enfants: ['c1', 'c2'] });
    expect(s.foyers_fiscaux.foyer_fiscal_1).toMatchObject({ declarants: ['p1', 'p2'], personnes_a_charge: ['c1', 'c2'], rfr: { '2024': 11800 }, nbptr: { '2024': 3 } });
    expect(s.menages.menage_1).toMatchObject({ personne_de_reference: ['p1'], conjoint: ['p2'], enfants: ['c1', 'c2'], autres: [] });
  });

  it('gives each variable its period, amounts as numbers, and asks for results at the evaluation month', () => {
    expect(s.individus.p1).toMatchObject({ date_naissance: { ETERNITY: '1987-04-02' }, activite: { '2026-11': 'chomeur' }, date_debut_chomage: { ETERNITY: '2025-03-01' } });
    expect(s.individus.p2?.salaire_net).toMatchObject({ '2025-11': 900, '2026-10': 900 });
    expect(s.individus.c1).toMatchObject({ scolarite: { '2026-11': 'primaire' }, garde_alternee: { '2026-11': false } });
    expect(s.menages.menage_1).toMatchObject({ depcom: { '2026-11': '44109' }, statut_occupation_logement: { '2026-11': 'locataire_hlm' }, loyer: { '2026-11': 560 }, cheque_energie: { '2026': null } });
    expect(s.familles.famille_1).toMatchObject({ af: { '2026-01': 148.52, '2026-11': null }, aide_logement: { '2026-11': 310 }, rsa: { '2026-11': null }, ppa: { '2026-11': null }, css_participation_forfaitaire: { '2026-11': null }, ars: { '2026': null } });
    expect(s.individus.c1?.aah).toBeUndefined();
    expect(s.individus.p1?.aah).toEqual({ '2026-11': null });
  });

  it('is computed from the date given, not from the clock', () => {
    const earlier = toOpenFisca(couple, { date: '2026-11-01' });
    expect(earlier).toEqual(s);
    expect(() => toOpenFisca(couple, { date: '2026-02-30' })).toThrow(/date réelle/);
  });
});

describe('OpenFisca: reading a YAML test input', () => {
  it('reads the full entity form, and lists what it does not know', () => {
    // Like tests/formulas/rsa/rsa_couple.yaml of OpenFisca-France, parsed: ids are numbers, roles lists or single ids.
    const input = {
      menage: { personne_de_reference: 1, conjoint: 2, statut_occupation_logement: { '2014-01': 'proprietaire' }, depcom: 86194 },
      individus: {
        1: { date_naissance: '1985-01-01', salaire_net: { 2013: 6000, '2014-01': 500 }, handicap: { '2014-01': true } },
        2: { date_naissance: '1985-01-01', statut_marital: { '2014-01': 'marie' } },
        3: { date_naissance: '2010-06-01', garde_alternee: true },
      },
      familles: { famille_0: { parents: [1, 2], enfants: [3], rsa_eligibilite_tns: { '2014-01': true } } },
      foyers_fiscaux: { foyer_fiscal_0: { declarants: [1, 2], personnes_a_charge: [3] } },
    };
    const r = fromOpenFisca(input, { date: '2014-01-15' });
    expect(r.issues).toEqual([]);
    expect(r.success).toBe(true);
    const h = r.household as Household;
    expect(h.persons.map((p) => [p.id, p.role, p.birthDate])).toEqual([['1', 'applicant', '1985-01-01'], ['2', 'partner', '1985-01-01'], ['3', 'child', '2010-06-01']]);
    expect(h.persons[2]?.custody).toBe('shared');
    expect(h.couple).toEqual({ status: 'couple' });
    expect(h.commune).toBe('86194');
    expect(h.housing).toEqual({ status: 'owner' });
    // A year is split into twelve months, as OpenFisca does; the month given on its own prevails.
    const salary = (h.incomes ?? []).filter((i) => i.kind === 'salary');
    expect(salary).toHaveLength(13);
    expect(salary.find((i) => i.month === '2013-07')?.amount).toBe('500.00');
    expect(salary.find((i) => i.month === '2014-01')?.amount).toBe('500.00');
    expect(r.unmapped).toEqual(
      expect.arrayContaining([
        { path: 'individus.1.handicap', reason: expect.stringMatching(/inconnue.*non importée/) },
        { path: 'familles.famille_0.rsa_eligibilite_tns', reason: expect.stringMatching(/inconnue.*non importée/) },
      ]),
    );
    expect(r.unmapped).toHaveLength(2);
  });

  it('reads the shorthand of a whole test case: variables at the top, values without period', () => {
    const test = {
      name: 'RSA célibataire',
      period: '2014-01',
      absolute_error_margin: 0.005,
      input: { date_naissance: '1985-01-01', salaire_net: 5000, statut_occupation_logement: 'locataire_vide', loyer: 450.5, nationalite: 'DE', taux_imaginaire: 3 },
      output: { rsa: { '2014-01': 281.06 } },
    };
    const r = fromOpenFisca(test);
    expect(r.success).toBe(true);
    const h = r.household as Household;
    expect(h.persons).toEqual([{ id: 'p1', role: 'applicant', birthDate: '1985-01-01', nationality: 'eea' }]);
    expect(h.incomes).toEqual([{ person: 'p1', kind: 'salary', month: '2014-01', amount: '5000.00' }]);
    expect(h.housing).toEqual({ status: 'tenant', monthlyRent: '450.50' });
    expect(r.unmapped.map((g) => g.path).sort()).toEqual(['input.taux_imaginaire', 'output']);
  });

  it('says what it rounds, refuses negative amounts and vector values, and never guesses a period', () => {
    const r = fromOpenFisca({
      individus: { a: { date_naissance: { ETERNITY: '1990-02-03' }, salaire_net: { '2026-10': 1000.005, '2026-09': -50 }, chomage_net: 300, nationalite: ['FR', 'DE'] } },
    });
    expect(r.success).toBe(true);
    expect((r.household as Household).incomes).toEqual([{ person: 'a', kind: 'salary', month: '2026-10', amount: '1000.01' }]);
    expect(r.unmapped).toEqual([
      { path: 'individus.a.salaire_net.2026-10', reason: 'montant 1000.005 arrondi au centime : 1000.01' },
      { path: 'individus.a.salaire_net.2026-09', reason: expect.stringMatching(/montant négatif/) },
      { path: 'individus.a.chomage_net', reason: expect.stringMatching(/valeur sans période/) },
      { path: 'individus.a.nationalite', reason: expect.stringMatching(/liste de valeurs/) },
    ]);
  });

  it('reports the issues of the household it builds, as safeParseHousehold gives them', () => {
    const r = fromOpenFisca({ individus: { a: { date_naissance: { ETERNITY: '1990-02-30' }, taux_incapacite: { '2026-11': 80 } } } }, { date: DATE });
    expect(r.success).toBe(false);
    expect(r.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['persons[0].birthDate', 'persons[0].disabilityRate']));
  });
});

describe('OpenFisca: hostile input', () => {
  it('refuses prototype keys anywhere', () => {
    for (const text of ['{"individus":{"p1":{"__proto__":{"x":1}}}}', '{"constructor":{"prototype":{}}}', '{"menages":{"m":{"prototype":1}}}']) {
      const r = fromOpenFisca(JSON.parse(text));
      expect(r.success).toBe(false);
      expect(r.household).toBeUndefined();
      expect(r.issues[0]?.message).toMatch(/clé interdite : (__proto__|constructor|prototype)/);
    }
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('bounds the depth, and refuses what is not an object', () => {
    let deep: unknown = 1;
    for (let k = 0; k < 40; k += 1) deep = { a: deep };
    expect(fromOpenFisca({ individus: deep }).issues[0]?.message).toMatch(/imbrication trop profonde/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(fromOpenFisca(cyclic).success).toBe(false);
    for (const v of [null, 'rsa', [1], 3]) expect(fromOpenFisca(v).issues[0]?.message).toMatch(/objet JSON/);
  });
});

describe('OpenFisca: command line', () => {
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };

  it('exports a seed, imports it back, and refuses an invalid situation in French', () => {
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-openfisca-'));
    const out = cli(['openfisca', 'export', 'seeds/households/poitiers-mere-separee.json', '--date', DATE]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/non transmis à OpenFisca/);
    expect(out.stderr).toMatch(/services\.crecheHoursPerMonth : /);
    const situation = JSON.parse(out.stdout) as OpenFiscaSituation;
    expect(situation.familles.famille_1?.rsa).toEqual({ '2026-11': null });
    writeFileSync(join(dir, 'situation.json'), out.stdout);
    const back = cli(['openfisca', 'import', join(dir, 'situation.json')]);
    expect(back.code).toBe(0);
    expect(back.stderr).toBe('');
    expect((JSON.parse(back.stdout) as Household).persons.map((p) => p.id)).toEqual(['p1', 'c1', 'c2']);
    writeFileSync(join(dir, 'bad.json'), '{"individus": {"a": {"date_naissance": "1990-01-01"}}, "individus": {}}');
    const bad = cli(['openfisca', 'import', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/JSON de la situation illisible/);
  });
});
