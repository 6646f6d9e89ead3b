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
import { ageAt, parseEvaluationDate, tryParseDate, tryParseMonth, type CivilDate } from '../dates.js';
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
}

/** Decodes the options as `safeParseHousehold` does (`DATE_INVALID` first); `once`: for a preparer, rule ids copied and checked. */
function contextOf(options: HouseholdParseOptions, once: boolean): Context {
  const at = options.date === undefined ? undefined : parseEvaluationDate(options.date, 'date');
  if (!once || options.ruleIds === undefined) return { at, ruleIds: options.ruleIds, ruleIdsAreSlugs: false };
  const ruleIds: ReadonlySet<string> = new Set(options.ruleIds);
  return { at, ruleIds, ruleIdsAreSlugs: [...ruleIds].every((id) => isSlug(id) && !isForbiddenKey(id)) };
}

// ─── Values ─────────────────────────────────────────────────────────────────────────────────────────

type Rec = Record<string, unknown>;

/** zod's test for an object (`util.isObject`): strict objects accept any non-array object. */
const isObject = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** No key outside `known`: mirrors `z.strictObject`, which walks the keys with `for…in` and refuses the others. */
function onlyKnownKeys(raw: Rec, known: ReadonlySet<string>): boolean {
  for (const key in raw) if (!known.has(key)) return false;
  return true;
}

/**
 * An optional field: absent, or accepted by `valid`, and copied to `out`. As `z.optional` does, a key that
 * is present with the value `undefined` (never in JSON) is kept with that value. False when refused.
 */
function optional(raw: Rec, out: Rec, key: string, valid: (v: unknown) => boolean): boolean {
  const v = raw[key];
  if (v === undefined) {
    if (key in raw) out[key] = undefined;
    return true;
  }
  if (!valid(v)) return false;
  out[key] = v;
  return true;
}

/** Mirrors `bounded(max)` of schema.ts (with `min` for `.check(z.minLength(1))`): a string of `min` to `max` UTF-16 units. */
const boundedText = (v: unknown, max: number, min = 0): v is string => typeof v === 'string' && v.length >= min && v.length <= max;
/** Mirrors `id` of `personSchema` and `person` of `incomeSchema`. */
const isPersonId = (v: unknown): v is string => boundedText(v, HOUSEHOLD_LIMITS.personId, 1);
/** Mirrors `id` of `householdSchema`. */
const isHouseholdId = (v: unknown): boolean => boundedText(v, HOUSEHOLD_LIMITS.householdId);

/** Mirrors `slug()` of schema.ts: at most `HOUSEHOLD_LIMITS.text` characters, then `/^[a-z0-9]+(-[a-z0-9]+)*$/`. */
function isSlug(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > HOUSEHOLD_LIMITS.text) return false;
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

/**
 * Mirrors `dateString`: its pattern `YYYY-MM-DD`, then `tryParseDate` (the very function its refinement
 * calls, date-fns' calendar included), whose result is the decoded date `prepareHousehold` builds.
 */
const civilDate = (v: unknown): CivilDate | undefined => (typeof v === 'string' && v.length === 10 ? tryParseDate(v) : undefined);
const isDate = (v: unknown): boolean => civilDate(v) !== undefined;

/** Mirrors `monthString` (`/^\d{4}-(0[1-9]|1[0-2])$/`): the month index (`tryParseMonth` accepts exactly those strings), or undefined. */
const monthIndex = (v: unknown): number | undefined => (typeof v === 'string' ? tryParseMonth(v) : undefined);
const isMonth = (v: unknown): boolean => monthIndex(v) !== undefined;

/** The cap of amounts, as `AMOUNT_RE` of schema.ts writes it: up to 7 digits, or exactly 10000000, before the decimals. */
const MAX_EUROS = String(HOUSEHOLD_LIMITS.amountEuros);

/**
 * Mirrors `householdAmountString` (`AMOUNT_RE`: `/^(\d{1,7}(\.\d{1,2})?|10000000(\.00?)?)$/`): the amount
 * as an integer number of cents (as `parseCents` reads it), or undefined when the string is refused.
 */
function amountCents(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = v.length;
  let units = 0;
  let i = 0;
  for (; i < n; i += 1) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    units = units * 10 + c;
  }
  const digits = i;
  if (digits === 0) return undefined;
  let cents = 0;
  if (i < n) {
    const decimals = n - i - 1;
    if (v.charCodeAt(i) !== 46 || decimals < 1 || decimals > 2) return undefined;
    const d1 = v.charCodeAt(i + 1) - 48;
    const d2 = decimals === 2 ? v.charCodeAt(i + 2) - 48 : 0;
    if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return undefined;
    cents = d1 * 10 + d2;
  }
  if (digits >= MAX_EUROS.length && (digits > MAX_EUROS.length || cents !== 0 || !v.startsWith(MAX_EUROS))) return undefined;
  return units * 100 + cents;
}
const isAmount = (v: unknown): boolean => amountCents(v) !== undefined;

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
const isHours = (v: unknown): boolean => between(v, 0, HOUSEHOLD_LIMITS.hoursPerMonth);
const isMeals = (v: unknown): boolean => between(v, 0, HOUSEHOLD_LIMITS.mealsPerMonth);
/** Mirrors `year` of `taxReturnSchema`. */
const isTaxYear = (v: unknown): v is number => intBetween(v, 1990, 2100);
/**
 * Mirrors `shares` of `taxReturnSchema`: 1 to 20, a multiple of 0.25. Only exact multiples are decided
 * here (×4 is exact in binary); zod's `multipleOf` also takes values within a float tolerance of one,
 * which are left to it (this says no, and zod decides).
 */
const isShares = (v: unknown): boolean => between(v, 1, 20) && Number.isInteger(v * 4);

const vocabulary = (values: readonly string[]): ((v: unknown) => boolean) => {
  const set: ReadonlySet<unknown> = new Set(values);
  return (v) => set.has(v);
};
const isRole = vocabulary(ROLES);
const isActivity = vocabulary(ACTIVITIES);
const isSchooling = vocabulary(SCHOOLING);
const isNationality = vocabulary(NATIONALITIES);
const isCustody = vocabulary(CUSTODY);
const isCoupleStatus = vocabulary(COUPLE_STATUSES);
const isHousingStatus = vocabulary(HOUSING_STATUSES);
const isIncomeKind = vocabulary(INCOME_KINDS);
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
const fieldSet = (shape: ShapeName): ReadonlySet<string> => new Set(Object.keys(SHAPES[shape]));
const KEYS = {
  household: fieldSet('household'),
  person: fieldSet('person'),
  couple: fieldSet('couple'),
  income: fieldSet('income'),
  taxReturn: fieldSet('taxReturn'),
  housing: fieldSet('housing'),
  services: fieldSet('services'),
} as const satisfies Readonly<Record<ShapeName, ReadonlySet<string>>>;

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
  const amountShapes = ['0', '00', '0.5', '1.50', '1.505', '12,5', '1 300,00', '1,300.00', '.5', '5.', '-1', '+1', '1e3', ' 1', '1 ', '١٢', '1450.00', '0000001.5'];
  const dates = ['2024-02-29', '2023-02-29', '2024-04-31', '0099-06-15', '0100-06-15', '1900-01-01', '9999-12-31', '2024-13-01', '2024-00-10', '2024-1-01', ' 2024-01-01', '2024-01-01 ', '2024/01/01'];
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
  return out;
}

/** Whether the pass may decide: the fields of the schema are those read here (checked once, when the module loads). */
const IN_LINE_WITH_SCHEMA = drift(false).length === 0;

// ─── Parts of the household ─────────────────────────────────────────────────────────────────────────

/** Oldest age accepted at the evaluation date: `MAX_AGE` of parse.ts. */
const MAX_AGE = 120;

/** A person and its decoded birth date (undefined when not given). */
interface DecodedPerson {
  readonly person: Person;
  readonly birth: CivilDate | undefined;
}

/** Mirrors `personSchema`, and the checks of one person in `crossFieldIssues` and `evaluationDateIssues` (parse.ts). */
function decodePerson(raw: unknown, at: CivilDate | undefined): DecodedPerson | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.person)) return undefined;
  const out: Rec = {};
  if (!isPersonId(raw.id)) return undefined;
  out.id = raw.id;
  if (!isRole(raw.role)) return undefined;
  out.role = raw.role;
  let birth: CivilDate | undefined;
  if (raw.birthDate !== undefined) {
    birth = civilDate(raw.birthDate);
    if (birth === undefined) return undefined;
    out.birthDate = raw.birthDate;
  } else if ('birthDate' in raw) out.birthDate = undefined;
  const ok =
    optional(raw, out, 'activity', isActivity) &&
    optional(raw, out, 'unemployedSince', isDate) &&
    optional(raw, out, 'disabilityRate', isRate) &&
    optional(raw, out, 'gir', isGir) &&
    optional(raw, out, 'unfitForWork', isBoolean) &&
    optional(raw, out, 'restrictedWorkAccess', isBoolean) &&
    optional(raw, out, 'schooling', isSchooling) &&
    optional(raw, out, 'nationality', isNationality) &&
    optional(raw, out, 'residencePermitSince', isDate) &&
    optional(raw, out, 'custody', isCustody) &&
    optional(raw, out, 'pregnant', isBoolean) &&
    optional(raw, out, 'livesAlone', isBoolean) &&
    optional(raw, out, 'carer', isBoolean);
  if (!ok) return undefined;
  const person = out as Person;
  if (!withinLife(person.unemployedSince, birth, at) || !withinLife(person.residencePermitSince, birth, at)) return undefined;
  // crossFieldIssues: custody is said of children only.
  if (person.custody !== undefined && person.role !== 'child') return undefined;
  // evaluationDateIssues: no birth after the evaluation date, no age above 120 at it.
  if (at !== undefined && birth !== undefined && (birth.iso > at.iso || ageAt(birth, at) > MAX_AGE)) return undefined;
  return { person, birth };
}

/**
 * A date of a person's life (registration as unemployed, residence permit), already a checked calendar
 * date: not before the birth (crossFieldIssues), not after the evaluation date (evaluationDateIssues).
 * Checked dates `YYYY-MM-DD` compare as their strings do.
 */
const withinLife = (date: string | undefined, birth: CivilDate | undefined, at: CivilDate | undefined): boolean =>
  date === undefined || ((birth === undefined || date >= birth.iso) && (at === undefined || date <= at.iso));

/** Youngest age at which an adult of the household (applicant or partner) can have had a child (crossFieldIssues). */
const MIN_PARENT_AGE = 12;

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
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > HOUSEHOLD_LIMITS.persons) return undefined;
  const persons: Person[] = [];
  const births = new Map<string, CivilDate | undefined>();
  const parentBirths: CivilDate[] = [];
  let applicant: Person | undefined;
  let partner: Person | undefined;
  let applicants = 0;
  let childCount = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const decoded = decodePerson(raw[i], at);
    if (decoded === undefined || births.has(decoded.person.id)) return undefined;
    const { person, birth } = decoded;
    persons.push(person);
    births.set(person.id, birth);
    if (person.role === 'applicant') {
      applicants += 1;
      applicant = person;
    } else if (person.role === 'partner') {
      if (partner !== undefined) return undefined;
      partner = person;
    } else if (person.role === 'child') childCount += 1;
    if ((person.role === 'applicant' || person.role === 'partner') && birth !== undefined) parentBirths.push(birth);
  }
  if (applicants !== 1 || applicant === undefined) return undefined;
  if (parentBirths.length > 0) {
    for (const person of persons) {
      const child = person.role === 'child' ? births.get(person.id) : undefined;
      if (child !== undefined && parentBirths.every((parent) => ageAt(parent, child) < MIN_PARENT_AGE)) return undefined;
    }
  }
  return { persons, births, applicant, partner, childCount };
}

/** Mirrors the `couple` object of `householdSchema`, and its checks in `crossFieldIssues` and `evaluationDateIssues`. */
function decodeCouple(raw: unknown, partner: Person | undefined, at: CivilDate | undefined): { readonly couple: Rec; readonly since: CivilDate | undefined } | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.couple) || !isCoupleStatus(raw.status)) return undefined;
  const couple: Rec = { status: raw.status };
  let since: CivilDate | undefined;
  if (raw.since !== undefined) {
    since = civilDate(raw.since);
    if (since === undefined) return undefined;
    couple.since = raw.since;
  } else if ('since' in raw) couple.since = undefined;
  // A couple has a partner and only a couple has one; a single person has no date of change.
  if ((raw.status === 'couple') !== (partner !== undefined)) return undefined;
  if (since !== undefined && raw.status === 'single') return undefined;
  if (at !== undefined && since !== undefined && since.iso > at.iso) return undefined;
  return { couple, since };
}

/**
 * Mirrors `incomes` of `householdSchema` (at most `HOUSEHOLD_LIMITS.incomes` lines of `incomeSchema`) and
 * their checks in `crossFieldIssues` (a person of the household; a gross amount for a pension or a salary
 * only) and `evaluationDateIssues` (no month after the evaluation date's). Builds, as `prepareHousehold`
 * does, the records in cents and the applicant's and partner's records by month.
 */
function decodeIncomes(
  raw: unknown,
  persons: DecodedPersons,
  at: CivilDate | undefined,
): { readonly incomes: readonly Rec[]; readonly records: readonly IncomeRecord[]; readonly resourceRecords: Map<number, IncomeRecord[]> } | undefined {
  if (!Array.isArray(raw) || raw.length > HOUSEHOLD_LIMITS.incomes) return undefined;
  const incomes: Rec[] = [];
  const records: IncomeRecord[] = [];
  const resourceRecords = new Map<number, IncomeRecord[]>();
  const applicantId = persons.applicant.id;
  const partnerId = persons.partner?.id;
  for (let i = 0; i < raw.length; i += 1) {
    const line: unknown = raw[i];
    if (!isObject(line) || !onlyKnownKeys(line, KEYS.income)) return undefined;
    const { person, kind } = line;
    if (!isPersonId(person) || !persons.births.has(person) || !isIncomeKind(kind)) return undefined;
    const month = monthIndex(line.month);
    const cents = amountCents(line.amount);
    if (month === undefined || cents === undefined || (at !== undefined && month > at.monthIndex)) return undefined;
    const income: Rec = { person, kind, month: line.month, amount: line.amount };
    let grossCents: number | undefined;
    if (line.grossAmount !== undefined) {
      grossCents = amountCents(line.grossAmount);
      if (grossCents === undefined || (kind !== 'pension' && kind !== 'salary')) return undefined;
      income.grossAmount = line.grossAmount;
    } else if ('grossAmount' in line) income.grossAmount = undefined;
    incomes.push(income);
    const r: IncomeRecord = { person, kind: kind as string, month, cents, grossCents };
    records.push(r);
    const slot = person === applicantId ? 0 : person === partnerId ? 1 : -1;
    if (slot >= 0) {
      const key = month * 2 + slot;
      const same = resourceRecords.get(key);
      if (same === undefined) resourceRecords.set(key, [r]);
      else same.push(r);
    }
  }
  return { incomes, records, resourceRecords };
}

/**
 * Mirrors `taxReturns` of `householdSchema` (at most `HOUSEHOLD_LIMITS.taxReturns` of `taxReturnSchema`)
 * and the one return per year of `crossFieldIssues`. A number of shares that is not exactly a multiple of
 * 0.25 is left to zod, whose `multipleOf` has a float tolerance of its own.
 */
function decodeTaxReturns(raw: unknown): readonly Rec[] | undefined {
  if (!Array.isArray(raw) || raw.length > HOUSEHOLD_LIMITS.taxReturns) return undefined;
  const out: Rec[] = [];
  const years = new Set<number>();
  for (let i = 0; i < raw.length; i += 1) {
    const t: unknown = raw[i];
    if (!isObject(t) || !onlyKnownKeys(t, KEYS.taxReturn)) return undefined;
    const { year, referenceIncome, shares } = t;
    if (!isTaxYear(year) || years.has(year) || !isAmount(referenceIncome)) return undefined;
    if (!isShares(shares)) return undefined;
    years.add(year);
    out.push({ year, referenceIncome, shares });
  }
  return out;
}

/** Mirrors the `housing` object of `householdSchema`. */
function decodeHousing(raw: unknown): Rec | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.housing)) return undefined;
  const out: Rec = {};
  const ok = optional(raw, out, 'status', isHousingStatus) && optional(raw, out, 'monthlyRent', isAmount) && optional(raw, out, 'housingBenefit', isAmount);
  return ok ? out : undefined;
}

/** Mirrors the `services` object of `householdSchema` (`perMonth` bounds). */
function decodeServices(raw: unknown): Rec | undefined {
  if (!isObject(raw) || !onlyKnownKeys(raw, KEYS.services)) return undefined;
  const out: Rec = {};
  const ok =
    optional(raw, out, 'crecheHoursPerMonth', isHours) &&
    optional(raw, out, 'canteenMealsPerMonth', isMeals) &&
    optional(raw, out, 'afterSchoolHoursPerMonth', isHours) &&
    optional(raw, out, 'mealsAtHomePerMonth', isMeals);
  return ok ? out : undefined;
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
  const { ruleIds, ruleIdsAreSlugs } = context;
  // `for…in` also meets inherited keys, which zod's record ignores: one of them is refused here, never let through.
  let count = 0;
  for (const key in raw) {
    count += 1;
    if (count > HOUSEHOLD_LIMITS.claims || !isClaimState(raw[key])) return undefined;
    if (ruleIds !== undefined && !ruleIds.has(key)) return undefined;
    if (!ruleIdsAreSlugs && (!isSlug(key) || isForbiddenKey(key))) return undefined;
  }
  // zod builds a new object with the same keys in the same order (string keys only, checked above).
  return { ...raw };
}

// ─── The household ──────────────────────────────────────────────────────────────────────────────────

/** Mirrors `householdSchema` field by field, in its order, then builds what `prepareHousehold` returns. */
function decodeHousehold(raw: unknown, context: Context): PreparedHousehold | undefined {
  if (!IN_LINE_WITH_SCHEMA || !isObject(raw) || !onlyKnownKeys(raw, KEYS.household)) return undefined;
  const { at } = context;
  const out: Rec = {};
  const ok =
    optional(raw, out, 'id', isHouseholdId) &&
    optional(raw, out, 'commune', isCommune) &&
    optional(raw, out, 'area', isSlug);
  if (!ok) return undefined;
  const persons = decodePersons(raw.persons, at);
  if (persons === undefined) return undefined;
  out.persons = persons.persons;

  let coupleSince: CivilDate | undefined;
  if (raw.couple !== undefined) {
    const c = decodeCouple(raw.couple, persons.partner, at);
    if (c === undefined) return undefined;
    out.couple = c.couple;
    coupleSince = c.since;
  } else if ('couple' in raw) out.couple = undefined;

  let records: readonly IncomeRecord[] = [];
  let resourceRecords = new Map<number, IncomeRecord[]>();
  if (raw.incomes !== undefined) {
    const inc = decodeIncomes(raw.incomes, persons, at);
    if (inc === undefined) return undefined;
    out.incomes = inc.incomes;
    records = inc.records;
    resourceRecords = inc.resourceRecords;
  } else if ('incomes' in raw) out.incomes = undefined;

  if (!optional(raw, out, 'incomesComplete', isBoolean)) return undefined;
  if (!part(raw, out, 'taxReturns', decodeTaxReturns)) return undefined;
  if (!part(raw, out, 'housing', decodeHousing)) return undefined;
  if (!part(raw, out, 'claims', (v) => decodeClaims(v, context))) return undefined;
  if (!part(raw, out, 'services', decodeServices)) return undefined;

  // What prepareHousehold returns, built from the same decoded values, in the same order.
  const household = out as Household;
  return {
    household,
    applicant: persons.applicant,
    partner: persons.partner,
    childCount: persons.childCount,
    coupleSince,
    births: persons.births,
    records,
    resourceRecords,
  };
}

/** An optional part of the household decoded by `decode` (undefined when refused), copied to `out`. False when refused. */
function part(raw: Rec, out: Rec, key: string, decode: (v: unknown) => unknown): boolean {
  const v = raw[key];
  if (v === undefined) {
    if (key in raw) out[key] = undefined;
    return true;
  }
  const decoded = decode(v);
  if (decoded === undefined) return false;
  out[key] = decoded;
  return true;
}
