import * as z from 'zod/mini';
import type { ConditionAst, ExprAst } from './ast.js';
import { isoDate, sourceSchema, type Source } from './parameters.js';

/**
 * Named values (OpenFisca's variables, publicodes' rules): a quantity or a condition that the law
 * names — the RSA montant forfaitaire of the household, the CSS ceiling — defined once in a folder's
 * `values/*.json` and read by any rule like a fact (`{ "fact": "rsa.forfait-logement" }`).
 */
export const VALUE_TYPES = ['money', 'number', 'boolean'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

/**
 * `household` (the default): one value per household, computed once. `person`: one value per person,
 * read inside a `perPerson` (its formula or condition reads `person.*` facts, for the person in turn) —
 * the condition of a child that the law names once and several aggregates count.
 */
export const VALUE_SCOPES = ['household', 'person'] as const;
export type ValueScope = (typeof VALUE_SCOPES)[number];

export const VALUE_ID_RE = /^[a-z0-9]+([.-][a-z0-9]+)*$/;


/** The fields of a named value other than its formula, condition or versions (validated with their own paths). */
export const namedValueHeadSchema = z.strictObject({
  label: z.string().check(z.minLength(1)),
  type: z.enum(VALUE_TYPES),
  unit: z.optional(z.string()),
  description: z.optional(z.string()),
  sources: z.array(sourceSchema).check(z.minLength(1, { error: 'au moins une source (titre et section du texte)' })),
  illustrative: z.optional(z.boolean()),
  notModeled: z.optional(z.array(z.string().check(z.minLength(1)))),
  scope: z.optional(z.enum(VALUE_SCOPES)),
  formula: z.optional(z.unknown()),
  condition: z.optional(z.unknown()),
  versions: z.optional(z.array(z.strictObject({ from: isoDate, formula: z.optional(z.unknown()), condition: z.optional(z.unknown()) })).check(z.minLength(1))),
});

export const valuesFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  $comment: z.optional(z.string()),
  values: z.record(z.string().check(z.regex(VALUE_ID_RE, { error: 'identifiant de valeur en minuscules, points et tirets' })), z.unknown()),
});

/** The body of one version of a named value. */
export type ValueBody = { readonly kind: 'formula'; readonly expr: ExprAst } | { readonly kind: 'condition'; readonly condition: ConditionAst };

/** A loaded named value: its dated versions (each in force from its date until the next one). */
export interface NamedValue {
  readonly id: string;
  readonly label: string;
  readonly type: ValueType;
  /** One value per household, or per person (read inside a `perPerson`). */
  readonly scope: ValueScope;
  readonly unit?: string | undefined;
  readonly description?: string | undefined;
  readonly sources: readonly Source[];
  readonly illustrative: boolean;
  readonly notModeled: readonly string[];
  /** Each version with what it reads (a parameter may exist only from its version on). */
  readonly versions: readonly { readonly from: string | null; readonly body: ValueBody; readonly parameters: readonly string[]; readonly uses: readonly string[] }[];
  /** Named values it reads directly. */
  readonly uses: readonly string[];
  /** Parameters it reads directly. */
  readonly parameters: readonly string[];
  readonly file: string;
}

/** The version of a named value in force at an ISO date, or undefined before its first version. */
export function versionAt(value: NamedValue, iso: string): ValueBody | undefined {
  let found: ValueBody | undefined;
  for (const v of value.versions) {
    if (v.from === null || v.from <= iso) found = v.body;
    else break;
  }
  return found;
}

/** The first day of `[from, until)` on which the named value has no version, or undefined when covered. */
export function valueGap(value: NamedValue, from: string): string | undefined {
  return versionAt(value, from) === undefined ? from : undefined;
}

/**
 * Closes a set of named values over what they read (iteratively: no recursion over rule data), and
 * returns them in a stable order with the parameters they read.
 */
export function closeValues(direct: Iterable<string>, values: ReadonlyMap<string, NamedValue>): { values: string[]; parameters: string[] } {
  const seen = new Set<string>();
  const params = new Set<string>();
  const stack = [...direct];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const v = values.get(id);
    if (v === undefined) continue;
    for (const p of v.parameters) params.add(p);
    for (const u of v.uses) if (!seen.has(u)) stack.push(u);
  }
  return { values: [...seen].sort(), parameters: [...params].sort() };
}

/** A cycle among named values, as the chain of ids that closes it (`a → b → a`), or undefined. */
export function findCycle(values: ReadonlyMap<string, NamedValue>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  for (const start of [...values.keys()].sort()) {
    if (state.has(start)) continue;
    // Iterative depth-first search: a path of ids and, for each, the index of the next use to visit.
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const id = path[path.length - 1] as string;
      const uses = values.get(id)?.uses ?? [];
      const i = next[next.length - 1] as number;
      if (i >= uses.length) {
        state.set(id, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const u = uses[i] as string;
      const s = state.get(u);
      if (s === 1) return [...path.slice(path.indexOf(u)), u];
      if (s === undefined && values.has(u)) {
        state.set(u, 1);
        path.push(u);
        next.push(0);
      }
    }
  }
  return undefined;
}
