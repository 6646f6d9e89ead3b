/**
 * The compiled evaluator against json-rules-engine, on the same generated complete households, in one
 * run: households/s of each, their ratio, whether they agree on every rule in force, and the median time
 * of one fully explained report. Run with `npm run bench` (a few minutes: json-rules-engine is slow).
 * Targets (DESIGN.md): bulk path ≥ 200 × json-rules-engine; explained report < 100 µs median.
 */
import { defaultCatalog, evaluateCompact, evaluateHousehold, explainHousehold, oracleFacts, parseHousehold, prepareHousehold, toJsonRulesEngine, type Household } from '../src/index.js';
import { compileCatalog as compileInternal, createEnv, evaluateRule } from '../src/engine/evaluator.js';
import type { CompiledCatalog } from '../src/api.js';
import { mixedPopulation } from '../seeds/populations/generate.js';

const DATE = '2026-11-24';
const N = Number(process.env.BENCH_HOUSEHOLDS ?? 100_000);
const catalog = defaultCatalog();
const internal = compileInternal(catalog, DATE);
const compiled = internal as unknown as CompiledCatalog;
const ids = catalog.rules.map((r) => ({ id: r.id, kind: r.kind }));
const inForce = internal.rules.filter((r) => r.inForce).length;

process.stderr.write(`génération de ${N} foyers complets…\n`);
const households: Household[] = [];
for (const raw of mixedPopulation(N, 2026, DATE, ids, true)) households.push(parseHousehold(raw));

// Bulk path: prepare + evaluate every rule (status + amount), no explanation.
for (let i = 0; i < Math.min(N, 20_000); i += 1) evaluateCompact(compiled, households[i] as Household);
let t0 = performance.now();
let eligible = 0;
for (const h of households) for (const s of evaluateCompact(compiled, h).statuses) if (s === 'eligible') eligible += 1;
const bulkMs = performance.now() - t0;

// json-rules-engine on the same households, and the agreement check on every rule in force.
const engine = toJsonRulesEngine(compiled);
for (let i = 0; i < 200; i += 1) await engine.run(oracleFacts(households[i] as Household, compiled));
let jreMs = 0;
let compared = 0;
let mismatches = 0;
const out = { status: 'undetermined' as const, amount: undefined, period: undefined, truth: 2 as 0 | 1 | 2 };
for (let i = 0; i < N; i += 1) {
  const h = households[i] as Household;
  const t = performance.now();
  const result = await engine.run(oracleFacts(h, compiled));
  jreMs += performance.now() - t;
  const success = new Set(result.results.map((r) => r.event?.type));
  const env = createEnv(internal, prepareHousehold(h), false);
  for (const cr of internal.rules) {
    if (!cr.inForce) continue;
    const o = evaluateRule(cr, env, { ...out });
    compared += 1;
    if ((o.truth === 1) !== success.has(cr.rule.id)) mismatches += 1;
  }
  if (i % 10_000 === 9_999) process.stderr.write(`json-rules-engine : ${i + 1}/${N}\n`);
}

// One fully explained report, median over many households: with what 0.1 reported (and named values), and
// with the distance of every ineligible rule added.
const explainedMedian = (options: { distance: boolean }): number => {
  const times: number[] = [];
  for (let i = 0; i < 2_000; i += 1) explainHousehold(compiled, households[i % N] as Household, options);
  for (let i = 0; i < 5_000; i += 1) {
    const h = households[(i * 7) % N] as Household;
    t0 = performance.now();
    explainHousehold(compiled, h, options);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return (times[Math.floor(times.length / 2)] ?? 0) * 1000;
};
const median = explainedMedian({ distance: false });
const medianWithDistance = explainedMedian({ distance: true });

// evaluateHousehold on raw JSON at a date already seen (the compiled catalog is kept per date), against
// the same work done by hand on a catalog compiled once: parseHousehold + explainHousehold.
const raws = households.slice(0, 5_000).map((h) => JSON.parse(JSON.stringify(h)) as unknown);
const median2 = (f: (raw: unknown) => unknown): number => {
  const ts: number[] = [];
  for (let i = 0; i < 1_000; i += 1) f(raws[i % raws.length]);
  for (let i = 0; i < raws.length; i += 1) {
    const t = performance.now();
    f(raws[i]);
    ts.push(performance.now() - t);
  }
  ts.sort((a, b) => a - b);
  return (ts[Math.floor(ts.length / 2)] ?? 0) * 1000;
};
evaluateHousehold(raws[0], { date: DATE });
const oneCall = median2((raw) => evaluateHousehold(raw, { date: DATE }));
const byHand = median2((raw) => explainHousehold(compiled, parseHousehold(raw)));

const bulkRate = N / (bulkMs / 1000);
const jreRate = N / (jreMs / 1000);
const ratio = bulkRate / jreRate;
console.log(`non-recours — banc d'essai de l'évaluateur (${DATE}, ${catalog.rules.length} règles dont ${inForce} en vigueur, ${N} foyers complets, Node ${process.version})`);
console.log(`  évaluateur compilé (statut + montant) : ${Math.round(bulkRate).toLocaleString('fr-FR')} foyers/s (${eligible} droits éligibles)`);
console.log(`  json-rules-engine 7.3.1 (mêmes faits) : ${Math.round(jreRate).toLocaleString('fr-FR')} foyers/s`);
console.log(`  rapport : ${ratio.toFixed(0)} × (objectif ≥ 200 ×) — ${ratio >= 200 ? 'atteint' : 'NON atteint'}`);
console.log(`  accord : ${compared.toLocaleString('fr-FR')} comparaisons règle × foyer, ${mismatches} désaccord${mismatches > 1 ? 's' : ''}`);
console.log(`  rapport expliqué complet (contenu de la 0.1 et valeurs nommées) : médiane ${median.toFixed(1)} µs (objectif < 100 µs) — ${median < 100 ? 'atteint' : 'NON atteint'}`);
console.log(`  même rapport avec distances (non éligibles) et marges (éligibles) : médiane ${medianWithDistance.toFixed(1)} µs`);
console.log(`  evaluateHousehold (2e appel à une date) : médiane ${oneCall.toFixed(1)} µs ; parseHousehold + explainHousehold sur catalogue compilé : ${byHand.toFixed(1)} µs — rapport ${(oneCall / byHand).toFixed(2)} ×`);
if (mismatches > 0) process.exitCode = 1;
