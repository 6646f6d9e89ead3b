import { COMPARISONS, type ArithmeticKind, type ComparisonKind } from './grammar.js';
import type { Money } from '../money.js';
import type { RoundingMode } from '../money.js';

/** Operators of json-rules-engine that rules may use: a closed set, each three-valued (defined in grammar.ts). */
export const OPERATORS = Object.keys(COMPARISONS) as ComparisonKind[];
export type Operator = ComparisonKind;

export const PERIODS = ['once', 'day', 'week', 'month', 'quarter', 'year', 'hour', 'meal'] as const;
export type Period = (typeof PERIODS)[number];

/** A literal of a condition, already typed for its fact: Money for money facts. */
export type Literal = number | string | boolean | Money | readonly (number | string | Money)[];

/** The right-hand side of a condition. */
export type ValueAst =
  | { readonly kind: 'literal'; readonly value: Literal; readonly raw: unknown }
  | { readonly kind: 'param'; readonly id: string }
  /** A value computed from numbers, parameters and facts (a quarter of an annual ceiling; a ceiling times a household coefficient). */
  | { readonly kind: 'expr'; readonly expr: ExprAst }
  | { readonly kind: 'fact'; readonly fact: string; readonly params: Readonly<Record<string, unknown>> };

/** Which members a per-person aggregate takes (the params of `household.memberCount`). */
export interface MemberFilterAst {
  readonly role?: string | readonly string[] | undefined;
  readonly minAge?: number | undefined;
  readonly maxAge?: number | undefined;
  readonly childMaxAge?: number | undefined;
  readonly custody?: 'full' | 'shared' | undefined;
  readonly schooling?: readonly string[] | undefined;
  readonly minDisabilityRate?: number | undefined;
}

/** A validated condition tree (json-rules-engine's shape, restricted). */
export type ConditionAst =
  | { readonly kind: 'all' | 'any'; readonly label?: string | undefined; readonly name?: string | undefined; readonly children: readonly ConditionAst[] }
  | { readonly kind: 'not'; readonly label?: string | undefined; readonly name?: string | undefined; readonly child: ConditionAst }
  /** True when some (`any`) or every (`all`) member matching `where` meets a condition on `person.*` facts. */
  | { readonly kind: 'perPerson'; readonly label: string; readonly name?: string | undefined; readonly where: MemberFilterAst; readonly aggregate: 'any' | 'all'; readonly condition: ConditionAst }
  | {
      readonly kind: 'leaf';
      readonly fact: string;
      readonly params: Readonly<Record<string, unknown>>;
      readonly operator: Operator;
      readonly value: ValueAst;
      readonly label: string;
      readonly name?: string | undefined;
    };

/** A numeric expression of an amount: data only, no code. */
export type ExprAst =
  | { readonly kind: 'number'; readonly value: Money }
  | { readonly kind: 'param'; readonly id: string }
  | { readonly kind: 'fact'; readonly fact: string; readonly params: Readonly<Record<string, unknown>> }
  /** An arithmetic operator of grammar.ts: `sum`, `product`, `min`, `max` (two terms or more), `difference`, `quotient` (two). */
  | { readonly kind: ArithmeticKind; readonly args: readonly ExprAst[] }
  /** Rounds to a number of decimals, half up (an amount rounded to the cent before it is multiplied). */
  | { readonly kind: 'round'; readonly arg: ExprAst; readonly decimals: number }
  /** First `when` that is true gives the value; an unknown `when` before it makes the value unknown. */
  | { readonly kind: 'choose'; readonly cases: readonly { readonly when: ConditionAst; readonly value: ExprAst }[]; readonly otherwise: ExprAst }
  /** Members matching `where`, counted, or their `of` (an expression over `person.*` facts) summed, or its lowest or highest value. */
  | { readonly kind: 'perPerson'; readonly where: MemberFilterAst; readonly aggregate: 'count' | 'sum' | 'min' | 'max'; readonly of?: ExprAst | undefined }
  | { readonly kind: 'scale'; readonly fact: string; readonly params: Readonly<Record<string, unknown>>; readonly brackets: readonly BracketAst[]; readonly otherwise?: ExprAst | undefined };

export interface BracketAst {
  /** A number, or a dated parameter resolved at the date. */
  readonly limit: Money | { readonly param: string };
  /** `upTo` is inclusive, `below` strict. */
  readonly inclusive: boolean;
  readonly value: ExprAst;
}

export interface Rounding {
  readonly decimals: number;
  readonly mode: RoundingMode;
}

interface AmountCommon {
  readonly period: Period;
  /** Multiplied by a count (for example per disabled child). */
  readonly per?: { readonly fact: string; readonly params: Readonly<Record<string, unknown>> } | undefined;
  /** "Up to" this amount. */
  readonly maximum: boolean;
  readonly rounding: Rounding;
  /** Below this, nothing is paid (RSA: 6 €). */
  readonly minimum?: ExprAst | undefined;
  /** The rule author's French note on the amount (shown in the docs). */
  readonly note?: string | undefined;
}

/** A validated amount. Each kind documents its rounding in docs/amounts.md. */
export type AmountAst =
  | (AmountCommon & { readonly kind: 'fixed'; readonly value: ExprAst })
  | (AmountCommon & { readonly kind: 'brackets'; readonly value: ExprAst })
  | (AmountCommon & { readonly kind: 'rate'; readonly base: ExprAst; readonly rate: ExprAst; readonly floor?: ExprAst | undefined; readonly ceiling?: ExprAst | undefined })
  | (AmountCommon & { readonly kind: 'differential'; readonly ceiling: ExprAst; readonly resources: ExprAst })
  | (AmountCommon & { readonly kind: 'reduction'; readonly percent: ExprAst; readonly of?: ExprAst | undefined })
  | (AmountCommon & { readonly kind: 'cases'; readonly cases: readonly { readonly when: ConditionAst; readonly amount: AmountAst }[] });
