/**
 * The packaging test: build, `npm pack`, install the tarball in an empty folder, and use it from ESM,
 * from CommonJS and through its `bin`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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
    writeFileSync(join(app, 'package.json'), '{ "name": "app", "private": true }');
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

  it('ships its rules folder, the JSON Schema and a working bin', () => {
    const schema = JSON.parse(readFileSync(join(app, 'node_modules/non-recours/schema/household.schema.json'), 'utf8')) as { title: string };
    expect(schema.title).toMatch(/Foyer/);
    const out = run(join(app, 'node_modules/.bin/non-recours'), ['check', 'household.json', '--date', '2026-11-24'], app);
    expect(out).toMatch(/Allocation de solidarité aux personnes âgées/);
  });
});
