import { Money } from '../money.js';

/**
 * The mechanisms of the rule language that are described by data, each defined once: the loader
 * validates with these tables, the compiler evaluates with them, the docs and explanations word them,
 * the JSON Schema and the json-rules-engine export enumerate them. A new comparison, arithmetic
 * operator or amount kind is added here (and, for an amount kind, compiled in `engine/compile.ts`).
 */

/** Fact types a condition compares (see `FactType` in facts/definitions.ts). */
type ComparedType = 'number' | 'money' | 'string' | 'boolean' | 'string[]';

interface Comparison {
  /** How a French sentence writes it: « Âge : 64 ans (attendu ≥ 65) ». */
  readonly words: string;
  /** The fact types it applies to. */
  readonly types: readonly ComparedType[];
  /** Its meaning, for the JSON Schema and the docs. */
  readonly description: string;
}

const ORDERED = ['number', 'money'] as const;
const ANY_SCALAR = ['number', 'money', 'string', 'boolean'] as const;

/** Condition operators: json-rules-engine's own names, a closed set, each three-valued. */
export const COMPARISONS = {
  equal: { words: '=', types: ANY_SCALAR, description: 'égal à' },
  notEqual: { words: '≠', types: ANY_SCALAR, description: 'différent de' },
  lessThan: { words: '<', types: ORDERED, description: 'strictement inférieur à' },
  lessThanInclusive: { words: '≤', types: ORDERED, description: 'inférieur ou égal à' },
  greaterThan: { words: '>', types: ORDERED, description: 'strictement supérieur à' },
  greaterThanInclusive: { words: '≥', types: ORDERED, description: 'supérieur ou égal à' },
  in: { words: 'parmi', types: ['number', 'money', 'string'], description: 'une des valeurs de la liste' },
  notIn: { words: 'hors de', types: ['number', 'money', 'string'], description: 'aucune des valeurs de la liste' },
  contains: { words: 'contient', types: ['string[]'], description: 'la liste du fait contient la valeur' },
  doesNotContain: { words: 'ne contient pas', types: ['string[]'], description: 'la liste du fait ne contient pas la valeur' },
} as const satisfies Record<string, Comparison>;
export type ComparisonKind = keyof typeof COMPARISONS;

interface Arithmetic {
  /** `n`: two terms or more; `2`: exactly two (a − b, a ÷ b). */
  readonly arity: 'n' | 2;
  readonly description: string;
  /** The French reading of the operation, from the readings of its terms. */
  readonly words: (terms: readonly string[]) => string;
  /** Combines the value so far with the next term; `undefined` when the result is unknown (a division by zero). */
  readonly fold: (acc: Money, next: Money) => Money | undefined;
}

/** Arithmetic operators of expressions, in exact decimals. */
export const ARITHMETIC = {
  sum: { arity: 'n', description: 'Somme.', words: (t) => `(${t.join(' + ')})`, fold: (a, b) => a.plus(b) },
  product: { arity: 'n', description: 'Produit.', words: (t) => t.join(' × '), fold: (a, b) => a.times(b) },
  min: { arity: 'n', description: 'Le plus petit des termes.', words: (t) => `le plus petit de (${t.join(' ; ')})`, fold: (a, b) => Money.min(a, b) },
  max: { arity: 'n', description: 'Le plus grand des termes.', words: (t) => `le plus grand de (${t.join(' ; ')})`, fold: (a, b) => Money.max(a, b) },
  difference: { arity: 2, description: 'Différence a − b.', words: (t) => `(${t[0] ?? ''} − ${t[1] ?? ''})`, fold: (a, b) => a.minus(b) },
  quotient: { arity: 2, description: 'Quotient a ÷ b (inconnu si b est nul).', words: (t) => `${t[0] ?? ''} ÷ ${t[1] ?? ''}`, fold: (a, b) => (b.isZero() ? undefined : a.dividedBy(b)) },
} as const satisfies Record<string, Arithmetic>;
export type ArithmeticKind = keyof typeof ARITHMETIC;
export const ARITHMETIC_KINDS = Object.keys(ARITHMETIC) as ArithmeticKind[];

interface AmountKind {
  /** The fields the kind takes besides the common ones (period, per, maximum, rounding, minimum, note). */
  readonly fields: readonly string[];
  /** The short French name shown in the catalogue index. */
  readonly words: string;
  readonly description: string;
}

/** Amount kinds; each documents its rounding in docs/amounts.md and is computed in engine/compile.ts. */
export const AMOUNT_KINDS = {
  fixed: { fields: ['value'], words: 'montant fixe', description: 'Montant fixe (une expression).' },
  brackets: { fields: ['fact', 'params', 'brackets', 'otherwise'], words: 'barème', description: 'Barème sur un fait : la première tranche qui convient donne le montant.' },
  rate: { fields: ['base', 'rate', 'floor', 'ceiling'], words: "taux d'effort", description: "Taux d'effort : base × taux, la base tenue entre un plancher et un plafond." },
  differential: { fields: ['ceiling', 'resources'], words: 'différentiel', description: 'Montant différentiel : plafond − ressources, nul si négatif.' },
  reduction: { fields: ['percent', 'of'], words: 'réduction', description: "Réduction : un pourcentage, en euros s'il porte sur un prix de référence." },
  cases: { fields: ['cases'], words: 'selon le cas', description: 'Le montant du premier cas dont la condition est vraie.' },
} as const satisfies Record<string, AmountKind>;
export type AmountKindName = keyof typeof AMOUNT_KINDS;

/** Fields every amount kind may take. */
export const AMOUNT_COMMON_FIELDS = ['kind', 'period', 'per', 'maximum', 'rounding', 'minimum', 'note'] as const;
