/**
 * The packaging test: build, `npm pack`, install the tarball in an empty folder, and use it from ESM,
 * from CommonJS and through its `bin`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
let app = '';

const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed package', () => {
  beforeAll(() => {
    run('npx', ['tsup', '--silent'], root);
    const dir = mkdtempSync(join(tmpdir(), 'non-recours-pack-'));
    const tarball = run('npm', ['pack', '--silent', '--pack-destination', dir], root).trim().split('\n').pop() as string;
    app = join(dir, 'app');
    run('mkdir', ['-p', app], dir);
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true, "type": "module" }');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], app);
    writeFileSync(join(app, 'household.json'), readFileSync(join(root, 'seeds/households/blois-veuve-70-ans.json')));
  }, 180_000);

  it('imports from ESM', () => {
    const out = run(
      process.execPath,
      ['--input-type=module', '-e', "import { evaluateHousehold } from 'non-recours'; import { readFileSync } from 'node:fs'; const r = evaluateHousehold(JSON.parse(readFileSync('household.json','utf8')), { date: '2026-11-24' }); console.log(r.results.find((x) => x.id === 'aspa').status);"],
      app,
    );
    expect(out.trim()).toBe('eligible');
  });

  it('requires from CommonJS', () => {
    const out = run(process.execPath, ['-e', "const { defaultCatalog, compileCatalog } = require('non-recours'); console.log(compileCatalog(defaultCatalog(), '2026-11-24').rules.length > 0)"], app);
    expect(out.trim()).toBe('true');
  });

  it('installs none of the command line\'s own dependencies for a library user', () => {
    for (const name of ['vega', 'vega-lite', 'csv-parse', 'csv-stringify', 'cli-progress', 'hono', '@hono/node-server', '@duckdb/node-api']) {
      expect(existsSync(join(app, 'node_modules', name)), name).toBe(false);
    }
    expect(existsSync(join(app, 'node_modules/decimal.js'))).toBe(true);
  });

  it('says what to install when a command needs a missing optional package', () => {
    writeFileSync(join(app, 'population.csv'), 'commune,applicant_birth_date,applicant_monthly_income\n86194,1960-01-01,800\n');
    let stderr = '';
    let code = 0;
    try {
      run(join(app, 'node_modules/.bin/non-recours'), ['simulate', 'population.csv', '--date', '2026-11-24'], app);
    } catch (e) {
      stderr = String((e as { stderr?: unknown }).stderr);
      code = (e as { status?: number }).status ?? 0;
    }
    expect(code).toBe(64);
    expect(stderr).toMatch(/La lecture des populations CSV demande le paquet « csv-parse »/);
    expect(stderr).toMatch(/npm install vega vega-lite csv-parse/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  for (const [module, resolution] of [['NodeNext', 'NodeNext'], ['Node16', 'Node16'], ['ESNext', 'Bundler']] as const) {
    it(`its types compile for a consumer under module ${module} / moduleResolution ${resolution}, skipLibCheck false`, () => {
      const dir = join(app, `ts-${resolution.toLowerCase()}`);
      run('mkdir', ['-p', dir], app);
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module, moduleResolution: resolution, target: 'ES2022', strict: true, skipLibCheck: false, noEmit: true, types: [] }, files: ['main.ts'] }),
      );
      writeFileSync(
        join(dir, 'main.ts'),
        [
          "import { createEvaluator, defaultCatalog, evaluateHousehold, type Household, type Report, type RuleResult } from 'non-recours';",
          "import { formState } from 'non-recours/browser';",
          "const household: Household = { persons: [{ id: 'p1', role: 'applicant', birthDate: '1956-02-01' }] };",
          "const report: Report = evaluateHousehold(household, { date: '2026-11-24' });",
          'const first: RuleResult | undefined = report.results[0];',
          "const evaluator = createEvaluator(defaultCatalog(), { date: '2026-11-24' });",
          'const state = formState(evaluator.compiled, household);',
          'export const out: [string | undefined, boolean, string] = [first?.status, state.valid, evaluator.date];',
          '',
        ].join('\n'),
      );
      const tsc = join(root, 'node_modules/typescript/bin/tsc');
      expect(() => run(process.execPath, [tsc, '-p', dir], app)).not.toThrow();
    });
  }

  it('ships its licence and the documents its README points to', () => {
    expect(readFileSync(join(app, 'node_modules/non-recours/LICENSE'), 'utf8')).toMatch(/EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
    const readme = readFileSync(join(app, 'node_modules/non-recours/README.md'), 'utf8');
    const local = [...readme.matchAll(/\]\((?!https?:|#)([^)\s]+)\)/g)].map((m) => m[1] as string);
    const named = [...readme.matchAll(/`((?:docs|schema|rules)\/[^`*<>]+\.(?:md|json|png))`/g)].map((m) => m[1] as string);
    expect(local.length + named.length).toBeGreaterThan(3);
    for (const path of [...local, ...named]) expect(existsSync(join(app, 'node_modules/non-recours', path)), path).toBe(true);
  });

  it('ships its rules folder, the JSON Schema and a working bin', () => {
    const schema = JSON.parse(readFileSync(join(app, 'node_modules/non-recours/schema/household.schema.json'), 'utf8')) as { title: string };
    expect(schema.title).toMatch(/Foyer/);
    const out = run(join(app, 'node_modules/.bin/non-recours'), ['check', 'household.json', '--date', '2026-11-24'], app);
    expect(out).toMatch(/Allocation de solidarité aux personnes âgées/);
  });
});
