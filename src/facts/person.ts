import * as z from 'zod/mini';
import { formatMonth } from '../dates.js';
import { ACTIVITIES, CUSTODY, INCOME_KINDS, NATIONALITIES, ROLES, SCHOOLING, expandIncomeKinds } from '../household/enums.js';
import type { Person } from '../household/schema.js';
import { Cents } from '../money.js';
import { personAge, type FactContext, type FactValue, type MissingSink } from './context.js';
import type { FactType, ParamsSchema } from './definitions.js';
import { personWindowTotal } from './income.js';

/**
 * Facts of one person, read inside a per-person expression or condition (`perPerson`): the rule says
 * which members (`where`) and how their values combine (count, sum, min, max, any, all).
 */
export interface PersonFactDefinition {
  readonly id: string;
  readonly label: string;
  readonly type: FactType;
  readonly unit?: string;
  readonly enum?: readonly string[];
  readonly reads: readonly string[];
  readonly params?: ParamsSchema;
  readonly paramsDoc?: string;
  readonly compute: (ctx: FactContext, person: Person, params: Readonly<Record<string, unknown>>, miss: MissingSink) => FactValue | undefined;
}

function field<K extends keyof Person>(name: K): PersonFactDefinition['compute'] {
  return (_ctx, person, _params, miss) => {
    const v = person[name];
    if (v === undefined) {
      miss?.add(`persons.${person.id}.${String(name)}`);
      return undefined;
    }
    return v as FactValue;
  };
}

const kinds = z.array(z.enum(INCOME_KINDS)).check(z.minLength(1));
const incomeParams = z.strictObject({
  months: z.union([z.literal(1), z.literal(3), z.literal(12)]),
  include: z.optional(kinds),
  exclude: z.optional(kinds),
  gross: z.optional(z.boolean()),
});
type IncomeParams = z.output<typeof incomeParams>;

/**
 * A person's own income over the `months` calendar months before the month of the date (alimony paid
 * deducted, never below zero). A month without any record of that person is unknown unless the household
 * says its incomes are complete.
 */
function personIncome(ctx: FactContext, person: Person, raw: Readonly<Record<string, unknown>>, miss: MissingSink): Cents | undefined {
  const p = raw as IncomeParams & { readonly includeSet?: ReadonlySet<string>; readonly excludeSet?: ReadonlySet<string>; readonly kindMask?: number };
  // Kinds with their groups expanded (`family-benefits` stands for af, asf…), prepared once when compiled.
  const include = p.includeSet ?? (p.include === undefined ? undefined : expandIncomeKinds(p.include));
  const exclude = p.excludeSet ?? (p.exclude === undefined ? undefined : expandIncomeKinds(p.exclude));
  if (miss === null) return personWindowTotal(ctx, person.id, p.months, { include, exclude, gross: p.gross, kinds: p.kindMask });
  const first = ctx.at.monthIndex - p.months;
  const complete = ctx.household.incomesComplete === true;
  const seen = new Set<number>();
  let total = 0;
  let unknown = false;
  for (const r of ctx.records) {
    if (r.person !== person.id || r.month < first || r.month >= ctx.at.monthIndex) continue;
    seen.add(r.month);
    if (exclude?.has(r.kind) === true) continue;
    if (include !== undefined && !include.has(r.kind)) continue;
    if (r.kind === 'alimony-paid') total -= r.cents;
    else if (p.gross === true && r.kind === 'pension') {
      if (r.grossCents === undefined) {
        unknown = true;
        miss?.add(`incomes.${formatMonth(r.month)}.grossAmount`);
      } else total += r.grossCents;
    } else total += r.cents;
  }
  if (!complete) {
    for (let m = first; m < ctx.at.monthIndex; m += 1) {
      if (!seen.has(m)) {
        unknown = true;
        miss?.add(`incomes.${formatMonth(m)}`);
      }
    }
  }
  if (unknown) return undefined;
  return new Cents(Math.max(total, 0), 1);
}

const personFacts: PersonFactDefinition[] = [
  { id: 'person.age', label: 'Âge de la personne', type: 'number', unit: 'ans', reads: ['persons[].birthDate'], compute: (ctx, person, _p, miss) => personAge(ctx, person, miss) },
  { id: 'person.role', label: 'Place dans le foyer', type: 'string', enum: ROLES, reads: ['persons[].role'], compute: (_c, person) => person.role },
  { id: 'person.activity', label: 'Situation professionnelle de la personne', type: 'string', enum: ACTIVITIES, reads: ['persons[].activity'], compute: field('activity') },
  { id: 'person.nationality', label: 'Nationalité de la personne', type: 'string', enum: NATIONALITIES, reads: ['persons[].nationality'], compute: field('nationality') },
  { id: 'person.schooling', label: 'Scolarité de la personne', type: 'string', enum: SCHOOLING, reads: ['persons[].schooling'], compute: field('schooling') },
  { id: 'person.custody', label: "Garde de l'enfant", type: 'string', enum: CUSTODY, reads: ['persons[].custody'], compute: field('custody') },
  { id: 'person.disabilityRate', label: "Taux d'incapacité de la personne", type: 'number', unit: 'fraction (0,5 = 50 %)', reads: ['persons[].disabilityRate'], compute: field('disabilityRate') },
  { id: 'person.gir', label: 'GIR de la personne', type: 'number', unit: 'GIR 1 à 6', reads: ['persons[].gir'], compute: field('gir') },
  { id: 'person.unfitForWork', label: 'Inaptitude au travail de la personne', type: 'boolean', reads: ['persons[].unfitForWork'], compute: field('unfitForWork') },
  { id: 'person.restrictedWorkAccess', label: "Restriction substantielle et durable d'accès à l'emploi de la personne", type: 'boolean', reads: ['persons[].restrictedWorkAccess'], compute: field('restrictedWorkAccess') },
  { id: 'person.pregnant', label: 'Grossesse', type: 'boolean', reads: ['persons[].pregnant'], compute: field('pregnant') },
  {
    id: 'person.income',
    label: 'Revenus propres de la personne sur la période',
    type: 'money',
    unit: '€',
    reads: ['incomes', 'incomesComplete'],
    params: incomeParams,
    paramsDoc: 'months (1, 3 ou 12 mois civils avant le mois de la date), include / exclude (types de revenus), gross (pensions en brut)',
    compute: personIncome,
  },
  {
    id: 'person.averageMonthlyIncome',
    label: 'Revenus propres mensuels moyens de la personne',
    type: 'money',
    unit: '€/mois',
    reads: ['incomes', 'incomesComplete'],
    params: incomeParams,
    paramsDoc: 'comme person.income ; le total est divisé par le nombre de mois',
    compute: (ctx, person, params, miss) => {
      const t = personIncome(ctx, person, params, miss);
      return t === undefined ? undefined : new Cents(t.n, (params as IncomeParams).months);
    },
  },
];

/** Every fact of a person that a per-person expression may read, by id. */
export const PERSON_FACTS: ReadonlyMap<string, PersonFactDefinition> = new Map(personFacts.map((f) => [f.id, f]));
