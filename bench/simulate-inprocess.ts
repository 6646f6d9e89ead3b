/**
 * The two in-process measures of bench/simulate.bench.ts (issue 14, item 6): validation per household
 * (the one-pass preparer against zod then `prepareHousehold`) and the engine against the hand-written
 * evaluator of bench/handwritten.ts, on records read from the generated population file.
 */
import { join } from 'node:path';
import { evaluateCompact, prepareHousehold, safeParseHousehold, type HouseholdParseOptions, type PreparedHousehold } from '../src/index.js';
import type { CompiledCatalog as PublicCompiled } from '../src/api.js';
import { compileCatalog as compileInternal, STATUSES } from '../src/engine/evaluator.js';
import { createHouseholdPreparer, tryFastPrepare } from '../src/household/fast-parse.js';
import { readRuleTree } from '../src/node/read-rules.js';
import { loadCatalog } from '../src/rules/catalog.js';
import { evaluateHand, handParameters, HAND_RULES, HAND_RULE_COUNT } from './handwritten.js';
import { engineCents, evaluateBulkInto } from './engine-bulk.js';

/** The median of some numbers (the upper one of an even count). */
export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

export interface ValidationMeasure {
  /** µs per household, median of the rounds. */
  readonly fastUs: number;
  readonly oldUs: number;
  /** Median of the round-by-round ratios old / fast. */
  readonly ratio: number;
  /** Records the fast pass decides alone (the others fall back to zod). */
  readonly fastShare: number;
  /** Records where both paths give a different verdict or household (must be 0). */
  readonly mismatches: number;
  readonly valid: number;
  readonly prepared: readonly PreparedHousehold[];
}

/** Times both validation paths on the same raw records, rounds alternated; checks they agree on every record. */
export function measureValidation(raws: readonly unknown[], options: HouseholdParseOptions, rounds: number): ValidationMeasure {
  const preparer = createHouseholdPreparer(options);
  const prepared: PreparedHousehold[] = [];
  let mismatches = 0;
  let fast = 0;
  for (const raw of raws) {
    const a = safeParseHousehold(raw, options);
    const b = preparer.safePrepare(raw);
    if (tryFastPrepare(raw, options) !== undefined) fast += 1;
    if (a.success !== b.success || (a.success && b.success && JSON.stringify(a.household) !== JSON.stringify(b.prepared.household))) mismatches += 1;
    if (b.success) prepared.push(b.prepared);
  }
  const runOld = (): number => {
    const t = performance.now();
    let ok = 0;
    for (const raw of raws) {
      const r = safeParseHousehold(raw, options);
      if (r.success && prepareHousehold(r.household).household !== undefined) ok += 1;
    }
    if (ok < 0) console.log(ok);
    return performance.now() - t;
  };
  const runFast = (): number => {
    const t = performance.now();
    let ok = 0;
    for (const raw of raws) if (preparer.safePrepare(raw).success) ok += 1;
    if (ok < 0) console.log(ok);
    return performance.now() - t;
  };
  runOld();
  runFast();
  const oldMs: number[] = [];
  const fastMs: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    oldMs.push(runOld());
    fastMs.push(runFast());
  }
  const us = (ms: number) => (1000 * ms) / raws.length;
  return {
    fastUs: us(median(fastMs)),
    oldUs: us(median(oldMs)),
    ratio: median(oldMs.map((o, r) => o / (fastMs[r] as number))),
    fastShare: fast / raws.length,
    mismatches,
    valid: prepared.length,
    prepared,
  };
}

export interface EngineMeasure {
  /** µs per household, median of the rounds. */
  readonly engineUs: number;
  readonly handUs: number;
  /** Median of the round-by-round ratios engine / hand-written. */
  readonly ratio: number;
  /** The barometer's path (`evaluateBulkInto`: reused states, exact amounts): µs per household and its ratio to the hand-written code. */
  readonly bulkUs: number;
  readonly bulkRatio: number;
  readonly comparisons: number;
  readonly mismatches: number;
  readonly firstMismatches: readonly string[];
  readonly inForce: number;
}

/**
 * `evaluateCompact` on the catalog of rules/ restricted to the hand-written rules against `evaluateHand`,
 * on the same prepared households: agreement (status, and amount to the cent) on every household and
 * rule, then the time of each, rounds alternated.
 */
export function measureEngine(root: string, households: readonly PreparedHousehold[], date: string, rounds: number): EngineMeasure {
  const input = readRuleTree(join(root, 'rules'));
  const catalog = loadCatalog(input);
  const subset = compileInternal(loadCatalog({ ...input, rules: input.rules.filter((r) => (HAND_RULES as readonly string[]).includes((r.json as { id?: string }).id ?? '')) }), date);
  const compiled = subset as unknown as PublicCompiled;
  const P = handParameters(catalog, date);
  const index = HAND_RULES.map((id) => subset.rules.findIndex((r) => r.rule.id === id));
  if (index.some((i) => i < 0)) throw new Error('règle écrite à la main absente du catalogue');
  const n = households.length;

  const st = new Uint8Array(HAND_RULE_COUNT);
  const am = new Float64Array(HAND_RULE_COUNT);
  let mismatches = 0;
  const firstMismatches: string[] = [];
  for (let i = 0; i < n; i += 1) {
    const h = households[i] as PreparedHousehold;
    evaluateHand(P, h, st, am, 0);
    const r = evaluateCompact(compiled, h);
    for (let k = 0; k < HAND_RULE_COUNT; k += 1) {
      const es = STATUSES.indexOf(r.statuses[index[k] as number] as (typeof STATUSES)[number]);
      const m = r.amounts[index[k] as number];
      const ea = m === undefined ? -1 : m.times(100).toNumber();
      if (es === st[k] && ea === am[k]) continue;
      mismatches += 1;
      if (firstMismatches.length < 5) firstMismatches.push(`${h.household.id ?? `#${i}`} ${HAND_RULES[k] ?? '?'} : moteur ${STATUSES[es] ?? '?'} ${ea} ; à la main ${STATUSES[st[k] as number] ?? '?'} ${am[k] ?? '?'}`);
    }
  }

  const status = new Uint8Array(n * HAND_RULE_COUNT);
  const amount = new Float64Array(n * HAND_RULE_COUNT);
  const runEngine = (): number => {
    const t = performance.now();
    let sink = 0;
    for (let i = 0; i < n; i += 1) sink += evaluateCompact(compiled, households[i] as PreparedHousehold).statuses.length;
    if (sink < 0) console.log(sink);
    return performance.now() - t;
  };
  const runHand = (): number => {
    const t = performance.now();
    for (let i = 0; i < n; i += 1) evaluateHand(P, households[i] as PreparedHousehold, status, amount, i * HAND_RULE_COUNT);
    return performance.now() - t;
  };
  // The barometer's path (bench/engine-bulk.ts), which must give what evaluateCompact gives.
  const bulkStatus = new Uint8Array(n * subset.rules.length);
  const bulkCents = new Float64Array(n * subset.rules.length);
  const runBulk = (): number => {
    const t = performance.now();
    evaluateBulkInto(subset, households, bulkStatus, bulkCents);
    return performance.now() - t;
  };
  runBulk();
  for (let i = 0; i < n; i += 1) {
    const r = evaluateCompact(compiled, households[i] as PreparedHousehold);
    for (let k = 0; k < subset.rules.length; k += 1) {
      const at = i * subset.rules.length + k;
      if (bulkStatus[at] !== STATUSES.indexOf(r.statuses[k] as (typeof STATUSES)[number]) || bulkCents[at] !== engineCents(r.amounts[k])) mismatches += 1;
    }
  }
  runEngine();
  runHand();
  const engineMs: number[] = [];
  const handMs: number[] = [];
  const bulkMs: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    engineMs.push(runEngine());
    handMs.push(runHand());
    bulkMs.push(runBulk());
  }
  const us = (ms: number) => (1000 * ms) / n;
  return {
    engineUs: us(median(engineMs)),
    handUs: us(median(handMs)),
    bulkUs: us(median(bulkMs)),
    bulkRatio: median(bulkMs.map((e, r) => e / (handMs[r] as number))),
    ratio: median(engineMs.map((e, r) => e / (handMs[r] as number))),
    comparisons: n * HAND_RULE_COUNT,
    mismatches,
    firstMismatches,
    inForce: P.inForce.filter(Boolean).length,
  };
}
