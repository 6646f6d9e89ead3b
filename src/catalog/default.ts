import { loadCatalog, type Catalog } from '../rules/catalog.js';
import { BUNDLED } from './bundled.generated.js';

/**
 * The catalog shipped with the library (rules/ of the package), validated on each call: keep the
 * result when you evaluate many households.
 */
export function defaultCatalog(): Catalog {
  return loadCatalog(BUNDLED);
}
