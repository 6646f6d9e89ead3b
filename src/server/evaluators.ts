/**
 * Evaluators of one catalog, one per evaluation date, compiled on first use and kept for the most
 * recently used dates only: a compilation costs about 25 ms, an evaluation about 1 ms, and a caller
 * cycling through many dates must not make the memory grow.
 */
import { createEvaluator, type Evaluator } from '../api.js';
import type { Catalog } from '../rules/catalog.js';

/** A bounded cache of evaluators by date. */
export interface EvaluatorCache {
  /** The evaluator at a date (`YYYY-MM-DD`, already checked), compiling it when not kept. */
  get(date: string): Evaluator;
  /** How many dates are kept now. */
  readonly size: number;
}

/** Keeps the evaluators of the `max` dates used most recently (least recently used dropped first). */
export function evaluatorCache(catalog: Catalog, max: number): EvaluatorCache {
  const byDate = new Map<string, Evaluator>();
  return {
    get(date) {
      const kept = byDate.get(date);
      if (kept !== undefined) {
        // Move to the most recent end.
        byDate.delete(date);
        byDate.set(date, kept);
        return kept;
      }
      const evaluator = createEvaluator(catalog, { date });
      if (byDate.size >= max) byDate.delete(byDate.keys().next().value as string);
      byDate.set(date, evaluator);
      return evaluator;
    },
    get size() {
      return byDate.size;
    },
  };
}
