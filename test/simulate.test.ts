import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { defaultCatalog, parseReform, simulate, simulateSync } from '../src/index.js';
import { nonTakeUpRate } from '../src/simulate/simulate.js';
import { csvRowToHousehold } from '../src/simulate/csv.js';
import { formatBarometer, nationalNotes, wrapWords } from '../src/cli/barometer.js';
import { NATIONAL_TAKE_UP, nationalRateOf } from '../src/simulate/take-up-reference.js';
import { TAKE_UP } from '../seeds/populations/generate.js';
import { clone, seed } from './helpers.js';

const DATE = '2026-11-24';
const seeds = readdirSync(new URL('../seeds/households/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) => seed(f.replace(/\.json$/, '')));

describe('simulate', () => {
  it('counts households, invalid records (by field, without values) and per-rule outcomes', async () => {
    async function* stream() {
      for (const h of seeds) yield h;
      yield { persons: [{ id: 'p1', role: 'applicant', birthDate: '2024-02-30' }] };
    }
    const result = await simulate(stream(), { date: DATE, catalog: defaultCatalog() });
    expect(result.households.total).toBe(seeds.length + 1);
    expect(result.households.invalid).toBe(1);
    expect(result.invalidExamples[0]?.issues.join(' ')).toMatch(/persons\[0\]\.birthDate/);
    expect(result.invalidExamples[0]?.issues.join(' ')).not.toMatch(/2024-02-30/);
    const aspa = result.rules.find((r) => r.id === 'aspa');
    expect(aspa?.counts.eligible).toBeGreaterThanOrEqual(1);
    expect(aspa?.counts.unclaimed).toBe(aspa?.counts.eligible === undefined ? 0 : aspa.counts.eligible - aspa.counts.receiving - aspa.counts.claimUnknown);
    // The widow's ASPA is unclaimed because she does not know it: the cause is counted.
    expect(aspa?.counts.unaware).toBeGreaterThanOrEqual(1);
    expect(aspa?.byArea.quiniere?.eligible).toBeGreaterThanOrEqual(1);
  });

  it('gives the same aggregates from an array and from an async stream', async () => {
    async function* stream() {
      yield* seeds;
    }
    const a = simulateSync(seeds, { date: DATE, catalog: defaultCatalog() });
    const b = await simulate(stream(), { date: DATE, catalog: defaultCatalog() });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('adds up unclaimed money exactly per rule', () => {
    const widow = seed('blois-veuve-70-ans');
    const result = simulateSync([widow, clone(widow), clone(widow)], { date: DATE, catalog: defaultCatalog() });
    const aspa = result.rules.find((r) => r.id === 'aspa');
    expect(aspa?.money?.unclaimedPerMonth).toBe('1023.72'); // 3 × 341.24
    expect(aspa?.money?.unclaimedPerYear).toBe('12284.64');
  });

  it('an eligible household whose claim is not given is not unclaimed: counted, and its money summed, apart', () => {
    const widow = seed('blois-veuve-70-ans') as { claims?: Record<string, string> };
    expect(widow.claims?.aspa).toBe('unaware');
    const { claims: _, ...silent } = clone(widow);
    const receiving = { ...clone(widow), claims: { ...widow.claims, aspa: 'receiving' } };
    const result = simulateSync([widow, silent, receiving], { date: DATE, catalog: defaultCatalog() });
    const aspa = result.rules.find((r) => r.id === 'aspa');
    expect(aspa?.counts).toMatchObject({ eligible: 3, receiving: 1, unclaimed: 1, unaware: 1, claimUnknown: 1 });
    // Unclaimed money from the widow who says she does not receive it only; the silent one's apart.
    expect(aspa?.money).toMatchObject({ unclaimedPerMonth: '341.24', claimUnknownPerMonth: '341.24', claimUnknownPerYear: '4094.88', claimUnknownOnce: '0.00' });
    // The rate among those whose claim is known: 1 of 2.
    expect(aspa === undefined ? undefined : nonTakeUpRate(aspa.counts)).toBe(0.5);
    expect(nonTakeUpRate({ receiving: 0, unclaimed: 0 })).toBeNull();
  });

  it('a Poitiers reform: the separated mother pays less for the crèche under recent income', () => {
    const reform = parseReform(JSON.parse(readFileSync(new URL('../seeds/reforms/poitiers-revenus-recents.json', import.meta.url), 'utf8')));
    const mother = seed('poitiers-mere-separee');
    const result = simulateSync([mother], { date: DATE, catalog: defaultCatalog(), reform });
    const creche = result.reform?.rules.find((r) => r.id === 'poitiers-tarif-creche');
    expect(creche?.eligibleBaseline).toBe(1);
    expect(creche?.eligibleReform).toBe(1);
    expect(result.reform?.byType['parent-seul']?.winners).toBe(1);
    expect(result.reform?.byType['parent-seul']?.losers).toBe(0);
    // She pays (1450 × 0.000516 = 0.75 €) instead of (31200 / 12 × 0.000516 = 1.34 €) per hour, 120 h a month.
    expect(result.reform?.byType['parent-seul']?.gainsPerMonth).toBe('70.80');
  });

  it('the terminal table shows every title whole, wrapped under itself rather than cut', () => {
    const result = simulateSync(seeds, { date: DATE, catalog: defaultCatalog() });
    const text = formatBarometer(result, { title: 'Test', file: 'seeds/households', population: null });
    const lines = text.split('\n');
    expect(lines.filter((l) => l.includes('…'))).toEqual([]);
    // The long title of the ASPA on two lines: its figures on the first, the rest of the title under it.
    const at = lines.findIndex((l) => l.startsWith('Allocation de solidarité aux personnes âgées'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]?.trim()).toBe('(ASPA)');
    for (const r of result.rules.filter((x) => x.counts.concerned > 0)) for (const w of r.title.split(' ')) expect(text).toContain(w);
    expect(wrapWords('Séjours de répit pour les parents seuls (« Vacances pour tous »)', 40)).toEqual(['Séjours de répit pour les parents seuls', '(« Vacances pour tous »)']);
    expect(wrapWords('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('shows the published national rate beside the local one, cited in a footnote, with the rates by household group', () => {
    const result = simulateSync(seeds, { date: DATE, catalog: defaultCatalog() });
    const text = formatBarometer(result, { title: 'Test', file: 'seeds/households', population: { title: 'x', synthetic: true, source: 's' } });
    const notes = nationalNotes(result);
    const rsa = notes.find((n) => n.national.key === 'rsa');
    expect(rsa?.national.rate).toBe(0.34);
    expect(text).toMatch(new RegExp(`^Revenu de solidarité active \\(RSA\\) .* 34 % \\[${rsa?.n}\\]`, 'm'));
    expect(text).toMatch(new RegExp(`^\\[${rsa?.n}\\] Revenu de solidarité active \\(RSA\\) : 34 % \\(2018\\) .*DREES, Les Dossiers de la DREES n° 92, février 2022`, 'm'));
    expect(text).toMatch(/Par groupe \(national\) : femmes seules avec enfants 16 % \(ici, parent seul avec enfant\(s\) : (\d+ %|—)\) ; couples sans enfant 49 %/);
    expect(text).toMatch(/Minimum vieillesse \(ASPA\) des personnes seules : 50 % \(fin 2016\).*Les Dossiers de la DREES n° 97, mai 2022/);
    expect(text).toMatch(/Complémentaire santé solidaire \(les deux formes ensemble\) : 44 % \(2021\)/);
    // A synthetic population's claims are drawn at these rates: the report says the comparison means nothing there.
    expect(text).toMatch(/Population synthétique : si elle vient de seeds\/populations\/generate\.ts/);
    // The local rate of a note is that of its rules' counts.
    const aspa = result.rules.find((r) => r.id === 'aspa');
    expect(notes.find((n) => n.national.key === 'aspa')?.local).toBe(aspa === undefined ? undefined : nonTakeUpRate(aspa.counts));
  });

  it('the synthetic populations draw claims at the published national rates (one table for the generator and the reports)', () => {
    expect(nationalRateOf('rsa')?.source.publisher).toMatch(/Dossiers de la DREES n° 92/);
    expect(nationalRateOf('aspa')?.source.publisher).toMatch(/Dossiers de la DREES n° 97/);
    for (const n of NATIONAL_TAKE_UP.filter((x) => x.rules.length === 1)) expect(TAKE_UP[n.rules[0] as string]).toBeCloseTo(1 - n.rate, 2);
    expect(TAKE_UP.rsa).toBe(0.66);
    expect(TAKE_UP.aspa).toBe(0.5);
    // Every rate a number between 0 and 1, every source dated and addressed.
    for (const n of NATIONAL_TAKE_UP) {
      expect(n.rate).toBeGreaterThan(0);
      expect(n.rate).toBeLessThan(1);
      expect(n.source.published).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(n.source.url).toMatch(/^https:\/\/drees\.solidarites-sante\.gouv\.fr\//);
      for (const id of n.rules) expect(defaultCatalog().rules.some((r) => r.id === id)).toBe(true);
    }
  });

  it('turns a flat CSV row into a household with 12 months of stable income, empty cells unknown', () => {
    const h = csvRowToHousehold({ id: 'x', commune: '86194', couple_status: 'single', applicant_birth_date: '1950-01-01', applicant_income_kind: 'pension', applicant_monthly_income: '640.00', applicant_monthly_gross: '702.35', rfr_n2: '', claims: 'aspa=unaware' }, DATE);
    expect((h.incomes as unknown[]).length).toBe(12);
    expect(h).not.toHaveProperty('taxReturns');
    expect(h.claims).toEqual({ aspa: 'unaware' });
  });
});
