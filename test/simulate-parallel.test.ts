import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const DATE = '2026-11-24';
const REFORM = 'seeds/reforms/poitiers-revenus-recents.json';
const dir = mkdtempSync(join(tmpdir(), 'non-recours-parallel-'));

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const read = (path: string): string => readFileSync(path, 'utf8');
/** The three report files of `--out <base>.html`. */
const reports = (base: string) => ({ html: read(`${base}.html`), json: read(`${base}.json`), csv: read(`${base}.csv`) });

/**
 * The first 2,500 households of Poitiers (three batches of 1,000 for the workers), one record in 97 made
 * invalid (26 of them, in every batch): more than the 20 examples a result keeps, so that which ones are kept
 * depends on merging by index.
 */
const lines = gunzipSync(readFileSync(join(root, 'seeds/populations/poitiers.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter((l) => l !== '')
  .slice(0, 2500)
  .map((l, i) => {
    if (i % 97 !== 5) return l;
    const h = JSON.parse(l) as { persons: { birthDate: string }[] };
    (h.persons[0] as { birthDate: string }).birthDate = '2024-02-30';
    return JSON.stringify(h);
  });
const population = join(dir, 'poitiers-2500.jsonl');
const part = (i: number) => join(dir, `part-${i}.json`);
/** Runs of the command line take seconds each (tsx, the catalog compiled per thread) on a loaded machine. */
const SLOW = { timeout: 240_000 };
/** The terminal text of the whole run on one worker (its report files are `w1.*`). */
let whole = '';
writeFileSync(population, `${lines.join('\n')}\n`);

describe('simulate --workers', () => {
  it('gives byte for byte the same terminal text and HTML, JSON and CSV reports on 1 and 2 workers', SLOW, () => {
    const one = cli(['simulate', population, '--date', DATE, '--reform', REFORM, '--workers', '1', '--out', join(dir, 'w1.html')]);
    const two = cli(['simulate', population, '--date', DATE, '--reform', REFORM, '--workers', '2', '--out', join(dir, 'w2.html')]);
    expect(one.code).toBe(0);
    expect(two.code).toBe(0);
    expect(one.stdout).toMatch(/2500 foyers lus, 2474 valides, 26 invalides/);
    expect(two.stdout).toBe(one.stdout);
    whole = one.stdout;
    const a = reports(join(dir, 'w1'));
    const b = reports(join(dir, 'w2'));
    expect(b.json).toBe(a.json);
    expect(b.csv).toBe(a.csv);
    expect(b.html).toBe(a.html);
    // The invalid records kept are the first 20 of the file, each named by its index.
    const result = JSON.parse(a.json) as { invalidExamples: { index: number }[]; reform: unknown };
    expect(result.invalidExamples.map((x) => x.index)).toEqual(Array.from({ length: 20 }, (_, k) => 5 + 97 * k));
    expect(result.reform).not.toBeNull();
  });

  it('stops at the first line that is not JSON, with the same message on 1 and 2 workers, after blank and CRLF lines', SLOW, () => {
    // Lines of about 3.5 kB: batches of about 1 MB hold some 300 lines, so the two broken lines are in the
    // 3rd and the 7th batch, evaluated on different workers; the first one of the file is reported.
    const broken = lines.map((l, i) => (i === 1999 ? l.slice(0, 40) : i === 899 ? `${l.slice(0, -1)},}` : l));
    const file = join(dir, 'broken.jsonl');
    // Blank lines and CRLF endings before: line numbers count every line, as readline counts them.
    writeFileSync(file, `\n  \r\n${broken.join('\r\n')}\n`);
    const one = cli(['simulate', file, '--date', DATE, '--workers', '1']);
    const two = cli(['simulate', file, '--date', DATE, '--workers', '2']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/broken\.jsonl : ligne 902 : JSON illisible\./);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout).toBe('');
  });

  it('reports a worker out of its heap in French, naming the limit and what to do (--worker-heap), exit 1', SLOW, () => {
    const r = cli(['simulate', population, '--date', DATE, '--workers', '2', '--worker-heap', '16', '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe("non-recours simulate : un fil de calcul a dépassé sa mémoire (16 Mo de tas) : relancez avec un tas plus grand (--worker-heap <Mo>), ou avec --workers 1 (sans limite de tas) ; rien n'est simulé");
  });

  it('refuses a worker heap that is not a whole number of MB, at least 16', () => {
    for (const bad of ['8', '0', '1.5', 'beaucoup']) {
      const r = cli(['simulate', population, '--date', DATE, '--worker-heap', bad]);
      expect(r.code).toBe(64);
      expect(r.stderr).toMatch(/--worker-heap attend la mémoire de tas de chaque fil de calcul, en Mo, un entier d'au moins 16/);
    }
  });

  it('refuses a number of workers that is not a positive integer', () => {
    const r = cli(['simulate', population, '--date', DATE, '--workers', '0']);
    expect(r.code).toBe(64);
    expect(r.stderr).toMatch(/--workers attend un nombre entier/);
  });
});

describe('simulate --shard and merge', () => {

  it('three shards merged give the report of the whole run, byte for byte', SLOW, () => {
    expect(whole).toMatch(/Baromètre du non-recours/);
    for (const i of [1, 2, 3]) {
      const r = cli(['simulate', population, '--date', DATE, '--reform', REFORM, '--shard', `${i}/3`, '--workers', i === 2 ? '1' : '2', '--out', part(i)]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`Part ${i}/3 : 8\\d\\d foyers sur 2500`));
    }
    const shard = JSON.parse(read(part(2))) as { format: string; version: number; shard: unknown; date: string; catalog: { fingerprint: string; rules: string[] }; reform: { id: string } };
    expect(shard).toMatchObject({ format: 'non-recours-shard', version: 2, shard: { index: 2, count: 3 }, date: DATE, reform: { id: 'poitiers-revenus-recents' } });
    expect(shard.catalog.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
    // In any order of the files.
    const merged = cli(['merge', part(3), part(1), part(2), '--out', join(dir, 'merged.html')]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(whole);
    const a = reports(join(dir, 'w1'));
    const b = reports(join(dir, 'merged'));
    expect(b.json).toBe(a.json);
    expect(b.csv).toBe(a.csv);
    expect(b.html).toBe(a.html);
    expect(cli(['merge', part(1), part(2), part(3), '--json']).stdout).toBe(`${a.json}`);
  });

  it('refuses, in French, a duplicated or missing shard, and shards of another date, reform or population', SLOW, () => {
    const twice = cli(['merge', part(1), part(2), part(2)]);
    expect(twice.code).toBe(64);
    expect(twice.stderr).toMatch(/fusion impossible/);
    expect(twice.stderr).toMatch(/la part 2\/3 est donnée deux fois/);
    expect(twice.stderr).toMatch(/il manque la part 3\/3/);
    expect(twice.stdout).toBe('');

    const otherDate = join(dir, 'part-1-decembre.json');
    expect(cli(['simulate', population, '--date', '2026-12-01', '--reform', REFORM, '--shard', '1/3', '--out', otherDate]).code).toBe(0);
    const dates = cli(['merge', otherDate, part(2), part(3)]);
    expect(dates.code).toBe(64);
    expect(dates.stderr).toMatch(/les parts n'ont pas été calculées à la même date : .*part-1-decembre\.json \(2026-12-01\) et .*part-2\.json \(2026-11-24\)/);

    const notAShard = cli(['merge', join(dir, 'w1.json')]);
    expect(notAShard.code).toBe(64);
    expect(notAShard.stderr).toMatch(/ce n'est pas une part de simulation non-recours/);
  });
});

describe('CSV populations on workers and shards', () => {
  const HEADER = 'id,commune,couple_status,applicant_birth_date,applicant_activity,applicant_income_kind,applicant_monthly_income,housing_status,monthly_rent,claims';
  const ROWS = [
    ['86194', 'widowed', '1950-01-01', 'retired', 'pension', '640.00', 'tenant', '420.50', 'aspa=unaware'],
    ['86194', 'separated', '1992-05-05', 'unemployed', 'unemployment', '0', 'social-tenant', '380', 'rsa=not-applied'],
    ['86194', 'single', '1985-02-02', 'employed', 'salary', '3200.00', 'owner', '', ''],
    ['44109', 'single', '2004-09-09', 'student', 'salary', '410.5', 'tenant', '350', 'rsa=unaware'],
  ];
  // 1,250 rows, one in 50 with an impossible birth date (25 rows, lines 2, 52, …).
  const rows = Array.from({ length: 1250 }, (_, i) => {
    const r = [...(ROWS[i % ROWS.length] as string[])];
    if (i % 50 === 0) r[2] = '1992-02-30';
    return [`h${i}`, ...r].join(',');
  });
  const csv = join(dir, 'population.csv');
  writeFileSync(csv, `${HEADER}\n${rows.join('\n')}\n`);

  it('--skip-invalid: the same terminal text, skipped rows and JSON on 1 and 2 workers, and from merged shards', SLOW, () => {
    const one = cli(['simulate', csv, '--date', DATE, '--skip-invalid', '--workers', '1', '--out', join(dir, 'csv1.html')]);
    const two = cli(['simulate', csv, '--date', DATE, '--skip-invalid', '--workers', '2', '--out', join(dir, 'csv2.html')]);
    expect(one.code).toBe(0);
    expect(one.stderr).toMatch(/25 lignes invalides ignorées \(--skip-invalid\) ; les 5 premières :\n {2}ligne 2, colonne applicant_birth_date : date impossible/);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr.replace(/csv2/g, 'csv1')).toBe(one.stderr);
    expect(read(join(dir, 'csv2.json'))).toBe(read(join(dir, 'csv1.json')));
    expect(read(join(dir, 'csv2.csv'))).toBe(read(join(dir, 'csv1.csv')));

    for (const i of [1, 2]) expect(cli(['simulate', csv, '--date', DATE, '--skip-invalid', '--shard', `${i}/2`, '--out', join(dir, `csv-part-${i}.json`)]).code).toBe(0);
    const merged = cli(['merge', join(dir, 'csv-part-2.json'), join(dir, 'csv-part-1.json'), '--out', join(dir, 'csv-merged.html')]);
    expect(merged.code).toBe(0);
    expect(merged.stdout).toBe(one.stdout);
    expect(merged.stderr.replace(/csv-merged/g, 'csv1')).toBe(one.stderr);
    expect(read(join(dir, 'csv-merged.json'))).toBe(read(join(dir, 'csv1.json')));

    // Shards of another population and without the reform are refused.
    const mixed = cli(['merge', join(dir, 'csv-part-1.json'), part(3)]);
    expect(mixed.code).toBe(64);
    expect(mixed.stderr).toMatch(/pas été calculées avec la même réforme : .*csv-part-1\.json \(sans réforme\) et .*part-3\.json \(réforme « poitiers-revenus-recents »/);
    expect(mixed.stderr).toMatch(/ne viennent pas du même fichier de population/);
  });

  it('without --skip-invalid, the first invalid row stops the run with the same message on 2 workers', SLOW, () => {
    const lines = read(csv).split('\n');
    // A valid file up to line 1,101 (past the first batch), then an invalid row.
    const late = join(dir, 'late-invalid.csv');
    writeFileSync(late, [lines[0], ...lines.slice(1).filter((_, i) => i % 50 !== 0).slice(0, 1100), 'h9999,86194,single,1992-02-30,,,900,,,'].join('\n'));
    const one = cli(['simulate', late, '--date', DATE, '--workers', '1']);
    const two = cli(['simulate', late, '--date', DATE, '--workers', '2']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/ligne 1102 invalide, simulation arrêtée/);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout).toBe('');
  });
});

describe('Parquet populations on workers and shards', () => {
  // The 2,474 valid households of the file above (a Parquet table cannot hold an impossible date), as JSON
  // Lines and as Parquet tables: on workers, each worker reads the Parquet file itself.
  const households = lines.filter((_, i) => i % 97 !== 5).map((l) => JSON.parse(l) as Record<string, unknown>);
  const parquet = join(dir, 'poitiers-valid.parquet');
  const jsonl = join(dir, 'poitiers-valid.jsonl');
  writeFileSync(jsonl, households.map((h) => `${JSON.stringify(h)}\n`).join(''));

  it('gives the JSON report of the JSON Lines file on 1 and 2 workers, and from 2 merged shards', SLOW, async () => {
    const { writeParquetPopulation } = await import('../src/simulate/parquet.js');
    await writeParquetPopulation(households, parquet);
    const json = (base: string) => {
      const r = JSON.parse(read(`${base}.json`)) as Record<string, unknown>;
      delete r.population;
      delete r.title;
      return r;
    };
    expect(cli(['simulate', jsonl, '--date', DATE, '--reform', REFORM, '--workers', '1', '--out', join(dir, 'valid.html')]).code).toBe(0);
    const reference = json(join(dir, 'valid'));
    for (const w of ['1', '2']) {
      const r = cli(['simulate', parquet, '--date', DATE, '--reform', REFORM, '--workers', w, '--out', join(dir, `pq${w}.html`)]);
      expect(r.code).toBe(0);
      expect(json(join(dir, `pq${w}`))).toEqual(reference);
    }
    expect(read(join(dir, 'pq2.json'))).toBe(read(join(dir, 'pq1.json')));
    for (const i of [1, 2]) expect(cli(['simulate', parquet, '--date', DATE, '--reform', REFORM, '--shard', `${i}/2`, '--workers', '2', '--out', join(dir, `pq-part-${i}.json`)]).code).toBe(0);
    const merged = cli(['merge', join(dir, 'pq-part-1.json'), join(dir, 'pq-part-2.json'), '--out', join(dir, 'pq-merged.html')]);
    expect(merged.code).toBe(0);
    expect(read(join(dir, 'pq-merged.json'))).toBe(read(join(dir, 'pq1.json')));
  });

  it('stops with the same message on 1 and 2 workers when a household has no applicant', SLOW, async () => {
    const { writeParquetPopulation } = await import('../src/simulate/parquet.js');
    const broken = households.map((h, i) => (i === 1700 ? { ...h, persons: (h.persons as Record<string, unknown>[]).map((p) => (p.role === 'applicant' ? { ...p, role: 'other' } : p)) } : h));
    const file = join(dir, 'no-applicant.parquet');
    await writeParquetPopulation(broken, file);
    const one = cli(['simulate', file, '--date', DATE, '--workers', '1']);
    const two = cli(['simulate', file, '--date', DATE, '--workers', '2']);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/n'a pas de demandeur \(role = applicant\)/);
    expect(two.code).toBe(2);
    expect(two.stderr).toBe(one.stderr);
  });
});
