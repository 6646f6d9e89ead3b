import type { Household } from '../household/schema.js';
import type { RuleResult } from '../report/explain.js';
import { describeQuestion } from '../report/questions.js';
import type { Question, Report } from '../report/report.js';
import type { Catalog, Rule } from '../rules/catalog.js';

/**
 * Which results a form shows, and why it hides the others. The evaluator is right to call a local aid
 * « undetermined » while the commune is unknown, and a crèche tariff « undetermined » while no one said
 * whether a child goes to crèche; but a caseworker who sees three cities' aids « à vérifier » before
 * asking where the person lives, or the price of a canteen the family does not use, reads noise. This
 * is a choice of the form, not of the law: the report keeps every result, `scopeResults` only selects.
 *
 * At library level this would be a field of `RuleResult` (its territory: national or local, and for a
 * local rule whose commune is unknown a distinct reason rather than a plain `commune` missing; for a
 * tariff, its usage fact), so that any caller could filter without the catalog. Until then the form reads
 * the rules of the catalog (`territory.national`, `kind`, `usage`).
 */
export type HiddenBecause =
  /** Outside its validity window, or reserved to another territory: never a right of this household. */
  | 'not-in-force'
  | 'out-of-territory'
  /** A local rule (its territory is not `national`) while the household has no commune. */
  | 'commune-unknown'
  /** A tariff of a service the household neither uses nor asked about. */
  | 'service-not-asked';

/** A service whose price a tariff gives: a crèche, a canteen, after-school care, meals at home, transport. */
export interface TariffService {
  /** The tariff's usage fact (`services.crecheHoursPerMonth`), or the rule id for a tariff without one. */
  readonly id: string;
  /** In French: « Crèche ». */
  readonly label: string;
  /** The tariffs of this service in the results. */
  readonly rules: readonly string[];
  /** Whether the household uses it by its answers (hours or meals per month, a child in crèche). */
  readonly used: boolean;
}

/** What a form shows: results and questions, the hidden rules with their reason, and the services it may ask about. */
export interface ScopedReport {
  readonly results: readonly RuleResult[];
  /** The report's questions, each with only its shown rules; a question that decides only hidden rules is left out. */
  readonly questions: readonly Question[];
  readonly hidden: readonly { readonly id: string; readonly because: HiddenBecause }[];
  /** The services of the tariffs in force in the household's territory (empty until the commune is known). */
  readonly services: readonly TariffService[];
}

/** The services a form names, by usage fact. */
const SERVICE_LABELS: Readonly<Record<string, string>> = {
  'services.crecheHoursPerMonth': 'Crèche',
  'services.canteenMealsPerMonth': 'Restauration scolaire (cantine)',
  'services.afterSchoolHoursPerMonth': 'Accueil périscolaire',
  'services.mealsAtHomePerMonth': 'Portage de repas à domicile',
};

/** A child's schooling that says the household uses the service (a child « en crèche » is minded in one). */
const USED_BY_SCHOOLING: Readonly<Record<string, readonly string[]>> = {
  'services.crecheHoursPerMonth': ['creche'],
};

/** The service a tariff prices: its usage fact, or itself when it has none. */
export function serviceOf(rule: Pick<Rule, 'id' | 'usage'>): string {
  return rule.usage?.fact ?? rule.id;
}

function uses(household: Household, service: string): boolean {
  const m = /^services\.([A-Za-z]+)$/.exec(service);
  const quantity = m === null ? undefined : (household.services as Readonly<Record<string, number | undefined>> | undefined)?.[m[1] as string];
  if (quantity !== undefined && quantity > 0) return true;
  const schooling = USED_BY_SCHOOLING[service];
  return schooling !== undefined && household.persons.some((p) => p.role === 'child' && p.schooling !== undefined && schooling.includes(p.schooling));
}

/**
 * Selects what a form shows of a report: no rule out of its period or territory; national rules only until the commune is known; a tariff only
 * for a service the household uses (by its answers) or that the caseworker asked about (`asked`, by
 * `TariffService.id`), or whose claim was answered. Results and questions keep the report's order; a
 * question is kept for its shown rules (and a child's schooling for the crèche tariff it may show); its
 * money at stake is dropped when some of its rules are hidden (it was their sum).
 *
 * @example
 * const scoped = scopeResults(compiled.catalog, state.report, household, { asked: ['services.crecheHoursPerMonth'] });
 */
export function scopeResults(catalog: Catalog, report: Report, household: Household, options: { readonly asked?: readonly string[] } = {}): ScopedReport {
  const rules = new Map(catalog.rules.map((r) => [r.id, r] as const));
  const asked = new Set(options.asked ?? []);
  const hidden: { id: string; because: HiddenBecause }[] = [];
  const services = new Map<string, { label: string; rules: string[]; used: boolean }>();
  const shown: RuleResult[] = [];
  for (const r of report.results) {
    const rule = rules.get(r.id);
    if (r.status === 'not-in-force' || r.status === 'out-of-territory') {
      hidden.push({ id: r.id, because: r.status });
      continue;
    }
    if (household.commune === undefined && rule?.territory.national !== true) {
      hidden.push({ id: r.id, because: 'commune-unknown' });
      continue;
    }
    if (r.kind === 'tariff' && rule !== undefined) {
      const service = serviceOf(rule);
      let s = services.get(service);
      if (s === undefined) services.set(service, (s = { label: SERVICE_LABELS[service] ?? rule.title, rules: [], used: uses(household, service) }));
      s.rules.push(r.id);
      if (!s.used && !asked.has(service) && household.claims?.[r.id] === undefined) {
        hidden.push({ id: r.id, because: 'service-not-asked' });
        continue;
      }
    }
    shown.push(r);
  }
  const keep = new Set(shown.map((r) => r.id));
  // A child's schooling is still asked while it may show a hidden tariff (« en crèche »): the answer decides
  // use. The report asks it only for rules whose conditions read it; for the others it is added at the end.
  const bySchooling = hidden.filter((x) => x.because === 'service-not-asked' && USED_BY_SCHOOLING[serviceOf(rules.get(x.id) as Rule)] !== undefined).map((x) => x.id);
  const schoolingOpen = new Set(bySchooling.length === 0 ? [] : household.persons.filter((p) => p.role === 'child' && p.schooling === undefined).map((p) => `persons.${p.id}.schooling`));
  const questions = report.questions.flatMap((q): Question[] => {
    const decidesUse = schoolingOpen.delete(q.id);
    const kept = [...new Set([...q.rules.filter((id) => keep.has(id)), ...(decidesUse ? bySchooling : [])])].sort();
    if (kept.length === 0) return [];
    return kept.length === q.rules.length && kept.every((id, i) => id === q.rules[i]) ? [q] : [{ ...q, rules: kept, amountAtStake: null, amountRange: null }];
  });
  for (const id of schoolingOpen) questions.push({ ...describeQuestion(id, [], household), rules: bySchooling, amountAtStake: null, amountRange: null });
  return { results: shown, questions, hidden, services: [...services].map(([id, s]) => ({ id, ...s })) };
}
