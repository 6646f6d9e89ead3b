/**
 * The barometer at scale, in one run (issue 14, item 6): every figure is a ratio measured in this run,
 * on this machine, never an absolute time limit.
 *
 * 1. validation per household: the one-pass preparer against zod (`safeParseHousehold`) then
 *    `prepareHousehold`, on records of the generated file (both must agree on every record);
 * 2. the engine (`evaluateCompact`, and the barometer's own path of bench/engine-bulk.ts; catalog of rules/
 *    restricted to the hand-written rules) against `evaluateHand` of bench/handwritten.ts on the same
 *    prepared households, agreeing on every result;
 * 3. the whole `simulate` command (the built CLI, `--json`) against a bare pass over the same file in a
 *    child node process (gunzip, lines, `JSON.parse`);
 * 4. `--workers 2` against `--workers 1`, and whether both print the same bytes;
 * 5. the same population in Parquet against JSONL.gz (skipped when `@duckdb/node-api` is absent);
 * 6. the time projected for 3·10⁷ households from the best whole-command throughput (the fixed cost of
 *    a command, measured on a population of 1,000, plus each household at the marginal rate between
 *    1,000 and BENCH_HOUSEHOLDS), and the peak resident memory of every child process.
 *
 * The population is generated into a temporary folder (seeds/populations/generate.ts, Poitiers, seed 1):
 * BENCH_HOUSEHOLDS households (default 200,000). BENCH_SAMPLE records (default 20,000) are kept in memory
 * for 1 and 2; BENCH_ROUNDS rounds (default 3) of each command, alternated, the best time of each.
 * The CLI is a copy of dist/ taken at the start (built with tsup if dist/ is missing), so that a build
 * running beside the bench does not change it halfway.
 * Run with `npm run bench:simulate`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { defaultCatalog } from '../src/index.js';
import { HAND_RULE_COUNT } from './handwritten.js';
import { measureEngine, measureValidation } from './simulate-inprocess.js';
import { barePass, runNode, RSS_SOURCE, type ChildRun } from './simulate-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const DATE = '2026-11-24';
const CITY = 'poitiers';
const N = Number(process.env.BENCH_HOUSEHOLDS ?? 200_000);
const SAMPLE = Math.min(N, Number(process.env.BENCH_SAMPLE ?? 20_000));
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const IN_ROUNDS = 5;
const COUNTRY = 30_000_000;
const MILLION = 1_000_000;
const loadAtStart = loadavg()[0] ?? Number.NaN;
if (!(N > 1_000)) throw new Error(`BENCH_HOUSEHOLDS : plus de 1 000 foyers attendus (reçu ${String(process.env.BENCH_HOUSEHOLDS)})`);

const fr = (x: number, digits = 0): string => x.toLocaleString('fr-FR', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mo = (bytes: number): string => `${fr(bytes / 1024 / 1024)} Mo`;
const s = (ms: number): string => `${fr(ms / 1000, 2)} s`;
const verdict = (ok: boolean): string => (ok ? 'atteint' : 'non atteint');
const log = (text: string): void => void process.stderr.write(`${text}\n`);

// The CLI: a private copy of dist/ beside the project's node_modules (DuckDB, zod… resolve from there).
const work = mkdtempSync(join(tmpdir(), 'non-recours-bench-simulate-'));
if (!existsSync(join(root, 'dist/cli.js'))) {
  log('dist/ absent : construction (npx tsup)…');
  const b = spawnSync('npx', ['tsup'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (b.status !== 0) throw new Error('la construction (npx tsup) a échoué');
}
cpSync(join(root, 'dist'), join(work, 'cli/dist'), { recursive: true });
writeFileSync(join(work, 'cli/package.json'), '{ "type": "module" }\n');
symlinkSync(join(root, 'node_modules'), join(work, 'cli/node_modules'), 'dir');
const cli = join(work, 'cli/dist/cli.js');

// The populations, both formats at once (the generator draws the same households for the same seed).
let duckdb = true;
try {
  await import('@duckdb/node-api');
} catch {
  duckdb = false;
}
const pop = join(work, 'pop');
mkdirSync(pop);
const generate = (format: 'jsonl' | 'parquet', size: number, out: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const args = ['--import', 'tsx', 'seeds/populations/generate.ts', '--city', CITY, '--size', String(size), '--seed', '1', '--date', DATE, '--out', out, '--format', format];
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`génération ${format} : sortie ${String(code)}`))));
  });
log(`génération de ${fr(N)} foyers (${duckdb ? 'JSONL.gz et Parquet' : 'JSONL.gz'}) dans ${pop}…`);
const t0 = performance.now();
await Promise.all([generate('jsonl', N, pop), ...(duckdb ? [generate('parquet', N, pop)] : [])]);
// A population of one batch, for the fixed cost of a command (start, catalog, report).
const SMALL = 1_000;
mkdirSync(join(pop, 'small'));
await Promise.all([generate('jsonl', SMALL, join(pop, 'small')), ...(duckdb ? [generate('parquet', SMALL, join(pop, 'small'))] : [])]);
const generationMs = performance.now() - t0;
const jsonl = `${CITY}.jsonl.gz`;
const parquet = `${CITY}.parquet`;

// 1 and 2, in this process, on the first records of the file.
const raws: unknown[] = [];
for await (const line of createInterface({ input: createReadStream(join(pop, jsonl)).pipe(createGunzip()), crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  raws.push(JSON.parse(line));
  if (raws.length >= SAMPLE) break;
}
log(`validation et moteur sur ${fr(raws.length)} foyers…`);
const parseOptions = { date: DATE, ruleIds: new Set(defaultCatalog().rules.map((r) => r.id)) };
const validation = measureValidation(raws, parseOptions, IN_ROUNDS);
const engine = measureEngine(root, validation.prepared, DATE, IN_ROUNDS);
raws.length = 0;

// 3, 4, 5: each command in turn, ROUNDS times; the best wall time of each.
interface Command {
  readonly label: string;
  readonly args: readonly string[];
  readonly runs: ChildRun[];
}
const simulateArgs = (file: string, workers: number): string[] => [cli, 'simulate', file, '--date', DATE, '--json', '--quiet', '--workers', String(workers)];
const commands: Command[] = [
  { label: 'lecture nue (readline)', args: ['--input-type=module', '-e', barePass('readline'), jsonl], runs: [] },
  { label: 'lecture nue (découpage à la main)', args: ['--input-type=module', '-e', barePass('split'), jsonl], runs: [] },
  { label: `simulate JSONL.gz, ${fr(SMALL)} foyers`, args: simulateArgs(join('small', jsonl), 1), runs: [] },
  ...(duckdb ? [{ label: `simulate Parquet, ${fr(SMALL)} foyers`, args: simulateArgs(join('small', parquet), 1), runs: [] }] : []),
  { label: 'simulate JSONL.gz --workers 1', args: simulateArgs(jsonl, 1), runs: [] },
  { label: 'simulate JSONL.gz --workers 2', args: simulateArgs(jsonl, 2), runs: [] },
  ...(duckdb
    ? [
        { label: 'simulate Parquet --workers 1', args: simulateArgs(parquet, 1), runs: [] },
        { label: 'simulate Parquet --workers 2', args: simulateArgs(parquet, 2), runs: [] },
      ]
    : []),
];
for (let r = 0; r < ROUNDS; r += 1) {
  for (const c of commands) {
    log(`tour ${r + 1}/${ROUNDS} : ${c.label}…`);
    c.runs.push(runNode(c.args, pop));
  }
}
const loadAtEnd = loadavg()[0] ?? Number.NaN;
const byLabel = (prefix: string): Command | undefined => commands.find((c) => c.label.startsWith(prefix));
const bareLine = byLabel('lecture nue (readline)') as Command;
const bareSplit = byLabel('lecture nue (découpage') as Command;
const j0 = byLabel('simulate JSONL.gz,') as Command;
const j1 = byLabel('simulate JSONL.gz --workers 1') as Command;
const j2 = byLabel('simulate JSONL.gz --workers 2') as Command;
const p0 = byLabel('simulate Parquet,');
const p1 = byLabel('simulate Parquet --workers 1');
const p2 = byLabel('simulate Parquet --workers 2');
const best = (c: Command): number => Math.min(...c.runs.map((x) => x.ms));
const peak = (c: Command): number => Math.max(...c.runs.map((x) => x.rss));
const cpu = (c: Command): number => Math.min(...c.runs.map((x) => x.cpuMs));
const perRound = (a: Command, b: Command): string => a.runs.map((x, r) => fr(x.ms / (b.runs[r] as ChildRun).ms, 2)).join(' ');
const sameBytes = (a: Command, b: Command): boolean => a.runs.every((x) => b.runs.every((y) => x.stdout === y.stdout));
const bareRecords = (bareLine.runs[0]?.stdout ?? '').split(' ')[0];
if (bareRecords !== String(N)) throw new Error(`lecture nue : ${String(bareRecords)} enregistrements lus, ${N} attendus`);
const jsonOut = JSON.parse(j1.runs[0]?.stdout ?? '{}') as { households?: { valid?: number } };
if (jsonOut.households?.valid !== N) throw new Error(`simulate : ${String(jsonOut.households?.valid)} foyers valides, ${N} attendus`);

const jBest = best(j1) <= best(j2) ? j1 : j2;
const jWorkers = jBest === j1 ? 1 : 2;
const rate = (ms: number): number => N / (ms / 1000);
/** The time of a command over `size` households: its fixed cost (the run on SMALL) plus each household at the marginal rate between SMALL and N. */
const project = (small: Command, big: Command, size: number): number => best(small) + ((size - SMALL) * Math.max(0, best(big) - best(small))) / (N - SMALL);

// Report.
const out: string[] = [];
out.push(`non-recours — simulate de bout en bout (issue 14, point 6) : ${fr(N)} foyers générés (${CITY}, graine 1, ${s(generationMs)} de génération), date ${DATE}, Node ${process.version}`);
out.push(`  machine : ${availableParallelism()} cœurs partagés, charge moyenne ${fr(loadAtStart, 2)} au départ, ${fr(loadAtEnd, 2)} à la fin — seuls les rapports mesurés dans ce passage comptent.`);
out.push(`  commandes : ${ROUNDS} tour${ROUNDS > 1 ? 's' : ''} alternés, meilleur temps de chacune (du lancement à la sortie) ; mémoire : ${RSS_SOURCE}.`);
out.push('');
out.push(`  1. validation par foyer (${fr(validation.prepared.length)} foyers du fichier, ${IN_ROUNDS} tours, médiane)`);
out.push(`     passe unique (createHouseholdPreparer)   ${fr(validation.fastUs, 2).padStart(7)} µs/foyer  (${fr(100 * validation.fastShare, 1)} % décidés sans zod)`);
out.push(`     zod + prepareHousehold                   ${fr(validation.oldUs, 2).padStart(7)} µs/foyer  → ${fr(validation.ratio, 1)} × plus rapide`);
out.push(`     accord des deux chemins : ${validation.mismatches} désaccord${validation.mismatches > 1 ? 's' : ''} sur ${fr(SAMPLE)} enregistrements`);
out.push(`     objectif ≤ 5 µs par foyer : ${fr(validation.fastUs, 2)} µs — ${verdict(validation.fastUs <= 5)}`);
out.push(`  2. moteur contre écrit à la main (${HAND_RULE_COUNT} règles, ${engine.inForce} en vigueur, mêmes foyers préparés, ${IN_ROUNDS} tours, médiane)`);
out.push(`     evaluateCompact (catalogue réduit)       ${fr(engine.engineUs, 2).padStart(7)} µs/foyer`);
out.push(`     evaluateHand                             ${fr(engine.handUs, 2).padStart(7)} µs/foyer  → rapport ${fr(engine.ratio, 2)} ×`);
out.push(`     accord (statut et montant au centime) : ${engine.mismatches} désaccord${engine.mismatches > 1 ? 's' : ''} sur ${fr(engine.comparisons)} comparaisons${engine.firstMismatches.length > 0 ? `\n       ${engine.firstMismatches.join('\n       ')}` : ''}`);
out.push(`     chemin du baromètre (nextEnv, evaluateRuleExact) ${fr(engine.bulkUs, 2).padStart(7)} µs/foyer  → rapport ${fr(engine.bulkRatio, 2)} × (mêmes statuts et centimes qu'evaluateCompact, compté dans les désaccords)`);
out.push(`     objectif ≤ 2 × l'écrit à la main : ${fr(engine.bulkRatio, 2)} × sur le chemin du baromètre, ${fr(engine.ratio, 2)} × avec evaluateCompact (montants decimal.js) — ${verdict(engine.bulkRatio <= 2)}`);
const row = (c: Command): string => `     ${c.label.padEnd(36)} ${s(best(c)).padStart(8)}  ${fr(rate(best(c))).padStart(9)} foyers/s  CPU ${s(cpu(c)).padStart(7)}  mémoire max ${mo(peak(c)).padStart(7)}`;
out.push(`  3. commande entière contre lecture nue (même fichier ${jsonl}, processus fils node)`);
out.push(row(bareLine));
out.push(row(bareSplit));
out.push(row(j1));
out.push(row(j2));
const ratioSim = best(jBest) / best(bareLine);
out.push(`     simulate (meilleur : --workers ${jWorkers}) / lecture nue readline : ${fr(ratioSim, 2)} × (--workers 1 : ${fr(best(j1) / best(bareLine), 2)} ×, tours ${perRound(j1, bareLine)}) ; / découpage à la main : ${fr(best(jBest) / best(bareSplit), 2)} ×`);
out.push(`     objectif ≤ 1,5 × la lecture nue : ${fr(ratioSim, 2)} × — ${verdict(ratioSim <= 1.5)}`);
const sameJ = sameBytes(j1, j2);
out.push(`  4. --workers 2 contre --workers 1 : temps ${fr(best(j2) / best(j1), 2)} × (tours ${perRound(j2, j1)}), accélération ${fr(best(j1) / best(j2), 2)} ×`);
out.push(`     sorties --json identiques octet pour octet (tous les tours) : ${sameJ ? 'oui' : 'NON'}${p1 !== undefined && p2 !== undefined ? ` ; Parquet : ${sameBytes(p1, p2) ? 'oui' : 'NON'}` : ''}`);
let parquetOk = true;
if (p1 !== undefined && p2 !== undefined) {
  const pBest = best(p1) <= best(p2) ? p1 : p2;
  const pRss = Math.max(peak(p1), peak(p2));
  const pMillion = N === MILLION ? best(pBest) : project(p0 as Command, pBest, MILLION);
  // The report names its file: the rest must be the same bytes.
  const unnamed = (text: string, file: string): string => text.replace(`"file": ${JSON.stringify(file)}`, '"file": ""');
  const sameFormats = unnamed(p1.runs[0]?.stdout ?? '', parquet) === unnamed(j1.runs[0]?.stdout ?? '', jsonl);
  parquetOk = sameFormats && sameBytes(p1, p2);
  out.push(`  5. Parquet contre JSONL.gz (même population)`);
  out.push(row(p1));
  out.push(row(p2));
  out.push(`     Parquet / JSONL.gz : ${fr(best(p1) / best(j1), 2)} × (--workers 1), ${fr(best(p2) / best(j2), 2)} × (--workers 2) ; même baromètre que JSONL.gz (hors nom du fichier) : ${sameFormats ? 'oui' : 'NON'}`);
  const measured = N === MILLION ? 'mesuré' : `projeté : coût fixe ${s(best(p0 as Command))} (${fr(SMALL)} foyers) + débit marginal entre ${fr(SMALL)} et ${fr(N)} foyers`;
  out.push(`     objectif 1 M foyers Parquet < 30 s : ${s(pMillion)} (${measured}, --workers ${pBest === p1 ? 1 : 2}) — ${verdict(pMillion < 30_000)}`);
  out.push(`     objectif mémoire < 300 Mo : ${mo(pRss)} au plus (mesuré à ${fr(N)} foyers ; docs/parquet.md : elle dépend des groupes de lignes, pas du nombre de foyers) — ${verdict(pRss < 300 * 1024 * 1024)}`);
} else {
  out.push(`  5. Parquet : non mesuré — @duckdb/node-api n'est pas installé (npm install @duckdb/node-api).`);
}
const countryMs = project(j0, jBest, COUNTRY);
const marginal = (small: Command, big: Command): number => (N - SMALL) / (Math.max(1e-9, best(big) - best(small)) / 1000);
const minutes = (ms: number): string => `${fr(ms / 60_000, 1)} min`;
out.push(`  6. projection pour 3·10⁷ foyers (commande entière, 2 cœurs de cette machine) : coût fixe (${fr(SMALL)} foyers) + débit marginal entre ${fr(SMALL)} et ${fr(N)} foyers`);
out.push(row(j0));
if (p0 !== undefined) out.push(row(p0));
out.push(`     JSONL.gz --workers ${jWorkers} : ${fr(marginal(j0, jBest))} foyers/s au-delà du départ (${fr(rate(best(jBest)))} foyers/s départ compris) → ${minutes(countryMs)}`);
if (p0 !== undefined && p1 !== undefined && p2 !== undefined) {
  const pBest = best(p1) <= best(p2) ? p1 : p2;
  out.push(`     Parquet --workers ${pBest === p1 ? 1 : 2} : ${fr(marginal(p0, pBest))} foyers/s au-delà du départ → ${minutes(project(p0, pBest, COUNTRY))}`);
}
out.push(`     objectif pays < 15 min : ${minutes(countryMs)} — ${verdict(countryMs < 15 * 60_000)}`);
out.push(`     mémoire résidente maximale des fils : ${commands.map((c) => `${c.label.replace('simulate ', '').replace('lecture nue ', 'lecture ')} ${mo(peak(c))}`).join(' ; ')}`);
process.stdout.write(`${out.join('\n')}\n`);

rmSync(work, { recursive: true, force: true });
if (validation.mismatches > 0 || engine.mismatches > 0 || !sameJ || !parquetOk) process.exitCode = 1;
