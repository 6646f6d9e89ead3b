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

/** A real calendar date `YYYY-MM-DD` (2024-02-30 is refused). */
export const dateString = z.string().check(
  z.superRefine((s, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) ctx.addIssue({ code: 'custom', input: s, message: 'date attendue au format AAAA-MM-JJ' });
    else if (tryParseDate(s) === undefined) ctx.addIssue({ code: 'custom', input: s, message: "date impossible : ce jour n'existe pas dans le calendrier" });
  }),
);

/** A month `YYYY-MM` (a regular expression: native speed on the records that make most of a household). */
const monthString = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'mois attendu au format AAAA-MM' }));

/** Why an amount string is refused, in French (computed only when it is refused). */
function amountProblem(input: unknown): string {
  const s = typeof input === 'string' ? input : '';
  if (s.trim() === '') return 'montant vide : indiquez un nombre, ou retirez le champ si la valeur est inconnue';
  if (/^-\s*\d/.test(s)) return 'montant négatif : un montant doit être positif ou nul';
  return 'montant invalide : attendu un nombre positif en euros, au centime près, écrit comme "1450.00"';
}

/** A non-negative amount in euros, written as a decimal string with at most two decimals ("1450.00"). */
export const amountString = z.string().check(z.regex(/^\d{1,12}(\.\d{1,2})?$/, { error: (issue) => amountProblem(issue.input) }));

const finiteNonNegative = z.number().check(
  z.superRefine((n, ctx) => {
    if (!Number.isFinite(n) || n < 0) ctx.addIssue({ code: 'custom', input: n, message: 'nombre positif ou nul attendu' });
  }),
);

const slug = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'identifiant attendu en minuscules, chiffres et tirets (ex. « quiniere »)' }));

export const personSchema = z.strictObject({
  id: z.string().check(z.minLength(1, { error: "l'identifiant de la personne est vide" }), z.maxLength(64)),
  role: z.enum(ROLES),
  birthDate: z.optional(dateString),
  activity: z.optional(z.enum(ACTIVITIES)),
  unemployedSince: z.optional(dateString),
  disabilityRate: z.optional(z.number().check(z.minimum(0, { error: 'taux entre 0 et 1 attendu (0.5 pour 50 %)' }), z.maximum(1, { error: 'taux entre 0 et 1 attendu (0.5 pour 50 %)' }))),
  gir: z.optional(z.int().check(z.minimum(1, { error: 'GIR entre 1 et 6 attendu' }), z.maximum(6, { error: 'GIR entre 1 et 6 attendu' }))),
  unfitForWork: z.optional(z.boolean()),
  schooling: z.optional(z.enum(SCHOOLING)),
  nationality: z.optional(z.enum(NATIONALITIES)),
  residencePermitSince: z.optional(dateString),
  custody: z.optional(z.enum(CUSTODY)),
  pregnant: z.optional(z.boolean()),
  livesAlone: z.optional(z.boolean()),
  carer: z.optional(z.boolean()),
});

export const incomeSchema = z.strictObject({
  person: z.string().check(z.minLength(1)),
  kind: z.enum(INCOME_KINDS),
  month: monthString,
  amount: amountString,
  grossAmount: z.optional(amountString),
});

export const taxReturnSchema = z.strictObject({
  year: z.int().check(z.minimum(1990, { error: 'année fiscale invalide' }), z.maximum(2100, { error: 'année fiscale invalide' })),
  referenceIncome: amountString,
  shares: z.number().check(z.minimum(1, { error: 'nombre de parts fiscales entre 1 et 20 attendu' }), z.maximum(20, { error: 'nombre de parts fiscales entre 1 et 20 attendu' }), z.multipleOf(0.25, { error: 'le nombre de parts est un multiple de 0,25' })),
});

export const householdSchema = z.strictObject({
  id: z.optional(z.string().check(z.maxLength(200))),
  commune: z.optional(z.string().check(z.regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'code INSEE de commune attendu : 5 caractères, ex. "86194" ou "2A004"' }))),
  area: z.optional(slug),
  persons: z.array(personSchema).check(z.minLength(1, { error: 'le foyer doit compter au moins une personne (le demandeur)' })),
  couple: z.optional(z.strictObject({ status: z.enum(COUPLE_STATUSES), since: z.optional(dateString) })),
  incomes: z.optional(z.array(incomeSchema)),
  incomesComplete: z.optional(z.boolean()),
  taxReturns: z.optional(z.array(taxReturnSchema)),
  housing: z.optional(
    z.strictObject({
      status: z.optional(z.enum(HOUSING_STATUSES)),
      monthlyRent: z.optional(amountString),
      housingBenefit: z.optional(amountString),
    }),
  ),
  claims: z.optional(z.record(slug, z.enum(CLAIM_STATES))),
  services: z.optional(
    z.strictObject({
      crecheHoursPerMonth: z.optional(finiteNonNegative),
      canteenMealsPerMonth: z.optional(finiteNonNegative),
      afterSchoolHoursPerMonth: z.optional(finiteNonNegative),
      mealsAtHomePerMonth: z.optional(finiteNonNegative),
    }),
  ),
});

/** A validated household (the input contract of DESIGN.md). */
export type Household = z.output<typeof householdSchema>;
export type Person = Household['persons'][number];
export type Income = NonNullable<Household['incomes']>[number];
