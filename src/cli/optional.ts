import { NonRecoursError } from '../errors.js';

/**
 * The command line's own dependencies (the HTML report's charts, CSV reading, the progress bar, the HTTP
 * server) are optional peer dependencies: an app that only evaluates households does not install them.
 * A command that needs one loads it here, and says in French what to install when it is missing.
 */
export async function optionalDependency<T>(name: string, purpose: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if ((code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((e as Error).message).includes(name)) {
      throw new NonRecoursError('DEPENDENCY_MISSING', `${purpose} demande le paquet « ${name} », qui n'est pas installé. Installez les outils de la ligne de commande : npm install ${CLI_PACKAGES.join(' ')}`, [{ path: name, message: 'paquet absent' }]);
    }
    throw e;
  }
}

/** What the command line needs besides the library (the package's optional peer dependencies). */
export const CLI_PACKAGES = ['vega', 'vega-lite', 'csv-parse', 'csv-stringify', 'cli-progress', 'hono', '@hono/node-server', '@duckdb/node-api'] as const;
