import { Decimal as DecimalJs } from 'decimal.js';

/**
 * The library's own decimal constructor: a clone, so that the caller's `Decimal` settings are never
 * touched (no `Decimal.set`). 24 significant digits, half-up rounding by default.
 */
export const Money = DecimalJs.clone({ precision: 24, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 30 });
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

/**
 * Household amounts have at most two decimals (euros and cents). They are read as an integer number of
 * cents, so that adding the records of a window is exact integer arithmetic (safe below 2^53 cents);
 * everything else — multiplication, division, rounding, comparison with rule values — is decimal.js.
 */
export function parseCents(value: string): number {
  // The string is already validated (digits, at most 12 before the point and 2 after).
  let units = 0;
  let i = 0;
  const n = value.length;
  for (; i < n; i += 1) {
    const c = value.charCodeAt(i);
    if (c === 46) break;
    units = units * 10 + (c - 48);
  }
  let cents = 0;
  if (i < n) {
    const d1 = i + 1 < n ? value.charCodeAt(i + 1) - 48 : 0;
    const d2 = i + 2 < n ? value.charCodeAt(i + 2) - 48 : 0;
    cents = d1 * 10 + d2;
  }
  return units * 100 + cents;
}

const CENT = new Money('0.01');

/** An integer number of cents as a decimal amount in euros. */
export function centsToMoney(cents: number): Money {
  return new Money(cents).times(CENT);
}

/**
 * An exact amount derived from household records: `n / d` cents, `n` and `d` integers (`d` > 0, small:
 * a number of months, of shares or of consumption units times ten). Comparing it with a rule's
 * threshold is exact integer arithmetic (see `engine/compare.ts`); it becomes a decimal.js `Money` only
 * where an amount is computed or shown.
 */
export class Cents {
  constructor(
    readonly n: number,
    readonly d: number,
  ) {}

  /** The amount in euros, exact to 24 significant digits. */
  toMoney(): Money {
    if (this.d === 1) return centsToMoney(this.n);
    const d = this.d * 100;
    return new Money(this.n).dividedBy(d <= Number.MAX_SAFE_INTEGER ? d : new Money(this.d).times(100));
  }

  /** Divides by a rational `num / den` (shares, consumption units). */
  divide(num: number, den: number): Cents {
    return new Cents(this.n * den, this.d * num);
  }

  /** -1, 0 or 1, exactly. */
  cmp(other: Cents): number {
    if (this.d === other.d) return this.n < other.n ? -1 : this.n > other.n ? 1 : 0;
    const a = this.n * other.d;
    const b = other.n * this.d;
    // Cross products beyond the safe integers are compared in decimals.
    if (Math.abs(a) > Number.MAX_SAFE_INTEGER || Math.abs(b) > Number.MAX_SAFE_INTEGER) return this.toMoney().cmp(other.toMoney());
    return a < b ? -1 : a > b ? 1 : 0;
  }
}

export const ZERO_CENTS = new Cents(0, 1);
