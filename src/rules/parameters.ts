import * as z from 'zod/mini';
import { tryParseDate } from '../dates.js';
import { incomePolicySchema, type IncomePolicy } from '../facts/income-policy.js';
import { DECIMAL_RE, Money } from '../money.js';

/** A real calendar date `YYYY-MM-DD` (rule, parameter and value files). */
export const isoDate = z.string().check(z.refine((s) => tryParseDate(s) !== undefined, { error: 'date réelle AAAA-MM-JJ attendue' }));
export const sourceSchema = z.strictObject({
  title: z.string().check(z.minLength(1)),
  section: z.optional(z.string()),
  href: z.optional(z.url()),
  from: z.optional(isoDate),
});
export type Source = z.output<typeof sourceSchema>;

export const PARAMETER_TYPES = ['money', 'number', 'policy'] as const;
export type ParameterType = (typeof PARAMETER_TYPES)[number];

const numeric = z.union([z.number().check(z.refine(Number.isFinite, { error: 'nombre fini attendu' })), z.string().check(z.regex(DECIMAL_RE, { error: 'nombre décimal attendu, ex. "12523.14"' }))]);

export const parameterSchema = z.strictObject({
  label: z.string().check(z.minLength(1)),
  type: z.enum(PARAMETER_TYPES),
  unit: z.optional(z.string()),
  description: z.optional(z.string()),
  values: z.array(z.strictObject({ from: isoDate, value: z.unknown() })).check(z.minLength(1)),
  sources: z.array(sourceSchema).check(z.minLength(1)),
  /** Key of the value in shared/reference/national-parameters.json, when it comes from there. */
  reference: z.optional(z.string()),
  /** For a reference that is a scale: which bracket (from 0) and which of its fields this parameter is. */
  referenceBracket: z.optional(z.strictObject({ index: z.number().check(z.int(), z.nonnegative()), field: z.enum(['threshold', 'amount']) })),
  /** True when no official or municipal document gives this value. */
  illustrative: z.optional(z.boolean()),
  lastChecked: z.optional(isoDate),
});

export const parameterFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  $comment: z.optional(z.string()),
  parameters: z.record(z.string().check(z.regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, { error: 'identifiant de paramètre en minuscules, points et tirets' })), parameterSchema),
});

/** A dated value: a number (as Money), a policy, or null (the parameter stops applying). */
export type ParameterValue = Money | IncomePolicy | null;

/** A loaded parameter, its values sorted by date. */
export interface Parameter {
  readonly id: string;
  readonly label: string;
  readonly type: ParameterType;
  readonly unit?: string | undefined;
  readonly description?: string | undefined;
  readonly values: readonly { readonly from: string; readonly value: ParameterValue; readonly raw: unknown }[];
  readonly sources: readonly Source[];
  readonly reference?: string | undefined;
  readonly referenceBracket?: { readonly index: number; readonly field: 'threshold' | 'amount' } | undefined;
  readonly illustrative: boolean;
  readonly lastChecked?: string | undefined;
  readonly file: string;
}

/** Validates one dated value of a parameter against its type; returns an error message or the value. */
export function parseParameterValue(type: ParameterType, raw: unknown): { value: ParameterValue } | { error: string } {
  if (raw === null) return { value: null };
  if (type === 'policy') {
    const r = incomePolicySchema.safeParse(raw);
    if (!r.success) return { error: `politique de ressources invalide : ${r.error.issues.map((i) => `${i.path.join('.') || '(racine)'} ${i.message}`).join(' ; ')}` };
    return { value: r.data };
  }
  const r = numeric.safeParse(raw);
  if (!r.success) return { error: 'nombre attendu (ou une chaîne décimale)' };
  return { value: new Money(r.data) };
}

/** The value in force at an ISO date (`undefined` before the first value, `null` once stopped). */
export function valueAt(param: Parameter, iso: string): ParameterValue | undefined {
  let found: ParameterValue | undefined;
  for (const v of param.values) {
    if (v.from <= iso) found = v.value;
    else break;
  }
  return found;
}

/**
 * Whether a parameter has a non-null value on every day of `[from, until)` (until null = open-ended).
 * Returns the first uncovered date, or undefined when covered.
 */
export function firstGap(param: Parameter, from: string, until: string | null): string | undefined {
  const start = valueAt(param, from);
  if (start === undefined || start === null) return from;
  for (const v of param.values) {
    if (v.from > from && (until === null || v.from < until) && v.value === null) return v.from;
  }
  return undefined;
}
