import { compileCatalog, type CompiledCatalog } from '../engine/evaluator.js';
import { findForbiddenKeys, formatPath, NonRecoursError, type ErrorDetail } from '../errors.js';
import { safeParseHousehold } from '../household/parse.js';
import { Money } from '../money.js';
import { explainHousehold } from '../report/report.js';
import type { Catalog } from './catalog.js';
import type { SourceFile } from './catalog.js';

/**
 * Rule cases as data (OpenFisca's `{ period, input, output }` tests): a household, a date, and what the
 * report must say for one rule — its status, amount, period, missing fields, and the named values it
 * computes. A file may give a `base` household that each case patches (RFC 7396 merge patch: objects
 * merge, arrays and values replace, `null` deletes), and an income line may cover a range of months
 * (`"months": { "from": "2025-11", "to": "2026-10" }` stands for twelve monthly records).
 */
export interface RuleCase {
  readonly name: string;
  readonly date: string;
  /** The household after the patch is applied to the base and income ranges are expanded. */
  readonly household: unknown;
  readonly expect: CaseExpectation;
}

export interface CaseExpectation {
  readonly status: string;
  readonly amount?: string | null;
  readonly period?: string;
  readonly missing?: readonly string[];
  /** Named values and their expected values: money to the decimals written (the value is rounded half-up to them). */
  readonly values?: Readonly<Record<string, string | number | boolean | null>>;
}

export interface CaseFile {
  readonly file: string;
  readonly rule: string;
  readonly cases: readonly RuleCase[];
}

/** One difference between what a case expects and what the engine computed. */
export interface CaseFailure {
  readonly what: string;
  readonly expected: unknown;
  readonly obtained: unknown;
}

export interface CaseResult {
  readonly file: string;
  readonly rule: string;
  readonly name: string;
  readonly date: string;
  readonly failures: readonly CaseFailure[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const MAX_DEPTH = 64;
const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * RFC 7396 merge patch, with a depth limit (case files are data written by people), and one extension for
 * lists of records with ids (persons): an object patch of such a list patches its records by id
 * (`"persons": { "p1": { "birthDate": "2008-11-25" } }`), `null` removes one, a new id adds one at the end.
 */
export function mergePatch(target: unknown, patch: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new NonRecoursError('RULE_INVALID', `Correctif de cas trop profond (plus de ${MAX_DEPTH} niveaux).`);
  if (isObj(patch) && Array.isArray(target) && target.every((x) => isObj(x) && typeof x.id === 'string')) {
    const byId = patch;
    const out: unknown[] = [];
    for (const item of target as Json[]) {
      const id = item.id as string;
      if (!Object.prototype.hasOwnProperty.call(byId, id)) out.push(item);
      else if (byId[id] !== null) out.push(mergePatch(item, byId[id], depth + 1));
    }
    for (const [id, v] of Object.entries(byId)) {
      if (v !== null && !(target as Json[]).some((x) => x.id === id)) out.push(mergePatch({ id }, v, depth + 1));
    }
    return out;
  }
  if (!isObj(patch)) return patch;
  const out: Json = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v, depth + 1);
  }
  return out;
}

function monthIndex(ym: string): number {
  const m = MONTH_RE.exec(ym) as RegExpExecArray;
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function monthString(i: number): string {
  const y = Math.floor(i / 12);
  const m = (i % 12) + 1;
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}

/** Expands income lines that cover a range of months into monthly records (in place of the line). */
function expandIncomes(household: unknown, path: string, details: ErrorDetail[], file: string): unknown {
  if (!isObj(household) || !Array.isArray(household.incomes)) return household;
  const incomes: unknown[] = [];
  household.incomes.forEach((line, i) => {
    if (!isObj(line) || line.months === undefined) {
      incomes.push(line);
      return;
    }
    const r = line.months;
    const at = `${path}.incomes[${i}].months`;
    if (!isObj(r) || typeof r.from !== 'string' || typeof r.to !== 'string' || !MONTH_RE.test(r.from) || !MONTH_RE.test(r.to) || Object.keys(r).length !== 2 || line.month !== undefined) {
      details.push({ file, path: at, message: '{ "from": "AAAA-MM", "to": "AAAA-MM" } attendu (sans « month »)' });
      return;
    }
    const from = monthIndex(r.from);
    const to = monthIndex(r.to);
    if (to < from || to - from > 240) {
      details.push({ file, path: at, message: 'plage de mois vide ou de plus de 20 ans' });
      return;
    }
    const { months: _m, ...rest } = line;
    for (let m = from; m <= to; m += 1) incomes.push({ ...rest, month: monthString(m) });
  });
  return { ...household, incomes };
}

/**
 * Reads a case file: validates its shape and resolves base, patches and income ranges. A file may share
 * the base household of another case file of its folder (`"base": { "from": "autre-regle.cases.json" }`,
 * found through `sibling`) and name households of its own (`"households": { "couple": {…} }`) that a case
 * starts from (`"from": "couple"`) before its patch: a household is written once.
 */
export function readCaseFile(source: SourceFile, sibling?: (name: string) => unknown): CaseFile {
  const details: ErrorDetail[] = [];
  const file = source.path;
  const bad = findForbiddenKeys(source.json);
  if (bad.length > 0) throw new NonRecoursError('RULE_INVALID', `Fichier de cas invalide : ${file}`, bad.map((p) => ({ file, path: formatPath(p), message: 'clé interdite (prototype)' })));
  const json = source.json;
  if (!isObj(json) || typeof json.rule !== 'string' || !Array.isArray(json.cases)) {
    throw new NonRecoursError('RULE_INVALID', `Fichier de cas invalide : ${file}`, [{ file, path: '', message: '{ "rule": id, "base"?: foyer, "cases": [...] } attendu' }]);
  }
  for (const k of Object.keys(json)) if (!['$schema', '$comment', 'rule', 'base', 'households', 'cases'].includes(k)) details.push({ file, path: k, message: `champ inconnu « ${k} »` });
  let base = json.base;
  if (isObj(base) && Object.keys(base).length === 1 && typeof base.from === 'string') {
    // The base of another case file of the folder (one level: that file's own base, as written).
    const other = sibling?.(base.from);
    const otherBase = isObj(other) ? other.base : undefined;
    if (otherBase === undefined || (isObj(otherBase) && 'from' in otherBase)) {
      throw new NonRecoursError('RULE_INVALID', `Fichier de cas invalide : ${file}`, [{ file, path: 'base.from', message: `aucun foyer « base » écrit dans « ${base.from} » (même dossier)` }]);
    }
    base = otherBase;
  }
  const named = isObj(json.households) ? json.households : {};
  if (json.households !== undefined && !isObj(json.households)) details.push({ file, path: 'households', message: '{ "nom": foyer } attendu' });
  const cases: RuleCase[] = [];
  json.cases.forEach((c, i) => {
    const path = `cases[${i}]`;
    if (!isObj(c)) {
      details.push({ file, path, message: '{ name, date, household | patch, expect } attendu' });
      return;
    }
    for (const k of Object.keys(c)) if (!['name', 'date', 'household', 'from', 'patch', 'expect'].includes(k)) details.push({ file, path: `${path}.${k}`, message: `champ inconnu « ${k} »` });
    if (c.from !== undefined && (typeof c.from !== 'string' || !Object.prototype.hasOwnProperty.call(named, c.from))) details.push({ file, path: `${path}.from`, message: `foyer nommé inconnu « ${String(c.from)} » (voir « households »)` });
    if (typeof c.name !== 'string' || c.name === '') details.push({ file, path: `${path}.name`, message: 'nom du cas attendu (avec le calcul fait à la main)' });
    if (typeof c.date !== 'string') details.push({ file, path: `${path}.date`, message: 'date AAAA-MM-JJ attendue' });
    if ((c.household === undefined) === (c.patch === undefined && base !== undefined)) {
      if (c.household !== undefined) details.push({ file, path: `${path}.household`, message: 'soit « household » (foyer complet), soit « patch » (correctif du foyer « base »)' });
    }
    if (c.household === undefined && base === undefined && c.from === undefined) details.push({ file, path: `${path}.household`, message: 'foyer attendu (ou un foyer « base » dans le fichier)' });
    const e = c.expect;
    if (!isObj(e) || typeof e.status !== 'string') {
      details.push({ file, path: `${path}.expect`, message: '{ status, amount?, period?, missing?, values? } attendu' });
      return;
    }
    for (const k of Object.keys(e)) if (!['status', 'amount', 'period', 'missing', 'values'].includes(k)) details.push({ file, path: `${path}.expect.${k}`, message: `champ inconnu « ${k} »` });
    if (e.values !== undefined && !isObj(e.values)) details.push({ file, path: `${path}.expect.values`, message: '{ "id de valeur nommée": valeur } attendu' });
    const start = typeof c.from === 'string' && Object.prototype.hasOwnProperty.call(named, c.from) ? named[c.from] : base;
    const raw = c.household !== undefined ? c.household : mergePatch(start, c.patch ?? {});
    cases.push({ name: String(c.name), date: String(c.date), household: expandIncomes(raw, `${path}.household`, details, file), expect: e as unknown as CaseExpectation });
  });
  if (details.length > 0) throw new NonRecoursError('RULE_INVALID', `Fichier de cas invalide : ${file}`, details);
  return { file, rule: json.rule, cases };
}

function sameValue(expected: unknown, obtained: unknown): boolean {
  if (typeof expected === 'string' && typeof obtained === 'string' && /^-?\d+(\.\d+)?$/.test(expected)) {
    // A money value is written to the cent: compare the computed value rounded half-up to those decimals.
    const decimals = expected.split('.')[1]?.length ?? 0;
    const m = new Money(obtained);
    return m.toDecimalPlaces(decimals, Money.ROUND_HALF_UP).equals(new Money(expected));
  }
  return expected === obtained;
}

/**
 * Runs the cases of some files against a catalog: for each case, the differences between what it
 * expects and what the report says (none when it passes). The catalog is compiled once per date.
 *
 * @example
 * const results = runCases(catalog, [readCaseFile({ path: 'rsa.cases.json', json })]);
 * const failed = results.filter((r) => r.failures.length > 0);
 */
export function runCases(catalog: Catalog, files: readonly CaseFile[]): CaseResult[] {
  const compiled = new Map<string, CompiledCatalog>();
  const at = (date: string) => {
    let c = compiled.get(date);
    if (c === undefined) compiled.set(date, (c = compileCatalog(catalog, date)));
    return c;
  };
  const out: CaseResult[] = [];
  for (const f of files) {
    for (const c of f.cases) {
      const failures: CaseFailure[] = [];
      const parsed = safeParseHousehold(c.household);
      if (!parsed.success) {
        failures.push({ what: 'foyer', expected: 'un foyer valide', obtained: parsed.issues.map((i) => `${i.path} : ${i.message}`).join(' ; ') });
        out.push({ file: f.file, rule: f.rule, name: c.name, date: c.date, failures });
        continue;
      }
      const report = explainHousehold(at(c.date), parsed.household);
      const result = report.results.find((r) => r.id === f.rule);
      if (result === undefined) {
        failures.push({ what: 'règle', expected: f.rule, obtained: 'absente du catalogue' });
      } else {
        const e = c.expect;
        if (result.status !== e.status) failures.push({ what: 'statut', expected: e.status, obtained: result.status });
        if (e.amount !== undefined && (result.amount?.value ?? null) !== e.amount) failures.push({ what: 'montant', expected: e.amount, obtained: result.amount?.value ?? null });
        if (e.period !== undefined && result.amount?.period !== e.period) failures.push({ what: 'période', expected: e.period, obtained: result.amount?.period ?? null });
        for (const m of e.missing ?? []) if (!result.missing.includes(m)) failures.push({ what: 'donnée manquante', expected: m, obtained: result.missing });
        if (e.status === 'undetermined' && result.missing.length === 0) failures.push({ what: 'données manquantes', expected: 'au moins une', obtained: [] });
        for (const [id, expected] of Object.entries(e.values ?? {})) {
          const v = result.values.find((x) => x.id === id);
          if (v === undefined) failures.push({ what: `valeur ${id}`, expected, obtained: 'non lue par la règle' });
          else if (!sameValue(expected, v.value)) failures.push({ what: `valeur ${id}`, expected, obtained: v.value });
        }
      }
      out.push({ file: f.file, rule: f.rule, name: c.name, date: c.date, failures });
    }
  }
  return out;
}
