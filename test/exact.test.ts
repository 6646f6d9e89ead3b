import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, cmp, div, fromMoney, max, min, mul, numberOf, roundNum, sub, toMoney, toNum, type Num } from '../src/engine/exact.js';
import { Cents, Money, roundMoney, ROUNDING_MODES, type RoundingMode } from '../src/money.js';

/**
 * The exact values of compiled expressions (src/engine/exact.ts) against decimal.js: every operation on
 * rationals of safe integers gives the decimal result, and past the safe integers it is done in decimals.
 */

/** Decimals as rule files and households write them: up to 6 places, some huge, some negative. */
const decimal = fc
  .tuple(fc.oneof(fc.integer({ min: -2_000_000, max: 2_000_000 }), fc.maxSafeInteger(), fc.integer({ min: -99, max: 99 })), fc.integer({ min: 0, max: 6 }))
  .map(([n, dp]) => new Money(n).dividedBy(10 ** dp));

/** A value as the engine may hold it: from a decimal, or a rational of cents with a small denominator (n / 3 months). */
const num: fc.Arbitrary<Num> = fc.oneof(
  decimal.map((m) => fromMoney(m)),
  fc.tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 1, max: 36 })).map(([n, d]) => new Cents(n, d)),
);

const exactly = (a: Money, b: Money) => expect(a.toFixed(30)).toBe(b.toFixed(30));

describe('exact arithmetic of expressions', () => {
  it('a decimal of a rule file is read exactly: 0.5985 is 5985 / 100 cents, 1 043,59 is 104 359 cents', () => {
    const rate = fromMoney(new Money('0.5985'));
    expect(rate).toBeInstanceOf(Cents);
    expect(toMoney(rate).toString()).toBe('0.5985');
    const aspa = fromMoney(new Money('1043.59'));
    expect(aspa).toEqual(new Cents(104359, 1));
    // Too many digits for a safe integer: kept as a decimal.
    expect(fromMoney(new Money('123456789012345.678'))).toBeInstanceOf(Money);
  });

  it('sum, difference, product, min, max and comparison agree with decimal.js to the last digit', () => {
    const exactNum = decimal.map((m) => fromMoney(m));
    fc.assert(
      fc.property(exactNum, exactNum, (a, b) => {
        const x = toMoney(a);
        const y = toMoney(b);
        exactly(toMoney(add(a, b)), x.plus(y));
        exactly(toMoney(sub(a, b)), x.minus(y));
        exactly(toMoney(mul(a, b)), x.times(y));
        exactly(toMoney(min(a, b)), Money.min(x, y));
        exactly(toMoney(max(a, b)), Money.max(x, y));
        expect(cmp(a, b)).toBe(x.cmp(y));
      }),
      { numRuns: 3000 },
    );
    // With a third or a seventh of a cent (a 3-month average), decimal.js stops at 24 significant digits.
    const close = (a: Money, b: Money) => expect(a.minus(b).abs().lessThanOrEqualTo(b.abs().times('1e-20').plus('1e-30'))).toBe(true);
    fc.assert(
      fc.property(num, num, (a, b) => {
        const x = toMoney(a);
        const y = toMoney(b);
        close(toMoney(add(a, b)), x.plus(y));
        close(toMoney(sub(a, b)), x.minus(y));
        close(toMoney(mul(a, b)), x.times(y));
        if (!x.minus(y).abs().lessThan(1e-15)) expect(cmp(a, b)).toBe(x.cmp(y));
      }),
      { numRuns: 3000 },
    );
  });

  it('a quotient is exact as a rational: (1 000 € ÷ 3) × 3 = 1 000 €, and ÷ 0 is unknown', () => {
    const third = div(fromMoney(new Money(1000)), toNum(3) as Num) as Num;
    expect(third).toBeInstanceOf(Cents);
    expect(toMoney(mul(third, toNum(3) as Num)).toString()).toBe('1000');
    expect(div(third, toNum(0) as Num)).toBeUndefined();
    fc.assert(
      fc.property(num, num, (a, b) => {
        const q = div(a, b);
        if (toMoney(b).isZero()) {
          expect(q).toBeUndefined();
          return;
        }
        // Decimal quotients stop at 24 significant digits: compare there.
        const d = toMoney(a).dividedBy(toMoney(b));
        expect(toMoney(q as Num).minus(d).abs().lessThanOrEqualTo(d.abs().times('1e-20').plus('1e-30'))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('rounding gives what roundMoney gives, for every mode and number of places (halves included)', () => {
    const modes = Object.keys(ROUNDING_MODES) as RoundingMode[];
    fc.assert(
      fc.property(num, fc.integer({ min: 0, max: 4 }), fc.constantFrom(...modes), (a, places, mode) => {
        exactly(toMoney(roundNum(a, places, mode)), roundMoney(toMoney(a), places, mode));
      }),
      { numRuns: 4000 },
    );
    // Halves, both signs: 2.5 → 3 (half-up), 2 (half-even); −2.5 → −3 (half-up), −2 (down).
    const h = fromMoney(new Money('2.5'));
    const nh = fromMoney(new Money('-2.5'));
    expect(toMoney(roundNum(h, 0, 'half-up')).toString()).toBe('3');
    expect(toMoney(roundNum(h, 0, 'half-even')).toString()).toBe('2');
    expect(toMoney(roundNum(nh, 0, 'half-up')).toString()).toBe('-3');
    expect(toMoney(roundNum(nh, 0, 'down')).toString()).toBe('-2');
    expect(toMoney(roundNum(nh, 0, 'up')).toString()).toBe('-3');
  });

  it('past the safe integers the decimal path takes over, with the same result', () => {
    const big = new Cents(Number.MAX_SAFE_INTEGER - 1, 1);
    const r = mul(big, big);
    expect(r).toBeInstanceOf(Money);
    exactly(toMoney(r), toMoney(big).times(toMoney(big)));
    exactly(toMoney(add(big, big)), toMoney(big).times(2));
    // Cross products that leave the safe integers in a sum of unlike denominators.
    const a = new Cents(Number.MAX_SAFE_INTEGER - 7, 3);
    const b = new Cents(-(Number.MAX_SAFE_INTEGER - 11), 7);
    exactly(toMoney(add(a, b)).toDecimalPlaces(20), toMoney(a).plus(toMoney(b)).toDecimalPlaces(20));
  });

  it('numbers and facts become values: counts, ages, coefficients', () => {
    expect(toNum(2)).toEqual(new Cents(200, 1));
    expect(toMoney(toNum(1.5) as Num).toString()).toBe('1.5');
    expect(toNum('fr')).toBeUndefined();
    expect(numberOf(fromMoney(new Money('2.15')))).toBe(2.15);
    expect(numberOf(new Cents(100, 3))).toBe(1 / 3);
  });
});

describe('numbers read from facts', () => {
  it('a float with few decimals is the decimal it was written as (as decimal.js reads it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.constantFrom(1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 3, 7), (n, div) => {
        const v = n / div;
        expect(toMoney(toNum(v) as Num).toString()).toBe(new Money(v).toString());
      }),
      { numRuns: 5000 },
    );
  });
});
