/**
 * One household's report: an eligible right whose claim is not given is « perception non renseignée »
 * (`claimUnknown`), never non-take-up — as in the barometer. Only the rights known not to be received are
 * `unclaimed` and summed in `unclaimed.totals`.
 */
import { describe, expect, it } from 'vitest';
import { defaultCatalog, evaluateHousehold, simulateSync, type Report } from '../src/index.js';
import { formatReport } from '../src/cli/table.js';
import { Money } from '../src/money.js';
import { clone, seed } from './helpers.js';

const DATE = '2026-11-24';

/** A Poitiers single parent without alimony: nine rights eligible on the 24 November 2026. */
function parent(claims?: Record<string, string>): Record<string, unknown> {
  const { claims: _, ...h } = clone(seed('poitiers-parent-seul-sans-pension'));
  return claims === undefined ? h : { ...h, claims };
}

const eligible = (r: Report) => r.results.filter((x) => x.status === 'eligible');
const byId = (r: Report, id: string) => r.results.find((x) => x.id === id);

/** What the report's totals should be: the sum per period of the euro amounts of the given rules, tariffs left out. */
function expectedTotals(report: Report, ids: readonly string[]) {
  const sums = new Map<string, Money>();
  for (const id of ids) {
    const r = byId(report, id);
    if (r?.amount === null || r?.amount === undefined || r.kind === 'tariff' || r.amount.currency !== 'EUR') continue;
    sums.set(r.amount.period, (sums.get(r.amount.period) ?? new Money(0)).plus(r.amount.value));
  }
  // In the report's order of periods: months first.
  const order = ['month', 'year', 'quarter', 'week', 'day', 'once', 'hour', 'meal'];
  return [...sums].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)).map(([period, v]) => ({ value: v.toFixed(2), period, currency: 'EUR' }));
}

describe('a household whose claims are not given', () => {
  for (const [what, household] of [
    ['without claims', parent()],
    ['with empty claims', parent({})],
  ] as const) {
    it(`${what}: no non-take-up, no unclaimed total; every eligible right is claim unknown, its money apart`, () => {
      const report = evaluateHousehold(household, { date: DATE });
      const ids = eligible(report).map((r) => r.id);
      expect(ids.length).toBeGreaterThanOrEqual(5);
      expect(report.unclaimed).toEqual({ count: 0, rules: [], totals: [] });
      expect(report.claimUnknown.count).toBe(ids.length);
      expect(report.claimUnknown.rules).toEqual(ids);
      expect(report.claimUnknown.totals).toEqual(expectedTotals(report, ids));
      expect(report.claimUnknown.totals.length).toBeGreaterThan(0);
      for (const r of report.results) {
        expect(r.unclaimed, r.id).toBe(false);
        expect(r.claimUnknown, r.id).toBe(r.status === 'eligible');
        expect(r.claim, r.id).toBeNull();
      }
    });
  }

  it('the terminal table says « non renseignée », never « non-recours », and gives the unknown total apart', () => {
    const text = formatReport(evaluateHousehold(parent(), { date: DATE }));
    expect(text).not.toMatch(/← non-recours/);
    expect(text).toMatch(/^Non-recours : aucun droit éligible déclaré non perçu\.$/m);
    expect(text).toMatch(/^Perception non renseignée \(non comptée dans le non-recours\) : \d+ droits éligibles, soit .*€.* — demander au foyer s'il les perçoit déjà\.$/m);
  });
});

describe('a household that says it receives one right and did not know another', () => {
  const report = evaluateHousehold(parent({ 'prime-activite': 'receiving', asf: 'unaware' }), { date: DATE });

  it('the first is received, the second unclaimed with its cause, the rest claim unknown', () => {
    expect(byId(report, 'prime-activite')).toMatchObject({ status: 'eligible', claim: 'receiving', unclaimed: false, claimUnknown: false });
    expect(byId(report, 'asf')).toMatchObject({ status: 'eligible', claim: 'unaware', unclaimed: true, claimUnknown: false });
    const rest = eligible(report).filter((r) => r.id !== 'prime-activite' && r.id !== 'asf');
    expect(rest.length).toBeGreaterThan(0);
    for (const r of rest) expect(r, r.id).toMatchObject({ claim: null, unclaimed: false, claimUnknown: true });
    // Not eligible, or « à vérifier »: neither non-take-up nor claim unknown.
    for (const r of report.results.filter((x) => x.status !== 'eligible')) expect([r.unclaimed, r.claimUnknown], r.id).toEqual([false, false]);
  });

  it('the unclaimed totals count the ASF only; the unknown totals the rest; the received right in neither', () => {
    const asf = byId(report, 'asf')?.amount;
    expect(asf).toMatchObject({ period: 'month', currency: 'EUR' });
    expect(report.unclaimed).toEqual({ count: 1, rules: ['asf'], totals: [{ value: asf?.value, period: 'month', currency: 'EUR' }] });
    const rest = eligible(report).filter((r) => r.claimUnknown).map((r) => r.id);
    expect(report.claimUnknown).toEqual({ count: rest.length, rules: rest, totals: expectedTotals(report, rest) });
    expect(report.claimUnknown.rules).not.toContain('prime-activite');
    // Each eligible right is in exactly one group: received, unclaimed, claim unknown.
    const received = eligible(report).filter((r) => r.claim === 'receiving').length;
    expect(received + report.unclaimed.count + report.claimUnknown.count).toBe(eligible(report).length);
  });

  it('the terminal table gives the Odenore cause of the unclaimed right and asks about the others', () => {
    const text = formatReport(report);
    expect(text).toMatch(/Allocation de soutien familial \(ASF\) .* inconnu de la personne {2}← non-recours \(non-connaissance\)/);
    expect(text).toMatch(/Prime d'activité .* perçu$/m);
    expect(text).toMatch(/Chèque énergie .* non renseignée {2}← perçoit-il déjà \?/);
    expect(text).toMatch(/^Non-recours : 1 droit éligible non perçu, soit 201,78 € par mois\.$/m);
    expect(text).toMatch(/^Perception non renseignée \(non comptée dans le non-recours\) : /m);
  });

  it('agrees with the barometer of a population of this one household, rule by rule', () => {
    const household = parent({ 'prime-activite': 'receiving', asf: 'unaware' });
    const sim = simulateSync([household], { date: DATE, catalog: defaultCatalog() });
    for (const r of report.results) {
      const counts = sim.rules.find((x) => x.id === r.id)?.counts;
      expect(counts, r.id).toBeDefined();
      expect({ receiving: counts?.receiving, unclaimed: counts?.unclaimed, claimUnknown: counts?.claimUnknown }, r.id).toEqual({
        receiving: r.status === 'eligible' && r.claim === 'receiving' ? 1 : 0,
        unclaimed: r.unclaimed ? 1 : 0,
        claimUnknown: r.claimUnknown ? 1 : 0,
      });
    }
  });
});
