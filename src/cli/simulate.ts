import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import type { CsvError } from 'csv-parse';
import type { SingleBar } from 'cli-progress';
import { optionalDependency } from './optional.js';
import { NonRecoursError } from '../errors.js';
import { parseJsonStrict } from '../json/parse.js';
import { parseReform } from '../simulate/reform.js';
import { simulate, type SimulationResult } from '../simulate/simulate.js';
import { checkCsvHeader, csvLocation, detectCsvDelimiter, formatCsvIssue, safeParseCsvRecord, type CsvIssue } from '../simulate/csv.js';
import { readParquetPopulation } from '../simulate/parquet.js';
import type { Household } from '../household/schema.js';
import { ruleIdsOf } from '../api.js';
import { loadCatalogFromDirs, readJsonFile } from '../node.js';
import { defaultTitle, formatBarometer, type PopulationMeta, type ReportContext } from './barometer.js';
import { barometerCsv, barometerHtml, reformCsv } from './report-html.js';
import { z } from 'zod';
import { existsSync } from 'node:fs';
import { tryParseDate } from '../dates.js';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Catalog } from '../rules/catalog.js';
import type { Reform } from '../simulate/reform.js';
import { finishRun, type SimulationPartial } from '../simulate/simulate.js';
import { mergeShards, safeParseShard, SHARD_FORMAT, SHARD_VERSION, type ShardFile } from '../simulate/merge.js';
import { simulateInWorkers, simulateJsonLines, simulateParquet, WORKER_HEAP_MB } from '../simulate/worker.js';
import { LineBatcher, type LineBatch } from '../simulate/json-lines.js';
import { compareDates, withoutLaterIncomes, type DateComparison } from '../simulate/compare-dates.js';
import { frenchNumber } from '../report/format.js';

/** Reads households from JSON Lines (optionally gzip-compressed), one JSON object a line. */
export async function* readJsonLines(path: string): AsyncGenerator<unknown> {
  const input = path.endsWith('.gz') ? createReadStream(path).pipe(createGunzip()) : createReadStream(path);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line);
    } catch {
      throw new NonRecoursError('HOUSEHOLD_INVALID', `${path} : ligne ${n} : JSON illisible.`);
    }
  }
}

/**
 * Reads a JSON Lines file (optionally gzip-compressed) as batches of whole lines, neither decoded nor
 * parsed (`LineBatcher`): the threads that evaluate them parse them. Same lines, records and errors as
 * `readJsonLines`.
 */
export async function* readJsonLineBatches(path: string): AsyncGenerator<LineBatch> {
  // Large chunks: fewer pieces to join into batches of about a megabyte.
  const input = path.endsWith('.gz') ? createReadStream(path, { highWaterMark: 1 << 18 }).pipe(createGunzip({ chunkSize: 1 << 18 })) : createReadStream(path, { highWaterMark: 1 << 18 });
  const batcher = new LineBatcher();
  for await (const chunk of input) yield* batcher.push(chunk as Buffer);
  const last = batcher.end();
  if (last !== undefined) yield last;
}

/** Whether `readPopulation` reads a file as JSON Lines (neither CSV nor Parquet). */
const isJsonLines = (path: string): boolean => !isCsv(path) && !/\.parquet$/i.test(path);

/** An invalid CSV row passed over by `--skip-invalid`: its position among the data rows, its id cell, its problems. */
export interface SkippedRow {
  readonly index: number;
  readonly id: string | null;
  readonly issues: readonly CsvIssue[];
}

export interface CsvReadOptions {
  /** The rule ids of the catalog in use, which the `claims` column must name (see `ruleIdsOf`). */
  readonly ruleIds?: ReadonlySet<string> | undefined;
  /** Called with each invalid row, which is then passed over; without it the first invalid row stops the reading. */
  readonly onInvalid?: ((row: SkippedRow) => void) | undefined;
}

/** The first non-empty line of a file (its header) and its number, from the file's first 64 KiB. */
async function headerLine(path: string): Promise<{ readonly text: string; readonly line: number }> {
  const file = await open(path);
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const lines = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    const i = lines.findIndex((l) => l.trim() !== '');
    return i < 0 ? { text: '', line: 1 } : { text: lines[i] as string, line: i + 1 };
  } finally {
    await file.close();
  }
}

function csvFailure(path: string, headline: string, issues: readonly CsvIssue[]): NonRecoursError {
  return new NonRecoursError(
    'HOUSEHOLD_INVALID',
    `${path} : ${headline}`,
    issues.map((i) => ({ path: csvLocation(i), message: i.correction === undefined ? i.message : `${i.message} : ${i.correction}` })),
  );
}

/** A syntax error of the CSV parser, located at the start of the record it broke (no stack trace). */
function syntaxFailure(path: string, e: CsvError, line: number, header: readonly string[] | undefined): NonRecoursError {
  const field = typeof e.index === 'number' ? e.index : undefined;
  const column = header !== undefined && field !== undefined && header[field] !== undefined && header[field] !== '' ? (header[field] as string) : null;
  const messages: Partial<Record<string, string>> = {
    CSV_QUOTE_NOT_CLOSED: `guillemet ouvert et jamais refermé : le reste du fichier (jusqu'à la ligne ${String(e.lines)}) serait lu comme une seule valeur ; fichier tronqué ?`,
    CSV_INVALID_CLOSING_QUOTE: 'guillemet mal placé : une valeur entre guillemets doit être suivie du séparateur ; doublez les guillemets à l\'intérieur d\'une valeur ("")',
    INVALID_OPENING_QUOTE: 'guillemet au milieu d\'une valeur : mettez toute la valeur entre guillemets et doublez les guillemets intérieurs ("")',
    CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'caractère après un guillemet fermant : une valeur entre guillemets doit être suivie du séparateur',
    CSV_MAX_RECORD_SIZE: 'ligne trop longue',
  };
  return csvFailure(path, 'CSV illisible, aucune simulation produite', [{ line, column, message: messages[e.code] ?? `CSV illisible (${e.code})` }]);
}

const count = (fields: readonly string[], re: RegExp): number => fields.reduce((n, f) => n + (f.match(re)?.length ?? 0), 0);

/**
 * Reads households from the flat CSV form (columns, separator and errors: `docs/csv.md`): the header is
 * checked before any row is read, each row is validated, and every problem is reported by line and column.
 */
export async function* readCsv(path: string, date: string, options: CsvReadOptions = {}): AsyncGenerator<Household> {
  const csv = await optionalDependency('csv-parse', 'La lecture des populations CSV', () => import('csv-parse'));
  const { CsvError } = csv;
  const parseCsv = csv.parse;
  const parseCsvSync = (await import('csv-parse/sync')).parse;
  const first = await headerLine(path);
  if (first.text === '') throw csvFailure(path, 'fichier vide', [{ line: 1, column: null, message: "aucune ligne d'en-tête (colonnes : docs/csv.md)" }]);
  const delimiter = detectCsvDelimiter(first.text);
  const settings = { delimiter, skip_empty_lines: true, trim: true, bom: true, relax_column_count: true } as const;
  let header: string[];
  try {
    header = (parseCsvSync(first.text, settings) as string[][])[0] ?? [];
  } catch (e) {
    if (e instanceof CsvError) throw syntaxFailure(path, e, first.line, undefined);
    throw e;
  }
  const headerIssues = checkCsvHeader(header, first.line);
  if (headerIssues.length > 0) throw csvFailure(path, 'en-tête invalide, aucune ligne évaluée (colonnes et séparateur : docs/csv.md)', headerIssues);
  // Line numbers are kept here, record by record as the parser emits them: csv-parse counts a CRLF inside
  // a quoted value as two lines (corrected by `drift`), and it drops the records it buffered when it fails.
  let drift = 0;
  let lastEnd = 0;
  let lastEmpty = 0;
  const starts: number[] = [];
  const parser = createReadStream(path).pipe(
    parseCsv({
      ...settings,
      on_record: (fields: string[], context) => {
        drift += count(fields, /\r\n/g);
        lastEnd = context.lines - drift;
        lastEmpty = context.empty_lines;
        starts.push(lastEnd - count(fields, /\r\n|\r|\n/g));
        return fields;
      },
    }),
  );
  let index = 0;
  let started = false;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      // Records come out in the order on_record saw them.
      const line = starts.shift() ?? lastEnd;
      if (!started) {
        started = true; // the header, checked above
        continue;
      }
      const parsed = safeParseCsvRecord(header, fields, line, { date, delimiter, ruleIds: options.ruleIds });
      if (parsed.success) yield parsed.household;
      else if (options.onInvalid !== undefined) {
        const id = fields[header.indexOf('id')]?.trim();
        options.onInvalid({ index, id: id === undefined || id === '' ? null : id, issues: parsed.issues });
      } else throw csvFailure(path, `ligne ${line} invalide, simulation arrêtée (--skip-invalid passe les lignes invalides et poursuit)`, parsed.issues);
      index += 1;
    }
  } catch (e) {
    // The failed record starts after the last one emitted and the empty lines skipped since.
    if (e instanceof CsvError) throw syntaxFailure(path, e, lastEnd + 1 + ((typeof e.empty_lines === 'number' ? e.empty_lines : lastEmpty) - lastEmpty), header);
    throw e;
  }
}

/** Reads a population file by its extension. */
export function readPopulation(path: string, date: string, options: CsvReadOptions = {}): AsyncIterable<unknown> {
  statSync(path);
  return isCsv(path) ? readCsv(path, date, options) : /\.parquet$/i.test(path) ? readParquetPopulation(path) : readJsonLines(path);
}

const isCsv = (path: string): boolean => /\.csv$/i.test(path);

/** How many skipped rows are shown on the terminal, and kept in the result (as simulate keeps invalid records). */
const SHOWN = 5;
const KEPT = 20;

/** Adds the CSV rows passed over by `--skip-invalid` to the result's counts of invalid records (never their values). */
function withSkipped(result: SimulationResult, skipped: number, examples: readonly SkippedRow[]): SimulationResult {
  if (skipped === 0) return result;
  return {
    ...result,
    households: { ...result.households, total: result.households.total + skipped, invalid: result.households.invalid + skipped },
    invalidExamples: [...examples.map((r) => ({ index: r.index, id: r.id, issues: r.issues.slice(0, 5).map((i) => formatCsvIssue(i)) })), ...result.invalidExamples].slice(0, KEPT),
  };
}

/** The households of a population as a date knows them (`withoutLaterIncomes`), counting what is left out. */
async function* untilDate(households: AsyncIterable<unknown>, date: string, ignored: { records: number; households: number }): AsyncGenerator<unknown> {
  for await (const raw of households) {
    const { household, dropped } = withoutLaterIncomes(raw, date);
    if (dropped > 0) {
      ignored.records += dropped;
      ignored.households += 1;
    }
    yield household;
  }
}

/** Counts the lines of a file (for the progress bar's total), cheaply for uncompressed text files only. */
async function countLines(path: string): Promise<number | undefined> {
  if (path.endsWith('.gz') || /\.parquet$/i.test(path)) return undefined;
  let n = 0;
  for await (const chunk of createReadStream(path)) for (const b of chunk as Buffer) if (b === 10) n += 1;
  return isCsv(path) ? n - 1 : n;
}

export async function simulateCommand(argv: string[], today: () => string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      date: { type: 'string' },
      reform: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      rules: { type: 'string', multiple: true },
      quiet: { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      workers: { type: 'string' },
      'worker-heap': { type: 'string' },
      shard: { type: 'string' },
      title: { type: 'string' },
      'compare-date': { type: 'string' },
    },
  });
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write('non-recours simulate : indiquez un fichier de population (.jsonl, .jsonl.gz ou .csv).\n');
    return 64;
  }
  const meta = readPopulationMeta(file);
  if (!meta.success) {
    process.stderr.write(`non-recours simulate : ${meta.message}\n`);
    return 64;
  }
  const workers = values.workers === undefined ? availableParallelism() : /^[1-9]\d{0,3}$/.test(values.workers) ? Number(values.workers) : undefined;
  if (workers === undefined) {
    process.stderr.write(`non-recours simulate : --workers attend un nombre entier de fils de calcul, au moins 1 (par défaut ${availableParallelism()}, les cœurs de la machine).\n`);
    return 64;
  }
  const heap = values['worker-heap'];
  const workerHeapMb = heap === undefined ? WORKER_HEAP_MB : /^[1-9]\d{0,6}$/.test(heap) && Number(heap) >= 16 ? Number(heap) : undefined;
  if (workerHeapMb === undefined) {
    process.stderr.write(`non-recours simulate : --worker-heap attend la mémoire de tas de chaque fil de calcul, en Mo, un entier d'au moins 16 (par défaut ${String(WORKER_HEAP_MB)}).\n`);
    return 64;
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard === null) {
    process.stderr.write('non-recours simulate : --shard attend i/n, la part i (de 1 à n) d\'un découpage en n parts, par exemple --shard 2/8.\n');
    return 64;
  }
  if (shard !== undefined && values.out !== undefined && !/\.json$/i.test(values.out)) {
    process.stderr.write('non-recours simulate : avec --shard, --out nomme le fichier JSON de la part (par exemple --out part-2.json) ; le rapport vient de « non-recours merge ».\n');
    return 64;
  }
  const date = values.date ?? today();
  const compareDate = values['compare-date'];
  if (compareDate !== undefined) {
    if (tryParseDate(compareDate) === undefined) {
      process.stderr.write('non-recours simulate : --compare-date attend une date AAAA-MM-JJ (la même population y est évaluée pour comparer les deux dates).\n');
      return 64;
    }
    if (compareDate === date) {
      process.stderr.write(`non-recours simulate : --compare-date ${compareDate} est la date du baromètre ; indiquez une autre date.\n`);
      return 64;
    }
    if (shard !== undefined) {
      process.stderr.write('non-recours simulate : --compare-date ne se combine pas avec --shard (une part ne fait pas de rapport) ; lancez les parts à chaque date, puis merge.\n');
      return 64;
    }
  }
  const catalog = loadCatalogFromDirs(values.rules ?? []);
  const reform = values.reform === undefined ? undefined : parseReform(readJsonFile(values.reform), values.reform);
  const tty = process.stderr.isTTY === true && values.quiet !== true;
  // CSV rows are validated while read (to name their line and column); JSON Lines records by simulate,
  // which counts the invalid ones and goes on, as before.
  const csv = isCsv(file);
  const skipped: SkippedRow[] = [];
  let skippedCount = 0;
  let skippedAll = 0;
  const onInvalid = (row: SkippedRow) => {
    skippedAll += 1;
    // A shard counts the rows of its share only, so that merged shards count each row once.
    if (shard !== undefined && row.index % shard.count !== shard.index - 1) return;
    skippedCount += 1;
    if (skipped.length < KEPT) skipped.push(row);
  };
  /**
   * One run over the population at a date: the main one (with the reform, counting the rows passed over),
   * or the comparison's (without reform; its rows passed over are counted in its own figures only).
   */
  const runAt = async (at: string, main: boolean): Promise<{ readonly simulated: SimulationResult; readonly part: { readonly partial: SimulationPartial; readonly records: number } | undefined; readonly skipped: number }> => {
    let bar: SingleBar | undefined;
    if (tty) {
      const { SingleBar, Presets } = await optionalDependency('cli-progress', 'La barre de progression', () => import('cli-progress'));
      bar = new SingleBar({ format: `Simulation${compareDate === undefined ? '' : ` au ${at}`} |{bar}| {percentage} % | {value}/{total} foyers | {eta_formatted}`, hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
      bar.start((await countLines(file)) ?? 0, 0);
    }
    let other = 0;
    const onOther = () => {
      other += 1;
    };
    const runReform = main ? reform : undefined;
    const onProgress = (n: number): void => {
      if (bar === undefined) return;
      if (bar.getTotal() < n) bar.setTotal(n);
      bar.update(n);
    };
    try {
      const later = compareDate !== undefined && at < (main ? compareDate : date);
      const parallel = { date: at, catalog, reform: runReform, rules: values.rules ?? [], reformPath: main ? values.reform : undefined, validate: !csv, workers, shard, onProgress, workerHeapMb };
      if (!csv && !later && isJsonLines(file)) {
        // JSON Lines: this thread cuts the lines, the evaluating threads parse them (on 1 worker, this one).
        statSync(file);
        const part = await simulateJsonLines(file, readJsonLineBatches(file), parallel);
        return { simulated: finishRun(part.partial), part: shard === undefined ? undefined : part, skipped: other };
      }
      if (!later && /\.parquet$/i.test(file)) {
        // Parquet: each worker reads the file itself (its own DuckDB) and evaluates its share of the households.
        const part = await simulateParquet(file, parallel);
        return { simulated: finishRun(part.partial), part: shard === undefined ? undefined : part, skipped: other };
      }
      const read = readPopulation(file, at, { ruleIds: ruleIdsOf(catalog), onInvalid: values['skip-invalid'] === true ? (main ? onInvalid : onOther) : undefined });
      // At the earlier of two dates, the incomes of later months are left out (withoutLaterIncomes).
      const population = later ? untilDate(read, at, ignored) : read;
      if (workers === 1 && shard === undefined) return { simulated: await simulate(population, { date: at, catalog, reform: runReform, validate: !csv, progressEvery: 500, onProgress }), part: undefined, skipped: other };
      // Households are read here and evaluated on worker threads, which load the same catalog and reform.
      const part = await simulateInWorkers(population, parallel);
      return { simulated: finishRun(part.partial), part, skipped: other };
    } finally {
      bar?.stop();
    }
  };
  const ignored = { records: 0, households: 0 };
  let run: Awaited<ReturnType<typeof runAt>>;
  let comparison: DateComparison | null = null;
  try {
    run = await runAt(date, true);
    if (compareDate !== undefined) {
      const again = await runAt(compareDate, false);
      // The comparison's households count the rows passed over at its date, as the main result does.
      comparison = compareDates(withSkipped(run.simulated, skippedCount, skipped), withSkipped(again.simulated, again.skipped, []), catalog, { date: date < compareDate ? date : compareDate, ...ignored });
    }
  } catch (e) {
    // Household data at fault: exit 2, the headline and each located problem, no stack trace.
    if (e instanceof NonRecoursError && e.code === 'HOUSEHOLD_INVALID') {
      const headline = e.message.split('\n')[0] ?? e.message;
      process.stderr.write(`${[headline, ...e.details.map((d) => `  ${d.path} : ${d.message}`)].join('\n')}\n`);
      return 2;
    }
    throw e;
  }
  const { simulated, part } = run;
  if (shard !== undefined && part !== undefined) return writeShard(shardFile(shard, file, part.partial, part.records + skippedAll, catalog, reform, skippedCount, skipped), values.out);
  return writeReport(simulated, { file, meta: meta.meta, title: values.title }, skippedCount, skipped, values, comparison);
}

const text = (what: string) => z.string({ error: `${what} : texte attendu` }).min(1, { error: `${what} : texte non vide attendu` });
const metaSchema = z.strictObject(
  {
    $comment: z.string({ error: 'commentaire : texte attendu' }).optional(),
    title: text('titre'),
    synthetic: z.boolean({ error: 'population synthétique ou non : true ou false attendu' }),
    source: text('source'),
    generated: z.string({ error: 'date AAAA-MM-JJ attendue' }).refine((s) => tryParseDate(s) !== undefined, { error: 'date AAAA-MM-JJ attendue' }).optional(),
    description: z.string({ error: 'description : texte attendu' }).optional(),
    communes: z.record(z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, { error: 'code INSEE attendu (5 caractères)' }), text('nom de commune'), { error: 'communes : objet { code INSEE : nom } attendu' }).optional(),
    areas: z.record(z.string(), text('nom de quartier'), { error: 'quartiers : objet { identifiant : nom } attendu' }).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `champ inconnu « ${issue.keys.join(' », « ')} » (attendus : title, synthetic, source, generated, description, communes, areas)` : 'objet attendu') },
);

/** The description beside a population file: `poitiers.jsonl.gz` → `poitiers.meta.json`. */
export function populationMetaPath(file: string): string {
  return file.replace(/\.(jsonl|json|csv|parquet)(\.gz)?$/i, '').replace(/\.gz$/i, '') + '.meta.json';
}

/**
 * Reads the description of a population (`PopulationMeta`) when its `.meta.json` file is there: null
 * without one, a French message naming the file and the field when it is not valid.
 */
export function readPopulationMeta(file: string): { readonly success: true; readonly meta: PopulationMeta | null } | { readonly success: false; readonly message: string } {
  const path = populationMetaPath(file);
  if (!existsSync(path)) return { success: true, meta: null };
  let json: unknown;
  try {
    // Duplicate and prototype keys refused, depth bounded, the error located (line, column).
    json = parseJsonStrict(readFileSync(path, 'utf8'), path);
  } catch (e) {
    const detail = e instanceof NonRecoursError ? e.details[0]?.message : undefined;
    return { success: false, message: `${path} : description de la population illisible${detail === undefined ? ' (JSON attendu)' : ` : ${detail}`}` };
  }
  const r = metaSchema.safeParse(json);
  if (!r.success) return { success: false, message: `${path} : description de la population invalide : ${r.error.issues.map((i) => `${i.path.join('.') || '(racine)'} : ${i.message}`).join(' ; ')}` };
  const { $comment: _, ...meta } = r.data;
  return { success: true, meta };
}

/** Prints the barometer (and the rows passed over), writes the report files of `--out`; the exit code. */
async function writeReport(simulated: SimulationResult, population: { readonly file: string; readonly meta: PopulationMeta | null; readonly title: string | undefined }, skippedCount: number, skipped: readonly SkippedRow[], values: { readonly json?: boolean | undefined; readonly out?: string | undefined }, comparison: DateComparison | null = null): Promise<number> {
  if (skippedCount > 0) {
    const shown = skipped.slice(0, SHOWN);
    const lines = shown.map((r) => {
      const [first, ...rest] = r.issues;
      return `  ${first === undefined ? `rang ${r.index + 1}` : formatCsvIssue(first, true)}${rest.length > 0 ? ` (et ${rest.length} autre${rest.length > 1 ? 's' : ''} problème${rest.length > 1 ? 's' : ''} sur cette ligne)` : ''}`;
    });
    const plural = skippedCount > 1 ? 's' : '';
    process.stderr.write(`${skippedCount} ligne${plural} invalide${plural} ignorée${plural} (--skip-invalid)${skippedCount > shown.length ? ` ; les ${shown.length} premières` : ''} :\n${lines.join('\n')}\n`);
  }
  const result = withSkipped(simulated, skippedCount, skipped);
  const title = population.title === undefined || population.title.trim() === '' ? defaultTitle(result, population.meta) : population.title.trim();
  const ctx: ReportContext = { title, file: population.file, population: population.meta };
  // The JSON report: the title and the population's description, then the figures.
  // With --compare-date, the comparison of the two dates last (absent otherwise: the JSON stays as it was).
  const json = `${JSON.stringify({ title, population: { file: population.file, description: population.meta }, ...result, ...(comparison === null ? {} : { comparison }) }, null, 2)}\n`;
  if (values.json === true) process.stdout.write(json);
  else process.stdout.write(`${formatBarometer(result, ctx, comparison)}\n`);
  if (values.out !== undefined) {
    const base = values.out.replace(/\.html?$/i, '');
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.html`, await barometerHtml(result, ctx, comparison));
    writeFileSync(`${base}.json`, json);
    // The CSV for a spreadsheet set to French, and the same for programs (docs/csv.md).
    const written = [`${base}.json`, `${base}.csv`, `${base}.data.csv`];
    writeFileSync(`${base}.csv`, await barometerCsv(result, 'excel'));
    writeFileSync(`${base}.data.csv`, await barometerCsv(result, 'data'));
    const reformExcel = await reformCsv(result, 'excel');
    const reformData = await reformCsv(result, 'data');
    if (reformExcel !== null && reformData !== null) {
      writeFileSync(`${base}.reforme.csv`, reformExcel);
      writeFileSync(`${base}.reforme.data.csv`, reformData);
      written.push(`${base}.reforme.csv`, `${base}.reforme.data.csv`);
    }
    process.stderr.write(`Rapport écrit : ${base}.html (et ${written.join(', ')})\n`);
  }
  return result.households.valid === 0 && result.households.total > 0 ? 2 : 0;
}

/** `i/n` with 1 ≤ i ≤ n, or null. */
function parseShard(text: string): { readonly index: number; readonly count: number } | null {
  const m = /^([1-9]\d{0,5})\/([1-9]\d{0,5})$/.exec(text);
  if (m === null) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index <= count ? { index, count } : null;
}

const sha256 = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/** A print of the rules, parameters and named values in use, without file paths: the same folders give the same print on any machine. */
function catalogFingerprint(catalog: Catalog): string {
  const entries = (m: ReadonlyMap<string, unknown>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return sha256(JSON.stringify({ rules: catalog.rules, parameters: entries(catalog.parameters), values: entries(catalog.values) }, (key, value: unknown) => (key === 'file' ? undefined : value instanceof Map ? [...(value as Map<unknown, unknown>)] : value instanceof Set ? [...(value as Set<unknown>)] : value)));
}

function shardFile(shard: ShardFile['shard'], source: string, partial: SimulationPartial, records: number, catalog: Catalog, reform: Reform | undefined, skippedCount: number, skipped: readonly SkippedRow[]): ShardFile {
  return {
    format: SHARD_FORMAT,
    version: SHARD_VERSION,
    shard,
    date: partial.date,
    population: { source, records },
    catalog: { fingerprint: catalogFingerprint(catalog), rules: catalog.rules.map((r) => r.id) },
    reform: reform === undefined ? null : { id: reform.id, fingerprint: sha256(JSON.stringify(reform)) },
    skipped: { count: skippedCount, rows: skipped },
    partial,
  };
}

/** Writes a shard's aggregates, to `--out` or to the standard output. */
function writeShard(shard: ShardFile, out: string | undefined): number {
  const text = `${JSON.stringify(shard)}\n`;
  if (out === undefined) process.stdout.write(text);
  else {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
  const p = shard.partial;
  process.stderr.write(`Part ${shard.shard.index}/${shard.shard.count} : ${frenchNumber(p.total + shard.skipped.count)} foyers sur ${frenchNumber(shard.population.records)}${out === undefined ? '' : `, écrite dans ${out}`} (à fusionner : non-recours merge)\n`);
  return 0;
}

/**
 * `non-recours merge <part.json>…`: the report of the whole population from the parts written by
 * `simulate --shard i/n`, the same as one run over the population, byte for byte.
 */
export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { out: { type: 'string' }, json: { type: 'boolean' }, title: { type: 'string' } } });
  if (positionals.length === 0) {
    process.stderr.write('non-recours merge : indiquez les parts à fusionner (écrites par simulate --shard i/n --out part-i.json).\n');
    return 64;
  }
  const shards: { file: string; shard: ShardFile }[] = [];
  const issues: string[] = [];
  for (const file of positionals) {
    const text = readFileSync(file, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      issues.push(`${file} : JSON illisible (fichier tronqué ?)`);
      continue;
    }
    const parsed = safeParseShard(json, file);
    if (parsed.success) shards.push({ file, shard: parsed.shard });
    else issues.push(...parsed.issues);
  }
  const merged = issues.length > 0 ? undefined : mergeShards(shards);
  if (merged === undefined || !merged.success) {
    process.stderr.write(`non-recours merge : fusion impossible, aucun rapport produit :\n${[...issues, ...(merged?.success === false ? merged.issues : [])].map((i) => `  ${i}`).join('\n')}\n`);
    return 64;
  }
  const { source, partial, skipped } = merged.merged;
  const meta = readPopulationMeta(source);
  if (!meta.success) {
    process.stderr.write(`non-recours merge : ${meta.message}\n`);
    return 64;
  }
  return writeReport(finishRun(partial), { file: source, meta: meta.meta, title: values.title }, skipped.count, skipped.rows, values);
}
