import { loadCatalog, type Catalog } from '../rules/catalog.js';
import { BUNDLED } from './bundled.generated.js';

let bundled: Catalog | undefined;

/**
 * The catalog shipped with the library (rules/ of the package), validated on first use and then the
 * same object on every call (a catalog is immutable data).
 */
export function defaultCatalog(): Catalog {
  bundled ??= loadCatalog(BUNDLED);
  return bundled;
}
