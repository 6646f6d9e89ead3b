import type { FactDefinition } from './definitions.js';

/**
 * Facts added for the local rules of the catalog (see docs/facts.md). Each one documents its source and
 * what it leaves out.
 */
export const LOCAL_FACTS: readonly FactDefinition[] = [];
