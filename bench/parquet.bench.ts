/**
 * The barometer from Parquet against JSON Lines: one population of 1,000,000 generated households written
 * once in both forms into a temporary folder, then, each in its own process (start to end, as a user runs
 * it): `simulate` from the .jsonl.gz, `simulate` from the .parquet, the reading alone of each (no
 * simulation), and the bare gunzip + JSON.parse pass over the .jsonl.gz. Wall time, CPU time, peak
 * resident memory of each process, and the ratios. The two barometers are checked identical.
 * Run with `npx tsx bench/parquet.bench.ts` (BENCH_PARQUET=100000 for a shorter run; BENCH_KEEP=1 keeps
 * the folder). Not a test: nothing here fails on a slow machine.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const DATE = '2026-11-24';
const self = fileURLToPath(import.meta.url);

/** What a measured process reports on its last line. */
interface ChildReport {
  readonly households: number;
  readonly maxRssKb: number;
  readonly cpuMs: number;
}

async function child(mode: string, file: string, out: string): Promise<void> {
  let households = 0;
  if (mode === 'parse') {
    // The floor of any JSON Lines reader: gunzip, split lines, JSON.parse, nothing else.
    for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) {
      if (line === '') continue;
      JSON.parse(line);
      households += 1;
    }
  } else {
    const { readPopulation } = await import('../src/cli/simulate.js');
    if (mode === 'read') {
      for await (const _ of readPopulation(file, DATE)) households += 1;
    } else {
      const { simulate } = await import('../src/simulate/simulate.js');
      const { defaultCatalog } = await import('../src/index.js');
      const result = await simulate(readPopulation(file, DATE), { date: DATE, catalog: defaultCatalog() });
      households = result.households.total;
      writeFileSync(out, JSON.stringify(result));
    }
  }
  const usage = process.resourceUsage();
  const report: ChildReport = { households, maxRssKb: usage.maxRSS, cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000) };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

interface Measure extends ChildReport {
  readonly label: string;
  readonly wallMs: number;
}

function measure(label: string, mode: string, file: string, out = ''): Measure {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file, out], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${label} : échec (code ${String(r.status)})\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').at(-1) ?? '{}';
  const m = { label, wallMs, ...(JSON.parse(last) as ChildReport) };
  process.stderr.write(`${label} : ${(wallMs / 1000).toFixed(1)} s\n`);
  return m;
}

async function main(): Promise<void> {
  const N = Number(process.env.BENCH_PARQUET ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'non-recours-bench-parquet-'));
  const { population, writeJsonLinesGz } = await import('../seeds/populations/generate.js');
  const { writeParquetPopulation } = await import('../src/simulate/parquet.js');
  const { defaultCatalog } = await import('../src/index.js');
  const ruleIds = defaultCatalog().rules.map((r) => ({ id: r.id, kind: r.kind }));
  const jsonl = join(dir, 'poitiers.jsonl.gz');
  const parquet = join(dir, 'poitiers.parquet');
  try {
    let t0 = performance.now();
    await writeJsonLinesGz(population('poitiers', N, 1, DATE, ruleIds), jsonl);
    const genJsonl = performance.now() - t0;
    process.stderr.write(`écrit ${jsonl} en ${(genJsonl / 1000).toFixed(0)} s\n`);
    t0 = performance.now();
    const written = await writeParquetPopulation(population('poitiers', N, 1, DATE, ruleIds), parquet);
    const genParquet = performance.now() - t0;
    process.stderr.write(`écrit ${parquet} en ${(genParquet / 1000).toFixed(0)} s\n`);

    const parse = measure('gunzip + JSON.parse seuls (.jsonl.gz)', 'parse', jsonl);
    const readJ = measure('lecture seule, .jsonl.gz', 'read', jsonl);
    const readP = measure('lecture seule, .parquet', 'read', parquet);
    const simJ = measure('simulate depuis .jsonl.gz', 'simulate', jsonl, join(dir, 'jsonl.result.json'));
    const simP = measure('simulate depuis .parquet', 'simulate', parquet, join(dir, 'parquet.result.json'));
    const same = readFileSync(join(dir, 'jsonl.result.json'), 'utf8') === readFileSync(join(dir, 'parquet.result.json'), 'utf8');
    for (const m of [parse, readJ, readP, simJ, simP]) if (m.households !== N) throw new Error(`${m.label} : ${String(m.households)} foyers au lieu de ${String(N)}`);

    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
    const size = (f: string) => statSync(f).size;
    const f = (x: number) => Math.round(x).toLocaleString('fr-FR');
    console.log(`non-recours — Parquet contre JSON Lines (${N.toLocaleString('fr-FR')} foyers, ${String(ruleIds.length)} règles, Node ${process.version}, ${String(availableParallelism())} cœurs partagés)`);
    console.log(`  fichiers : .jsonl.gz ${mb(size(jsonl))} Mo ; Parquet ${mb(size(written.households) + size(written.persons) + size(written.incomes))} Mo (foyers ${mb(size(written.households))}, personnes ${mb(size(written.persons))} : ${f(written.personRows)} lignes, revenus ${mb(size(written.incomes))} : ${f(written.incomeRows)} lignes)`);
    console.log(`  écriture : .jsonl.gz ${(genJsonl / 1000).toFixed(0)} s ; Parquet ${(genParquet / 1000).toFixed(0)} s`);
    console.log('  processus entier (démarrage de tsx compris)          temps     CPU   mémoire max');
    for (const m of [parse, readJ, readP, simJ, simP]) console.log(`  ${m.label.padEnd(50)} ${(m.wallMs / 1000).toFixed(1).padStart(6)} s ${(m.cpuMs / 1000).toFixed(1).padStart(6)} s ${(m.maxRssKb / 1024).toFixed(0).padStart(6)} Mo`);
    const ratio = (a: Measure, b: Measure) => `${(a.wallMs / b.wallMs).toFixed(2)} × en temps, ${(a.cpuMs / b.cpuMs).toFixed(2)} × en CPU`;
    console.log(`  simulate Parquet / simulate JSON Lines : ${ratio(simP, simJ)}`);
    console.log(`  lecture Parquet / lecture JSON Lines : ${ratio(readP, readJ)}`);
    console.log(`  lecture JSON Lines / gunzip + JSON.parse : ${ratio(readJ, parse)} ; lecture Parquet / gunzip + JSON.parse : ${ratio(readP, parse)}`);
    console.log(`  simulate JSON Lines / gunzip + JSON.parse : ${ratio(simJ, parse)}`);
    console.log(`  baromètres identiques : ${same ? 'oui' : 'NON'}`);
    if (!same) process.exitCode = 1;
  } finally {
    if (process.env.BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(`  dossier gardé : ${dir}`);
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1] as string, process.argv[at + 2] as string, process.argv[at + 3] ?? '');
else await main();
