/**
 * The barometer from Parquet against JSON Lines, in one run: one population of BENCH_PARQUET generated
 * households (default 1,000,000, Poitiers, seed 1) written in both forms into a temporary folder, each
 * step in its own process, timed from spawn to exit, with its CPU time (all threads) and peak resident
 * memory (bench/simulate-process.ts: GNU time where installed):
 *
 * 1. writing: drawing the households alone, then drawing and writing the .jsonl.gz, then the Parquet
 *    tables (the writer's own cost is the difference with drawing alone);
 * 2. reading alone (no evaluation), `readPopulation` of src/cli/simulate.ts on each file, and the bare
 *    gunzip + JSON.parse pass over the .jsonl.gz; the reading loop is also timed inside the process, with
 *    the CPU time of its main thread (Linux), which is what `simulate` waits for;
 * 3. the whole command as a user runs it, `node dist/cli.js simulate <file> --json`, on both files; the two
 *    barometers must be identical.
 *
 * The CLI, and this file for the children of 1 and 2, are built from the current sources into the temporary
 * folder (esbuild, as tsup does; the project's dist/ is neither read nor written), and run by plain `node`:
 * no TypeScript loader in the times and memory measured.
 *
 * Then the ratios, Parquet against JSON Lines. BENCH_ROUNDS rounds (default 1) of steps 2 and 3,
 * alternated, the best time of each. The load of the machine (`uptime`) is printed at the start and at the
 * end: the other processes of a shared machine weigh on every figure. BENCH_KEEP=1 keeps the folder.
 * Run with `npx tsx bench/parquet.bench.ts` (BENCH_PARQUET=200000 for a shorter run). Not a test: nothing
 * here fails on a slow machine.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RSS_SOURCE, barePass, runNode, type ChildRun } from './simulate-process.js';

const DATE = '2026-11-24';
const CITY = 'poitiers';
const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The CPU time of this process's main thread (ms), from /proc (Linux); NaN elsewhere. */
function mainThreadMs(): number {
  try {
    const fields = (readFileSync(`/proc/self/task/${String(process.pid)}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of 10 ms
  } catch {
    return Number.NaN;
  }
}

/** What a child reports on its last line of output. */
interface ChildReport {
  readonly households: number;
  /** The reading or writing loop alone (ms), and the CPU time of the main thread during it. */
  readonly loopMs: number;
  readonly mainMs: number;
}

async function child(mode: string, file: string, size: number): Promise<void> {
  // Every module loaded before the clock starts (DuckDB's native library too): the loop alone is timed.
  const { population, writeJsonLinesGz } = await import('../seeds/populations/generate.js');
  const { defaultCatalog } = await import('../src/index.js');
  const { writeParquetPopulation } = await import('../src/simulate/parquet.js');
  const { readPopulation } = await import('../src/cli/simulate.js');
  await import('@duckdb/node-api');
  const ruleIds = defaultCatalog().rules.map((r) => ({ id: r.id, kind: r.kind }));
  const t0 = performance.now();
  const m0 = mainThreadMs();
  let households = 0;
  if (mode === 'draw') {
    for (const _ of population(CITY, size, 1, DATE, ruleIds)) households += 1;
  } else if (mode === 'write-jsonl') {
    households = await writeJsonLinesGz(population(CITY, size, 1, DATE, ruleIds), file);
  } else if (mode === 'write-parquet') {
    households = (await writeParquetPopulation(population(CITY, size, 1, DATE, ruleIds), file)).count;
  } else {
    for await (const _ of readPopulation(file, DATE)) households += 1;
  }
  const report: ChildReport = { households, loopMs: performance.now() - t0, mainMs: mainThreadMs() - m0 };
  process.stdout.write(`\n${JSON.stringify(report)}\n`);
}

interface Step {
  readonly label: string;
  readonly args: readonly string[];
  /** Whether the child is this file, which reports its loop (`ChildReport`). */
  readonly reports: boolean;
  readonly runs: ChildRun[];
}

const best = (s: Step): ChildRun => s.runs.reduce((a, b) => (b.ms < a.ms ? b : a));
const reportOf = (r: ChildRun): ChildReport => JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;

async function main(): Promise<void> {
  const N = Number(process.env.BENCH_PARQUET ?? 1_000_000);
  const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));
  const loadAtStart = loadavg();
  const log = (text: string): void => void process.stderr.write(`${text}\n`);
  const dir = mkdtempSync(join(tmpdir(), 'non-recours-bench-parquet-'));
  const jsonl = join(dir, `${CITY}.jsonl.gz`);
  const parquet = join(dir, `${CITY}.parquet`);
  const bench = join(dir, 'cli/dist/bench-child.js');
  const childArgs = (mode: string, file: string) => [bench, '--child', mode, file, String(N)];
  const run = (step: Step): ChildRun => {
    const r = runNode(step.args, root);
    step.runs.push(r);
    log(`${step.label} : ${(r.ms / 1000).toFixed(1)} s`);
    return r;
  };
  try {
    // The CLI from the current sources, beside the project's node_modules (DuckDB, zod… resolve from there).
    const { build } = await import('esbuild');
    const entryPoints = { cli: join(root, 'src/cli/main.ts'), 'simulate-worker': join(root, 'src/simulate/worker.ts'), 'bench-child': self };
    await build({ entryPoints, outdir: join(dir, 'cli/dist'), bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'error' });
    writeFileSync(join(dir, 'cli/package.json'), '{ "type": "module" }\n');
    symlinkSync(join(root, 'node_modules'), join(dir, 'cli/node_modules'), 'dir');
    const cli = join(dir, 'cli/dist/cli.js');

    const step = (label: string, args: readonly string[], reports = true): Step => ({ label, args, reports, runs: [] });
    const draw = step('tirage seul', childArgs('draw', ''));
    const writeJ = step('tirage + écriture .jsonl.gz', childArgs('write-jsonl', jsonl));
    const writeP = step('tirage + écriture Parquet', childArgs('write-parquet', parquet));
    for (const s of [draw, writeJ, writeP]) run(s);
    const parse = step('gunzip + JSON.parse seuls (.jsonl.gz)', ['--input-type=module', '-e', barePass('readline'), jsonl], false);
    const readJ = step('lecture seule, .jsonl.gz', childArgs('read', jsonl));
    const readP = step('lecture seule, .parquet', childArgs('read', parquet));
    const simJ = step('simulate .jsonl.gz', [cli, 'simulate', jsonl, '--date', DATE, '--json'], false);
    const simP = step('simulate .parquet', [cli, 'simulate', parquet, '--date', DATE, '--json'], false);
    for (let round = 0; round < ROUNDS; round += 1) for (const s of [parse, readJ, readP, simJ, simP]) run(s);

    for (const s of [draw, writeJ, writeP, readJ, readP]) {
      const n = reportOf(best(s)).households;
      if (n !== N) throw new Error(`${s.label} : ${String(n)} foyers au lieu de ${String(N)}`);
    }
    // The barometers, but for the name of the file read.
    const barometer = (s: Step) => JSON.stringify({ ...(JSON.parse(best(s).stdout) as Record<string, unknown>), population: undefined });
    const same = barometer(simJ) === barometer(simP);

    const fr = (x: number, digits = 0): string => x.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
    const mo = (bytes: number): string => `${fr(bytes / 1024 / 1024)} Mo`;
    const sec = (ms: number): string => `${fr(ms / 1000, 1)} s`;
    const size = (f: string) => statSync(f).size;
    const tables = [parquet, parquet.replace(/\.parquet$/, '.persons.parquet'), parquet.replace(/\.parquet$/, '.incomes.parquet')];
    const load = (l: readonly number[]) => l.map((x) => fr(x, 2)).join(' ');
    const loadAtEnd = loadavg();
    const { defaultCatalog } = await import('../src/index.js');
    console.log(`non-recours — Parquet contre JSON Lines (${fr(N)} foyers de ${CITY}, ${String(defaultCatalog().rules.length)} règles, Node ${process.version}, ${String(availableParallelism())} cœurs ; charge (1, 5, 15 min) au début ${load(loadAtStart)}, à la fin ${load(loadAtEnd)})`);
    console.log(`  fichiers : .jsonl.gz ${mo(size(jsonl))} ; Parquet ${mo(tables.reduce((a, f) => a + size(f), 0))} (foyers ${mo(size(tables[0] as string))}, personnes ${mo(size(tables[1] as string))}, revenus ${mo(size(tables[2] as string))})`);
    console.log(`  chaque étape dans son processus, du lancement à la sortie ; mémoire max : ${RSS_SOURCE}`);
    console.log('                                               temps      CPU   mémoire max   boucle   fil principal');
    const line = (s: Step) => {
      const r = best(s);
      const c = s.reports ? reportOf(r) : undefined;
      const inner = c === undefined ? '' : `${sec(c.loopMs).padStart(9)} ${(Number.isNaN(c.mainMs) ? '—' : sec(c.mainMs)).padStart(12)}`;
      console.log(`  ${s.label.padEnd(42)} ${sec(r.ms).padStart(8)} ${sec(r.cpuMs).padStart(8)} ${mo(r.rss).padStart(11)} ${inner}`);
    };
    for (const s of [draw, writeJ, writeP, parse, readJ, readP, simJ, simP]) line(s);
    const drawMs = reportOf(best(draw)).loopMs;
    const writerRate = (s: Step) => {
      const own = reportOf(best(s)).loopMs - drawMs;
      return own > 0 ? `${sec(own)}, ${fr(N / (own / 1000))} foyers/s` : '—';
    };
    console.log(`  écriture seule (boucle moins le tirage seul) : .jsonl.gz ${writerRate(writeJ)} ; Parquet ${writerRate(writeP)}`);
    const ratio = (a: Step, b: Step) => `${fr(best(a).ms / best(b).ms, 2)} × en temps, ${fr(best(a).cpuMs / best(b).cpuMs, 2)} × en CPU, ${fr(best(a).rss / best(b).rss, 2)} × en mémoire max`;
    const inner = (a: Step, b: Step) => {
      const [x, y] = [reportOf(best(a)), reportOf(best(b))];
      return `boucle ${fr(x.loopMs / y.loopMs, 2)} ×${Number.isNaN(x.mainMs) ? '' : `, fil principal ${fr(x.mainMs / y.mainMs, 2)} ×`}`;
    };
    console.log(`  lecture Parquet / lecture JSON Lines : ${ratio(readP, readJ)} ; ${inner(readP, readJ)}`);
    console.log(`  lecture Parquet : ${fr(N / (reportOf(best(readP)).loopMs / 1000))} foyers/s ; lecture JSON Lines : ${fr(N / (reportOf(best(readJ)).loopMs / 1000))} foyers/s`);
    console.log(`  simulate Parquet / simulate JSON Lines (processus entier) : ${ratio(simP, simJ)}`);
    console.log(`  simulate Parquet : ${sec(best(simP).ms)}, ${mo(best(simP).rss)} au plus ; JSON Lines : ${sec(best(simJ).ms)}, ${mo(best(simJ).rss)} au plus`);
    console.log(`  baromètres identiques : ${same ? 'oui' : 'NON'}`);
    if (!same) process.exitCode = 1;
  } finally {
    if (process.env.BENCH_KEEP === undefined) rmSync(dir, { recursive: true, force: true });
    else console.log(`  dossier gardé : ${dir}`);
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) await child(process.argv[at + 1] as string, process.argv[at + 2] as string, Number(process.argv[at + 3]));
else await main();
