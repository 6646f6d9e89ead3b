/** Engine internals the tests drive directly (the public API plus the compiled rules and the per-household environment). */
export * from '../src/index.js';
import type { CompiledCatalog as PublicCompiled } from '../src/api.js';
import { compileCatalog as compileInternal, createEnv, type CompiledCatalog } from '../src/engine/evaluator.js';
import type { PreparedHousehold } from '../src/facts/context.js';
import type { Catalog } from '../src/rules/catalog.js';

export { evaluateRule } from '../src/engine/evaluator.js';

/** A compiled catalog seen from inside (its compiled rules), usable as the public handle too. */
export type InternalCompiled = CompiledCatalog & PublicCompiled;

/** Compiles with the engine's internal view of the result. */
export function compileCatalog(catalog: Catalog, date: string): InternalCompiled {
  return compileInternal(catalog, date) as InternalCompiled;
}

export function createEnvForTests(compiled: CompiledCatalog, prepared: PreparedHousehold) {
  return createEnv(compiled, prepared, false);
}
