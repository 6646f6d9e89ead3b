/**
 * The one-pass validation and preparation (src/household/fast-parse.ts) against the path it replaces,
 * `prepareHousehold(parseHousehold(record, options))`, differentially: generated valid households, the
 * same households mutated (a field dropped, a wrong type, a date out of range, a badly written amount, an
 * extra or prototype key, a list or a text too long, an unknown value, an inconsistency between fields),
 * the example households and every record of the shipped populations. For every record and for three
 * sets of options: the same verdict; on success prepared households equal down to key order, `undefined`
 * values, `-0`, and which objects are shared; on failure the same error (class, code, message, details)
 * and the same issues from the safe form. And the fast pass itself never accepts what zod refuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleIdsOf } from '../src/api.js';
import { defaultCatalog } from '../src/catalog/default.js';
import { tryParseDate } from '../src/dates.js';
import { NonRecoursError } from '../src/errors.js';
import { prepareHousehold, type PreparedHousehold } from '../src/facts/context.js';
import { ACTIVITIES, CLAIM_STATES, COUPLE_STATUSES, CUSTODY, HOUSING_STATUSES, INCOME_KINDS, NATIONALITIES, ROLES, SCHOOLING } from '../src/household/enums.js';
import { contractDrift, createHouseholdPreparer, fastPrepareHousehold, safeFastPrepareHousehold, tryFastPrepare, type HouseholdPreparer } from '../src/household/fast-parse.js';
import { parseHousehold, safeParseHousehold, type HouseholdParseOptions } from '../src/household/parse.js';
import { HOUSEHOLD_LIMITS } from '../src/household/schema.js';

const DATE = '2026-11-24';
const ruleIds = ruleIdsOf(defaultCatalog());
const RULE_IDS = [...ruleIds].sort();
/** No options (shape and fields only), the evaluation date, and the date with the catalog's rule ids (what `simulate` passes). */
const OPTIONS: readonly HouseholdParseOptions[] = [{}, { date: DATE }, { date: DATE, ruleIds }];
/** The populations are compared with what `simulate` passes only (30,000 records through zod take their time). */
const POPULATION_OPTIONS: readonly HouseholdParseOptions[] = [OPTIONS[2] as HouseholdParseOptions];
/** A preparer per set of options (what a simulation loop would create once). */
const PREPARERS = new Map<HouseholdParseOptions, HouseholdPreparer>(OPTIONS.filter((o) => o.ruleIds !== undefined).map((o) => [o, createHouseholdPreparer(o)]));

type Json = Record<string, unknown>;

// ─── Comparing the two paths ────────────────────────────────────────────────────────────────────────

/**
 * A value written out with everything deep equality may overlook: key order, keys holding `undefined`,
 * `-0`, Map entries in order, and objects met twice (`applicant` is the person of `persons`, a resource
 * record is the record of `records`), named by the path where they were first met.
 */
function describeValue(v: unknown, path = '$', seen = new Map<object, string>()): string {
  if (v === null || typeof v !== 'object') return Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v) : `${typeof v}:${String(v)}`;
  const first = seen.get(v);
  if (first !== undefined) return `<${first}>`;
  seen.set(v, path);
  if (v instanceof Map) return `Map{${[...v].map(([k, x], i) => `${describeValue(k, `${path}.k${i}`, seen)}=>${describeValue(x, `${path}.v${i}`, seen)}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map((x, i) => describeValue(x, `${path}[${i}]`, seen)).join(',')}]`;
  const proto = Object.getPrototypeOf(v) === Object.prototype ? '' : 'proto?';
  return `${proto}{${Object.keys(v)
    .map((k) => `${JSON.stringify(k)}:${describeValue((v as Json)[k], `${path}.${k}`, seen)}`)
    .join(',')}}`;
}

type Outcome = { readonly ok: true; readonly prepared: PreparedHousehold } | { readonly ok: false; readonly error: unknown };
const attempt = (f: () => PreparedHousehold): Outcome => {
  try {
    return { ok: true, prepared: f() };
  } catch (error) {
    return { ok: false, error };
  }
};

const stats = { records: 0, comparisons: 0, valid: 0, invalid: 0, fastAccepted: 0, validLeftToZod: 0 };
const leftToZod: string[] = [];

/**
 * Compares both paths on one record for each set of options (all three unless told); `entryPoints`: also
 * each public function (they wrap the same pass; left out for the 30,000 population records, for time). `mustBeFast`: a valid record must then be
 * accepted by the fast pass itself (generated and shipped households), not by the zod path behind it.
 */
function compare(record: unknown, mustBeFast: boolean, optionSets: readonly HouseholdParseOptions[] = OPTIONS, entryPoints = true): void {
  stats.records += 1;
  for (const options of optionSets) {
    stats.comparisons += 1;
    // parseHousehold is safeParseHousehold that throws: its household is read from the safe form, its error from itself.
    const safeOld = safeParseHousehold(record, options);
    const old = safeOld.success ? attempt(() => prepareHousehold(safeOld.household)) : attempt(() => prepareHousehold(parseHousehold(record, options)));
    const expected = old.ok ? describeValue(old.prepared) : undefined;
    const alone = tryFastPrepare(record, options);
    if (old.ok) {
      stats.valid += 1;
      if (alone === undefined) {
        stats.validLeftToZod += 1;
        if (leftToZod.length < 10) leftToZod.push(JSON.stringify(record).slice(0, 300));
        if (mustBeFast) throw new Error(`valid household left to zod by the fast pass: ${JSON.stringify(record).slice(0, 500)}`);
      } else {
        stats.fastAccepted += 1;
        expect(describeValue(alone)).toBe(expected);
        expect(isDeepStrictEqual(alone, old.prepared)).toBe(true);
      }
    } else {
      stats.invalid += 1;
      // Soundness: what zod refuses, the fast pass never accepts.
      expect(alone, 'the fast pass accepted a household that the zod path refuses').toBeUndefined();
    }
    if (!entryPoints) continue;
    // Each entry point: the same verdict, and the same household or the same error / issues. The preparer's
    // are compared with the rule ids only (the options where its copy of them matters; a third of the cost).
    const preparer = options.ruleIds === undefined ? undefined : (PREPARERS.get(options) as HouseholdPreparer);
    const throwing = [() => fastPrepareHousehold(record, options), ...(preparer === undefined ? [] : [() => preparer.prepare(record)])];
    for (const f of throwing) {
      const fast = attempt(f);
      if (old.ok) {
        if (!fast.ok) throw new Error(`the fast path refuses a valid household: ${String(fast.error)}`);
        expect(describeValue(fast.prepared)).toBe(expected);
      } else {
        if (fast.ok) throw new Error(`the fast path accepts an invalid household: ${String(old.error)}`);
        expect(fast.error).toBeInstanceOf(NonRecoursError);
        expect(old.error).toBeInstanceOf(NonRecoursError);
        const [a, b] = [fast.error as NonRecoursError, old.error as NonRecoursError];
        expect({ code: a.code, name: a.name, message: a.message, details: a.details }).toEqual({ code: b.code, name: b.name, message: b.message, details: b.details });
      }
    }
    for (const safeFast of [safeFastPrepareHousehold(record, options), ...(preparer === undefined ? [] : [preparer.safePrepare(record)])]) {
      expect(safeFast.success).toBe(safeOld.success);
      if (!safeOld.success && !safeFast.success) expect(safeFast.issues).toEqual(safeOld.issues);
      if (safeFast.success) expect(describeValue(safeFast.prepared)).toBe(expected);
    }
  }
}

// ─── Valid households, from the vocabularies of the contract ────────────────────────────────────────

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDate = (min: string, max: string) => fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const month = fc.tuple(fc.integer({ min: 2019, max: 2026 }), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${pad2(Math.min(m, y === 2026 ? 11 : 12))}`);

/** An amount as the contract takes it, in the ways it may be written: "1450.00", "1450.5", "1450", "0012.50", the cap. */
const amount = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 500_000 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0, max: HOUSEHOLD_LIMITS.amountEuros * 100 }), weight: 2 },
).chain((c) => {
  const euros = Math.floor(c / 100);
  const forms = [`${euros}.${pad2(c % 100)}`];
  if (c % 10 === 0) forms.push(`${euros}.${(c % 100) / 10}`);
  if (c % 100 === 0) forms.push(String(euros));
  if (String(euros).length <= 5) forms.push(`00${euros}.${pad2(c % 100)}`);
  return fc.constantFrom(...forms);
});
const amountAtCap = fc.constantFrom(String(HOUSEHOLD_LIMITS.amountEuros), `${HOUSEHOLD_LIMITS.amountEuros}.0`, `${HOUSEHOLD_LIMITS.amountEuros}.00`, '9999999.99', '0');
const anyAmount = fc.oneof({ arbitrary: amount, weight: 9 }, { arbitrary: amountAtCap, weight: 1 });

const slug = fc
  .array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join('-'))
  .filter((s) => s.length <= HOUSEHOLD_LIMITS.text);

const personId = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ minLength: 1, maxLength: HOUSEHOLD_LIMITS.personId }), fc.constantFrom('p1', '__proto__', 'constructor', 'é'));

/** The optional fields of a person (custody only for children, dates after an adult's birth). */
const adultFields = fc.record(
  {
    activity: fc.constantFrom(...ACTIVITIES),
    unemployedSince: isoDate('2010-01-01', DATE),
    disabilityRate: fc.oneof(fc.constantFrom(0, -0, 0.5, 0.8, 1), fc.double({ min: 0, max: 1, noNaN: true })),
    gir: fc.integer({ min: 1, max: 6 }),
    unfitForWork: fc.boolean(),
    restrictedWorkAccess: fc.boolean(),
    nationality: fc.constantFrom(...NATIONALITIES),
    residencePermitSince: isoDate('2000-01-01', DATE),
    pregnant: fc.boolean(),
    livesAlone: fc.boolean(),
    carer: fc.boolean(),
  },
  { requiredKeys: [] },
);
const childFields = fc.record({ custody: fc.constantFrom(...CUSTODY), schooling: fc.constantFrom(...SCHOOLING), nationality: fc.constantFrom(...NATIONALITIES), disabilityRate: fc.constantFrom(0, 0.5, 0.8) }, { requiredKeys: [] });

const adult = (role: string) =>
  fc.tuple(fc.option(isoDate('1930-01-01', '1996-12-31'), { nil: undefined, freq: 8 }), adultFields, fc.option(fc.constantFrom(...SCHOOLING), { nil: undefined, freq: 1 })).map(([birthDate, fields, schooling]) => ({
    role,
    ...(birthDate === undefined ? {} : { birthDate }),
    ...fields,
    ...(schooling === undefined ? {} : { schooling }),
  }));
const child = fc.tuple(fc.option(isoDate('2009-01-01', DATE), { nil: undefined, freq: 8 }), childFields).map(([birthDate, fields]) => ({ role: 'child', ...(birthDate === undefined ? {} : { birthDate }), ...fields }));
const other = fc.tuple(fc.option(isoDate('1910-01-01', DATE), { nil: undefined }), fc.record({ activity: fc.constantFrom(...ACTIVITIES), gir: fc.integer({ min: 1, max: 6 }) }, { requiredKeys: [] })).map(([birthDate, fields]) => ({ role: 'other', ...(birthDate === undefined ? {} : { birthDate }), ...fields }));

const household: fc.Arbitrary<Json> = fc
  .record({
    applicant: adult('applicant'),
    partner: fc.option(adult('partner'), { nil: undefined }),
    children: fc.array(child, { maxLength: 4 }),
    others: fc.array(other, { maxLength: 2 }),
    ids: fc.oneof(fc.constant(undefined), fc.uniqueArray(personId, { minLength: 8, maxLength: 8 })),
    head: fc.record({ id: fc.string({ maxLength: HOUSEHOLD_LIMITS.householdId }), commune: fc.oneof(fc.stringMatching(/^\d{5}$/), fc.constantFrom('86194', '44109', '41018', '2A004', '2B033')), area: slug, incomesComplete: fc.boolean() }, { requiredKeys: [] }),
    coupleSince: fc.option(isoDate('1960-01-01', DATE), { nil: undefined }),
    alone: fc.constantFrom('single', 'separated', 'widowed'),
    hasCouple: fc.boolean(),
    incomes: fc.array(fc.record({ who: fc.nat(), kind: fc.constantFrom(...INCOME_KINDS), month, amount: anyAmount, gross: fc.option(anyAmount, { nil: undefined }) }), { maxLength: 30 }),
    taxReturns: fc.option(fc.uniqueArray(fc.record({ year: fc.integer({ min: 1990, max: 2100 }), referenceIncome: anyAmount, shares: fc.integer({ min: 4, max: 80 }).map((k) => k / 4) }), { selector: (t) => t.year, maxLength: 5 }), { nil: undefined }),
    housing: fc.option(fc.record({ status: fc.constantFrom(...HOUSING_STATUSES), monthlyRent: anyAmount, housingBenefit: anyAmount }, { requiredKeys: [] }), { nil: undefined }),
    services: fc.option(
      fc.record(
        {
          crecheHoursPerMonth: fc.oneof(fc.integer({ min: 0, max: HOUSEHOLD_LIMITS.hoursPerMonth }), fc.double({ min: 0, max: HOUSEHOLD_LIMITS.hoursPerMonth, noNaN: true })),
          canteenMealsPerMonth: fc.integer({ min: 0, max: HOUSEHOLD_LIMITS.mealsPerMonth }),
          afterSchoolHoursPerMonth: fc.constantFrom(0, 12.5, HOUSEHOLD_LIMITS.hoursPerMonth),
          mealsAtHomePerMonth: fc.constantFrom(0, -0, 21, HOUSEHOLD_LIMITS.mealsPerMonth),
        },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
    claims: fc.option(fc.dictionary(fc.constantFrom(...RULE_IDS), fc.constantFrom(...CLAIM_STATES), { maxKeys: 40 }), { nil: undefined }),
  })
  .map((g) => {
    const list: Json[] = [g.applicant, ...(g.partner === undefined ? [] : [g.partner]), ...g.children, ...g.others];
    const persons = list.map((p, i) => ({ id: g.ids?.[i] ?? `p${i + 1}`, ...p }));
    const ids = persons.map((p) => p.id);
    const h: Json = { ...g.head, persons };
    if (g.partner !== undefined || g.hasCouple) {
      const status = g.partner !== undefined ? 'couple' : g.alone;
      h.couple = { status, ...(g.coupleSince === undefined || status === 'single' ? {} : { since: g.coupleSince }) };
    }
    h.incomes = g.incomes.map((r) => ({
      person: ids[r.who % ids.length],
      kind: r.kind,
      month: r.month,
      amount: r.amount,
      ...(r.gross !== undefined && (r.kind === 'pension' || r.kind === 'salary') ? { grossAmount: r.gross } : {}),
    }));
    if (g.taxReturns !== undefined) h.taxReturns = g.taxReturns;
    if (g.housing !== undefined) h.housing = g.housing;
    if (g.services !== undefined) h.services = g.services;
    if (g.claims !== undefined) h.claims = g.claims;
    return h;
  });

// ─── Mutations ──────────────────────────────────────────────────────────────────────────────────────

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** Sets an own property, even `__proto__` (an assignment would change the prototype instead). */
const defineOwn = (target: Json, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
};
/** The list of persons (a list again if an earlier mutation made it something else), its objects, and one of them (one is added if there is none). */
const personList = (h: Json): unknown[] => {
  if (!Array.isArray(h.persons)) h.persons = [];
  return h.persons as unknown[];
};
const persons = (h: Json): Json[] => personList(h).filter(isObject);
const somePerson = (h: Json, n: number): Json => {
  const p = nth(persons(h), n);
  if (p !== undefined) return p;
  const added: Json = { id: 'z1', role: 'applicant' };
  personList(h).push(added);
  return added;
};
const incomes = (h: Json) => (Array.isArray(h.incomes) ? (h.incomes as Json[]) : []);
const nth = <T>(items: readonly T[], n: number): T | undefined => (items.length === 0 ? undefined : items[n % items.length]);

/** Every object of a household (itself, persons, incomes, tax returns, couple, housing, services, claims). */
function objectsOf(h: Json): Json[] {
  const out: Json[] = [h];
  for (const key of ['persons', 'incomes', 'taxReturns'] as const) if (Array.isArray(h[key])) out.push(...(h[key] as unknown[]).filter(isObject));
  for (const key of ['couple', 'housing', 'services', 'claims'] as const) if (isObject(h[key])) out.push(h[key]);
  return out;
}

/** Every (object, key) of a household whose value is not itself a list or an object. */
function leavesOf(h: Json): [Json, string][] {
  return objectsOf(h).flatMap((o) => Object.keys(o).filter((k) => !isObject(o[k]) && !Array.isArray(o[k])).map((k): [Json, string] => [o, k]));
}

const WRONG_VALUES: readonly unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, ['a'], { a: 1 }, '12', 12, Number.NaN, Infinity, undefined];
const BAD_DATES = [
  ...['2024-02-30', '2023-02-29', '2100-02-29', '0100-02-29', '2024-04-31', '2024-01-32', '2024-01-00', '2024-00-10', '0099-06-15', '0000-01-01', '2026-11-25', '2126-01-01'],
  ...['1900-01-01', '1906-11-24', '1906-11-25', '2026-13-01', '2026-1-01', '26-11-24', '2026-11-24T00:00', ' 2026-11-24', '2026-11-24\n', '2026-0a-01', '١٩٩٠-01-01', 20261124],
  // Real calendar dates at the edges (leap days of 2000 and 0400, the last day of a month): valid unless too old or too late.
  ...['2000-02-29', '0400-02-29', '2024-02-29', '2024-06-30', '2025-12-31'],
];
const BAD_MONTHS = ['2026-12', '2027-01', '2026-00', '2026-13', '2026-1', '202611', '2026-11-01', 202611];
const BAD_AMOUNTS = [
  ...['12,5', '1 300,00', '1.300,00 €', '1,300.00', '1,300', '-5', '-0', '+5', '1e3', '.5', '5.', '1.505', '1.005', '1.5.0', '1..5', '', ' ', ' 12', '12 ', '0x10'],
  ...['10000000.01', '10000000.1', '10000001', '10000000.000', '99999999', '01000000', '00000000', '000000001', '123456789', '9'.repeat(400), 'NaN', '١٢', 12.5, 0],
  // Valid at the edges: the cap written three ways, seven digits with leading zeros.
  ...['10000000', '10000000.0', '10000000.00', '0000000.00', '9999999.99'],
];
const BAD_NUMBERS = [-1, -0.0001, 1.0001, 0, 7, 2.5, 1.3, 1.2500000000000002, 19.999999999999996, 20.25, 21, 1989, 2101, 745, 744.0001, 93.5, 94, Number.NaN, Infinity, -Infinity, 2 ** 53, '3'];

/** A named change that (mostly) makes a valid household invalid; `n` picks where and what. */
const MUTATIONS: Readonly<Record<string, (h: Json, n: number) => void>> = {
  'drop a required field': (h, n) => {
    const targets: [Json, string][] = [
      [h, 'persons'],
      ...persons(h).flatMap((p): [Json, string][] => [
        [p, 'id'],
        [p, 'role'],
      ]),
      ...incomes(h).flatMap((r): [Json, string][] => ['person', 'kind', 'month', 'amount'].map((k): [Json, string] => [r, k])),
      ...(Array.isArray(h.taxReturns) ? (h.taxReturns as Json[]).flatMap((t): [Json, string][] => ['year', 'referenceIncome', 'shares'].map((k): [Json, string] => [t, k])) : []),
      ...(isObject(h.couple) ? [[h.couple, 'status'] as [Json, string]] : []),
    ];
    const t = nth(targets, n);
    if (t !== undefined) delete t[0][t[1]];
  },
  'drop an optional field': (h, n) => {
    const t = nth(leavesOf(h), n);
    if (t !== undefined) delete t[0][t[1]];
  },
  'wrong type': (h, n) => {
    const t = nth(leavesOf(h), n);
    if (t !== undefined) t[0][t[1]] = WRONG_VALUES[Math.floor(n / 7) % WRONG_VALUES.length];
  },
  'date out of range': (h, n) => {
    const p = somePerson(h, n);
    const field = nth(['birthDate', 'unemployedSince', 'residencePermitSince', 'couple.since'], Math.floor(n / 3)) as string;
    const value = nth(BAD_DATES, Math.floor(n / 11));
    if (field === 'couple.since') h.couple = { status: 'separated', ...(isObject(h.couple) ? h.couple : {}), since: value };
    else p[field] = value;
  },
  'date before the birth': (h, n) => {
    const p = somePerson(h, n);
    p.birthDate = '2000-06-15';
    p[n % 2 === 0 ? 'unemployedSince' : 'residencePermitSince'] = nth(['2000-06-14', '2000-06-15', '1999-12-31'], n);
  },
  'month out of range': (h, n) => {
    const r = nth(incomes(h), n);
    if (r !== undefined) r.month = nth(BAD_MONTHS, Math.floor(n / 5));
  },
  'badly written amount': (h, n) => {
    const targets: [Json, string][] = [
      ...incomes(h).flatMap((r): [Json, string][] => [
        [r, 'amount'],
        [r, 'grossAmount'],
      ]),
      ...(Array.isArray(h.taxReturns) ? (h.taxReturns as Json[]).map((t): [Json, string] => [t, 'referenceIncome']) : []),
      ...(isObject(h.housing) ? [[h.housing, 'monthlyRent'] as [Json, string], [h.housing, 'housingBenefit'] as [Json, string]] : []),
    ];
    const t = nth(targets, n);
    if (t !== undefined) t[0][t[1]] = nth(BAD_AMOUNTS, Math.floor(n / 3));
  },
  'number out of range': (h, n) => {
    const targets: [Json, string][] = [
      ...persons(h).flatMap((p): [Json, string][] => [
        [p, 'gir'],
        [p, 'disabilityRate'],
      ]),
      ...(Array.isArray(h.taxReturns) ? (h.taxReturns as Json[]).flatMap((t): [Json, string][] => [
        [t, 'year'],
        [t, 'shares'],
      ]) : []),
      ...(isObject(h.services) ? Object.keys(h.services).map((k): [Json, string] => [h.services as Json, k]) : []),
    ];
    const t = nth(targets, n);
    if (t !== undefined) t[0][t[1]] = nth(BAD_NUMBERS, Math.floor(n / 5));
  },
  'extra key': (h, n) => {
    const o = nth(objectsOf(h), n) as Json;
    o[nth(['extra', 'birthdate', 'Role', 'montant', '', 'persons', 'id', 'toString', 'hasOwnProperty'], Math.floor(n / 3)) as string] = nth(['x', 1, null, undefined], n);
  },
  'prototype key': (h, n) => {
    const o = nth(objectsOf(h), n) as Json;
    defineOwn(o, nth(['__proto__', 'constructor', 'prototype'], Math.floor(n / 5)) as string, nth([{ polluted: true }, 'receiving', 1], n));
  },
  'key present, value undefined': (h, n) => {
    const o = nth(objectsOf(h), n) as Json;
    o[nth(['id', 'commune', 'birthDate', 'grossAmount', 'since', 'status', 'couple', 'incomes', 'claims', 'services', 'housing', 'rsa'], Math.floor(n / 3)) as string] = undefined;
  },
  'list too long': (h, n) => {
    const which = n % 4;
    if (which === 0) {
      const extra = HOUSEHOLD_LIMITS.persons + 1 - persons(h).length + (n % 8 === 0 ? -1 : 0);
      for (let i = 0; i < extra; i += 1) personList(h).push({ id: `x${i}`, role: 'other' });
    } else if (which === 1) {
      const line = { person: persons(h)[0]?.id, kind: 'salary', month: '2026-01', amount: '1.00' };
      h.incomes = Array.from({ length: HOUSEHOLD_LIMITS.incomes + (n % 8 === 1 ? 0 : 1) }, () => ({ ...line }));
    } else if (which === 2) {
      h.taxReturns = Array.from({ length: HOUSEHOLD_LIMITS.taxReturns + (n % 8 === 2 ? 0 : 1) }, (_, i) => ({ year: 1990 + i, referenceIncome: '0', shares: 1 }));
    } else {
      h.claims = Object.fromEntries(Array.from({ length: HOUSEHOLD_LIMITS.claims + (n % 8 === 3 ? 0 : 1) }, (_, i) => [`regle-${i}`, 'unaware']));
    }
  },
  'text too long': (h, n) => {
    const which = n % 5;
    const p = somePerson(h, n);
    if (which === 0) p.id = 'p'.repeat(HOUSEHOLD_LIMITS.personId + (n % 10 === 0 ? 0 : 1));
    else if (which === 1) h.id = 'h'.repeat(HOUSEHOLD_LIMITS.householdId + (n % 10 === 1 ? 0 : 1));
    else if (which === 2) h.area = 'a'.repeat(HOUSEHOLD_LIMITS.text + (n % 10 === 2 ? 0 : 1));
    else if (which === 3) h.claims = { ['r'.repeat(HOUSEHOLD_LIMITS.text + (n % 10 === 3 ? 0 : 1))]: 'unaware' };
    else p.id = '';
  },
  'bad slug or commune': (h, n) => {
    const bad = nth(['Centre', 'centre--ville', '-centre', 'centre-', 'centre_ville', 'é', '', '2C004', '8619', '861940', '2a004', 'A2004'], n) as string;
    if (n % 3 === 0) h.area = bad;
    else if (n % 3 === 1) h.commune = bad;
    else h.claims = { [bad]: 'unaware' };
  },
  'unknown value': (h, n) => {
    const p = somePerson(h, n);
    const which = n % 6;
    if (which === 0) p.role = nth(['enfant', 'Applicant', 'parent', ''], n);
    else if (which === 1) p.activity = nth(['salarie', 'Employed', 'working'], n);
    else if (which === 2) {
      const r = nth(incomes(h), n);
      if (r !== undefined) r.kind = nth(['salaire', 'Salary', 'wages'], n);
    } else if (which === 3) h.claims = { ...(isObject(h.claims) ? h.claims : {}), rsa: nth(['recu', 'Receiving', 'yes'], n) };
    else if (which === 4) h.housing = { status: nth(['locataire', 'renter'], n) };
    else h.couple = { status: nth(['married', 'Couple'], n) };
  },
  'claim on an unknown rule': (h, n) => {
    h.claims = { ...(isObject(h.claims) ? h.claims : {}), [nth(['rsa-socle', 'aide-inconnue', 'rsa2'], n) as string]: 'unaware' };
  },
  'inconsistent fields': (h, n) => {
    const ps = personList(h);
    const first = somePerson(h, 0);
    const which = n % 12;
    if (which === 0) ps.push({ id: first.id, role: 'child' });
    else if (which === 1) ps.push({ id: 'a2', role: 'applicant' });
    else if (which === 2) first.role = 'other';
    else if (which === 3) ps.push({ id: 'q1', role: 'partner' }, { id: 'q2', role: 'partner' });
    else if (which === 4) h.couple = { status: persons(h).some((p) => p.role === 'partner') ? 'single' : 'couple' };
    else if (which === 5) first.custody = 'full';
    else if (which === 6) h.incomes = [...incomes(h), { person: first.id, kind: nth(['rsa', 'aah', 'other'], n), month: '2026-01', amount: '1.00', grossAmount: '2.00' }];
    else if (which === 7) h.incomes = [...incomes(h), { person: 'nobody', kind: 'salary', month: '2026-01', amount: '1.00' }];
    else if (which === 8) h.taxReturns = [{ year: 2024, referenceIncome: '1', shares: 1 }, { year: 2024, referenceIncome: '2', shares: 2 }];
    else if (which === 9) {
      first.birthDate = nth(['2000-01-01', '2000-06-15'], n);
      ps.push({ id: 'kid', role: 'child', birthDate: nth(['2011-12-31', '2012-01-01', '2012-06-14', '2012-06-15'], Math.floor(n / 2)) });
    } else if (which === 10) h.couple = { status: 'single', since: '2020-01-01' };
    else first.birthDate = nth(['1906-11-24', '1906-11-25', '1906-11-23'], n);
  },
  'keys in another order': (h, n) => {
    // Every object of the household, its keys rotated: a valid household stays valid, and comes out in the schema's order.
    for (const o of objectsOf(h)) {
      const entries = Object.entries(o);
      for (const [k] of entries) delete o[k];
      const shift = entries.length === 0 ? 0 : (n % entries.length) + 1;
      for (const [k, v] of [...entries.slice(shift), ...entries.slice(0, shift)]) defineOwn(o, k, v);
    }
  },
  'not an object': (h, n) => {
    const which = n % 4;
    if (which === 0) h.persons = nth([[], {}, 'p1', [null], [1]], n);
    else if (which === 1) h.incomes = nth([{}, 'x', [null], [[]]], n);
    else if (which === 2) h.couple = nth([[], 'couple', null], n);
    else h.claims = nth([[], 'rsa', null, new Map([['rsa', 'receiving']]), Object.create(null) as Json], n);
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);
const mutationCounts: Record<string, number> = Object.fromEntries(MUTATION_NAMES.map((m) => [m, 0]));

/** A household with its mutations applied to a copy (the copy keeps `undefined` values and own `__proto__` keys the mutations set). */
function mutated(h: Json, ms: readonly (readonly [string, number])[]): Json {
  const out = copy(h);
  for (const [name, n] of ms) {
    (MUTATIONS[name] as (h: Json, n: number) => void)(out, n);
    mutationCounts[name] = (mutationCounts[name] ?? 0) + 1;
  }
  return out;
}
const mutation = fc.tuple(fc.constantFrom(...MUTATION_NAMES), fc.nat({ max: 10_000 }));

// ─── The shipped households ─────────────────────────────────────────────────────────────────────────

const root = new URL('..', import.meta.url);
const seedNames = readdirSync(new URL('seeds/households/', root))
  .filter((n) => n.endsWith('.json'))
  .sort();
const populationNames = readdirSync(new URL('seeds/populations/', root))
  .filter((n) => n.endsWith('.jsonl.gz'))
  .sort();

afterAll(() => {
  console.log(
    [
      `fast-parse : ${stats.records} enregistrements, ${stats.comparisons} comparaisons (× options) ; ${stats.valid} valides (dont ${stats.fastAccepted} acceptés par la passe rapide, ${stats.validLeftToZod} laissés à zod), ${stats.invalid} invalides`,
      `mutations appliquées : ${MUTATION_NAMES.map((m) => `${m} ${mutationCounts[m]}`).join(' ; ')}`,
      ...(leftToZod.length > 0 ? ['valides laissés à zod (exemples) :', ...leftToZod] : []),
    ].join('\n'),
  );
});

describe('fastPrepareHousehold = prepareHousehold(parseHousehold(…))', () => {
  it('reads the same fields, in the same order, with the same vocabularies and edges as the schema', () => {
    expect(contractDrift()).toEqual([]);
  });

  it('on 1,000 generated valid households, decides each itself and prepares it identically', () => {
    let valid = 0;
    fc.assert(
      fc.property(household, (h) => {
        compare(h, true);
        if (safeParseHousehold(h, { date: DATE }).success) valid += 1;
      }),
      { numRuns: 1000, seed: 14 },
    );
    // The generator is meant to make valid households: most must be.
    expect(valid).toBeGreaterThan(800);
  }, 300_000);

  it('on 2,500 mutated households (1 to 3 mutations each), gives the same verdict, household or error', () => {
    fc.assert(
      fc.property(household, fc.array(mutation, { minLength: 1, maxLength: 3 }), (h, ms) => compare(mutated(h, ms), false)),
      { numRuns: 2500, seed: 1401 },
    );
  }, 300_000);

  it('on the example households of seeds/households, and each of them mutated (600 runs)', () => {
    const seeds = seedNames.map((n) => JSON.parse(readFileSync(new URL(`seeds/households/${n}`, root), 'utf8')) as Json);
    for (const s of seeds) compare(s, true);
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 2 }), (s, ms) => compare(mutated(s, ms), false)),
      { numRuns: 600, seed: 1402 },
    );
  }, 300_000);

  it('on every household of the shipped populations (seeds/populations/*.jsonl.gz)', () => {
    let count = 0;
    for (const name of populationNames) {
      const lines = gunzipSync(readFileSync(new URL(`seeds/populations/${name}`, root))).toString('utf8').split('\n');
      for (const line of lines) {
        if (line.trim() === '') continue;
        compare(JSON.parse(line) as unknown, true, POPULATION_OPTIONS, false);
        count += 1;
      }
    }
    expect(count).toBeGreaterThanOrEqual(30_000);
  }, 300_000);

  it('on values that are not households at all', () => {
    for (const v of [null, undefined, 0, 'foyer', [], [{}], {}, { persons: null }, new Date(0), Object.create(null) as Json]) compare(v, false);
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (v) => compare(v, false)),
      { numRuns: 500, seed: 1403 },
    );
  });

  it('throws the same DATE_INVALID error for an invalid evaluation date, before looking at the household', () => {
    for (const date of ['2026-02-30', '24/11/2026', '']) {
      const old = attempt(() => prepareHousehold(parseHousehold({}, { date })));
      const fast = attempt(() => fastPrepareHousehold({}, { date }));
      expect(old.ok || fast.ok).toBe(false);
      if (!old.ok && !fast.ok) expect([(fast.error as NonRecoursError).code, (fast.error as NonRecoursError).message]).toEqual([(old.error as NonRecoursError).code, (old.error as NonRecoursError).message]);
      expect(() => safeFastPrepareHousehold({}, { date })).toThrow(NonRecoursError);
      expect(() => createHouseholdPreparer({ date })).toThrow(expect.objectContaining({ code: 'DATE_INVALID' }));
    }
  });

  it('a preparer reads its rule ids once: an id added to the set afterwards is not one of them, on either path', () => {
    const ids = new Set(['rsa']);
    const preparer = createHouseholdPreparer({ ruleIds: ids });
    ids.add('Pas-Un-Slug');
    const h: Json = { persons: [{ id: 'p1', role: 'applicant' }], claims: { 'Pas-Un-Slug': 'unaware' } };
    expect(preparer.safePrepare(h).success).toBe(false);
    expect(safeParseHousehold(h, { ruleIds: new Set(['rsa']) }).success).toBe(false);
    expect(preparer.safePrepare({ persons: [{ id: 'p1', role: 'applicant' }], claims: { rsa: 'unaware' } }).success).toBe(true);
  });

  it('a preparer that remembers the claim keys it checked refuses a record that puts another key in their place', () => {
    const persons = [{ id: 'p1', role: 'applicant' }];
    for (const options of [{ date: DATE, ruleIds }, {}]) {
      const preparer = createHouseholdPreparer(options);
      const claims: readonly Json[] = [
        { rsa: 'receiving', aah: 'unaware', aspa: 'applied' },
        { rsa: 'receiving', 'aide-inconnue': 'unaware', aspa: 'applied' },
        { rsa: 'receiving', aah: 'unaware', aspa: 'applied' },
        { rsa: 'receiving', Aah: 'unaware' },
        { rsa: 'receiving', constructor: 'unaware' },
        { aah: 'unaware', rsa: 'receiving' },
        { rsa: 'receiving', aah: 'unaware', aspa: 'applied', 'prime-activite': 'refused' },
        { rsa: 'receiving', aah: 'recu' },
        { rsa: 'receiving' },
        { rsa: 'receiving', aah: 'unaware', aspa: 'applied', 'prime-activite': 'refused', 'rsa-socle': 'unaware' },
      ];
      for (const c of claims) {
        const h: Json = { persons, claims: c };
        const expected = safeParseHousehold(h, options);
        const got = preparer.safePrepare(h);
        expect(got.success, JSON.stringify(c)).toBe(expected.success);
        if (got.success && expected.success) expect(describeValue(got.prepared)).toBe(describeValue(prepareHousehold(expected.household)));
        if (!got.success && !expected.success) expect(got.issues).toEqual(expected.issues);
      }
    }
  });

  it('incomes in any order: runs of one person and one kind broken in the middle, months repeated or going back', () => {
    const persons = [
      { id: 'p1', role: 'applicant', birthDate: '1980-01-01' },
      { id: 'p2', role: 'partner', birthDate: '1981-01-01' },
      { id: 'p3', role: 'child', birthDate: '2012-01-01' },
    ];
    const line = (person: unknown, kind: unknown, month: unknown, amount: unknown = '10.00'): Json => ({ person, kind, month, amount });
    const months = ['2026-01', '2026-02', '2026-03'];
    const runs: readonly Json[][] = [
      months.map((m) => line('p1', 'salary', m)),
      [...months.map((m) => line('p1', 'salary', m)), ...months.map((m) => line('p2', 'salary', m)), ...months.map((m) => line('p1', 'rsa', m))],
      [line('p1', 'salary', '2026-03'), line('p1', 'salary', '2026-01'), line('p1', 'salary', '2026-03'), line('p2', 'aah', '2026-03'), line('p1', 'rsa', '2026-01')],
      [line('p1', 'salary', '2026-01'), line('p3', 'salary', '2026-01'), line('p1', 'salary', '2026-01'), line('p2', 'salary', '2025-12')],
      [line('p1', 'salary', '2026-01'), line('p1', 'salary', '2026-02'), line('p9', 'salary', '2026-03'), line('p1', 'salary', '2026-04')],
      [line('p1', 'salary', '2026-01'), line('p1', 'salaire', '2026-02'), line('p1', 'salary', '2026-03')],
      [line('p1', 'salary', '2026-01'), line(undefined, 'salary', '2026-02')],
      [line(undefined, undefined, '2026-01')],
      [line('p1', 'salary', '2026-01'), line('p1', undefined, '2026-02')],
      [line('p1', 'salary', '2026-01'), line('p1', 'salary', '2026-02', '1.005'), line('p1', 'salary', '2026-03', '10000000.0')],
      [line('p1', 'salary', '2026-01'), { ...line('p1', 'salary', '2026-02'), grossAmount: '12.00' }, { ...line('p1', 'rsa', '2026-03'), grossAmount: '12.00' }],
    ];
    for (const incomes of runs) compare({ persons, couple: { status: 'couple' }, incomes }, false);
  });

  it('objects that JSON does not make: a field not enumerable, a field inherited, a key present with the value undefined', () => {
    const hidden = (o: Json, key: string, value: unknown): Json => Object.defineProperty(o, key, { value, enumerable: false, writable: true, configurable: true });
    const base = (): Json => ({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1980-01-01' }], incomes: [{ person: 'p1', kind: 'salary', month: '2026-01', amount: '1.00' }] });
    const cases: Json[] = [];
    for (const [key, value] of [['activity', 'employed'], ['activity', 'salarie'], ['birthDate', '1980-02-30'], ['birthDate', undefined], ['custody', 'full'], ['gir', 2]] as const) {
      const h = base();
      hidden((h.persons as Json[])[0] as Json, key, value);
      cases.push(h);
      const inherited = base();
      (inherited.persons as Json[])[0] = Object.assign(Object.create({ [key]: value }) as Json, { id: 'p1', role: 'applicant' });
      cases.push(inherited);
    }
    for (const [key, value] of [['grossAmount', '2.00'], ['grossAmount', undefined], ['grossAmount', '2,00']] as const) {
      const h = base();
      hidden((h.incomes as Json[])[0] as Json, key, value);
      cases.push(h);
    }
    for (const [key, value] of [['couple', undefined], ['incomesComplete', true], ['housing', { status: 'tenant' }], ['claims', { rsa: 'unaware' }]] as const) cases.push(hidden(base(), key, value));
    const symbolic = base();
    symbolic.claims = { rsa: 'unaware', [Symbol('s')]: 'unaware' };
    cases.push(symbolic);
    for (const h of cases) compare(h, false);
  });

  it('leaves to zod a number of tax shares that is a multiple of 0.25 only within its float tolerance', () => {
    const h: Json = { persons: [{ id: 'p1', role: 'applicant' }], taxReturns: [{ year: 2024, referenceIncome: '1', shares: 1.2500000000000002 }] };
    expect(tryFastPrepare(h)).toBeUndefined();
    compare(h, false);
  });
});

describe('what the fast pass reads by hand, against the zod path', () => {
  const withBirth = (birthDate: unknown): Json => ({ persons: [{ id: 'p1', role: 'applicant', birthDate }] });
  /** The calendar, whatever the time zone: the day exists in UTC (years below 100 included, which `Date.UTC` would shift). */
  const inCalendar = (year: number, month: number, day: number): boolean => {
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  };

  it('dates: every day of 1900–2100, and days 0, 29 to 32 and months 0 and 13 around them, by arithmetic alone', () => {
    let compared = 0;
    for (let year = 1900; year <= 2100; year += 1) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const iso = `${String(year)}-${pad2(month)}-${pad2(day)}`;
          const h = withBirth(iso);
          const fast = tryFastPrepare(h);
          // The contract's calendar: a month 1 to 12, a day of that month (years from 100: `tryParseDate` refuses 0000 to 0099).
          const valid = month >= 1 && month <= 12 && day >= 1 && day <= 31 && inCalendar(year, month, day);
          expect(fast !== undefined, iso).toBe(valid);
          // Decoded as `tryParseDate` decodes it (its fields, in its order).
          if (fast !== undefined) expect(describeValue(fast.births.get('p1')), iso).toBe(describeValue({ iso, year, month, day, monthIndex: year * 12 + month - 1 }));
          expect(safeParseHousehold(h).success, iso).toBe(valid);
          if (valid) expect(describeValue(tryParseDate(iso)), iso).toBe(describeValue(fast?.births.get('p1')));
          compared += 1;
        }
      }
    }
    expect(compared).toBe(201 * 14 * 33);
  }, 300_000);

  it('dates written otherwise, leap days at the edges and the years 0000–0099, in every date field', () => {
    const dates = [
      ...['2026-02-29', '2100-02-29', '1900-02-29', '2000-02-29', '2024-02-29', '0400-02-29', '0100-02-29', '2026-02-28', '2026-04-31', '2026-06-31', '2026-12-31'],
      ...['2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '2026-1-01', '2026-01-1', ' 2026-01-01', '2026-01-01 ', '2026/01/01', '2026-01-01T00:00'],
      ...['0000-01-01', '0099-12-31', '0100-01-01', '0050-06-15', '9999-12-31', '٢٠٢٦-01-01', '2026-0１-01', '+02026-01-01', '20260101', 20260101, null],
    ];
    for (const date of dates) {
      compare(withBirth(date), false);
      compare({ persons: [{ id: 'p1', role: 'applicant', unemployedSince: date, residencePermitSince: date }] }, false);
      compare({ persons: [{ id: 'p1', role: 'applicant' }], couple: { status: 'separated', since: date } }, false);
    }
    for (const date of ['2000-02-29', '0400-02-29', '2024-02-29', '2026-02-28']) expect(tryFastPrepare(withBirth(date))).toBeDefined();
  });

  it('months: every month of 1990–2030 and of a few far years, and months written otherwise', () => {
    const withMonth = (month: unknown): Json => ({ persons: [{ id: 'p1', role: 'applicant' }], incomes: [{ person: 'p1', kind: 'salary', month, amount: '1.00' }] });
    const years = [0, 99, 100, 1000, 9999, ...Array.from({ length: 41 }, (_, i) => 1990 + i)];
    for (const year of years) {
      for (let month = 0; month <= 13; month += 1) {
        const m = `${String(year).padStart(4, '0')}-${pad2(month)}`;
        const fast = tryFastPrepare(withMonth(m));
        expect(fast !== undefined, m).toBe(safeParseHousehold(withMonth(m)).success);
        if (fast !== undefined) expect(describeValue(fast), m).toBe(describeValue(prepareHousehold(parseHousehold(withMonth(m)))));
      }
    }
    for (const m of ['2026-1', '2026-011', '202601', '2026-0a', ' 2026-01', '2026-01 ', '2026/01', '٢٠٢٦-01', '2026-01-01', 202601, null]) compare(withMonth(m), false);
  });

  it('amounts: the usual writing read at known places, and every other writing the pattern takes or refuses', () => {
    const amounts = [
      ...['0', '0.0', '0.00', '1.5', '1.50', '1450.00', '999999.99', '9999999.99', '1234567.89', '0000001.00', '0000000.00', '10000000', '10000000.0', '10000000.00'],
      ...['12345678.00', '00000001.00', '10000000.01', '10000000.10', '10000001.00', '99999999.00', '.00', '0.', '1.000', 'a.00', '1a.00', '12.a0', '12.0a', '12,00'],
      ...['-1.00', '+1.00', ' 1.00', '1.00 ', '1..00', '1.0.0', '١.٠٠', '1.0０', '', 12.5, null],
    ];
    for (const amount of amounts) {
      compare({ persons: [{ id: 'p1', role: 'applicant' }], incomes: [{ person: 'p1', kind: 'salary', month: '2026-01', amount, grossAmount: amount }] }, false);
      compare({ persons: [{ id: 'p1', role: 'applicant' }], taxReturns: [{ year: 2025, referenceIncome: amount, shares: 1 }], housing: { monthlyRent: amount } }, false);
    }
  });

  it('persons of no prototype are decided by the fast pass; a person or a household that inherits a field is left to zod', () => {
    const bare = Object.assign(Object.create(null) as Json, { id: 'p1', role: 'applicant', birthDate: '1980-01-01', activity: 'employed' });
    const h: Json = { persons: [bare], incomes: [{ person: 'p1', kind: 'salary', month: '2026-01', amount: '1.00' }] };
    expect(tryFastPrepare(h, { date: DATE })).toBeDefined();
    compare(h, false);
    const inheriting: Json = { persons: [Object.assign(Object.create({ activity: 'employed' }) as Json, { id: 'p1', role: 'applicant' })] };
    expect(tryFastPrepare(inheriting)).toBeUndefined();
    compare(inheriting, false);
  });

  it('a field that Object.prototype holds (enumerable or not) is read by zod on every object: the fast pass then stands aside', () => {
    const plain = (): Json => ({ persons: [{ id: 'p1', role: 'applicant', birthDate: '1980-01-01' }], incomes: [{ person: 'p1', kind: 'salary', month: '2026-01', amount: '1.00' }] });
    const cases: readonly (readonly [string, unknown, boolean])[] = [
      ['activity', 'employed', false],
      ['activity', 'salarie', false],
      ['gir', 2, false],
      ['carer', true, true],
      ['birthDate', '1980-02-30', false],
    ];
    for (const [key, value, enumerable] of cases) {
      // Only values are gathered while the prototype holds the field: the assertions, which walk objects, come after.
      let fast: PreparedHousehold | undefined;
      let zod: string | undefined;
      let preparer: string | undefined;
      const outcome = (r: { readonly success: boolean; readonly prepared?: PreparedHousehold; readonly issues?: unknown }): string =>
        r.success ? describeValue(r.prepared) : JSON.stringify(r.issues);
      Object.defineProperty(Object.prototype, key, { value, enumerable, writable: true, configurable: true });
      try {
        fast = tryFastPrepare(plain(), { date: DATE });
        const parsed = safeParseHousehold(plain(), { date: DATE });
        zod = parsed.success ? outcome({ success: true, prepared: prepareHousehold(parsed.household) }) : outcome(parsed);
        preparer = outcome(createHouseholdPreparer({ date: DATE }).safePrepare(plain()));
      } finally {
        delete (Object.prototype as Json)[key];
      }
      expect(fast, `${key} on Object.prototype`).toBeUndefined();
      expect(preparer, `${key} on Object.prototype`).toBe(zod);
    }
    // And once the prototype is clean again, the same household is the fast pass's.
    expect(tryFastPrepare(plain(), { date: DATE })).toBeDefined();
  });
});
