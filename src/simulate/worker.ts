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
import { startPartialRun, type PartialRun, type SimulationPartial } from './simulate.js';
import { forEachRecord, type LineBatch } from './json-lines.js';
import { readParquetPopulation } from './parquet.js';

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
  /** The population file, named in the errors of lines that are not JSON. */
  readonly path?: string | undefined;
  /** The share of the households to evaluate in batches of lines (the batches of households hold that share only). */
  readonly shard?: { readonly index: number; readonly count: number } | undefined;
  /** A Parquet population that the worker reads itself, evaluating the households of `shard` only (no batches sent). */
  readonly parquet?: string | undefined;
}

/** A batch of households: the k-th one has index `start + k × step` in the population. */
interface BatchMessage {
  readonly type: 'batch';
  readonly start: number;
  readonly step: number;
  readonly records: readonly unknown[];
}

/** A batch of whole lines of a JSON Lines file, parsed by the worker (its buffer is transferred, not copied). */
interface LinesMessage {
  readonly type: 'lines';
  readonly bytes: Uint8Array;
  readonly line: number;
  readonly record: number;
  readonly records: number;
}

type ToWorker = BatchMessage | LinesMessage | { readonly type: 'end' };

type WorkerError = { readonly code?: NonRecoursErrorCode; readonly message: string; readonly details?: readonly ErrorDetail[]; readonly stack?: string };

type FromWorker =
  | { readonly type: 'done'; readonly count: number }
  /** `records`: the households of the whole file, for a worker that read it itself (Parquet). */
  | { readonly type: 'partial'; readonly partial: SimulationPartial; readonly records?: number }
  /** `at`: where in the population it failed (the line, or the household's index), to report the first failure of the file. */
  | { readonly type: 'failed'; readonly error: WorkerError; readonly at: number };

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
  /** The old generation of each worker's heap at most, in MB (default `WORKER_HEAP_MB`). */
  readonly workerHeapMb?: number | undefined;
}

export interface ParallelOutcome {
  readonly partial: SimulationPartial;
  /** Records read from the population (all shards'). */
  readonly records: number;
}

/**
 * The old generation of a worker's heap, at most: about 40 times what a worker holds (some 25 MB: the
 * catalog compiled, one batch). Without a limit V8 sizes a heap from the machine's memory (4 GB here) and
 * lets garbage pile up: measured on 200,000 households and 2 workers, peak memory 500 → 390 MB (Parquet)
 * and 417 → 324 MB (JSON Lines) with this limit, for the same time. A worker that needs more stops with
 * ERR_WORKER_OUT_OF_MEMORY, reported as such (see `outOfMemory`).
 */
export const WORKER_HEAP_MB = 1024;

/** A worker's resource limits under `options`. */
function limitsOf(options: ParallelOptions): { readonly maxOldGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: options.workerHeapMb ?? WORKER_HEAP_MB };
}

/** The failure of a worker that ran out of its heap, said in French with what to do. */
function outOfMemory(e: Error, options: ParallelOptions): Error {
  if ((e as { code?: unknown }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return e;
  return new NonRecoursError('OUT_OF_MEMORY', `non-recours simulate : un fil de calcul a dépassé sa mémoire (${String(limitsOf(options).maxOldGenerationSizeMb)} Mo de tas) : relancez avec un tas plus grand (--worker-heap <Mo>), ou avec --workers 1 (sans limite de tas) ; rien n'est simulé`);
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
function revive(error: WorkerError): Error {
  if (error.code !== undefined) return new NonRecoursError(error.code, error.message.split('\n')[0] ?? error.message, error.details ?? []);
  const e = new Error(error.message);
  if (error.stack !== undefined) e.stack = error.stack;
  return e;
}

/** An error as a worker sends it (a `NonRecoursError` keeps its code and details). */
function errorOf(e: unknown): WorkerError {
  return e instanceof NonRecoursError ? { code: e.code, message: e.message, details: e.details } : e instanceof Error ? { message: e.message, ...(e.stack === undefined ? {} : { stack: e.stack }) } : { message: String(e) };
}

/** A record that is not JSON stops the run, as `readJsonLines` stops it: the file and the line named. */
function unreadable(path: string | undefined, line: number): NonRecoursError {
  return new NonRecoursError('HOUSEHOLD_INVALID', `${path ?? 'population'} : ligne ${line} : JSON illisible.`);
}

/** A failure where it happened in the population (a line, or a household's index). */
class Located extends Error {
  constructor(
    readonly reason: unknown,
    readonly at: number,
  ) {
    super('located');
  }
}

/**
 * Evaluates the records of a batch of lines that belong to the shard: parses each (a line that is not JSON
 * fails at its line) and pushes it with its index.
 */
function pushLines(run: PartialRun, batch: Pick<LinesMessage, 'bytes' | 'line' | 'record'>, shard: { readonly index: number; readonly count: number }, path: string | undefined): void {
  forEachRecord(batch, (text, line, index) => {
    if (index % shard.count !== shard.index - 1) return;
    let household: unknown;
    try {
      household = JSON.parse(text);
    } catch {
      throw new Located(unreadable(path, line), line);
    }
    try {
      run.push(household, index);
    } catch (e) {
      throw new Located(e, line);
    }
  });
}

interface Slot {
  readonly worker: Worker;
  inFlight: number;
  /** The worker's partial, or its failure (never rejects). */
  outcome: Promise<{ readonly partial: SimulationPartial } | { readonly failure: Error; readonly at: number }>;
}

/** One message for the workers: what it carries, the buffers it hands over, and how many records it stands for. */
interface Feed {
  readonly message: BatchMessage | LinesMessage;
  readonly transfer: readonly ArrayBuffer[];
}

/**
 * The pool: deals the messages of `feed` to at most `workers` threads (started as messages come), each
 * holding `IN_FLIGHT` messages at most so that reading never runs far ahead, and merges their partials.
 * A failure stops the dealing; every message already dealt is finished first, so that the failure reported
 * is the first in the population (the smallest `at`), as a single thread would have met it.
 */
async function runPool(feed: AsyncIterable<Feed>, options: ParallelOptions, job: WorkerJob, local: () => PartialRun, progress: (done: number) => void): Promise<SimulationPartial> {
  const slots: Slot[] = [];
  let failed = false;
  let wake: (() => void) | undefined;
  let done = 0;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const spawn = (): Slot => {
    const worker = new Worker(workerUrl(), { workerData: job, resourceLimits: limitsOf(options) });
    const slot: Slot = {
      worker,
      inFlight: 0,
      outcome: new Promise((resolve) => {
        let settled = false;
        const fail = (failure: Error, at: number): void => {
          if (settled) return;
          settled = true;
          failed = true;
          resolve({ failure, at });
          notify();
        };
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'done') {
            slot.inFlight -= 1;
            done += m.count;
            progress(done);
            notify();
          } else if (m.type === 'partial') {
            settled = true;
            resolve({ partial: m.partial });
          } else fail(revive(m.error), m.at);
        });
        worker.on('error', (e) => fail(outOfMemory(e, options), Number.POSITIVE_INFINITY));
        worker.on('exit', (code) => fail(new Error(`non-recours simulate : un fil de calcul s'est arrêté (code ${code}) avant de rendre ses agrégats`), Number.POSITIVE_INFINITY));
      }),
    };
    slots.push(slot);
    return slot;
  };

  /** Hands a message to a free worker; false once a worker has failed (nothing more is dealt). */
  const dispatch = async (f: Feed): Promise<boolean> => {
    for (;;) {
      if (failed) return false;
      const idle = slots.find((s) => s.inFlight === 0);
      const free = idle ?? (slots.length < options.workers ? spawn() : slots.find((s) => s.inFlight < IN_FLIGHT));
      if (free !== undefined) {
        free.inFlight += 1;
        free.worker.postMessage(f.message satisfies ToWorker, f.transfer as ArrayBuffer[]);
        return true;
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
  };

  /** Every worker finishes what it was given; the first failure of the population, or the merged partials. */
  const settle = async (readFailure?: unknown): Promise<SimulationPartial> => {
    for (const s of slots) s.worker.postMessage({ type: 'end' } satisfies ToWorker);
    const outcomes = await Promise.all(slots.map((s) => s.outcome));
    const failures = outcomes.flatMap((o) => ('failure' in o ? [o] : []));
    if (failures.length > 0) throw failures.reduce((a, b) => (b.at < a.at ? b : a)).failure;
    if (readFailure !== undefined) throw readFailure;
    return outcomes.map((o) => (o as { partial: SimulationPartial }).partial).reduce((a, b) => mergePartials(a, b));
  };

  const iterator = feed[Symbol.asyncIterator]();
  try {
    // The first message is kept back: a population of one message is evaluated on this thread.
    const first = await iterator.next();
    if (first.done === true) return local().partial();
    const second = await iterator.next();
    if (second.done === true) {
      const run = local();
      pushMessage(run, first.value.message, job);
      progress(first.value.message.type === 'lines' ? first.value.message.records : first.value.message.records.length);
      return run.partial();
    }
    let going = (await dispatch(first.value)) && (await dispatch(second.value));
    try {
      while (going) {
        const next = await iterator.next();
        if (next.done === true) break;
        going = await dispatch(next.value);
      }
    } catch (e) {
      // A reading error after the batches dealt: a worker's failure earlier in the file is reported first.
      return await settle(e);
    }
    return await settle();
  } finally {
    await iterator.return?.();
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/** Evaluates one message on this thread (a worker's batch, or the one batch of a small population). */
function pushMessage(run: PartialRun, m: BatchMessage | LinesMessage, job: WorkerJob): void {
  if (m.type === 'lines') pushLines(run, m, job.shard ?? { index: 1, count: 1 }, job.path);
  else {
    m.records.forEach((h, k) => {
      const index = m.start + k * m.step;
      try {
        run.push(h, index);
      } catch (e) {
        throw new Located(e, index);
      }
    });
  }
}

const jobOf = (options: ParallelOptions, extra: Partial<WorkerJob> = {}): WorkerJob => ({ kind: 'non-recours-simulate', rules: options.rules, reform: options.reformPath, date: options.date, validate: options.validate, ...extra });

const localRun = (options: ParallelOptions) => (): PartialRun => startPartialRun({ date: options.date, catalog: options.catalog, reform: options.reform, validate: options.validate });

/** A located failure of this thread, as it is thrown to the caller. */
function unlocate(e: unknown): unknown {
  return e instanceof Located ? e.reason : e;
}

/**
 * Simulates a population on worker threads and returns the merged partial aggregates (`finishRun` gives
 * the result). A population of one batch or less is evaluated on this thread.
 */
export async function simulateInWorkers(households: AsyncIterable<unknown> | Iterable<unknown>, options: ParallelOptions): Promise<ParallelOutcome> {
  const size = options.batchSize ?? 1000;
  const shard = options.shard ?? { index: 1, count: 1 };
  if (options.workers <= 1) {
    // One thread: this one, household by household, as `simulate` does.
    const run = localRun(options)();
    let records = 0;
    for await (const household of households) {
      const index = records;
      records += 1;
      if (index % shard.count === shard.index - 1) run.push(household, index);
      if (records % 500 === 0) options.onProgress?.(records);
    }
    return { partial: run.partial(), records };
  }
  let records = 0;
  let passed = 0;
  async function* batches(): AsyncGenerator<Feed> {
    let batch: unknown[] = [];
    let start = 0;
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
        yield { message: { type: 'batch', start, step: shard.count, records: batch }, transfer: [] };
        batch = [];
      }
    }
    if (batch.length > 0) yield { message: { type: 'batch', start, step: shard.count, records: batch }, transfer: [] };
  }
  try {
    const partial = await runPool(batches(), options, jobOf(options), localRun(options), (done) => options.onProgress?.(done + passed));
    return { partial, records };
  } catch (e) {
    throw unlocate(e);
  }
}

/**
 * Simulates a JSON Lines population given as batches of whole lines (`LineBatcher`): the workers parse the
 * records, this thread only cuts the lines. The same result as `simulateInWorkers` over `readJsonLines`,
 * byte for byte, on any number of workers; a line that is not JSON stops the run with the same error (for a
 * shard, only the lines of its share are parsed).
 */
export async function simulateJsonLines(path: string, lines: AsyncIterable<LineBatch>, options: ParallelOptions): Promise<ParallelOutcome> {
  const job = jobOf(options, { path, shard: options.shard });
  let records = 0;
  if (options.workers <= 1) {
    const run = localRun(options)();
    try {
      for await (const batch of lines) {
        pushMessage(run, { type: 'lines', ...batch }, job);
        records += batch.records;
        options.onProgress?.(records);
      }
    } catch (e) {
      throw unlocate(e);
    }
    return { partial: run.partial(), records };
  }
  async function* feed(): AsyncGenerator<Feed> {
    for await (const batch of lines) {
      records += batch.records;
      yield { message: { type: 'lines', bytes: batch.bytes, line: batch.line, record: batch.record, records: batch.records }, transfer: [batch.bytes.buffer as ArrayBuffer] };
    }
  }
  try {
    const partial = await runPool(feed(), options, job, localRun(options), (done) => options.onProgress?.(done));
    return { partial, records };
  } catch (e) {
    throw unlocate(e);
  }
}

/** How many households a worker reading its own share evaluates between two reports of progress. */
const PROGRESS_EVERY = 1000;

/**
 * Evaluates the households of one share of a Parquet population, read here (`readParquetPopulation` reads
 * the others past, checking them); the number of households of the whole file. `progress` is called with
 * the number of households dealt with (this share's and those read past) since its last call.
 */
async function readShare(run: PartialRun, path: string, share: { readonly index: number; readonly count: number }, progress: (count: number) => void): Promise<number> {
  let records = 0;
  let k = 0;
  let reported = 0;
  for await (const household of readParquetPopulation(path, { share, onEnd: (n) => (records = n) })) {
    const index = share.index - 1 + k * share.count;
    k += 1;
    try {
      run.push(household, index);
    } catch (e) {
      throw new Located(e, index);
    }
    if (k % PROGRESS_EVERY === 0) {
      progress(k * share.count - reported);
      reported = k * share.count;
    }
  }
  if (records > reported) progress(records - reported);
  return records;
}

/**
 * Simulates a Parquet population on `workers` threads that each read the file themselves (DuckDB in every
 * thread, none on this one) and evaluate one share of it: worker w of W takes the households whose position
 * is `shard.index − 1 + shard.count × w` modulo `shard.count × W` — together, exactly the households of the
 * shard. Nothing is copied between threads but the partials. Every thread checks every household, so a file
 * at fault stops each of them with the same error, the one a single thread gives.
 */
export async function simulateParquet(path: string, options: ParallelOptions): Promise<ParallelOutcome> {
  const shard = options.shard ?? { index: 1, count: 1 };
  if (options.workers <= 1) {
    const run = localRun(options)();
    let done = 0;
    try {
      const records = await readShare(run, path, shard, (count) => {
        done += count;
        options.onProgress?.(done);
      });
      return { partial: run.partial(), records };
    } catch (e) {
      throw unlocate(e);
    }
  }
  const count = shard.count * options.workers;
  let done = 0;
  /** When each worker has exited. */
  const ended: Promise<void>[] = [];
  const runs = Array.from({ length: options.workers }, (_, w) => {
    const worker = new Worker(workerUrl(), { workerData: jobOf(options, { parquet: path, shard: { index: shard.index + shard.count * w, count } }), resourceLimits: limitsOf(options) });
    return new Promise<{ readonly partial: SimulationPartial; readonly records: number } | { readonly failure: Error; readonly at: number }>((resolve) => {
      let settled = false;
      const settle = (o: { readonly partial: SimulationPartial; readonly records: number } | { readonly failure: Error; readonly at: number }): void => {
        if (settled) return;
        settled = true;
        resolve(o);
      };
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'done') {
          done += m.count;
          options.onProgress?.(Math.floor(done / options.workers));
        } else if (m.type === 'partial') settle({ partial: m.partial, records: m.records ?? 0 });
        else settle({ failure: revive(m.error), at: m.at });
      });
      worker.on('error', (e) => settle({ failure: outOfMemory(e, options), at: Number.POSITIVE_INFINITY }));
      // A worker ends by itself once it has sent its partial or its failure, its DuckDB closed: it is never
      // terminated from here (terminating a thread while DuckDB runs in it aborts the process).
      worker.on('exit', (code) => {
        settle({ failure: new Error(`non-recours simulate : un fil de calcul s'est arrêté (code ${code}) avant de rendre ses agrégats`), at: Number.POSITIVE_INFINITY });
        exited();
      });
      let exited = (): void => undefined;
      ended.push(new Promise<void>((resolve) => (exited = resolve)));
    });
  });
  const outcomes = await Promise.all(runs);
  await Promise.all(ended);
  const failures = outcomes.flatMap((o) => ('failure' in o ? [o] : []));
  if (failures.length > 0) throw failures.reduce((a, b) => (b.at < a.at ? b : a)).failure;
  const parts = outcomes as { readonly partial: SimulationPartial; readonly records: number }[];
  return { partial: parts.map((o) => o.partial).reduce((a, b) => mergePartials(a, b)), records: parts[0]?.records ?? 0 };
}

/** The worker: builds the run once, evaluates each batch, returns its partial at the end (nothing more after a failure). */
function runWorker(port: MessagePort, job: WorkerJob): void {
  let failed = false;
  const fail = (e: unknown, at: number): void => {
    failed = true;
    port.postMessage({ type: 'failed', error: errorOf(e), at } satisfies FromWorker);
  };
  let run: PartialRun;
  try {
    const catalog = loadCatalogFromDirs(job.rules);
    const reform = job.reform === undefined ? undefined : parseReform(readJsonFile(job.reform), job.reform);
    run = startPartialRun({ date: job.date, catalog, reform, validate: job.validate });
  } catch (e) {
    fail(e, Number.NEGATIVE_INFINITY);
    return;
  }
  if (job.parquet !== undefined) {
    readShare(run, job.parquet, job.shard ?? { index: 1, count: 1 }, (count) => port.postMessage({ type: 'done', count } satisfies FromWorker)).then(
      (records) => {
        port.postMessage({ type: 'partial', partial: run.partial(), records } satisfies FromWorker);
        port.close();
      },
      (e: unknown) => fail(e instanceof Located ? e.reason : e, e instanceof Located ? e.at : Number.POSITIVE_INFINITY),
    );
    return;
  }
  port.on('message', (m: ToWorker) => {
    if (failed) return;
    try {
      if (m.type === 'end') {
        port.postMessage({ type: 'partial', partial: run.partial() } satisfies FromWorker);
        port.close();
        return;
      }
      pushMessage(run, m, job);
      port.postMessage({ type: 'done', count: m.type === 'lines' ? m.records : m.records.length } satisfies FromWorker);
    } catch (e) {
      fail(e instanceof Located ? e.reason : e, e instanceof Located ? e.at : Number.POSITIVE_INFINITY);
    }
  });
}

const isJob = (data: unknown): data is WorkerJob => data !== null && typeof data === 'object' && (data as { kind?: unknown }).kind === 'non-recours-simulate';

if (!isMainThread && parentPort !== null && isJob(workerData)) runWorker(parentPort, workerData);
