import { explainHousehold, ruleIdsOf, type CompiledCatalog } from '../api.js';
import { safeParseHousehold, type HouseholdIssue } from '../household/parse.js';
import type { Question, Report } from '../report/report.js';

/** What the form shows after each change: the report (when the data is valid) or the problems. */
export type FormState =
  | { readonly valid: true; readonly report: Report; readonly questions: readonly Question[]; readonly issues: readonly [] }
  | { readonly valid: false; readonly report: null; readonly questions: readonly []; readonly issues: readonly HouseholdIssue[] };

/**
 * Re-evaluates a household as the caseworker types: validates it (French messages by field), evaluates
 * it with explanations, and returns the questions ranked by how many rules and how much money each
 * answer would settle. Meant to run on every keystroke: compile the catalog once per date.
 *
 * @example
 * const compiled = compileCatalog(defaultCatalog(), '2026-11-24');
 * const state = formState(compiled, household);
 * if (state.valid) ask(state.questions[0]);
 */
export function formState(compiled: CompiledCatalog, household: unknown): FormState {
  // Checked against the date of evaluation (no birth after it) and the catalog's rules (claims).
  const parsed = safeParseHousehold(household, { date: compiled.date.iso, ruleIds: ruleIdsOf(compiled.catalog) });
  if (!parsed.success) return { valid: false, report: null, questions: [], issues: parsed.issues };
  const report = explainHousehold(compiled, parsed.household);
  return { valid: true, report, questions: report.questions, issues: [] };
}
