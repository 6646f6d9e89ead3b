import * as z from 'zod/mini';
import { INCOME_KINDS } from '../household/enums.js';
import { amountString } from '../household/schema.js';

/**
 * A territory's reference-income policy: which period of income a tariff or a local aid is computed on,
 * and what counts in it. Poitiers' programme (« Pour… une ville solidaire », chap. 4, §4.3) asks for
 * recent income after a separation and for alimony and some benefits to be excluded or capped; Antony's
 * "lower of the last 3 months and a quarter of the annual income" is expressed with `lowerOf`.
 */
export const INCOME_PERIODS = ['tax-n-2', 'tax-n-1', 'last-month', 'last-3-months', 'last-12-months'] as const;
export type IncomePeriod = (typeof INCOME_PERIODS)[number];

const periodChoice = z.union([z.enum(INCOME_PERIODS), z.strictObject({ lowerOf: z.array(z.enum(INCOME_PERIODS)).check(z.minLength(2)) })]);

export const incomePolicySchema = z.strictObject({
  /**
   * The usual period. `tax-n-2` is the revenu fiscal de référence of the income year N-2 (the tax notice
   * received in N-1), divided by 12; `tax-n-1` the one of year N-1 (the notice received in the summer of N),
   * for territories whose rules read the latest notice.
   */
  base: periodChoice,
  /** Recent income when a separation happened less than `withinMonths` completed months before the date. */
  afterSeparation: z.optional(z.strictObject({ withinMonths: z.int().check(z.minimum(1), z.maximum(120)), base: periodChoice })),
  /** Alimony received: counted, left out, or counted up to a cap per child and per month. */
  alimonyReceived: z.union([z.enum(['include', 'exclude']), z.strictObject({ capPerChildPerMonth: amountString })]),
  /** Alimony paid is deducted from resources unless this says false. */
  deductAlimonyPaid: z.optional(z.boolean()),
  /** Income kinds left out of the base (for example family benefits or housing benefit). */
  excludedKinds: z.optional(z.array(z.enum(INCOME_KINDS))),
});

export type IncomePolicy = z.output<typeof incomePolicySchema>;
export type PeriodChoice = IncomePolicy['base'];
