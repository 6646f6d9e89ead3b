import { Engine, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import type { CompiledCatalog as PublicCompiled } from '../api.js';
import type { CompiledCatalog } from '../engine/evaluator.js';
import type { CNode, Compute } from '../engine/compile.js';
import { readSlot, UNSET, type Env, type Slot } from '../engine/env.js';
import { createFactContext, type FactContext, type FactValue } from '../facts/context.js';
import { FACTS, prepareParams } from '../facts/definitions.js';
import type { Household } from '../household/schema.js';
import { Cents, Money } from '../money.js';
import type { Literal } from '../rules/ast.js';
import type { Rule } from '../rules/catalog.js';
import { territoryRulesEngineCondition } from '../rules/territory.js';

const CONTEXT_FACT = 'nonRecours.context';

/** json-rules-engine compares JavaScript numbers: money crosses as a number (exact for cents). */
function toOracle(v: FactValue | Literal | undefined): unknown {
  if (v instanceof Cents) return v.toMoney().toNumber();
  if (v instanceof Money) return v.toNumber();
  if (Array.isArray(v)) return (v as readonly unknown[]).map((x) => (x instanceof Money ? x.toNumber() : x));
  return v;
}

function slotCondition(slot: Slot): { fact: string; params?: Record<string, unknown> } {
  return Object.keys(slot.params).length === 0 ? { fact: slot.def.id } : { fact: slot.def.id, params: { ...slot.params } };
}

type ExprFacts = Map<string, Compute>;

function convert(node: CNode, exprs: ExprFacts): NestedCondition {
  switch (node.kind) {
    case 'all':
      return { all: node.children.map((c) => convert(c, exprs)) };
    case 'any':
      return { any: node.children.map((c) => convert(c, exprs)) };
    case 'not':
      return { not: convert(node.child, exprs) };
    case 'personLeaf':
      // Only inside a per-person aggregate, which is exported whole as a derived fact.
      throw new Error('a person-level condition is exported through its aggregate');
    default: {
      let value: unknown;
      if (node.rhs.kind === 'const') value = toOracle(node.rhs.value);
      else if (node.rhs.kind === 'slot') value = slotCondition(node.rhs.slot);
      else {
        // A threshold computed from facts becomes a fact of its own, computed by the library's expression.
        const id = `nonRecours.value.${exprs.size + 1}`;
        exprs.set(id, node.rhs.compute);
        value = { fact: id };
      }
      return { ...slotCondition(node.slot), operator: node.ast.operator, value } as NestedCondition;
    }
  }
}

function territoryCondition(rule: Rule): NestedCondition | undefined {
  return territoryRulesEngineCondition(rule.territory);
}

/**
 * Exports a compiled catalog to a json-rules-engine `Engine`: one rule per rule in force at the date
 * (territory and conditions, parameters resolved), and the library's derived facts as dynamic facts.
 * Run it with `engine.run(oracleFacts(household, compiled))`; a rule's event type is its id. It is the
 * reference oracle of the differential tests, and a bridge for apps that already run json-rules-engine.
 * It knows only true and false: give it complete households.
 */
export function toJsonRulesEngine(handle: PublicCompiled): Engine {
  const compiled = handle as unknown as CompiledCatalog;
  const engine = new Engine([], { allowUndefinedFacts: true, replaceFactsInEventParams: false });
  const exprs: ExprFacts = new Map();
  for (const cr of compiled.rules) {
    if (!cr.inForce || cr.conditions === null) continue;
    const territory = territoryCondition(cr.rule);
    const converted = convert(cr.conditions, exprs);
    const conditions: TopLevelCondition = { all: territory === undefined ? [converted] : [territory, converted] };
    engine.addRule({ name: cr.rule.id, conditions, event: { type: cr.rule.id } });
  }
  for (const [id, compute] of exprs) {
    engine.addFact(id, async (_params: unknown, almanac) => {
      const ctx = (await almanac.factValue(CONTEXT_FACT)) as FactContext;
      const env: Env = { ctx, values: new Array<unknown>(compiled.slots.length).fill(UNSET) as Env['values'], missing: null, exprs: new Array<unknown>(compiled.exprCount).fill(UNSET) };
      return toOracle(compute(env));
    });
  }
  // Named values are derived facts too, computed by the library's compiled formula.
  for (const slot of compiled.slots) {
    if (slot.derive === undefined) continue;
    engine.addFact(slot.def.id, async (_params: unknown, almanac) => {
      const ctx = (await almanac.factValue(CONTEXT_FACT)) as FactContext;
      const env: Env = { ctx, values: new Array<unknown>(compiled.slots.length).fill(UNSET) as Env['values'], missing: null, exprs: new Array<unknown>(compiled.exprCount).fill(UNSET) };
      return toOracle(readSlot(env, slot));
    });
  }
  for (const def of FACTS.values()) {
    engine.addFact(def.id, async (params: Record<string, unknown> | undefined, almanac) => {
      const ctx = (await almanac.factValue(CONTEXT_FACT)) as FactContext;
      return toOracle(def.compute(ctx, prepareParams(params ?? {}), null));
    });
  }
  return engine;
}

/** The runtime facts to pass to `engine.run` for one household. */
export function oracleFacts(household: Household, handle: PublicCompiled): Record<string, unknown> {
  const compiled = handle as unknown as CompiledCatalog;
  return { [CONTEXT_FACT]: createFactContext(household, compiled.date) };
}
