/**
 * Adding up the aggregates of parts of a population: the partials of worker threads, and the shard files
 * of runs on several machines. Counts add, sums of money add exactly (every digit is kept), and the
 * examples of invalid records are the first ones by index: the merged partial is the one a single run
 * over all the households gives, whatever the parts and the order they come in.
 */
import { z } from 'zod';
import { findForbiddenKeys } from '../errors.js';
import { DECIMAL_RE } from '../money.js';
import type { CsvIssue } from './csv.js';
import { HOUSEHOLD_TYPES } from './household-type.js';
import { INVALID_KEPT, METRICS, REFORM_METRICS, Sum, type InvalidExample, type PartialGroupRows, type PartialReform, type SimulationPartial } from './simulate.js';

const addCounts = (a: readonly number[], b: readonly number[]): number[] => a.map((x, i) => x + (b[i] ?? 0));
const addSums = (a: readonly string[], b: readonly string[]): string[] => a.map((x, i) => new Sum(x).plus(b[i] ?? 0).toFixed());
const byKey = (a: readonly [string, unknown], b: readonly [string, unknown]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function addKeyed<T>(a: readonly (readonly [string, T])[], b: readonly (readonly [string, T])[], add: (x: T, y: T) => T): [string, T][] {
  const out = new Map<string, T>(a);
  for (const [k, v] of b) {
    const x = out.get(k);
    out.set(k, x === undefined ? v : add(x, v));
  }
  return [...out].sort(byKey);
}

function addRows(a: PartialGroupRows, b: PartialGroupRows): PartialGroupRows {
  const out = new Map<number, readonly number[]>(a);
  for (const [r, c] of b) {
    const x = out.get(r);
    out.set(r, x === undefined ? c : addCounts(x, c));
  }
  return [...out].sort((x, y) => x[0] - y[0]);
}

/** The first invalid records of two parts, by index. */
export function firstInvalid(a: readonly InvalidExample[], b: readonly InvalidExample[]): InvalidExample[] {
  return [...a, ...b].sort((x, y) => x.index - y.index).slice(0, INVALID_KEPT);
}

/** What two partials must share to be added: the date, the rules (and how they are counted), the reform. */
function header(p: SimulationPartial): string {
  const { id, title, baseline, reform } = p.reform ?? {};
  return JSON.stringify([p.date, p.rules, p.reform === null ? null : [id, title, baseline, reform], p.counts.length, p.byType.length]);
}

/**
 * Adds the aggregates of two disjoint sets of households of one population, simulated at the same date with
 * the same catalog and reform (a programmer's error otherwise: it throws).
 */
export function mergePartials(a: SimulationPartial, b: SimulationPartial): SimulationPartial {
  if (header(a) !== header(b)) throw new Error('mergePartials : agrégats de simulations différentes (date, règles ou réforme)');
  let reform: PartialReform | null = null;
  if (a.reform !== null && b.reform !== null) {
    const x = a.reform;
    const y = b.reform;
    reform = {
      id: x.id,
      title: x.title,
      baseline: x.baseline,
      reform: x.reform,
      ruleTypes: addCounts(x.ruleTypes, y.ruleTypes),
      ruleGains: addSums(x.ruleGains, y.ruleGains),
      ruleLosses: addSums(x.ruleLosses, y.ruleLosses),
      baseMoney: addSums(x.baseMoney, y.baseMoney),
      reformMoney: addSums(x.reformMoney, y.reformMoney),
      households: addCounts(x.households, y.households),
      winners: addCounts(x.winners, y.winners),
      losers: addCounts(x.losers, y.losers),
      unknown: addCounts(x.unknown, y.unknown),
      gains: addSums(x.gains, y.gains),
      losses: addSums(x.losses, y.losses),
      becameUndetermined: addCounts(x.becameUndetermined, y.becameUndetermined),
      newlyEligibleInKind: addCounts(x.newlyEligibleInKind, y.newlyEligibleInKind),
      noLongerEligibleInKind: addCounts(x.noLongerEligibleInKind, y.noLongerEligibleInKind),
    };
  }
  return {
    date: a.date,
    rules: a.rules,
    total: a.total + b.total,
    invalid: a.invalid + b.invalid,
    invalidExamples: firstInvalid(a.invalidExamples, b.invalidExamples),
    typeCount: addCounts(a.typeCount, b.typeCount),
    communeCount: addKeyed(a.communeCount, b.communeCount, (x, y) => x + y),
    counts: addCounts(a.counts, b.counts),
    byType: addCounts(a.byType, b.byType),
    byArea: addKeyed(a.byArea, b.byArea, addRows),
    byCommune: addKeyed(a.byCommune, b.byCommune, addRows),
    near: addCounts(a.near, b.near),
    eligiblePerMonth: addSums(a.eligiblePerMonth, b.eligiblePerMonth),
    unclaimedPerMonth: addSums(a.unclaimedPerMonth, b.unclaimedPerMonth),
    unclaimedOnce: addSums(a.unclaimedOnce, b.unclaimedOnce),
    claimUnknownPerMonth: addSums(a.claimUnknownPerMonth, b.claimUnknownPerMonth),
    claimUnknownOnce: addSums(a.claimUnknownOnce, b.claimUnknownOnce),
    reform,
  };
}

/** An invalid CSV row passed over by `--skip-invalid` (see `SkippedRow` of the command line). */
export interface SkippedRowData {
  readonly index: number;
  readonly id: string | null;
  readonly issues: readonly CsvIssue[];
}

/** The CSV rows passed over by `--skip-invalid`: how many, and the first `INVALID_KEPT` by index. */
export interface Skipped {
  readonly count: number;
  readonly rows: readonly SkippedRowData[];
}

export const NO_SKIPPED: Skipped = { count: 0, rows: [] };

/** Adds the rows passed over by two parts. */
export function mergeSkipped(a: Skipped, b: Skipped): Skipped {
  return { count: a.count + b.count, rows: [...a.rows, ...b.rows].sort((x, y) => x.index - y.index).slice(0, INVALID_KEPT) };
}

export const SHARD_FORMAT = 'non-recours-shard';
/**
 * Version 2: the money sums of a part are in twelfths of a cent (per month) and in cents (once), exact
 * integers, where version 1 had euros with the monthly equivalents rounded at 24 digits.
 */
export const SHARD_VERSION = 2;

/**
 * A shard file: the aggregates of one share of a population (`--shard i/n`: the households whose index in
 * the file, from 0, is i − 1 modulo n), and what tells whether shards can be merged.
 */
export interface ShardFile {
  readonly format: typeof SHARD_FORMAT;
  readonly version: typeof SHARD_VERSION;
  readonly shard: { readonly index: number; readonly count: number };
  readonly date: string;
  /** The population file as named on the command line (the report names it), and its number of records. */
  readonly population: { readonly source: string; readonly records: number };
  /** A SHA-256 of the rules, parameters and named values in use (file paths left out), and the rule ids. */
  readonly catalog: { readonly fingerprint: string; readonly rules: readonly string[] };
  readonly reform: { readonly id: string; readonly fingerprint: string } | null;
  readonly skipped: Skipped;
  readonly partial: SimulationPartial;
}

/** The merged aggregates of a complete set of shards. */
export interface MergedShards {
  readonly source: string;
  readonly partial: SimulationPartial;
  readonly skipped: Skipped;
}

const count = z.number().int().nonnegative();
const counts = z.array(count);
const decimal = z.string().regex(DECIMAL_RE);
const rows = z.array(z.tuple([count, counts]));
const groups = z.array(z.tuple([z.string(), rows]));
const csvIssue = z.strictObject({ line: count, column: z.string().nullable(), message: z.string(), correction: z.string().exactOptional() });

const shardSchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  version: z.literal(SHARD_VERSION),
  shard: z.strictObject({ index: z.number().int().positive(), count: z.number().int().positive() }).refine((s) => s.index <= s.count, { error: 'part i/n avec 1 ≤ i ≤ n attendue' }),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  population: z.strictObject({ source: z.string(), records: count }),
  catalog: z.strictObject({ fingerprint: z.string().min(1), rules: z.array(z.string()) }),
  reform: z.strictObject({ id: z.string(), fingerprint: z.string().min(1) }).nullable(),
  skipped: z.strictObject({ count, rows: z.array(z.strictObject({ index: count, id: z.string().nullable(), issues: z.array(csvIssue) })) }),
  partial: z.strictObject({
    date: z.string(),
    rules: z.array(z.strictObject({ id: z.string(), title: z.string(), kind: z.string(), institution: z.string(), illustrative: z.boolean(), money: z.boolean(), affected: z.boolean() })),
    total: count,
    invalid: count,
    invalidExamples: z.array(z.strictObject({ index: count, id: z.string().nullable(), issues: z.array(z.string()) })),
    typeCount: counts,
    communeCount: z.array(z.tuple([z.string(), count])),
    counts,
    byType: counts,
    byArea: groups,
    byCommune: groups,
    near: counts,
    eligiblePerMonth: z.array(decimal),
    unclaimedPerMonth: z.array(decimal),
    unclaimedOnce: z.array(decimal),
    claimUnknownPerMonth: z.array(decimal),
    claimUnknownOnce: z.array(decimal),
    reform: z
      .strictObject({
        id: z.string(),
        title: z.string(),
        baseline: z.string(),
        reform: z.string(),
        ruleTypes: counts,
        ruleGains: z.array(decimal),
        ruleLosses: z.array(decimal),
        baseMoney: z.array(decimal),
        reformMoney: z.array(decimal),
        households: counts,
        winners: counts,
        losers: counts,
        unknown: counts,
        gains: z.array(decimal),
        losses: z.array(decimal),
        becameUndetermined: counts,
        newlyEligibleInKind: counts,
        noLongerEligibleInKind: counts,
      })
      .nullable(),
  }),
});

/** Whether the arrays of a partial have the lengths its rules and the household types and metrics give. */
function shapeIssue(p: SimulationPartial): string | undefined {
  const n = p.rules.length;
  const t = HOUSEHOLD_TYPES.length;
  const m = METRICS.length;
  const perRule = [p.near, p.eligiblePerMonth, p.unclaimedPerMonth, p.unclaimedOnce, p.claimUnknownPerMonth, p.claimUnknownOnce, ...(p.reform === null ? [] : [p.reform.baseMoney, p.reform.reformMoney])];
  const perType = [p.typeCount, ...(p.reform === null ? [] : [p.reform.households, p.reform.winners, p.reform.losers, p.reform.unknown, p.reform.gains, p.reform.losses, p.reform.becameUndetermined, p.reform.newlyEligibleInKind, p.reform.noLongerEligibleInKind])];
  const perRuleType = p.reform === null ? [] : [p.reform.ruleGains, p.reform.ruleLosses];
  const ok =
    p.counts.length === n * m &&
    (p.reform === null || p.reform.ruleTypes.length === n * t * REFORM_METRICS.length) &&
    perRuleType.every((a) => a.length === n * t) &&
    p.byType.length === n * t * m &&
    perRule.every((a) => a.length === n) &&
    perType.every((a) => a.length === t) &&
    [...p.byArea, ...p.byCommune].every(([, rs]) => rs.every(([r, c]) => r < n && c.length === m));
  return ok ? undefined : `agrégats incohérents (${n} règles, ${t} types de foyer, ${m} compteurs attendus)`;
}

/** The outcome of reading a shard file: the shard, or French messages (never a throw for a bad file). */
export type ShardParse = { readonly success: true; readonly shard: ShardFile } | { readonly success: false; readonly issues: readonly string[] };

/** Checks a shard file read as JSON: its format and version, and every count and sum. */
export function safeParseShard(json: unknown, file: string): ShardParse {
  const format = json !== null && typeof json === 'object' ? (json as { format?: unknown; version?: unknown }) : {};
  if (format.format !== SHARD_FORMAT) return { success: false, issues: [`${file} : ce n'est pas une part de simulation non-recours (format « ${SHARD_FORMAT} » attendu)`] };
  if (format.version !== SHARD_VERSION) return { success: false, issues: [`${file} : part au format version ${String(format.version)}, cette version de non-recours lit la version ${SHARD_VERSION} (recalculez les parts avec la même version)`] };
  if (findForbiddenKeys(json).length > 0) return { success: false, issues: [`${file} : clé interdite (prototype)`] };
  const r = shardSchema.safeParse(json);
  if (!r.success) return { success: false, issues: r.error.issues.map((i) => `${file} : ${i.path.join('.') || '(racine)'} : ${i.message}`) };
  const shape = shapeIssue(r.data.partial);
  if (shape !== undefined) return { success: false, issues: [`${file} : ${shape}`] };
  return { success: true, shard: r.data };
}

const describeReform = (s: ShardFile): string => (s.reform === null ? 'sans réforme' : `réforme « ${s.reform.id} »`);

/**
 * Merges a complete set of shards (each 1/n to n/n once, in any order) into the aggregates of the whole
 * population, or says in French why they cannot be: different dates, catalogs, reforms, population files
 * or splits, a missing or duplicated shard.
 */
export function mergeShards(shards: readonly { readonly file: string; readonly shard: ShardFile }[]): { readonly success: true; readonly merged: MergedShards } | { readonly success: false; readonly issues: readonly string[] } {
  const first = shards[0];
  if (first === undefined) return { success: false, issues: ['aucune part à fusionner'] };
  const issues: string[] = [];
  const differ = (what: string, show: (s: ShardFile) => string): void => {
    const other = shards.find((s) => show(s.shard) !== show(first.shard));
    if (other !== undefined) issues.push(`${what} : ${first.file} (${show(first.shard)}) et ${other.file} (${show(other.shard)})`);
  };
  differ("les parts n'ont pas été calculées à la même date", (s) => s.date);
  differ("les parts n'ont pas été calculées avec le même catalogue de règles", (s) => `${s.catalog.rules.length} règles, empreinte ${s.catalog.fingerprint.slice(0, 19)}`);
  differ("les parts n'ont pas été calculées avec la même réforme", (s) => (s.reform === null ? describeReform(s) : `${describeReform(s)}, empreinte ${s.reform.fingerprint.slice(0, 19)}`));
  differ("les parts ne viennent pas du même fichier de population", (s) => `${s.population.source}, ${s.population.records} enregistrements`);
  differ("les parts ne viennent pas du même découpage", (s) => `découpage en ${s.shard.count}`);
  if (issues.length > 0) return { success: false, issues };
  const n = first.shard.shard.count;
  const seen = new Map<number, string>();
  for (const { file, shard } of shards) {
    const i = shard.shard.index;
    const before = seen.get(i);
    if (before !== undefined) issues.push(`la part ${i}/${n} est donnée deux fois : ${before} et ${file}`);
    else seen.set(i, file);
  }
  const missing = Array.from({ length: n }, (_, k) => k + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) issues.push(`${missing.length > 1 ? 'il manque les parts' : 'il manque la part'} ${missing.map((i) => `${i}/${n}`).join(', ')} : les ${n} parts sont nécessaires`);
  if (issues.length > 0) return { success: false, issues };
  // Parts are added in shard order (the sum is exact, so any order gives the same result).
  const ordered = [...shards].sort((a, b) => a.shard.shard.index - b.shard.shard.index);
  let partial = (ordered[0] as (typeof ordered)[number]).shard.partial;
  let skipped = (ordered[0] as (typeof ordered)[number]).shard.skipped;
  for (const s of ordered.slice(1)) {
    try {
      partial = mergePartials(partial, s.shard.partial);
    } catch {
      return { success: false, issues: [`${s.file} : ses règles ou sa réforme diffèrent de celles de ${first.file} malgré la même empreinte (fichier modifié ?)`] };
    }
    skipped = mergeSkipped(skipped, s.shard.skipped);
  }
  return { success: true, merged: { source: first.shard.population.source, partial, skipped } };
}
