/** Node-only helpers: read rule folders and households from disk. Not for the browser entry. */
import { readFileSync } from 'node:fs';
import { defaultCatalog } from './catalog/default.js';
import { loadCatalog, type Catalog } from './rules/catalog.js';
import { readRuleTree } from './node/read-rules.js';

export { readRuleTree } from './node/read-rules.js';

/**
 * Loads the bundled catalog plus the municipality folders given (each with its own `parameters/`).
 * A rule whose id already exists must say `"replaces": "<id>"`.
 *
 * @example
 * const catalog = loadCatalogFromDirs(['./mes-regles']);
 */
export function loadCatalogFromDirs(dirs: readonly string[], options: { readonly bundled?: boolean } = {}): Catalog {
  let catalog: Catalog | undefined = options.bundled === false ? undefined : defaultCatalog();
  for (const dir of dirs) catalog = loadCatalog(readRuleTree(dir), catalog);
  return catalog ?? loadCatalog({ rules: [], parameters: [] });
}

/** Reads and parses a JSON file (no validation). */
export function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
