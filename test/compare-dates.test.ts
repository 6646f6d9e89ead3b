import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, simulateSync } from '../src/index.js';
import { compareDates, withoutLaterIncomes } from '../src/simulate/compare-dates.js';
import { formatBarometer } from '../src/cli/barometer.js';
import { barometerHtml } from '../src/cli/report-html.js';
import { clone, seed } from './helpers.js';

const root = new URL('..', import.meta.url).pathname;
const LATE = '2026-11-24';
const EARLY = '2026-06-30';
const poitiers = readdirSync(new URL('../seeds/households/', import.meta.url))
  .filter((f) => f.startsWith('poitiers-') && f.endsWith('.json'))
  .map((f) => seed(f.replace(/\.json$/, '')));

/** The population as the earlier date knows it: its incomes of later months left out. */
const atEarly = poitiers.map((h) => withoutLaterIncomes(h, EARLY).household);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the barometer at two dates', () => {
  const catalog = defaultCatalog();
  const late = simulateSync(poitiers, { date: LATE, catalog });
  const early = simulateSync(atEarly, { date: EARLY, catalog });
  const c = compareDates(late, early, catalog);

  it('orders the dates, whatever the order given, and reads every household at both', () => {
    expect([c.from, c.to]).toEqual([EARLY, LATE]);
    expect(compareDates(early, late, catalog)).toEqual(c);
    expect(c.households.to).toEqual({ total: poitiers.length, valid: poitiers.length, invalid: 0 });
    // The separated mother separated on 2026-08-15: on 2026-06-30 her record says what has not happened yet.
    expect(c.households.from).toEqual({ total: poitiers.length, valid: poitiers.length - 1, invalid: 1 });
    expect(early.invalidExamples[0]?.issues.join(' ')).toMatch(/couple\.since/);
  });

  it('per right in force at both dates: the change is the later figures minus the earlier ones, counts and money', () => {
    const both = c.rules.filter((r) => r.inForce === 'both');
    expect(both.length).toBeGreaterThan(3);
    for (const r of both) {
      expect(r.change).not.toBeNull();
      expect(r.change?.eligible).toBe(r.to.eligible - r.from.eligible);
      expect(r.change?.receiving).toBe(r.to.receiving - r.from.receiving);
      expect(r.change?.unclaimed).toBe(r.to.unclaimed - r.from.unclaimed);
      if (r.from.unclaimedPerYear !== null && r.to.unclaimedPerYear !== null) expect(Number(r.change?.unclaimedPerYear)).toBeCloseTo(Number(r.to.unclaimedPerYear) - Number(r.from.unclaimedPerYear), 2);
    }
    // The figures at each date are the simulation's own.
    const crecheLate = late.rules.find((r) => r.id === 'poitiers-tarif-creche');
    expect(c.rules.find((r) => r.id === 'poitiers-tarif-creche')?.to.eligible).toBe(crecheLate?.counts.eligible);
  });

  it('a right not in force at one of the dates says so, with no change, and its window', () => {
    // Poitiers' respite stays for single parents open on 2026-07-01.
    const repit = c.rules.find((r) => r.id === 'poitiers-sejours-repit-parents-solo');
    expect(repit).toMatchObject({ inForce: 'to', change: null, validity: { from: '2026-07-01', until: null } });
    expect(repit?.from.inForce).toBe(false);
    expect(repit?.to.eligible).toBeGreaterThanOrEqual(1);
    const text = formatBarometer(late, { title: 'Test', file: 'seeds', population: null }, c);
    expect(text).toMatch(/Évolution du 30 juin 2026 au 24 novembre 2026/);
    expect(text).toMatch(/pas en vigueur au 30 juin 2026 \(en vigueur depuis le 1er juillet 2026\)/);
  });

  it('totals add up over the rights concerned at each date (rights opening between the dates included)', () => {
    const sum = (pick: (r: (typeof c.rules)[number]) => number) => c.rules.reduce((a, r) => a + pick(r), 0);
    expect(c.totals.from.eligible).toBe(sum((r) => r.from.eligible));
    expect(c.totals.to.eligible).toBe(sum((r) => r.to.eligible));
    expect(c.totals.change.unclaimed).toBe(c.totals.to.unclaimed - c.totals.from.unclaimed);
  });

  it('names the other version of the same aid in force at the other date (CMU-C → CSS sans participation)', () => {
    const widow = seed('blois-veuve-70-ans');
    const at = (d: string) => simulateSync([withoutLaterIncomes(clone(widow), d).household], { date: d, catalog });
    const x = compareDates(at('2019-06-01'), at('2020-06-01'), catalog);
    const cmu = x.rules.find((r) => r.id === 'cmu-c');
    expect(cmu?.inForce).toBe('from');
    expect(cmu?.otherVersions.map((o) => o.id)).toEqual(['css-gratuite']);
    expect(x.rules.find((r) => r.id === 'css-gratuite')?.otherVersions.map((o) => o.id)).toEqual(['cmu-c']);
  });

  it('the HTML report shows the comparison', async () => {
    const html = await barometerHtml(late, { title: 'Test', file: 'seeds', population: null }, c);
    expect(html).toMatch(/<h2>Évolution du 30 juin 2026 au 24 novembre 2026<\/h2>/);
    expect(html).toMatch(/pas en vigueur au 30 juin 2026/);
  });
});

describe('withoutLaterIncomes', () => {
  it('leaves out the income records of months after the date, and nothing else', () => {
    const h = { id: 'x', incomes: [{ month: '2026-05', amount: '1.00' }, { month: '2026-06', amount: '2.00' }, { month: '2026-07', amount: '3.00' }] };
    const r = withoutLaterIncomes(h, '2026-06-30');
    expect(r.dropped).toBe(1);
    expect(r.household).toEqual({ id: 'x', incomes: [{ month: '2026-05', amount: '1.00' }, { month: '2026-06', amount: '2.00' }] });
    expect(h.incomes).toHaveLength(3);
    // Nothing to leave out, or not a household: the same value.
    expect(withoutLaterIncomes(h, '2026-12-01').household).toBe(h);
    expect(withoutLaterIncomes('texte', '2026-12-01').household).toBe('texte');
  });
});

describe('simulate --compare-date', () => {
  const dir = mkdtempSync(join(tmpdir(), 'non-recours-compare-'));
  const file = join(dir, 'poitiers.jsonl');
  writeFileSync(file, `${poitiers.map((h) => JSON.stringify(h)).join('\n')}\n`);

  it('prints both dates per right in the terminal, and the comparison in the JSON and the HTML', () => {
    const r = cli(['simulate', file, '--date', LATE, '--compare-date', EARLY, '--workers', '1', '--out', join(dir, 'r.html')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Évolution du 30 juin 2026 au 24 novembre 2026 : 3 foyers valides au 30 juin 2026 \(1 invalide à cette date\), 4 foyers valides au 24 novembre 2026\./);
    expect(r.stdout).toMatch(/Séjours de répit pour les parents seuls\s+pas en vigueur au 30 juin 2026/);
    const json = cli(['simulate', file, '--date', LATE, '--compare-date', EARLY, '--workers', '1', '--json']);
    const report = JSON.parse(json.stdout) as { date: string; comparison: { from: string; to: string; rules: { id: string; inForce: string }[]; laterIncomesIgnored: { date: string; records: number } | null } };
    expect(report.date).toBe(LATE);
    expect([report.comparison.from, report.comparison.to]).toEqual([EARLY, LATE]);
    expect(report.comparison.rules.find((x) => x.id === 'poitiers-sejours-repit-parents-solo')?.inForce).toBe('to');
    expect(report.comparison.laterIncomesIgnored?.date).toBe(EARLY);
    expect(report.comparison.laterIncomesIgnored?.records).toBeGreaterThan(0);
    // Without --compare-date, the JSON has no comparison.
    const plain = JSON.parse(cli(['simulate', file, '--date', LATE, '--workers', '1', '--json']).stdout) as Record<string, unknown>;
    expect(plain).not.toHaveProperty('comparison');
  }, 60_000);

  it('refuses a date that is not one, the same date, or a shard', () => {
    expect(cli(['simulate', file, '--date', LATE, '--compare-date', '2026-02-30']).code).toBe(64);
    expect(cli(['simulate', file, '--date', LATE, '--compare-date', LATE]).code).toBe(64);
    expect(cli(['simulate', file, '--date', LATE, '--compare-date', EARLY, '--shard', '1/2', '--out', join(dir, 'p.json')]).code).toBe(64);
  }, 60_000);
});
