import { ageAt, tryParseDate } from '../dates.js';
import { NonRecoursError, findForbiddenKeys, formatPath } from '../errors.js';
import { frenchErrorMap } from './messages.js';
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

/**
 * Validates household data without throwing, and returns every problem with its path and a French
 * message. Unknown fields and prototype keys (`__proto__`, `constructor`) are refused, never dropped.
 *
 * @example
 * const r = safeParseHousehold(JSON.parse(text));
 * if (!r.success) for (const i of r.issues) console.log(`${i.path} : ${i.message}`);
 */
export function safeParseHousehold(input: unknown): HouseholdParseResult {
  const issues: HouseholdIssue[] = [];
  // Prototype keys are refused wherever they are, records included (zod may skip them silently there).
  for (const path of findForbiddenKeys(input)) {
    issues.push({ path: formatPath(path.slice(0, -1)), message: `clé interdite : ${String(path[path.length - 1])}` });
  }
  const parsed = householdSchema.safeParse(input, { error: frenchErrorMap });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: formatPath(issue.path), message: issue.message });
  }
  issues.push(...crossFieldIssues(input));
  if (issues.length > 0 || !parsed.success) return { success: false, issues: dedupe(issues) };
  return { success: true, household: parsed.data };
}

/** Validates household data and throws a `HOUSEHOLD_INVALID` error listing every problem. */
export function parseHousehold(input: unknown): Household {
  const result = safeParseHousehold(input);
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
