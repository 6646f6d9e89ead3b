import { Cents, Money } from '../money.js';
import type { FactValue } from '../facts/context.js';
import type { Literal, Operator } from '../rules/ast.js';

type Pred = (a: FactValue, b: Literal) => boolean;

/**
 * Exact comparison of an amount `n / d` cents with a decimal threshold `t` euros, in integers:
 * n/d ≤ t ⇔ n ≤ ⌊100·t·d⌋, n/d < t ⇔ n < ⌈100·t·d⌉, and so on. The bound is computed with decimal.js
 * once per (threshold, d) and kept in a small map owned by the compiled condition.
 */
function centsAgainst(op: Operator, t: Money): (a: Cents) => boolean {
  const floors = new Map<number, number>();
  const ceils = new Map<number, number>();
  const exact = new Map<number, number | null>();
  const scaled = (d: number) => t.times(100).times(d);
  const floor = (d: number) => {
    let v = floors.get(d);
    if (v === undefined) floors.set(d, (v = scaled(d).floor().toNumber()));
    return v;
  };
  const ceil = (d: number) => {
    let v = ceils.get(d);
    if (v === undefined) ceils.set(d, (v = scaled(d).ceil().toNumber()));
    return v;
  };
  const equalTo = (d: number) => {
    let v = exact.get(d);
    if (v === undefined) {
      const s = scaled(d);
      exact.set(d, (v = s.isInteger() ? s.toNumber() : null));
    }
    return v;
  };
  switch (op) {
    case 'lessThanInclusive':
      return (a) => a.n <= floor(a.d);
    case 'lessThan':
      return (a) => a.n < ceil(a.d);
    case 'greaterThanInclusive':
      return (a) => a.n >= ceil(a.d);
    case 'greaterThan':
      return (a) => a.n > floor(a.d);
    case 'equal':
      return (a) => a.n === equalTo(a.d);
    case 'notEqual':
      return (a) => a.n !== equalTo(a.d);
    default:
      return () => false;
  }
}

function decimalOf(v: unknown): Money {
  return v instanceof Money ? v : v instanceof Cents ? v.toMoney() : new Money(v as number);
}

function cmpMoney(a: unknown, b: unknown): number {
  if (a instanceof Cents) {
    if (b instanceof Cents) return a.cmp(b);
    // n/d cents against b euros: n against 100·d·b, without dividing.
    if (b instanceof Money) return -b.times(100 * a.d).cmp(a.n);
  }
  return decimalOf(a).cmp(decimalOf(b));
}

/**
 * The comparison of an operator for a money fact. With a constant threshold, the exact integer fast path
 * of `centsAgainst`; against another fact, an exact cross-multiplication.
 */
export function moneyPredicate(op: Operator, constant: Literal | undefined): Pred {
  if (constant !== undefined) {
    if (op === 'in' || op === 'notIn') {
      const tests = (constant as readonly Money[]).map((t) => centsAgainst('equal', t));
      return op === 'in' ? (a) => tests.some((f) => f(a as Cents)) : (a) => !tests.some((f) => f(a as Cents));
    }
    const fast = centsAgainst(op, constant as Money);
    const t = constant as Money;
    return (a) => (a instanceof Cents ? fast(a) : compareWith(op, decimalOf(a).cmp(t)));
  }
  return (a, b) => compareWith(op, cmpMoney(a, b));
}

function compareWith(op: Operator, c: number): boolean {
  switch (op) {
    case 'equal':
      return c === 0;
    case 'notEqual':
      return c !== 0;
    case 'lessThan':
      return c < 0;
    case 'lessThanInclusive':
      return c <= 0;
    case 'greaterThan':
      return c > 0;
    case 'greaterThanInclusive':
      return c >= 0;
    default:
      return false;
  }
}

/** The comparison of an operator for numbers, strings, booleans and lists. */
export function plainPredicate(op: Operator): Pred {
  switch (op) {
    case 'equal':
      return (a, b) => a === b;
    case 'notEqual':
      return (a, b) => a !== b;
    case 'lessThan':
      return (a, b) => (a as number) < (b as number);
    case 'lessThanInclusive':
      return (a, b) => (a as number) <= (b as number);
    case 'greaterThan':
      return (a, b) => (a as number) > (b as number);
    case 'greaterThanInclusive':
      return (a, b) => (a as number) >= (b as number);
    case 'in':
      return (a, b) => (b as readonly unknown[]).includes(a);
    case 'notIn':
      return (a, b) => !(b as readonly unknown[]).includes(a);
    case 'contains':
      return (a, b) => (a as readonly string[]).includes(b as string);
    case 'doesNotContain':
      return (a, b) => !(a as readonly string[]).includes(b as string);
  }
}
