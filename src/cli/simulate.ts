import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { parseArgs } from 'node:util';
import { parse as parseCsv } from 'csv-parse';
import { SingleBar, Presets } from 'cli-progress';
import { NonRecoursError } from '../errors.js';
import { parseReform } from '../simulate/reform.js';
import { simulate } from '../simulate/simulate.js';
import { csvRowToHousehold } from '../simulate/csv.js';
import { loadCatalogFromDirs, readJsonFile } from '../node.js';
import { formatBarometer } from './barometer.js';
import { barometerCsv, barometerHtml } from './report-html.js';

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

/** Reads households from the flat CSV form (see `CSV_COLUMNS`). */
export async function* readCsv(path: string, date: string): AsyncGenerator<unknown> {
  const parser = createReadStream(path).pipe(parseCsv({ columns: true, skip_empty_lines: true, trim: true, bom: true }));
  for await (const row of parser) yield csvRowToHousehold(row as Record<string, string>, date);
}

/** Reads a population file by its extension. */
export function readPopulation(path: string, date: string): AsyncIterable<unknown> {
  statSync(path);
  return /\.csv$/i.test(path) ? readCsv(path, date) : readJsonLines(path);
}

/** Counts the lines of a file (for the progress bar's total), cheaply for uncompressed files only. */
async function countLines(path: string): Promise<number | undefined> {
  if (path.endsWith('.gz')) return undefined;
  let n = 0;
  for await (const chunk of createReadStream(path)) for (const b of chunk as Buffer) if (b === 10) n += 1;
  return /\.csv$/i.test(path) ? n - 1 : n;
}

export async function simulateCommand(argv: string[], today: () => string): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { date: { type: 'string' }, reform: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, rules: { type: 'string', multiple: true }, quiet: { type: 'boolean' } },
  });
  const file = positionals[0];
  if (file === undefined) {
    process.stderr.write('non-recours simulate : indiquez un fichier de population (.jsonl, .jsonl.gz ou .csv).\n');
    return 64;
  }
  const date = values.date ?? today();
  const catalog = loadCatalogFromDirs(values.rules ?? []);
  const reform = values.reform === undefined ? undefined : parseReform(readJsonFile(values.reform), values.reform);
  const tty = process.stderr.isTTY === true && values.quiet !== true;
  let bar: SingleBar | undefined;
  if (tty) {
    bar = new SingleBar({ format: 'Simulation |{bar}| {percentage} % | {value}/{total} foyers | {eta_formatted}', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
    bar.start((await countLines(file)) ?? 0, 0);
  }
  const result = await simulate(readPopulation(file, date), {
    date,
    catalog,
    reform,
    progressEvery: 500,
    onProgress: (n) => {
      if (bar === undefined) return;
      if (bar.getTotal() < n) bar.setTotal(n);
      bar.update(n);
    },
  });
  bar?.stop();
  if (values.json === true) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${formatBarometer(result, file)}\n`);
  if (values.out !== undefined) {
    const base = values.out.replace(/\.html?$/i, '');
    mkdirSync(dirname(base), { recursive: true });
    writeFileSync(`${base}.html`, await barometerHtml(result, file));
    writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(`${base}.csv`, barometerCsv(result));
    process.stderr.write(`Rapport écrit : ${base}.html (et ${base}.json, ${base}.csv)\n`);
  }
  return result.households.valid === 0 && result.households.total > 0 ? 2 : 0;
}
