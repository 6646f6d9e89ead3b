/**
 * The public surface of the engine: a compiled catalog as an opaque handle, an evaluator that compiles
 * once and evaluates many households, and `evaluateHousehold` for one-off calls (it keeps the compiled
 * form of a catalog per date, so that the second call at a date costs an evaluation, not a compilation).
 */
import { defaultCatalog } from './catalog/default.js';
import { compileCatalog as compileInternal, evaluateCompact as evaluateCompactInternal, type CompactResult, type CompiledCatalog as InternalCompiled } from './engine/evaluator.js';
import type { PreparedHousehold } from './facts/context.js';
import { parseHousehold } from './household/parse.js';
import type { Household } from './household/schema.js';
import { explainHousehold as explainInternal, type ExplainOptions, type Report } from './report/report.js';
import type { Catalog } from './rules/catalog.js';
import type { IncomePolicy } from './facts/income-policy.js';
import { milestones, outlookOf, waitingPeriods } from './report/outlook.js';

declare const compiledBrand: unique symbol;

/**
 * A catalog compiled at one date (parameters resolved, conditions turned into closures). Opaque: make it
 * with `compileCatalog` or `createEvaluator`, pass it to `explainHousehold`, `evaluateCompact`, `formState`.
 */
export interface CompiledCatalog {
  readonly catalog: Catalog;
  /** The evaluation date, `YYYY-MM-DD`. */
  readonly date: { readonly iso: string };
  readonly [compiledBrand]: true;
}

const internal = (c: CompiledCatalog): InternalCompiled => c as unknown as InternalCompiled;

/**
 * Compiles a catalog at a date, once: each parameter and named value resolved at that date, each
 * condition turned into a closure, facts read by several rules shared.
 *
 * @example
 * const compiled = compileCatalog(defaultCatalog(), '2026-11-24');
 * const report = explainHousehold(compiled, parseHousehold(json));
 */
export function compileCatalog(catalog: Catalog, date: string): CompiledCatalog {
  return compileInternal(catalog, date) as unknown as CompiledCatalog;
}

/**
 * Evaluates a validated household against a compiled catalog, with explanations: a French sentence per
 * condition, the named values used, missing fields, next questions ranked, unclaimed totals.
 *
 * @example
 * const report = explainHousehold(compileCatalog(catalog, '2026-11-24'), parseHousehold(json));
 */
export function explainHousehold(compiled: CompiledCatalog, household: Household | PreparedHousehold, options: ExplainOptions = {}): Report {
  return explainInternal(internal(compiled), household, options);
}

/**
 * The bulk path: status and amount of every rule in catalog order, without explanations. The household
 * must already be validated (`parseHousehold`); prepare it (`prepareHousehold`) to evaluate it several times.
 *
 * @example
 * const { statuses, amounts } = evaluateCompact(compiled, household);
 */
export function evaluateCompact(compiled: CompiledCatalog, household: Household | PreparedHousehold): CompactResult {
  return evaluateCompactInternal(internal(compiled), household);
}

/** Compiles once, evaluates many: what an app or a form keeps for one date. */
export interface Evaluator {
  /** The evaluation date, `YYYY-MM-DD`. */
  readonly date: string;
  readonly catalog: Catalog;
  readonly compiled: CompiledCatalog;
  /** Validates raw JSON (throws `HOUSEHOLD_INVALID` listing each problem in French) and returns the full report. */
  report(household: unknown): Report;
  /** The full report of a household already validated by `parseHousehold` (or prepared). */
  explain(household: Household | PreparedHousehold): Report;
  /** Status and amount of every rule, without explanations (the bulk path). */
  evaluate(household: Household | PreparedHousehold): CompactResult;
}

/**
 * Compiles a catalog at a date and returns an evaluator for many households.
 *
 * @example
 * const evaluator = createEvaluator(defaultCatalog(), { date: '2026-11-24' });
 * for (const json of households) console.log(evaluator.report(json).unclaimed);
 */
export function createEvaluator(catalog: Catalog, options: { readonly date: string }): Evaluator {
  const compiled = compileCatalog(catalog, options.date);
  const c = internal(compiled);
  return {
    date: c.date.iso,
    catalog,
    compiled,
    report: (household) => explainInternal(c, parseHousehold(household, { date: c.date.iso, ruleIds: ruleIdsOf(catalog) })),
    explain: (household) => explainInternal(c, household),
    evaluate: (household) => evaluateCompactInternal(c, household),
  };
}

/** Options of `evaluateHousehold`. */
export interface EvaluateOptions {
  /** The evaluation date, `YYYY-MM-DD`. Always explicit: the library never reads the clock. */
  readonly date: string;
  /** The catalog; the bundled one when omitted. */
  readonly catalog?: Catalog;
  /**
   * Also say what opens and closes in the next months for the household left unchanged (its last
   * month's incomes going on): `{ months: 12 }`. The report then has `outlook`.
   */
  readonly outlook?: { readonly months?: number } | undefined;
}

/** How many dates of one catalog `evaluateHousehold` keeps compiled (the oldest is dropped first). */
const DATES_KEPT = 16;
// A memo of a pure function (catalog × date → compiled catalog), keyed weakly by the catalog object: it
// never changes a result, only saves the compilation.
const compiledByCatalog = new WeakMap<Catalog, Map<string, InternalCompiled>>();

function compiledFor(catalog: Catalog, date: string): InternalCompiled {
  let byDate = compiledByCatalog.get(catalog);
  if (byDate === undefined) compiledByCatalog.set(catalog, (byDate = new Map()));
  let c = byDate.get(date);
  if (c === undefined) {
    c = compileInternal(catalog, date);
    if (byDate.size >= DATES_KEPT) byDate.delete(byDate.keys().next().value as string);
    byDate.set(date, c);
  }
  return c;
}

/**
 * Evaluates one household (raw JSON or already validated) against the catalog at a date and returns
 * the full report. The household is checked against the date (no birth after it, no age above 120) and
 * its `claims` against the catalog's rule ids. Synchronous and side-effect free. The compiled catalog is kept per date (for the
 * bundled catalog and for any catalog object passed), so repeated calls cost one evaluation each; for a
 * loop, `createEvaluator` says so explicitly.
 *
 * @example
 * const report = evaluateHousehold(json, { date: '2026-11-24' });
 * for (const r of report.results) console.log(r.id, r.status, r.amount?.value);
 */
export function evaluateHousehold(household: unknown, options: EvaluateOptions): Report {
  const catalog = options.catalog ?? defaultCatalog();
  const compiled = compiledFor(catalog, options.date);
  const parsed: Household = parseHousehold(household, { date: compiled.date.iso, ruleIds: ruleIdsOf(catalog) });
  const report = explainInternal(compiled, parsed);
  if (options.outlook === undefined) return report;
  return withOutlook(catalog, parsed, report, options.outlook.months ?? 12);
}

/**
 * A household's report with its outlook: what opens and closes in the next `months` (1 to 36) for the
 * household left unchanged, from the report at its date (`evaluateHousehold` with `outlook`, and the HTTP
 * API's `outlook`).
 */
export function withOutlook(catalog: Catalog, household: Household, report: Report, months: number): Report {
  const n = Math.min(Math.max(Math.trunc(months), 1), 36);
  const points = milestones(household, report.date, n, catalogDates(catalog), separationMonths(catalog), waitingPeriods(catalog));
  return { ...report, outlook: outlookOf(report, household, points, (h, d) => explainInternal(compiledFor(catalog, d), h)) };
}

/** The dates the catalog changes: rules coming into force or ending, parameters revalued. */
function catalogDates(catalog: Catalog): { date: string; reason: string }[] {
  const out: { date: string; reason: string }[] = [];
  for (const r of catalog.rules) {
    out.push({ date: r.validity.from, reason: `entrée en vigueur de « ${r.title} »` });
    if (r.validity.until !== null) out.push({ date: r.validity.until, reason: `fin de « ${r.title} »` });
  }
  for (const p of catalog.parameters.values()) for (const v of p.values) out.push({ date: v.from, reason: `nouvelle valeur : ${p.label}` });
  return out;
}

/** The ages of a separation at which an income policy of the catalog changes its base. */
function separationMonths(catalog: Catalog): Set<number> {
  const out = new Set<number>();
  for (const p of catalog.parameters.values()) {
    if (p.type !== 'policy') continue;
    for (const v of p.values) {
      const within = (v.value as IncomePolicy | null)?.afterSeparation?.withinMonths;
      if (typeof within === 'number') out.add(within);
    }
  }
  return out;
}

const idsByCatalog = new WeakMap<Catalog, ReadonlySet<string>>();

/** The rule ids of a catalog, which `claims` keys must be (kept per catalog object). */
export function ruleIdsOf(catalog: Catalog): ReadonlySet<string> {
  let ids = idsByCatalog.get(catalog);
  if (ids === undefined) idsByCatalog.set(catalog, (ids = new Set(catalog.rules.map((r) => r.id))));
  return ids;
}
