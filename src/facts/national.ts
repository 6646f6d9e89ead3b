import type { FactDefinition } from './definitions.js';

/**
 * Facts added for the national rules of the catalog (see docs/facts.md). Each one documents its source and
 * what it leaves out.
 */
export const NATIONAL_FACTS: readonly FactDefinition[] = [];
