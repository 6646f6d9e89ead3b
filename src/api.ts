import { compileCatalog } from './engine/evaluator.js';
import { parseHousehold } from './household/parse.js';
import type { Household } from './household/schema.js';
import { explainHousehold, type Report } from './report/report.js';
import { defaultCatalog } from './catalog/default.js';
import type { Catalog } from './rules/catalog.js';

/** Options of `evaluateHousehold`. */
export interface EvaluateOptions {
  /** The evaluation date, `YYYY-MM-DD`. Always explicit: the library never reads the clock. */
  readonly date: string;
  /** The catalog; the bundled one when omitted. */
  readonly catalog?: Catalog;
}

/**
 * Evaluates one household (raw JSON or already validated) against the catalog at a date and returns
 * the full report. Synchronous and side-effect free. It compiles the catalog on each call: to evaluate
 * many households at one date, call `compileCatalog` once and then `explainHousehold` or
 * `evaluateCompact`.
 *
 * @example
 * const report = evaluateHousehold(json, { date: '2026-11-24' });
 * for (const r of report.results) console.log(r.id, r.status, r.amount?.value);
 */
export function evaluateHousehold(household: unknown, options: EvaluateOptions): Report {
  const parsed: Household = parseHousehold(household);
  const compiled = compileCatalog(options.catalog ?? defaultCatalog(), options.date);
  return explainHousehold(compiled, parsed);
}
