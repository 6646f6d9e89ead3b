import { copyFileSync, createReadStream, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedPopulation, population, writeJsonLinesGz } from '../seeds/populations/generate.js';
import { defaultCatalog } from '../src/index.js';
import { readJsonLines, readPopulation } from '../src/cli/simulate.js';
import { HOUSEHOLD_COLUMNS, INCOME_COLUMNS, PERSON_COLUMNS, type HouseholdJson, parquetTables, readParquetPopulation, writeParquetPopulation } from '../src/simulate/parquet.js';
import { NonRecoursError } from '../src/errors.js';
import { householdSchema, incomeSchema, personSchema, taxReturnSchema } from '../src/household/schema.js';
import { simulate } from '../src/simulate/simulate.js';

const DATE = '2026-11-24';
const catalog = defaultCatalog();
const ruleIds = catalog.rules.map((r) => ({ id: r.id, kind: r.kind }));
let dir: string;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

/** Runs SQL on a fresh in-memory DuckDB (to make broken tables from good ones). */
async function sql(text: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const c = await instance.connect();
  try {
    await c.run(text);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** A small household of the contract, with an applicant and one month of income. */
const household = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  commune: '86194',
  persons: [{ id: 'p1', role: 'applicant', birthDate: '1980-05-01' }],
  incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '1500.00' }],
  ...extra,
});

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'non-recours-parquet-test-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the generator writes JSON Lines as a stream', () => {
  it('writes every household, one a line, equal to the drawn ones', async () => {
    const file = join(dir, 'stream.jsonl.gz');
    // About 10 MB of JSON: several pieces through the gzip stream.
    const n = await writeJsonLinesGz(population('blois', 3000, 7, DATE, ruleIds), file);
    expect(n).toBe(3000);
    const lines: string[] = [];
    for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity })) lines.push(line);
    expect(lines.length).toBe(3000);
    const drawn = [...population('blois', 3000, 7, DATE, ruleIds)];
    expect(lines[0]).toBe(JSON.stringify(drawn[0]));
    expect(lines[2999]).toBe(JSON.stringify(drawn[2999]));
  });
});

describe('Parquet populations', () => {
  const N = 2500; // more than one DuckDB chunk (2,048 rows) of households
  let jsonl: string;
  let parquet: string;

  beforeAll(async () => {
    jsonl = join(dir, 'nantes.jsonl.gz');
    parquet = join(dir, 'nantes.parquet');
    await writeJsonLinesGz(population('nantes', N, 3, DATE, ruleIds), jsonl);
    const written = await writeParquetPopulation(population('nantes', N, 3, DATE, ruleIds), parquet);
    expect(written).toMatchObject({ households: parquet, persons: join(dir, 'nantes.persons.parquet'), incomes: join(dir, 'nantes.incomes.parquet'), count: N });
  });

  it('names the three tables after the households file', () => {
    expect(parquetTables('out/poitiers.parquet')).toEqual({ households: 'out/poitiers.parquet', persons: 'out/poitiers.persons.parquet', incomes: 'out/poitiers.incomes.parquet' });
    expect(parquetTables('out/poitiers.households.parquet').persons).toBe('out/poitiers.persons.parquet');
    expect(() => parquetTables('out/poitiers.persons.parquet')).toThrow(/table des foyers, out\/poitiers\.parquet/);
  });

  it('reads back every household equal to its JSON line (and written the same)', async () => {
    const fromJson = await collect(readJsonLines(jsonl));
    const fromParquet = await collect(readParquetPopulation(parquet));
    expect(fromParquet.length).toBe(N);
    for (let i = 0; i < N; i += 1) expect(fromParquet[i], `foyer ${String(i)}`).toStrictEqual(fromJson[i]);
    // Keys come back in the generator's order: the JSON text is the same too.
    expect(fromParquet.map((h) => JSON.stringify(h))).toEqual(fromJson.map((h) => JSON.stringify(h)));
  });

  it('reads back complete households (every fact given) of the three cities', async () => {
    const drawn = [...mixedPopulation(300, 5, DATE, ruleIds, true)];
    const file = join(dir, 'complete.parquet');
    await writeParquetPopulation(drawn, file);
    expect(await collect(readParquetPopulation(file))).toStrictEqual(drawn);
  });

  it('gives the same barometer as the JSON Lines file, through the CLI reader', async () => {
    const fromJson = await simulate(readPopulation(jsonl, DATE), { date: DATE, catalog });
    const fromParquet = await simulate(readPopulation(parquet, DATE), { date: DATE, catalog });
    expect(fromParquet.households.valid).toBe(N);
    expect(fromParquet).toEqual(fromJson);
  });

  it('keeps money as DECIMAL, never DOUBLE', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const c = await instance.connect();
    const types = async (file: string) => Object.fromEntries((await c.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRows().map((r) => [String(r[0]), String(r[1])]));
    const h = await types(parquet);
    const i = await types(join(dir, 'nantes.incomes.parquet'));
    c.closeSync();
    instance.closeSync();
    expect([h.housing_monthly_rent, h.housing_benefit, i.amount, i.gross_amount]).toEqual(['DECIMAL(12,2)', 'DECIMAL(12,2)', 'DECIMAL(12,2)', 'DECIMAL(12,2)']);
    expect(h.tax_returns).toMatch(/reference_income DECIMAL\(12,0\)/);
    expect(Object.values({ ...h, ...i }).filter((t) => t === 'DOUBLE').length).toBe(4); // the services' hours and meals
  });
});

describe('Parquet errors name the file and the row', () => {
  /** Writes households as a Parquet population named `name`; returns its tables. */
  const write = async (name: string, households: Record<string, unknown>[]) => (await writeParquetPopulation(households, join(dir, `${name}.parquet`)));
  const read = (path: string) => collect(readParquetPopulation(path));

  it('refuses a row of persons whose household does not exist', async () => {
    const good = await write('orphan', [household('a'), household('b')]);
    const other = await write('orphan-src', [household('a'), household('x'), household('b')]);
    copyFileSync(other.persons, good.persons);
    await expect(read(good.households)).rejects.toThrow(`${good.persons} : ligne 2 : le foyer « x » n'existe pas dans ${good.households}`);
  });

  it('refuses a row of incomes whose household does not exist, where it stands', async () => {
    const good = await write('orphan-income', [household('a'), household('b', { incomes: [] }), household('c')]);
    const other = await write('orphan-income-src', [household('a'), household('x'), household('c')]);
    copyFileSync(other.incomes, good.incomes);
    await expect(read(good.households)).rejects.toThrow(`${good.incomes} : ligne 2 : le foyer « x » n'existe pas`);
  });

  it('refuses rows out of the households order', async () => {
    const good = await write('order', [household('a'), household('b')]);
    const other = await write('order-src', [household('b'), household('a')]);
    copyFileSync(other.persons, good.persons);
    await expect(read(good.households)).rejects.toThrow(/ligne 2 : les personnes du foyer « a » .* doivent suivre l'ordre des foyers/);
    const third = await write('order-income', [household('a'), household('b')]);
    copyFileSync(other.incomes, third.incomes);
    await expect(read(third.households)).rejects.toThrow(/incomes\.parquet : ligne 2 : le foyer « a » \(ligne 1 de .*\) est déjà passé/);
  });

  it('refuses a household without an applicant', async () => {
    const t = await write('no-applicant', [household('a'), household('b', { persons: [{ id: 'p1', role: 'partner' }] })]);
    await expect(read(t.households)).rejects.toThrow(`${t.persons} : lignes 2 à 2 : le foyer « b » (ligne 2 de ${t.households}) n'a pas de demandeur`);
  });

  it('refuses money in floating point, unknown columns and missing tables', async () => {
    const t = await write('double', [household('a')]);
    await sql(`COPY (SELECT * REPLACE (CAST(amount AS DOUBLE) AS amount) FROM read_parquet('${t.incomes}')) TO '${t.incomes}.tmp' (FORMAT parquet)`);
    copyFileSync(`${t.incomes}.tmp`, t.incomes);
    await expect(read(t.households)).rejects.toThrow(/colonnes invalides[\s\S]*amount: montant en virgule flottante \(DOUBLE\)/);
    const u = await write('unknown', [household('a')]);
    await sql(`COPY (SELECT *, 1 AS birthdate FROM read_parquet('${u.persons}')) TO '${u.persons}.tmp' (FORMAT parquet)`);
    copyFileSync(`${u.persons}.tmp`, u.persons);
    await expect(read(u.households)).rejects.toThrow(/birthdate: colonne inconnue/);
    const m = await write('missing', [household('a')]);
    rmSync(m.incomes);
    await expect(read(m.households)).rejects.toThrow(/table introuvable/);
  });

  it('writes nothing it cannot hold exactly', async () => {
    await expect(write('bad-amount', [household('a', { incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '12.345' }] })])).rejects.toThrow(/foyer « a » \(rang 1\) : incomes\[0\]\.amount : montant/);
    await expect(write('bad-key', [household('a', { pets: 2 })])).rejects.toThrow(/clé inconnue « pets »/);
    await expect(write('bad-rfr', [household('a', { taxReturns: [{ year: 2024, referenceIncome: '12000.50', shares: 1 }] })])).rejects.toThrow(/euros entiers/);
    await expect(write('bad-date', [household('a', { couple: { status: 'separated', since: '2024-02-30' } })])).rejects.toThrow(/couple\.since : date AAAA-MM-JJ attendue?/);
    // Nothing half-written is left behind.
    expect(readdirSync(dir).filter((f) => f.startsWith('bad-'))).toEqual([]);
    expect(existsSync(join(dir, 'bad-amount.parquet'))).toBe(false);
  });

  it('reads back runs of months, tax returns and absent values', async () => {
    const h = household('a', {
      persons: [{ id: 'p1', role: 'applicant', gir: 4, disabilityRate: 0.8, carer: true }, { id: 'c1', role: 'child', birthDate: '2020-01-31', custody: 'shared', schooling: 'maternelle' }],
      incomes: ['2025-11', '2025-12', '2026-01', '2026-03'].map((month) => ({ person: 'p1', kind: 'pension', month, amount: '900.00', grossAmount: '989.01' })),
      taxReturns: [{ year: 2024, referenceIncome: '10800', shares: 1.5 }],
      couple: { status: 'single' },
      housing: { status: 'owner' },
    });
    const t = await write('runs', [h]);
    expect(t.incomeRows).toBe(2); // 2025-11 to 2026-01, then 2026-03
    expect(await read(t.households)).toStrictEqual([h]);
  });
});

describe('a share of a Parquet population', () => {
  const read = (path: string, share?: { index: number; count: number }) => collect(readParquetPopulation(path, share === undefined ? {} : { share }));
  const write = async (name: string, households: Record<string, unknown>[]) => writeParquetPopulation(households, join(dir, `share-${name}.parquet`));
  /** Rewrites one table of a population with some of its columns replaced (`SELECT * REPLACE (…)`). */
  const rewrite = async (file: string, replace: string) => {
    await sql(`COPY (SELECT * REPLACE (${replace}) FROM read_parquet('${file}')) TO '${file}.tmp' (FORMAT parquet)`);
    copyFileSync(`${file}.tmp`, file);
  };

  it('gives the households of its positions, which interleaved back are the whole reading', async () => {
    // More than one chunk of households (2,048 rows), with claims, tax returns and runs of months.
    const file = join(dir, 'share-nantes.parquet');
    await writeParquetPopulation(population('nantes', 2500, 11, DATE, ruleIds), file);
    const whole = await read(file);
    expect(whole.length).toBe(2500);
    expect(await read(file, { index: 1, count: 1 })).toStrictEqual(whole);
    for (const count of [2, 3]) {
      const shares: HouseholdJson[][] = [];
      for (let index = 1; index <= count; index += 1) {
        const share = await read(file, { index, count });
        expect(share, `part ${String(index)}/${String(count)}`).toStrictEqual(whole.filter((_, i) => i % count === index - 1));
        shares.push(share);
      }
      const interleaved = whole.map((_, i) => (shares[i % count] as HouseholdJson[])[Math.floor(i / count)]);
      expect(interleaved).toStrictEqual(whole);
    }
  });

  it('reads past claims that are not an object of texts (parsed) as the whole reading does', async () => {
    const t = await write('claims', [household('a'), household('b'), household('c')]);
    await rewrite(t.households, `CASE household_id WHEN 'a' THEN ' { "rsa" : "x\\"y" } ' WHEN 'b' THEN '[1, {"x": null}]' END AS claims`);
    const whole = await read(t.households);
    expect(whole.map((h) => h.claims)).toStrictEqual([{ rsa: 'x"y' }, [1, { x: null }], undefined]);
    for (let index = 1; index <= 3; index += 1) expect(await read(t.households, { index, count: 3 })).toStrictEqual([whole[index - 1]]);
  });

  /** The message of the error the whole reading stops with; each share of 2 and of 3 must stop with it too. */
  const sameError = async (path: string, expected: RegExp | string) => {
    const error = await read(path).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(NonRecoursError);
    const message = (error as Error).message;
    if (typeof expected === 'string') expect(message).toContain(expected);
    else expect(message).toMatch(expected);
    for (const count of [2, 3]) {
      for (let index = 1; index <= count; index += 1) await expect(read(path, { index, count }), `part ${String(index)}/${String(count)}`).rejects.toThrow(new NonRecoursError('HOUSEHOLD_INVALID', message));
    }
  };
  /** Households h0 to h(n−1), a good population to break. */
  const many = (n: number, extra: (i: number) => Record<string, unknown> = () => ({})) => Array.from({ length: n }, (_, i) => household(`h${String(i)}`, extra(i)));

  it('stops at a row of persons or incomes whose household does not exist', async () => {
    const persons = await write('orphan', many(5));
    copyFileSync((await write('orphan-src', [...many(3), household('x'), ...many(5).slice(3)])).persons, persons.persons);
    await sameError(persons.households, `${persons.persons} : ligne 4 : le foyer « x » n'existe pas`);
    const incomes = await write('orphan-income', many(5, (i) => (i === 3 ? { incomes: [] } : {})));
    copyFileSync((await write('orphan-income-src', [...many(3), household('x'), ...many(5).slice(4)])).incomes, incomes.incomes);
    await sameError(incomes.households, `${incomes.incomes} : ligne 4 : le foyer « x » n'existe pas`);
  });

  it('stops at rows out of the households order', async () => {
    const t = await write('order', many(4));
    const swapped = await write('order-src', [household('h0'), household('h2'), household('h1'), household('h3')]);
    copyFileSync(swapped.persons, t.persons);
    await sameError(t.households, /ligne 3 : les personnes du foyer « h1 » .* doivent suivre l'ordre des foyers/);
    const u = await write('order-income', many(4));
    copyFileSync(swapped.incomes, u.incomes);
    await sameError(u.households, /incomes\.parquet : ligne 3 : le foyer « h1 » \(ligne 2 de .*\) est déjà passé/);
  });

  it('stops at a household without persons, without an applicant, or with an empty or repeated id', async () => {
    const none = await write('no-persons', many(5));
    copyFileSync((await write('no-persons-src', many(5).filter((_, i) => i !== 3))).persons, none.persons);
    await sameError(none.households, `${none.households} : ligne 4 : le foyer « h3 » n'a aucune ligne dans ${none.persons}`);
    const applicant = await write('no-applicant', many(5, (i) => (i === 3 ? { persons: [{ id: 'p1', role: 'partner' }, { id: 'p2', role: 'child' }] } : {})));
    await sameError(applicant.households, `${applicant.persons} : lignes 4 à 5 : le foyer « h3 » (ligne 4 de ${applicant.households}) n'a pas de demandeur`);
    const repeated = await write('repeated', [...many(3), household('h2'), household('h9')]);
    await sameError(repeated.households, `${repeated.households} : ligne 4 : household_id « h2 » répété`);
    const empty = await write('empty-id', many(5));
    await rewrite(empty.households, `CASE WHEN household_id = 'h3' THEN '' ELSE household_id END AS household_id`);
    await sameError(empty.households, `${empty.households} : ligne 4 : household_id vide`);
  });

  it('stops at months that are not months, and a month_to before month_from', async () => {
    const t = await write('months', many(5));
    await rewrite(t.incomes, `CASE WHEN household_id = 'h3' THEN CAST(month_from - INTERVAL 2 MONTH AS DATE) END AS month_to`);
    await sameError(t.households, `${t.incomes} : ligne 4 : month_to avant month_from`);
    const u = await write('no-month', many(5));
    await rewrite(u.incomes, `CASE WHEN household_id = 'h3' THEN NULL ELSE month_from END AS month_from`);
    await sameError(u.households, `${u.incomes} : ligne 4 : month_from ou month_to n'est pas un mois`);
  });

  it('stops at claims or tax returns that JSON.parse cannot read', async () => {
    const claims = await write('bad-claims', many(5));
    await rewrite(claims.households, `CASE household_id WHEN 'h1' THEN '{"rsa": "x"}' WHEN 'h3' THEN '{"rsa":"x' END AS claims`);
    await sameError(claims.households, `${claims.households} : ligne 4 : colonne claims : JSON illisible`);
    // Shares that are not a number: DuckDB's JSON of the list (NaN) is not JSON.
    const taxes = await write('bad-tax-returns', many(5, () => ({ taxReturns: [{ year: 2024, referenceIncome: '10800', shares: 1 }] })));
    await rewrite(taxes.households, `CASE WHEN household_id = 'h3' THEN [{'year': 2024, 'reference_income': 10800, 'shares': 'NaN'::DOUBLE}]::STRUCT(year SMALLINT, reference_income DECIMAL(12,0), shares DOUBLE)[] ELSE tax_returns END AS tax_returns`);
    await sameError(taxes.households, `${taxes.households} : ligne 4 : colonne tax_returns : JSON illisible`);
  });

  it('refuses a share that is not i/n with 1 ≤ i ≤ n', async () => {
    const t = await write('refused', many(2));
    for (const share of [{ index: 0, count: 2 }, { index: 3, count: 2 }, { index: 1.5, count: 2 }, { index: 1, count: 2.5 }, { index: Number.NaN, count: 2 }]) {
      await expect(read(t.households, share), JSON.stringify(share)).rejects.toThrow(/readParquetPopulation : part .* invalide/);
    }
  });
});

describe('Parquet values read back exactly', () => {
  const read = (path: string) => collect(readParquetPopulation(path));

  it('writes and reads back texts that CSV must quote, extreme numbers and long lists', async () => {
    const h = household('a', {
      commune: 'a,"b"\nc',
      area: '',
      persons: [{ id: 'p1', role: 'applicant', disabilityRate: -0, gir: -127 }, { id: 'p,2', role: 'child', birthDate: '2024-02-29', custody: '"' }],
      services: { crecheHoursPerMonth: 5e-324, canteenMealsPerMonth: 123456789.123456789, afterSchoolHoursPerMonth: 1e21 },
      incomes: [{ person: 'p1', kind: 'salary', month: '0999-12', amount: '0.05' }, { person: 'p1', kind: 'salary', month: '1000-01', amount: '0.05', grossAmount: '9999999999.99' }],
      taxReturns: [2019, 2020, 2021, 2022, 2023].map((year) => ({ year, referenceIncome: String(year * 7), shares: year / 1000 })),
      claims: { rsa: 'x"y,z\n', aah: '' },
    });
    const many = Array.from({ length: 300 }, (_, i) => household(`h${String(i)}`, { area: `quartier ${String(i)}`, taxReturns: [], incomes: [] }));
    const t = await writeParquetPopulation([h, ...many], join(dir, 'awkward.parquet'));
    const back = await read(t.households);
    expect(back[0]).toStrictEqual(h);
    expect(Object.is((back[0]?.persons as Record<string, unknown>[])[0]?.disabilityRate, -0)).toBe(true);
    // 300 areas: more than are read as ranks in a list of values, read as texts.
    expect(back.slice(1)).toStrictEqual(many.map(({ incomes: _, ...rest }) => rest));
  });

  it('reads DECIMAL and integer money, text dates and months, and dates DuckDB prints its own way', async () => {
    const base = join(dir, 'foreign');
    await sql(`COPY (SELECT * FROM (VALUES ('a', CAST(-12.5 AS DECIMAL(5,1)), CAST(7 AS INTEGER), DATE '0001-01-01' - 1), ('b', NULL, NULL, 'infinity'::DATE)) t(household_id, housing_monthly_rent, housing_benefit, couple_since)) TO '${base}.parquet' (FORMAT parquet)`);
    await sql(`COPY (SELECT * FROM (VALUES ('a', 'p1', 'applicant', '1980-01-02'), ('b', 'p1', 'applicant', NULL)) t(household_id, person_id, role, birth_date)) TO '${base}.persons.parquet' (FORMAT parquet)`);
    await sql(`COPY (SELECT 'a' AS household_id, 'p1' AS person_id, 'salary' AS kind, '2025-11' AS month_from, '2025-12' AS month_to, CAST(-0.05 AS DECIMAL(12,2)) AS amount, CAST(123456789012.34 AS DECIMAL(18,2)) AS gross_amount) TO '${base}.incomes.parquet' (FORMAT parquet)`);
    const income = (month: string) => ({ person: 'p1', kind: 'salary', month, amount: '-0.05', grossAmount: '123456789012.34' });
    expect(await read(`${base}.parquet`)).toStrictEqual([
      { id: 'a', persons: [{ id: 'p1', role: 'applicant', birthDate: '1980-01-02' }], couple: { since: '0001-12-31 (BC)' }, incomes: [income('2025-11'), income('2025-12')], housing: { monthlyRent: '-12.5', housingBenefit: '7' } },
      { id: 'b', persons: [{ id: 'p1', role: 'applicant' }], couple: { since: 'infinity' } },
    ]);
  });
});

describe('the Parquet layout', () => {
  it('has a column for every field of the household contract', () => {
    const keys = (schema: { readonly shape: Record<string, unknown> }) => Object.keys(schema.shape).sort();
    const inner = (field: unknown) => keys((field as { def: { innerType: { shape: Record<string, unknown> } } }).def.innerType);
    const shape = householdSchema.shape;
    // persons, incomes and taxReturns are their own rows or list; every other field is a column of households.
    expect([...new Set(HOUSEHOLD_COLUMNS.filter((c) => c.group === undefined).map((c) => c.key).concat(['persons', 'incomes', 'couple', 'housing', 'services']))].sort()).toEqual(keys(householdSchema));
    for (const group of ['couple', 'housing', 'services'] as const) expect(HOUSEHOLD_COLUMNS.filter((c) => c.group === group).map((c) => c.key).sort(), group).toEqual(inner(shape[group]));
    expect(PERSON_COLUMNS.slice(1).map((c) => c.key).sort()).toEqual(keys(personSchema));
    expect([...new Set(INCOME_COLUMNS.slice(1).map((c) => c.key))].sort()).toEqual(keys(incomeSchema));
    expect(keys(taxReturnSchema)).toEqual(['referenceIncome', 'shares', 'year']);
  });
});

describe('DuckDB stays out of the library', () => {
  it('is not imported by the main and browser entries', async () => {
    for (const entry of ['../src/index.ts', '../src/browser.ts']) {
      const result = await build({ entryPoints: [new URL(entry, import.meta.url).pathname], bundle: true, format: 'esm', platform: 'node', packages: 'external', write: false, metafile: true, logLevel: 'silent' });
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((i) => i.includes('parquet')), entry).toEqual([]);
      const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
      expect(imports.filter((p) => p.includes('duckdb')), entry).toEqual([]);
    }
  });
});
