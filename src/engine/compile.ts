import type { FactValue } from '../facts/context.js';
import { FACTS, matchPerson, prepareParams, type MemberFilter } from '../facts/definitions.js';
import { PERSON_FACTS } from '../facts/person.js';
import { ARITHMETIC } from '../rules/grammar.js';
import { amountRangeOf, type Range } from './range.js';
import type { MissingSink } from '../facts/context.js';
import type { Person } from '../household/schema.js';
import { Cents, Money, ZERO, roundMoney, type RoundingMode } from '../money.js';
import { FOLD, ZERO_NUM, add, cmp, div, fromMoney, mul, numberOf, roundNum, sign, sub, toMoney, toNum, type Num } from './exact.js';
import { moneyPredicate, plainPredicate } from './compare.js';
import type { AmountAst, ConditionAst, ExprAst, Literal, Operator, Period } from '../rules/ast.js';
import type { Catalog } from '../rules/catalog.js';
import type { FactDefinition } from '../facts/definitions.js';
import { namedValueDefinition } from '../rules/validate.js';
import { versionAt, type NamedValue } from '../rules/values.js';
import { valueAt, type ParameterValue } from '../rules/parameters.js';
import { NonRecoursError } from '../errors.js';
import { readSlot, UNSET, type Env, type Slot } from './env.js';
import { FALSE, TRUE, UNKNOWN, type Tri } from './tri.js';

/** One cent, exactly. */
const ONE_CENT_NUM = new Cents(1, 1);

/** The person a per-person expression is evaluated for, and where the fields it misses go. */
export interface PersonScope {
  readonly person: Person;
  readonly miss: MissingSink;
}

/** A compiled test: three-valued, for the household (and for one of its persons inside a `perPerson`). */
export type Test = (env: Env, scope?: PersonScope) => Tri;
/** A compiled expression: an exact value (see `exact.ts`), `undefined` when unknown. */
export type Compute = (env: Env, scope?: PersonScope) => Num | undefined;

/** A compiled condition: its fast test, and what the explanation needs. */
export type CNode =
  | { readonly kind: 'all' | 'any'; readonly label?: string | undefined; readonly name?: string | undefined; readonly children: readonly CNode[]; readonly test: Test }
  | { readonly kind: 'not'; readonly label?: string | undefined; readonly name?: string | undefined; readonly child: CNode; readonly test: Test }
  /** A condition on a fact of one person, inside a `perPerson` (which is itself traced as one leaf). */
  | { readonly kind: 'personLeaf'; readonly slots: readonly Slot[]; readonly test: Test }
  | {
      readonly kind: 'leaf';
      readonly ast: Extract<ConditionAst, { kind: 'leaf' }>;
      readonly slot: Slot;
      /** The right-hand side: a constant (resolved at the date) or another fact. */
      readonly rhs:
        | { readonly kind: 'const'; readonly value: Literal }
        | { readonly kind: 'slot'; readonly slot: Slot }
        | { readonly kind: 'expr'; readonly compute: Compute; readonly slots: readonly Slot[] };
      readonly test: Test;
    };

/** A compiled amount: computes exact decimals, `undefined` when unknown. */
export interface CAmount {
  readonly compute: (env: Env) => Money | undefined;
  /** The same amount as its exact value, rounded as the amount is: whole cents (a `Cents` of denominator 1) when rounded to the cent and safe. */
  readonly computeNum: (env: Env) => Num | undefined;
  /** The period of the amount for this household (a `cases` amount takes the period of the case that applies). */
  readonly periodOf: (env: Env) => Period;
  /** The period of the amount when it does not depend on the household (the first case's otherwise). */
  readonly period: Period;
  readonly unit: 'EUR' | 'percent';
  readonly maximum: boolean;
  /** Slots the amount reads (for the missing facts of an unknown amount). */
  readonly slots: readonly Slot[];
  /** Between what bounds the amount lies given what is known (for an amount that cannot be computed yet). */
  readonly range: (env: Env) => Range;
  /**
   * For a differential amount: by how much its resources would have to be lower for something to be
   * paid (under the minimum paid, nothing is), or undefined when it is paid or cannot be computed.
   */
  readonly resourcesGap?: ((env: Env) => Money | undefined) | undefined;
  /** For a differential amount that is paid: the highest resources for which it still is, and the margin left. */
  readonly resourcesRoom?: ((env: Env) => { readonly upTo: Money; readonly margin: Money } | undefined) | undefined;
  /** For a differential amount: the highest resources for which it is paid, whatever the household's (the threshold). */
  readonly resourcesRoomAt?: ((env: Env) => Money | undefined) | undefined;
  /**
   * For a differential amount: whether `resourcesGap` is at most `share` × `resourcesRoomAt` (the household
   * within that share of the threshold), in exact values; false when either is undefined or the room is zero.
   */
  readonly resourcesNear?: ((env: Env, share: Num) => boolean) | undefined;
  /** The label of those resources (the fact or named value the amount reads), and its id. */
  readonly resourcesLabel?: string | undefined;
  readonly resourcesFact?: string | undefined;
}

/** How a fact of the person in scope is read: its type, what household slots it reads, its value. */
interface PersonRead {
  readonly type: FactDefinition['type'];
  readonly slots: readonly Slot[];
  readonly read: (env: Env, scope?: PersonScope) => FactValue | undefined;
}

/** Compiles conditions and amounts of a catalog at one date, sharing fact slots between rules. */
export class Compiler {
  readonly slots: Slot[] = [];
  private readonly byKey = new Map<string, Slot>();
  /** Expressions reading facts, shared by key: each is computed once per household. */
  private readonly exprIndex = new Map<string, { index: number; slots: Slot[] }>();
  get exprCount(): number {
    return this.exprIndex.size;
  }
  private readonly paramCache = new Map<string, ParameterValue>();

  constructor(
    private readonly catalog: Catalog,
    private readonly iso: string,
  ) {}

  /** The value of a parameter at the date (checked at load for rules in force). */
  param(id: string): ParameterValue {
    if (this.paramCache.has(id)) return this.paramCache.get(id) as ParameterValue;
    const p = this.catalog.parameters.get(id);
    const v = p === undefined ? undefined : valueAt(p, this.iso);
    if (v === undefined || v === null) {
      throw new NonRecoursError('CATALOG_INVALID', `Le paramètre « ${id} » n'a pas de valeur le ${this.iso}.`, [{ path: id, message: 'pas de valeur à cette date' }]);
    }
    this.paramCache.set(id, v);
    return v;
  }

  numParam(id: string): Money {
    const v = this.param(id);
    if (!(v instanceof Money)) throw new NonRecoursError('CATALOG_INVALID', `Le paramètre « ${id} » n'est pas numérique.`);
    return v;
  }

  /** The shared slot of (fact, params), params resolved at the date. */
  slot(fact: string, params: Readonly<Record<string, unknown>>): Slot {
    if (!FACTS.has(fact) && this.catalog.values.has(fact)) return this.namedSlot(fact);
    const def = FACTS.get(fact);
    if (def === undefined) throw new NonRecoursError('CATALOG_INVALID', `Fait inconnu « ${fact} ».`);
    const resolved: Record<string, unknown> = {};
    let numericRef = false;
    for (const [k, v] of Object.entries(params)) {
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'param' in v) {
        const pv = this.param((v as { param: string }).param);
        numericRef ||= pv instanceof Money;
        resolved[k] = pv instanceof Money ? pv.toNumber() : pv;
      } else resolved[k] = v;
    }
    if (numericRef && def.params !== undefined) {
      // A number taken from a dated parameter is checked at the date (an age limit must be a whole number).
      const check = def.params.safeParse(resolved);
      if (!check.success) throw new NonRecoursError('CATALOG_INVALID', `Paramètres du fait « ${fact} » invalides le ${this.iso} : ${check.error.issues[0]?.message ?? ''}.`, [{ path: fact, message: 'valeur de paramètre impossible à cette date' }]);
    }
    const key = `${fact}\u0000${stableKey(params)}`;
    let slot = this.byKey.get(key);
    if (slot === undefined) {
      slot = { index: this.slots.length, def, params: resolved, prepared: prepareParams(resolved), few: def.type !== 'money' && def.type !== 'string[]' };
      this.slots.push(slot);
      this.byKey.set(key, slot);
    }
    return slot;
  }

  private readonly named = new Map<string, Slot>();

  /**
   * The slot of a named value: its version in force at the date, compiled once and computed at most
   * once per household like a fact. Cycles are refused at load, so compilation terminates.
   */
  namedSlot(id: string): Slot {
    const known = this.named.get(id);
    if (known !== undefined) return known;
    const nv = this.catalog.values.get(id) as NamedValue;
    const body = versionAt(nv, this.iso);
    if (body === undefined) {
      throw new NonRecoursError('CATALOG_INVALID', `La valeur nommée « ${id} » n'a pas de version le ${this.iso}.`, [{ file: nv.file, path: `values.${id}`, message: 'pas de version à cette date' }]);
    }
    const deps: Slot[] = [];
    const slot: { index: number; def: FactDefinition; params: Record<string, unknown>; prepared: Record<string, unknown>; derive?: Slot['derive']; deps: Slot[]; few: boolean; condition?: CNode } = {
      index: this.slots.length,
      def: namedValueDefinition(id, nv),
      params: {},
      prepared: {},
      deps,
      few: false,
    };
    this.slots.push(slot);
    this.named.set(id, slot);
    if (body.kind === 'condition') {
      const node = this.condition(body.condition);
      slot.condition = node;
      deps.push(...slotsOf(node));
      const test = node.test;
      slot.derive = (env) => {
        const t = test(env);
        return t === UNKNOWN ? undefined : t === TRUE;
      };
    } else {
      const b = this.boundsOf(body.expr);
      if (b !== undefined) this.slotBounds.set(slot, b);
      const f = body.expr.kind === 'number' || body.expr.kind === 'param' || !readsHousehold(body.expr) ? this.expr(body.expr, deps) : this.rawExpr(body.expr, deps);
      slot.derive = nv.type === 'number' ? (env) => numberOf(f(env)) : (env) => f(env);
    }
    // A value computed from few-valued slots only (a composition coefficient, a forfait by household size)
    // takes few values itself: kept per combination of what it reads, like the expressions of `memoized`.
    const distinct = [...new Set(deps)];
    const compute = slot.derive as NonNullable<Slot['derive']>;
    if (distinct.length === 0) {
      // A formula of parameters only (the montant forfaitaire of two persons): one value at the date.
      slot.few = true;
      let known = false;
      let value: FactValue | undefined;
      slot.derive = (env, miss) => {
        if (!known) {
          value = compute(env, miss);
          known = true;
        }
        return value;
      };
    } else if (distinct.length <= 6 && distinct.every((d) => d.few)) {
      slot.few = true;
      slot.derive = memoBy(distinct, compute);
    }
    return slot;
  }

  condition(ast: ConditionAst): CNode {
    switch (ast.kind) {
      case 'all':
      case 'any': {
        const children = ast.children.map((c) => this.condition(c));
        const tests = children.map((c) => c.test);
        return { kind: ast.kind, label: ast.label, name: ast.name, children, test: ast.kind === 'all' ? allOf(tests) : anyOf(tests) };
      }
      case 'not': {
        const child = this.condition(ast.child);
        const t = child.test;
        return {
          kind: 'not',
          label: ast.label,
          name: ast.name,
          child,
          test: (env, scope) => {
            const r = t(env, scope);
            return r === UNKNOWN ? UNKNOWN : r === TRUE ? FALSE : TRUE;
          },
        };
      }
      case 'perPerson': {
        // Traced as one leaf: « label : oui », the aggregate being a derived fact of the household.
        const slot = this.perPersonSlot(ast);
        const leafAst: Extract<ConditionAst, { kind: 'leaf' }> = { kind: 'leaf', fact: slot.def.id, params: {}, operator: 'equal', value: { kind: 'literal', value: true, raw: true }, label: ast.label, name: ast.name };
        return {
          kind: 'leaf',
          ast: leafAst,
          slot,
          rhs: { kind: 'const', value: true },
          test: (env) => {
            const v = readSlot(env, slot);
            return v === undefined ? UNKNOWN : v === true ? TRUE : FALSE;
          },
        };
      }
      default:
        return this.isPersonRef(ast.fact) ? this.personLeaf(ast) : this.leaf(ast);
    }
  }

  private readonly perPersonSlots = new Map<string, Slot>();

  /**
   * A per-person aggregate as a derived fact of the household: computed at most once per household,
   * three-valued. A member whose membership is unknown (an age not given) leaves a count or a sum
   * unknown; `any` is true as soon as one known member meets the condition, `all` false as soon as one
   * known member does not.
   */
  private perPersonSlot(ast: Extract<ConditionAst, { kind: 'perPerson' }> | Extract<ExprAst, { kind: 'perPerson' }>): Slot {
    const key = stableKey(ast);
    const known = this.perPersonSlots.get(key);
    if (known !== undefined) return known;
    const deps: Slot[] = [];
    const isCondition = 'condition' in ast;
    const def: FactDefinition = {
      id: `perPerson.${this.perPersonSlots.size + 1}`,
      label: isCondition ? ast.label : ast.aggregate === 'count' ? 'Nombre de personnes retenues' : ast.aggregate === 'sum' ? 'Somme sur les personnes retenues' : ast.aggregate === 'min' ? 'Plus petite valeur parmi les personnes retenues' : 'Plus grande valeur parmi les personnes retenues',
      type: isCondition ? 'boolean' : 'money',
      reads: ['persons'],
      compute: () => undefined,
    };
    const slot: { index: number; def: FactDefinition; params: Record<string, unknown>; prepared: Record<string, unknown>; derive?: Slot['derive']; deps: Slot[]; few: boolean } = { index: this.slots.length, def, params: {}, prepared: {}, deps, few: false };
    this.slots.push(slot);
    this.perPersonSlots.set(key, slot);
    const where = ast.where as MemberFilter;
    if (isCondition) {
      const node = this.condition(ast.condition);
      deps.push(...slotsOf(node));
      const test = node.test;
      const wantAll = ast.aggregate === 'all';
      const decisive = wantAll ? FALSE : TRUE;
      slot.derive = (env, miss) => {
        let unknown = false;
        for (const person of env.ctx.household.persons) {
          const m = matchPerson(env.ctx, person, where, miss);
          if (m === false) continue;
          const t = test(env, { person, miss });
          // `any` is settled by a member who meets the condition, `all` by one who does not.
          if (t === decisive) {
            if (m === true) return !wantAll;
            unknown = true;
          } else if (t === UNKNOWN) unknown = true;
        }
        return unknown ? undefined : wantAll;
      };
      return slot;
    }
    const of = ast.of === undefined ? undefined : this.expr(ast.of, deps);
    const aggregate = ast.aggregate;
    const fold = aggregate === 'count' ? undefined : FOLD[aggregate];
    slot.derive = (env, miss) => {
      let acc: Num | undefined;
      let count = 0;
      for (const person of env.ctx.household.persons) {
        const m = matchPerson(env.ctx, person, where, miss);
        if (m === false) continue;
        if (m === undefined) return undefined;
        count += 1;
        if (of === undefined) continue;
        const v = of(env, { person, miss });
        if (v === undefined) return undefined;
        acc = acc === undefined || fold === undefined ? v : (fold(acc, v) as Num);
      }
      if (aggregate === 'count') return toNum(count);
      // The lowest or highest value of nobody is unknown; a sum over nobody is zero.
      return acc ?? (aggregate === 'sum' ? ZERO_NUM : undefined);
    };
    return slot;
  }

  /** A condition on a fact of the person being evaluated (inside a `perPerson`). */
  private personLeaf(ast: Extract<ConditionAst, { kind: 'leaf' }>): CNode {
    const read = this.personRead(ast.fact, ast.params);
    const money = read.type === 'money';
    const slots: Slot[] = [...read.slots];
    let rhs: (env: Env, scope?: PersonScope) => FactValue | Literal | undefined;
    if (ast.value.kind === 'fact') {
      const f = ast.value;
      if (this.isPersonRef(f.fact)) {
        const other = this.personRead(f.fact, f.params);
        slots.push(...other.slots);
        rhs = other.read;
      } else {
        const other = this.slot(f.fact, f.params);
        slots.push(other);
        rhs = (env) => readSlot(env, other);
      }
    } else if (ast.value.kind === 'expr') {
      const compute = this.expr(ast.value.expr, slots);
      rhs = money ? compute : (env, scope) => numberOf(compute(env, scope));
    } else if (ast.value.kind === 'param') {
      const p = this.numParam(ast.value.id);
      const v = money ? p : p.toNumber();
      rhs = () => v;
    } else {
      const v = ast.value.value;
      rhs = () => v;
    }
    const pred = money ? moneyPredicate(ast.operator, undefined) : plainPredicate(ast.operator);
    const lhs = read.read;
    return {
      kind: 'personLeaf',
      slots,
      test: (env, scope) => {
        const a = lhs(env, scope);
        if (a === undefined) return UNKNOWN;
        const b = rhs(env, scope);
        if (b === undefined) return UNKNOWN;
        return pred(a, b as Literal) ? TRUE : FALSE;
      },
    };
  }

  /** Whether a fact id is read for one person: a `person.*` fact, or a named value of scope `person`. */
  private isPersonRef(id: string): boolean {
    return id.startsWith('person.') || (!FACTS.has(id) && this.catalog.values.get(id)?.scope === 'person');
  }

  /** Ids of the named values of one person, as they appear in an expression's key (`"fact":"id"`). */
  private personValueKeys: string[] | undefined;

  /** Whether an expression (by its stable key) reads a fact of the person in scope. */
  private readsPerson(key: string): boolean {
    this.personValueKeys ??= [...this.catalog.values.values()].filter((v) => v.scope === 'person').map((v) => `"fact":${JSON.stringify(v.id)}`);
    return key.includes('"fact":"person.') || this.personValueKeys.some((k) => key.includes(k));
  }

  private readonly personValues = new Map<string, PersonRead>();

  /**
   * A named value of one person: its version at the date, compiled once, computed for the person in scope
   * each time it is read (a child's condition read by two aggregates is written once, not copied).
   */
  private personValue(id: string, nv: NamedValue): PersonRead {
    const known = this.personValues.get(id);
    if (known !== undefined) return known;
    const body = versionAt(nv, this.iso);
    if (body === undefined) {
      throw new NonRecoursError('CATALOG_INVALID', `La valeur nommée « ${id} » n'a pas de version le ${this.iso}.`, [{ file: nv.file, path: `values.${id}`, message: 'pas de version à cette date' }]);
    }
    let out: PersonRead;
    if (body.kind === 'condition') {
      const node = this.condition(body.condition);
      const test = node.test;
      out = {
        type: 'boolean',
        slots: slotsOf(node),
        read: (env, scope) => {
          if (scope === undefined) return undefined;
          const t = test(env, scope);
          return t === UNKNOWN ? undefined : t === TRUE;
        },
      };
    } else {
      const slots: Slot[] = [];
      const f = this.expr(body.expr, slots);
      out = nv.type === 'number' ? { type: 'number', slots, read: (env, scope) => (scope === undefined ? undefined : numberOf(f(env, scope))) } : { type: 'money', slots, read: (env, scope) => (scope === undefined ? undefined : f(env, scope)) };
    }
    this.personValues.set(id, out);
    return out;
  }

  /** Reads a fact of the person in scope (params prepared once), or a named value of one person. */
  private personRead(fact: string, params: Readonly<Record<string, unknown>>): PersonRead {
    const nv = FACTS.has(fact) ? undefined : this.catalog.values.get(fact);
    if (nv?.scope === 'person') return this.personValue(fact, nv);
    const def = PERSON_FACTS.get(fact);
    if (def === undefined) throw new NonRecoursError('CATALOG_INVALID', `Fait de personne inconnu « ${fact} ».`);
    const prepared = prepareParams(params);
    return { type: def.type, slots: [], read: (env, scope) => (scope === undefined ? undefined : def.compute(env.ctx, scope.person, prepared, scope.miss)) };
  }

  /** Bounds of the named values whose formula is a `min` or a `max` (partly known when one operand is). */
  private readonly slotBounds = new Map<Slot, Bounder>();

  /**
   * What is known of an expression whose exact value may be unknown: the lowest of several amounts is at
   * most any known one, the highest at least any known one. Undefined for other expressions.
   */
  private boundsOf(ast: ExprAst): Bounder | undefined {
    if (ast.kind === 'fact' && !ast.fact.startsWith('person.')) {
      const slot = this.slot(ast.fact, ast.params);
      return this.slotBounds.get(slot);
    }
    if (ast.kind !== 'min' && ast.kind !== 'max') return undefined;
    const args = ast.args.map((a) => this.boundsOrExact(a));
    const lowest = ast.kind === 'min';
    return (env) => {
      // min: below every known operand (hi), above the lowest lower bound if all have one (lo); max: the dual.
      let known: Money | undefined;
      let other: Money | undefined;
      let complete = true;
      for (const a of args) {
        const b = a(env);
        const near = lowest ? b.hi : b.lo;
        const far = lowest ? b.lo : b.hi;
        if (near !== undefined) known = known === undefined ? near : lowest ? Money.min(known, near) : Money.max(known, near);
        if (far === undefined) complete = false;
        else other = other === undefined ? far : lowest ? Money.min(other, far) : Money.max(other, far);
      }
      const far = complete ? other : undefined;
      return lowest ? { lo: far, hi: known } : { lo: known, hi: far };
    };
  }

  private boundsOrExact(ast: ExprAst): Bounder {
    const b = this.boundsOf(ast);
    if (b !== undefined) return b;
    const f = this.expr(ast, []);
    return (env) => {
      const x = f(env);
      const v = x === undefined ? undefined : toMoney(x);
      return { lo: v, hi: v };
    };
  }

  private slotBounder(slot: Slot): Bounder {
    const b = this.slotBounds.get(slot);
    if (b !== undefined) return b;
    return (env) => {
      const x = toNum(readSlot(env, slot));
      const v = x === undefined ? undefined : toMoney(x);
      return { lo: v, hi: v };
    };
  }

  /**
   * A leaf, with partial knowledge where a side is a `min` or a `max`: « the lower of two incomes is at
   * most the ceiling » is true as soon as one known income is — more known than the exact test, never wrong.
   */
  private leaf(ast: Extract<ConditionAst, { kind: 'leaf' }>): CNode {
    const node = this.exactLeaf(ast);
    if (node.kind !== 'leaf' || !ORDERED_OPS.has(ast.operator)) return node;
    const lhsPartial = this.slotBounds.get(node.slot);
    const rhsPartial = node.rhs.kind === 'slot' ? this.slotBounds.get(node.rhs.slot) : ast.value.kind === 'expr' ? this.boundsOf(ast.value.expr) : undefined;
    if (lhsPartial === undefined && rhsPartial === undefined) return node;
    const lhs = this.slotBounder(node.slot);
    const c = node.rhs.kind === 'const' ? toNum(node.rhs.value) : undefined;
    const rhsConst = c === undefined ? undefined : toMoney(c);
    const rhs: Bounder = rhsPartial ?? (node.rhs.kind === 'slot' ? this.slotBounder(node.rhs.slot) : () => ({ lo: rhsConst, hi: rhsConst }));
    const exact = node.test;
    const op = ast.operator;
    return {
      ...node,
      test: (env, scope) => {
        const t = exact(env, scope);
        return t === UNKNOWN ? compareBounds(op, lhs(env), rhs(env)) : t;
      },
    };
  }

  private exactLeaf(ast: Extract<ConditionAst, { kind: 'leaf' }>): CNode {
    const slot = this.slot(ast.fact, ast.params);
    const money = slot.def.type === 'money';
    if (ast.value.kind === 'fact') {
      const pred = money ? moneyPredicate(ast.operator, undefined) : plainPredicate(ast.operator);
      const other = this.slot(ast.value.fact, ast.value.params);
      return {
        kind: 'leaf',
        ast,
        slot,
        rhs: { kind: 'slot', slot: other },
        test: (env) => {
          const a = readSlot(env, slot);
          if (a === undefined) return UNKNOWN;
          const b = readSlot(env, other);
          if (b === undefined) return UNKNOWN;
          return pred(a, b as Literal) ? TRUE : FALSE;
        },
      };
    }
    if (ast.value.kind === 'expr' && readsHousehold(ast.value.expr)) {
      // A threshold that depends on the household (a ceiling times its size coefficient): exact decimals.
      const slots: Slot[] = [];
      const compute = this.expr(ast.value.expr, slots);
      const pred = money ? moneyPredicate(ast.operator, undefined) : plainPredicate(ast.operator);
      return {
        kind: 'leaf',
        ast,
        slot,
        rhs: { kind: 'expr', compute, slots },
        test: (env) => {
          const a = readSlot(env, slot);
          if (a === undefined) return UNKNOWN;
          const b = compute(env);
          if (b === undefined) return UNKNOWN;
          return pred(a, (money ? b : numberOf(b)) as Literal) ? TRUE : FALSE;
        },
      };
    }
    let value: Literal;
    if (ast.value.kind === 'param' || ast.value.kind === 'expr') {
      const p = ast.value.kind === 'param' ? this.numParam(ast.value.id) : this.constant(ast.value.expr);
      value = slot.def.type === 'money' ? p : p.toNumber();
    } else value = ast.value.value;
    const c = value;
    const pred = money ? moneyPredicate(ast.operator, value) : plainPredicate(ast.operator);
    return {
      kind: 'leaf',
      ast,
      slot,
      rhs: { kind: 'const', value },
      test: (env) => {
        const a = readSlot(env, slot);
        if (a === undefined) return UNKNOWN;
        return pred(a, c) ? TRUE : FALSE;
      },
    };
  }

  /** Evaluates an expression of numbers and parameters only, once, at the date. */
  constant(ast: ExprAst): Money {
    const used: Slot[] = [];
    const v = this.rawExpr(ast, used)(undefined as unknown as Env);
    if (v === undefined || used.length > 0) throw new NonRecoursError('CATALOG_INVALID', 'Expression constante invalide.');
    return toMoney(v);
  }

  expr(ast: ExprAst, used: Slot[]): Compute {
    // An expression of numbers and parameters only is computed once, at compile time.
    const key = ast.kind === 'number' || ast.kind === 'param' ? undefined : stableKey(ast);
    if (key !== undefined && !readsHousehold(ast)) {
      const v = this.rawExpr(ast, [])(undefined as unknown as Env);
      return () => v;
    }
    // What reads a person's facts depends on the person: never shared between evaluations of one household.
    if (key === undefined || ast.kind === 'fact' || ast.kind === 'perPerson' || this.readsPerson(key)) return this.rawExpr(ast, used);
    // The same expression (a CSS ceiling read by three conditions) is computed once per household.
    let shared = this.exprIndex.get(key);
    let raw: Compute | undefined;
    if (shared === undefined) {
      const slots: Slot[] = [];
      raw = memoized(this.rawExpr(ast, slots), slots);
      shared = { index: this.exprIndex.size, slots };
      this.exprIndex.set(key, shared);
      this.exprFns.set(shared.index, raw);
    } else raw = this.exprFns.get(shared.index);
    used.push(...shared.slots);
    const i = shared.index;
    const f = raw as Compute;
    return (env) => {
      const c = env.exprs[i];
      if (c !== UNSET) return c as Num | undefined;
      const v = f(env);
      env.exprs[i] = v;
      return v;
    };
  }

  private readonly exprFns = new Map<number, Compute>();

  private rawExpr(ast: ExprAst, used: Slot[]): Compute {
    switch (ast.kind) {
      case 'perPerson': {
        const slot = this.perPersonSlot(ast);
        used.push(slot);
        return (env) => toNum(readSlot(env, slot));
      }
      case 'number': {
        const v = fromMoney(ast.value);
        return () => v;
      }
      case 'param': {
        const v = fromMoney(this.numParam(ast.id));
        return () => v;
      }
      case 'fact': {
        if (this.isPersonRef(ast.fact)) {
          const person = this.personRead(ast.fact, ast.params);
          used.push(...person.slots);
          const read = person.read;
          return (env, scope) => toNum(read(env, scope));
        }
        const slot = this.slot(ast.fact, ast.params);
        used.push(slot);
        return (env) => toNum(readSlot(env, slot));
      }
      case 'round': {
        const arg = this.expr(ast.arg, used);
        const decimals = ast.decimals;
        return (env, scope) => {
          const v = arg(env, scope);
          return v === undefined ? undefined : roundNum(v, decimals, 'half-up');
        };
      }
      case 'choose': {
        const cases = ast.cases.map((c) => {
          const when = this.condition(c.when);
          used.push(...slotsOf(when));
          return { when: when.test, value: this.expr(c.value, used) };
        });
        const otherwise = this.expr(ast.otherwise, used);
        return (env, scope) => {
          for (const c of cases) {
            const w = c.when(env, scope);
            if (w === UNKNOWN) return undefined;
            if (w === TRUE) return c.value(env, scope);
          }
          return otherwise(env, scope);
        };
      }
      case 'scale': {
        const slot = this.slot(ast.fact, ast.params);
        used.push(slot);
        const brackets = ast.brackets.map((b) => ({ limit: b.limit instanceof Money ? b.limit : this.numParam(b.limit.param), inclusive: b.inclusive, value: this.expr(b.value, used) }));
        const otherwise = ast.otherwise === undefined ? undefined : this.expr(ast.otherwise, used);
        // Exact comparisons in integers for amounts from household records, decimals otherwise.
        const tests = brackets.map((b) => ({ below: moneyPredicate(b.inclusive ? 'lessThanInclusive' : 'lessThan', b.limit), limit: b.limit, exact: fromMoney(b.limit), inclusive: b.inclusive, value: b.value }));
        return (env, scope) => {
          const raw = readSlot(env, slot);
          if (raw === undefined) return undefined;
          if (raw instanceof Cents) {
            for (const b of tests) if (b.below(raw, b.limit)) return b.value(env, scope);
          } else {
            const x = toNum(raw);
            if (x === undefined) return undefined;
            for (const b of tests) {
              const c = cmp(x, b.exact);
              if (c < 0 || (c === 0 && b.inclusive)) return b.value(env, scope);
            }
          }
          return otherwise === undefined ? ZERO_NUM : otherwise(env, scope);
        };
      }
      default: {
        const args = ast.args.map((a) => this.expr(a, used));
        const fold = FOLD[ast.kind];
        return (env, scope) => {
          let acc: Num | undefined;
          for (let i = 0; i < args.length; i += 1) {
            const v = (args[i] as Compute)(env, scope);
            if (v === undefined) return undefined;
            acc = acc === undefined ? v : fold(acc, v);
            if (acc === undefined) return undefined;
          }
          return acc;
        };
      }
    }
  }

  amount(ast: AmountAst): CAmount {
    const used: Slot[] = [];
    const raw = this.rawAmount(ast, used);
    const { decimals, mode } = ast.rounding;
    const computeNum = (env: Env): Num | undefined => {
      const v = raw(env);
      return v === undefined ? undefined : roundNum(v, decimals, mode);
    };
    return {
      compute: (env) => {
        const v = computeNum(env);
        return v === undefined ? undefined : toMoney(v);
      },
      computeNum,
      periodOf: this.periodOf(ast),
      ...this.resourcesGap(ast),
      range: this.roundedRange(ast, decimals, mode),
      period: ast.kind === 'cases' ? (ast.cases[0]?.amount.period ?? ast.period) : ast.period,
      unit: unitOf(ast),
      maximum: ast.maximum,
      slots: used,
    };
  }

  /** The range of an amount given what is known, both ends rounded as the amount is (rounding is monotone). */
  private roundedRange(ast: AmountAst, decimals: number, mode: RoundingMode): (env: Env) => Range {
    const range = amountRangeOf(ast, {
      slot: (f, p) => this.slot(f, p),
      param: (id) => this.numParam(id),
      test: (c) => this.condition(c).test,
      formula: (f) => {
        const nv = FACTS.has(f) ? undefined : this.catalog.values.get(f);
        const body = nv === undefined ? undefined : versionAt(nv, this.iso);
        return body?.kind === 'formula' ? body.expr : undefined;
      },
    });
    return (env) => {
      const r = range(env);
      return { lo: roundMoney(r.lo, decimals, mode), hi: r.hi === undefined ? undefined : roundMoney(r.hi, decimals, mode) };
    };
  }

  /** The gap of a differential amount's resources to what would be paid (see `CAmount.resourcesGap`). */
  private resourcesGap(ast: AmountAst): Pick<CAmount, 'resourcesGap' | 'resourcesRoom' | 'resourcesRoomAt' | 'resourcesNear' | 'resourcesLabel' | 'resourcesFact'> {
    if (ast.kind !== 'differential' || ast.per !== undefined) return {};
    const ceilingNum = this.expr(ast.ceiling, []);
    const resourcesNum = this.expr(ast.resources, []);
    const minimumNum = ast.minimum === undefined ? undefined : this.expr(ast.minimum, []);
    /**
     * The highest resources for which something is paid, whatever the household's: ceiling − minimum (one
     * cent under the ceiling without a minimum), in exact values; undefined when unknown.
     */
    const upToOf = (env: Env): Num | undefined => {
      const c = ceilingNum(env);
      if (c === undefined) return undefined;
      if (minimumNum === undefined) return sub(c, ONE_CENT_NUM);
      const m = minimumNum(env);
      return m === undefined ? undefined : sub(c, m);
    };
    /** By how much the resources are over `upToOf` (paid when it is not positive); undefined when unknown. */
    const gapOf = (env: Env): Num | undefined => {
      const r = resourcesNum(env);
      const u = r === undefined ? undefined : upToOf(env);
      return u === undefined || r === undefined ? undefined : sub(r, u);
    };
    const fact = ast.resources.kind === 'fact' ? this.slot(ast.resources.fact, ast.resources.params).def : undefined;
    return {
      resourcesFact: fact?.id,
      resourcesLabel: fact?.label ?? 'Ressources',
      resourcesGap: (env) => {
        const g = gapOf(env);
        return g === undefined || sign(g) <= 0 ? undefined : toMoney(g);
      },
      resourcesRoomAt: (env) => {
        const u = upToOf(env);
        return u === undefined ? undefined : toMoney(u);
      },
      resourcesRoom: (env) => {
        const u = upToOf(env);
        const r = resourcesNum(env);
        if (u === undefined || r === undefined || cmp(r, u) > 0) return undefined;
        return { upTo: toMoney(u), margin: toMoney(sub(u, r)) };
      },
      resourcesNear: (env, share) => {
        const g = gapOf(env);
        if (g === undefined || sign(g) <= 0) return false;
        const u = upToOf(env) as Num;
        return sign(u) !== 0 && cmp(g, mul(u, share)) <= 0;
      },
    };
  }

  /** The period of an amount for a household: a `cases` amount has the period of the case that applies. */
  private periodOf(ast: AmountAst): (env: Env) => Period {
    if (ast.kind !== 'cases') {
      const p = ast.period;
      return () => p;
    }
    const cases = ast.cases.map((c) => ({ when: this.condition(c.when).test, period: this.periodOf(c.amount) }));
    const fallback = ast.period;
    return (env) => {
      for (const c of cases) {
        const w = c.when(env);
        if (w === UNKNOWN) return fallback;
        if (w === TRUE) return c.period(env);
      }
      return fallback;
    };
  }

  private rawAmount(ast: AmountAst, used: Slot[]): (env: Env) => Num | undefined {
    let core: (env: Env) => Num | undefined;
    switch (ast.kind) {
      case 'fixed':
      case 'brackets':
        core = this.expr(ast.value, used);
        break;
      case 'rate': {
        const base = this.expr(ast.base, used);
        const rate = this.expr(ast.rate, used);
        const floor = ast.floor === undefined ? undefined : this.expr(ast.floor, used);
        const ceiling = ast.ceiling === undefined ? undefined : this.expr(ast.ceiling, used);
        // The crèche "taux d'effort": resources held between a floor and a ceiling, times the rate.
        core = (env) => {
          let b = base(env);
          const r = rate(env);
          if (b === undefined || r === undefined) return undefined;
          if (floor !== undefined) {
            const f = floor(env);
            if (f === undefined) return undefined;
            if (cmp(b, f) < 0) b = f;
          }
          if (ceiling !== undefined) {
            const c = ceiling(env);
            if (c === undefined) return undefined;
            if (cmp(b, c) > 0) b = c;
          }
          return mul(b, r);
        };
        break;
      }
      case 'differential': {
        const ceiling = this.expr(ast.ceiling, used);
        const resources = this.expr(ast.resources, used);
        core = (env) => {
          const c = ceiling(env);
          const r = resources(env);
          if (c === undefined || r === undefined) return undefined;
          const d = sub(c, r);
          return sign(d) < 0 ? ZERO_NUM : d;
        };
        break;
      }
      case 'reduction': {
        const pct = this.expr(ast.percent, used);
        const of = ast.of === undefined ? undefined : this.expr(ast.of, used);
        core = (env) => {
          const p = pct(env);
          if (p === undefined || of === undefined) return p;
          const price = of(env);
          return price === undefined ? undefined : div(mul(price, p), HUNDRED);
        };
        break;
      }
      default: {
        const cases = ast.cases.map((c) => {
          const when = this.condition(c.when);
          used.push(...slotsOf(when));
          return { when: when.test, amount: this.rawAmount(c.amount, used), rounding: c.amount.rounding };
        });
        // First true `when` wins; an unknown `when` before it makes the amount unknown, not zero.
        core = (env) => {
          for (const c of cases) {
            const w = c.when(env);
            if (w === UNKNOWN) return undefined;
            if (w === TRUE) {
              const v = c.amount(env);
              return v === undefined ? undefined : roundNum(v, c.rounding.decimals, c.rounding.mode);
            }
          }
          return ZERO_NUM;
        };
      }
    }
    let out = core;
    if (ast.per !== undefined) {
      const slot = this.slot(ast.per.fact, ast.per.params);
      used.push(slot);
      const inner = out;
      out = (env) => {
        const n = readSlot(env, slot);
        if (n === undefined) return undefined;
        const v = inner(env);
        const k = toNum(n);
        return v === undefined || k === undefined ? undefined : mul(v, k);
      };
    }
    if (ast.minimum !== undefined) {
      const min = this.expr(ast.minimum, used);
      const inner = out;
      // Below the minimum, nothing is paid (RSA: art. R262-39 CASF).
      out = (env) => {
        const v = inner(env);
        const m = min(env);
        if (v === undefined || m === undefined) return undefined;
        return cmp(v, m) < 0 ? ZERO_NUM : v;
      };
    }
    return out;
  }
}

/**
 * An expression that reads only counts, ages, booleans or categories (a composition coefficient, a
 * forfait by household size) takes few distinct values over a population: its result is kept per
 * combination of the values it reads (at most 4,096), in the compiled catalog, and reused.
 */
function memoized(f: Compute, slots: readonly Slot[]): Compute {
  const distinct = [...new Set(slots)];
  if (distinct.length === 0 || distinct.length > 6 || distinct.some((sl) => !sl.few)) return f;
  const get = memoBy(distinct, (env: Env) => f(env));
  return (env, scope) => (scope === undefined ? (get(env, null) as Money | undefined) : f(env, scope));
}

/**
 * Keeps a function's results per combination of the values of a few slots, in maps nested by value (no
 * key string built per household): at most 4,096 results per compiled expression.
 */
function memoBy<T>(slots: readonly Slot[], f: (env: Env, miss: MissingSink) => T): (env: Env, miss: MissingSink) => T {
  const root = new Map<unknown, unknown>();
  const last = slots.length - 1;
  let size = 0;
  return (env, miss) => {
    let m = root;
    for (let i = 0; i < last; i += 1) {
      const v = readSlot(env, slots[i] as Slot);
      let next = m.get(v) as Map<unknown, unknown> | undefined;
      if (next === undefined) {
        next = new Map();
        if (size < 4096) m.set(v, next);
      }
      m = next;
    }
    const v = readSlot(env, slots[last] as Slot);
    const hit = m.get(v);
    if (hit !== undefined || m.has(v)) return hit as T;
    const r = f(env, miss);
    if (size < 4096) {
      m.set(v, r);
      size += 1;
    }
    return r;
  };
}

/** The fact slots a condition reads. */
export function slotsOf(node: CNode): Slot[] {
  if (node.kind === 'personLeaf') return [...node.slots];
  if (node.kind === 'leaf') return [node.slot, ...(node.rhs.kind === 'slot' ? [node.rhs.slot] : node.rhs.kind === 'expr' ? node.rhs.slots : [])];
  if (node.kind === 'not') return slotsOf(node.child);
  return node.children.flatMap(slotsOf);
}

function unitOf(ast: AmountAst): 'EUR' | 'percent' {
  if (ast.kind === 'reduction' && ast.of === undefined) return 'percent';
  if (ast.kind === 'cases' && ast.cases[0] !== undefined) return unitOf(ast.cases[0].amount);
  return 'EUR';
}

const HUNDRED = fromMoney(new Money(100));

/** What is known of an amount: at least `lo`, at most `hi` (either may be unknown). */
interface Bounds {
  readonly lo: Money | undefined;
  readonly hi: Money | undefined;
}
type Bounder = (env: Env) => Bounds;

const ORDERED_OPS: ReadonlySet<Operator> = new Set(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);

/** A comparison decided from bounds when it can be (x < y is true when x's highest is below y's lowest…), else unknown. */
function compareBounds(op: Operator, x: Bounds, y: Bounds): Tri {
  const below = (a: Bounds, b: Bounds, strict: boolean): Tri => {
    if (a.hi !== undefined && b.lo !== undefined && (strict ? a.hi.lessThan(b.lo) : a.hi.lessThanOrEqualTo(b.lo))) return TRUE;
    if (a.lo !== undefined && b.hi !== undefined && (strict ? a.lo.greaterThanOrEqualTo(b.hi) : a.lo.greaterThan(b.hi))) return FALSE;
    return UNKNOWN;
  };
  if (op === 'lessThan') return below(x, y, true);
  if (op === 'lessThanInclusive') return below(x, y, false);
  if (op === 'greaterThan') return below(y, x, true);
  return below(y, x, false);
}

/** Whether an expression reads the household (a fact, a named value, a per-person aggregate): else it is a constant. */
function readsHousehold(ast: ExprAst): boolean {
  const json = JSON.stringify(ast);
  return json.includes('"fact"') || json.includes('"perPerson"');
}

function stableKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableKey).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableKey((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function allOf(tests: readonly Test[]): Test {
  const n = tests.length;
  return (env, scope) => {
    let r: Tri = TRUE;
    for (let i = 0; i < n; i += 1) {
      const x = (tests[i] as Test)(env, scope);
      if (x === FALSE) return FALSE;
      if (x === UNKNOWN) r = UNKNOWN;
    }
    return r;
  };
}

function anyOf(tests: readonly Test[]): Test {
  const n = tests.length;
  return (env, scope) => {
    let r: Tri = FALSE;
    for (let i = 0; i < n; i += 1) {
      const x = (tests[i] as Test)(env, scope);
      if (x === TRUE) return TRUE;
      if (x === UNKNOWN) r = UNKNOWN;
    }
    return r;
  };
}
