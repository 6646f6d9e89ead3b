import { ageAt, formatMonth, parseEvaluationDate, tryParseDate, tryParseMonth, type CivilDate } from '../dates.js';
import { claimIssues } from './claims.js';
import { FORBIDDEN_KEYS, NonRecoursError, findForbiddenKeys, formatPath } from '../errors.js';
import { frenchErrorMap, unknownFieldMessage } from './messages.js';
import { householdSchema, type Household } from './schema.js';

/** One problem in household data: where (`persons[0].birthDate`) and what, in French. */
export interface HouseholdIssue {
  readonly path: string;
  readonly message: string;
}

/** The result of `safeParseHousehold`: the household, or every problem found. */
export type HouseholdParseResult =
  | { readonly success: true; readonly household: Household }
  | { readonly success: false; readonly issues: readonly HouseholdIssue[] };

/** Options of `safeParseHousehold` and `parseHousehold`. */
export interface HouseholdParseOptions {
  /**
   * The evaluation date (`YYYY-MM-DD`). When given, what cannot have happened yet at that date is refused:
   * a birth, a registration as unemployed, a residence permit or a change of couple status after it, an
   * income month after its month, and an age above 120 at it. A caller that evaluates the household at a
   * date should pass it; without it, dates are only checked for themselves and against each other.
   */
  readonly date?: string | undefined;
  /**
   * The rule ids of the catalog in use. When given, each key of `claims` must be one of them (a claim on
   * a rule that does not exist would leave the real one counted as not claimed).
   */
  readonly ruleIds?: ReadonlySet<string> | undefined;
}

/** Oldest age accepted at the evaluation date (the oldest person ever documented died at 122). */
const MAX_AGE = 120;

/**
 * Validates household data without throwing, and returns every problem with its path and a French
 * message. Unknown fields and prototype keys (`__proto__`, `constructor`) are refused, never dropped.
 * Only an invalid `options.date` throws (`DATE_INVALID`): it is the caller's mistake, not the household's.
 *
 * @example
 * const r = safeParseHousehold(JSON.parse(text), { date: '2026-11-24' });
 * if (!r.success) for (const i of r.issues) console.log(`${i.path} : ${i.message}`);
 */
export function safeParseHousehold(input: unknown, options: HouseholdParseOptions = {}): HouseholdParseResult {
  const at = options.date === undefined ? undefined : parseEvaluationDate(options.date, 'date');
  const issues: HouseholdIssue[] = [];
  // Prototype keys are refused wherever they are, records included (zod may skip them silently there).
  for (const path of findForbiddenKeys(input)) {
    issues.push({ path: formatPath(path.slice(0, -1)), message: `clé interdite : ${String(path[path.length - 1])}` });
  }
  const parsed = householdSchema.safeParse(input, { error: frenchErrorMap });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        // Each unknown field at its own path, with the closest known fields of that object.
        const known = knownKeys(issue.path);
        for (const key of issue.keys) {
          if (!FORBIDDEN_KEYS.has(key)) issues.push({ path: formatPath([...issue.path, key.length > 100 ? `${key.slice(0, 100)}…` : key]), message: unknownFieldMessage(key, known) });
        }
      } else issues.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  issues.push(...crossFieldIssues(input));
  if (at !== undefined) issues.push(...evaluationDateIssues(input, at));
  if (parsed.success && options.ruleIds !== undefined) issues.push(...claimIssues(parsed.data, options.ruleIds));
  if (issues.length > 0 || !parsed.success) return { success: false, issues: dedupe(issues) };
  return { success: true, household: parsed.data };
}

/**
 * Validates household data and throws a `HOUSEHOLD_INVALID` error listing every problem; pass the
 * evaluation date (`{ date }`) to refuse what cannot have happened yet at that date.
 */
export function parseHousehold(input: unknown, options: HouseholdParseOptions = {}): Household {
  const result = safeParseHousehold(input, options);
  if (!result.success) {
    throw new NonRecoursError(
      'HOUSEHOLD_INVALID',
      'Données du foyer invalides :',
      result.issues.map((i) => ({ path: i.path, message: i.message })),
    );
  }
  return result.household;
}

function dedupe(issues: readonly HouseholdIssue[]): HouseholdIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The shape of a zod schema, as far as finding the fields of an object at a path needs it. */
interface SchemaNode {
  readonly _zod: { readonly def: { readonly type: string; readonly shape?: Readonly<Record<string, SchemaNode>>; readonly element?: SchemaNode; readonly innerType?: SchemaNode } };
}

/** The fields the household schema knows for the object at `path` (`["persons", 0]` → the person fields). */
function knownKeys(path: readonly PropertyKey[]): string[] {
  const unwrap = (node: SchemaNode): SchemaNode => {
    let n = node;
    while (n._zod.def.innerType !== undefined) n = n._zod.def.innerType;
    return n;
  };
  let node: SchemaNode | undefined = unwrap(householdSchema as unknown as SchemaNode);
  for (const key of path) {
    node = typeof key === 'number' ? node._zod.def.element : node._zod.def.shape?.[String(key)];
    if (node === undefined) return [];
    node = unwrap(node);
  }
  return node._zod.def.type === 'object' ? Object.keys(node._zod.def.shape ?? {}) : [];
}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Checks that span several fields. They run on the raw input, defensively, so that they are reported
 * together with the shape problems instead of after them.
 */
function crossFieldIssues(input: unknown): HouseholdIssue[] {
  const out: HouseholdIssue[] = [];
  if (!isRec(input) || !Array.isArray(input.persons)) return out;
  const persons = input.persons as unknown[];
  const ids = new Map<string, number>();
  let applicants = 0;
  let partners = 0;
  persons.forEach((p, i) => {
    if (!isRec(p)) return;
    const id = str(p.id);
    if (id !== undefined) {
      if (ids.has(id)) out.push({ path: `persons[${i}].id`, message: `identifiant en double : « ${id} » est déjà utilisé par persons[${String(ids.get(id))}]` });
      else ids.set(id, i);
    }
    if (p.role === 'applicant') applicants += 1;
    if (p.role === 'partner') partners += 1;
    const birth = str(p.birthDate) !== undefined ? tryParseDate(str(p.birthDate) as string) : undefined;
    for (const field of ['unemployedSince', 'residencePermitSince'] as const) {
      const d = str(p[field]);
      if (birth !== undefined && d !== undefined && tryParseDate(d) !== undefined && d < birth.iso) {
        out.push({ path: `persons[${i}].${field}`, message: 'date antérieure à la date de naissance' });
      }
    }
    if (p.custody !== undefined && p.role !== 'child') {
      out.push({ path: `persons[${i}].custody`, message: 'le mode de garde ne concerne que les enfants (role "child")' });
    }
  });
  if (applicants !== 1) {
    out.push({ path: 'persons', message: applicants === 0 ? 'aucun demandeur : une personne doit avoir le rôle "applicant"' : 'plusieurs demandeurs : une seule personne peut avoir le rôle "applicant"' });
  }
  if (partners > 1) out.push({ path: 'persons', message: 'plusieurs conjoints : une seule personne peut avoir le rôle "partner"' });

  // A child must be born at least 12 years after one of the adults who declare it (applicant or partner).
  const parentBirths = persons
    .filter((p): p is Rec => isRec(p) && (p.role === 'applicant' || p.role === 'partner'))
    .map((p) => (str(p.birthDate) !== undefined ? tryParseDate(str(p.birthDate) as string) : undefined))
    .filter((d) => d !== undefined);
  persons.forEach((p, i) => {
    if (!isRec(p) || p.role !== 'child' || str(p.birthDate) === undefined) return;
    const child = tryParseDate(str(p.birthDate) as string);
    if (child === undefined || parentBirths.length === 0) return;
    if (parentBirths.every((parent) => ageAt(parent, child) < 12)) {
      out.push({ path: `persons[${i}].birthDate`, message: "enfant trop âgé : il serait né avant que le demandeur ou son conjoint ait 12 ans" });
    }
  });

  if (Array.isArray(input.incomes)) {
    (input.incomes as unknown[]).forEach((inc, i) => {
      if (!isRec(inc)) return;
      const person = str(inc.person);
      if (person !== undefined && !ids.has(person)) {
        out.push({ path: `incomes[${i}].person`, message: `personne inconnue : aucune personne du foyer n'a l'identifiant « ${person} »` });
      }
      if (inc.grossAmount !== undefined && inc.kind !== 'pension' && inc.kind !== 'salary') {
        out.push({ path: `incomes[${i}].grossAmount`, message: 'le montant brut ne se déclare que pour une pension ou un salaire' });
      }
    });
  }
  if (Array.isArray(input.taxReturns)) {
    const years = new Set<unknown>();
    (input.taxReturns as unknown[]).forEach((t, i) => {
      if (!isRec(t)) return;
      if (years.has(t.year)) out.push({ path: `taxReturns[${i}].year`, message: `avis d'imposition en double pour l'année ${String(t.year)}` });
      years.add(t.year);
    });
  }
  if (isRec(input.couple)) {
    const c = input.couple;
    if (c.status === 'couple' && partners === 0) {
      out.push({ path: 'couple.status', message: 'foyer déclaré en couple sans personne de rôle "partner"' });
    }
    if (c.status !== 'couple' && c.status !== undefined && partners > 0) {
      out.push({ path: 'couple.status', message: 'un conjoint est déclaré alors que le foyer n\'est pas en couple' });
    }
    if (c.since !== undefined && (c.status === 'single')) {
      out.push({ path: 'couple.since', message: 'la date ne s\'applique qu\'à une séparation, un veuvage ou une vie en couple' });
    }
  }
  return out;
}

/** What cannot have happened yet at the evaluation date, and ages no one reaches. Runs on the raw input. */
function evaluationDateIssues(input: unknown, at: CivilDate): HouseholdIssue[] {
  const out: HouseholdIssue[] = [];
  if (!isRec(input)) return out;
  // Both are checked calendar dates `YYYY-MM-DD`: their strings compare as the dates do.
  const after = (value: unknown): boolean => {
    const d = str(value) === undefined ? undefined : tryParseDate(value as string);
    return d !== undefined && d.iso > at.iso;
  };
  const future = `postérieure à la date d'évaluation (${at.iso})`;
  if (Array.isArray(input.persons)) {
    (input.persons as unknown[]).forEach((p, i) => {
      if (!isRec(p)) return;
      const birth = str(p.birthDate) === undefined ? undefined : tryParseDate(p.birthDate as string);
      if (birth !== undefined && birth.iso > at.iso) out.push({ path: `persons[${i}].birthDate`, message: `date de naissance ${future}` });
      else if (birth !== undefined && ageAt(birth, at) > MAX_AGE) {
        out.push({ path: `persons[${i}].birthDate`, message: `âge de ${ageAt(birth, at)} ans au ${at.iso} : vérifiez la date de naissance` });
      }
      if (after(p.unemployedSince)) out.push({ path: `persons[${i}].unemployedSince`, message: `date d'inscription comme demandeur d'emploi ${future}` });
      if (after(p.residencePermitSince)) out.push({ path: `persons[${i}].residencePermitSince`, message: `date du titre de séjour ${future}` });
    });
  }
  if (isRec(input.couple) && after(input.couple.since)) {
    out.push({ path: 'couple.since', message: `date du changement de situation de couple ${future}` });
  }
  if (Array.isArray(input.incomes)) {
    (input.incomes as unknown[]).forEach((inc, i) => {
      const month = isRec(inc) && str(inc.month) !== undefined ? tryParseMonth(inc.month as string) : undefined;
      if (month !== undefined && month > at.monthIndex) {
        out.push({ path: `incomes[${i}].month`, message: `mois de revenu postérieur au mois de la date d'évaluation (${formatMonth(at.monthIndex)})` });
      }
    });
  }
  return out;
}
