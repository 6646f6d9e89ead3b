import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateHousehold, type Report } from '../src/index.js';

const root = new URL('..', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('non-recours CLI', () => {
  it('check prints a French table for the seed households', () => {
    const r = cli(['check', 'seeds/households/blois-veuve-70-ans.json', '--date', '2026-11-24']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/évalué au 24 novembre 2026/);
    expect(r.stdout).toMatch(/Allocation de solidarité aux personnes âgées/);
    expect(r.stdout).toMatch(/Résultat indicatif/);
  });

  it('check --json prints the report object of evaluateHousehold', () => {
    const r = cli(['check', 'seeds/households/nantes-jeune-19-ans.json', '--date', '2026-11-24', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['date', 'notice', 'household', 'results', 'questions', 'unclaimed', 'claimUnknown']);
    expect(report.date).toBe('2026-11-24');
  });

  it('check --json is the library report, claim unknown apart from the unclaimed totals; the table says the same', () => {
    const file = 'seeds/households/poitiers-parent-seul-sans-pension.json';
    const json = cli(['check', file, '--date', '2026-11-24', '--json']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report).toEqual(JSON.parse(JSON.stringify(evaluateHousehold(JSON.parse(readFileSync(join(root, file), 'utf8')), { date: '2026-11-24' }))));
    // Her claims give the ASF (« unaware »), the respite stays, the canteen (« receiving ») and after-school care; not the prime d'activité.
    expect(report.unclaimed.rules).toEqual(['asf', 'poitiers-sejours-repit-parents-solo', 'poitiers-tarif-periscolaire']);
    expect(report.claimUnknown.rules).toContain('prime-activite');
    expect(report.results.find((r) => r.id === 'prime-activite')).toMatchObject({ status: 'eligible', claim: null, unclaimed: false, claimUnknown: true });
    const table = cli(['check', file, '--date', '2026-11-24']);
    expect(table.stdout).toMatch(/^Non-recours : 3 droits éligibles non perçus, soit 201,78 € par mois \+ 300 € une fois\.$/m);
    expect(table.stdout).toMatch(new RegExp(`^Perception non renseignée \\(non comptée dans le non-recours\\) : ${report.claimUnknown.count} droits éligibles, soit `, 'm'));
    expect(table.stdout).toMatch(/Prime d'activité .* non renseignée {2}← perçoit-il déjà \?/);
  });

  it('an invalid household exits non-zero with French messages naming each field', () => {
    const r = cli(['check', 'test/fixtures/foyer-invalide.json', '--date', '2026-11-24']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/persons\[0\]\.birthDate : date impossible/);
    expect(r.stderr).toMatch(/incomes\[0\]\.amount : montant négatif/);
  });

  it('a broken rule folder exits non-zero naming the file and the JSON path', () => {
    const r = cli(['check', 'seeds/households/blois-veuve-70-ans.json', '--date', '2026-11-24', '--rules', 'test/fixtures/regles-cassees']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/aide-cassee\.json: conditions\.all\[0\]\.operator: opérateur inconnu « isAdult »/);
  });

  it('rules lint names a broken file of a municipality folder, and passes on the bundled catalog', () => {
    const broken = cli(['rules', 'lint', 'test/fixtures/regles-cassees']);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/aide-cassee\.json: conditions\.all\[0\]\.operator/);
    const ok = cli(['rules', 'lint']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/règles vérifiées : 0 erreur/);
  });

  it('rules test passes on the bundled catalog and fails, naming the case, when one expected amount is changed', () => {
    const ok = cli(['rules', 'test', 'rules']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/cas dans 37 fichiers : \d+ réussis, 0 en échec/);
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-cases-'));
    const cases = readFileSync('rules/national/rsa.cases.json', 'utf8');
    expect(cases).toContain('"amount": "351.69"');
    writeFileSync(join(dir, 'rsa.cases.json'), cases.replace('"amount": "351.69"', '"amount": "351.70"'));
    const bad = cli(['rules', 'test', 'rules', '--cases', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/ÉCHEC .*rsa — « 2026, seul sans enfant, locataire sans aide au logement, 300 €\/mois : 651,69 − 300 = 351\.69 »/);
    expect(bad.stdout).toMatch(/montant : attendu "351\.70", obtenu "351\.69"/);
    expect(bad.stdout).toMatch(/1 en échec/);
  });

  it('check --outlook prints what opens soon, dated: ASPA on the 65th birthday', () => {
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-outlook-'));
    const h = JSON.parse(readFileSync('seeds/households/blois-veuve-70-ans.json', 'utf8')) as { persons: Record<string, unknown>[] };
    h.persons[0] = { ...h.persons[0], birthDate: '1962-01-15' };
    writeFileSync(join(dir, 'h.json'), JSON.stringify(h));
    const r = cli(['check', join(dir, 'h.json'), '--date', '2026-11-24', '--outlook', '12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Bientôt/);
    expect(r.stdout).toMatch(/15 janvier 2027 — Allocation de solidarité aux personnes âgées \(ASPA\) ouvre — anniversaire de p1 \(65 ans\)/);
    expect(cli(['check', join(dir, 'h.json'), '--date', '2026-11-24', '--outlook', 'deux']).code).toBe(64);
  });

  it('simulate reads a population, prints the barometer and writes the report files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-sim-'));
    const r = cli(['simulate', 'seeds/populations/blois.jsonl.gz', '--date', '2026-11-24', '--out', join(dir, 'b.html')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Baromètre du non-recours/);
    expect(r.stdout).toMatch(/10\s000 foyers lus/);
    // The title names the communes of the population (from blois.meta.json beside it), never the file.
    expect(r.stdout).toMatch(/^Baromètre du non-recours — Blois, Vineuil et La Chaussée-Saint-Victor — au 24 novembre 2026\n/);
    expect(r.stdout).toMatch(/Population synthétique/);
    for (const ext of ['html', 'json', 'csv', 'data.csv']) expect(existsSync(join(dir, `b.${ext}`))).toBe(true);
  });

  it('the report is byte for byte the same under TZ=Pacific/Tahiti and TZ=UTC', () => {
    const args = ['check', 'seeds/households', '--date', '2026-11-24', '--json'];
    const tahiti = cli(args, { TZ: 'Pacific/Tahiti' });
    const utc = cli(args, { TZ: 'UTC' });
    expect(tahiti.code).toBe(0);
    expect(tahiti.stdout.length).toBeGreaterThan(1000);
    expect(tahiti.stdout).toBe(utc.stdout);
  });

  it('a day that a time zone skipped is still a date there: 2011-12-30 under TZ=Pacific/Apia (zod path and evaluation date)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'non-recours-apia-')), 'apia.json');
    writeFileSync(file, JSON.stringify({ id: 'apia', commune: '86194', persons: [{ id: 'p1', role: 'applicant', birthDate: '2011-12-30' }] }));
    for (const TZ of ['Pacific/Apia', 'UTC']) {
      const r = cli(['check', file, '--date', '2011-12-30', '--json'], { TZ });
      expect(r.code, `${TZ} : ${r.stderr}`).toBe(0);
      expect((JSON.parse(r.stdout) as { date: string }).date).toBe('2011-12-30');
    }
  });

  it('without --date, the CLI uses today and the report states it', () => {
    const r = cli(['check', 'seeds/households/blois-veuve-70-ans.json', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { date: string }).date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('schema household prints the JSON Schema', () => {
    const r = cli(['schema', 'household']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { properties: Record<string, unknown> }).properties).toHaveProperty('persons');
  });
});
