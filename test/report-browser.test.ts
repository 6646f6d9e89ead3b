/**
 * Opens the barometer's HTML report in headless Chromium with every request blocked, and checks that
 * its charts are drawn (SVG marks present) and that the page asked nothing from the network.
 * Needs Debian's chromium (`.ci/run` installs it); set REQUIRE_BROWSER=1 to fail instead of skipping.
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { barometerHtml } from '../src/cli/report-html.js';
import { defaultCatalog, parseReform, simulateSync } from '../src/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { seed } from './helpers.js';
import { compareDates, withoutLaterIncomes } from '../src/simulate/compare-dates.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is required (apt-get install -y chromium)`);

describe.skipIf(!available)('the HTML report in a real browser, network off', () => {
  it('draws its charts and makes no request', async () => {
    const households = readdirSync(new URL('../seeds/households/', import.meta.url))
      .filter((f) => f.endsWith('.json'))
      .map((f) => seed(f.replace(/\.json$/, '')));
    const reform = parseReform(JSON.parse(readFileSync(new URL('../seeds/reforms/poitiers-revenus-recents.json', import.meta.url), 'utf8')));
    const result = simulateSync(households, { date: '2026-11-24', catalog: defaultCatalog(), reform });
    // The same households on 2026-06-30, before Poitiers' aids of 2026-07-01.
    const earlier = simulateSync(households.map((x) => withoutLaterIncomes(x, '2026-06-30').household), { date: '2026-06-30', catalog: defaultCatalog() });
    const comparison = compareDates(result, earlier, defaultCatalog());
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-report-'));
    const file = join(dir, 'report.html');
    const population = { title: 'foyers d’exemple', synthetic: true, source: 'seeds/households', generated: '2026-11-24', areas: { 'trois-cites': 'Trois-Cités' } };
    writeFileSync(file, await barometerHtml(result, { title: 'Baromètre du non-recours — foyers d’exemple', file: 'seeds/households', population }, comparison));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const context = await browser.newContext({ offline: true });
      const page = await context.newPage();
      const requests: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file://')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`);
      const charts = await page.locator('figure svg').count();
      expect(charts).toBeGreaterThanOrEqual(4);
      // Each chart has drawn marks (bars are SVG paths inside vega's mark groups).
      const marks = await page.locator('figure svg').evaluateAll((svgs) => svgs.map((s) => s.querySelectorAll('g.mark-rect path').length));
      expect(marks.every((n) => n > 0)).toBe(true);
      const text = await page.locator('body').innerText();
      // The title, and the synthetic population said prominently, before the figures.
      expect(await page.title()).toBe('Baromètre du non-recours — foyers d’exemple');
      expect(await page.locator('h1').innerText()).toBe('Baromètre du non-recours — foyers d’exemple');
      expect(await page.locator('.synthetic strong').first().innerText()).toMatch(/population synthétique/i);
      // The one-off amounts and the yearly total of the terminal: 12 × monthly + one-off.
      expect(text).toMatch(/d'aides ponctuelles non perçues/);
      expect(text).toMatch(/non perçus par an \(12 × mois \+ ponctuels\)/);
      const kpi = async (label: string) => (await page.locator('.kpi div', { hasText: label }).locator('strong').innerText()).replace(/\D/g, '');
      const [month, once, year] = [await kpi('non perçus par mois'), await kpi('aides ponctuelles'), await kpi('par an')];
      const round = (n: number) => Math.round(n);
      const total = result.rules.reduce((a, r) => ({ month: a.month + Number(r.money?.unclaimedPerMonth ?? 0), once: a.once + Number(r.money?.unclaimedOnce ?? 0) }), { month: 0, once: 0 });
      expect(Number(once)).toBe(round(total.once));
      expect(Number(once)).toBeGreaterThan(0);
      expect(Number(month)).toBe(round(total.month));
      expect(Math.abs(Number(year) - (12 * total.month + total.once))).toBeLessThanOrEqual(1);
      // Axis labels in French: thousands with a (narrow) no-break space, percents with a comma and a space.
      const ticks = await page.locator('figure svg .role-axis-label text').allTextContents();
      expect(ticks.some((t) => /^\d{1,3}[\u202f\u00a0]000$/.test(t))).toBe(true);
      expect(ticks.some((t) => /^\d+[\u202f\u00a0]%$/.test(t))).toBe(true);
      expect(ticks.some((t) => /\d,\d{3}/.test(t))).toBe(false);
      const bars = await page.locator('figure svg text').allTextContents();
      expect(bars.some((t) => /^\d+,\d[\u202f\u00a0]%$/.test(t))).toBe(true);
      // Full titles, never cut with an ellipsis; charts described in French.
      expect(bars.some((t) => t.includes('…'))).toBe(false);
      const labels = await page.locator('figure svg').evaluateAll((svgs) => svgs.map((s) => s.getAttribute('aria-label') ?? ''));
      expect(labels.every((l) => /^Barres horizontales/.test(l))).toBe(true);
      // The national rates beside the local ones: a column with footnote links, the footnotes with their sources, ticks on the rate chart.
      expect(await page.locator('th', { hasText: 'taux national publié' }).count()).toBe(1);
      const links = await page.locator('td a[href^="#national-"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
      expect(links.length).toBeGreaterThanOrEqual(2);
      for (const href of links) expect(await page.locator(href).count()).toBe(1);
      expect(await page.locator('#taux-nationaux').innerText()).toMatch(/Les Dossiers de la DREES n° 92/);
      expect(await page.locator('#taux-nationaux a[href^="https://drees.solidarites-sante.gouv.fr/"]').count()).toBeGreaterThanOrEqual(3);
      // The comparison of two dates, with the rights not in force at the earlier one said so.
      expect(await page.locator('#evolution h2').innerText()).toBe('Évolution du 30 juin 2026 au 24 novembre 2026');
      expect(await page.locator('#evolution').innerText()).toMatch(/pas en vigueur au 30 juin 2026/);
      // Nothing wider than the page at a laptop's width: tables fit or scroll inside their box.
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
      mkdirSync(new URL('./output/', import.meta.url), { recursive: true });
      await page.screenshot({ path: new URL('./output/barometre-exemple.png', import.meta.url).pathname, fullPage: true });
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
