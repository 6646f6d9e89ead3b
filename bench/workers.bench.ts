/**
 * `simulate --workers 1` against `--workers N` (default 2) on the same population, wall time of the whole
 * command (start, catalog, reading, evaluation, report), and whether both print the same barometer.
 * The population is the three bundled ones (Poitiers, Nantes, Blois: 30,000 households) concatenated
 * BENCH_WORKERS_COPIES times (default 2) into one gzip file (gzip members simply follow one another), so
 * that it does not depend on the population generator.
 * Run with `npx tsx bench/workers.bench.ts` (BENCH_WORKERS=4, BENCH_WORKERS_COPIES=10 for a longer run;
 * BENCH_WORKERS_CLI=dist/cli.js to measure the build instead of the source through tsx).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const DATE = '2026-11-24';
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const copies = Number(process.env.BENCH_WORKERS_COPIES ?? 2);
const cliPath = process.env.BENCH_WORKERS_CLI;

const parts = ['poitiers', 'nantes', 'blois'].map((c) => readFileSync(join(root, 'seeds/populations', `${c}.jsonl.gz`)));
const file = join(mkdtempSync(join(tmpdir(), 'non-recours-bench-workers-')), 'population.jsonl.gz');
writeFileSync(file, Buffer.concat(Array.from({ length: copies }, () => parts).flat()));

// The CPU time of the command (all its threads), where GNU time is there to give it.
const TIME = '/usr/bin/time';
const withTime = existsSync(TIME);

function run(n: number): { readonly ms: number; readonly cpu: number; readonly stdout: string } {
  const args = [...(cliPath === undefined ? ['--import', 'tsx', 'src/cli/main.ts'] : [cliPath]), 'simulate', file, '--date', DATE, '--reform', 'seeds/reforms/poitiers-revenus-recents.json', '--quiet', '--workers', String(n)];
  const t0 = performance.now();
  const r = withTime
    ? spawnSync(TIME, ['-f', 'cpu %U %S', process.execPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`simulate --workers ${n} : sortie ${String(r.status)}\n${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  return { ms, cpu: m === null ? Number.NaN : (Number(m[1]) + Number(m[2])) * 1000, stdout: r.stdout };
}

// One warm-up run (file cache, tsx's transform cache), then each setting in turn, twice; the best time of each.
run(1);
const times: Record<number, number[]> = { 1: [], [workers]: [] };
const cpu: Record<number, number[]> = { 1: [], [workers]: [] };
let same = true;
let reference: string | undefined;
for (let k = 0; k < 2; k += 1) {
  for (const n of [1, workers]) {
    const r = run(n);
    times[n]?.push(r.ms);
    cpu[n]?.push(r.cpu);
    reference ??= r.stdout;
    same &&= r.stdout === reference;
  }
}
const best = (n: number) => Math.min(...(times[n] ?? [Number.NaN]));
const cpuOf = (n: number) => Math.min(...(cpu[n] ?? [Number.NaN]));
const households = 30_000 * copies;
const line = (n: number) => `--workers ${String(n).padEnd(3)} ${(best(n) / 1000).toFixed(2).padStart(7)} s   ${Math.round(households / (best(n) / 1000)).toLocaleString('fr-FR').padStart(9)} foyers/s${withTime ? `   temps CPU ${(cpuOf(n) / 1000).toFixed(2)} s` : ''}`;
process.stdout.write(
  [
    `simulate, ${households.toLocaleString('fr-FR')} foyers (réforme comprise), ${availableParallelism()} cœurs disponibles, charge moyenne ${loadavg()[0]?.toFixed(1) ?? '?'} à la fin, ${cliPath ?? 'source via tsx'} :`,
    line(1),
    line(workers),
    `rapport --workers 1 / --workers ${workers} : ${(best(1) / best(workers)).toFixed(2)} (temps total de la commande, meilleur de 2)`,
    `même baromètre : ${same ? 'oui' : 'NON'}`,
  ].join('\n') + '\n',
);
if (!same) process.exitCode = 1;
