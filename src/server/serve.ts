/**
 * Puts the HTTP API on a port with `@hono/node-server`. Node-only: it reads the rule folders from disk.
 * Node's own timeouts back the app's: headers must arrive within the request timeout, and a request still
 * incomplete a second after it is cut by Node (bare 408), after the app has had the chance to answer
 * its own French 408 problem.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve as nodeServe } from '@hono/node-server';
import { loadCatalogFromDirs } from '../node.js';
import { createApp, DEFAULT_TIMEOUT_MS, type AppOptions } from './app.js';

/** Options of `serve`: where to listen, which rule folders to add to the bundled catalog, and the app's limits. */
export interface ServeOptions extends Omit<AppOptions, 'catalog'> {
  /** Address to listen on; `127.0.0.1` by default (use `0.0.0.0` in a container). */
  readonly host?: string;
  /** Port; 8080 by default, 0 for any free port. */
  readonly port?: number;
  /** Municipality rule folders loaded over the bundled catalog (`--rules`). */
  readonly rulesDirs?: readonly string[];
}

/** A listening server. */
export interface RunningServer {
  /** Base address, such as `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** How many rules are served. */
  readonly rules: number;
  /** Stops accepting connections, closes idle ones, and resolves once every request has ended. */
  close(): Promise<void>;
}

/**
 * Loads the catalog (bundled + `rulesDirs`), creates the app and listens. Rejects on a broken rule folder
 * (`CATALOG_INVALID`…) or a port already taken (`EADDRINUSE`).
 *
 * @example
 * const server = await serve({ host: '127.0.0.1', port: 8080, rulesDirs: ['./regles-poitiers'] });
 * // …
 * await server.close();
 */
export async function serve(options: ServeOptions = {}): Promise<RunningServer> {
  const { host = '127.0.0.1', port = 8080, rulesDirs = [], ...appOptions } = options;
  const catalog = loadCatalogFromDirs(rulesDirs);
  const app = createApp({ ...appOptions, catalog });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const server = nodeServe({
      fetch: app.fetch,
      hostname: host,
      port,
      serverOptions: { requestTimeout: timeoutMs + 1000, headersTimeout: timeoutMs, keepAliveTimeout: 5000 },
    }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shown}:${address.port}`,
        port: address.port,
        rules: catalog.rules.length,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e === undefined ? done() : fail(e)));
            server.closeIdleConnections();
          }),
      });
    });
  });
}
