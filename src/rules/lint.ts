import { FACTS } from '../facts/definitions.js';
import type { AmountAst, ConditionAst, ExprAst, ValueAst } from './ast.js';
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
 * other without gap or overlap, and a rule says where to apply; warns wherever a rule reads a deprecated
 * fact (`household.quotientFamilial`: say which quotient).
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
    for (const use of deprecatedFactUses(rule)) {
      issues.push({ level: 'warning', file: rule.file, path: use.path, message: `le fait « ${use.fact} » est obsolète (${use.advice})` });
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

/** A node of a rule still to visit, with the JSON path of the rule file it comes from. */
type Pending =
  | { readonly t: 'condition'; readonly node: ConditionAst; readonly path: string }
  | { readonly t: 'value'; readonly node: ValueAst; readonly path: string }
  | { readonly t: 'expr'; readonly node: ExprAst; readonly path: string }
  | { readonly t: 'amount'; readonly node: AmountAst; readonly path: string };

/**
 * Every place where a rule reads a deprecated fact: its conditions, its amount (expressions, scales,
 * `per`, cases) and its usage. The trees are walked with an explicit stack, so that a deeply nested rule
 * cannot overflow the call stack; uses come out in the order of the rule file.
 */
function deprecatedFactUses(rule: Rule): { path: string; fact: string; advice: string }[] {
  const out: { path: string; fact: string; advice: string }[] = [];
  const read = (fact: string, path: string) => {
    const advice = FACTS.get(fact)?.deprecated;
    if (advice !== undefined) out.push({ path, fact, advice });
  };
  const stack: Pending[] = [];
  // Pushed in reverse so that the walk pops them in file order.
  const push = (...items: Pending[]) => {
    for (let i = items.length - 1; i >= 0; i -= 1) stack.push(items[i] as Pending);
  };
  if (rule.usage !== null) read(rule.usage.fact, 'usage.fact');
  push({ t: 'condition', node: rule.conditions, path: 'conditions' }, ...(rule.amount === null ? [] : [{ t: 'amount', node: rule.amount, path: 'amount' } as const]));
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { path } = item;
    switch (item.t) {
      case 'condition': {
        const c = item.node;
        if (c.kind === 'leaf') {
          read(c.fact, `${path}.fact`);
          push({ t: 'value', node: c.value, path: `${path}.value` });
        } else if (c.kind === 'not') push({ t: 'condition', node: c.child, path: `${path}.not` });
        else if (c.kind === 'perPerson') push({ t: 'condition', node: c.condition, path: `${path}.perPerson.condition` });
        else push(...c.children.map((child, i): Pending => ({ t: 'condition', node: child, path: `${path}.${c.kind}[${i}]` })));
        break;
      }
      case 'value': {
        const v = item.node;
        if (v.kind === 'fact') read(v.fact, `${path}.fact`);
        else if (v.kind === 'expr') push({ t: 'expr', node: v.expr, path });
        break;
      }
      case 'expr': {
        const e = item.node;
        switch (e.kind) {
          case 'fact':
            read(e.fact, `${path}.fact`);
            break;
          case 'sum':
          case 'product':
          case 'min':
          case 'max':
          case 'difference':
          case 'quotient':
            push(...e.args.map((a, i): Pending => ({ t: 'expr', node: a, path: `${path}.${e.kind}[${i}]` })));
            break;
          case 'round':
            push({ t: 'expr', node: e.arg, path: `${path}.round[0]` });
            break;
          case 'perPerson':
            if (e.of !== undefined) push({ t: 'expr', node: e.of, path: `${path}.perPerson.of` });
            break;
          case 'choose':
            push(
              ...e.cases.flatMap((c, i): Pending[] => [
                { t: 'condition', node: c.when, path: `${path}.choose[${i}].when` },
                { t: 'expr', node: c.value, path: `${path}.choose[${i}].value` },
              ]),
              { t: 'expr', node: e.otherwise, path: `${path}.otherwise` },
            );
            break;
          case 'scale':
            read(e.fact, `${path}.scale.fact`);
            push(
              ...e.brackets.map((b, i): Pending => ({ t: 'expr', node: b.value, path: `${path}.scale.brackets[${i}].value` })),
              ...(e.otherwise === undefined ? [] : [{ t: 'expr', node: e.otherwise, path: `${path}.scale.otherwise` } as const]),
            );
            break;
          default:
            break;
        }
        break;
      }
      case 'amount': {
        const a = item.node;
        if (a.per !== undefined) read(a.per.fact, `${path}.per.fact`);
        const parts: Pending[] = [];
        switch (a.kind) {
          case 'fixed':
            parts.push({ t: 'expr', node: a.value, path: `${path}.value` });
            break;
          case 'brackets': {
            // The amount is itself the scale: `fact`, `brackets` and `otherwise` sit at the amount's level.
            const s = a.value;
            if (s.kind === 'scale') {
              read(s.fact, `${path}.fact`);
              parts.push(...s.brackets.map((b, i): Pending => ({ t: 'expr', node: b.value, path: `${path}.brackets[${i}].value` })));
              if (s.otherwise !== undefined) parts.push({ t: 'expr', node: s.otherwise, path: `${path}.otherwise` });
            } else parts.push({ t: 'expr', node: s, path });
            break;
          }
          case 'rate':
            parts.push({ t: 'expr', node: a.base, path: `${path}.base` }, { t: 'expr', node: a.rate, path: `${path}.rate` });
            if (a.floor !== undefined) parts.push({ t: 'expr', node: a.floor, path: `${path}.floor` });
            if (a.ceiling !== undefined) parts.push({ t: 'expr', node: a.ceiling, path: `${path}.ceiling` });
            break;
          case 'differential':
            parts.push({ t: 'expr', node: a.ceiling, path: `${path}.ceiling` }, { t: 'expr', node: a.resources, path: `${path}.resources` });
            break;
          case 'reduction':
            parts.push({ t: 'expr', node: a.percent, path: `${path}.percent` });
            if (a.of !== undefined) parts.push({ t: 'expr', node: a.of, path: `${path}.of` });
            break;
          case 'cases':
            a.cases.forEach((c, i) => parts.push({ t: 'condition', node: c.when, path: `${path}.cases[${i}].when` }, { t: 'amount', node: c.amount, path: `${path}.cases[${i}].amount` }));
            break;
        }
        if (a.minimum !== undefined) parts.push({ t: 'expr', node: a.minimum, path: `${path}.minimum` });
        push(...parts);
        break;
      }
    }
  }
  return out;
}
