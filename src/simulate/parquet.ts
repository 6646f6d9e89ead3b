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
import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBAppender, DuckDBConnection, DuckDBDataChunk, DuckDBResult, DuckDBValue } from '@duckdb/node-api';
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

/** A household that cannot be written as Parquet: its rank in the stream, its id, the JSON path, the problem. */
function writeError(rank: number, id: unknown, path: string, problem: string): NonRecoursError {
  const who = typeof id === 'string' ? `foyer « ${id} »` : 'foyer';
  return new NonRecoursError('HOUSEHOLD_INVALID', `${who} (rang ${String(rank)}) : ${path} : ${problem} ; rien n'est écrit`, [{ path, message: problem }]);
}

/** What each kind of column accepts, checked before a value is appended: nothing is rounded or cut. */
const ACCEPTS: Readonly<Record<Kind, readonly [(v: unknown) => boolean, string]>> = {
  text: [(v) => typeof v === 'string', 'texte'],
  date: [(v) => typeof v === 'string' && DATE_RE.test(v), 'date AAAA-MM-JJ'],
  month: [(v) => typeof v === 'string' && MONTH_RE.test(v), 'mois AAAA-MM'],
  money: [(v) => typeof v === 'string' && MONEY_RE.test(v), 'montant en chaîne, au centime près, au plus 9 999 999 999.99 (DECIMAL(12,2))'],
  number: [(v) => typeof v === 'number' && Number.isFinite(v), 'nombre'],
  integer: [(v) => Number.isInteger(v) && Math.abs(v as number) <= 127, 'entier'],
  boolean: [(v) => typeof v === 'boolean', 'booléen'],
  claims: [(v) => isObject(v) && Object.values(v).every((s) => typeof s === 'string'), 'objet { règle : état }'],
  taxReturns: [() => false, 'liste'],
};

/** Appends one value of a column; undefined when it fits, else the problem. */
function appendValue(a: DuckDBAppender, column: Column, value: unknown): string | undefined {
  if (value === undefined) {
    if (column.required === true) return 'valeur obligatoire absente';
    a.appendNull();
    return undefined;
  }
  const [accepts, what] = ACCEPTS[column.kind];
  if (!accepts(value)) return `${what} attendu`;
  try {
    switch (column.kind) {
      case 'month':
        a.appendVarchar(`${value as string}-01`);
        break;
      case 'number':
        a.appendDouble(value as number);
        break;
      case 'integer':
        a.appendTinyInt(value as number);
        break;
      case 'boolean':
        a.appendBoolean(value as boolean);
        break;
      case 'claims':
        a.appendVarchar(JSON.stringify(value));
        break;
      default:
        a.appendVarchar(value as string);
    }
  } catch {
    // The appender's own cast refused it: a date that does not exist (2024-02-30).
    return `${what} attendu : valeur impossible`;
  }
  return undefined;
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
    // A month that is not `YYYY-MM` gives NaN, never merged, and is refused when appended.
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

/** Memory DuckDB may use while writing; beyond it, it works through temporary files. */
const MEMORY_LIMIT = '256MB';
/** Households between two flushes of the appenders. */
const FLUSH_EVERY = 5000;

/**
 * Writes households (JSON objects of the contract) as the three Parquet tables of `path` (see
 * `parquetTables`), one household at a time: rows go through DuckDB appenders into tables that DuckDB
 * spills to a temporary folder beyond 256 MB, copied to Parquet at the end, so that memory stays bounded
 * whatever the number of households.
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
  // An in-memory database that spills to `dir` beyond MEMORY_LIMIT: no write-ahead log to write twice.
  // One thread: the copy to Parquet then keeps rows in order without holding batches of other threads
  // (with two, copying a million households ran out of 256 MB); appending is one thread anyway.
  const instance = await duckdb.DuckDBInstance.create(':memory:', { memory_limit: MEMORY_LIMIT, temp_directory: dir, preserve_insertion_order: 'true', threads: '1' });
  const connection = await instance.connect();
  const appenders: DuckDBAppender[] = [];
  try {
    const tables = [
      ['households', HOUSEHOLD_COLUMNS],
      ['persons', PERSON_COLUMNS],
      ['incomes', INCOME_COLUMNS],
    ] as const;
    for (const [name, columns] of tables) await connection.run(`CREATE TABLE ${name} (${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`);
    const [ha, pa, ia] = [await connection.createAppender('households'), await connection.createAppender('persons'), await connection.createAppender('incomes')];
    appenders.push(ha, pa, ia);
    let count = 0;
    let personRows = 0;
    let incomeRows = 0;
    const write = (raw: unknown): void => {
      const rank = count + 1;
      const id = isObject(raw) ? raw.id : undefined;
      const fail = (path: string, problem: string | undefined): void => {
        if (problem !== undefined) throw writeError(rank, id, path, problem);
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
      // Tax returns go in as a DuckDB literal that the appender casts (one value per household, no native
      // value objects left for the garbage collector), from numbers checked here: nothing is rounded.
      let taxReturns: string | undefined;
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
        taxReturns = `[${items.join(', ')}]`;
      }
      for (const column of HOUSEHOLD_COLUMNS) {
        if (column.kind === 'taxReturns') {
          if (taxReturns === undefined) ha.appendNull();
          else ha.appendVarchar(taxReturns);
          continue;
        }
        const group = column.group === undefined ? h : (h[column.group] as Record<string, unknown> | undefined);
        const problem = appendValue(ha, column, group?.[column.key]);
        if (problem !== undefined) fail(column.group === undefined ? column.key : `${column.group}.${column.key}`, problem);
      }
      ha.endRow();
      for (let i = 0; i < persons.length; i += 1) {
        const p = persons[i] as Record<string, unknown>;
        pa.appendVarchar(id);
        for (let c = 1; c < PERSON_COLUMNS.length; c += 1) {
          const column = PERSON_COLUMNS[c] as Column;
          const problem = appendValue(pa, column, p[column.key]);
          if (problem !== undefined) fail(`persons[${String(i)}].${column.key}`, problem);
        }
        pa.endRow();
      }
      const runs = incomeRuns(incomes as Record<string, unknown>[]);
      for (const r of runs) {
        ia.appendVarchar(id);
        for (let c = 1; c < INCOME_COLUMNS.length; c += 1) {
          const column = INCOME_COLUMNS[c] as Column;
          const problem = appendValue(ia, column, r[column.name === 'month_to' ? 'to' : column.key]);
          if (problem !== undefined) fail(`incomes[${String(r.index)}].${column.key}`, problem);
        }
        ia.endRow();
      }
      count += 1;
      personRows += persons.length;
      incomeRows += runs.length;
      // Batches into the table of a bounded size: the appenders' caches would otherwise grow to large blocks.
      if (count % FLUSH_EVERY === 0) for (const a of appenders) a.flushSync();
    };
    if (Symbol.asyncIterator in households) {
      for await (const h of households as AsyncIterable<unknown>) write(h);
    } else {
      for (const h of households as Iterable<unknown>) write(h);
    }
    for (const a of appenders.splice(0)) a.closeSync();
    const partial = (f: string) => `${f}.partial`;
    for (const [name] of tables) {
      // A households row carries its claims as JSON text (one to two kB for the national catalog): smaller
      // row groups keep the writer's buffer of one row group small.
      const rowGroup = name === 'households' ? 4096 : 122_880;
      await connection.run(`COPY ${name} TO ${quote(partial(files[name]))} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${String(rowGroup)})`);
    }
    for (const [name] of tables) renameSync(partial(files[name]), files[name]);
    return { ...files, count, personRows, incomeRows };
  } finally {
    // After a failure the appenders' rows are dropped with the temporary database; an appender left
    // mid-row may refuse to close, which must neither hide the first error nor leave the folder behind.
    const quietly = (f: () => void) => {
      try {
        f();
      } catch {
        // the error that matters is the one already thrown
      }
    };
    for (const a of appenders) {
      quietly(() => a.clear());
      quietly(() => a.closeSync());
    }
    quietly(() => connection.closeSync());
    quietly(() => instance.closeSync());
    for (const f of Object.values(files)) rmSync(`${f}.partial`, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reading

const INT_RE = /^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/;
const DECIMAL_RE = /^DECIMAL\((\d+),\s*(\d+)\)$/;
const FLOAT_RE = /^(FLOAT|DOUBLE|REAL)$/;

function readError(file: string, headline: string, details: readonly { path: string; message: string }[] = []): NonRecoursError {
  return new NonRecoursError('HOUSEHOLD_INVALID', `${file} : ${headline}`, details.map((d) => ({ file, ...d })));
}

/** The SQL expression that reads a column of the file's type as the contract's JSON value; or why the type does not fit. */
function readExpression(column: Column, type: string): string | { readonly problem: string } {
  const c = ident(column.name);
  const t = type.toUpperCase();
  const decimal = DECIMAL_RE.exec(t);
  switch (column.kind) {
    case 'text':
      return t === 'VARCHAR' ? c : { problem: `texte (VARCHAR) attendu, type ${type}` };
    case 'date':
      return t === 'DATE' ? `CAST(${c} AS VARCHAR)` : t === 'VARCHAR' ? c : { problem: `date (DATE) attendue, type ${type}` };
    case 'month':
      return t === 'DATE' ? `strftime(${c}, '%Y-%m')` : t === 'VARCHAR' ? c : { problem: `mois (DATE, premier jour du mois) attendu, type ${type}` };
    case 'money':
      if (FLOAT_RE.test(t)) return { problem: `montant en virgule flottante (${type}) : inexact, écrivez-le en DECIMAL(12,2)` };
      if (decimal !== null && Number(decimal[2]) > 2) return { problem: `montant à ${decimal[2] as string} décimales (${type}) : au centime près, DECIMAL(12,2)` };
      return decimal !== null || INT_RE.test(t) ? `CAST(${c} AS VARCHAR)` : t === 'VARCHAR' ? c : { problem: `montant (DECIMAL(12,2)) attendu, type ${type}` };
    case 'number':
      return FLOAT_RE.test(t) || INT_RE.test(t) || decimal !== null ? `CAST(${c} AS DOUBLE)` : { problem: `nombre attendu, type ${type}` };
    case 'integer':
      return INT_RE.test(t) ? `CAST(${c} AS INTEGER)` : { problem: `entier attendu, type ${type}` };
    case 'boolean':
      return t === 'BOOLEAN' ? c : { problem: `booléen (BOOLEAN) attendu, type ${type}` };
    case 'claims':
      return t === 'VARCHAR' || t === 'JSON' ? c : { problem: `texte JSON (VARCHAR) attendu, type ${type}` };
    case 'taxReturns': {
      const m = /^STRUCT\((.*)\)\[\]$/.exec(t);
      const field = (name: string) => new RegExp(`(^|,\\s*)"?${name}"?\\s+([A-Z]+(\\(\\d+,\\s*\\d+\\))?)`).exec(m?.[1] ?? '')?.[2];
      const income = field('REFERENCE_INCOME');
      if (m === null || field('YEAR') === undefined || income === undefined || field('SHARES') === undefined) return { problem: `liste de STRUCT(year, reference_income, shares) attendue, type ${type}` };
      if (FLOAT_RE.test(income)) return { problem: `reference_income en virgule flottante (${income}) : inexact, écrivez-le en DECIMAL(12,0)` };
      return `to_json(list_transform(${c}, t -> {'year': CAST(t."year" AS INTEGER), 'referenceIncome': CAST(t.reference_income AS VARCHAR), 'shares': CAST(t.shares AS DOUBLE)}))`;
    }
  }
}

/** The SELECT of one table: its columns checked against the file's (unknown, missing, inexact), in the layout's order. */
async function selectOf(connection: DuckDBConnection, file: string, columns: readonly Column[]): Promise<string> {
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
  const expressions = columns.map((c) => {
    const type = types.get(c.name);
    if (type === undefined) {
      if (c.required === true) problems.push({ path: c.name, message: 'colonne obligatoire absente' });
      return 'NULL';
    }
    const e = readExpression(c, type);
    if (typeof e !== 'string') {
      problems.push({ path: c.name, message: e.problem });
      return 'NULL';
    }
    return e;
  });
  if (problems.length > 0) throw readError(file, 'colonnes invalides, aucun foyer lu', problems);
  return `SELECT ${expressions.join(', ')} FROM ${source}`;
}

/**
 * Rows of a streamed query, chunk by chunk (2,048 rows), the next chunk fetched while the current one is
 * used. `row` is the number of the current row in its file, from 1.
 */
class Cursor {
  private cols: DuckDBValue[][] = [];
  private size = 0;
  private i = 0;
  private next: Promise<DuckDBDataChunk | null>;
  row = 1;

  constructor(private readonly result: DuckDBResult) {
    this.next = this.fetch();
  }

  private fetch(): Promise<DuckDBDataChunk | null> {
    const p = this.result.fetchChunk();
    p.catch(() => undefined); // awaited in fill(); not an unhandled rejection when the reading stops early
    return p;
  }

  /** Whether a row is at hand without waiting. */
  has(): boolean {
    return this.i < this.size;
  }

  /** Makes a row at hand; false at the end of the table. */
  async fill(): Promise<boolean> {
    while (this.i >= this.size) {
      const chunk = await this.next;
      if (chunk === null || chunk.rowCount === 0) return false;
      this.cols = chunk.getColumns();
      this.size = chunk.rowCount;
      this.i = 0;
      this.next = this.fetch();
    }
    return true;
  }

  /** Whether a row after the current one, in the chunk at hand, has `value` in the first column. */
  ahead(value: DuckDBValue): boolean {
    const first = this.cols[0] as DuckDBValue[];
    for (let j = this.i + 1; j < this.size; j += 1) if (first[j] === value) return true;
    return false;
  }

  value(column: number): DuckDBValue {
    return (this.cols[column] as DuckDBValue[])[this.i] as DuckDBValue;
  }

  advance(): void {
    this.i += 1;
    this.row += 1;
  }
}

function nonEmptyId(cursor: Cursor, file: string): string {
  const id = cursor.value(0);
  if (typeof id !== 'string' || id === '') throw readError(file, `ligne ${String(cursor.row)} : household_id vide`);
  return id;
}

/** Reads a JSON text cell (claims, tax returns) of a row. */
function jsonCell(text: DuckDBValue, file: string, row: number, column: string): unknown {
  try {
    return JSON.parse(text as string);
  } catch {
    throw readError(file, `ligne ${String(row)} : colonne ${column} : JSON illisible`);
  }
}

/** The month `count` months after `month` (`YYYY-MM`). */
function monthAfter(year: number, month: number, count: number): string {
  const i = year * 12 + month - 1 + count;
  return `${String(Math.floor(i / 12))}-${pad2((i % 12) + 1)}`;
}

/**
 * Reads a Parquet population (the households table at `path`, its persons and incomes tables beside it)
 * as household JSON objects, equal to those of the JSON Lines file it was written from. The three tables
 * are scanned in order, side by side: memory stays constant whatever the number of households.
 *
 * @example
 * const result = await simulate(readParquetPopulation('out/poitiers.parquet'), { date: '2026-11-24', catalog });
 */
export async function* readParquetPopulation(path: string): AsyncGenerator<HouseholdJson> {
  const files = parquetTables(path);
  for (const f of [files.households, files.persons, files.incomes]) {
    if (!existsSync(f)) throw readError(f, `table introuvable : une population Parquet est faite de ${files.households}, ${files.persons} et ${files.incomes} (docs/parquet.md)`);
  }
  const duckdb = await loadDuckDb('La lecture des populations Parquet');
  // No memory limit of ours: a scan holds a few row groups, whatever the number of households (about
  // 450 MB resident for the generator's files, 100,000 or 1,000,000 households alike); a file written with
  // very large row groups needs more, and a limit would only turn that into an error.
  const instance = await duckdb.DuckDBInstance.create(':memory:', { preserve_insertion_order: 'true' });
  const connections: DuckDBConnection[] = [];
  try {
    for (let i = 0; i < 4; i += 1) connections.push(await instance.connect());
    const [hc, pc, ic, lookup] = connections as [DuckDBConnection, DuckDBConnection, DuckDBConnection, DuckDBConnection];
    const selects = [await selectOf(hc, files.households, HOUSEHOLD_COLUMNS), await selectOf(pc, files.persons, PERSON_COLUMNS), await selectOf(ic, files.incomes, INCOME_COLUMNS)];
    // One streamed scan per table, each on its own connection (a connection streams one result at a time).
    const H = new Cursor(await hc.stream(selects[0] as string));
    const P = new Cursor(await pc.stream(selects[1] as string));
    const I = new Cursor(await ic.stream(selects[2] as string));

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

    const personColumns = PERSON_COLUMNS.slice(1);
    let previous: string | undefined;
    /** The row of incomes already known to belong to a household further on. */
    let pendingChecked = 0;
    while (H.has() || (await H.fill())) {
      const hRow = H.row;
      const id = nonEmptyId(H, files.households);
      if (id === previous) throw readError(files.households, `ligne ${String(hRow)} : household_id « ${id} » répété (ligne précédente) : chaque foyer a un identifiant unique`);
      previous = id;
      const h: HouseholdJson = { id };
      const commune = H.value(1);
      if (commune !== null) h.commune = commune;
      const area = H.value(2);
      if (area !== null) h.area = area;

      const persons: Record<string, unknown>[] = [];
      const firstPersonRow = P.row;
      while ((P.has() || (await P.fill())) && P.value(0) === id) {
        const p: Record<string, unknown> = {};
        for (let c = 0; c < personColumns.length; c += 1) {
          const v = P.value(c + 1);
          if (v !== null) p[(personColumns[c] as Column).key] = v;
        }
        persons.push(p);
        P.advance();
      }
      if (persons.length === 0) {
        const e = P.has() ? await stray(P, files.persons, hRow) : undefined;
        if (e !== undefined) throw e;
        const elsewhere = await rowOf(id, files.persons);
        if (elsewhere !== undefined) throw readError(files.persons, `ligne ${String(elsewhere)} : les personnes du foyer « ${id} » (ligne ${String(hRow)} de ${files.households}) ne sont pas à leur place : les lignes de ${files.persons} doivent suivre l'ordre des foyers (docs/parquet.md) ; rien n'est simulé`);
        throw readError(files.households, `ligne ${String(hRow)} : le foyer « ${id} » n'a aucune ligne dans ${files.persons} (il faut au moins le demandeur, role = applicant) ; rien n'est simulé`);
      }
      if (!persons.some((p) => p.role === 'applicant')) {
        throw readError(files.persons, `lignes ${String(firstPersonRow)} à ${String(P.row - 1)} : le foyer « ${id} » (ligne ${String(hRow)} de ${files.households}) n'a pas de demandeur (role = applicant) ; rien n'est simulé`);
      }
      h.persons = persons;

      const coupleStatus = H.value(3);
      const coupleSince = H.value(4);
      if (coupleStatus !== null || coupleSince !== null) {
        const couple: Record<string, unknown> = {};
        if (coupleStatus !== null) couple.status = coupleStatus;
        if (coupleSince !== null) couple.since = coupleSince;
        h.couple = couple;
      }

      const incomes: Record<string, unknown>[] = [];
      while ((I.has() || (await I.fill())) && I.value(0) === id) {
        const [person, kind, from, to, amount, gross] = [I.value(1), I.value(2), I.value(3), I.value(4), I.value(5), I.value(6)];
        const m = typeof from === 'string' ? MONTH_RE.exec(from) : null;
        const last = to === null ? from : to;
        const n = typeof last === 'string' ? MONTH_RE.exec(last) : null;
        if (m === null || n === null) throw readError(files.incomes, `ligne ${String(I.row)} : month_from ou month_to n'est pas un mois (AAAA-MM)`);
        const [y, mo] = [Number(m[1]), Number(m[2])];
        const months = Number(n[1]) * 12 + Number(n[2]) - (y * 12 + mo) + 1;
        if (months < 1 || months > 2000) throw readError(files.incomes, `ligne ${String(I.row)} : month_to avant month_from, ou plus de 2000 mois après`);
        for (let k = 0; k < months; k += 1) {
          const inc: Record<string, unknown> = { person, kind, month: k === 0 ? from : monthAfter(y, mo, k), amount };
          if (gross !== null) inc.grossAmount = gross;
          incomes.push(inc);
        }
        I.advance();
      }
      if (incomes.length > 0) h.incomes = incomes;
      else if (I.has() && pendingChecked !== I.row) {
        // A household without incomes, and a row of incomes waiting: it must belong to a household further
        // on. Found in the households at hand, or else looked up (once per row), so that an out-of-place
        // row stops the reading here rather than leaving every later household without its incomes.
        if (!H.ahead(I.value(0))) {
          const e = await stray(I, files.incomes, hRow);
          if (e !== undefined) throw e;
        }
        pendingChecked = I.row;
      }

      const complete = H.value(5);
      if (complete !== null) h.incomesComplete = complete;
      const taxReturns = H.value(6);
      if (taxReturns !== null) h.taxReturns = jsonCell(taxReturns, files.households, hRow, 'tax_returns');
      const housing: Record<string, unknown> = {};
      const services: Record<string, unknown> = {};
      for (let c = 7; c < 14; c += 1) {
        const v = H.value(c);
        if (v === null) continue;
        const column = HOUSEHOLD_COLUMNS[c] as Column;
        (column.group === 'housing' ? housing : services)[column.key] = v;
      }
      if (Object.keys(housing).length > 0) h.housing = housing;
      if (Object.keys(services).length > 0) h.services = services;
      const claims = H.value(14);
      if (claims !== null) h.claims = jsonCell(claims, files.households, hRow, 'claims');
      H.advance();
      yield h;
    }
    if (P.has() || (await P.fill())) throw (await stray(P, files.persons, undefined)) as NonRecoursError;
    if (I.has() || (await I.fill())) throw (await stray(I, files.incomes, undefined)) as NonRecoursError;
  } finally {
    for (const c of connections) c.closeSync();
    instance.closeSync();
  }
}
