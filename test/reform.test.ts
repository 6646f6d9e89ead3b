import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, HOUSEHOLD_TYPES, parseReform, simulateSync, type ReformResult, type SimulationResult } from '../src/index.js';
import { REFORM_METRICS } from '../src/simulate/simulate.js';

const DATE = '2026-11-24';
const population = (city: string): unknown[] =>
  gunzipSync(readFileSync(new URL(`../seeds/populations/${city}.jsonl.gz`, import.meta.url)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as unknown);
const cents = (s: string): number => Math.round(Number(s) * 100);

/** What must hold of any reform's result: entrants and leavers add up, per rule and per household type. */
function expectConsistent(result: SimulationResult, reform: ReformResult): void {
  for (const d of reform.rules) {
    expect(d.newlyEligible - d.noLongerEligible, d.id).toBe(d.eligibleReform - d.eligibleBaseline);
    // The baseline is the barometer's own catalog: same eligible count.
    expect(d.eligibleBaseline, d.id).toBe(result.rules.find((r) => r.id === d.id)?.counts.eligible);
    expect(d.leftToUndetermined).toBeLessThanOrEqual(Math.min(d.noLongerEligible, d.becameUndetermined));
    expect(d.enteredFromUndetermined).toBeLessThanOrEqual(Math.min(d.newlyEligible, d.noLongerUndetermined));
    // A service or tariff gains or loses in euros only for households eligible before and after.
    if (d.inKind) expect(d.winners + d.losers).toBeLessThanOrEqual(d.eligibleBaseline - d.noLongerEligible);
    for (const [type, c] of Object.entries(d.byType)) {
      expect(HOUSEHOLD_TYPES).toContain(type);
      expect(c.newlyEligible - c.noLongerEligible, `${d.id} × ${type}`).toBe(c.eligibleReform - c.eligibleBaseline);
    }
    // The rule's totals are the sums over household types.
    for (const m of REFORM_METRICS) expect(Object.values(d.byType).reduce((a, c) => a + c[m], 0), `${d.id} ${m}`).toBe(d[m]);
    expect(Object.values(d.byType).reduce((a, c) => a + cents(c.gainsPerMonth), 0)).toBe(cents(d.gainsPerMonth));
    expect(Object.values(d.byType).reduce((a, c) => a + cents(c.lossesPerMonth), 0)).toBe(cents(d.lossesPerMonth));
    if (!d.inKind) expect(cents(d.costPerMonth)).toBe(cents(d.perMonthReform) - cents(d.perMonthBaseline));
  }
  const types = Object.values(reform.byType);
  expect(types.reduce((a, w) => a + w.households, 0)).toBe(result.households.valid);
  for (const w of types) {
    expect(w.winners + w.losers + w.unknown).toBeLessThanOrEqual(w.households);
    expect(w.becameUndetermined).toBeLessThanOrEqual(w.unknown);
  }
}

describe('reform: winners, losers, entrants and leavers', () => {
  it('add up on the bundled Poitiers reform, per rule and per household type', () => {
    const reform = parseReform(JSON.parse(readFileSync(new URL('../seeds/reforms/poitiers-revenus-recents.json', import.meta.url), 'utf8')));
    const result = simulateSync(population('poitiers'), { date: DATE, catalog: defaultCatalog(), reform });
    const f = result.reform;
    if (f === null) throw new Error('no reform result');
    expectConsistent(result, f);
    // Recent income for single parents: respite stays open to more of them (an aid: winners in euros).
    const respite = f.rules.find((d) => d.id === 'poitiers-sejours-repit-parents-solo');
    expect(respite?.inKind).toBe(false);
    expect(respite?.newlyEligible).toBeGreaterThan(0);
    expect(respite?.byType['parent-seul']?.winners).toBe(respite?.byType['parent-seul']?.newlyEligible);
    // The crèche is cheaper for most single parents (dearer for one whose recent income is above its N-2
    // income); the households it no longer knows became « à vérifier », none left it for certain.
    const creche = f.rules.find((d) => d.id === 'poitiers-tarif-creche');
    expect(creche?.inKind).toBe(true);
    expect(creche?.byType['parent-seul']?.winners).toBeGreaterThan(10 * (creche?.byType['parent-seul']?.losers ?? 0));
    expect(creche?.leftToUndetermined).toBe(creche?.noLongerEligible);
    expect(cents(creche?.gainsPerMonth ?? '0') - cents(creche?.lossesPerMonth ?? '0')).toBe(cents(creche?.costPerMonth ?? '0'));
    const single = f.byType['parent-seul'];
    expect(single?.winners).toBeGreaterThan(10 * (single?.losers ?? 0));
  }, 120_000);

  it('counts a service newly open apart from euros: a lower minimum age for Blois\' mutuelle', () => {
    const reform = parseReform({
      id: 'blois-mutuelle-des-18-ans',
      title: 'Blois : la mutuelle solidaire dès 18 ans plutôt que dès 60 ans',
      baseline: { title: 'Dès 60 ans', parameters: { 'blois.mutuelle.age-minimum': { values: [{ from: '2020-01-01', value: 60 }] } } },
      reform: { title: 'Dès 18 ans', parameters: { 'blois.mutuelle.age-minimum': { values: [{ from: '2020-01-01', value: 18 }] } } },
    });
    const result = simulateSync(population('blois').slice(0, 3000), { date: DATE, catalog: defaultCatalog(), reform });
    const f = result.reform;
    if (f === null) throw new Error('no reform result');
    expectConsistent(result, f);
    const mutuelle = f.rules.find((d) => d.id === 'blois-mutuelle-solidaire');
    expect(mutuelle?.inKind).toBe(true);
    expect(mutuelle?.newlyEligible).toBeGreaterThan(0);
    expect(mutuelle?.noLongerEligible).toBe(0);
    // A gain that is not money: no winner in euros for the rule, no euros, no cost…
    expect(mutuelle?.winners).toBe(0);
    expect(mutuelle?.gainsPerMonth).toBe('0.00');
    expect(mutuelle?.costPerMonth).toBe('0.00');
    // …but households newly eligible to a service, winners with no euros counted.
    const young = f.byType['seul-18-25'];
    expect(young?.newlyEligibleInKind).toBeGreaterThan(0);
    expect(young?.winners).toBeGreaterThan(0);
    expect(young?.gainsPerMonth).toBe('0.00');
    const inKind = Object.values(f.byType).reduce((a, w) => a + w.newlyEligibleInKind, 0);
    expect(inKind).toBe(mutuelle?.newlyEligible);
  }, 120_000);
});
