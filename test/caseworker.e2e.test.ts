/// <reference lib="dom" />
/**
 * The caseworker page in real Chromium (Debian's, driven by playwright-core): build it with Vite, serve
 * it on 127.0.0.1, fill the form for two people, check the rights shown, check that no request leaves
 * the page's own origin, run axe-core (WCAG 2.1 A and AA) at several steps, check amounts as typed, the
 * editable summary, what is shown before the commune and for which services, print the one-page A4
 * summary to PDF, and save screenshots and the PDF in test/output/.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalog } from '../src/index.js';

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

/** axe-core in the page: the violations of WCAG 2.0 and 2.1, levels A and AA, as « rule: targets » lines. */
async function axe(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.passes.length).toBeGreaterThan(10); // axe ran its rules (labels, contrast, ARIA…), not nothing
  return results.violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The id of the focused element and the question it belongs to. */
async function focused(page: Page): Promise<{ id: string; question: string | null; first: boolean }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const question = el?.closest('.question') ?? null;
    return { id: el?.id ?? '', question: question?.querySelector('[data-q]')?.getAttribute('data-q') ?? null, first: question !== null && question === document.querySelector('#questions .question') };
  });
}

/** Rules whose territory is national: the only ones shown before the commune is known. */
const NATIONAL = new Set(defaultCatalog().rules.filter((r) => r.territory.national === true).map((r) => r.id));

const POITIERS_MOTHER: Record<string, Answer> = {
  'persons.c1.birthDate': '2019-03-01',
  'persons.c2.birthDate': '2025-02-10',
  'persons.c1.schooling': 'elementaire',
  'persons.c2.schooling': 'creche',
  'couple.status': 'separated',
  'couple.since': '2026-08-15',
  'persons.p1.birthDate': '1991-05-12',
  incomes: { kind: 'salary', amount: '1 450,00' },
  'taxReturns.2024': { rfr: '31 200', shares: '3' },
  // Questions ranked by the money they settle come first: nationality (RSA, prime d'activité, AAH), the
  // incapacity rate (AAH), the housing (CSS), the activity.
  'persons.p1.nationality': 'fr',
  'persons.p1.disabilityRate': '0',
  'housing.status': 'tenant',
  'persons.p1.activity': 'employed',
};

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

  /** The separated Poitiers mother with two children, up to her crèche price. */
  async function poitiersMother(page: Page): Promise<void> {
    await page.selectOption('#commune', '86194');
    await page.click('#add-child');
    await page.click('#add-child');
    const card = page.locator('#eligible [data-rule="poitiers-tarif-creche"]');
    await fill(page, POITIERS_MOTHER, async () => (await card.count()) > 0);
  }

  async function open(): Promise<{ page: Page; requests: string[] }> {
    // A context of its own per page: axe-core's builder needs one (browser.newPage() pages are refused).
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, locale: 'fr-FR' });
    const page = await context.newPage();
    page.on('close', () => void context.close().catch(() => undefined));
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
    // « Perçoit-il déjà cette aide ? » not answered: the claim is unknown — neither received nor non-take-up, its
    // 200 € counted apart from the amounts not received, and the question still asked on the card.
    const claim = page.locator('select[data-claim="nantes-ccas-coup-de-pouce-18-25"]');
    const badge = async () => (await card.locator('.fr-badge').allTextContents()).filter((t) => t !== 'valeur illustrative');
    const unknownLine = async () => ((await page.locator('#claim-unknown').count()) === 0 ? '' : ((await page.locator('#claim-unknown').textContent()) ?? ''));
    expect(await claim.inputValue()).toBe('');
    expect(await badge()).toEqual(['perception non renseignée']);
    expect(await page.locator('#unclaimed').textContent()).not.toMatch(/200 € une fois/);
    expect(await unknownLine()).toMatch(/^Perception non renseignée pour \d+ droits? \(.*200 € une fois.*\), non comptée dans le non perçu : demander « Perçoit-il déjà cette aide \? » sur (sa|chaque) fiche\.$/);
    // « ne la connaissait pas »: non-take-up by lack of knowledge, now in the amounts not received.
    await claim.selectOption('unaware');
    expect(await page.locator('select[data-claim="nantes-ccas-coup-de-pouce-18-25"]').inputValue()).toBe('unaware');
    expect(await page.locator('#unclaimed').textContent()).toMatch(/200 € une fois non perçus/);
    expect(await unknownLine()).not.toMatch(/200 € une fois/);
    expect(await badge()).toEqual(['non perçu']);
    // « perçoit »: the 200 € leave the amounts not received, and are not « non renseignée » either.
    await page.locator('select[data-claim="nantes-ccas-coup-de-pouce-18-25"]').selectOption('receiving');
    expect(await page.locator('#unclaimed').textContent()).not.toMatch(/200 € une fois/);
    expect(await unknownLine()).not.toMatch(/200 € une fois/);
    expect(await badge()).toEqual(['déjà perçu']);
    await page.screenshot({ path: join(out, 'caseworker-nantes-19-ans.png'), fullPage: true });
    expect(requests.filter((u) => !u.startsWith(origin))).toEqual([]);
    await page.close();
  }, 60_000);

  it('the separated Poitiers mother: the crèche price on her recent income', async () => {
    const { page, requests } = await open();
    await poitiersMother(page);
    const card = page.locator('#eligible [data-rule="poitiers-tarif-creche"]');
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

  it('accessibility: one h1, labels, focus on the next question, results announced, no axe violation (WCAG 2.1 AA)', async () => {
    const { page } = await open();
    expect(await page.locator('h1').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    // The live region is in the page from the start, and says what the results are.
    expect(await page.locator('#announce').getAttribute('aria-live')).toBe('polite');
    expect(await page.locator('#announce').textContent()).toMatch(/^\d+ droits? trouvés?, \d+ à vérifier$/);
    await page.selectOption('#commune', '44109');
    expect(await axe(page)).toEqual([]);
    const script: Record<string, Answer> = {
      'persons.p1.birthDate': '2007-06-20',
      'couple.status': 'single',
      incomes: { kind: 'other', amount: '120,00' },
      'persons.p1.nationality': 'fr',
      'persons.p1.activity': 'unemployed',
      'housing.status': 'hosted',
      'persons.p1.pregnant': false,
    };
    // After each answer, the focus is on the first control of the first question asked now.
    for (let step = 0; step < 3; step += 1) {
      const ids = await page.locator('#questions [data-q]').evaluateAll((els) => els.map((e) => e.getAttribute('data-q') as string));
      const next = ids.find((q) => q in script) as string;
      await answer(page, next, script[next] as Answer);
      delete script[next];
      const f = await focused(page);
      expect(f.first).toBe(true);
      expect(f.question).not.toBe(next);
    }
    expect(await axe(page)).toEqual([]);
    await fill(page, script, async () => (await page.locator('#eligible [data-rule]').count()) >= 2);
    const eligible = await page.locator('#eligible [data-rule]').count();
    const toCheck = await page.locator('#to-check [data-rule]').count();
    expect(eligible).toBeGreaterThan(0);
    expect(await page.locator('#announce').textContent()).toBe(`${eligible} droit${eligible > 1 ? 's' : ''} trouvé${eligible > 1 ? 's' : ''}, ${toCheck} à vérifier`);
    // Every control has a label (axe checks it too); the summary's « Modifier » buttons say which answer.
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('#screen input, #screen select, #screen textarea'))
        .filter((el) => (el as HTMLInputElement).labels?.length === 0 && el.getAttribute('aria-label') === null)
        .map((el) => el.id),
    );
    expect(unlabelled).toEqual([]);
    // Visual order = DOM order: in each card, each part is below the one before it.
    const disorder = await page.evaluate(() =>
      Array.from(document.querySelectorAll('#results .rule .fr-card__content')).flatMap((c) => {
        const tops = Array.from(c.children).map((e) => e.getBoundingClientRect().top);
        return tops.some((t, i) => i > 0 && t < (tops[i - 1] as number)) ? [c.closest('[data-rule]')?.getAttribute('data-rule')] : [];
      }),
    );
    expect(disorder).toEqual([]);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(out, 'caseworker-accessibilite.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('amounts as people type them, or one message next to the field and no stale results', async () => {
    const { page } = await open();
    await page.selectOption('#commune', '44109');
    await fill(page, { 'persons.p1.birthDate': '2007-06-20', 'couple.status': 'single', 'persons.p1.nationality': 'fr' }, async () => (await page.locator('#q-incomes-amount').count()) > 0);
    await page.selectOption('#q-incomes-kind', 'other');
    await page.fill('#q-incomes-amount', '1,300,00');
    await page.click('#q-incomes-ok');
    const field = page.locator('#q-incomes-amount');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby')) as string;
    expect(await page.locator(`#${describedBy}`).textContent()).toMatch(/^Montant non reconnu/);
    expect(await field.inputValue()).toBe('1,300,00'); // what was typed stays, to be corrected
    expect(await page.locator('.fr-error-text').count()).toBe(1);
    expect(await page.locator('#issues').textContent()).toBe('');
    expect(await page.locator('#suspended').count()).toBe(1);
    expect(await page.locator('#results [data-rule]').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-incomes-amount');
    expect(await page.locator('#announce').textContent()).toMatch(/suspendus/);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(out, 'caseworker-montant-invalide.png'), fullPage: true });
    // Narrow no-break spaces, a euro sign, a decimal comma: read exactly.
    await page.fill('#q-incomes-amount', '1\u202f300,5 €');
    await page.click('#q-incomes-ok');
    expect(await page.locator('.fr-error-text').count()).toBe(0);
    expect(await page.locator('#suspended').count()).toBe(0);
    expect(await page.locator('#summary').textContent()).toContain('1300,50 € par mois'); // (no space in a four-digit number, as the library writes them)
    expect(await page.locator('#results [data-rule]').count()).toBeGreaterThan(0);
    await page.close();
  }, 60_000);

  it('the editable summary: every answer in French, changed in place, a person removed with their answers', async () => {
    const { page } = await open();
    await poitiersMother(page);
    const summary = page.locator('#summary');
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Commune de résidence : Poitiers');
    expect(text).toContain('Situation de couple : séparé');
    expect(text).toContain('Date de naissance : 1er mars 2019');
    expect(text).toContain('Scolarité : crèche');
    expect(text).toMatch(/Salaire : 1450,00 € par mois : de [a-zé]+ 20\d\d à octobre 2026/);
    // « Modifier » brings the question back with its current value.
    await page.click('#summary [data-edit="persons.c1.birthDate"]');
    const edit = page.locator('#summary form.edit input[type="date"]');
    expect(await edit.inputValue()).toBe('2019-03-01');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('date');
    await edit.fill('2018-09-30');
    await page.click('#summary form.edit button[type="submit"]');
    expect(await summary.textContent()).toContain('Date de naissance : 30 septembre 2018');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-edit'))).toBe('persons.c1.birthDate');
    // An amount changed in place, typed the French way.
    await page.click('#summary [data-edit^="incomes.p1.salary"]');
    expect(await page.locator('#summary form.edit input[id$="-amount"]').inputValue()).toBe('1450,00');
    await page.fill('#summary form.edit input[id$="-amount"]', '1 520');
    await page.click('#summary form.edit button[type="submit"]');
    expect(await summary.textContent()).toMatch(/Salaire : 1520,00 € par mois/);
    // « Retirer cette personne »: the child in crèche goes, with her answers and the crèche price.
    await page.click('#summary [data-remove="c2"]');
    expect(await page.locator('#summary [data-person="c2"]').count()).toBe(0);
    expect(await summary.textContent()).not.toContain('Scolarité : crèche');
    expect(await page.locator('[data-rule="poitiers-tarif-creche"]').count()).toBe(0);
    expect(await axe(page)).toEqual([]);
    await page.screenshot({ path: join(out, 'caseworker-recapitulatif-modifiable.png'), fullPage: true });
    await page.close();
  }, 90_000);

  it('national rights only until the commune is known; a tariff only for a service used or asked about', async () => {
    const { page } = await open();
    const shown = () => page.locator('#results [data-rule]').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule') as string));
    await answer(page, 'persons.p1.birthDate', '1991-05-12');
    expect((await shown()).length).toBeGreaterThan(0);
    expect((await shown()).filter((id) => !NATIONAL.has(id))).toEqual([]);
    expect(await page.locator('#national-only').count()).toBe(1);
    await page.selectOption('#commune', '86194');
    expect((await shown()).some((id) => !NATIONAL.has(id))).toBe(true);
    await page.click('#add-child');
    await answer(page, 'persons.c1.birthDate', '2019-03-01');
    // A child of school age: the canteen and after-school prices wait until the caseworker asks about them.
    expect((await shown()).filter((id) => /tarif/.test(id))).toEqual([]);
    // (DSFR draws the box on the label, which takes the click.)
    await page.locator('#services label', { hasText: 'cantine' }).click();
    expect(await page.locator('#services input[data-service="services.canteenMealsPerMonth"]').isChecked()).toBe(true);
    expect(await shown()).toContain('poitiers-tarif-cantine');
    expect(await shown()).not.toContain('poitiers-tarif-periscolaire');
    expect(await shown()).not.toContain('poitiers-tarif-creche');
    // A child in crèche: its price is shown without asking.
    await page.click('#add-child');
    const creche = page.locator('#results [data-rule="poitiers-tarif-creche"]');
    await fill(page, { ...POITIERS_MOTHER, 'persons.c1.schooling': 'elementaire' }, async () => (await creche.count()) > 0);
    expect(await shown()).toContain('poitiers-tarif-creche');
    expect(await shown()).not.toContain('poitiers-tarif-periscolaire');
    expect(await page.locator('#services input[data-service="services.crecheHoursPerMonth"]').isChecked()).toBe(true);
    await page.close();
  }, 60_000);

  it('the printed summary: one A4 page with the household, the rights, where to apply, next steps and the notice', async () => {
    const { page } = await open();
    await poitiersMother(page);
    await page.selectOption('select[data-claim="asf"]', 'unaware');
    const eligible = await page.locator('#eligible [data-rule]').count();
    expect(eligible).toBeGreaterThanOrEqual(3);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(out, 'caseworker-recapitulatif.pdf'), pdf);
    // Page objects (`/Type /Page`), not the page tree (`/Type /Pages`).
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    const recap = (await page.locator('#recap').innerText()).replace(/\s+/g, ' ');
    expect(recap).toContain('Le foyer');
    expect(recap).toContain(`Droits repérés (${eligible})`);
    expect(recap).toContain('Guichet famille de la Ville de Poitiers');
    expect(recap).toContain("dernier avis d'imposition");
    expect(recap).toContain('Prochaines étapes');
    // The ASF she did not know of is to apply for; the rights whose claim is not given are first to ask about.
    expect(recap).toMatch(/Faire la demande \(.*\) : « Allocation de soutien familial \(ASF\) »\./);
    expect(recap).toMatch(/Vérifier si la personne perçoit déjà « [^.]+ ; sinon, en faire la demande\./);
    expect(recap).toContain('(perception non renseignée)');
    expect(recap).toMatch(/Résultats indicatifs\..*ne vaut pas décision de l'organisme/);
    // The form is not printed.
    expect(await page.locator('#screen').isVisible()).toBe(false);
    expect(await page.locator('#recap select, #recap input, #recap button').count()).toBe(0);
    await page.screenshot({ path: join(out, 'caseworker-impression.png'), fullPage: true });
    if (existsSync('/usr/bin/pdftoppm')) execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', join(out, 'caseworker-recapitulatif.pdf'), join(out, 'caseworker-recapitulatif-page-1')]);
    await page.close();
  }, 90_000);
});
