/**
 * Opens the barometer's HTML report in headless Chromium with every request blocked, and checks that
 * its charts are drawn (SVG marks present) and that the page asked nothing from the network.
 * Needs Debian's chromium (`.ci/run` installs it); set REQUIRE_BROWSER=1 to fail instead of skipping.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { barometerHtml } from '../src/cli/report-html.js';
import { defaultCatalog, parseReform, simulateSync } from '../src/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { seed } from './helpers.js';

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
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, await barometerHtml(result, 'foyers d’exemple'));
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
      await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
