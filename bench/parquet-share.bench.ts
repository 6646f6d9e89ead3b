/**
 * What one share of a Parquet population costs to read, against the whole reading: `readParquetPopulation`
 * of the whole file, of share 1/2 and of share 2/2 (what each of two worker threads of `simulate --workers 2`
 * reads when it reads the file itself), and of share 1/1,000,000 (nearly every household read past: the
 * floor that each worker pays whatever its share). Each reading iterates its households and counts their
 * persons, nothing else (no validation, no evaluation); its wall time and CPU time (`process.cpuUsage`: all
 * the threads of the process, DuckDB's included) are measured in this one process.
 *
 * BENCH_ROUNDS rounds (default 5), the order of the readings turned by one at each round so that none is
 * always first; the medians, and their ratios to the whole reading. The load of the machine (`uptime`) is
 * printed at the start and at the end: the other processes of a shared machine weigh on every figure.
 *
 * Run with `npx tsx bench/parquet-share.bench.ts [households.parquet]`: the households table of a population
 * (its persons and incomes tables beside it, docs/parquet.md), or else BENCH_PARQUET generated households
 * (default 200,000, Poitiers, seed 1) written into a temporary folder, removed at the end. The same file,
 * once: `npx tsx seeds/populations/generate.ts --city poitiers --size 200000 --format parquet --out /tmp/pq200k`.
 * Not a test: nothing here fails on a slow machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { population } from '../seeds/populations/generate.js';
import { defaultCatalog } from '../src/index.js';
import { readParquetPopulation, writeParquetPopulation, type ParquetShare } from '../src/simulate/parquet.js';

const DATE = '2026-11-24';
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

interface Reading {
  readonly label: string;
  readonly share?: ParquetShare;
}
const READINGS: readonly Reading[] = [
  { label: 'lecture entière' },
  { label: 'part 1/2', share: { index: 1, count: 2 } },
  { label: 'part 2/2', share: { index: 2, count: 2 } },
  { label: 'part 1/1 000 000 (presque tout sauté)', share: { index: 1, count: 1_000_000 } },
];

interface Run {
  readonly households: number;
  readonly persons: number;
  readonly ms: number;
  readonly cpuMs: number;
}

async function read(file: string, reading: Reading): Promise<Run> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let households = 0;
  let persons = 0;
  for await (const h of readParquetPopulation(file, reading.share === undefined ? {} : { share: reading.share })) {
    households += 1;
    persons += (h.persons as readonly unknown[]).length;
  }
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { households, persons, ms, cpuMs: (used.user + used.system) / 1000 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');
const fr = (n: number): string => n.toLocaleString('fr-FR');

async function main(): Promise<void> {
  let file = process.argv[2];
  let dir: string | undefined;
  if (file === undefined) {
    const size = Number(process.env.BENCH_PARQUET ?? 200_000);
    dir = mkdtempSync(join(tmpdir(), 'non-recours-bench-parquet-share-'));
    file = join(dir, 'poitiers.parquet');
    const ruleIds = defaultCatalog().rules.map((r) => ({ id: r.id, kind: r.kind }));
    process.stderr.write(`écriture de ${fr(size)} foyers dans ${file}…\n`);
    await writeParquetPopulation(population('poitiers', size, 1, DATE, ruleIds), file);
  }
  try {
    const loadAtStart = load();
    const runs = READINGS.map((): Run[] => []);
    for (let round = 0; round < rounds; round += 1) {
      for (let k = 0; k < READINGS.length; k += 1) {
        const i = (k + round) % READINGS.length;
        const r = await read(file, READINGS[i] as Reading);
        (runs[i] as Run[]).push(r);
        process.stderr.write(`tour ${String(round + 1)}/${String(rounds)} ${(READINGS[i] as Reading).label} : ${sec(r.ms)}, CPU ${sec(r.cpuMs)}\n`);
      }
    }
    const [whole, first, second] = runs as [Run[], Run[], Run[], Run[]];
    const w = whole[0] as Run;
    const shared = { households: (first[0] as Run).households + (second[0] as Run).households, persons: (first[0] as Run).persons + (second[0] as Run).persons };
    console.log(`non-recours — une part d'une population Parquet contre la lecture entière (${file}, ${fr(w.households)} foyers, ${fr(w.persons)} personnes ; Node ${process.version}, ${String(availableParallelism())} cœurs ; charge (1, 5, 15 min) au début ${loadAtStart}, à la fin ${load()})`);
    console.log(`  médianes de ${String(rounds)} tours alternés                    temps      CPU   temps / entière   CPU / entière`);
    const wholeMs = median(whole.map((r) => r.ms));
    const wholeCpu = median(whole.map((r) => r.cpuMs));
    READINGS.forEach((reading, i) => {
      const rs = runs[i] as Run[];
      const ms = median(rs.map((r) => r.ms));
      const cpu = median(rs.map((r) => r.cpuMs));
      console.log(`  ${reading.label.padEnd(48)} ${sec(ms).padStart(8)} ${sec(cpu).padStart(8)} ${(ms / wholeMs).toFixed(2).padStart(17)} ${(cpu / wholeCpu).toFixed(2).padStart(15)}`);
    });
    console.log(`  parts 1/2 + 2/2 : ${fr(shared.households)} foyers, ${fr(shared.persons)} personnes (${shared.households === w.households && shared.persons === w.persons ? 'comme' : 'PAS comme'} la lecture entière)`);
  } finally {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
