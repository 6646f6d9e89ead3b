/**
 * The barometer over a large population: households/s of `simulate` over 1,000,000 generated households,
 * peak resident memory, and json-rules-engine's households/s measured in the same run on a sample.
 * Households come from a pool of 10,000 generated ones, cycled (generation is not what is measured);
 * each record is validated (zod), prepared and evaluated against every rule, as from a file.
 * Run with `npm run bench:simulate` (BENCH_SIMULATE=200000 for a shorter run).
 * Targets (issue 4): ≥ 200,000 households/s on one core; < 200 MB for 1 M households.
 */
import { compileCatalog, defaultCatalog, oracleFacts, parseHousehold, simulate, toJsonRulesEngine } from '../src/index.js';
import { mixedPopulation } from '../seeds/populations/generate.js';

const DATE = '2026-11-24';
const N = Number(process.env.BENCH_SIMULATE ?? 1_000_000);
const catalog = defaultCatalog();
const ids = catalog.rules.map((r) => ({ id: r.id, kind: r.kind }));
const pool = [...mixedPopulation(10_000, 99, DATE, ids, false)];
const parsedPool = pool.map((h) => parseHousehold(h));

function* cycle<T>(items: readonly T[], count: number): Generator<T> {
  for (let i = 0; i < count; i += 1) yield items[i % items.length] as T;
}

// The pool itself (10,000 households twice: raw and parsed) is resident before the run starts.
const baseline = process.memoryUsage().rss;
let peak = baseline;
const sample = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 50);

async function run(label: string, validate: boolean): Promise<number> {
  const t0 = performance.now();
  const result = await simulate(cycle(validate ? pool : parsedPool, N), {
    date: DATE,
    catalog,
    validate,
    progressEvery: 100_000,
    onProgress: (n) => {
      peak = Math.max(peak, process.memoryUsage().rss);
      process.stderr.write(`${label} : ${n}\n`);
    },
  });
  const rate = N / ((performance.now() - t0) / 1000);
  if (result.households.valid !== N) throw new Error('unexpected invalid households');
  return rate;
}

const validated = await run('avec validation', true);
const trusted = await run('foyers déjà validés', false);

// json-rules-engine on a sample of the same households, in the same run.
const compiled = compileCatalog(catalog, DATE);
const engine = toJsonRulesEngine(compiled);
const M = 5_000;
for (let i = 0; i < 200; i += 1) await engine.run(oracleFacts(parsedPool[i]!, compiled));
const t0 = performance.now();
for (let i = 0; i < M; i += 1) await engine.run(oracleFacts(parsedPool[i % parsedPool.length]!, compiled));
const jre = M / ((performance.now() - t0) / 1000);
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);

const f = (x: number) => Math.round(x).toLocaleString('fr-FR');
console.log(`non-recours — banc d'essai de simulate (${N.toLocaleString('fr-FR')} foyers, ${catalog.rules.length} règles, un cœur, Node ${process.version})`);
console.log(`  simulate, chaque foyer validé (zod) puis évalué : ${f(validated)} foyers/s`);
console.log(`  simulate, foyers déjà validés                    : ${f(trusted)} foyers/s (objectif ≥ 200 000) — ${trusted >= 200_000 ? 'atteint' : 'NON atteint'}`);
console.log(`  json-rules-engine (mêmes foyers, échantillon de ${M}) : ${f(jre)} foyers/s → rapport ${(trusted / jre).toFixed(0)} × (validé : ${(validated / jre).toFixed(0)} ×)`);
const mb = (x: number) => (x / 1024 / 1024).toFixed(0);
console.log(`  mémoire résidente maximale : ${mb(peak)} Mo, dont ${mb(baseline)} Mo pour le réservoir de 10 000 foyers de test avant la simulation ; hausse pendant la simulation : ${mb(peak - baseline)} Mo (objectif < 200 Mo pour 1 M foyers) — ${peak - baseline < 200 * 1024 * 1024 ? 'atteint' : 'NON atteint'}`);
