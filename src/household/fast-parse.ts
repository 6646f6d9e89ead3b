/**
 * Validation and preparation of a household in one pass (issue 14, item 1).
 *
 * `prepareHousehold(parseHousehold(record, options))` reads a record twice: zod checks it and copies it
 * (about 70 % of a simulation's time), then `prepareHousehold` decodes its dates, months and amounts.
 * Here one straight-line pass checks the household contract (`schema.ts`) and the checks across fields
 * (`parse.ts`), and builds on the way the very objects those two steps build: the household as zod
 * outputs it (same fields, same order) and its prepared form (dates as `CivilDate`, months as indices,
 * amounts as integer cents).
 *
 * The pass only ever answers « valid, here is the prepared household » or « not sure ». On « not sure »
 * (an invalid record, or a rare valid one it does not decide, such as a number of tax shares that is a
 * multiple of 0.25 only within zod's float tolerance), the record goes through the zod path, which gives
 * today's verdict: the same prepared household, or the same error (class, code, French messages, paths).
 * So the one rule the pass must keep is: it never accepts what the zod path refuses, and what it
 * accepts it decodes exactly as the zod path does. `test/fast-parse.test.ts` checks both, differentially.
 *
 * Each function below mirrors one part of the contract and says which; the vocabularies are the arrays
 * of `enums.ts` (a new income kind is taken at once) and the bounds those of `HOUSEHOLD_LIMITS`. When the
 * schema gains, loses or reorders a field, makes one required or changes an enum, the pass sees it when
 * the module loads and stands aside (every record takes the zod path) until this file is brought in line:
 * slower, never different. A pattern or bound changed inside schema.ts shows in `contractDrift()`, which
 * the test asserts empty.
 */
import { ageAt, dayExists, parseEvaluationDate, type CivilDate } from '../dates.js';
import { prepareHousehold, type IncomeRecord, type PreparedHousehold } from '../facts/context.js';
import { ACTIVITIES, CLAIM_STATES, COUPLE_STATUSES, CUSTODY, HOUSING_STATUSES, INCOME_KINDS, NATIONALITIES, ROLES, SCHOOLING } from './enums.js';
import { parseHousehold, safeParseHousehold, type HouseholdIssue, type HouseholdParseOptions } from './parse.js';
import { HOUSEHOLD_LIMITS, householdSchema, incomeSchema, personSchema, taxReturnSchema, type Household, type Person } from './schema.js';

/** The result of `safeFastPrepareHousehold`: the prepared household, or every problem found (as `safeParseHousehold` lists them). */
export type FastPrepareResult =
  | { readonly success: true; readonly prepared: PreparedHousehold }
  | { readonly success: false; readonly issues: readonly HouseholdIssue[] };

/**
 * Validates a household record and prepares it for evaluation, in one pass: the same result as
 * `safeParseHousehold` followed by `prepareHousehold`, at a fraction of the cost. An invalid record gets
 * exactly the issues `safeParseHousehold` gives it; only an invalid `options.date` throws (`DATE_INVALID`).
 * A caller that validated with `safeParseHousehold(raw, options)` and then called
 * `prepareHousehold(parsed.household)` calls this instead, and reads the household as `prepared.household`;
 * a caller that prepares many records with the same options creates a preparer once instead
 * (`createHouseholdPreparer`), which also reads the options once.
 *
 * @example
 * const options = { date: '2026-11-24', ruleIds: new Set(catalog.rules.map((r) => r.id)) };
 * const r = safeFastPrepareHousehold(raw, options);
 * if (!r.success) for (const i of r.issues) console.log(`${i.path} : ${i.message}`);
 * else evaluate(r.prepared); // r.prepared.household is the validated household
 */
export function safeFastPrepareHousehold(input: unknown, options: HouseholdParseOptions = {}): FastPrepareResult {
  return safeResult(input, tryFastPrepare(input, options), options);
}

/**
 * `prepareHousehold(parseHousehold(input, options))` in one pass: the prepared household, or the same
 * `HOUSEHOLD_INVALID` error (`NonRecoursError`, same details) that `parseHousehold` throws.
 *
 * @example
 * const prepared = fastPrepareHousehold(JSON.parse(line), { date: '2026-11-24' });
 * prepared.household.persons[0]; // the validated household, as parseHousehold returns it
 */
export function fastPrepareHousehold(input: unknown, options: HouseholdParseOptions = {}): PreparedHousehold {
  return tryFastPrepare(input, options) ?? prepareHousehold(parseHousehold(input, options));
}

/** `fastPrepareHousehold` and `safeFastPrepareHousehold` with options read once. */
export interface HouseholdPreparer {
  /** `fastPrepareHousehold(input, options)`: the prepared household, or the `HOUSEHOLD_INVALID` error of `parseHousehold`. */
  readonly prepare: (input: unknown) => PreparedHousehold;
  /** `safeFastPrepareHousehold(input, options)`: the prepared household, or the issues of `safeParseHousehold`. */
  readonly safePrepare: (input: unknown) => FastPrepareResult;
}

/**
 * A preparer for many records evaluated with the same options (a population, a file): the evaluation
 * date is decoded and the rule ids are copied and checked once, not once per record. Throws
 * `DATE_INVALID` at once for an invalid `options.date`. Rule ids added to the caller's set afterwards are
 * not seen (the preparer keeps its copy).
 *
 * @example
 * // In a simulation loop: instead of safeParseHousehold(raw, parseOptions) then prepareHousehold(household)
 * const preparer = createHouseholdPreparer({ date: '2026-11-24', ruleIds: new Set(catalog.rules.map((r) => r.id)) });
 * for (const raw of records) {
 *   const r = preparer.safePrepare(raw);
 *   if (!r.success) report(r.issues);
 *   else evaluate(r.prepared); // r.prepared.household: the validated household (commune, area, claims…)
 * }
 */
export function createHouseholdPreparer(options: HouseholdParseOptions = {}): HouseholdPreparer {
  const context = contextOf(options, true);
  // The zod path gets the same copy of the rule ids as the fast pass.
  const frozen: HouseholdParseOptions = { date: options.date, ruleIds: context.ruleIds };
  return {
    prepare: (input) => decodeHousehold(input, context) ?? prepareHousehold(parseHousehold(input, frozen)),
    safePrepare: (input) => safeResult(input, decodeHousehold(input, context), frozen),
  };
}

/**
 * The fast pass alone: the prepared household when the record is valid and the pass can tell, otherwise
 * undefined (then only the zod path can say whether, and why, it is invalid). Throws `DATE_INVALID` for an
 * invalid `options.date`, as `safeParseHousehold` does, before looking at the record.
 */
export function tryFastPrepare(input: unknown, options: HouseholdParseOptions = {}): PreparedHousehold | undefined {
  return decodeHousehold(input, contextOf(options, false));
}

/** The safe result: the fast pass's household, or else the zod path's verdict (a household, or its issues). */
function safeResult(input: unknown, fast: PreparedHousehold | undefined, options: HouseholdParseOptions): FastPrepareResult {
  if (fast !== undefined) return { success: true, prepared: fast };
  const parsed = safeParseHousehold(input, options);
  return parsed.success ? { success: true, prepared: prepareHousehold(parsed.household) } : { success: false, issues: parsed.issues };
}

/** What the pass reads from the options: the evaluation date, decoded, and the rule ids of `claims`. */
interface Context {
  readonly at: CivilDate | undefined;
  readonly ruleIds: ReadonlySet<string> | undefined;
  /** Every rule id is a slug and no prototype key: a claim key found among them is one too (read once by a preparer). */
  readonly ruleIdsAreSlugs: boolean;
  /**
   * For a preparer, the claim keys already found good (a rule id of its own copy, a slug, no prototype
   * key), by position: the records of one population write the same keys in the same order, so each is
   * looked up once, not once per record. Undefined for a single call, whose caller's set may change.
   */
  readonly checkedClaimKeys: string[] | undefined;
}

/** Decodes the options as `safeParseHousehold` does (`DATE_INVALID` first); `once`: for a preparer, rule ids copied and checked. */
function contextOf(options: HouseholdParseOptions, once: boolean): Context {
  // `civilDate` decodes as `tryParseDate` does; only a date it refuses goes to `parseEvaluationDate`, for its error.
  const at = options.date === undefined ? undefined : (civilDate(options.date) ?? parseEvaluationDate(options.date, 'date'));
  const checkedClaimKeys = once ? [] : undefined;
  if (!once || options.ruleIds === undefined) return { at, ruleIds: options.ruleIds, ruleIdsAreSlugs: false, checkedClaimKeys };
  const ruleIds: ReadonlySet<string> = new Set(options.ruleIds);
  return { at, ruleIds, ruleIdsAreSlugs: [...ruleIds].every((id) => isSlug(id) && !isForbiddenKey(id)), checkedClaimKeys };
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────────

type Rec = Record<string, unknown>;

/**
 * `HOUSEHOLD_LIMITS` and `ageAt`, read once into this module: a bundler or a test runner that turns
 * imports into module objects (tsx, vitest) makes each read of an imported name a getter call, and the
 * limits are read some fifty times a household.
 */
const LIMITS: typeof HOUSEHOLD_LIMITS = { ...HOUSEHOLD_LIMITS };
const age = ageAt;

/** zod's test for an object (`util.isObject`): strict objects accept any non-array object. */
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * No key outside `known` (the fields of a strict object, in the schema's order): mirrors `z.strictObject`,
 * which walks the keys with `for…in` and refuses the others. A record mostly writes its keys in the
 * schema's order, so each key is looked for from the field after the previous one, around the list: a
 * comparison or two per key, and no hashing.
 */
function onlyKnownKeys(raw: Rec, known: readonly string[]): boolean {
  const n = known.length;
  let j = 0;
  for (const key in raw) {
    j = fieldIndex(known, key, j);
    if (j < 0) return false;
    j = j + 1 === n ? 0 : j + 1;
  }
  return true;
}

/** The index of `key` in `known`, looked for from `j` on and around the list; −1 when it is not one of them. */
function fieldIndex(known: readonly string[], key: string, j: number): number {
  const n = known.length;
  for (let tries = 0; tries < n; tries += 1) {
    if (known[j] === key) return j;
    j = j + 1 === n ? 0 : j + 1;
  }
  return -1;
}

/** Mirrors `bounded(max)` of schema.ts (with `min` for `.check(z.minLength(1))`): a string of `min` to `max` UTF-16 units. */
const boundedText = (v: unknown, max: number, min = 0): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
/** Mirrors `id` of `personSchema` and `person` of `incomeSchema`. */
const isPersonId = (v: unknown): v is string => boundedText(v, LIMITS.personId, 1);
/** Mirrors `id` of `householdSchema`. */
const isHouseholdId = (v: unknown): boolean => boundedText(v, LIMITS.householdId);

/** Mirrors `slug()` of schema.ts: at most `HOUSEHOLD_LIMITS.text` characters, then `/^[a-z0-9]+(-[a-z0-9]+)*$/`. */
function isSlug(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > LIMITS.text) return false;
  let afterHyphen = true; // a slug neither starts nor ends with a hyphen, nor has two in a row
  for (let i = 0; i < v.length; i += 1) {
    const c = v.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) afterHyphen = false;
    else if (c === 45 && !afterHyphen) afterHyphen = true;
    else return false;
  }
  return !afterHyphen;
}

/** Keys that the prototype guard of `safeParseHousehold` (`findForbiddenKeys`) refuses; `constructor` and `prototype` are slugs. */
const isForbiddenKey = (key: string): boolean => key === '__proto__' || key === 'constructor' || key === 'prototype';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Mirrors `commune` of `householdSchema`: `/^(\d{5}|2[AB]\d{3})$/` (an INSEE code, Corsica's 2A/2B included). */
function isCommune(v: unknown): boolean {
  if (typeof v !== 'string' || v.length !== 5) return false;
  const c0 = v.charCodeAt(0);
  const c1 = v.charCodeAt(1);
  if (!(isDigit(c0) && isDigit(c1)) && !(c0 === 50 && (c1 === 65 || c1 === 66))) return false;
  return isDigit(v.charCodeAt(2)) && isDigit(v.charCodeAt(3)) && isDigit(v.charCodeAt(4));
}

/** The number written by the two ASCII digits at `i` of `s`, or -1 when they are not two digits (`\d` of a regular expression is ASCII only). */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Mirrors `dateString`: its pattern `/^\d{4}-\d{2}-\d{2}$/`, read character by character, then the test of
 * `tryParseDate` that its refinement calls (a month from 1 to 12, then a day of that month: `dayExists` of dates.ts).
 * The date as year × 10,000 + month × 100 + day, or -1.
 */
function dateNumber(v: unknown): number {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return -1;
  const century = twoDigits(v, 0);
  const yy = twoDigits(v, 2);
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) return -1;
  const year = century * 100 + yy;
  return dayExists(year, month, day) ? year * 10_000 + month * 100 + day : -1;
}
const isDate = (v: unknown): boolean => dateNumber(v) >= 0;

/** A date accepted by `dateString`, decoded as `tryParseDate` decodes it (the same fields in the same order), or undefined. */
function civilDate(v: unknown): CivilDate | undefined {
  if (typeof v !== 'string' || v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return undefined;
  const century = twoDigits(v, 0);
  const yy = twoDigits(v, 2);
  const month = twoDigits(v, 5);
  const day = twoDigits(v, 8);
  if (century < 0 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const year = century * 100 + yy;
  return dayExists(year, month, day) ? { iso: v, year, month, day, monthIndex: year * 12 + month - 1 } : undefined;
}

/**
 * Mirrors `monthString` (`/^\d{4}-(0[1-9]|1[0-2])$/`): the month index year × 12 + month - 1, as
 * `tryParseMonth` decodes exactly those strings, or -1.
 */
function monthIndex(v: unknown): number {
  if (typeof v !== 'string' || v.length !== 7 || v.charCodeAt(4) !== 45) return -1;
  const century = twoDigits(v, 0);
  const yy = twoDigits(v, 2);
  const month = twoDigits(v, 5);
  return century < 0 || yy < 0 || month < 1 || month > 12 ? -1 : (century * 100 + yy) * 12 + month - 1;
}
const isMonth = (v: unknown): boolean => monthIndex(v) >= 0;

/** The cap of amounts, as `AMOUNT_RE` of schema.ts writes it: up to 7 digits, or exactly 10000000, before the decimals. */
const MAX_EUROS = String(HOUSEHOLD_LIMITS.amountEuros);
const MAX_EURO_DIGITS = MAX_EUROS.length;

/**
 * Mirrors `householdAmountString` (`AMOUNT_RE`: `/^(\d{1,7}(\.\d{1,2})?|10000000(\.00?)?)$/`): the amount
 * as an integer number of cents (as `parseCents` reads it), or -1 when the string is refused. The usual
 * writing, fewer than 8 digits of euros then a point and two decimals ("1450.00"), is the first branch
 * of the pattern, read here at known places (small enough to be inlined where amounts are read);
 * `otherAmountCents` reads the others.
 */
function amountCents(v: unknown): number {
  if (typeof v !== 'string') return -1;
  const point = v.length - 3;
  if (point < 1 || point >= MAX_EURO_DIGITS || v.charCodeAt(point) !== 46) return otherAmountCents(v);
  let euros = 0;
  for (let i = 0; i < point; i += 1) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    euros = euros * 10 + c;
  }
  const d1 = v.charCodeAt(point + 1) - 48;
  const d2 = v.charCodeAt(point + 2) - 48;
  return d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9 ? euros * 100 + d1 * 10 + d2 : -1;
}

/** `amountCents` of an amount not written as `amountCents` reads it at once: digits, then a point and one or two decimals, or none. */
function otherAmountCents(v: string): number {
  const n = v.length;
  let units = 0;
  let i = 0;
  for (; i < n; i += 1) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    if (i === MAX_EURO_DIGITS) return -1; // more digits than the cap has: refused, however long the string
    units = units * 10 + c;
  }
  if (i === 0) return -1;
  let cents = 0;
  if (i < n) {
    const decimals = n - i - 1;
    if (v.charCodeAt(i) !== 46 || decimals < 1 || decimals > 2) return -1;
    const d1 = v.charCodeAt(i + 1) - 48;
    const d2 = decimals === 2 ? v.charCodeAt(i + 2) - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return -1;
    cents = d1 * 10 + d2;
  }
  if (i === MAX_EURO_DIGITS && (cents !== 0 || !v.startsWith(MAX_EUROS))) return -1;
  return units * 100 + cents;
}
const isAmount = (v: unknown): boolean => amountCents(v) >= 0;

/** A number between `min` and `max` (zod's `z.number()` refuses NaN and infinities; so do these bounds). */
const between = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && v >= min && v <= max;
/** Mirrors `z.int()` with bounds: an integer between `min` and `max` (both safe integers). */
const intBetween = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isBoolean = (v: unknown): boolean => typeof v === 'boolean';
/** Mirrors `disabilityRate`: between 0 and 1. */
const isRate = (v: unknown): boolean => between(v, 0, 1);
/** Mirrors `gir`: an integer from 1 to 6. */
const isGir = (v: unknown): boolean => intBetween(v, 1, 6);
/** Mirrors `perMonth(HOUSEHOLD_LIMITS.hoursPerMonth)` and `perMonth(HOUSEHOLD_LIMITS.mealsPerMonth)`. */
const isHours = (v: unknown): boolean => between(v, 0, LIMITS.hoursPerMonth);
const isMeals = (v: unknown): boolean => between(v, 0, LIMITS.mealsPerMonth);
/** Mirrors `year` of `taxReturnSchema`. */
const isTaxYear = (v: unknown): v is number => intBetween(v, 1990, 2100);
/**
 * Mirrors `shares` of `taxReturnSchema`: 1 to 20, a multiple of 0.25. Only exact multiples are decided
 * here (×4 is exact in binary); zod's `multipleOf` also takes values within a float tolerance of one,
 * which are left to it (this says no, and zod decides).
 */
const isShares = (v: unknown): boolean => between(v, 1, 20) && Number.isInteger(v * 4);

/**
 * A table for a vocabulary of `enums.ts`, found when the module loads: indexed by a hash of the length
 * and one character (`(length × 31 + code of character at) & mask`) that no two of its values share, it
 * names the one value a string can be, and a comparison decides (a claim state is tested 37 times a
 * household: this costs a third of a `Set` lookup). Undefined when no such hash separates the values.
 */
function hashTable(values: readonly string[]): { readonly at: number; readonly mask: number; readonly table: readonly (string | null)[] } | undefined {
  const shortest = Math.min(...values.map((value) => value.length));
  for (let size = 8; size <= 256; size *= 2) {
    for (let at = 0; at < shortest && size >= values.length; at += 1) {
      const mask = size - 1;
      const table: (string | null)[] = Array.from({ length: size }, () => null);
      let separated = true;
      for (const value of values) {
        const h = (value.length * 31 + value.charCodeAt(at)) & mask;
        if (table[h] !== null) separated = false;
        table[h] = value;
      }
      if (separated) return { at, mask, table };
    }
  }
  return undefined;
}

/**
 * Membership of a vocabulary of `enums.ts`, as `z.enum` tests it: one of its strings (by `hashTable`, or
 * else a `Set`). The hash is computed in the test itself, which calls nothing.
 */
function vocabulary(values: readonly string[]): (v: unknown) => boolean {
  const found = hashTable(values);
  if (found === undefined) {
    const set: ReadonlySet<unknown> = new Set(values);
    return (v) => set.has(v);
  }
  const { at, mask, table } = found;
  // A string shorter than `at + 1` hashes as if its character were 0 (NaN & mask is 0): refused by the comparison, as no value is that short.
  return (v) => typeof v === 'string' && table[(v.length * 31 + v.charCodeAt(at)) & mask] === v;
}

/** The index of a string in a vocabulary (by `hashTable`, or else a `Map`), or -1 when it is not one of its strings. */
function vocabularyIndex(values: readonly string[]): (v: unknown) => number {
  const found = hashTable(values);
  if (found === undefined) {
    const map: ReadonlyMap<unknown, number> = new Map(values.map((value, i) => [value, i]));
    return (v) => map.get(v) ?? -1;
  }
  const { at, mask, table } = found;
  const indices = table.map((value) => (value === null ? -1 : values.indexOf(value)));
  return (v) => {
    if (typeof v !== 'string') return -1;
    const h = (v.length * 31 + v.charCodeAt(at)) & mask;
    return table[h] === v ? (indices[h] as number) : -1;
  };
}
const isRole = vocabulary(ROLES);
const isActivity = vocabulary(ACTIVITIES);
const isSchooling = vocabulary(SCHOOLING);
const isNationality = vocabulary(NATIONALITIES);
const isCustody = vocabulary(CUSTODY);
const isCoupleStatus = vocabulary(COUPLE_STATUSES);
const isHousingStatus = vocabulary(HOUSING_STATUSES);
/** The index of an income kind in `INCOME_KINDS` (the `kindIndex` of its records, as `INCOME_KIND_INDEX` gives it), or -1. */
const incomeKindIndex = vocabularyIndex(INCOME_KINDS);
const isIncomeKind = (v: unknown): boolean => incomeKindIndex(v) >= 0;
const isClaimState = vocabulary(CLAIM_STATES);

// ─── The shapes of the contract, and their drift ────────────────────────────────────────────────────

/**
 * One field of a strict object: may it be left out, and the check of its value (for a field holding an
 * object or a list, none here: a function of its own decodes it). `values` names the vocabulary of
 * `enums.ts` an enum field takes.
 */
interface Field {
  readonly optional: boolean;
  readonly check?: (v: unknown) => boolean;
  readonly values?: readonly string[];
}
const req = (check?: (v: unknown) => boolean, values?: readonly string[]): Field => ({ optional: false, ...(check === undefined ? {} : { check }), ...(values === undefined ? {} : { values }) });
const opt = (check?: (v: unknown) => boolean, values?: readonly string[]): Field => ({ ...req(check, values), optional: true });

/** The fields of each strict object of `schema.ts`, in its order (zod outputs them in that order). */
const SHAPES = {
  household: {
    id: opt(isHouseholdId),
    commune: opt(isCommune),
    area: opt(isSlug),
    persons: req(),
    couple: opt(),
    incomes: opt(),
    incomesComplete: opt(isBoolean),
    taxReturns: opt(),
    housing: opt(),
    claims: opt(),
    services: opt(),
  },
  person: {
    id: req(isPersonId),
    role: req(isRole, ROLES),
    birthDate: opt(isDate),
    activity: opt(isActivity, ACTIVITIES),
    unemployedSince: opt(isDate),
    disabilityRate: opt(isRate),
    gir: opt(isGir),
    unfitForWork: opt(isBoolean),
    restrictedWorkAccess: opt(isBoolean),
    schooling: opt(isSchooling, SCHOOLING),
    nationality: opt(isNationality, NATIONALITIES),
    residencePermitSince: opt(isDate),
    custody: opt(isCustody, CUSTODY),
    pregnant: opt(isBoolean),
    livesAlone: opt(isBoolean),
    carer: opt(isBoolean),
  },
  couple: { status: req(isCoupleStatus, COUPLE_STATUSES), since: opt(isDate) },
  income: { person: req(isPersonId), kind: req(isIncomeKind, INCOME_KINDS), month: req(isMonth), amount: req(isAmount), grossAmount: opt(isAmount) },
  taxReturn: { year: req(isTaxYear), referenceIncome: req(isAmount), shares: req(isShares) },
  housing: { status: opt(isHousingStatus, HOUSING_STATUSES), monthlyRent: opt(isAmount), housingBenefit: opt(isAmount) },
  services: { crecheHoursPerMonth: opt(isHours), canteenMealsPerMonth: opt(isMeals), afterSchoolHoursPerMonth: opt(isHours), mealsAtHomePerMonth: opt(isMeals) },
} as const satisfies Readonly<Record<string, Readonly<Record<string, Field>>>>;

type ShapeName = keyof typeof SHAPES;
/** The fields of each strict object, in the schema's order (`onlyKnownKeys` walks them). */
const fieldList = (shape: ShapeName): readonly string[] => Object.keys(SHAPES[shape]);
const KEYS = {
  household: fieldList('household'),
  person: fieldList('person'),
  couple: fieldList('couple'),
  income: fieldList('income'),
  taxReturn: fieldList('taxReturn'),
  housing: fieldList('housing'),
  services: fieldList('services'),
} as const satisfies Readonly<Record<ShapeName, readonly string[]>>;

/** The shape of a zod node, as far as comparing it with `SHAPES` needs (read as `knownKeys` of parse.ts reads it). */
interface ZodNode {
  readonly _zod: {
    readonly optin?: string;
    readonly values?: ReadonlySet<unknown>;
    readonly def: { readonly type: string; readonly shape?: Readonly<Record<string, ZodNode>>; readonly innerType?: ZodNode; readonly keyType?: ZodNode; readonly valueType?: ZodNode };
  };
  readonly safeParse: (v: unknown) => { readonly success: boolean };
}

const unwrap = (node: ZodNode): ZodNode => (node._zod.def.innerType === undefined ? node : unwrap(node._zod.def.innerType));

/**
 * Values at the edges of every check of the contract (lengths, patterns, calendar, caps, bounds), drawn
 * from `HOUSEHOLD_LIMITS` and the vocabularies: each check of this file must accept exactly those of them
 * that the zod field accepts. A cap or a pattern changed in schema.ts shows up here.
 */
function probeValues(): readonly unknown[] {
  const L = HOUSEHOLD_LIMITS;
  const lengths = [L.text, L.personId, L.householdId].flatMap((n) => [n - 1, n, n + 1]);
  const max = L.amountEuros;
  const amounts = [String(max), `${max}.0`, `${max}.00`, `${max}.01`, `${max}.000`, String(max + 1), `${max - 1}.99`, `0${max / 10}`, `0${max}`, String(max * 10)];
  const amountShapes = ['0', '00', '0.5', '1.50', '1.505', '1.005', '12,5', '1 300,00', '1,300.00', '.5', '5.', '-1', '+1', '1e3', ' 1', '1 ', '١٢', '1450.00', '0000001.5', '00000000', '000000001', '99999999', '123456789.5', '1.5a', '1..5'];
  const dates = [
    ...['2024-02-29', '2023-02-29', '2000-02-29', '1900-02-29', '2100-02-29', '0400-02-29', '0100-02-29', '2024-04-31', '2024-06-30', '2024-12-31', '2024-01-32', '2024-01-00'],
    ...['0099-06-15', '0100-06-15', '0000-01-01', '1900-01-01', '9999-12-31', '2024-13-01', '2024-00-10', '2024-1-01', ' 2024-01-01', '2024-01-01 ', '2024/01/01', '2024-0a-01', '2024-01-1a', '١٩٩٠-01-01', '2024-01-01\n'],
  ];
  const months = ['2024-00', '2024-01', '2024-12', '2024-13', '0000-01', '2024-1', '2024-011'];
  const words = ['', 'a', 'A', 'a-b', 'a--b', '-a', 'a-', 'ab-12', 'é', 'a_b', '86194', '2A004', '2B999', '2C004', '8619', '861944', '3A004', 'a6194', '2a004', '__proto__', 'constructor'];
  const numbers = [-1, -0, 0, 0.25, 0.5, 1, 1.25, 1.3, 1.5, 2, 5, 6, 6.5, 7, 19.75, 20, 20.25, 21, 92, 93, 93.5, 94, 743.5, 744, 745, 1989, 1990, 2100, 2101, Number.NaN, Infinity, -Infinity, 2 ** 53, 1e308];
  const vocabularies = [ROLES, ACTIVITIES, SCHOOLING, NATIONALITIES, CUSTODY, COUPLE_STATUSES, HOUSING_STATUSES, INCOME_KINDS, CLAIM_STATES].flat();
  return [...lengths.map((n) => 'a'.repeat(n)), ...amounts, ...amountShapes, ...dates, ...months, ...words, ...numbers, ...vocabularies, true, false, null, undefined, [], {}, '1', 'true'];
}

/**
 * Where this file and `schema.ts` disagree — a field added, removed, moved, made required or optional, an
 * enum that is not the vocabulary of `enums.ts` listed here, a check that decides a value at its edges
 * otherwise than zod —, in French, one line each; empty when they agree. `test/fast-parse.test.ts` asserts
 * it is empty. The first three are also read when the module loads: while they are not empty, the fast
 * pass stands aside and every record takes the zod path. (The probes of the checks, some thousand zod
 * parses, are left to the test: they would cost every importer about 10 ms.)
 */
export function contractDrift(): readonly string[] {
  return drift(true);
}

function drift(probe: boolean): readonly string[] {
  const household = householdSchema as unknown as ZodNode;
  const field = (name: string): ZodNode | undefined => household._zod.def.shape?.[name];
  const objects: readonly (readonly [ShapeName, ZodNode | undefined])[] = [
    ['household', household],
    ['person', personSchema as unknown as ZodNode],
    ['couple', field('couple')],
    ['income', incomeSchema as unknown as ZodNode],
    ['taxReturn', taxReturnSchema as unknown as ZodNode],
    ['housing', field('housing')],
    ['services', field('services')],
  ];
  const probes = probe ? probeValues() : [];
  const out: string[] = [];
  const sameVerdicts = (where: string, zodField: ZodNode, check: (v: unknown) => boolean): void => {
    if (!probe) return;
    const differ = probes.filter((v) => v !== undefined && zodField.safeParse(v).success !== check(v));
    if (differ.length > 0) out.push(`${where} : ce fichier et le schéma jugent autrement ${differ.map((v) => JSON.stringify(v) ?? String(v)).join(', ')}`);
  };
  for (const [name, node] of objects) {
    const shape = node === undefined ? undefined : unwrap(node)._zod.def.shape;
    if (shape === undefined) {
      out.push(`${name} : objet introuvable dans le schéma`);
      continue;
    }
    const mine: Readonly<Record<string, Field>> = SHAPES[name];
    if (Object.keys(shape).join(',') !== Object.keys(mine).join(',')) {
      out.push(`${name} : champs du schéma ${Object.keys(shape).join(', ')} ; champs lus ici ${Object.keys(mine).join(', ')}`);
      continue;
    }
    for (const [key, spec] of Object.entries(mine)) {
      const zodField = shape[key] as ZodNode;
      if ((zodField._zod.optin !== undefined) !== spec.optional) out.push(`${name}.${key} : ${spec.optional ? 'obligatoire' : 'facultatif'} dans le schéma`);
      const values = unwrap(zodField)._zod.values;
      const same = spec.values === undefined ? values === undefined : values !== undefined && values.size === spec.values.length && spec.values.every((v) => values.has(v));
      if (!same) out.push(`${name}.${key} : valeurs du schéma ${values === undefined ? '(aucune)' : [...values].join(', ')}`);
      if (spec.check !== undefined) sameVerdicts(`${name}.${key}`, unwrap(zodField), spec.check);
    }
  }
  // claims: a record of slugs to claim states.
  const claims = field('claims');
  const keyType = claims === undefined ? undefined : unwrap(claims)._zod.def.keyType;
  const valueType = claims === undefined ? undefined : unwrap(claims)._zod.def.valueType;
  if (keyType === undefined || valueType === undefined) out.push('claims : enregistrement introuvable dans le schéma');
  else {
    sameVerdicts('claims (clés)', keyType, isSlug);
    sameVerdicts('claims (valeurs)', valueType, isClaimState);
  }
  // decodePerson walks the fields of a person in an order of its own; prototypeHoldsPersonField names them.
  if (PERSON_FIELDS.join(',') !== KEYS.person.join(',')) out.push(`person : champs lus par decodePerson ${PERSON_FIELDS.join(', ')} ; champs du schéma ${KEYS.person.join(', ')}`);
  if (probe) {
    const asked: string[] = [];
    prototypeHoldsPersonField(
      new Proxy(
        {},
        {
          has: (_target, key) => {
            asked.push(String(key));
            return false;
          },
        },
      ),
    );
    if (asked.join(',') !== KEYS.person.join(',')) out.push(`person : champs cherchés dans Object.prototype ${asked.join(', ')} ; champs du schéma ${KEYS.person.join(', ')}`);
  }
  if (out.length === 0) out.push(...uncopiedFields());
  return out;
}

/**
 * Where a decoder of this file leaves out a field of `SHAPES`, or copies it out of the schema's order: a
 * household with every optional field present with the value `undefined` (which zod keeps so) must come
 * out with the keys of `SHAPES`, in order, in each of its objects. A field added to `SHAPES` but not read
 * by its decoder shows up here (when the module loads: the pass then stands aside).
 */
function uncopiedFields(): readonly string[] {
  const blank = (shape: ShapeName, given: Rec): Rec => Object.fromEntries(KEYS[shape].map((k) => [k, given[k]]));
  const household = blank('household', {
    persons: [blank('person', { id: 'p1', role: 'applicant' })],
    couple: blank('couple', { status: 'single' }),
    incomes: [blank('income', { person: 'p1', kind: INCOME_KINDS[0], month: '2024-01', amount: '0' })],
    taxReturns: [blank('taxReturn', { year: 2024, referenceIncome: '0', shares: 1 })],
    housing: blank('housing', {}),
    claims: {},
    services: blank('services', {}),
  });
  const prepared = decodeRecord(household, { at: undefined, ruleIds: undefined, ruleIdsAreSlugs: false, checkedClaimKeys: undefined });
  if (prepared === undefined) return ['foyer témoin (chaque champ présent, valeur undefined) : refusé par ce fichier'];
  const h = prepared.household as unknown as Rec;
  const first = (list: unknown): Rec => (Array.isArray(list) ? (list[0] as Rec) : {});
  const copies: readonly (readonly [ShapeName, unknown])[] = [
    ['household', h],
    ['person', first(h.persons)],
    ['couple', h.couple],
    ['income', first(h.incomes)],
    ['taxReturn', first(h.taxReturns)],
    ['housing', h.housing],
    ['services', h.services],
  ];
  return copies
    .filter(([name, copy]) => !isObject(copy) || Object.keys(copy).join(',') !== KEYS[name].join(','))
    .map(([name, copy]) => `${name} : champs recopiés ici ${isObject(copy) ? Object.keys(copy).join(', ') : '(aucun)'} ; champs du schéma ${KEYS[name].join(', ')}`);
}

// ─── Parts of the household ─────────────────────────────────────────────────────────────────────────

/** Oldest age accepted at the evaluation date: `MAX_AGE` of parse.ts. */
const MAX_AGE = 120;

/**
 * The fields of a person in the order `decodePerson` takes them (the cases of its `switch`, the bits of
 * its `present`): those of `KEYS.person`, in its order, which `drift` checks when the module loads.
 */
const PERSON_FIELDS = [
  'id',
  'role',
  'birthDate',
  'activity',
  'unemployedSince',
  'disabilityRate',
  'gir',
  'unfitForWork',
  'restrictedWorkAccess',
  'schooling',
  'nationality',
  'residencePermitSince',
  'custody',
  'pregnant',
  'livesAlone',
  'carer',
] as const;

/**
 * Whether `Object.prototype` holds a field of a person (`PERSON_FIELDS`), enumerable or not. `decodePerson`
 * reads a person's fields by walking its keys, which does not meet a property that is not enumerable; zod
 * reads each field by name, which does, own or inherited. A person's own such properties are counted
 * (`Object.getOwnPropertyNames`); this tells, for a few nanoseconds (each test is on one object of one
 * shape, `PLAIN`), that none is inherited from `Object.prototype`. Written out field by field (one test
 * on one object each: a loop over the names would make one test on many names, slower); that it names
 * exactly the fields of `KEYS.person` is checked by `contractDrift`.
 */
const PLAIN: object = {};
function prototypeHoldsPersonField(plain: object): boolean {
  return (
    'id' in plain ||
    'role' in plain ||
    'birthDate' in plain ||
    'activity' in plain ||
    'unemployedSince' in plain ||
    'disabilityRate' in plain ||
    'gir' in plain ||
    'unfitForWork' in plain ||
    'restrictedWorkAccess' in plain ||
    'schooling' in plain ||
    'nationality' in plain ||
    'residencePermitSince' in plain ||
    'custody' in plain ||
    'pregnant' in plain ||
    'livesAlone' in plain ||
    'carer' in plain
  );
}

/**
 * Mirrors `personSchema`, and the checks of one person in `crossFieldIssues` and `evaluationDateIssues`
 * (parse.ts). The person as zod outputs it (its fields in the schema's order; a key present with the
 * value `undefined`, never in JSON, kept so, as `z.optional` keeps it), or undefined when refused; its
 * birth date, decoded, goes to `birth.date`.
 *
 * Persons come in many shapes (some forty in a population), so reading sixteen fields by name, and
 * asking of each absent one whether the key is there, costs more than the rest of the person: the keys
 * are walked once instead (as `onlyKnownKeys` walks them), each value taken as its key is met. The walk
 * meets every key zod reads when the person has no property that is not enumerable (its own properties
 * number the keys walked) and inherits none of the fields: from `Object.prototype`, which
 * `decodePersons` asks once per household, or from nothing. Any other person is left to zod.
 */
function decodePerson(raw: unknown, at: CivilDate | undefined, birth: { date: CivilDate | undefined }): Person | undefined {
  if (!isObject(raw)) return undefined;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const known: readonly string[] = PERSON_FIELDS;
  const n = known.length;
  let id: unknown, role: unknown, birthDate: unknown, activity: unknown, unemployedSince: unknown, disabilityRate: unknown, gir: unknown, unfitForWork: unknown;
  let restrictedWorkAccess: unknown, schooling: unknown, nationality: unknown, residencePermitSince: unknown, custody: unknown, pregnant: unknown, livesAlone: unknown, carer: unknown;
  // Bit j: the key of field j of `PERSON_FIELDS` is present.
  let present = 0;
  let count = 0;
  let j = 0;
  for (const key in raw) {
    j = fieldIndex(known, key, j);
    if (j < 0) return undefined;
    const v = raw[key];
    switch (j) {
      case 0: id = v; break;
      case 1: role = v; break;
      case 2: birthDate = v; break;
      case 3: activity = v; break;
      case 4: unemployedSince = v; break;
      case 5: disabilityRate = v; break;
      case 6: gir = v; break;
      case 7: unfitForWork = v; break;
      case 8: restrictedWorkAccess = v; break;
      case 9: schooling = v; break;
      case 10: nationality = v; break;
      case 11: residencePermitSince = v; break;
      case 12: custody = v; break;
      case 13: pregnant = v; break;
      case 14: livesAlone = v; break;
      case 15: carer = v; break;
      default: return undefined; // never: `PERSON_FIELDS` has 16 fields
    }
    present |= 1 << j;
    count += 1;
    j = j + 1 === n ? 0 : j + 1;
  }
  if (Object.getOwnPropertyNames(raw).length !== count) return undefined;
  if (!isPersonId(id) || !isRole(role)) return undefined;
  const born = birthDate === undefined ? undefined : civilDate(birthDate);
  if (born === undefined && birthDate !== undefined) return undefined;
  if (
    (activity !== undefined && !isActivity(activity)) ||
    (unemployedSince !== undefined && !(isDate(unemployedSince) && withinLife(unemployedSince as string, born, at))) ||
    (disabilityRate !== undefined && !isRate(disabilityRate)) ||
    (gir !== undefined && !isGir(gir)) ||
    (unfitForWork !== undefined && !isBoolean(unfitForWork)) ||
    (restrictedWorkAccess !== undefined && !isBoolean(restrictedWorkAccess)) ||
    (schooling !== undefined && !isSchooling(schooling)) ||
    (nationality !== undefined && !isNationality(nationality)) ||
    (residencePermitSince !== undefined && !(isDate(residencePermitSince) && withinLife(residencePermitSince as string, born, at))) ||
    // crossFieldIssues: custody is said of children only.
    (custody !== undefined && !(isCustody(custody) && role === 'child')) ||
    (pregnant !== undefined && !isBoolean(pregnant)) ||
    (livesAlone !== undefined && !isBoolean(livesAlone)) ||
    (carer !== undefined && !isBoolean(carer))
  ) {
    return undefined;
  }
  // evaluationDateIssues: no birth after the evaluation date, no age above 120 at it.
  if (at !== undefined && born !== undefined && (born.iso > at.iso || age(born, at) > MAX_AGE)) return undefined;
  const out: Rec = { id, role };
  if ((present & 0x4) !== 0) out.birthDate = birthDate;
  if ((present & 0x8) !== 0) out.activity = activity;
  if ((present & 0x10) !== 0) out.unemployedSince = unemployedSince;
  if ((present & 0x20) !== 0) out.disabilityRate = disabilityRate;
  if ((present & 0x40) !== 0) out.gir = gir;
  if ((present & 0x80) !== 0) out.unfitForWork = unfitForWork;
  if ((present & 0x100) !== 0) out.restrictedWorkAccess = restrictedWorkAccess;
  if ((present & 0x200) !== 0) out.schooling = schooling;
  if ((present & 0x400) !== 0) out.nationality = nationality;
  if ((present & 0x800) !== 0) out.residencePermitSince = residencePermitSince;
  if ((present & 0x1000) !== 0) out.custody = custody;
  if ((present & 0x2000) !== 0) out.pregnant = pregnant;
  if ((present & 0x4000) !== 0) out.livesAlone = livesAlone;
  if ((present & 0x8000) !== 0) out.carer = carer;
  birth.date = born;
  return out as Person;
}

/**
 * A date of a person's life (registration as unemployed, residence permit), already a checked calendar
 * date: not before the birth (crossFieldIssues), not after the evaluation date (evaluationDateIssues).
 * Checked dates `YYYY-MM-DD` compare as their strings do.
 */
const withinLife = (date: string, birth: CivilDate | undefined, at: CivilDate | undefined): boolean =>
  (birth === undefined || date >= birth.iso) && (at === undefined || date <= at.iso);

/** Youngest age at which an adult of the household (applicant or partner) can have had a child (crossFieldIssues). */
const MIN_PARENT_AGE = 12;

/** Whether a child born on `child` has a parent old enough among the dated applicant and partner (crossFieldIssues): yes when neither is dated. */
const hasParentOldEnough = (child: CivilDate, applicant: CivilDate | undefined, partner: CivilDate | undefined): boolean =>
  (applicant === undefined && partner === undefined) ||
  (applicant !== undefined && age(applicant, child) >= MIN_PARENT_AGE) ||
  (partner !== undefined && age(partner, child) >= MIN_PARENT_AGE);

/** The persons, decoded, with what `prepareHousehold` and the checks across fields read from them. */
interface DecodedPersons {
  readonly persons: readonly Person[];
  readonly births: Map<string, CivilDate | undefined>;
  readonly applicant: Person;
  readonly partner: Person | undefined;
  readonly childCount: number;
}

/**
 * Mirrors `persons` of `householdSchema` (1 to `HOUSEHOLD_LIMITS.persons` persons) and the checks of
 * `crossFieldIssues` over them: distinct ids, exactly one applicant, at most one partner, and each child
 * born when the applicant or the partner was at least 12.
 */
function decodePersons(raw: unknown, at: CivilDate | undefined): DecodedPersons | undefined {
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > LIMITS.persons) return undefined;
  if (prototypeHoldsPersonField(PLAIN)) return undefined;
  const persons: Person[] = [];
  const births = new Map<string, CivilDate | undefined>();
  const birth: { date: CivilDate | undefined } = { date: undefined };
  let applicant: Person | undefined;
  let partner: Person | undefined;
  let applicantBirth: CivilDate | undefined;
  let partnerBirth: CivilDate | undefined;
  let childBirths: CivilDate[] | undefined;
  let childCount = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const person = decodePerson(raw[i], at, birth);
    if (person === undefined) return undefined;
    // No id in double (crossFieldIssues): at most 30 persons, a scan of the ids seen is cheaper than a lookup.
    for (let j = 0; j < persons.length; j += 1) if ((persons[j] as Person).id === person.id) return undefined;
    persons.push(person);
    births.set(person.id, birth.date);
    // Exactly one applicant and at most one partner (crossFieldIssues): a second one refuses at once.
    if (person.role === 'applicant') {
      if (applicant !== undefined) return undefined;
      applicant = person;
      applicantBirth = birth.date;
    } else if (person.role === 'partner') {
      if (partner !== undefined) return undefined;
      partner = person;
      partnerBirth = birth.date;
    } else if (person.role === 'child') {
      childCount += 1;
      if (birth.date !== undefined) (childBirths ??= []).push(birth.date);
    }
  }
  if (applicant === undefined) return undefined;
  if (childBirths !== undefined) for (const child of childBirths) if (!hasParentOldEnough(child, applicantBirth, partnerBirth)) return undefined;
  return { persons, births, applicant, partner, childCount };
}

/** Mirrors the `couple` object of `householdSchema`, and its checks in `crossFieldIssues` and `evaluationDateIssues`. */
function decodeCouple(raw: unknown, partner: Person | undefined, at: CivilDate | undefined): { readonly couple: Rec; readonly since: CivilDate | undefined } | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.couple)) return undefined;
  const { status, since } = raw;
  if (!isCoupleStatus(status)) return undefined;
  const date = since === undefined ? undefined : civilDate(since);
  if (since !== undefined && date === undefined) return undefined;
  // A couple has a partner and only a couple has one; a single person has no date of change.
  if ((status === 'couple') !== (partner !== undefined)) return undefined;
  if (date !== undefined && (status === 'single' || (at !== undefined && date.iso > at.iso))) return undefined;
  return { couple: since !== undefined || 'since' in raw ? { status, since } : { status }, since: date };
}

/** The incomes, decoded: as zod outputs them, and as `prepareHousehold` builds them (in cents, by month). */
interface DecodedIncomes {
  readonly incomes: readonly Rec[];
  readonly records: readonly IncomeRecord[];
  readonly resourceRecords: Map<number, IncomeRecord[]>;
}

/**
 * Mirrors `incomes` of `householdSchema` (at most `HOUSEHOLD_LIMITS.incomes` lines of `incomeSchema`) and
 * their checks in `crossFieldIssues` (a person of the household; a gross amount for a pension or a salary
 * only) and `evaluationDateIssues` (no month after the evaluation date's). Builds, as `prepareHousehold`
 * does, the records in cents and the applicant's and partner's records by month.
 */
function decodeIncomes(raw: unknown, persons: DecodedPersons, at: CivilDate | undefined): DecodedIncomes | undefined {
  if (!Array.isArray(raw) || raw.length > LIMITS.incomes) return undefined;
  const incomes: Rec[] = [];
  const records: IncomeRecord[] = [];
  const known = KEYS.income;
  const births = persons.births;
  const applicantId = persons.applicant.id;
  // With no partner, the applicant's id stands in the partner's place: it is tested first, so no line is the partner's.
  const partnerId = persons.partner === undefined ? applicantId : persons.partner.id;
  const lastMonth = at === undefined ? Infinity : at.monthIndex;
  // Lines come in runs of one person and one kind: a person or a kind equal to the line before's is known good.
  let person: unknown;
  let kind: unknown;
  let kindIndex = -1;
  // Each field of a line is read once: the value checked is the value copied. The records by month are
  // built afterwards, from the records (`recordsByMonth`).
  for (let i = 0; i < raw.length; i += 1) {
    const line: unknown = raw[i];
    if (typeof line !== 'object' || line === null || Array.isArray(line) || !onlyKnownKeys(line as Rec, known)) return undefined;
    const { person: who, kind: what, month, amount, grossAmount } = line as Rec;
    if (who !== person || i === 0) {
      person = who;
      // The applicant and the partner are persons of the household: only another person is looked up.
      if (who !== applicantId && who !== partnerId && !(isPersonId(who) && births.has(who))) return undefined;
    }
    if (what !== kind || i === 0) {
      kind = what;
      kindIndex = incomeKindIndex(what);
      if (kindIndex < 0) return undefined;
    }
    const m = monthIndex(month);
    const cents = amountCents(amount);
    if (m < 0 || cents < 0 || m > lastMonth) return undefined;
    let grossCents: number | undefined;
    let income: Rec;
    if (grossAmount !== undefined) {
      grossCents = amountCents(grossAmount);
      if (grossCents < 0 || (kind !== 'pension' && kind !== 'salary')) return undefined;
      income = { person, kind, month, amount, grossAmount };
    } else income = 'grossAmount' in (line as Rec) ? { person, kind, month, amount, grossAmount } : { person, kind, month, amount };
    incomes.push(income);
    records.push({ person: person as string, kind: kind as string, month: m, cents, grossCents, kindIndex });
  }
  return { incomes, records, resourceRecords: recordsByMonth(records, applicantId, partnerId) };
}

/**
 * The applicant's (slot 0) and the partner's (slot 1) records by `month * 2 + slot`, the keys in the
 * order `prepareHousehold` first meets them. `partnerId` is the applicant's when there is no partner.
 */
function recordsByMonth(records: readonly IncomeRecord[], applicantId: string, partnerId: string): Map<number, IncomeRecord[]> {
  const resourceRecords = new Map<number, IncomeRecord[]>();
  // The latest month met in the applicant's and the partner's records: a month after it is a new key (the usual order), no lookup.
  let applicantLast = -1;
  let partnerLast = -1;
  for (let i = 0; i < records.length; i += 1) {
    const r = records[i] as IncomeRecord;
    const m = r.month;
    if (r.person === applicantId) {
      if (m > applicantLast) {
        resourceRecords.set(m * 2, [r]);
        applicantLast = m;
      } else addRecord(resourceRecords, m * 2, r);
    } else if (r.person === partnerId) {
      if (m > partnerLast) {
        resourceRecords.set(m * 2 + 1, [r]);
        partnerLast = m;
      } else addRecord(resourceRecords, m * 2 + 1, r);
    }
  }
  return resourceRecords;
}

/** Adds a record to the records of its month and person, as `prepareHousehold` does. */
function addRecord(resourceRecords: Map<number, IncomeRecord[]>, key: number, r: IncomeRecord): void {
  const same = resourceRecords.get(key);
  if (same === undefined) resourceRecords.set(key, [r]);
  else same.push(r);
}

/**
 * Mirrors `taxReturns` of `householdSchema` (at most `HOUSEHOLD_LIMITS.taxReturns` of `taxReturnSchema`)
 * and the one return per year of `crossFieldIssues` (at most 50: a scan of the years seen). A number of
 * shares that is not exactly a multiple of 0.25 is left to zod, whose `multipleOf` has a float tolerance
 * of its own.
 */
function decodeTaxReturns(raw: unknown): readonly Rec[] | undefined {
  if (!Array.isArray(raw) || raw.length > LIMITS.taxReturns) return undefined;
  const out: Rec[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    const t: unknown = raw[i];
    if (!isObject(t) || !onlyKnownKeys(t, KEYS.taxReturn)) return undefined;
    const { year, referenceIncome, shares } = t;
    if (!isTaxYear(year) || !isAmount(referenceIncome) || !isShares(shares)) return undefined;
    for (let j = 0; j < out.length; j += 1) if ((out[j] as Rec).year === year) return undefined;
    out.push({ year, referenceIncome, shares });
  }
  return out;
}

/** Mirrors the `housing` object of `householdSchema`. */
function decodeHousing(raw: unknown): Rec | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.housing)) return undefined;
  const { status, monthlyRent, housingBenefit } = raw;
  if ((status !== undefined && !isHousingStatus(status)) || (monthlyRent !== undefined && !isAmount(monthlyRent)) || (housingBenefit !== undefined && !isAmount(housingBenefit))) return undefined;
  const out: Rec = {};
  if (status !== undefined || 'status' in raw) out.status = status;
  if (monthlyRent !== undefined || 'monthlyRent' in raw) out.monthlyRent = monthlyRent;
  if (housingBenefit !== undefined || 'housingBenefit' in raw) out.housingBenefit = housingBenefit;
  return out;
}

/** Mirrors the `services` object of `householdSchema` (`perMonth` bounds). */
function decodeServices(raw: unknown): Rec | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.services)) return undefined;
  const { crecheHoursPerMonth, canteenMealsPerMonth, afterSchoolHoursPerMonth, mealsAtHomePerMonth } = raw;
  if (
    (crecheHoursPerMonth !== undefined && !isHours(crecheHoursPerMonth)) ||
    (canteenMealsPerMonth !== undefined && !isMeals(canteenMealsPerMonth)) ||
    (afterSchoolHoursPerMonth !== undefined && !isHours(afterSchoolHoursPerMonth)) ||
    (mealsAtHomePerMonth !== undefined && !isMeals(mealsAtHomePerMonth))
  ) {
    return undefined;
  }
  const out: Rec = {};
  if (crecheHoursPerMonth !== undefined || 'crecheHoursPerMonth' in raw) out.crecheHoursPerMonth = crecheHoursPerMonth;
  if (canteenMealsPerMonth !== undefined || 'canteenMealsPerMonth' in raw) out.canteenMealsPerMonth = canteenMealsPerMonth;
  if (afterSchoolHoursPerMonth !== undefined || 'afterSchoolHoursPerMonth' in raw) out.afterSchoolHoursPerMonth = afterSchoolHoursPerMonth;
  if (mealsAtHomePerMonth !== undefined || 'mealsAtHomePerMonth' in raw) out.mealsAtHomePerMonth = mealsAtHomePerMonth;
  return out;
}

/**
 * Mirrors `claimsSchema` (a record of slugs to claim states, at most `HOUSEHOLD_LIMITS.claims`), the
 * prototype guard, and `claimIssues` when rule ids are given. Only a plain object (of `Object.prototype`
 * or of none) without symbol keys is decided here: zod's `isPlainObject` takes a few more, left to it.
 */
function decodeClaims(raw: unknown, context: Context): Rec | undefined {
  if (!isObject(raw) || Object.getOwnPropertySymbols(raw).length > 0) return undefined;
  const proto: unknown = Object.getPrototypeOf(raw);
  if (proto !== Object.prototype && proto !== null) return undefined;
  const { ruleIds, ruleIdsAreSlugs, checkedClaimKeys: checked } = context;
  // `for…in` also meets inherited keys, which zod's record ignores: one of them is refused here, never let through.
  let count = 0;
  for (const key in raw) {
    if (count === LIMITS.claims || !isClaimState(raw[key])) return undefined;
    if (checked === undefined || checked[count] !== key) {
      if (ruleIds !== undefined && !ruleIds.has(key)) return undefined;
      if (!ruleIdsAreSlugs && (!isSlug(key) || isForbiddenKey(key))) return undefined;
      if (checked !== undefined) checked[count] = key;
    }
    count += 1;
  }
  // zod builds a new object with the same keys in the same order (string keys only, checked above).
  return { ...raw };
}

// ─── The household ──────────────────────────────────────────────────────────────────────────────────

/** Whether the pass may decide: the fields of the schema are those read and copied here (checked once, when the module loads). */
const IN_LINE_WITH_SCHEMA = drift(false).length === 0;

/** The pass, when it may decide (`IN_LINE_WITH_SCHEMA`). */
function decodeHousehold(raw: unknown, context: Context): PreparedHousehold | undefined {
  return IN_LINE_WITH_SCHEMA ? decodeRecord(raw, context) : undefined;
}

/**
 * Reads, before anything is decoded, the persons' birth dates and the amounts of the incomes and of the
 * tax returns (their lengths), and decides nothing. In a population that is no longer in the processor's
 * cache, each is a string of its own, away in memory from its object: read here in three tight loops,
 * they are fetched many at a time, not one by one as the decoding meets them (about a tenth of the time
 * of such a household). The values read here are not used: each is read again where it is checked.
 */
function fetchAhead(raw: Rec): number {
  let fetched = 0;
  const { persons, incomes, taxReturns } = raw;
  if (Array.isArray(persons)) {
    for (let i = 0; i < persons.length; i += 1) {
      const p: unknown = persons[i];
      if (typeof p === 'object' && p !== null) fetched += lengthOf((p as Rec).birthDate);
    }
  }
  if (Array.isArray(incomes)) {
    for (let i = 0; i < incomes.length; i += 1) {
      const line: unknown = incomes[i];
      if (typeof line === 'object' && line !== null) fetched += lengthOf((line as Rec).amount) + lengthOf((line as Rec).grossAmount);
    }
  }
  if (Array.isArray(taxReturns)) {
    for (let i = 0; i < taxReturns.length; i += 1) {
      const t: unknown = taxReturns[i];
      if (typeof t === 'object' && t !== null) fetched += lengthOf((t as Rec).referenceIncome);
    }
  }
  return fetched;
}

/** The length of a string, 0 for anything else (declared as a function: the check of `IN_LINE_WITH_SCHEMA`, above, runs it). */
function lengthOf(v: unknown): number {
  return typeof v === 'string' ? v.length : 0;
}

/** Mirrors `householdSchema` field by field, then builds what `prepareHousehold` returns. */
function decodeRecord(raw: unknown, context: Context): PreparedHousehold | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.household)) return undefined;
  if (fetchAhead(raw) < 0) return undefined; // never (lengths are not negative): the sum is used, so the reads stay
  const { at } = context;
  const { id, commune, area, incomesComplete } = raw;
  if ((id !== undefined && !isHouseholdId(id)) || (commune !== undefined && !isCommune(commune)) || (area !== undefined && !isSlug(area))) return undefined;
  if (incomesComplete !== undefined && !isBoolean(incomesComplete)) return undefined;
  const persons = decodePersons(raw.persons, at);
  if (persons === undefined) return undefined;
  const couple = raw.couple === undefined ? undefined : decodeCouple(raw.couple, persons.partner, at);
  if (couple === undefined && raw.couple !== undefined) return undefined;
  const incomes = raw.incomes === undefined ? undefined : decodeIncomes(raw.incomes, persons, at);
  if (incomes === undefined && raw.incomes !== undefined) return undefined;
  const taxReturns = raw.taxReturns === undefined ? undefined : decodeTaxReturns(raw.taxReturns);
  if (taxReturns === undefined && raw.taxReturns !== undefined) return undefined;
  const housing = raw.housing === undefined ? undefined : decodeHousing(raw.housing);
  if (housing === undefined && raw.housing !== undefined) return undefined;
  const claims = raw.claims === undefined ? undefined : decodeClaims(raw.claims, context);
  if (claims === undefined && raw.claims !== undefined) return undefined;
  const services = raw.services === undefined ? undefined : decodeServices(raw.services);
  if (services === undefined && raw.services !== undefined) return undefined;

  // The household as zod outputs it: the fields of the schema in its order, a key present with the value
  // `undefined` kept so.
  const out: Rec = {};
  if (id !== undefined || 'id' in raw) out.id = id;
  if (commune !== undefined || 'commune' in raw) out.commune = commune;
  if (area !== undefined || 'area' in raw) out.area = area;
  out.persons = persons.persons;
  if (couple !== undefined || 'couple' in raw) out.couple = couple?.couple;
  if (incomes !== undefined || 'incomes' in raw) out.incomes = incomes?.incomes;
  if (incomesComplete !== undefined || 'incomesComplete' in raw) out.incomesComplete = incomesComplete;
  if (taxReturns !== undefined || 'taxReturns' in raw) out.taxReturns = taxReturns;
  if (housing !== undefined || 'housing' in raw) out.housing = housing;
  if (claims !== undefined || 'claims' in raw) out.claims = claims;
  if (services !== undefined || 'services' in raw) out.services = services;

  // What prepareHousehold returns, built from the same decoded values, in the same order.
  return {
    household: out as Household,
    applicant: persons.applicant,
    partner: persons.partner,
    childCount: persons.childCount,
    coupleSince: couple?.since,
    births: persons.births,
    records: incomes === undefined ? [] : incomes.records,
    resourceRecords: incomes === undefined ? new Map<number, IncomeRecord[]>() : incomes.resourceRecords,
  };
}
