import Ajv2020 from 'ajv/dist/2020.js';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOUSEHOLD_FIELD_DESCRIPTIONS, HOUSEHOLD_SCHEMA_ID, householdJsonSchema, schemaFields } from '../src/household/json-schema.js';

type JsonSchema = { [key: string]: unknown };

const root = new URL('..', import.meta.url);
/** The shipped file (schema/household.schema.json), the one other tools read. */
const shipped = JSON.parse(readFileSync(new URL('schema/household.schema.json', root), 'utf8')) as JsonSchema;
const fields = schemaFields(shipped);
const byPath = new Map(fields.map((f) => [f.path, f.schema]));
const field = (path: string): JsonSchema => {
  const f = byPath.get(path);
  if (f === undefined) throw new Error(`pas de champ ${path} dans le schéma`);
  return f;
};

const DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
const DATE_FIELDS = ['persons[].birthDate', 'persons[].unemployedSince', 'persons[].residencePermitSince', 'couple.since'];
const MONTH_FIELDS = ['incomes[].month'];
const AMOUNT_FIELDS = ['incomes[].amount', 'incomes[].grossAmount', 'taxReturns[].referenceIncome', 'housing.monthlyRent', 'housing.housingBenefit'];

/** A French sentence, roughly: French words, and a final full stop. */
const looksFrench = (s: string): boolean => /\b(le|la|les|de|du|des|un|une|en|par|au|et|ou)\b/i.test(s) && /[.)]$/.test(s.trim());

describe('household JSON Schema: descriptions', () => {
  it('is the file that householdJsonSchema() generates', () => {
    expect(shipped).toEqual(householdJsonSchema());
  });

  it('has its real $id, a title and a French description at the root', () => {
    expect(shipped.$id).toBe('https://non-recours.fr/schema/household.schema.json');
    expect(HOUSEHOLD_SCHEMA_ID).toBe(shipped.$id);
    expect(JSON.stringify(shipped)).not.toContain('non-recours.example');
    expect(typeof shipped.title).toBe('string');
    expect(looksFrench(String(shipped.description))).toBe(true);
  });

  it('walks every nested object: persons, incomes, tax returns, couple, housing, services, claims', () => {
    for (const p of ['persons[]', 'persons[].carer', 'incomes[]', 'incomes[].grossAmount', 'taxReturns[]', 'taxReturns[].shares', 'couple.status', 'couple.since', 'housing.housingBenefit', 'services.mealsAtHomePerMonth', 'claims{}', 'claims{key}', 'incomesComplete']) {
      expect(byPath.has(p), p).toBe(true);
    }
  });

  it('describes every field at every depth in French', () => {
    const undescribed = fields.filter((f) => typeof f.schema.description !== 'string' || !looksFrench(f.schema.description)).map((f) => f.path);
    expect(undescribed).toEqual([]);
  });

  it('has no stale entry in the table of descriptions', () => {
    const stale = Object.keys(HOUSEHOLD_FIELD_DESCRIPTIONS).filter((p) => !byPath.has(p));
    expect(stale).toEqual([]);
    expect(fields.map((f) => f.path).sort()).toEqual(Object.keys(HOUSEHOLD_FIELD_DESCRIPTIONS).sort());
  });

  it('gives each value of a closed vocabulary with its French meaning', () => {
    const enums = fields.filter((f) => Array.isArray(f.schema.enum));
    expect(enums.length).toBeGreaterThanOrEqual(9);
    for (const f of enums) {
      for (const v of f.schema.enum as string[]) expect(String(f.schema.description), `${f.path}: ${v}`).toMatch(new RegExp(`(^|[ :,])${v} \\([^)]+\\)`));
    }
  });

  it('says what an absent optional field means (unknown, never zero)', () => {
    const required = new Set<string>();
    for (const { path, schema } of [{ path: '', schema: shipped }, ...fields]) {
      for (const name of (schema.required as string[] | undefined) ?? []) required.add(path === '' ? name : `${path}.${name}`);
    }
    const silent = fields
      .filter((f) => /^[^{}[\]]*(\[\]\.[^{}[\]]+)?$/.test(f.path) && !f.path.endsWith('[]') && !required.has(f.path) && f.path !== 'id')
      .filter((f) => !/Absente? :|absent :/.test(String(f.schema.description)))
      .map((f) => f.path);
    expect(silent).toEqual([]);
  });
});

describe('household JSON Schema: patterns of dates, months and amounts', () => {
  it('gives every date the AAAA-MM-JJ pattern (and finds every field named as a date)', () => {
    for (const p of DATE_FIELDS) expect(field(p), p).toMatchObject({ type: 'string', pattern: DATE_PATTERN });
    const namedAsDates = fields.filter((f) => /(Date|[Ss]ince)$/.test(f.path)).map((f) => f.path);
    expect(namedAsDates.sort()).toEqual([...DATE_FIELDS].sort());
  });

  it('gives every month the AAAA-MM pattern', () => {
    for (const p of MONTH_FIELDS) expect(field(p), p).toMatchObject({ type: 'string', pattern: MONTH_PATTERN });
  });

  it('gives every amount in euros the decimal pattern', () => {
    for (const p of AMOUNT_FIELDS) {
      const pattern = new RegExp(String(field(p).pattern));
      expect(['0', '1450.00', '212.5', '10000000.00'].every((a) => pattern.test(a)), p).toBe(true);
      expect(['1 450,00', '-1', '1e3', '1450.001', ''].some((a) => pattern.test(a)), p).toBe(false);
    }
    // Any string field described in euros is one of them.
    const inEuros = fields.filter((f) => f.schema.type === 'string' && /en euros/.test(String(f.schema.description))).map((f) => f.path);
    expect(inEuros.sort()).toEqual([...AMOUNT_FIELDS].sort());
  });
});

describe('household JSON Schema: validation with ajv', () => {
  // The file declares draft 2020-12 (checked below): Ajv2020 reads it.
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validate = ajv.compile(shipped);
  const seedsDir = new URL('seeds/households/', root);
  const seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.json'));

  it('compiles under strict mode, with seeds to check', () => {
    expect(shipped.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(typeof validate).toBe('function');
    expect(seeds.length).toBeGreaterThan(0);
  });

  for (const name of seeds) {
    it(`accepts seeds/households/${name}`, () => {
      const household = JSON.parse(readFileSync(new URL(name, seedsDir), 'utf8')) as unknown;
      const ok = validate(household);
      expect(ok ? [] : validate.errors).toEqual([]);
    });
  }

  const base = () => ({ commune: '86194', persons: [{ id: 'p1', role: 'applicant', birthDate: '1991-05-12' }], incomes: [{ person: 'p1', kind: 'salary', month: '2026-10', amount: '1450.00' }] });

  it('accepts a small valid household', () => {
    expect(validate(base())).toBe(true);
  });

  it('rejects a household with a date not written AAAA-MM-JJ', () => {
    for (const birthDate of ['12/05/1991', '1991-5-12', '1991-05-12T00:00:00Z']) {
      const h = base();
      (h.persons[0] as Record<string, unknown>).birthDate = birthDate;
      expect(validate(h), birthDate).toBe(false);
      expect(validate.errors?.map((e) => e.instancePath)).toContain('/persons/0/birthDate');
    }
  });

  it('rejects a bad month and an amount written the French way', () => {
    const month = base();
    (month.incomes[0] as Record<string, unknown>).month = '2026-13';
    expect(validate(month)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/incomes/0/month');
    const amount = base();
    (amount.incomes[0] as Record<string, unknown>).amount = '1 450,00';
    expect(validate(amount)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/incomes/0/amount');
  });
});

describe('schemaFields', () => {
  it('follows $ref to $defs (once) and composition branches, under the path of the field', () => {
    const schema: JsonSchema = {
      type: 'object',
      properties: {
        a: { $ref: '#/$defs/thing' },
        b: { anyOf: [{ $ref: '#/$defs/thing' }, { type: 'null' }] },
        c: { type: 'array', items: { $ref: '#/$defs/list~1of' } },
      },
      $defs: {
        thing: { type: 'object', properties: { x: { type: 'string' }, self: { $ref: '#/$defs/thing' } } },
        'list/of': { type: 'object', properties: { y: { type: 'number' } } },
      },
    };
    expect(schemaFields(schema).map((f) => f.path)).toEqual(['a', 'a.x', 'a.self', 'b', 'c', 'c[]', 'c[].y']);
  });

  it('walks a schema nested far deeper than a recursive walk could', () => {
    const leaf: JsonSchema = { type: 'string' };
    let schema: JsonSchema = leaf;
    for (let i = 0; i < 20_000; i += 1) schema = { type: 'object', properties: { n: schema } };
    const all = schemaFields(schema);
    expect(all).toHaveLength(20_000);
    expect(all[all.length - 1]?.schema).toBe(leaf);
  });
});
