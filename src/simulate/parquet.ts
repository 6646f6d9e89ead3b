/**
 * Populations as Parquet, laid out like microsimulation files: three tables joined by household id
 * (layout, types and commands: docs/parquet.md).
 *
 * - `<nom>.parquet`: one row per household (the path given on the command line);
 * - `<nom>.persons.parquet`: one row per person;
 * - `<nom>.incomes.parquet`: one row per run of consecutive months of one income (same person, kind and
 *   amounts), `month_from` to `month_to`.
 *
 * Money is DECIMAL, never DOUBLE, and reads back as the contract's strings ("1450.00"). Persons and incomes
 * rows follow the order of the households (as written here): the three tables are scanned side by side in
 * one pass, so that memory does not grow with the population. A row that matches no household, a household
 * without an applicant, an unknown column or a money column in floating point stop the reading with an
 * error that names the file and the row: nothing is dropped without a word.
 *
 * Node only, for the command line and scripts: DuckDB (`@duckdb/node-api`) is an optional peer dependency
 * loaded here on first use, and the library's entry points (`src/index.ts`, `src/browser.ts`) do not import
 * this file.
 */
import { closeSync, existsSync, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBDataChunk, DuckDBResult, DuckDBValue, DuckDBVector } from '@duckdb/node-api';
import { optionalDependency } from '../cli/optional.js';
import { NonRecoursError } from '../errors.js';

type DuckDb = typeof import('@duckdb/node-api');
/** A household as JSON (the contract of `src/household/schema.ts`), before validation. */
export type HouseholdJson = Record<string, unknown>;

const loadDuckDb = (purpose: string): Promise<DuckDb> => optionalDependency('@duckdb/node-api', purpose, () => import('@duckdb/node-api'));

/** The three files of one population. */
export interface ParquetTables {
  readonly households: string;
  readonly persons: string;
  readonly incomes: string;
}

/**
 * The three files of a population from the path of its households table: `poitiers.parquet` (or
 * `poitiers.households.parquet`) → `poitiers.persons.parquet`, `poitiers.incomes.parquet` beside it.
 */
export function parquetTables(path: string): ParquetTables {
  const m = /^(.*?)(\.households)?\.parquet$/i.exec(path);
  if (m === null) throw new NonRecoursError('HOUSEHOLD_INVALID', `${path} : un fichier Parquet de population se termine par .parquet`);
  const base = m[1] as string;
  if (/\.(persons|incomes)$/i.test(base)) {
    throw new NonRecoursError('HOUSEHOLD_INVALID', `${path} : c'est une table annexe ; indiquez la table des foyers, ${base.replace(/\.(persons|incomes)$/i, '')}.parquet (docs/parquet.md)`);
  }
  return { households: path, persons: `${base}.persons.parquet`, incomes: `${base}.incomes.parquet` };
}

/** How a column's values are written and read back. */
type Kind = 'text' | 'date' | 'month' | 'money' | 'number' | 'integer' | 'boolean' | 'claims' | 'taxReturns';

interface Column {
  readonly name: string;
  /** The DuckDB type written by `writeParquetPopulation`. */
  readonly type: string;
  readonly kind: Kind;
  /** The key of the value in the household JSON (in its group for households: `couple.since`). */
  readonly key: string;
  readonly group?: 'couple' | 'housing' | 'services';
  /** A column every file must have (the others, when absent, are unknown for every row). */
  readonly required?: true;
}

const ID: Column = { name: 'household_id', type: 'VARCHAR NOT NULL', kind: 'text', key: 'id', required: true };
const MONEY = 'DECIMAL(12,2)';
/**
 * The revenu fiscal de référence is in whole euros: the bases of direct taxes are rounded to the euro
 * (CGI, art. 1657), and the avis d'imposition prints it so.
 */
const TAX_RETURNS = 'STRUCT(year SMALLINT, reference_income DECIMAL(12,0), shares DOUBLE)[]';

/** One row per household; in the order of the keys of the household JSON. */
export const HOUSEHOLD_COLUMNS: readonly Column[] = [
  ID,
  { name: 'commune', type: 'VARCHAR', kind: 'text', key: 'commune' },
  { name: 'area', type: 'VARCHAR', kind: 'text', key: 'area' },
  { name: 'couple_status', type: 'VARCHAR', kind: 'text', key: 'status', group: 'couple' },
  { name: 'couple_since', type: 'DATE', kind: 'date', key: 'since', group: 'couple' },
  { name: 'incomes_complete', type: 'BOOLEAN', kind: 'boolean', key: 'incomesComplete' },
  { name: 'tax_returns', type: TAX_RETURNS, kind: 'taxReturns', key: 'taxReturns' },
  { name: 'housing_status', type: 'VARCHAR', kind: 'text', key: 'status', group: 'housing' },
  { name: 'housing_monthly_rent', type: MONEY, kind: 'money', key: 'monthlyRent', group: 'housing' },
  { name: 'housing_benefit', type: MONEY, kind: 'money', key: 'housingBenefit', group: 'housing' },
  { name: 'creche_hours_per_month', type: 'DOUBLE', kind: 'number', key: 'crecheHoursPerMonth', group: 'services' },
  { name: 'canteen_meals_per_month', type: 'DOUBLE', kind: 'number', key: 'canteenMealsPerMonth', group: 'services' },
  { name: 'after_school_hours_per_month', type: 'DOUBLE', kind: 'number', key: 'afterSchoolHoursPerMonth', group: 'services' },
  { name: 'meals_at_home_per_month', type: 'DOUBLE', kind: 'number', key: 'mealsAtHomePerMonth', group: 'services' },
  { name: 'claims', type: 'VARCHAR', kind: 'claims', key: 'claims' },
];

/** One row per person, grouped by household in the households' order; after `household_id`, the keys of a person. */
export const PERSON_COLUMNS: readonly Column[] = [
  ID,
  { name: 'person_id', type: 'VARCHAR NOT NULL', kind: 'text', key: 'id', required: true },
  { name: 'role', type: 'VARCHAR NOT NULL', kind: 'text', key: 'role', required: true },
  { name: 'birth_date', type: 'DATE', kind: 'date', key: 'birthDate' },
  { name: 'activity', type: 'VARCHAR', kind: 'text', key: 'activity' },
  { name: 'nationality', type: 'VARCHAR', kind: 'text', key: 'nationality' },
  { name: 'residence_permit_since', type: 'DATE', kind: 'date', key: 'residencePermitSince' },
  { name: 'unemployed_since', type: 'DATE', kind: 'date', key: 'unemployedSince' },
  { name: 'gir', type: 'TINYINT', kind: 'integer', key: 'gir' },
  { name: 'disability_rate', type: 'DOUBLE', kind: 'number', key: 'disabilityRate' },
  { name: 'carer', type: 'BOOLEAN', kind: 'boolean', key: 'carer' },
  { name: 'custody', type: 'VARCHAR', kind: 'text', key: 'custody' },
  { name: 'schooling', type: 'VARCHAR', kind: 'text', key: 'schooling' },
  { name: 'unfit_for_work', type: 'BOOLEAN', kind: 'boolean', key: 'unfitForWork' },
  { name: 'restricted_work_access', type: 'BOOLEAN', kind: 'boolean', key: 'restrictedWorkAccess' },
  { name: 'pregnant', type: 'BOOLEAN', kind: 'boolean', key: 'pregnant' },
  { name: 'lives_alone', type: 'BOOLEAN', kind: 'boolean', key: 'livesAlone' },
];

/** One row per run of months of one income, grouped by household in the households' order. */
export const INCOME_COLUMNS: readonly Column[] = [
  ID,
  { name: 'person_id', type: 'VARCHAR NOT NULL', kind: 'text', key: 'person', required: true },
  { name: 'kind', type: 'VARCHAR NOT NULL', kind: 'text', key: 'kind', required: true },
  { name: 'month_from', type: 'DATE NOT NULL', kind: 'month', key: 'month', required: true },
  { name: 'month_to', type: 'DATE', kind: 'month', key: 'month' },
  { name: 'amount', type: `${MONEY} NOT NULL`, kind: 'money', key: 'amount', required: true },
  { name: 'gross_amount', type: MONEY, kind: 'money', key: 'grossAmount' },
];

const HOUSEHOLD_KEYS = new Set(['id', 'commune', 'area', 'persons', 'couple', 'incomes', 'incomesComplete', 'taxReturns', 'housing', 'services', 'claims']);
const GROUP_KEYS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(
  (['couple', 'housing', 'services'] as const).map((g) => [g, new Set(HOUSEHOLD_COLUMNS.filter((c) => c.group === g).map((c) => c.key))]),
);
const PERSON_KEYS = new Set(PERSON_COLUMNS.slice(1).map((c) => c.key));
const INCOME_KEYS = new Set(['person', 'kind', 'month', 'amount', 'grossAmount']);
const TAX_RETURN_KEYS = new Set(['year', 'referenceIncome', 'shares']);

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** What DECIMAL(12,2) holds exactly: 10 digits before the decimal point, 2 after (nothing is rounded). */
const MONEY_RE = /^\d{1,10}(\.\d{1,2})?$/;
/** Whole euros (a zero cents part is accepted: it reads back without it). */
const EUROS_RE = /^(\d{1,12})(\.0{1,2})?$/;

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const pad2 = (n: number): string => (n < 10 ? `0${String(n)}` : String(n));
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---------------------------------------------------------------------------------------------------------
// Writing
//
// Rows go to temporary CSV files, one per table, that DuckDB then copies to Parquet, casting each column to
// its type. A value handed to DuckDB one by one (an appender) costs a call into native code and a cast per
// value, some 165 per household; a line of text costs a few string concatenations, and DuckDB reads and
// casts a file of them by whole vectors.

/** A household that cannot be written as Parquet: its rank in the stream, its id, the JSON path, the problem. */
function writeError(rank: number, id: unknown, path: string, problem: string): NonRecoursError {
  const who = typeof id === 'string' ? `foyer « ${id} »` : 'foyer';
  return new NonRecoursError('HOUSEHOLD_INVALID', `${who} (rang ${String(rank)}) : ${path} : ${problem} ; rien n'est écrit`, [{ path, message: problem }]);
}

/** Whether every value of an object is a string (the claims: rule → state). */
function allStrings(v: Record<string, unknown>): boolean {
  for (const k in v) if (typeof v[k] !== 'string') return false;
  return true;
}

/** What each kind of column accepts, checked before a value is written: nothing is rounded or cut. */
const ACCEPTS: Readonly<Record<Kind, readonly [(v: unknown) => boolean, string]>> = {
  text: [(v) => typeof v === 'string', 'texte'],
  date: [(v) => typeof v === 'string' && DATE_RE.test(v), 'date AAAA-MM-JJ'],
  month: [(v) => typeof v === 'string' && MONTH_RE.test(v), 'mois AAAA-MM'],
  money: [(v) => typeof v === 'string' && MONEY_RE.test(v), 'montant en chaîne, au centime près, au plus 9 999 999 999.99 (DECIMAL(12,2))'],
  number: [(v) => typeof v === 'number' && Number.isFinite(v), 'nombre'],
  integer: [(v) => Number.isInteger(v) && Math.abs(v as number) <= 127, 'entier'],
  boolean: [(v) => typeof v === 'boolean', 'booléen'],
  claims: [(v) => isObject(v) && allStrings(v), 'objet { règle : état }'],
  taxReturns: [() => false, 'liste'],
};

/** Whether a `YYYY-MM-DD` text is a day of the proleptic Gregorian calendar, as DuckDB's DATE has it (2024-02-30 is not). */
function isDay(text: string): boolean {
  const y = Number(text.slice(0, 4));
  const m = Number(text.slice(5, 7));
  const d = Number(text.slice(8, 10));
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 ? (leap ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);
}

/** A text as a CSV field: quoted when it must be (empty, which would be NULL; a quote, a comma, a line break). */
const BARE_RE = /^[^",\r\n]+$/;
const csvText = (s: string): string => (BARE_RE.test(s) ? s : `"${s.replace(/"/g, '""')}"`);

/** Why a value cannot be written (made only when one cannot). */
class Refused {
  constructor(readonly problem: string) {}
}

/** The CSV field of a value of a column (empty for NULL), or why the column cannot hold it. */
function csvField(column: Column, value: unknown): string | Refused {
  if (value === undefined) return column.required === true ? new Refused('valeur obligatoire absente') : '';
  const [accepts, what] = ACCEPTS[column.kind];
  if (!accepts(value)) return new Refused(`${what} attendu`);
  switch (column.kind) {
    case 'date':
      return isDay(value as string) ? (value as string) : new Refused(`${what} attendu : valeur impossible`);
    case 'month':
      return `${value as string}-01`;
    case 'number':
      // The shortest text that reads back as the same double, −0 included.
      return Object.is(value, -0) ? '-0' : String(value);
    case 'integer':
    case 'boolean':
    case 'money':
      return String(value);
    case 'claims':
      return csvText(JSON.stringify(value));
    default:
      return csvText(value as string);
  }
}

/** Why an object of the household cannot be written (not an object, a key without a column), or undefined. */
function keysProblem(value: unknown, known: ReadonlySet<string>): string | undefined {
  if (!isObject(value)) return 'objet attendu';
  for (const k in value) if (!known.has(k)) return `clé inconnue « ${k} » : elle n'a pas de colonne dans les tables Parquet`;
  return undefined;
}

/**
 * The incomes of a household as runs: consecutive entries of the list with the same person, kind, amount
 * and gross amount whose months follow each other become one row `month_from`–`month_to`. Reading expands
 * them back in the same order, so that the list comes back entry for entry.
 */
function incomeRuns(incomes: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const runs: Record<string, unknown>[] = [];
  let last: Record<string, unknown> | undefined;
  let lastMonth = Number.NaN;
  for (let i = 0; i < incomes.length; i += 1) {
    const inc = incomes[i] as Record<string, unknown>;
    // A month that is not `YYYY-MM` gives NaN, never merged, and is refused when written.
    const month = typeof inc.month === 'string' && MONTH_RE.test(inc.month) ? Number(inc.month.slice(0, 4)) * 12 + Number(inc.month.slice(5, 7)) : Number.NaN;
    if (last !== undefined && month === lastMonth + 1 && inc.person === last.person && inc.kind === last.kind && inc.amount === last.amount && inc.grossAmount === last.grossAmount) {
      last.to = inc.month;
    } else {
      last = { index: i, person: inc.person, kind: inc.kind, month: inc.month, to: undefined, amount: inc.amount, grossAmount: inc.grossAmount };
      runs.push(last);
    }
    lastMonth = month;
  }
  return runs;
}

/** What `writeParquetPopulation` wrote: the three files and their numbers of rows. */
export interface ParquetWritten extends ParquetTables {
  readonly count: number;
  readonly personRows: number;
  readonly incomeRows: number;
}

/** Memory DuckDB may use while copying the rows to Parquet. */
const MEMORY_LIMIT = '256MB';
/**
 * Memory freed at once beyond which DuckDB hands it back to the system (its default, 512 MB, let a reading
 * keep some 150 MB of the texts of chunks already read).
 */
const FLUSH_FREED = '4MB';
/** Characters of CSV kept before they are written to their file. */
const WRITE_EVERY = 1 << 20;

/** The rows of one table, in a temporary CSV file written by pieces. */
class CsvRows {
  private readonly fd: number;
  private text = '';
  private closed = false;
  rows = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  push(line: string): void {
    this.text += `${line}\n`;
    this.rows += 1;
    if (this.text.length >= WRITE_EVERY) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.text);
    this.text = '';
  }

  /** Writes what is left and closes the file; once (a file descriptor closed twice may be another file's). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.flush();
    } finally {
      closeSync(this.fd);
    }
  }
}

/** The SELECT that reads a table's CSV file with its columns' types (the tax returns as DuckDB's literal text, cast). */
function csvSelect(file: string, columns: readonly Column[]): string {
  const type = (c: Column) => c.type.replace(/ NOT NULL$/, '');
  const read = columns.map((c) => `${quote(c.name)}: ${quote(c.kind === 'taxReturns' ? 'VARCHAR' : type(c))}`).join(', ');
  const select = columns.map((c) => (c.kind === 'taxReturns' ? `CAST(${ident(c.name)} AS ${type(c)}) AS ${ident(c.name)}` : ident(c.name))).join(', ');
  // No sniffing: the dialect is this file's; a quoted empty field is an empty text, an unquoted one NULL.
  return `SELECT ${select} FROM read_csv(${quote(file)}, columns = {${read}}, header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', allow_quoted_nulls = false)`;
}

/**
 * Writes households (JSON objects of the contract) as the three Parquet tables of `path` (see
 * `parquetTables`), one household at a time: rows go to temporary CSV files, which DuckDB copies to Parquet
 * at the end, holding one row group at a time, so that memory stays bounded whatever the number of
 * households.
 * A value that a column cannot hold exactly (an amount with three decimals, an unknown key) stops the
 * writing with an error naming the household and the JSON path; the three files appear together or not at all.
 *
 * @example
 * await writeParquetPopulation(population('poitiers', 1000, 1, '2026-11-24', ruleIds), 'out/poitiers.parquet');
 */
export async function writeParquetPopulation(households: Iterable<unknown> | AsyncIterable<unknown>, path: string): Promise<ParquetWritten> {
  const files = parquetTables(path);
  const duckdb = await loadDuckDb("L'écriture des populations Parquet");
  const dir = mkdtempSync(join(tmpdir(), 'non-recours-parquet-'));
  const tables = [
    ['households', HOUSEHOLD_COLUMNS],
    ['persons', PERSON_COLUMNS],
    ['incomes', INCOME_COLUMNS],
  ] as const;
  const csv: CsvRows[] = [];
  const partial = (f: string) => `${f}.partial`;
  try {
    for (const [name] of tables) csv.push(new CsvRows(join(dir, `${name}.csv`)));
    const [hr, pr, ir] = csv as [CsvRows, CsvRows, CsvRows];
    let count = 0;
    const fields: string[] = [];
    const write = (raw: unknown): void => {
      const rank = count + 1;
      const id = isObject(raw) ? raw.id : undefined;
      const fail = (path: string, problem: string | undefined): void => {
        if (problem !== undefined) throw writeError(rank, id, path, problem);
      };
      /** The field, or the error naming the JSON path (`where`.`key`) of the value it refuses. */
      const field = (f: string | Refused, where: string, key: string): string => {
        if (typeof f !== 'string') throw writeError(rank, id, where === '' ? key : `${where}.${key}`, f.problem);
        return f;
      };
      if (typeof id !== 'string' || id === '') return fail('id', 'un identifiant de foyer est obligatoire en Parquet (il joint les trois tables)');
      fail('(foyer)', keysProblem(raw, HOUSEHOLD_KEYS));
      const h = raw as Record<string, unknown>;
      for (const g of ['couple', 'housing', 'services'] as const) if (h[g] !== undefined) fail(g, keysProblem(h[g], GROUP_KEYS[g] as ReadonlySet<string>));
      const persons = h.persons;
      if (!Array.isArray(persons) || persons.length === 0) return fail('persons', 'au moins une personne attendue (le demandeur)');
      const incomes = h.incomes ?? [];
      if (!Array.isArray(incomes)) return fail('incomes', 'liste attendue');
      for (let i = 0; i < persons.length; i += 1) fail(`persons[${String(i)}]`, keysProblem(persons[i], PERSON_KEYS));
      for (let i = 0; i < incomes.length; i += 1) fail(`incomes[${String(i)}]`, keysProblem(incomes[i], INCOME_KEYS));
      // Tax returns go in as a DuckDB literal that the copy casts, from numbers checked here: nothing is rounded.
      let taxReturns = '';
      if (h.taxReturns !== undefined) {
        if (!Array.isArray(h.taxReturns)) return fail('taxReturns', 'liste attendue');
        const items: string[] = [];
        for (const [i, t] of (h.taxReturns as unknown[]).entries()) {
          const at = `taxReturns[${String(i)}]`;
          fail(at, keysProblem(t, TAX_RETURN_KEYS));
          const r = t as Record<string, unknown>;
          if (!Number.isInteger(r.year) || Math.abs(r.year as number) > 32767) fail(`${at}.year`, 'année (entier) attendue');
          const euros = typeof r.referenceIncome === 'string' ? EUROS_RE.exec(r.referenceIncome) : null;
          if (euros === null) return fail(`${at}.referenceIncome`, 'revenu fiscal de référence en euros entiers (CGI, art. 1657), en chaîne, attendu');
          if (typeof r.shares !== 'number' || !Number.isFinite(r.shares)) fail(`${at}.shares`, 'nombre de parts attendu');
          items.push(`{'year': ${String(r.year)}, 'reference_income': ${euros[1] as string}, 'shares': ${String(r.shares)}}`);
        }
        taxReturns = csvText(`[${items.join(', ')}]`);
      }
      fields.length = 0;
      for (const column of HOUSEHOLD_COLUMNS) {
        if (column.kind === 'taxReturns') {
          fields.push(taxReturns);
          continue;
        }
        const group = column.group === undefined ? h : (h[column.group] as Record<string, unknown> | undefined);
        fields.push(field(csvField(column, group?.[column.key]), column.group ?? '', column.key));
      }
      const householdLine = fields.join(',');
      const personLines: string[] = [];
      const idField = csvText(id);
      for (let i = 0; i < persons.length; i += 1) {
        const p = persons[i] as Record<string, unknown>;
        const where = `persons[${String(i)}]`;
        fields.length = 0;
        fields.push(idField);
        for (let c = 1; c < PERSON_COLUMNS.length; c += 1) {
          const column = PERSON_COLUMNS[c] as Column;
          fields.push(field(csvField(column, p[column.key]), where, column.key));
        }
        personLines.push(fields.join(','));
      }
      const runs = incomeRuns(incomes as Record<string, unknown>[]);
      const incomeLines: string[] = [];
      for (const r of runs) {
        const where = `incomes[${String(r.index as number)}]`;
        fields.length = 0;
        fields.push(idField);
        for (let c = 1; c < INCOME_COLUMNS.length; c += 1) {
          const column = INCOME_COLUMNS[c] as Column;
          fields.push(field(csvField(column, r[column.name === 'month_to' ? 'to' : column.key]), where, column.key));
        }
        incomeLines.push(fields.join(','));
      }
      // Only a household checked whole goes in: the rows of the three tables stay aligned.
      hr.push(householdLine);
      for (const line of personLines) pr.push(line);
      for (const line of incomeLines) ir.push(line);
      count += 1;
    };
    if (Symbol.asyncIterator in households) {
      for await (const h of households as AsyncIterable<unknown>) write(h);
    } else {
      for (const h of households as Iterable<unknown>) write(h);
    }
    for (const f of csv) f.close();
    // One thread: rows stay in order, and one row group at a time is held (some 6 MB of households, whose
    // claims are the largest text). Beyond the limit DuckDB works through temporary files in `dir`.
    const instance = await duckdb.DuckDBInstance.create(':memory:', { memory_limit: MEMORY_LIMIT, temp_directory: dir, preserve_insertion_order: 'true', threads: '1', allocator_bulk_deallocation_flush_threshold: FLUSH_FREED });
    try {
      const connection = await instance.connect();
      try {
        for (const [k, [name, columns]] of tables.entries()) {
          // A households row carries its claims as JSON text (one to two kB for the national catalog): smaller
          // row groups keep the writer's buffer of one row group small.
          const rowGroup = name === 'households' ? 4096 : 122_880;
          await connection.run(`COPY (${csvSelect((csv[k] as CsvRows).path, columns)}) TO ${quote(partial(files[name]))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${String(rowGroup)})`);
        }
      } finally {
        connection.closeSync();
      }
    } finally {
      instance.closeSync();
    }
    for (const [name] of tables) renameSync(partial(files[name]), files[name]);
    return { ...files, count, personRows: pr.rows, incomeRows: ir.rows };
  } finally {
    for (const f of csv) {
      try {
        f.close();
      } catch {
        // the error that matters is the one already thrown
      }
    }
    for (const f of Object.values(files)) rmSync(partial(f), { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading
//
// Reading is the hot path of `simulate <population>.parquet`: a million households are some 16 million rows
// of incomes, and the evaluation waits for them. DuckDB hands every VARCHAR value to JavaScript as a freshly
// decoded string, a DATE or a DECIMAL as an object, and a NULL through a test of bits in BigInts. So the
// SELECT of each table gives, wherever it can, plain numbers without NULLs: a text of few values as its
// rank in the list of them (read once), a date as a count of days, money as a whole number of cents (NaN
// for NULL), a boolean as 0, 1 or 2; household_id in the persons and incomes tables only on the rows where
// it changes (SQL `lag`). The numbers are turned back here into the very strings DuckDB would print.

const INT_RE = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;
/** The integer types that a DOUBLE holds exactly. */
const SMALL_INT_RE = /^U?(TINYINT|SMALLINT|INTEGER)$/;
const DECIMAL_RE = /^DECIMAL\((\d+),\s*(\d+)\)$/;
const FLOAT_RE = /^(FLOAT|DOUBLE|REAL)$/;
/** The widest DECIMAL read as a whole number of cents: 15 digits, exact in a DOUBLE (below 2^53). */
const EXACT_DIGITS = 15;
/** A text column with at most this many distinct values in its file is read as ranks in the list of them. */
const CODED_VALUES = 250;
/** Tax returns per household read as numbers; a longer list (or one with a NULL) is read as JSON text. */
const TAX_RETURNS_READ = 4;
/** DuckDB threads of a reading (see readParquetPopulation). */
const READ_THREADS = '1';

function readError(file: string, headline: string, details: readonly { path: string; message: string }[] = []): NonRecoursError {
  return new NonRecoursError('HOUSEHOLD_INVALID', `${file} : ${headline}`, details.map((d) => ({ file, ...d })));
}

/**
 * How the value of a column comes to JavaScript, through one SQL column or more (`sql`, in this order):
 * - `value`: as DuckDB gives it (a string, a number or a boolean, null for NULL);
 * - `text`: a VARCHAR, read as `code`, `repeated` or `value` once its file is known;
 * - `code`: the rank of a text in `values` (0 for NULL);
 * - `repeated`: a text given only on the rows where it changes (the others keep the previous row's), then a
 *   0/1 column (1: the same as the previous row);
 * - `day`, `month`: a DATE as days since 1970-01-01 (NULL_DAY for NULL), then, for a year outside 1 to
 *   9999 (OTHER_DAY), DuckDB's own text of it (`%Y-%m-%d`, `%Y-%m`);
 * - `money`: a whole number of units of 10^-scale (NaN for NULL), printed back as DuckDB prints the DECIMAL;
 * - `boolean`: 0, 1, or 2 for NULL;
 * - `json`: a JSON text, parsed;
 * - `taxReturns`: the number of tax returns (−1 for NULL, −2 when read as JSON), the JSON text, then year,
 *   reference income (units of 10^-scale) and shares of each of the first TAX_RETURNS_READ.
 */
type How = 'value' | 'text' | 'code' | 'repeated' | 'day' | 'month' | 'money' | 'boolean' | 'json' | 'taxReturns';

interface Reading {
  readonly how: How;
  readonly sql: readonly string[];
  /** For `code`: the texts by rank, null first. */
  readonly values?: readonly (string | null)[];
  /** For `money` and `taxReturns`: the decimals of the amount. */
  readonly scale?: number;
}

const NULL_DAY = -1_000_000_000;
const OTHER_DAY = NULL_DAY - 1;
const DAYS = `DATE '0001-01-01' AND DATE '9999-12-31'`;

/** The SQL of a DATE column as days, and of DuckDB's text for the others (`format`: `%Y-%m` for months). */
function daysOf(c: string, format: string | undefined): string[] {
  const text = format === undefined ? `CAST(${c} AS VARCHAR)` : `strftime(${c}, '${format}')`;
  return [`CAST(CASE WHEN ${c} IS NULL THEN ${String(NULL_DAY)} WHEN ${c} BETWEEN ${DAYS} THEN ${c} - DATE '1970-01-01' ELSE ${String(OTHER_DAY)} END AS INTEGER)`, `CASE WHEN NOT (${c} BETWEEN ${DAYS}) THEN ${text} END`];
}

/** The SQL of an amount of a DECIMAL or integer type as a whole number of units (and its scale); undefined when it may not be exact. */
function unitsOf(c: string, type: string): { readonly sql: string; readonly scale: number } | undefined {
  const decimal = DECIMAL_RE.exec(type);
  if (decimal !== null && Number(decimal[1]) <= EXACT_DIGITS && Number(decimal[2]) <= 2) {
    const scale = Number(decimal[2]);
    return { sql: `CAST(CAST(${c} * ${String(10 ** scale)} AS BIGINT) AS DOUBLE)`, scale };
  }
  return SMALL_INT_RE.test(type) ? { sql: `CAST(${c} AS DOUBLE)`, scale: 0 } : undefined;
}

/** How a column of the file's type is read as the contract's JSON value; or why the type does not fit. */
function readExpression(column: Column, type: string): Reading | { readonly problem: string } {
  const c = ident(column.name);
  const t = type.toUpperCase();
  const decimal = DECIMAL_RE.exec(t);
  switch (column.kind) {
    case 'text':
      return t === 'VARCHAR' ? { how: 'text', sql: [c] } : { problem: `texte (VARCHAR) attendu, type ${type}` };
    case 'date':
      return t === 'DATE' ? { how: 'day', sql: daysOf(c, undefined) } : t === 'VARCHAR' ? { how: 'value', sql: [c] } : { problem: `date (DATE) attendue, type ${type}` };
    case 'month':
      return t === 'DATE' ? { how: 'month', sql: daysOf(c, '%Y-%m') } : t === 'VARCHAR' ? { how: 'value', sql: [c] } : { problem: `mois (DATE, premier jour du mois) attendu, type ${type}` };
    case 'money': {
      if (FLOAT_RE.test(t)) return { problem: `montant en virgule flottante (${type}) : inexact, écrivez-le en DECIMAL(12,2)` };
      if (decimal !== null && Number(decimal[2]) > 2) return { problem: `montant à ${decimal[2] as string} décimales (${type}) : au centime près, DECIMAL(12,2)` };
      const units = unitsOf(c, t);
      if (units !== undefined) return { how: 'money', sql: [`coalesce(${units.sql}, 'NaN'::DOUBLE)`], scale: units.scale };
      // Wider integers and decimals: DuckDB's own text, slower and as exact.
      return decimal !== null || INT_RE.test(t) ? { how: 'value', sql: [`CAST(${c} AS VARCHAR)`] } : t === 'VARCHAR' ? { how: 'value', sql: [c] } : { problem: `montant (DECIMAL(12,2)) attendu, type ${type}` };
    }
    case 'number':
      return FLOAT_RE.test(t) || INT_RE.test(t) || decimal !== null ? { how: 'value', sql: [`CAST(${c} AS DOUBLE)`] } : { problem: `nombre attendu, type ${type}` };
    case 'integer':
      return INT_RE.test(t) ? { how: 'value', sql: [`CAST(${c} AS INTEGER)`] } : { problem: `entier attendu, type ${type}` };
    case 'boolean':
      return t === 'BOOLEAN' ? { how: 'boolean', sql: [`coalesce(CAST(${c} AS UTINYINT), 2)`] } : { problem: `booléen (BOOLEAN) attendu, type ${type}` };
    case 'claims':
      return t === 'VARCHAR' || t === 'JSON' ? { how: 'json', sql: [c] } : { problem: `texte JSON (VARCHAR) attendu, type ${type}` };
    case 'taxReturns': {
      const m = /^STRUCT\((.*)\)\[\]$/.exec(t);
      const field = (name: string) => new RegExp(`(^|,\\s*)"?${name}"?\\s+([A-Z]+(\\(\\d+,\\s*\\d+\\))?)`).exec(m?.[1] ?? '')?.[2];
      const income = field('REFERENCE_INCOME');
      if (m === null || field('YEAR') === undefined || income === undefined || field('SHARES') === undefined) return { problem: `liste de STRUCT(year, reference_income, shares) attendue, type ${type}` };
      if (FLOAT_RE.test(income)) return { problem: `reference_income en virgule flottante (${income}) : inexact, écrivez-le en DECIMAL(12,0)` };
      const json = `to_json(list_transform(${c}, t -> {'year': CAST(t."year" AS INTEGER), 'referenceIncome': CAST(t.reference_income AS VARCHAR), 'shares': CAST(t.shares AS DOUBLE)}))`;
      const units = (item: string) => unitsOf(`${item}.reference_income`, income);
      const scale = units('t')?.scale;
      if (scale === undefined) return { how: 'json', sql: [json] };
      // As numbers when every value is there and JSON would give them back as they are (a finite number of shares).
      const plain = `len(${c}) <= ${String(TAX_RETURNS_READ)} AND NOT coalesce(list_bool_or(list_transform(${c}, t -> t IS NULL OR t."year" IS NULL OR t.reference_income IS NULL OR NOT coalesce(isfinite(t.shares), false))), false)`;
      const sql = [`CAST(CASE WHEN ${c} IS NULL THEN -1 WHEN ${plain} THEN len(${c}) ELSE -2 END AS TINYINT)`, `CASE WHEN NOT (${plain}) THEN ${json} END`];
      for (let k = 1; k <= TAX_RETURNS_READ; k += 1) {
        const item = `${c}[${String(k)}]`;
        sql.push(`CAST(${item}."year" AS INTEGER)`, units(item)?.sql as string, `CAST(${item}.shares AS DOUBLE)`);
      }
      return { how: 'taxReturns', sql, scale };
    }
  }
}

/** A table as read: the SELECT, and where each column of the layout is in it. */
interface Plan {
  readonly file: string;
  readonly sql: string;
  /** By column of the layout: how it is read, and its first column in the SELECT. */
  readonly readings: readonly Reading[];
  readonly at: readonly number[];
  /** The columns of the SELECT that hold JSON texts (claims: one or two kB a household). */
  readonly json: ReadonlySet<number>;
}

/** Never read (a column absent from the file): NULL on every row. */
const ABSENT: Reading = { how: 'value', sql: ['NULL'] };

/** What a first pass over some columns of a file tells: the texts of few values, the dates all in years 1 to 9999. */
interface Survey {
  /** By column: its values (in the order of their ranks). */
  readonly coded: ReadonlyMap<string, readonly string[]>;
  readonly inRange: ReadonlySet<string>;
}

/**
 * A first pass over the text and date columns of a file: counts the values of each text (approximately, in
 * constant memory) and checks the years of each date; a second lists the values of the texts that have few.
 */
async function survey(connection: DuckDBConnection, source: string, texts: readonly string[], dates: readonly string[]): Promise<Survey> {
  const coded = new Map<string, string[]>();
  const inRange = new Set<string>();
  if (texts.length + dates.length === 0) return { coded, inRange };
  const first = (await connection.runAndReadAll(`SELECT ${[...texts.map((n) => `approx_count_distinct(${ident(n)})`), ...dates.map((n) => `coalesce(bool_and(${ident(n)} BETWEEN ${DAYS}), true)`)].join(', ')} FROM ${source}`)).getRowsJS()[0] ?? [];
  dates.forEach((n, k) => {
    if (first[texts.length + k] === true) inRange.add(n);
  });
  const few = texts.filter((_, k) => Number(first[k]) <= CODED_VALUES);
  if (few.length === 0) return { coded, inRange };
  const lists = (await connection.runAndReadAll(`SELECT ${few.map((n) => `list(DISTINCT ${ident(n)})`).join(', ')} FROM ${source}`)).getRowsJS()[0] ?? [];
  few.forEach((n, k) => {
    const values = Array.isArray(lists[k]) ? (lists[k] as unknown[]).filter((v): v is string => typeof v === 'string') : [];
    // A column of NULLs only has no values, and an ENUM needs one.
    if (values.length > 0 && values.length <= 4 * CODED_VALUES) coded.set(n, values);
  });
  return { coded, inRange };
}

/**
 * The SELECT of one table: its columns checked against the file's (unknown, missing, inexact), in the
 * layout's order. `repeatedIds`: whether household_id is given only where it changes (persons and incomes,
 * where it does so once per household; in the households table it changes on every row).
 */
async function planOf(connection: DuckDBConnection, file: string, columns: readonly Column[], repeatedIds: boolean): Promise<Plan> {
  const source = `read_parquet(${quote(file)})`;
  let described: DuckDBValue[][];
  try {
    described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows();
  } catch (e) {
    throw readError(file, `fichier Parquet illisible (${(e as Error).message.split('\n')[0] ?? ''})`);
  }
  const types = new Map(described.map((r) => [String(r[0]), String(r[1])]));
  const known = new Set(columns.map((c) => c.name));
  const problems: { path: string; message: string }[] = [];
  for (const name of types.keys()) if (!known.has(name)) problems.push({ path: name, message: `colonne inconnue (colonnes : docs/parquet.md)` });
  const first = columns.map((c): Reading => {
    const type = types.get(c.name);
    if (type === undefined) {
      if (c.required === true) problems.push({ path: c.name, message: 'colonne obligatoire absente' });
      return ABSENT;
    }
    const r = readExpression(c, type);
    if ('problem' in r) {
      problems.push({ path: c.name, message: r.problem });
      return ABSENT;
    }
    return r;
  });
  if (problems.length > 0) throw readError(file, 'colonnes invalides, aucun foyer lu', problems);
  const { coded, inRange } = await survey(
    connection,
    source,
    columns.filter((c, k) => c !== ID && first[k]?.how === 'text').map((c) => c.name),
    columns.filter((_, k) => first[k]?.how === 'day' || first[k]?.how === 'month').map((c) => c.name),
  );
  const readings = first.map((r, k): Reading => {
    const column = columns[k] as Column;
    const c = ident(column.name);
    // Dates all in years 1 to 9999: no column of texts for the others.
    if ((r.how === 'day' || r.how === 'month') && inRange.has(column.name)) return { how: r.how, sql: r.sql.slice(0, 1) };
    if (r.how !== 'text') return r;
    if (column === ID) return repeatedIds ? { how: 'repeated', sql: [`CASE WHEN ${c} IS DISTINCT FROM lag(${c}) OVER () THEN ${c} END`, `CAST(${c} IS NOT DISTINCT FROM lag(${c}) OVER () AS UTINYINT)`] } : { how: 'value', sql: [c] };
    const values = coded.get(column.name);
    if (values === undefined) return { how: 'value', sql: [c] };
    return { how: 'code', sql: [`coalesce(CAST(enum_code(CAST(${c} AS ENUM(${values.map(quote).join(', ')}))) AS USMALLINT) + 1, 0)`], values: [null, ...values] };
  });
  const select: string[] = [];
  const at: number[] = [];
  const json = new Set<number>();
  for (const r of readings) {
    at.push(select.length);
    if (r.how === 'json') json.add(select.length);
    if (r.how === 'taxReturns') json.add(select.length + 1);
    select.push(...r.sql);
  }
  return { file, sql: `SELECT ${select.join(', ')} FROM ${source}`, readings, at, json };
}

/** year × 12 + month − 1 of a day since 1970-01-01, in the proleptic Gregorian calendar (H. Hinnant, civil_from_days). */
function monthOfDay(day: number): number {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (month <= 2 ? 1 : 0)) * 12 + month - 1;
}

/** Texts of days already made during one reading (at most DAYS_KEPT), shared by the persons who have them. */
const DAYS_KEPT = 100_000;

/** The texts of days and months of one reading, each made once: a few thousand distinct ones for millions of values. */
class Calendar {
  private readonly days = new Map<number, string>();
  /** By year × 12 + month − 1, years 0 to 9999. */
  private readonly months = new Array<string | undefined>(120_000);

  /** `YYYY-MM-DD` of a day since 1970-01-01 (year 1 to 9999), as DuckDB prints a DATE. */
  day(day: number): string {
    let s = this.days.get(day);
    if (s === undefined) {
      s = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (this.days.size >= DAYS_KEPT) this.days.clear();
      this.days.set(day, s);
    }
    return s;
  }

  /** `YYYY-MM` of year × 12 + month − 1. */
  month(i: number): string {
    let s = this.months[i];
    if (s === undefined) {
      s = `${String(Math.floor(i / 12)).padStart(4, '0')}-${pad2((i % 12) + 1)}`;
      this.months[i] = s;
    }
    return s;
  }
}

/** year × 12 + month − 1 of a `YYYY-MM` text; NaN for anything else. */
function monthIndex(text: unknown): number {
  const m = typeof text === 'string' ? MONTH_RE.exec(text) : null;
  return m === null ? Number.NaN : Number(m[1]) * 12 + Number(m[2]) - 1;
}

/** The text of `units` × 10^-scale, as DuckDB casts a DECIMAL to VARCHAR: `-0.05`, `1450.00`, `12.5`, `7`. */
function moneyText(units: number, scale: number): string {
  if (scale === 0) return String(units);
  const sign = units < 0 ? '-' : '';
  const a = Math.abs(units);
  if (scale === 1) return `${sign}${String(Math.floor(a / 10))}.${String(a % 10)}`;
  return `${sign}${String(Math.floor(a / 100))}.${pad2(a % 100)}`;
}

/** Reads a JSON text cell (claims, tax returns) of a row. */
function jsonCell(text: unknown, file: string, row: number, column: string): unknown {
  try {
    return JSON.parse(text as string);
  } catch {
    throw readError(file, `ligne ${String(row)} : colonne ${column} : JSON illisible`);
  }
}

/** A JSON string: no quote, backslash or control character but in escapes (unrolled, so that it matches one way only). */
const JSON_STRING = String.raw`"[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*"`;
const JSON_WS = '[ \\t\\n\\r]*';
/**
 * A JSON object of texts, as the claims are written (by JSON.stringify here, or with spaces by other tools):
 * a part of what JSON.parse accepts, recognized without building anything. Each token starts with a
 * character that ends the one before, so that a text that is not one fails in one pass, without backtracking.
 */
const TEXT_MAP_RE = new RegExp(`^${JSON_WS}\\{${JSON_WS}(?:${JSON_STRING}${JSON_WS}:${JSON_WS}${JSON_STRING}${JSON_WS}(?:,${JSON_WS}${JSON_STRING}${JSON_WS}:${JSON_WS}${JSON_STRING}${JSON_WS})*)?\\}${JSON_WS}$`);

/**
 * Checks a JSON text cell as `jsonCell` does, for a row read past: a flat object of texts (the claims as
 * written) is known valid without being parsed; anything else is parsed, and stops with the same error.
 */
function checkJsonCell(text: unknown, file: string, row: number, column: string): void {
  if (typeof text === 'string' && TEXT_MAP_RE.test(text)) return;
  jsonCell(text, file, row, column);
}

/**
 * The rows of a table, streamed chunk by chunk (2,048 rows), the next chunk fetched while the current one
 * is used. `row` is the number of the current row in its file, from 1. Rows are visited in order, each
 * once: that is what lets a `repeated` column keep the previous row's value.
 *
 * Memory: the vectors of numbers are copies made when the chunk arrives, and so are the short texts,
 * decoded then (a text longer than 12 bytes lives in the chunk's memory). The JSON texts are decoded one
 * household at a time, and not kept by the vector (its cache of decoded values would hold 2,048
 * households' claims, long enough for the garbage collector to move them to the old generation, which
 * then grows by hundreds of megabytes between two full collections). The chunk is reset, its texts
 * freed, when the next one is taken.
 */
class Cursor {
  private chunk: DuckDBDataChunk | null = null;
  private vectors: DuckDBVector[] = [];
  /** By column of the SELECT: the decoded texts of the chunk at hand (a VARCHAR column), or undefined. */
  private texts: (unknown[] | undefined)[] = [];
  private size = 0;
  private i = 0;
  private next: Promise<DuckDBDataChunk | null>;
  /** The values of the `repeated` columns at the current row. */
  private readonly held: unknown[];
  private readonly repeated: readonly number[];
  row = 1;

  /** `varchar`: by column of the SELECT, whether it is a VARCHAR. */
  constructor(
    private readonly result: DuckDBResult,
    private readonly plan: Plan,
    private readonly varchar: readonly boolean[],
    private readonly calendar: Calendar,
  ) {
    this.held = plan.readings.map(() => null);
    this.repeated = plan.readings.flatMap((r, c) => (r.how === 'repeated' ? [c] : []));
    this.next = this.fetch();
  }

  private fetch(): Promise<DuckDBDataChunk | null> {
    const p = this.result.fetchChunk();
    p.catch(() => undefined); // awaited in fill(); not an unhandled rejection when the reading stops early
    return p;
  }

  /** Takes the `repeated` values that change at the current row. */
  private load(): void {
    for (const c of this.repeated) {
      const at = this.plan.at[c] as number;
      if (this.cell(at + 1) === 0) this.held[c] = this.cell(at);
    }
  }

  private cell(at: number): unknown {
    const texts = this.texts[at];
    if (texts !== undefined) return texts[this.i];
    const vector = this.vectors[at] as DuckDBVector;
    // A slice of one value has its own cache, gone with it.
    return this.plan.json.has(at) ? vector.slice(this.i, 1).getItem(0) : vector.getItem(this.i);
  }

  /** Whether a row is at hand without waiting. */
  has(): boolean {
    return this.i < this.size;
  }

  /** Makes a row at hand; false at the end of the table. */
  async fill(): Promise<boolean> {
    while (this.i >= this.size) {
      this.chunk?.reset();
      const chunk = await this.next;
      this.chunk = chunk;
      if (chunk === null || chunk.rowCount === 0) return false;
      this.next = this.fetch();
      const size = chunk.rowCount;
      this.vectors = [];
      for (let k = 0; k < chunk.columnCount; k += 1) this.vectors.push(chunk.getColumnVector(k));
      // The texts, but for the rows where a `repeated` column is the same as the row before (not needed).
      const same: (DuckDBVector | undefined)[] = [];
      for (const c of this.repeated) same[this.plan.at[c] as number] = this.vectors[(this.plan.at[c] as number) + 1];
      this.texts = this.vectors.map((v, k) => {
        if (this.varchar[k] !== true || this.plan.json.has(k)) return undefined;
        const flags = same[k];
        const texts = new Array<unknown>(size);
        for (let i = 0; i < size; i += 1) texts[i] = flags !== undefined && flags.getItem(i) === 1 ? null : v.getItem(i);
        return texts;
      });
      this.size = size;
      this.i = 0;
      this.load();
    }
    return true;
  }

  advance(): void {
    this.i += 1;
    this.row += 1;
    if (this.i < this.size) this.load();
  }

  /** Whether a row after the current one, in the chunk at hand, has `value` in the first column (a `value` column). */
  ahead(value: unknown): boolean {
    for (let j = this.i + 1; j < this.size; j += 1) if (this.texts[this.plan.at[0] as number]?.[j] === value) return true;
    return false;
  }

  /** The JSON value of a column at the current row (null when NULL); `name` names it in errors. */
  value(column: number, name: string): unknown {
    const r = this.plan.readings[column] as Reading;
    const at = this.plan.at[column] as number;
    switch (r.how) {
      case 'code':
        return (r.values as readonly (string | null)[])[this.cell(at) as number];
      case 'repeated':
        return this.held[column];
      case 'day':
      case 'month': {
        const day = this.cell(at) as number;
        if (day === NULL_DAY) return null;
        if (day === OTHER_DAY) return this.cell(at + 1);
        return r.how === 'day' ? this.calendar.day(day) : this.calendar.month(monthOfDay(day));
      }
      case 'money': {
        const units = this.cell(at) as number;
        return Number.isNaN(units) ? null : moneyText(units, r.scale as number);
      }
      case 'boolean': {
        const b = this.cell(at) as number;
        return b === 2 ? null : b === 1;
      }
      case 'json': {
        const text = this.cell(at);
        return text === null ? null : jsonCell(text, this.plan.file, this.row, name);
      }
      case 'taxReturns': {
        const n = this.cell(at) as number;
        if (n === -1) return null;
        if (n === -2) return jsonCell(this.cell(at + 1), this.plan.file, this.row, name);
        const list: Record<string, unknown>[] = [];
        for (let k = 0; k < n; k += 1) {
          const p = at + 2 + 3 * k;
          list.push({ year: this.cell(p), referenceIncome: moneyText(this.cell(p + 1) as number, r.scale as number), shares: this.cell(p + 2) });
        }
        return list;
      }
      default:
        return this.cell(at);
    }
  }

  /**
   * Makes at the current row the checks that `value` makes, without building the value (a row read past,
   * of a household of another share): only a JSON text can stop the reading.
   */
  check(column: number, name: string): void {
    const r = this.plan.readings[column] as Reading;
    const at = this.plan.at[column] as number;
    if (r.how === 'json') {
      const text = this.cell(at);
      if (text !== null) checkJsonCell(text, this.plan.file, this.row, name);
    } else if (r.how === 'taxReturns' && this.cell(at) === -2) {
      checkJsonCell(this.cell(at + 1), this.plan.file, this.row, name);
    }
  }

  /** The text of household_id, person_id or kind at the current row. */
  text(column: number): unknown {
    return this.value(column, '');
  }

  /** A month column at the current row as year × 12 + month − 1: null when NULL, NaN when not a month. */
  month(column: number): number | null {
    const r = this.plan.readings[column] as Reading;
    if (r.how === 'month') {
      const at = this.plan.at[column] as number;
      const day = this.cell(at) as number;
      if (day === NULL_DAY) return null;
      return day === OTHER_DAY ? monthIndex(this.cell(at + 1)) : monthOfDay(day);
    }
    const text = this.value(column, '');
    return text === null ? null : monthIndex(text);
  }
}

function nonEmptyId(cursor: Cursor, file: string): string {
  const id = cursor.text(0);
  if (typeof id !== 'string' || id === '') throw readError(file, `ligne ${String(cursor.row)} : household_id vide`);
  return id;
}

/** A share of a population: the households whose position in the households table, from 0, is `index` − 1 modulo `count`. */
export interface ParquetShare {
  readonly index: number;
  readonly count: number;
}

/** What `readParquetPopulation` reads. */
export interface ParquetReadOptions {
  /**
   * Only the households of this share, in order (for one worker thread of `simulate --workers` among
   * `count`, each reading the file itself). The others are read past, and checked like them.
   */
  readonly share?: ParquetShare;
  /** Called once the whole file is read and checked, with its number of households (all shares'). */
  readonly onEnd?: (households: number) => void;
}

/** The index of PERSON_COLUMNS that says whether a person is the applicant. */
const ROLE = PERSON_COLUMNS.findIndex((c) => c.name === 'role');

/**
 * Reads a Parquet population (the households table at `path`, its persons and incomes tables beside it)
 * as household JSON objects, equal to those of the JSON Lines file it was written from. The three tables
 * are scanned in order, side by side: memory stays constant whatever the number of households.
 *
 * With `share`, only the households of that share are yielded. Every household is still checked: a share
 * stops at the same row with the same error as the whole reading, so that of N worker threads reading N
 * shares, the one that stops reports what a reading by one thread reports.
 *
 * @example
 * const result = await simulate(readParquetPopulation('out/poitiers.parquet'), { date: '2026-11-24', catalog });
 * const second = readParquetPopulation('out/poitiers.parquet', { share: { index: 2, count: 4 } });
 */
export async function* readParquetPopulation(path: string, options: ParquetReadOptions = {}): AsyncGenerator<HouseholdJson> {
  const share = options.share;
  if (share !== undefined && !(Number.isInteger(share.index) && Number.isInteger(share.count) && share.index >= 1 && share.index <= share.count)) {
    throw new RangeError(`readParquetPopulation : part ${String(share.index)}/${String(share.count)} invalide : i/n attendue, i et n entiers, 1 ≤ i ≤ n`);
  }
  const files = parquetTables(path);
  for (const f of [files.households, files.persons, files.incomes]) {
    if (!existsSync(f)) throw readError(f, `table introuvable : une population Parquet est faite de ${files.households}, ${files.persons} et ${files.incomes} (docs/parquet.md)`);
  }
  const duckdb = await loadDuckDb('La lecture des populations Parquet');
  // One DuckDB thread: each scan runs on the thread that fetches its chunks, three scans side by side; more
  // threads only cost CPU time that the evaluation needs. No memory limit of ours: a scan holds one row
  // group at a time, whatever the number of households; a file written with very large row groups needs
  // more, and a limit would only turn that into an error.
  const instance = await duckdb.DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true', threads: READ_THREADS, allocator_bulk_deallocation_flush_threshold: FLUSH_FREED });
  const connections: DuckDBConnection[] = [];
  try {
    for (let i = 0; i < 4; i += 1) connections.push(await instance.connect());
    const [hc, pc, ic, lookup] = connections as [DuckDBConnection, DuckDBConnection, DuckDBConnection, DuckDBConnection];
    const plans = [await planOf(hc, files.households, HOUSEHOLD_COLUMNS, false), await planOf(pc, files.persons, PERSON_COLUMNS, true), await planOf(ic, files.incomes, INCOME_COLUMNS, true)] as const;
    const calendar = new Calendar();
    // One streamed scan per table, each on its own connection (a connection streams one result at a time).
    const cursor = async (c: DuckDBConnection, plan: Plan): Promise<Cursor> => {
      const result = await c.stream(plan.sql);
      return new Cursor(result, plan, result.columnTypes().map((t) => t.typeId === duckdb.DuckDBTypeId.VARCHAR), calendar);
    };
    const H = await cursor(hc, plans[0]);
    const P = await cursor(pc, plans[1]);
    const I = await cursor(ic, plans[2]);

    /** The first row (from 1) of a household id in a table, or undefined. */
    const rowOf = async (id: string, file = files.households): Promise<number | undefined> => {
      const r = await lookup.runAndReadAll(`SELECT min(file_row_number) FROM read_parquet(${quote(file)}, file_row_number = true) WHERE household_id = $1`, [id]);
      const n = r.getRows()[0]?.[0];
      return n === null || n === undefined ? undefined : Number(n) + 1;
    };
    /**
     * The error for a row of persons or incomes left over at household row `at` (or at the end): its
     * household does not exist, or comes before (the rows are not in the households' order). Undefined when
     * it belongs to a household further on, which is in order.
     */
    const stray = async (cursor: Cursor, file: string, at: number | undefined): Promise<NonRecoursError | undefined> => {
      const id = nonEmptyId(cursor, file);
      const row = await rowOf(id);
      if (row === undefined) return readError(file, `ligne ${String(cursor.row)} : le foyer « ${id} » n'existe pas dans ${files.households} ; rien n'est simulé`);
      if (at !== undefined && row > at) return undefined;
      return readError(file, `ligne ${String(cursor.row)} : le foyer « ${id} » (ligne ${String(row)} de ${files.households}) est déjà passé : les lignes de ${file} doivent suivre l'ordre des foyers (docs/parquet.md) ; rien n'est simulé`);
    };

    let previous: string | undefined;
    /** The row of incomes already known to belong to a household further on. */
    let pendingChecked = 0;
    let households = 0;
    while (H.has() || (await H.fill())) {
      households += 1;
      const hRow = H.row;
      const id = nonEmptyId(H, files.households);
      if (id === previous) throw readError(files.households, `ligne ${String(hRow)} : household_id « ${id} » répété (ligne précédente) : chaque foyer a un identifiant unique`);
      previous = id;
      // A household of another share is read past: every check below is made on it as on the others, none
      // of its objects is built (`h`, `persons` and `incomes` stay undefined).
      const h: HouseholdJson | undefined = share === undefined || (hRow - 1) % share.count === share.index - 1 ? { id } : undefined;
      if (h !== undefined) {
        const commune = H.value(1, 'commune');
        if (commune !== null) h.commune = commune;
        const area = H.value(2, 'area');
        if (area !== null) h.area = area;
      }

      const persons: Record<string, unknown>[] | undefined = h === undefined ? undefined : [];
      const firstPersonRow = P.row;
      let applicant = false;
      while ((P.has() || (await P.fill())) && P.text(0) === id) {
        if (persons === undefined) {
          // A person's columns (texts, dates, numbers, booleans) cannot stop the reading: only the role is needed.
          if (P.value(ROLE, 'role') === 'applicant') applicant = true;
        } else {
          const p: Record<string, unknown> = {};
          for (let c = 1; c < PERSON_COLUMNS.length; c += 1) {
            const column = PERSON_COLUMNS[c] as Column;
            const v = P.value(c, column.name);
            if (v !== null) p[column.key] = v;
          }
          if (p.role === 'applicant') applicant = true;
          persons.push(p);
        }
        P.advance();
      }
      if (P.row === firstPersonRow) {
        const e = P.has() ? await stray(P, files.persons, hRow) : undefined;
        if (e !== undefined) throw e;
        const elsewhere = await rowOf(id, files.persons);
        if (elsewhere !== undefined) throw readError(files.persons, `ligne ${String(elsewhere)} : les personnes du foyer « ${id} » (ligne ${String(hRow)} de ${files.households}) ne sont pas à leur place : les lignes de ${files.persons} doivent suivre l'ordre des foyers (docs/parquet.md) ; rien n'est simulé`);
        throw readError(files.households, `ligne ${String(hRow)} : le foyer « ${id} » n'a aucune ligne dans ${files.persons} (il faut au moins le demandeur, role = applicant) ; rien n'est simulé`);
      }
      if (!applicant) {
        throw readError(files.persons, `lignes ${String(firstPersonRow)} à ${String(P.row - 1)} : le foyer « ${id} » (ligne ${String(hRow)} de ${files.households}) n'a pas de demandeur (role = applicant) ; rien n'est simulé`);
      }

      const incomes: Record<string, unknown>[] | undefined = h === undefined ? undefined : [];
      const firstIncomeRow = I.row;
      while ((I.has() || (await I.fill())) && I.text(0) === id) {
        const from = I.month(3);
        const to = I.month(4) ?? from;
        if (from === null || Number.isNaN(from) || to === null || Number.isNaN(to)) throw readError(files.incomes, `ligne ${String(I.row)} : month_from ou month_to n'est pas un mois (AAAA-MM)`);
        const months = to - from + 1;
        if (months < 1 || months > 2000) throw readError(files.incomes, `ligne ${String(I.row)} : month_to avant month_from, ou plus de 2000 mois après`);
        if (incomes !== undefined) {
          const person = I.text(1);
          const kind = I.text(2);
          const amount = I.value(5, 'amount');
          const gross = I.value(6, 'gross_amount');
          for (let k = 0; k < months; k += 1) {
            const month = calendar.month(from + k);
            incomes.push(gross === null ? { person, kind, month, amount } : { person, kind, month, amount, grossAmount: gross });
          }
        }
        I.advance();
      }
      if (I.row === firstIncomeRow && I.has() && pendingChecked !== I.row) {
        // A household without incomes (no row of its own; a row gives at least one month), and a row of
        // incomes waiting: it must belong to a household further on. Found in the households at hand, or
        // else looked up (once per row), so that an out-of-place row stops the reading here rather than
        // leaving every later household without its incomes.
        if (!H.ahead(I.text(0))) {
          const e = await stray(I, files.incomes, hRow);
          if (e !== undefined) throw e;
        }
        pendingChecked = I.row;
      }

      if (h === undefined) {
        // Of the household's own columns, only the JSON texts (claims, tax returns that are not read as
        // numbers) can stop the reading, and the whole reading reads them here, after the incomes.
        for (let c = 1; c < HOUSEHOLD_COLUMNS.length; c += 1) H.check(c, (HOUSEHOLD_COLUMNS[c] as Column).name);
        H.advance();
        continue;
      }
      h.persons = persons;
      const coupleStatus = H.value(3, 'couple_status');
      const coupleSince = H.value(4, 'couple_since');
      if (coupleStatus !== null || coupleSince !== null) {
        const couple: Record<string, unknown> = {};
        if (coupleStatus !== null) couple.status = coupleStatus;
        if (coupleSince !== null) couple.since = coupleSince;
        h.couple = couple;
      }
      if (incomes !== undefined && incomes.length > 0) h.incomes = incomes;
      const complete = H.value(5, 'incomes_complete');
      if (complete !== null) h.incomesComplete = complete;
      const taxReturns = H.value(6, 'tax_returns');
      if (taxReturns !== null) h.taxReturns = taxReturns;
      let housing: Record<string, unknown> | undefined;
      let services: Record<string, unknown> | undefined;
      for (let c = 7; c < 14; c += 1) {
        const column = HOUSEHOLD_COLUMNS[c] as Column;
        const v = H.value(c, column.name);
        if (v === null) continue;
        if (column.group === 'housing') (housing ??= {})[column.key] = v;
        else (services ??= {})[column.key] = v;
      }
      if (housing !== undefined) h.housing = housing;
      if (services !== undefined) h.services = services;
      const claims = H.value(14, 'claims');
      if (claims !== null) h.claims = claims;
      H.advance();
      yield h;
    }
    if (P.has() || (await P.fill())) throw (await stray(P, files.persons, undefined)) as NonRecoursError;
    if (I.has() || (await I.fill())) throw (await stray(I, files.incomes, undefined)) as NonRecoursError;
    options.onEnd?.(households);
  } finally {
    for (const c of connections) c.closeSync();
    instance.closeSync();
  }
}
