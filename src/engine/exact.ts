import { Cents, Money, ROUNDING_MODES, type RoundingMode } from '../money.js';

/**
 * The value of a compiled expression: an exact rational number of cents (`Cents`, `n / d` cents, both
 * safe integers) as long as it fits, a decimal.js `Money` beyond. Sums of household amounts, products by
 * a rate, the lower of two ceilings are integer arithmetic here; an operation whose exact result would
 * leave the safe integers is done in decimals instead (the result is the same, only slower). Whatever the
 * path, the value is exact: rationals are never rounded, and decimals only past 24 significant digits
 * (`Money`'s precision), as before.
 *
 * A `Cents` here may hold any number, not only money: the coefficient 1.5 is 150 / 1 (hundredths).
 */
export type Num = Cents | Money;

const SAFE = Number.MAX_SAFE_INTEGER;

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** `n / d` cents, reduced when `d` is large (keeps denominators small), or undefined when outside the safe integers. */
function ratio(n: number, d: number): Cents | undefined {
  if (!(n <= SAFE && n >= -SAFE && d <= SAFE)) return undefined;
  if (n === 0) return ZERO_NUM;
  // Small denominators (cents, thirds of a month, a rate in ten-thousandths) are kept as they are: reducing
  // them costs more than it saves; larger ones are reduced so that products stay in the safe integers.
  if (d <= 10_000) return new Cents(n, d);
  const g = gcd(n, d);
  return g === 1 ? new Cents(n, d) : new Cents(n / g, d / g);
}

export const ZERO_NUM = new Cents(0, 1);

/** Small whole numbers (counts, ages, months) as exact values, made once. */
const INTS: Cents[] = Array.from({ length: 256 }, (_, i) => new Cents(i * 100, 1));

/** A fact's or a literal's value as an expression value (undefined for what is not a number). */
export function toNum(v: unknown): Num | undefined {
  if (v instanceof Cents) return v;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return v >= 0 && v < 256 ? INTS[v] : (ratio(v * 100, 1) ?? new Money(v));
    // A number with few decimals (2.5 persons, a coefficient 1.3): the decimal of at most 2, 4 or 6 places
    // whose nearest double it is — the number as written, since such decimals are far apart.
    if (Math.abs(v) < 1e9) {
      for (let scale = 100, d = 1; scale <= 1e6; scale *= 100, d *= 100) {
        const r = Math.round(v * scale);
        if (r / scale === v) return new Cents(r, d);
      }
    }
    return fromMoney(new Money(v));
  }
  if (v instanceof Money) return v;
  return undefined;
}

/** A decimal as an exact rational of cents when it fits (rule literals and parameters: once, at compile time). */
export function fromMoney(m: Money): Num {
  const dp = m.decimalPlaces();
  if (dp <= 2) {
    const n = m.times(100);
    return n.abs().lessThanOrEqualTo(SAFE) ? new Cents(n.toNumber(), 1) : m;
  }
  if (dp > 15) return m;
  const scale = 10 ** (dp - 2);
  const n = m.times(100 * scale);
  if (n.abs().greaterThan(SAFE)) return m;
  return ratio(n.toNumber(), scale) ?? m;
}

/** The value as a JavaScript number (a named value of type `number`: a count, a coefficient). */
export function numberOf(v: Num | undefined): number | undefined {
  if (v === undefined) return undefined;
  return v instanceof Cents ? (v.d === 1 ? v.n / 100 : v.n / (100 * v.d)) : v.toNumber();
}

/** The decimal value (for what is shown, and for the decimal path). */
export function toMoney(v: Num): Money {
  return v instanceof Cents ? v.toMoney() : v;
}

const safe = (x: number): boolean => x <= SAFE && x >= -SAFE;

/** a + s·b in rationals (s = 1 or -1), or undefined when a product leaves the safe integers. */
function addRatio(a: Cents, b: Cents, s: number): Cents | undefined {
  if (a.d === b.d) return ratio(a.n + s * b.n, a.d);
  const x = a.n * b.d;
  const y = b.n * a.d;
  return safe(x) && safe(y) ? ratio(x + s * y, a.d * b.d) : undefined;
}

export function add(a: Num, b: Num): Num {
  if (a instanceof Cents && b instanceof Cents) {
    const r = addRatio(a, b, 1);
    if (r !== undefined) return r;
  }
  return toMoney(a).plus(toMoney(b));
}

export function sub(a: Num, b: Num): Num {
  if (a instanceof Cents && b instanceof Cents) {
    const r = addRatio(a, b, -1);
    if (r !== undefined) return r;
  }
  return toMoney(a).minus(toMoney(b));
}

export function mul(a: Num, b: Num): Num {
  if (a instanceof Cents && b instanceof Cents) {
    // (a.n / 100·a.d) × (b.n / 100·b.d) units = a.n·b.n / (100·a.d·b.d) cents.
    const n = a.n * b.n;
    const d = 100 * a.d * b.d;
    // A whole number of cents times a whole number (12 months, 2 persons): no division needed.
    if (b.d === 1 && b.n % 100 === 0 && a.d === 1) {
      const r = ratio(a.n * (b.n / 100), 1);
      if (r !== undefined) return r;
    } else {
      const r = ratio(n, d);
      if (r !== undefined) return r;
    }
  }
  return toMoney(a).times(toMoney(b));
}

/** a ÷ b, or undefined when b is zero. */
export function div(a: Num, b: Num): Num | undefined {
  if (a instanceof Cents && b instanceof Cents) {
    if (b.n === 0) return undefined;
    // (a.n / a.d) ÷ (b.n / b.d) = a.n·b.d / (a.d·b.n), times 100 to stay in cents.
    const r = b.n < 0 ? ratio(-100 * a.n * b.d, -a.d * b.n) : ratio(100 * a.n * b.d, a.d * b.n);
    if (r !== undefined) return r;
  }
  const y = toMoney(b);
  return y.isZero() ? undefined : toMoney(a).dividedBy(y);
}

/** -1, 0 or 1. */
export function cmp(a: Num, b: Num): number {
  if (a instanceof Cents && b instanceof Cents) {
    if (a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
    const x = a.n * b.d;
    const y = b.n * a.d;
    if (safe(x) && safe(y)) return x < y ? -1 : x > y ? 1 : 0;
  }
  return toMoney(a).cmp(toMoney(b));
}

export const min = (a: Num, b: Num): Num => (cmp(b, a) < 0 ? b : a);
export const max = (a: Num, b: Num): Num => (cmp(b, a) > 0 ? b : a);

export function sign(a: Num): number {
  if (a instanceof Cents) return a.n < 0 ? -1 : a.n > 0 ? 1 : 0;
  return a.isZero() ? 0 : a.isNegative() ? -1 : 1;
}

/** The operations of `ARITHMETIC` (src/rules/grammar.ts) on exact values. */
export const FOLD = {
  sum: add,
  product: mul,
  min,
  max,
  difference: sub,
  quotient: div,
} as const satisfies Record<string, (a: Num, b: Num) => Num | undefined>;

/**
 * Rounds to `decimals` places with the named mode, as `roundMoney` does (half-up: half away from zero;
 * down: toward zero; up: away from zero; half-even).
 */
export function roundNum(v: Num, decimals: number, mode: RoundingMode): Num {
  if (v instanceof Cents && decimals >= 0 && decimals <= 15) {
    // v = n / (100·d) units; q = round(v · 10^decimals) = round(N / D).
    let N = v.n;
    let D = v.d;
    if (decimals >= 2) N *= 10 ** (decimals - 2);
    else D *= 10 ** (2 - decimals);
    if (N <= SAFE && N >= -SAFE && D <= SAFE) {
      const neg = N < 0;
      const a = neg ? -N : N;
      let q = Math.floor(a / D);
      let r = a - q * D;
      // The float quotient may be one off for large operands: bring the remainder into [0, D).
      while (r < 0) {
        q -= 1;
        r += D;
      }
      while (r >= D) {
        q += 1;
        r -= D;
      }
      if (r !== 0) {
        const twice = 2 * r;
        if (mode === 'up' || (mode === 'half-up' && twice >= D) || (mode === 'half-even' && (twice > D || (twice === D && q % 2 === 1)))) q += 1;
      }
      const s = neg ? -q : q;
      const out = decimals >= 2 ? ratio(s, 10 ** (decimals - 2)) : ratio(s * 10 ** (2 - decimals), 1);
      if (out !== undefined) return out;
    }
  }
  // Rounded in decimals (a product past the safe integers): whole cents again when it fits, so that bulk
  // paths add it as an integer.
  const m = toMoney(v).toDecimalPlaces(decimals, ROUNDING_MODES[mode]);
  return decimals <= 2 ? fromMoney(m) : m;
}
