import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { defaultCatalog, parseReform, simulate, simulateSync } from '../src/index.js';
import { nonTakeUpRate } from '../src/simulate/simulate.js';
import { csvRowToHousehold } from '../src/simulate/csv.js';
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

  it('turns a flat CSV row into a household with 12 months of stable income, empty cells unknown', () => {
    const h = csvRowToHousehold({ id: 'x', commune: '86194', couple_status: 'single', applicant_birth_date: '1950-01-01', applicant_income_kind: 'pension', applicant_monthly_income: '640.00', applicant_monthly_gross: '702.35', rfr_n2: '', claims: 'aspa=unaware' }, DATE);
    expect((h.incomes as unknown[]).length).toBe(12);
    expect(h).not.toHaveProperty('taxReturns');
    expect(h.claims).toEqual({ aspa: 'unaware' });
  });
});
