/**
 * `parseJsonStrict` against `JSON.parse` on the bundled rule, parameter and value files (as they are
 * written in rules/: two-space indentation), in one run: MB/s of each and their ratio. The strict reader
 * also checks duplicate keys, prototype keys and depth, which `JSON.parse` does not.
 * Run with `npm run bench:json` (BENCH_JSON_ROUNDS=50 for a shorter run). No target: rule folders are
 * read once per process.
 */
import { BUNDLED } from '../src/catalog/bundled.generated.js';
import { parseJsonStrict } from '../src/json/parse.js';

const ROUNDS = Number(process.env.BENCH_JSON_ROUNDS ?? 500);
const files = [...BUNDLED.rules, ...BUNDLED.parameters, ...(BUNDLED.values ?? [])].map((f) => ({ path: f.path, text: `${JSON.stringify(f.json, null, 2)}\n` }));
const bytes = files.reduce((sum, f) => sum + f.text.length, 0);

// Same values first: a benchmark of a reader that disagrees would mean nothing.
for (const f of files) {
  if (JSON.stringify(parseJsonStrict(f.text, f.path)) !== JSON.stringify(JSON.parse(f.text))) throw new Error(`${f.path} : valeurs différentes`);
}

function run(parse: (text: string, file: string) => unknown): number {
  let sink = 0;
  for (let r = 0; r < Math.max(5, ROUNDS / 10); r += 1) for (const f of files) sink += parse(f.text, f.path) === null ? 1 : 0;
  const t0 = performance.now();
  for (let r = 0; r < ROUNDS; r += 1) for (const f of files) sink += parse(f.text, f.path) === null ? 1 : 0;
  const ms = performance.now() - t0;
  if (sink !== 0) throw new Error('unexpected null');
  return ms;
}

const nativeMs = run((text) => JSON.parse(text));
const strictMs = run((text, file) => parseJsonStrict(text, file));
const mbps = (ms: number) => ((bytes * ROUNDS) / 1e6 / (ms / 1000)).toFixed(1);
process.stdout.write(
  [
    `${files.length} fichiers, ${(bytes / 1024).toFixed(0)} kio de JSON, ${ROUNDS} passes`,
    `JSON.parse       ${mbps(nativeMs)} Mo/s (${(nativeMs / ROUNDS).toFixed(2)} ms par catalogue)`,
    `parseJsonStrict  ${mbps(strictMs)} Mo/s (${(strictMs / ROUNDS).toFixed(2)} ms par catalogue)`,
    `rapport : parseJsonStrict est ${(strictMs / nativeMs).toFixed(2)} × plus lent que JSON.parse`,
  ].join('\n') + '\n',
);
