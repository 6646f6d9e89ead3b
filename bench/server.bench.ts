/**
 * The HTTP API under load, on loopback only: starts `serve` on 127.0.0.1 (a free port) in a worker thread,
 * so that the client does not share the server's event loop, sends a bounded number of `POST /evaluate`
 * with the seed households in turn, a fixed number at a time, with `fetch`, then prints requests per second
 * and latency percentiles, and stops the server. Every answer must be a 200.
 * Run with `npx tsx bench/server.bench.ts`; BENCH_REQUESTS (2000) and BENCH_CONCURRENCY (10) change the load.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { serve } from '../src/server/serve.js';

if (!isMainThread) {
  // The server side: listen, say where, stop when told.
  const server = await serve({ host: '127.0.0.1', port: 0, log: false });
  parentPort?.postMessage(server.url);
  parentPort?.once('message', () => void server.close().then(() => process.exit(0)));
}

const DATE = '2026-11-24';
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const seedDir = new URL('../seeds/households/', import.meta.url).pathname;
const bodies = readdirSync(seedDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.stringify({ household: JSON.parse(readFileSync(join(seedDir, f), 'utf8')), date: DATE }));

// The worker runs this file through tsx's loader (a worker does not inherit the loader of its parent).
const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); })`;
const worker = isMainThread ? new Worker(bootstrap, { eval: true }) : undefined;
const base = worker === undefined ? '' : await new Promise<string>((resolve, reject) => worker.once('message', resolve).once('error', reject));
const url = `${base}/evaluate`;
const send = async (i: number): Promise<number> => {
  const t = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: bodies[i % bodies.length] as string });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`requête ${i} : statut ${res.status}`);
  return performance.now() - t;
};

if (worker !== undefined) try {
  // Warm-up: compile the catalog at the date, let V8 optimise.
  for (let i = 0; i < 50; i += 1) await send(i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < REQUESTS; i = next++) latencies.push(await send(i));
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): string => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number).toFixed(1);
  process.stdout.write(
    `POST /evaluate : ${REQUESTS} requêtes, ${CONCURRENCY} à la fois, ${bodies.length} foyers types, serveur dans un worker, boucle locale\n` +
      `  ${(REQUESTS / elapsed).toFixed(0)} requêtes/s ; latence p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`,
  );
} finally {
  worker.postMessage('stop');
  await new Promise((resolve) => worker.once('exit', resolve));
}
