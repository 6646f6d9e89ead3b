/**
 * Validation and preparation of a household, old path against the one-pass path (issue 14, item 1), in
 * one run: µs per household of `prepareHousehold(parseHousehold(record, options))` (zod, then decoding)
 * and of `fastPrepareHousehold(record, options)` and of a preparer created once (`createHouseholdPreparer`), and
 * their ratios, in wall-clock and in CPU time. Records are the first 100,000 of the
 * bundled populations (seeds/populations/*.jsonl.gz, repeated when they hold fewer), parsed from JSON
 * before the clock starts; options are those `simulate` passes (evaluation date and the catalog's rule ids).
 * Both paths run in alternate rounds, so that a neighbour's load on a shared machine falls on both.
 * A last line runs the preparer over the first 300 households only, repeated: their data stays in the
 * processor's cache, which tells the time of the computation from the time spent waiting for memory.
 * Run with `npx tsx bench/validate.bench.ts` (BENCH_VALIDATE=20000 for a shorter run, BENCH_VALIDATE_ROUNDS=3).
 */
import { cpus, loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { ruleIdsOf } from '../src/api.js';
import { defaultCatalog } from '../src/catalog/default.js';
import { prepareHousehold } from '../src/facts/context.js';
import { createHouseholdPreparer, fastPrepareHousehold } from '../src/household/fast-parse.js';
import { parseHousehold } from '../src/household/parse.js';

const N = Number(process.env.BENCH_VALIDATE ?? 100_000);
const ROUNDS = Number(process.env.BENCH_VALIDATE_ROUNDS ?? 3);
const options = { date: '2026-11-24', ruleIds: ruleIdsOf(defaultCatalog()) };

const dir = new URL('../seeds/populations/', import.meta.url);
const distinct: unknown[] = [];
for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl.gz')).sort()) {
  for (const line of gunzipSync(readFileSync(new URL(name, dir))).toString('utf8').split('\n')) {
    if (distinct.length >= N) break;
    if (line.trim() !== '') distinct.push(JSON.parse(line));
  }
}
if (distinct.length === 0) throw new Error('aucun foyer dans seeds/populations');
const records = Array.from({ length: N }, (_, i) => distinct[i % distinct.length]);
/** The first 300 households, repeated: a working set that stays in the cache. */
const cached = Array.from({ length: N }, (_, i) => distinct[i % Math.min(300, distinct.length)]);

// The same prepared households first: a benchmark of a path that disagrees would mean nothing.
for (const r of distinct) {
  if (!isDeepStrictEqual(fastPrepareHousehold(r, options), prepareHousehold(parseHousehold(r, options)))) throw new Error('foyers préparés différents');
}

/** Wall-clock and CPU milliseconds to prepare every record with `prepare` (CPU time leaves out the time a shared machine gives to others). */
function run(prepare: (r: unknown) => { readonly childCount: number }, list: readonly unknown[]): { readonly wall: number; readonly cpu: number } {
  let sink = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < list.length; i += 1) sink += prepare(list[i]).childCount;
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  if (sink < 0) throw new Error('unreachable');
  return { wall, cpu: (c.user + c.system) / 1000 };
}
const preparer = createHouseholdPreparer(options);
const paths: readonly (readonly [string, (r: unknown) => { readonly childCount: number }, readonly unknown[]])[] = [
  ['parse + prepare (zod)        ', (r) => prepareHousehold(parseHousehold(r, options)), records],
  ['fastPrepareHousehold         ', (r) => fastPrepareHousehold(r, options), records],
  ['createHouseholdPreparer().prepare', (r) => preparer.prepare(r), records],
  ['préparateur, 300 foyers en cache', (r) => preparer.prepare(r), cached],
];

// Warm-up of every path (the JIT compiles them before the clock starts).
for (const [, prepare] of paths) for (let i = 0; i < Math.min(5_000, records.length); i += 1) prepare(records[i]);

const times = paths.map(() => [] as { wall: number; cpu: number }[]);
for (let round = 0; round < ROUNDS; round += 1) paths.forEach(([, prepare, list], p) => times[p]?.push(run(prepare, list)));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const us = (ms: number) => ((ms * 1000) / N).toFixed(2);
const medians = times.map((t) => ({ wall: median(t.map((x) => x.wall)), cpu: median(t.map((x) => x.cpu)) }));
const [zod, perCall, prepared] = medians as [{ wall: number; cpu: number }, { wall: number; cpu: number }, { wall: number; cpu: number }];
process.stdout.write(
  [
    `${N} foyers (${distinct.length} distincts, répétés), ${ROUNDS} passes alternées ; machine : ${cpus().length} cœurs, charge ${loadavg().map((l) => l.toFixed(2)).join(' / ')} (partagée : mesures indicatives)`,
    'µs par foyer, temps écoulé par passe (médiane) · temps CPU (médiane) :',
    ...paths.map(([name], p) => `  ${name.trim().padEnd(34)} ${(times[p] ?? []).map((x) => us(x.wall)).join(' · ')} (médiane ${us(medians[p]?.wall ?? 0)}) · CPU ${us(medians[p]?.cpu ?? 0)}`),
    `rapport (temps écoulé) : ${(zod.wall / perCall.wall).toFixed(1)} × (fastPrepareHousehold), ${(zod.wall / prepared.wall).toFixed(1)} × (préparateur)`,
    `rapport (temps CPU)    : ${(zod.cpu / perCall.cpu).toFixed(1)} × (fastPrepareHousehold), ${(zod.cpu / prepared.cpu).toFixed(1)} × (préparateur)`,
  ].join('\n') + '\n',
);
