import type { HouseholdIssue } from './parse.js';
import type { Household } from './schema.js';
import { quoteList, suggest } from './suggest.js';

/**
 * Checks the keys of `claims` against the rule ids of the catalog in use: a claim on a rule that does not
 * exist would be dropped without a word, and the aid it speaks of would then look unclaimed. The values are
 * already checked by the household schema. Returns one issue per unknown id, with the closest ids.
 *
 * @example
 * claimIssues(household, new Set(catalog.rules.map((r) => r.id)));
 * // [{ path: 'claims.rsa-socle', message: 'aucune règle « rsa-socle » dans le catalogue ; vouliez-vous dire « rsa » ?' }]
 */
export function claimIssues(household: Household, ruleIds: ReadonlySet<string>): HouseholdIssue[] {
  const claims = household.claims;
  if (claims === undefined) return [];
  const unknown = Object.keys(claims).filter((id) => !ruleIds.has(id));
  if (unknown.length === 0) return [];
  const known = [...ruleIds].sort();
  return unknown.map((id) => {
    const close = suggest(id, known);
    const hint = close.length > 0 ? ` ; vouliez-vous dire ${quoteList(close)} ?` : '';
    return { path: `claims.${id}`, message: `aucune règle « ${id} » dans le catalogue${hint}` };
  });
}
