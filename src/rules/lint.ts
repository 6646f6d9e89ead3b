import type { Catalog, Rule } from './catalog.js';

/** A problem found by `lintCatalog`: errors make `rules lint` fail, warnings are advice. */
export interface LintIssue {
  readonly level: 'error' | 'warning';
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** Names a rule may list in `illustrative` besides its parameters. */
const RULE_PARTS = new Set(['amount', 'validity', 'territory', 'conditions']);

/**
 * Checks what loading cannot: every illustrative parameter a rule reads is declared illustrative by the
 * rule (so reports show it), every declared illustrative value exists, versions of one aid follow each
 * other without gap or overlap, and a rule says where to apply.
 */
export function lintCatalog(catalog: Catalog, only?: ReadonlySet<string>): LintIssue[] {
  const issues: LintIssue[] = [];
  const rules = catalog.rules.filter((r) => only === undefined || only.has(r.id));
  for (const rule of rules) {
    const declared = new Set(rule.illustrative ?? []);
    for (const pid of rule.parameters) {
      const p = catalog.parameters.get(pid);
      if (p?.illustrative === true && !declared.has(pid)) {
        issues.push({ level: 'error', file: rule.file, path: 'illustrative', message: `le paramètre « ${pid} » est illustratif : ajoutez-le à "illustrative"` });
      }
    }
    for (const name of declared) {
      if (!RULE_PARTS.has(name) && !rule.parameters.includes(name)) {
        issues.push({ level: 'error', file: rule.file, path: 'illustrative', message: `« ${name} » n'est ni un paramètre lu par la règle ni l'une de ses parties (${[...RULE_PARTS].join(', ')})` });
      }
    }
    if (rule.apply === undefined) issues.push({ level: 'warning', file: rule.file, path: 'apply', message: 'ni lieu ni pièces pour faire la demande ("apply")' });
    if ((rule.notModeled ?? []).length === 0) issues.push({ level: 'warning', file: rule.file, path: 'notModeled', message: 'aucune condition non modélisée déclarée : est-ce bien tout ?' });
  }
  const versions = new Map<string, Rule[]>();
  for (const r of rules) if (r.versionOf !== undefined) versions.set(r.versionOf, [...(versions.get(r.versionOf) ?? []), r]);
  for (const [aid, list] of versions) {
    const sorted = [...list].sort((a, b) => (a.validity.from < b.validity.from ? -1 : 1));
    for (let i = 1; i < sorted.length; i += 1) {
      const prev = sorted[i - 1] as Rule;
      const cur = sorted[i] as Rule;
      if (prev.validity.until === null || prev.validity.until > cur.validity.from) {
        issues.push({ level: 'error', file: cur.file, path: 'validity.from', message: `chevauchement avec la version « ${prev.id} » de « ${aid} »` });
      } else if (prev.validity.until < cur.validity.from) {
        issues.push({ level: 'error', file: cur.file, path: 'validity.from', message: `trou entre « ${prev.id} » (jusqu'au ${prev.validity.until}) et cette version de « ${aid} »` });
      }
    }
  }
  return issues;
}
