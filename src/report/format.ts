import type { FactValue } from '../facts/context.js';
import { LABELS, type ClaimState } from '../household/enums.js';
import { Cents, Money } from '../money.js';
import type { Literal, Operator, Period } from '../rules/ast.js';
import { COMPARISONS } from '../rules/grammar.js';

/** A fact value as it appears in JSON: money as a decimal string, other values as they are. */
export function jsonValue(v: FactValue | Literal | undefined): string | number | boolean | readonly (string | number)[] | null {
  if (v === undefined) return null;
  if (v instanceof Cents) return centsString(v) ?? trimMoney(v.toMoney());
  if (v instanceof Money) return trimMoney(v);
  if (Array.isArray(v)) return (v as readonly (number | string | Money)[]).map((x) => (x instanceof Money ? trimMoney(x) : x));
  return v as string | number | boolean;
}

/** Exact cents in integer arithmetic when `d` divides `n` (most amounts): no decimal object needed. */
function centsString(c: Cents): string | undefined {
  if (c.n % c.d !== 0) return undefined;
  const total = c.n / c.d;
  const sign = total < 0 ? '-' : '';
  const abs = Math.abs(total);
  const cents = abs % 100;
  return `${sign}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/** Money with 2 decimals, or more when the value has more significant digits (rates of 0.000619). */
function trimMoney(m: Money): string {
  const dp = m.decimalPlaces();
  return dp <= 2 ? m.toFixed(2) : m.toDecimalPlaces(6).toString();
}

/** A number in French notation: decimal comma, narrow no-break space for thousands. */
export function frenchNumber(v: Money | number, decimals?: number): string {
  if (typeof v === 'number' && decimals === undefined && Number.isSafeInteger(v)) return groupThousands(String(v));
  const m = v instanceof Money ? v : new Money(v);
  const fixed = decimals === undefined ? (m.isInteger() ? m.toFixed(0) : m.decimalPlaces() <= 2 ? m.toFixed(2) : m.toDecimalPlaces(4).toString()) : m.toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = groupThousands(int ?? '');
  return frac === undefined ? grouped : `${grouped},${frac}`;
}

/** A decimal string with two places (`"1368.55"`) in French (`1 368,55`; `180` for `"180.00"`): no decimal arithmetic. */
export function frenchFixed(fixed: string): string {
  const dot = fixed.indexOf('.');
  const int = dot < 0 ? fixed : fixed.slice(0, dot);
  const frac = dot < 0 ? '' : fixed.slice(dot + 1);
  return frac === '' || /^0+$/.test(frac) ? groupThousands(int) : `${groupThousands(int)},${frac}`;
}

function groupThousands(int: string): string {
  return int.length <= 4 ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

/** A value for a French sentence, with its unit. */
export function frenchValue(v: FactValue | Literal | undefined, unit?: string, labels: Readonly<Record<string, string>> = LABELS): string {
  if (v === undefined) return 'non renseigné';
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  if (typeof v === 'string') return labels[v] ?? LABELS[v] ?? v;
  if (Array.isArray(v)) return (v as readonly (number | string | Money)[]).map((x) => frenchValue(x as FactValue, undefined, labels)).join(', ');
  if (v instanceof Cents) {
    const exact = centsString(v);
    if (exact !== undefined) {
      const [int, frac] = exact.split('.') as [string, string];
      const n = frac === '00' ? groupThousands(int) : `${groupThousands(int)},${frac}`;
      return unit === undefined ? n : `${n} ${unit}`;
    }
  }
  const n = frenchNumber(v instanceof Cents ? v.toMoney() : (v as Money | number));
  return unit === undefined ? n : `${n} ${unit}`;
}

/** How a sentence writes each operator (from grammar.ts). */
export const OPERATOR_WORDS: Readonly<Record<Operator, string>> = Object.fromEntries(Object.entries(COMPARISONS).map(([op, c]) => [op, c.words])) as Record<Operator, string>;

export const PERIOD_WORDS: Readonly<Record<Period, string>> = {
  once: 'une fois',
  day: 'par jour',
  week: 'par semaine',
  month: 'par mois',
  quarter: 'par trimestre',
  year: 'par an',
  hour: 'de l’heure',
  meal: 'par repas',
};

/** A monthly equivalent, for ranking money at stake (never shown as an entitlement). */
export function monthlyEquivalent(value: Money, period: Period): Money | undefined {
  switch (period) {
    case 'month':
      return value;
    case 'year':
      return value.dividedBy(12);
    case 'quarter':
      return value.dividedBy(3);
    case 'week':
      return value.times(52).dividedBy(12);
    case 'once':
      return value.dividedBy(12);
    default:
      return undefined;
  }
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** `2026-08` → `août 2026`. */
export function frenchMonth(ym: string): string {
  const [y, m] = ym.split('-');
  return `${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/** `2026-11-24` → `24 novembre 2026`. */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}${d === '01' ? 'er' : ''} ${MONTHS[Number(m) - 1] ?? m} ${y}`;
}

/**
 * The cause of non-take-up that a claim state says, in the Odenore typology (the barometer's words):
 * `applied` (still waiting) and `refused` are both non-réception. `receiving` is no cause.
 *
 * @example
 * NON_TAKE_UP_CAUSE.unaware // « non-connaissance »
 */
export const NON_TAKE_UP_CAUSE: Readonly<Record<Exclude<ClaimState, 'receiving'>, string>> = {
  unaware: 'non-connaissance',
  'not-applied': 'non-demande',
  applied: 'non-réception',
  refused: 'non-réception',
  'not-offered': 'non-proposition',
};
