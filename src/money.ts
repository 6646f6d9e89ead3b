import DecimalJs from 'decimal.js';

/**
 * The library's own decimal constructor: a clone, so that the caller's `Decimal` settings are never
 * touched (no `Decimal.set`). 30 significant digits, half-up rounding by default.
 */
export const Money = DecimalJs.clone({ precision: 30, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 30 });
/** A decimal number of the library. */
export type Money = InstanceType<typeof Money>;

export const ZERO: Money = new Money(0);

/** Strict decimal string accepted for money in households, rules and parameters. */
export const DECIMAL_RE = /^-?\d+(\.\d+)?$/;

/** Rounding modes a rule may ask for, with the decimal.js constant each one maps to. */
export const ROUNDING_MODES = {
  'half-up': DecimalJs.ROUND_HALF_UP,
  down: DecimalJs.ROUND_DOWN,
  up: DecimalJs.ROUND_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
} as const;
export type RoundingMode = keyof typeof ROUNDING_MODES;

/** Rounds to `decimals` places with the named mode. */
export function roundMoney(value: Money, decimals: number, mode: RoundingMode): Money {
  return value.toDecimalPlaces(decimals, ROUNDING_MODES[mode]);
}

/** Money as it crosses the public boundary: a string with exactly `decimals` places. */
export function moneyString(value: Money, decimals = 2): string {
  return value.toFixed(decimals);
}
