/** Engine internals the tests drive directly (the public API plus the per-household environment). */
export * from '../src/index.js';
import { createEnv, type CompiledCatalog } from '../src/engine/evaluator.js';
import type { PreparedHousehold } from '../src/facts/context.js';

export function createEnvForTests(compiled: CompiledCatalog, prepared: PreparedHousehold) {
  return createEnv(compiled, prepared, false);
}
