import * as z from 'zod/mini';
import { completedMonths, tryParseDate } from '../dates.js';
import { ACTIVITIES, COUPLE_STATUSES, HOUSING_STATUSES, INCOME_KINDS, NATIONALITIES, expandIncomeKinds, ROLES, SCHOOLING } from '../household/enums.js';
import type { Person } from '../household/schema.js';
import { Cents, parseCents } from '../money.js';
import { personAge, type FactContext, type FactValue, type MissingSink } from './context.js';
import { kindMask, receivedInWindow, referenceMonthlyIncome, taxReturnOf, windowTotal } from './income.js';
import { incomePolicySchema, type IncomePolicy } from './income-policy.js';
import { LOCAL_FACTS } from './local.js';
import { NATIONAL_FACTS } from './national.js';

/** The type of a fact, which decides the operators and literal values a rule may use with it. */
export type FactType = 'number' | 'money' | 'boolean' | 'string' | 'string[]';

/** A derived fact: what a rule condition can read. Published as data in the fact catalog. */
export interface FactDefinition {
  readonly id: string;
  /** French label, as a rule author and a caseworker read it. */
  readonly label: string;
  readonly type: FactType;
  /** Unit, in French (`ans`, `€/mois`, `€/an`, `mois`, `personnes`…). */
  readonly unit?: string;
  readonly enum?: readonly string[];
  /** True for a named value of a rule folder read like a fact (the compiler computes it, not `compute`). */
  readonly named?: boolean;
  /** True for a fact of one person (`person.*`), read inside a `perPerson` only. */
  readonly person?: boolean;
  /** Household fields read, as paths of the household contract. */
  readonly reads: readonly string[];
  /** What `params` the fact takes (validated when rules load), or none: any zod schema (classic or mini). */
  readonly params?: ParamsSchema;
  /** A French description of the params, for the docs. */
  readonly paramsDoc?: string;
  /** Params whose value may be `{ "param": id }`: resolved to the parameter's value at the date. */
  readonly paramRefs?: readonly string[];
  /** What the fact knowingly leaves out. */
  readonly notModeled?: readonly string[];
  /** Set when rules should stop reading the fact: French advice on what to read instead (`rules lint` warns). */
  readonly deprecated?: string;
  readonly compute: (ctx: FactContext, params: Readonly<Record<string, unknown>>, miss: MissingSink) => FactValue | undefined;
}

/** The part of a zod schema (classic or mini) that fact params need. */
export interface ParamsSchema {
  safeParse(input: unknown): { success: true; data: unknown } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

type Compute = FactDefinition['compute'];
const roleLabel = { applicant: 'du demandeur', partner: 'du conjoint' } as const;

function personOf(ctx: FactContext, role: 'applicant' | 'partner', miss: MissingSink): Person | undefined {
  const p = role === 'applicant' ? ctx.applicant : ctx.partner;
  if (p === undefined && role === 'partner' && ctx.household.couple === undefined) miss?.add('couple.status');
  return p;
}

function personField<K extends keyof Person>(role: 'applicant' | 'partner', field: K): Compute {
  return (ctx, _params, miss) => {
    const p = personOf(ctx, role, miss);
    if (p === undefined) return undefined;
    const v = p[field];
    if (v === undefined) {
      miss?.add(`persons.${p.id}.${String(field)}`);
      return undefined;
    }
    return v as FactValue;
  };
}

function personFacts(role: 'applicant' | 'partner'): FactDefinition[] {
  const of = roleLabel[role];
  return [
    {
      id: `${role}.age`,
      label: `Âge ${of}`,
      type: 'number',
      unit: 'ans',
      reads: ['persons[].birthDate'],
      compute: (ctx, _p, miss) => {
        const p = personOf(ctx, role, miss);
        return p === undefined ? undefined : personAge(ctx, p, miss);
      },
    },
    { id: `${role}.activity`, label: `Situation professionnelle ${of}`, type: 'string', enum: ACTIVITIES, reads: ['persons[].activity'], compute: personField(role, 'activity') },
    { id: `${role}.nationality`, label: `Nationalité ${of}`, type: 'string', enum: NATIONALITIES, reads: ['persons[].nationality'], compute: personField(role, 'nationality') },
    { id: `${role}.disabilityRate`, label: `Taux d'incapacité ${of}`, type: 'number', unit: 'fraction (0,5 = 50 %)', reads: ['persons[].disabilityRate'], compute: personField(role, 'disabilityRate') },
    { id: `${role}.gir`, label: `GIR (niveau d'autonomie) ${of}`, type: 'number', unit: 'GIR 1 à 6', reads: ['persons[].gir'], compute: personField(role, 'gir') },
    { id: `${role}.unfitForWork`, label: `Inaptitude au travail ${of}`, type: 'boolean', reads: ['persons[].unfitForWork'], compute: personField(role, 'unfitForWork') },
    { id: `${role}.restrictedWorkAccess`, label: `Restriction substantielle et durable d'accès à l'emploi ${of}`, type: 'boolean', reads: ['persons[].restrictedWorkAccess'], compute: personField(role, 'restrictedWorkAccess') },
    { id: `${role}.pregnant`, label: `Grossesse ${of}`, type: 'boolean', reads: ['persons[].pregnant'], compute: personField(role, 'pregnant') },
    { id: `${role}.carer`, label: `Aidant d'un proche en perte d'autonomie ou handicapé (${role === 'applicant' ? 'demandeur' : 'conjoint'})`, type: 'boolean', reads: ['persons[].carer'], compute: personField(role, 'carer') },
    {
      id: `${role}.unemployedMonths`,
      label: `Durée de chômage ${of}`,
      type: 'number',
      unit: 'mois',
      reads: ['persons[].activity', 'persons[].unemployedSince'],
      compute: (ctx, _p, miss) => {
        const p = personOf(ctx, role, miss);
        if (p === undefined) return undefined;
        if (p.activity === undefined) {
          miss?.add(`persons.${p.id}.activity`);
          return undefined;
        }
        if (p.activity !== 'unemployed') return 0;
        const since = p.unemployedSince === undefined ? undefined : tryParseDate(p.unemployedSince);
        if (since === undefined) {
          miss?.add(`persons.${p.id}.unemployedSince`);
          return undefined;
        }
        return since.iso > ctx.at.iso ? 0 : completedMonths(since, ctx.at);
      },
    },
    {
      id: `${role}.residencePermitYears`,
      label: `Ancienneté du titre de séjour ${of}`,
      type: 'number',
      unit: 'ans',
      reads: ['persons[].nationality', 'persons[].residencePermitSince'],
      notModeled: ['Le titre de séjour est supposé couvrir sans interruption la période depuis sa date.'],
      compute: (ctx, _p, miss) => {
        const p = personOf(ctx, role, miss);
        if (p === undefined) return undefined;
        const since = p.residencePermitSince === undefined ? undefined : tryParseDate(p.residencePermitSince);
        if (since === undefined) {
          // A French or EEA national has no permit: the fact does not apply, and nothing is asked.
          if (p.nationality !== 'fr' && p.nationality !== 'eea') miss?.add(`persons.${p.id}.residencePermitSince`);
          return undefined;
        }
        return since.iso > ctx.at.iso ? 0 : Math.floor(completedMonths(since, ctx.at) / 12);
      },
    },
  ];
}

const kinds = z.array(z.enum(INCOME_KINDS)).check(z.minLength(1));
const windowParams = z.strictObject({
  months: z.union([z.literal(1), z.literal(3), z.literal(12)]),
  include: z.optional(kinds),
  exclude: z.optional(kinds),
  gross: z.optional(z.boolean()),
  alimony: z.optional(z.enum(['include', 'exclude'])),
  deductAlimonyPaid: z.optional(z.boolean()),
});
type WindowParams = z.output<typeof windowParams>;

function windowOf(ctx: FactContext, raw: Readonly<Record<string, unknown>>, miss: MissingSink): Cents | undefined {
  const p = raw as unknown as WindowParams;
  // Sets are built once per compiled condition: see `prepareParams`.
  const prepared = raw as unknown as { includeSet?: Set<string>; excludeSet?: Set<string>; kindMask?: number };
  const include = prepared.includeSet ?? (p.include === undefined ? undefined : expandIncomeKinds(p.include));
  const exclude = prepared.excludeSet ?? (p.exclude === undefined ? undefined : expandIncomeKinds(p.exclude));
  return windowTotal(ctx, p.months, { include, exclude, gross: p.gross, alimony: p.alimony, deductAlimonyPaid: p.deductAlimonyPaid, kinds: prepared.kindMask }, miss);
}

/** Which persons of the household a count or a per-person aggregate takes (validated when rules load). */
export const memberParams = z.strictObject({
  role: z.optional(z.union([z.enum(ROLES), z.array(z.enum(ROLES)).check(z.minLength(1))])),
  minAge: z.optional(z.int().check(z.minimum(0))),
  maxAge: z.optional(z.int().check(z.minimum(0))),
  /** An age limit for children only (dependent children under 25, say), other roles counted at any age. */
  childMaxAge: z.optional(z.int().check(z.minimum(0))),
  custody: z.optional(z.enum(['full', 'shared'])),
  schooling: z.optional(z.array(z.enum(SCHOOLING)).check(z.minLength(1))),
  minDisabilityRate: z.optional(z.number().check(z.minimum(0), z.maximum(1))),
});
export type MemberFilter = z.output<typeof memberParams>;

/**
 * Whether a person matches a member filter: true, false, or undefined when it depends on an age, a
 * schooling or a rate that is not given (the field is then missing).
 */
export function matchPerson(ctx: FactContext, person: Person, p: MemberFilter, miss: MissingSink): boolean | undefined {
  if (p.role !== undefined && (Array.isArray(p.role) ? !p.role.includes(person.role) : p.role !== person.role)) return false;
  if (p.custody !== undefined && person.custody !== p.custody) return false;
  let unknown = false;
  if (p.schooling !== undefined) {
    if (person.schooling === undefined) {
      miss?.add(`persons.${person.id}.schooling`);
      unknown = true;
    } else if (!p.schooling.includes(person.schooling)) return false;
  }
  if (p.minDisabilityRate !== undefined) {
    if (person.disabilityRate === undefined) {
      miss?.add(`persons.${person.id}.disabilityRate`);
      unknown = true;
    } else if (person.disabilityRate < p.minDisabilityRate) return false;
  }
  const childLimit = person.role === 'child' ? p.childMaxAge : undefined;
  if (p.minAge !== undefined || p.maxAge !== undefined || childLimit !== undefined) {
    const age = personAge(ctx, person, miss);
    if (age === undefined) return undefined;
    if (p.minAge !== undefined && age < p.minAge) return false;
    if (p.maxAge !== undefined && age > p.maxAge) return false;
    if (childLimit !== undefined && age > childLimit) return false;
  }
  return unknown ? undefined : true;
}

const policyParams = z.strictObject({ policy: incomePolicySchema });
const taxParams = z.strictObject({ yearsBefore: z.int().check(z.minimum(0), z.maximum(5)) });
/** The fiscal quotient reads a tax notice of year N-1 or N-2 only (the ones a household can have). */
const fiscalQuotientParams = z.strictObject({ yearsBefore: z.union([z.literal(1), z.literal(2)]) });

/** Counts the persons who match; unknown if the count depends on an age or a rate that is not given. */
function countMembers(ctx: FactContext, params: Readonly<Record<string, unknown>>, miss: MissingSink): number | undefined {
  const p = params as MemberFilter;
  let count = 0;
  let unknown = false;
  for (const person of ctx.household.persons) {
    const m = matchPerson(ctx, person, p, miss);
    if (m === undefined) unknown = true;
    else if (m) count += 1;
  }
  return unknown ? undefined : count;
}

function inCouple(ctx: FactContext, miss: MissingSink): boolean | undefined {
  if (ctx.partner !== undefined) return true;
  const c = ctx.household.couple;
  if (c === undefined) {
    miss?.add('couple.status');
    return undefined;
  }
  return c.status === 'couple';
}

/**
 * CAF shares for the quotient familial: 2 for a couple or a single parent, 1 for a person alone
 * without children, ½ for each of the first two children, 1 from the third on.
 */
function cafShares(ctx: FactContext): number {
  const children = ctx.childCount;
  const adults = ctx.partner !== undefined || children > 0 ? 2 : 1;
  return adults + Math.min(children, 2) * 0.5 + Math.max(children - 2, 0);
}

/**
 * Consumption units of the chèque énergie (décret n° 2016-555, art. 1; Code de l'énergie, art. R124-2): 1 for the first person, 0,5 for the
 * second, 0,3 for each other; a child in shared custody (résidence alternée) counts for half of its share.
 * Persons are taken adults first, then children in full custody, then children in shared custody; computed in
 * hundredths, so that 1,25 or 2,25 carry no binary rounding.
 */
function consumptionUnits(persons: readonly Person[]): number {
  // The i-th person taken counts 100, 50, then 30 hundredths; a child in shared custody half of that.
  const share = (i: number) => (i === 0 ? 100 : i === 1 ? 50 : 30);
  let half = 0;
  for (const p of persons) half += halfWeight(p);
  const full = persons.length - half;
  let hundredths = 0;
  for (let i = 0; i < persons.length; i += 1) hundredths += i < full ? share(i) : share(i) / 2;
  return hundredths / 100;
}

/** 1 for a child in shared custody (counted for half), 0 for any other person. */
function halfWeight(p: Person): number {
  return p.role === 'child' && p.custody === 'shared' ? 1 : 0;
}

/**
 * Fiscal quotient familial: revenu fiscal de référence ÷ 12 ÷ the shares of the tax notice (CGI, art. 194:
 * shares are quarters, so 4 × shares is an integer). Computed exactly in integer cents, then rounded once
 * to the cent, half up: the figure a service writes down from the notice, and no double rounding (÷ 12
 * rounded, then ÷ shares rounded, can be one cent off).
 */
function fiscalQuotient(income: Cents, shares: number): Cents {
  const num = income.n * 4;
  const den = income.d * Math.round(shares * 4) * 12;
  // num ≥ 0 and below 2^50 (12-digit amounts): floor((2 num + den) / (2 den)) is half-up in exact integers.
  return new Cents(Math.floor((2 * num + den) / (2 * den)), 1);
}

/** CAF quotient familial: monthly reference income under a territory policy ÷ CAF shares, exact. */
const cafQuotient: Compute = (ctx, params, miss) => {
  const income = referenceMonthlyIncome(ctx, params.policy as IncomePolicy, miss);
  // Shares are halves: divide by (2 × shares) / 2, in integers.
  return income === undefined ? undefined : income.divide(cafShares(ctx) * 2, 2);
};

/** Hosted for free: the RSA forfait logement (CASF, art. R262-9) applies to a person « logé gratuitement ». */
const hostedFree: Compute = (ctx, _params, miss) => {
  const status = ctx.household.housing?.status;
  if (status === undefined || status === 'hosted') {
    miss?.add('housing.status');
    return undefined;
  }
  return status === 'hosted-free';
};

function householdField(read: (ctx: FactContext) => FactValue | undefined, missingKey: string): Compute {
  return (ctx, _p, miss) => {
    const v = read(ctx);
    if (v === undefined) miss?.add(missingKey);
    return v;
  };
}

/** A monthly amount computed under a territory's income policy (`{ "policy": { "param": id } }`). */
const POLICY_MONEY_FACT = {
  type: 'money',
  unit: '€/mois',
  reads: ['incomes', 'incomesComplete', 'taxReturns', 'couple', 'persons[].role'],
  params: policyParams,
  paramRefs: ['policy'],
  paramsDoc: 'policy : un paramètre de type « politique de ressources » ({ "param": id })',
} as const;

/** The CAF quotient familial, under two names: the old ambiguous one (kept for rule folders that use it) and the clear one. */
const CAF_QUOTIENT = {
  ...POLICY_MONEY_FACT,
  notModeled: ["La demi-part supplémentaire pour un enfant handicapé n'est pas comptée.", "Le quotient est exact, sans arrondi : un règlement qui arrondit (au centime ou à l'euro) n'est pas suivi."],
  compute: (ctx: FactContext, params: Readonly<Record<string, unknown>>, miss: MissingSink) => cafQuotient(ctx, params, miss),
} as const;

const householdFacts: FactDefinition[] = [
  { id: 'household.commune', label: 'Commune de résidence (code INSEE)', type: 'string', reads: ['commune'], compute: householdField((c) => c.household.commune, 'commune') },
  {
    id: 'household.departement',
    label: 'Département de résidence',
    type: 'string',
    reads: ['commune'],
    compute: householdField((c) => {
      const code = c.household.commune;
      if (code === undefined) return undefined;
      return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
    }, 'commune'),
  },
  { id: 'household.area', label: 'Quartier de résidence', type: 'string', reads: ['area'], compute: householdField((c) => c.household.area, 'area') },
  { id: 'household.size', label: 'Nombre de personnes du foyer', type: 'number', unit: 'personnes', reads: ['persons'], compute: (ctx) => ctx.household.persons.length },
  {
    id: 'household.memberCount',
    label: 'Nombre de personnes du foyer répondant aux critères',
    type: 'number',
    unit: 'personnes',
    reads: ['persons[].role', 'persons[].birthDate', 'persons[].custody', 'persons[].disabilityRate'],
    params: memberParams,
    paramsDoc: 'role (un rôle ou une liste), minAge, maxAge (âges inclus), childMaxAge (âge maximal des seuls enfants), custody, schooling (liste), minDisabilityRate',
    compute: countMembers,
  },
  {
    id: 'household.consumptionUnits',
    label: 'Unités de consommation du foyer (chèque énergie)',
    type: 'number',
    unit: 'UC',
    reads: ['persons'],
    compute: (ctx) => consumptionUnits(ctx.household.persons),
  },
  { id: 'household.cafShares', label: 'Nombre de parts du quotient familial (CAF)', type: 'number', unit: 'parts', reads: ['persons[].role'], notModeled: ["La demi-part supplémentaire pour un enfant handicapé n'est pas comptée."], compute: cafShares },
  { id: 'household.inCouple', label: 'Vie en couple', type: 'boolean', reads: ['couple.status', 'persons[].role'], compute: (ctx, _p, miss) => inCouple(ctx, miss) },
  {
    id: 'household.coupleStatus',
    label: 'Situation de couple',
    type: 'string',
    enum: COUPLE_STATUSES,
    reads: ['couple.status'],
    compute: householdField((c) => c.household.couple?.status ?? (c.partner !== undefined ? 'couple' : undefined), 'couple.status'),
  },
  {
    id: 'household.singleParent',
    label: 'Parent seul avec enfant(s)',
    type: 'boolean',
    reads: ['couple.status', 'persons[].role'],
    compute: (ctx, _p, miss) => {
      if (!ctx.household.persons.some((p) => p.role === 'child')) return false;
      const couple = inCouple(ctx, miss);
      return couple === undefined ? undefined : !couple;
    },
  },
  {
    id: 'household.monthsSinceSeparation',
    label: 'Mois écoulés depuis la séparation',
    type: 'number',
    unit: 'mois',
    reads: ['couple.status', 'couple.since'],
    compute: (ctx, _p, miss) => {
      const c = ctx.household.couple;
      if (c === undefined) {
        if (ctx.partner === undefined) miss?.add('couple.status');
        return undefined;
      }
      if (c.status !== 'separated') return undefined;
      const since = ctx.coupleSince;
      if (since === undefined) {
        miss?.add('couple.since');
        return undefined;
      }
      return since.iso > ctx.at.iso ? 0 : completedMonths(since, ctx.at);
    },
  },
  {
    id: 'household.incomeTotal',
    label: 'Total des ressources du demandeur et du conjoint sur la période',
    type: 'money',
    unit: '€',
    reads: ['incomes', 'incomesComplete'],
    params: windowParams,
    paramsDoc: 'months (1, 3 ou 12 mois civils avant le mois de la date), include / exclude (types de revenus), gross (pensions en brut), alimony, deductAlimonyPaid',
    notModeled: ['Les revenus propres des enfants ne sont pas comptés.'],
    compute: windowOf,
  },
  {
    id: 'household.averageMonthlyIncome',
    label: 'Ressources mensuelles moyennes du demandeur et du conjoint',
    type: 'money',
    unit: '€/mois',
    reads: ['incomes', 'incomesComplete'],
    params: windowParams,
    paramsDoc: 'comme household.incomeTotal ; le total est divisé par le nombre de mois',
    notModeled: ['Les revenus propres des enfants ne sont pas comptés.'],
    compute: (ctx, params, miss) => {
      const total = windowOf(ctx, params, miss);
      return total === undefined ? undefined : new Cents(total.n, (params as unknown as WindowParams).months);
    },
  },
  {
    ...POLICY_MONEY_FACT,
    id: 'household.referenceMonthlyIncome',
    label: 'Revenu mensuel de référence (selon la politique du territoire)',
    notModeled: ["Sur les bases fiscales N-1 et N-2, le revenu fiscal de référence est pris tel quel : l'exclusion des pensions alimentaires ou de prestations ne peut pas s'y appliquer."],
    compute: (ctx, params, miss) => referenceMonthlyIncome(ctx, params.policy as IncomePolicy, miss),
  },
  {
    ...CAF_QUOTIENT,
    id: 'household.quotientFamilial',
    label: 'Quotient familial mensuel (revenu de référence / parts CAF)',
    deprecated: 'ambigu : utilisez household.cafQuotientFamilial (CAF) ou household.fiscalQuotientFamilial (fiscal)',
  },
  { ...CAF_QUOTIENT, id: 'household.cafQuotientFamilial', label: 'Quotient familial CAF mensuel (revenu de référence / parts CAF)' },
  {
    id: 'household.fiscalQuotientFamilial',
    label: "Quotient familial fiscal mensuel (revenu fiscal de référence / 12 / parts de l'avis d'imposition)",
    type: 'money',
    unit: '€/mois',
    reads: ['taxReturns'],
    params: fiscalQuotientParams,
    paramsDoc: "yearsBefore (obligatoire) : 1 pour l'avis des revenus N-1, 2 pour celui des revenus N-2 ; arrondi au centime le plus proche (au demi-centime supérieur)",
    notModeled: ["Un seul avis d'imposition par année est lu : un couple ni marié ni pacsé, qui en reçoit deux, n'est pas modélisé."],
    compute: (ctx, params, miss) => {
      const r = taxReturnOf(ctx, params.yearsBefore as number, miss);
      return r === undefined ? undefined : fiscalQuotient(r.income, r.shares);
    },
  },
  {
    id: 'household.taxReferenceIncome',
    label: 'Revenu fiscal de référence',
    type: 'money',
    unit: '€/an',
    reads: ['taxReturns'],
    params: taxParams,
    paramsDoc: "yearsBefore : l'année de revenus, comptée avant l'année de la date (2 pour N-2)",
    compute: (ctx, params, miss) => taxReturnOf(ctx, params.yearsBefore as number, miss)?.income,
  },
  {
    id: 'household.taxShares',
    label: "Nombre de parts fiscales de l'avis d'imposition",
    type: 'number',
    unit: 'parts',
    reads: ['taxReturns'],
    params: taxParams,
    paramsDoc: 'yearsBefore',
    compute: (ctx, params, miss) => taxReturnOf(ctx, params.yearsBefore as number, miss)?.shares,
  },
  {
    id: 'household.taxIncomePerConsumptionUnit',
    label: 'Revenu fiscal de référence par unité de consommation',
    type: 'money',
    unit: '€/an par UC',
    reads: ['taxReturns', 'persons'],
    params: taxParams,
    paramsDoc: 'yearsBefore',
    compute: (ctx, params, miss) => {
      const r = taxReturnOf(ctx, params.yearsBefore as number, miss);
      // Consumption units are hundredths (1, 1.5, 1.25, 1.8…): divide by (100 × UC) / 100, in integers.
      return r === undefined ? undefined : r.income.divide(Math.round(consumptionUnits(ctx.household.persons) * 100), 100);
    },
  },
  {
    id: 'household.receivesIncome',
    label: "Perception d'un revenu ou d'une prestation par une personne du foyer",
    type: 'boolean',
    reads: ['incomes', 'incomesComplete'],
    params: z.strictObject({ kind: z.enum(INCOME_KINDS), months: z.optional(z.union([z.literal(1), z.literal(3), z.literal(12)])) }),
    paramsDoc: 'kind (type de revenu), months (fenêtre, 3 par défaut)',
    compute: (ctx, params, miss) => {
      const months = (params.months as number | undefined) ?? 3;
      if (receivedInWindow(ctx, params.kind as string, months)) return true;
      if (ctx.household.incomesComplete === true) return false;
      miss?.add('incomesComplete');
      return undefined;
    },
  },
  { id: 'household.housingStatus', label: 'Situation de logement', type: 'string', enum: HOUSING_STATUSES, reads: ['housing.status'], compute: householdField((c) => c.household.housing?.status, 'housing.status') },
  {
    id: 'household.hostedFree',
    label: 'Hébergé gratuitement',
    type: 'boolean',
    reads: ['housing.status'],
    notModeled: ['Inconnu pour le statut « hosted » (hébergé, sans dire si c\'est gratuit) : la question est posée.'],
    compute: hostedFree,
  },
  {
    id: 'household.monthlyRent',
    label: 'Loyer mensuel',
    type: 'money',
    unit: '€/mois',
    reads: ['housing.monthlyRent'],
    compute: householdField((c) => (c.household.housing?.monthlyRent === undefined ? undefined : new Cents(parseCents(c.household.housing.monthlyRent), 1)), 'housing.monthlyRent'),
  },
  {
    id: 'household.housingBenefit',
    label: 'Aide au logement perçue (mensuelle)',
    type: 'money',
    unit: '€/mois',
    reads: ['housing.housingBenefit'],
    compute: householdField((c) => (c.household.housing?.housingBenefit === undefined ? undefined : new Cents(parseCents(c.household.housing.housingBenefit), 1)), 'housing.housingBenefit'),
  },
  { id: 'services.crecheHoursPerMonth', label: "Heures d'accueil en crèche par mois", type: 'number', unit: 'heures/mois', reads: ['services.crecheHoursPerMonth'], compute: householdField((c) => c.household.services?.crecheHoursPerMonth, 'services.crecheHoursPerMonth') },
  { id: 'services.canteenMealsPerMonth', label: 'Repas de cantine par mois', type: 'number', unit: 'repas/mois', reads: ['services.canteenMealsPerMonth'], compute: householdField((c) => c.household.services?.canteenMealsPerMonth, 'services.canteenMealsPerMonth') },
  { id: 'services.afterSchoolHoursPerMonth', label: "Heures d'accueil périscolaire par mois", type: 'number', unit: 'heures/mois', reads: ['services.afterSchoolHoursPerMonth'], compute: householdField((c) => c.household.services?.afterSchoolHoursPerMonth, 'services.afterSchoolHoursPerMonth') },
  { id: 'services.mealsAtHomePerMonth', label: 'Repas livrés à domicile par mois', type: 'number', unit: 'repas/mois', reads: ['services.mealsAtHomePerMonth'], compute: householdField((c) => c.household.services?.mealsAtHomePerMonth, 'services.mealsAtHomePerMonth') },
];

/** Every fact a rule may read, by id. */
export const FACTS: ReadonlyMap<string, FactDefinition> = new Map(
  [...personFacts('applicant'), ...personFacts('partner'), ...householdFacts, ...NATIONAL_FACTS, ...LOCAL_FACTS].map((f) => [f.id, f]),
);

/**
 * Turns validated params into the form `compute` reads, once per compiled condition (so that sets
 * are not built per household).
 */
export function prepareParams(params: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const out: Record<string, unknown> = { ...params };
  if (Array.isArray(params.include)) out.includeSet = expandIncomeKinds(params.include as string[]);
  if (Array.isArray(params.exclude)) out.excludeSet = expandIncomeKinds(params.exclude as string[]);
  // An income window's kinds as bits (the sums are kept by kind).
  if (typeof params.months === 'number') out.kindMask = kindMask(out.includeSet as Set<string> | undefined, out.excludeSet as Set<string> | undefined);
  return out;
}
