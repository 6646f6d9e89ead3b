import { z } from 'zod';
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
export const dateString = z.string().check((ctx) => {
  const s = ctx.value;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) {
    ctx.issues.push({ code: 'custom', input: s, message: 'date attendue au format AAAA-MM-JJ' });
  } else if (tryParseDate(s) === undefined) {
    ctx.issues.push({ code: 'custom', input: s, message: "date impossible : ce jour n'existe pas dans le calendrier" });
  }
});

/** A month `YYYY-MM`. */
const monthString = z.string().check((ctx) => {
  if (tryParseMonth(ctx.value) === undefined) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'mois attendu au format AAAA-MM' });
  }
});

/** A non-negative amount in euros, written as a decimal string ("1450.00"). */
export const amountString = z.string().check((ctx) => {
  const s = ctx.value;
  if (s.trim() === '') {
    ctx.issues.push({ code: 'custom', input: s, message: 'montant vide : indiquez un nombre, ou retirez le champ si la valeur est inconnue' });
  } else if (/^-\s*\d/.test(s)) {
    ctx.issues.push({ code: 'custom', input: s, message: 'montant négatif : un montant doit être positif ou nul' });
  } else if (!/^\d{1,12}(\.\d{1,2})?$/.test(s)) {
    ctx.issues.push({ code: 'custom', input: s, message: 'montant invalide : attendu un nombre positif en euros, au centime près, écrit comme "1450.00"' });
  }
});

const finiteNonNegative = z.number().check((ctx) => {
  if (!Number.isFinite(ctx.value) || ctx.value < 0) {
    ctx.issues.push({ code: 'custom', input: ctx.value, message: 'nombre positif ou nul attendu' });
  }
});

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'identifiant attendu en minuscules, chiffres et tirets (ex. « quiniere »)' });

export const personSchema = z.strictObject({
  id: z.string().min(1, { error: "l'identifiant de la personne est vide" }).max(64),
  role: z.enum(ROLES),
  birthDate: dateString.optional(),
  activity: z.enum(ACTIVITIES).optional(),
  unemployedSince: dateString.optional(),
  disabilityRate: z.number().min(0, { error: 'taux entre 0 et 1 attendu (0.5 pour 50 %)' }).max(1, { error: 'taux entre 0 et 1 attendu (0.5 pour 50 %)' }).optional(),
  gir: z.int().min(1, { error: 'GIR entre 1 et 6 attendu' }).max(6, { error: 'GIR entre 1 et 6 attendu' }).optional(),
  unfitForWork: z.boolean().optional(),
  schooling: z.enum(SCHOOLING).optional(),
  nationality: z.enum(NATIONALITIES).optional(),
  residencePermitSince: dateString.optional(),
  custody: z.enum(CUSTODY).optional(),
  pregnant: z.boolean().optional(),
  livesAlone: z.boolean().optional(),
  carer: z.boolean().optional(),
});

export const incomeSchema = z.strictObject({
  person: z.string().min(1),
  kind: z.enum(INCOME_KINDS),
  month: monthString,
  amount: amountString,
  grossAmount: amountString.optional(),
});

export const taxReturnSchema = z.strictObject({
  year: z.int().min(1990, { error: 'année fiscale invalide' }).max(2100, { error: 'année fiscale invalide' }),
  referenceIncome: amountString,
  shares: z.number().min(1, { error: 'nombre de parts fiscales entre 1 et 20 attendu' }).max(20, { error: 'nombre de parts fiscales entre 1 et 20 attendu' }).multipleOf(0.25, { error: 'le nombre de parts est un multiple de 0,25' }),
});

export const householdSchema = z.strictObject({
  id: z.string().max(200).optional(),
  commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'code INSEE de commune attendu : 5 caractères, ex. "86194" ou "2A004"' })
    .optional(),
  area: slug.optional(),
  persons: z.array(personSchema).min(1, { error: 'le foyer doit compter au moins une personne (le demandeur)' }),
  couple: z.strictObject({ status: z.enum(COUPLE_STATUSES), since: dateString.optional() }).optional(),
  incomes: z.array(incomeSchema).optional(),
  incomesComplete: z.boolean().optional(),
  taxReturns: z.array(taxReturnSchema).optional(),
  housing: z
    .strictObject({
      status: z.enum(HOUSING_STATUSES).optional(),
      monthlyRent: amountString.optional(),
      housingBenefit: amountString.optional(),
    })
    .optional(),
  claims: z.record(slug, z.enum(CLAIM_STATES)).optional(),
  services: z
    .strictObject({
      crecheHoursPerMonth: finiteNonNegative.optional(),
      canteenMealsPerMonth: finiteNonNegative.optional(),
      afterSchoolHoursPerMonth: finiteNonNegative.optional(),
      mealsAtHomePerMonth: finiteNonNegative.optional(),
    })
    .optional(),
});

/** A validated household (the input contract of DESIGN.md). */
export type Household = z.output<typeof householdSchema>;
export type Person = Household['persons'][number];
export type Income = NonNullable<Household['incomes']>[number];
