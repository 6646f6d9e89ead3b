/**
 * A simulation on several threads: the main thread reads the population and sends the households in
 * batches, with their index, to worker threads; each worker loads and compiles the catalog once (from the
 * same rule folders, reform file and date), evaluates its batches and returns its partial aggregates, which
 * the main thread merges (`merge.ts`). The result is the one of a single run, byte for byte: counts and
 * exact sums add up in any order, and the invalid records kept are the first ones by index.
 *
 * This file is both the pool (`simulateInWorkers`, on the main thread) and the worker's entry point (built
 * as `dist/simulate-worker.js`; run from source through tsx).
 */
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { NonRecoursError, type ErrorDetail, type NonRecoursErrorCode } from '../errors.js';
import { loadCatalogFromDirs, readJsonFile } from '../node.js';
import type { Catalog } from '../rules/catalog.js';
import { mergePartials } from './merge.js';
import { parseReform, type Reform } from './reform.js';
import { startPartialRun, type SimulationPartial } from './simulate.js';

/** What a worker needs to build the same simulation as the main thread: paths and values, no functions. */
export interface WorkerJob {
  readonly kind: 'non-recours-simulate';
  /** The `--rules` folders, over the bundled catalog. */
  readonly rules: readonly string[];
  /** The reform file, if any. */
  readonly reform: string | undefined;
  readonly date: string;
  /** Validate each record (JSON Lines), or not (CSV rows, validated while read). */
  readonly validate: boolean;
}

/** A batch of households: the k-th one has index `start + k × step` in the population. */
interface BatchMessage {
  readonly type: 'batch';
  readonly start: number;
  readonly step: number;
  readonly records: readonly unknown[];
}

type ToWorker = BatchMessage | { readonly type: 'end' };

type FromWorker =
  | { readonly type: 'done'; readonly count: number }
  | { readonly type: 'partial'; readonly partial: SimulationPartial }
  | { readonly type: 'failed'; readonly error: { readonly code?: NonRecoursErrorCode; readonly message: string; readonly details?: readonly ErrorDetail[]; readonly stack?: string } };

export interface ParallelOptions {
  readonly date: string;
  /** The catalog and reform, as loaded on this thread from `rules` and `reformPath`. */
  readonly catalog: Catalog;
  readonly reform: Reform | undefined;
  readonly rules: readonly string[];
  readonly reformPath: string | undefined;
  readonly validate: boolean;
  /** Worker threads at most (started as batches come; none for a population of one batch or less). */
  readonly workers: number;
  /** Only the households of this share (`index` from 1): those whose index is `index − 1` modulo `count`. */
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
  /** Households per message (default 1,000). */
  readonly batchSize?: number | undefined;
  /** Called with the number of records dealt with so far (evaluated, or left to other shards). */
  readonly onProgress?: ((count: number) => void) | undefined;
}

export interface ParallelOutcome {
  readonly partial: SimulationPartial;
  /** Records read from the population (all shards'). */
  readonly records: number;
}

/** Batches a worker may hold (one being evaluated, one waiting), so that reading never runs far ahead. */
const IN_FLIGHT = 2;

/**
 * The worker's module: the built entry beside this bundle (`dist/simulate-worker.js`), or, when running from
 * the TypeScript source (tests, `tsx`), `worker-from-source.mjs`, a file that loads this one through tsx (on
 * Node 20, `--import tsx` registers its hooks on the main thread only).
 */
function workerUrl(): URL {
  const here = new URL(import.meta.url);
  return here.pathname.endsWith('.ts') ? new URL('./worker-from-source.mjs', here) : new URL('./simulate-worker.js', here);
}

/** The error of a worker, as thrown on the main thread: the same class and code, and the worker's stack for a bug. */
function revive(error: Extract<FromWorker, { type: 'failed' }>['error']): Error {
  if (error.code !== undefined) return new NonRecoursError(error.code, error.message.split('\n')[0] ?? error.message, error.details ?? []);
  const e = new Error(error.message);
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}

interface Slot {
  readonly worker: Worker;
  inFlight: number;
  partial: Promise<SimulationPartial>;
}

/**
 * Simulates a population on worker threads and returns the merged partial aggregates (`finishRun` gives
 * the result). A population of one batch or less is evaluated on this thread.
 */
export async function simulateInWorkers(households: AsyncIterable<unknown> | Iterable<unknown>, options: ParallelOptions): Promise<ParallelOutcome> {
  const size = options.batchSize ?? 1000;
  const shard = options.shard ?? { index: 1, count: 1 };
  const local = (): ReturnType<typeof startPartialRun> => startPartialRun({ date: options.date, catalog: options.catalog, reform: options.reform, validate: options.validate });
  if (options.workers <= 1) {
    // One thread: this one, household by household, as `simulate` does.
    const run = local();
    let records = 0;
    for await (const household of households) {
      const index = records;
      records += 1;
      if (index % shard.count === shard.index - 1) run.push(household, index);
      if (records % 500 === 0) options.onProgress?.(records);
    }
    return { partial: run.partial(), records };
  }
  const job: WorkerJob = { kind: 'non-recours-simulate', rules: options.rules, reform: options.reformPath, date: options.date, validate: options.validate };
  const slots: Slot[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let done = 0;
  let passed = 0;
  const progress = (): void => options.onProgress?.(done + passed);
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const spawn = (): Slot => {
    const worker = new Worker(workerUrl(), { workerData: job });
    let settled = false;
    const slot: Slot = {
      worker,
      inFlight: 0,
      partial: new Promise<SimulationPartial>((resolve, reject) => {
        const fail = (e: Error): void => {
          if (settled) return;
          settled = true;
          failure ??= e;
          reject(e);
          notify();
        };
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'done') {
            slot.inFlight -= 1;
            done += m.count;
            progress();
            notify();
          } else if (m.type === 'partial') {
            settled = true;
            resolve(m.partial);
          } else fail(revive(m.error));
        });
        worker.on('error', fail);
        worker.on('exit', (code) => fail(new Error(`non-recours simulate : un fil de calcul s'est arrêté (code ${code}) avant de rendre ses agrégats`)));
      }),
    };
    // A failure is reported once, by whoever waits first; the other promises must not go unhandled.
    slot.partial.catch(() => undefined);
    slots.push(slot);
    return slot;
  };

  const dispatch = async (message: BatchMessage): Promise<void> => {
    for (;;) {
      if (failure !== undefined) throw failure;
      const idle = slots.find((s) => s.inFlight === 0);
      const free = idle ?? (slots.length < options.workers ? spawn() : slots.find((s) => s.inFlight < IN_FLIGHT));
      if (free !== undefined) {
        free.inFlight += 1;
        free.worker.postMessage(message satisfies ToWorker);
        return;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  let records = 0;
  let batch: unknown[] = [];
  let start = 0;
  const stop = async (): Promise<void> => {
    await Promise.all(slots.map((s) => s.worker.terminate()));
  };
  try {
    for await (const household of households) {
      const index = records;
      records += 1;
      if (index % shard.count !== shard.index - 1) {
        passed += 1;
        continue;
      }
      if (batch.length === 0) start = index;
      batch.push(household);
      if (batch.length === size) {
        await dispatch({ type: 'batch', start, step: shard.count, records: batch });
        batch = [];
      }
    }
    if (slots.length === 0) {
      // One batch or less: not worth a thread.
      const run = local();
      batch.forEach((h, k) => run.push(h, start + k * shard.count));
      done = batch.length;
      progress();
      return { partial: run.partial(), records };
    }
    if (batch.length > 0) await dispatch({ type: 'batch', start, step: shard.count, records: batch });
    for (const s of slots) s.worker.postMessage({ type: 'end' } satisfies ToWorker);
    const partials = await Promise.all(slots.map((s) => s.partial));
    return { partial: partials.reduce((a, b) => mergePartials(a, b)), records };
  } finally {
    await stop();
  }
}

/** The worker: builds the run once, evaluates each batch, returns its partial at the end. */
function runWorker(port: MessagePort, job: WorkerJob): void {
  const fail = (e: unknown): void => {
    const error = e instanceof NonRecoursError ? { code: e.code, message: e.message, details: e.details } : e instanceof Error ? { message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) } : { message: String(e) };
    port.postMessage({ type: 'failed', error } satisfies FromWorker);
  };
  let run: ReturnType<typeof startPartialRun>;
  try {
    const catalog = loadCatalogFromDirs(job.rules);
    const reform = job.reform === undefined ? undefined : parseReform(readJsonFile(job.reform), job.reform);
    run = startPartialRun({ date: job.date, catalog, reform, validate: job.validate });
  } catch (e) {
    fail(e);
    return;
  }
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'batch') {
        m.records.forEach((h, k) => run.push(h, m.start + k * m.step));
        port.postMessage({ type: 'done', count: m.records.length } satisfies FromWorker);
      } else {
        port.postMessage({ type: 'partial', partial: run.partial() } satisfies FromWorker);
        port.close();
      }
    } catch (e) {
      fail(e);
    }
  });
}

const isJob = (data: unknown): data is WorkerJob => data !== null && typeof data === 'object' && (data as { kind?: unknown }).kind === 'non-recours-simulate';

if (!isMainThread && parentPort !== null && isJob(workerData)) runWorker(parentPort, workerData);
