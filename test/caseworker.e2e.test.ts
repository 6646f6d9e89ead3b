/// <reference lib="dom" />
/**
 * The caseworker page in real Chromium (Debian's, driven by playwright-core): build it with Vite, serve
 * it on 127.0.0.1, fill the form for two people, check the rights shown, check that no request leaves
 * the page's own origin, and save screenshots in test/output/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === '1') throw new Error(`${CHROMIUM} is required (apt-get install -y chromium)`);
const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'examples/caseworker/dist');
const out = join(root, 'test/output');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.woff': 'font/woff', '.woff2': 'font/woff2', '.svg': 'image/svg+xml', '.png': 'image/png' };

let server: Server;
let browser: Browser;
let origin = '';

type Answer = string | boolean | { kind: string; amount: string } | { rfr: string; shares: string };

async function answer(page: Page, qid: string, value: Answer): Promise<void> {
  const el = page.locator(`[data-q="${qid}"]`).first();
  const tag = await el.evaluate((n) => n.tagName.toLowerCase());
  const id = (await el.getAttribute('id')) as string;
  if (qid === 'incomes' && typeof value === 'object' && 'kind' in value) {
    await page.selectOption(`#${id}-kind`, value.kind);
    await page.fill(`#${id}-amount`, value.amount);
    await page.click(`#${id}-ok`);
  } else if (typeof value === 'object' && 'rfr' in value) {
    await page.fill(`#${id}-shares`, value.shares);
    await page.fill(`#${id}`, value.rfr);
    await commit(page, id);
  } else if (typeof value === 'boolean') {
    await page.click(`label[for="${id}-${value ? 'oui' : 'non'}"]`);
  } else if (typeof value === 'string' && tag === 'select') {
    await page.selectOption(`#${id}`, value);
  } else if (typeof value === 'string') {
    await page.fill(`#${id}`, value);
    await commit(page, id);
  }
}

/** A text field commits its value on `change` (as when the caseworker leaves it); a date field already has. */
async function commit(page: Page, id: string): Promise<void> {
  await page.evaluate((elementId) => document.getElementById(elementId)?.dispatchEvent(new Event('change')), id);
}

/** Answers the questions the page asks, in its order, from a script, until `done` or no known question is left. */
async function fill(page: Page, script: Record<string, Answer>, done: () => Promise<boolean>): Promise<string[]> {
  const asked: string[] = [];
  for (let step = 0; step < 40 && !(await done()); step += 1) {
    const ids = await page.locator('#questions [data-q]').evaluateAll((els) => els.map((e) => e.getAttribute('data-q') as string));
    const next = ids.find((q) => q in script && !asked.includes(q));
    if (next === undefined) break;
    asked.push(next);
    await answer(page, next, script[next] as Answer);
  }
  return asked;
}

describe.skipIf(!available)('the caseworker form in Chromium', () => {
  beforeAll(async () => {
    execFileSync('npx', ['vite', 'build', '--config', 'examples/caseworker/vite.config.ts', '--logLevel', 'error'], { cwd: root, stdio: 'pipe' });
    mkdirSync(out, { recursive: true });
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] as string)).replace(/^(\.\.[/\\])+/, '');
      const file = join(dist, path === '/' ? 'index.html' : path);
      if (!file.startsWith(dist) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    origin = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  async function open(): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${origin}/?date=2026-11-24`);
    await page.waitForSelector('#questions');
    return { page, requests };
  }

  it('the Nantes 19-year-old: the CCAS coup de pouce is found, nothing leaves the page', async () => {
    const { page, requests } = await open();
    expect(await page.locator('#privacy').textContent()).toContain("rien n'est envoyé");
    await page.selectOption('#commune', '44109');
    const card = page.locator('#eligible [data-rule="nantes-ccas-coup-de-pouce-18-25"]');
    const asked = await fill(
      page,
      {
        'persons.p1.birthDate': '2007-06-20',
        'couple.status': 'single',
        incomes: { kind: 'other', amount: '120.00' },
        'persons.p1.nationality': 'fr',
        'persons.p1.activity': 'unemployed',
        'housing.status': 'hosted',
        'persons.p1.pregnant': false,
      },
      async () => (await card.count()) > 0,
    );
    expect(asked).toContain('persons.p1.birthDate');
    expect(await card.textContent()).toContain("jusqu'à 200 €");
    expect(await card.textContent()).toContain('CCAS de Nantes');
    // « Perçoit-il déjà cette aide ? » — « ne la connaissait pas »: non-take-up by lack of knowledge, still unclaimed;
    // « perçoit »: the 200 € leave the amounts not received.
    const claim = page.locator('select[data-claim="nantes-ccas-coup-de-pouce-18-25"]');
    await claim.selectOption('unaware');
    expect(await page.locator('select[data-claim="nantes-ccas-coup-de-pouce-18-25"]').inputValue()).toBe('unaware');
    expect(await page.locator('#unclaimed').textContent()).toMatch(/200 € une fois/);
    await page.locator('select[data-claim="nantes-ccas-coup-de-pouce-18-25"]').selectOption('receiving');
    expect(await page.locator('#unclaimed').textContent()).not.toMatch(/200 € une fois/);
    await page.screenshot({ path: join(out, 'caseworker-nantes-19-ans.png'), fullPage: true });
    expect(requests.filter((u) => !u.startsWith(origin))).toEqual([]);
    await page.close();
  }, 60_000);

  it('the separated Poitiers mother: the crèche price on her recent income', async () => {
    const { page, requests } = await open();
    await page.selectOption('#commune', '86194');
    await page.click('#add-child');
    await page.click('#add-child');
    const card = page.locator('#eligible [data-rule="poitiers-tarif-creche"]');
    await fill(
      page,
      {
        'persons.c1.birthDate': '2019-03-01',
        'persons.c2.birthDate': '2025-02-10',
        'persons.c1.schooling': 'elementaire',
        'persons.c2.schooling': 'creche',
        'couple.status': 'separated',
        'couple.since': '2026-08-15',
        'persons.p1.birthDate': '1991-05-12',
        incomes: { kind: 'salary', amount: '1450.00' },
        'taxReturns.2024': { rfr: '31200', shares: '3' },
      },
      async () => (await card.count()) > 0,
    );
    expect(await card.textContent()).toContain('0,75 €');
    expect(await page.locator('#unclaimed').textContent()).toMatch(/droits? repérés?/);
    // « Bientôt »: on 15 August 2027 the separation is 12 months old and the income base changes.
    const soon = (await page.locator('#soon').textContent()) ?? '';
    expect(soon).toMatch(/15 août 2027 — .*\(la séparation a 12 mois : la base de ressources change\)/);
    expect(await page.locator('#near').count()).toBe(1);
    await page.screenshot({ path: join(out, 'caseworker-poitiers-mere-separee.png'), fullPage: true });
    expect(requests.filter((u) => !u.startsWith(origin))).toEqual([]);
    await page.close();
  }, 60_000);
});
