import { Cents, Money, ZERO } from '../money.js';
import type { AmountAst, ConditionAst, ExprAst } from '../rules/ast.js';
import { readSlot, type Env, type Slot } from './env.js';
import { FALSE, TRUE, type Tri } from './tri.js';

/**
 * What an amount can be when some facts are unknown: between `lo` and `hi` (`hi` undefined: no upper
 * bound known). Interval arithmetic over the same rule data the compiler reads; an unknown fact is taken
 * anywhere in [0, +∞) (amounts, counts and ages of a household are never negative).
 */
export interface Range {
  readonly lo: Money;
  readonly hi: Money | undefined;
}

type Ranger = (env: Env) => Range;

/** What the compiler lends the range builder: the slot of a fact and the test of a condition, at the date. */
export interface RangeContext {
  slot(fact: string, params: Readonly<Record<string, unknown>>): Slot;
  param(id: string): Money;
  test(when: ConditionAst): (env: Env) => Tri;
  /** The formula of a named value at the date (undefined for a fact or a condition). */
  formula(fact: string): ExprAst | undefined;
}

const UNBOUNDED: Range = { lo: ZERO, hi: undefined };

function point(v: Money): Range {
  return { lo: v, hi: v };
}

function money(v: unknown): Money | undefined {
  if (v instanceof Cents) return v.toMoney();
  if (v instanceof Money) return v;
  return typeof v === 'number' ? new Money(v) : undefined;
}

function union(rs: readonly Range[]): Range {
  let lo: Money | undefined;
  let hi: Money | undefined = ZERO;
  for (const r of rs) {
    lo = lo === undefined ? r.lo : Money.min(lo, r.lo);
    hi = hi === undefined || r.hi === undefined ? undefined : Money.max(hi, r.hi);
  }
  return { lo: lo ?? ZERO, hi };
}

const add = (a: Money | undefined, b: Money | undefined) => (a === undefined || b === undefined ? undefined : a.plus(b));
const mul = (a: Money | undefined, b: Money | undefined) => (a === undefined || b === undefined ? (a?.isZero() === true || b?.isZero() === true ? ZERO : undefined) : a.times(b));

/** The range of an expression (operands taken as non-negative, as the household's amounts and counts are). */
export function rangeOf(ast: ExprAst, ctx: RangeContext): Ranger {
  switch (ast.kind) {
    case 'number': {
      const v = ast.value;
      return () => point(v);
    }
    case 'param': {
      const v = ctx.param(ast.id);
      return () => point(v);
    }
    case 'fact':
    case 'perPerson': {
      if (ast.kind === 'fact' && ast.fact.startsWith('person.')) return () => UNBOUNDED;
      const slot = ast.kind === 'fact' ? ctx.slot(ast.fact, ast.params) : undefined;
      if (slot === undefined) return () => UNBOUNDED;
      // A named value that is unknown lies within the range of its own formula.
      const formula = ast.kind === 'fact' ? ctx.formula(ast.fact) : undefined;
      const inner = formula === undefined ? undefined : rangeOf(formula, ctx);
      return (env) => {
        const v = money(readSlot(env, slot));
        return v !== undefined ? point(v) : inner === undefined ? UNBOUNDED : inner(env);
      };
    }
    case 'round':
      return rangeOf(ast.arg, ctx);
    case 'choose': {
      const cases = ast.cases.map((c) => ({ when: ctx.test(c.when), value: rangeOf(c.value, ctx) }));
      const otherwise = rangeOf(ast.otherwise, ctx);
      return (env) => {
        // From the first case that is not known false on, any that can apply may give the value.
        const open: Range[] = [];
        for (const c of cases) {
          const w = c.when(env);
          if (w === FALSE) continue;
          open.push(c.value(env));
          if (w === TRUE) return union(open);
        }
        open.push(otherwise(env));
        return union(open);
      };
    }
    case 'scale': {
      const slot = ctx.slot(ast.fact, ast.params);
      const brackets = ast.brackets.map((b) => ({ limit: b.limit instanceof Money ? b.limit : ctx.param(b.limit.param), inclusive: b.inclusive, value: rangeOf(b.value, ctx) }));
      const otherwise = ast.otherwise === undefined ? () => point(ZERO) : rangeOf(ast.otherwise, ctx);
      return (env) => {
        const x = money(readSlot(env, slot));
        if (x === undefined) return union([...brackets.map((b) => b.value(env)), otherwise(env)]);
        for (const b of brackets) {
          const c = x.cmp(b.limit);
          if (c < 0 || (c === 0 && b.inclusive)) return b.value(env);
        }
        return otherwise(env);
      };
    }
    default: {
      const args = ast.args.map((a) => rangeOf(a, ctx));
      const kind = ast.kind;
      return (env) => {
        const rs = args.map((a) => a(env));
        const first = rs[0] as Range;
        let lo: Money = first.lo;
        let hi: Money | undefined = first.hi;
        for (const r of rs.slice(1)) {
          if (kind === 'sum') {
            lo = lo.plus(r.lo);
            hi = add(hi, r.hi);
          } else if (kind === 'difference') {
            lo = r.hi === undefined ? ZERO : Money.max(ZERO, lo.minus(r.hi));
            hi = hi === undefined ? undefined : hi.minus(r.lo);
          } else if (kind === 'product') {
            lo = lo.times(r.lo);
            hi = mul(hi, r.hi);
          } else if (kind === 'quotient') {
            lo = r.hi === undefined || r.hi.isZero() ? ZERO : lo.dividedBy(r.hi);
            hi = hi === undefined || r.lo.isZero() ? undefined : hi.dividedBy(r.lo);
          } else if (kind === 'min') {
            lo = Money.min(lo, r.lo);
            hi = hi === undefined ? r.hi : r.hi === undefined ? hi : Money.min(hi, r.hi);
          } else {
            lo = Money.max(lo, r.lo);
            hi = hi === undefined || r.hi === undefined ? undefined : Money.max(hi, r.hi);
          }
        }
        return { lo, hi };
      };
    }
  }
}

/** The range of an amount: its kind's formula over the ranges of its parts (a nil amount means not paid). */
export function amountRangeOf(ast: AmountAst, ctx: RangeContext): Ranger {
  let core: Ranger;
  switch (ast.kind) {
    case 'fixed':
    case 'brackets':
      core = rangeOf(ast.value, ctx);
      break;
    case 'rate': {
      const base = rangeOf(ast.base, ctx);
      const rate = rangeOf(ast.rate, ctx);
      const floor = ast.floor === undefined ? undefined : rangeOf(ast.floor, ctx);
      const ceiling = ast.ceiling === undefined ? undefined : rangeOf(ast.ceiling, ctx);
      core = (env) => {
        const b = base(env);
        const f = floor?.(env);
        const c = ceiling?.(env);
        // The base is held between the floor and the ceiling.
        const lo = f === undefined ? b.lo : Money.max(b.lo, f.lo);
        const hi = c === undefined ? b.hi : b.hi === undefined ? c.hi : c.hi === undefined ? b.hi : Money.min(b.hi, c.hi);
        const r = rate(env);
        return { lo: lo.times(r.lo), hi: mul(hi, r.hi) };
      };
      break;
    }
    case 'differential': {
      const ceiling = rangeOf(ast.ceiling, ctx);
      const resources = rangeOf(ast.resources, ctx);
      core = (env) => {
        const c = ceiling(env);
        const r = resources(env);
        return { lo: r.hi === undefined ? ZERO : Money.max(ZERO, c.lo.minus(r.hi)), hi: c.hi === undefined ? undefined : Money.max(ZERO, c.hi.minus(r.lo)) };
      };
      break;
    }
    case 'reduction': {
      const pct = rangeOf(ast.percent, ctx);
      const of = ast.of === undefined ? undefined : rangeOf(ast.of, ctx);
      core = (env) => {
        const p = pct(env);
        if (of === undefined) return p;
        const o = of(env);
        return { lo: p.lo.times(o.lo).dividedBy(100), hi: mul(p.hi, o.hi)?.dividedBy(100) };
      };
      break;
    }
    default: {
      const cases = ast.cases.map((c) => ({ when: ctx.test(c.when), amount: amountRangeOf(c.amount, ctx) }));
      core = (env) => {
        const open: Range[] = [];
        for (const c of cases) {
          const w = c.when(env);
          if (w === FALSE) continue;
          open.push(c.amount(env));
          if (w === TRUE) return union(open);
        }
        // No case may apply: nothing paid.
        open.push(point(ZERO));
        return union(open);
      };
    }
  }
  let out = core;
  if (ast.per !== undefined) {
    const slot = ctx.slot(ast.per.fact, ast.per.params);
    const inner = out;
    out = (env) => {
      const n = money(readSlot(env, slot));
      const v = inner(env);
      return n === undefined ? { lo: ZERO, hi: v.hi?.isZero() === true ? ZERO : undefined } : { lo: v.lo.times(n), hi: v.hi?.times(n) };
    };
  }
  if (ast.minimum !== undefined) {
    const min = rangeOf(ast.minimum, ctx);
    const inner = out;
    // Below the minimum nothing is paid: the low end may be nil.
    out = (env) => {
      const v = inner(env);
      const m = min(env);
      return { lo: m.hi !== undefined && v.lo.greaterThanOrEqualTo(m.hi) ? v.lo : ZERO, hi: v.hi };
    };
  }
  return out;
}

