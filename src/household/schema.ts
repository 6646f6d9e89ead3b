import * as z from 'zod/mini';
import { tryParseDate, tryParseMonth } from '../dates.js';
import {
  ACTIVITIES,
  CLAIM_STATES,
  COUPLE_STATUSES,
  CUSTODY,
  HOUSING_STATUSES,
  INCOME_KINDS,
  NATIONALITIES,
  ROLES,
  SCHOOLING,
} from './enums.js';

/**
 * Bounds of the household contract. Each is far above any real household and low enough that nothing
 * downstream (decimal arithmetic, per-person loops, reports) can be made slow or overflow by one input.
 */
export const HOUSEHOLD_LIMITS = {
  /** Persons in one household: the largest households counted by INSEE are far below. */
  persons: 30,
  /** Income lines: 30 persons × 17 kinds × 4 months, or a few persons over several years, fit. */
  incomes: 2000,
  /** Tax returns (one per year; rules read N-1 and N-2). */
  taxReturns: 50,
  /** Claims, one per rule of the catalog. */
  claims: 1000,
  /** Free-text identifiers and slugs (`area`, rule ids of `claims`). */
  text: 100,
  /** Identifier of a person (referenced by `incomes[].person`). */
  personId: 64,
  /** The caller's reference of the household. */
  householdId: 200,
  /** Hours per month of a service: a month has at most 31 × 24 = 744 hours. */
  hoursPerMonth: 744,
  /** Meals per month: at most 3 a day for 31 days. */
  mealsPerMonth: 93,
  /** Any amount, in euros: 10 000 000.00 € (a social-rights household is far below; a typo is not). */
  amountEuros: 10_000_000,
} as const;

/** A real calendar date `YYYY-MM-DD` (2024-02-30 is refused). */
export const dateString = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'date attendue au format AAAA-MM-JJ', abort: true }),
  z.superRefine((s, ctx) => {
    if (tryParseDate(s) === undefined) ctx.addIssue({ code: 'custom', input: s, message: "date impossible : ce jour n'existe pas dans le calendrier" });
  }),
);

/** A month `YYYY-MM` (a regular expression: native speed on the records that make most of a household). */
const monthString = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'mois attendu au format AAAA-MM' }));

/**
 * An amount written the French way — decimal comma, spaces or dots between thousands, a euro sign
 * ("1 300,00", "1.300,00 €") — or the English way ("1,300.00"), rewritten as the contract wants it
 * ("1300.00"); undefined when the writing is not one of those or is ambiguous ("1,300").
 */
function rewrittenAmount(s: string): string | undefined {
  const t = s.replace(/[\s\u00a0\u202f]+/g, ' ').trim().replace(/\s*(€|EUR|euros?)$/i, '');
  const m =
    /^(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d{1,2}))?$/.exec(t) ?? // French: 1 300,00 · 1.300,00 · 1300,5 · 1 300
    /^(\d{1,3}(?:,\d{3})+)\.(\d{1,2})$/.exec(t); // English, with its decimals: 1,300.00 ("1,300" is ambiguous)
  if (m === null) return undefined;
  const int = (m[1] as string).replace(/[ .,]/g, '').replace(/^0+(?=\d)/, '');
  const rewritten = `${int}.${(m[2] ?? '').padEnd(2, '0')}`;
  return rewritten === s ? undefined : rewritten;
}

/**
 * Why an amount string is refused, in French (computed only when it is refused). The rewritten amount
 * ("écrivez 1300.00") is the one place a household value goes into a message: the correction is the point.
 */
function amountProblem(input: unknown, pattern: RegExp, cap: string): string {
  const s = typeof input === 'string' ? input : '';
  if (s.trim() === '') return 'montant vide : indiquez un nombre, ou retirez le champ si la valeur est inconnue';
  if (/^-\s*\d/.test(s)) return 'montant négatif : un montant doit être positif ou nul';
  if (/^\d+(\.\d+)?$/.test(s)) {
    if (!/^\d+(\.\d{1,2})?$/.test(s)) return 'montant invalide : deux décimales au plus (au centime près), par ex. "1450.00"';
    return `montant trop élevé : ${cap} au plus`;
  }
  const rewritten = rewrittenAmount(s);
  if (rewritten !== undefined) {
    if (!pattern.test(rewritten)) return `montant trop élevé : ${cap} au plus`;
    return `montant invalide : écrivez ${rewritten} (point décimal, sans espace ni séparateur de milliers)`;
  }
  return 'montant invalide : attendu un nombre positif en euros, au centime près, écrit comme "1450.00"';
}

/** At most 10 000 000.00 (HOUSEHOLD_LIMITS.amountEuros), at most two decimals, digits only (no sign, exponent, space or comma). */
const AMOUNT_RE = /^(\d{1,7}(\.\d{1,2})?|10000000(\.00?)?)$/;
/** At most 12 digits before the decimals. */
const LARGE_AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

/** A non-negative amount in euros of the household, up to 10 000 000.00, as a decimal string with at most two decimals ("1450.00"). */
export const householdAmountString = z.string().check(z.regex(AMOUNT_RE, { error: (issue) => amountProblem(issue.input, AMOUNT_RE, '10 000 000,00 €') }));

/**
 * A non-negative amount in euros with at most two decimals and 12 digits before them, for other data files
 * (the income policy of a parameter file): the household itself uses `householdAmountString`, capped.
 */
export const amountString = z.string().check(z.regex(LARGE_AMOUNT_RE, { error: (issue) => amountProblem(issue.input, LARGE_AMOUNT_RE, '999 999 999 999,99 €') }));

/** A count or duration per month: a finite number between 0 and `max` (1e308 hours is refused, not clamped). */
const perMonth = (max: number, what: string, why: string) =>
  z.number().check(
    z.minimum(0, { error: `${what} par mois : nombre positif ou nul attendu` }),
    z.maximum(max, { error: `${what} par mois : ${String(max)} au plus (${why})` }),
  );

/** Text bounded before any pattern runs, so that a megabyte of text costs one length check. */
const bounded = (max: number, what: string) => z.string().check(z.maxLength(max, { error: `${what} trop long : ${String(max)} caractères au plus`, abort: true }));

const slug = (what: string) =>
  bounded(HOUSEHOLD_LIMITS.text, what).check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'identifiant attendu en minuscules, chiffres et tirets (ex. « quiniere »)' }));

export const personSchema = z.strictObject({
  id: bounded(HOUSEHOLD_LIMITS.personId, 'identifiant de la personne').check(z.minLength(1, { error: "l'identifiant de la personne est vide" })),
  role: z.enum(ROLES),
  birthDate: z.optional(dateString),
  activity: z.optional(z.enum(ACTIVITIES)),
  unemployedSince: z.optional(dateString),
  disabilityRate: z.optional(z.number().check(z.minimum(0, { error: 'taux entre 0 et 1 attendu (0.5 pour 50 %)' }), z.maximum(1, { error: 'taux entre 0 et 1 attendu (0.5 pour 50 %)' }))),
  gir: z.optional(z.int().check(z.minimum(1, { error: 'GIR entre 1 et 6 attendu' }), z.maximum(6, { error: 'GIR entre 1 et 6 attendu' }))),
  unfitForWork: z.optional(z.boolean()),
  /** Restriction substantielle et durable d'accès à l'emploi (RSDAE), reconnue par la CDAPH (AAH à 50–79 %). */
  restrictedWorkAccess: z.optional(z.boolean()),
  schooling: z.optional(z.enum(SCHOOLING)),
  nationality: z.optional(z.enum(NATIONALITIES)),
  residencePermitSince: z.optional(dateString),
  custody: z.optional(z.enum(CUSTODY)),
  pregnant: z.optional(z.boolean()),
  livesAlone: z.optional(z.boolean()),
  carer: z.optional(z.boolean()),
});

export const incomeSchema = z.strictObject({
  person: bounded(HOUSEHOLD_LIMITS.personId, 'identifiant de la personne').check(z.minLength(1)),
  kind: z.enum(INCOME_KINDS),
  month: monthString,
  amount: householdAmountString,
  grossAmount: z.optional(householdAmountString),
});

export const taxReturnSchema = z.strictObject({
  year: z.int().check(z.minimum(1990, { error: 'année fiscale invalide' }), z.maximum(2100, { error: 'année fiscale invalide' })),
  referenceIncome: householdAmountString,
  shares: z.number().check(z.minimum(1, { error: 'nombre de parts fiscales entre 1 et 20 attendu' }), z.maximum(20, { error: 'nombre de parts fiscales entre 1 et 20 attendu' }), z.multipleOf(0.25, { error: 'le nombre de parts est un multiple de 0,25' })),
});

/** Claim state per rule id (bounded in number: its JSON Schema says `maxProperties`, see json-schema.ts). */
export const claimsSchema = z.record(slug('identifiant de règle'), z.enum(CLAIM_STATES)).check(
  z.refine((r) => Object.keys(r).length <= HOUSEHOLD_LIMITS.claims, { error: `trop de demandes : ${String(HOUSEHOLD_LIMITS.claims)} règles au plus` }),
);

export const householdSchema = z.strictObject({
  id: z.optional(bounded(HOUSEHOLD_LIMITS.householdId, 'identifiant du foyer')),
  commune: z.optional(z.string().check(z.regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'code INSEE de commune attendu : 5 caractères, ex. "86194" ou "2A004"' }))),
  area: z.optional(slug('quartier (area)')),
  persons: z
    .array(personSchema)
    .check(
      z.minLength(1, { error: 'le foyer doit compter au moins une personne (le demandeur)' }),
      z.maxLength(HOUSEHOLD_LIMITS.persons, { error: `trop de personnes : ${String(HOUSEHOLD_LIMITS.persons)} au plus dans un foyer` }),
    ),
  couple: z.optional(z.strictObject({ status: z.enum(COUPLE_STATUSES), since: z.optional(dateString) })),
  incomes: z.optional(
    z.array(incomeSchema).check(z.maxLength(HOUSEHOLD_LIMITS.incomes, { error: `trop de lignes de revenus : ${String(HOUSEHOLD_LIMITS.incomes)} au plus` })),
  ),
  incomesComplete: z.optional(z.boolean()),
  taxReturns: z.optional(
    z.array(taxReturnSchema).check(z.maxLength(HOUSEHOLD_LIMITS.taxReturns, { error: `trop d'avis d'imposition : ${String(HOUSEHOLD_LIMITS.taxReturns)} au plus` })),
  ),
  housing: z.optional(
    z.strictObject({
      status: z.optional(z.enum(HOUSING_STATUSES)),
      monthlyRent: z.optional(householdAmountString),
      housingBenefit: z.optional(householdAmountString),
    }),
  ),
  claims: z.optional(claimsSchema),
  services: z.optional(
    z.strictObject({
      crecheHoursPerMonth: z.optional(perMonth(HOUSEHOLD_LIMITS.hoursPerMonth, 'heures de crèche', '31 jours × 24 heures')),
      canteenMealsPerMonth: z.optional(perMonth(HOUSEHOLD_LIMITS.mealsPerMonth, 'repas de cantine', '3 repas par jour pendant 31 jours')),
      afterSchoolHoursPerMonth: z.optional(perMonth(HOUSEHOLD_LIMITS.hoursPerMonth, "heures d'accueil périscolaire", '31 jours × 24 heures')),
      mealsAtHomePerMonth: z.optional(perMonth(HOUSEHOLD_LIMITS.mealsPerMonth, 'repas livrés à domicile', '3 repas par jour pendant 31 jours')),
    }),
  ),
});

/** A validated household (the input contract of DESIGN.md). */
export type Household = z.output<typeof householdSchema>;
export type Person = Household['persons'][number];
export type Income = NonNullable<Household['incomes']>[number];
