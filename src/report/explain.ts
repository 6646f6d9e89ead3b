import { vocabularyLabels, type ClaimState } from '../household/enums.js';
import { FACTS } from '../facts/definitions.js';
import type { CNode } from '../engine/compile.js';
import { readSlot, type Env } from '../engine/env.js';
import type { CompiledCatalog, CompiledRule, Outcome, Status } from '../engine/evaluator.js';
import { FALSE, TRUE, UNKNOWN, triName, type Tri } from '../engine/tri.js';
import { Money, ZERO } from '../money.js';
import type { Operator, Period } from '../rules/ast.js';
import type { Rule } from '../rules/catalog.js';
import { distanceOf, holdOf, type Distance, type Hold } from './distance.js';
import { frenchDate, frenchFixed, frenchNumber, frenchValue, jsonValue, OPERATOR_WORDS, PERIOD_WORDS } from './format.js';

/** An amount as it crosses the public boundary: a decimal string and its period. */
export interface AmountResult {
  readonly value: string;
  readonly period: Period;
  /** `EUR` for money; absent for a percentage. */
  readonly currency?: 'EUR';
  /** `percent` for a reduction given as a share of a price that is not known. */
  readonly unit?: 'percent';
  /** True for "up to" amounts. */
  readonly upTo?: boolean;
}

/** One condition of the trace: its French sentence, the value used, and the outcome. */
export interface ConditionTrace {
  readonly label: string | null;
  /** The rule author's name for the condition, when the rule gives one. */
  readonly name?: string;
  readonly result: 'true' | 'false' | 'unknown';
  readonly sentence: string;
  readonly group?: 'all' | 'any' | 'not';
  readonly fact?: string;
  readonly params?: Readonly<Record<string, unknown>>;
  readonly operator?: Operator;
  readonly expected?: unknown;
  readonly value?: unknown;
  readonly children?: readonly ConditionTrace[];
}

/** A named value the rule reads, with its value for this household (`null` when unknown). */
export interface NamedValueResult {
  readonly id: string;
  readonly label: string;
  /** Money as a decimal string (exact, unrounded), numbers and booleans as they are. */
  readonly value: string | number | boolean | null;
  readonly unit: string | null;
  /** « Montant forfaitaire du foyer : 977,54 € par mois ». */
  readonly sentence: string;
}

/** The result of one rule for one household (the output contract of DESIGN.md). */
export interface RuleResult {
  readonly id: string;
  readonly title: string;
  readonly kind: Rule['kind'];
  readonly institution: Rule['institution'];
  readonly group: string | null;
  readonly status: Status;
  /** One French sentence: why this status. */
  readonly reason: string;
  readonly amount: AmountResult | null;
  readonly claim: ClaimState | null;
  /** Eligible and known not received: `claim` is its cause (see `ReportResult`). */
  readonly unclaimed: boolean;
  readonly conditions: ConditionTrace | null;
  /** The named values the rule reads, with their values (empty outside its period or territory). */
  readonly values: readonly NamedValueResult[];
  /**
   * For an ineligible rule: the smallest changes of resources, age, situation or time that would make it
   * eligible; for a rule not in force yet, the day it comes into force (and what else would have to change
   * then). Null otherwise, and when the report was asked without distances.
   */
  readonly distance: Distance | null;
  /** For an eligible rule: the resources up to which it holds, and the margin left (null when nothing caps it, or without distances). */
  readonly hold: Hold | null;
  /**
   * For an undetermined rule with an amount: between what it would pay and at most what, given what is
   * known (`high` null: no upper bound known; `low` is 0 while the conditions are unknown).
   */
  readonly amountRange: { readonly low: string; readonly high: string | null; readonly period: Period } | null;
  /** Household fields whose absence leaves the status or the amount unknown. */
  readonly missing: readonly string[];
  readonly validity: Rule['validity'];
  readonly sources: Rule['sources'];
  readonly illustrative: readonly string[];
  readonly notModeled: readonly string[];
  readonly apply: NonNullable<Rule['apply']> | null;
}

const WORD: Record<Tri, string> = { [TRUE]: 'oui', [FALSE]: 'non', [UNKNOWN]: 'inconnu' } as Record<Tri, string>;

interface Traced {
  readonly trace: ConditionTrace;
  readonly truth: Tri;
  /** Labels of the conditions that make a false result false. */
  readonly blockers: readonly string[];
  /** Missing fields of unknown leaves. */
  readonly missing: readonly string[];
}

type DisplayCache = WeakMap<object, { readonly words: string; readonly json: unknown }>;

/** The French labels of a fact's own vocabulary (« autre nationalité », not « autre personne »). */
function labelsOf(def: { readonly enum?: readonly string[] | undefined }): Readonly<Record<string, string>> | undefined {
  return def.enum === undefined ? undefined : vocabularyLabels(def.enum);
}

/** What explanations keep with a compiled catalog: formatted constants, shown values, leaf traces. */
export interface ExplainCaches {
  readonly display: DisplayCache;
  readonly values: ValueCache;
  /** Traces of leaves with a constant threshold, by the value read: the same for every household with that value. */
  readonly traces: WeakMap<CNode, Map<unknown, Traced>>;
  /** Distances out of reach, by rule and blocking conditions. */
  readonly distances: Map<string, Distance>;
  /** Rules not in force yet, each compiled on the day it comes into force (see `inForceDistance`). */
  readonly atStart: WeakMap<object, CompiledCatalog>;
}

export function newExplainCaches(): ExplainCaches {
  return { display: new WeakMap(), values: new Map(), traces: new WeakMap(), distances: new Map(), atStart: new WeakMap() };
}

function traceNode(node: CNode, env: Env, caches: ExplainCaches): Traced {
  const constantDisplay = caches.display;
  if (node.kind === 'personLeaf') {
    // Never reached: a person-level condition is traced through its per-person aggregate.
    return { truth: UNKNOWN, blockers: [], missing: [], trace: { label: null, result: 'unknown', sentence: '' } };
  }
  if (node.kind === 'leaf') {
    const a = readSlot(env, node.slot);
    // A constant threshold and a plain value read (an age, a status, a yes/no) give the same trace to
    // every household with that value, unless it is unknown (the missing fields name the person).
    const plain = node.rhs.kind === 'const' && a !== undefined && (typeof a === 'number' || typeof a === 'string' || typeof a === 'boolean');
    let byValue: Map<unknown, Traced> | undefined;
    if (plain) {
      byValue = caches.traces.get(node);
      if (byValue === undefined) caches.traces.set(node, (byValue = new Map()));
      const hit = byValue.get(a);
      if (hit !== undefined) return hit;
    }
    const expected = node.rhs.kind === 'const' ? node.rhs.value : node.rhs.kind === 'slot' ? readSlot(env, node.rhs.slot) : node.rhs.compute(env);
    const truth = node.test(env);
    const def = node.slot.def;
    const unit = def.unit;
    let expectedWords: string;
    let expectedJson: unknown;
    if (node.rhs.kind === 'const') {
      // A constant threshold is formatted once per compiled condition, not once per household.
      const cached = constantDisplay.get(node);
      if (cached === undefined) {
        expectedWords = frenchValue(node.rhs.value, unit, labelsOf(def));
        expectedJson = jsonValue(node.rhs.value);
        constantDisplay.set(node, { words: expectedWords, json: expectedJson });
      } else {
        expectedWords = cached.words;
        expectedJson = cached.json;
      }
    } else {
      // A computed threshold read from a memoized value (a ceiling by household size) is the same object
      // for many households: formatted once.
      const shown = expected instanceof Money ? moneyDisplay(expected, constantDisplay) : undefined;
      expectedWords = shown === undefined ? frenchValue(expected as Money, unit) : unit === undefined ? shown.words : `${shown.words} ${unit}`;
      const j = shown === undefined ? jsonValue(expected) : shown.json;
      expectedJson = node.rhs.kind === 'slot' ? { fact: node.rhs.slot.def.id, value: j } : { computed: j };
    }
    const detail = a === undefined ? `${def.label} : non renseigné` : `${def.label} : ${frenchValue(a, unit, labelsOf(def))} (attendu ${OPERATOR_WORDS[node.ast.operator]} ${expectedWords})`;
    const missing: string[] = [];
    if (truth === UNKNOWN) {
      const slots = [node.slot, ...(node.rhs.kind === 'slot' ? [node.rhs.slot] : node.rhs.kind === 'expr' ? node.rhs.slots : [])];
      for (const s of slots) for (const k of env.missing?.[s.index] ?? []) missing.push(k);
    }
    const params = Object.keys(node.ast.params).length > 0 ? node.ast.params : undefined;
    const traced: Traced = {
      truth,
      blockers: truth === FALSE ? [node.ast.label] : [],
      missing,
      trace: {
        label: node.ast.label,
        ...(node.ast.name === undefined ? {} : { name: node.ast.name }),
        result: triName(truth),
        sentence: `${node.ast.label} : ${WORD[truth]} — ${detail}`,
        fact: def.id,
        ...(params === undefined ? {} : { params }),
        operator: node.ast.operator,
        expected: expectedJson,
        value: jsonValue(a),
      },
    };
    if (byValue !== undefined && truth !== UNKNOWN && byValue.size < 256) byValue.set(a, traced);
    return traced;
  }
  const children = node.kind === 'not' ? [traceNode(node.child, env, caches)] : node.children.map((c) => traceNode(c, env, caches));
  // The group's truth from its children's (the same three-valued rules as the compiled test).
  let truth: Tri;
  if (node.kind === 'not') {
    const t = (children[0] as Traced).truth;
    truth = t === UNKNOWN ? UNKNOWN : t === TRUE ? FALSE : TRUE;
  } else if (node.kind === 'all') {
    truth = children.some((c) => c.truth === FALSE) ? FALSE : children.some((c) => c.truth === UNKNOWN) ? UNKNOWN : TRUE;
  } else {
    truth = children.some((c) => c.truth === TRUE) ? TRUE : children.some((c) => c.truth === UNKNOWN) ? UNKNOWN : FALSE;
  }
  const label = node.label ?? null;
  const head = node.kind === 'all' ? 'Toutes les conditions suivantes' : node.kind === 'any' ? 'Au moins une des conditions suivantes' : 'Ne pas remplir la condition suivante';
  let blockers: string[] = [];
  if (truth === FALSE) {
    if (node.kind === 'all') blockers = children.filter((c) => c.truth === FALSE).flatMap((c) => c.blockers);
    else if (node.kind === 'any') blockers = label !== null ? [label] : children.flatMap((c) => c.blockers);
    else blockers = [label ?? `ne pas remplir « ${children[0]?.trace.label ?? ''} »`];
  }
  return {
    truth,
    blockers,
    missing: truth === UNKNOWN ? children.filter((c) => c.truth === UNKNOWN).flatMap((c) => c.missing) : [],
    trace: {
      label,
      ...(node.name === undefined ? {} : { name: node.name }),
      result: triName(truth),
      sentence: `${label ?? head} : ${WORD[truth]}`,
      group: node.kind,
      children: children.map((c) => c.trace),
    },
  };
}

/**
 * A decimal shown to the cent in French and given exact in JSON (two decimal operations at most), kept
 * per value object: memoized named values hand the same object to many households.
 */
function moneyDisplay(v: Money, cache: DisplayCache): { readonly words: string; readonly json: unknown } {
  const known = cache.get(v);
  if (known !== undefined) return known;
  const fixed = v.toFixed(2);
  const shown = { words: frenchFixed(fixed), json: v.decimalPlaces() <= 2 ? fixed : v.toDecimalPlaces(6).toString() };
  cache.set(v, shown);
  return shown;
}

/** The range of an undetermined rule's amount (both ends rounded as the amount would be). */
function rangeResult(cr: CompiledRule, env: Env, outcome: Outcome): RuleResult['amountRange'] {
  const a = cr.amount;
  if (a === null) return null;
  const r = a.range(env);
  const low = outcome.truth === TRUE ? r.lo : ZERO;
  return { low: low.toFixed(2), high: r.hi === undefined ? null : r.hi.toFixed(2), period: a.periodOf(env) };
}

/** Formats an amount for the public boundary. */
export function amountResult(value: Money, cr: CompiledRule, env: Env): AmountResult | null {
  const a = cr.amount;
  if (a === null) return null;
  const period = a.periodOf(env);
  return {
    value: value.toFixed(value.decimalPlaces() > 2 ? value.decimalPlaces() : 2),
    period,
    ...(a.unit === 'EUR' ? { currency: 'EUR' as const } : { unit: 'percent' as const }),
    ...(a.maximum ? { upTo: true } : {}),
  };
}

/** French wording of an amount: `431,20 € par mois`, `jusqu'à 200 € une fois`, `90 %`. */
export function amountSentence(a: AmountResult): string {
  const n = frenchNumber(new Money(a.value));
  const unit = a.unit === 'percent' ? ' %' : ' €';
  return `${a.upTo === true ? "jusqu'à " : ''}${n}${unit} ${PERIOD_WORDS[a.period]}`;
}

/** Builds the explained result of one rule, from its outcome in the same environment. */
/** Shown named values by slot and value, for the few-valued ones (kept with the compiled catalog). */
export type ValueCache = Map<number, Map<unknown, NamedValueResult>>;

function valueResults(cache: ValueCache, index: number): Map<unknown, NamedValueResult> {
  let m = cache.get(index);
  if (m === undefined) cache.set(index, (m = new Map()));
  return m;
}

export function explainRule(cr: CompiledRule, env: Env, outcome: Outcome, claim: ClaimState | null, caches: ExplainCaches = newExplainCaches(), withDistance = true): RuleResult {
  const display = caches.display;
  const valueCache = caches.values;
  const rule = cr.rule;
  let conditions: ConditionTrace | null = null;
  let missing: string[] = [];
  let reason: string;
  let amount: AmountResult | null = null;
  if (outcome.status === 'not-in-force') {
    reason = `Hors période de validité : ${rule.validity.until === null ? `en vigueur à partir du ${frenchDate(rule.validity.from)}` : `en vigueur du ${frenchDate(rule.validity.from)} au ${frenchDate(rule.validity.until)} (exclu)`}.`;
  } else if (outcome.status === 'out-of-territory') {
    reason = `Hors territoire : ce dispositif de « ${rule.institution.name} » est réservé à ses habitants.`;
  } else {
    const traced = traceNode(cr.conditions as CNode, env, caches);
    conditions = traced.trace;
    const territoryUnknown = cr.territory(env) === UNKNOWN;
    if (outcome.status === 'undetermined') {
      missing = [...traced.missing, ...(territoryUnknown ? ['commune'] : [])];
    }
    // An ineligible rule shows no amount (a computed zero is given as the reason instead).
    if (outcome.amount !== undefined && outcome.status !== 'ineligible') amount = amountResult(outcome.amount, cr, env);
    if (outcome.truth === TRUE && cr.amount !== null && outcome.amount === undefined) {
      // Conditions met, amount unknown: what the amount needs is missing.
      for (const s of cr.amount.slots) if (readSlot(env, s) === undefined) for (const k of env.missing?.[s.index] ?? []) missing.push(k);
    }
    missing = [...new Set(missing)].sort();
    if (outcome.status === 'eligible') {
      reason = amount !== null ? `Conditions remplies : ${amountSentence(amount)}.` : 'Conditions remplies.';
    } else if (outcome.status === 'ineligible') {
      reason =
        outcome.truth === TRUE
          ? 'Conditions remplies, mais le montant calculé est nul.'
          : `Condition non remplie : ${[...new Set(traced.blockers)].slice(0, 3).join(' ; ')}.`;
    } else {
      const what = outcome.truth === TRUE ? 'conditions remplies, montant à calculer' : 'conditions à vérifier';
      reason = `À vérifier (${what}) : ${missing.length} information${missing.length > 1 ? 's' : ''} manquante${missing.length > 1 ? 's' : ''}.`;
    }
  }
  const status = outcome.status;
  const values: NamedValueResult[] = [];
  if (conditions !== null) {
    for (const slot of cr.values) {
      const v = readSlot(env, slot);
      // A few-valued named value (a coefficient, a forfait by household size) is shown from a cache of
      // its results: the same frozen object for every household with that value.
      const cache = slot.few ? valueResults(valueCache, slot.index) : undefined;
      const cached = cache?.get(v);
      if (cached !== undefined) {
        values.push(cached);
        continue;
      }
      const before = values.length;
      const unit = slot.def.unit ?? null;
      if (v instanceof Money) {
        const { words, json } = moneyDisplay(v, display);
        values.push({ id: slot.def.id, label: slot.def.label, value: json as string, unit, sentence: `${slot.def.label} : ${unit === null ? words : `${words} ${unit}`}` });
      } else values.push({ id: slot.def.id, label: slot.def.label, value: jsonValue(v) as NamedValueResult['value'], unit, sentence: `${slot.def.label} : ${frenchValue(v, unit ?? undefined)}` });
      if (cache !== undefined && cache.size < 4096) cache.set(v, Object.freeze(values[before] as NamedValueResult));
    }
  }
  return {
    id: rule.id,
    title: rule.title,
    kind: rule.kind,
    institution: rule.institution,
    group: rule.group ?? null,
    status,
    reason,
    amount,
    claim,
    unclaimed: status === 'eligible' && claim !== null && claim !== 'receiving',
    conditions,
    values,
    distance: conditions === null || !withDistance ? null : distanceOf(cr, env, outcome, caches.distances),
    hold: conditions === null || !withDistance ? null : holdOf(cr, env, outcome),
    amountRange: status !== 'undetermined' || cr.amount === null ? null : rangeResult(cr, env, outcome),
    missing,
    validity: rule.validity,
    sources: rule.sources,
    illustrative: rule.illustrative ?? [],
    notModeled: rule.notModeled ?? [],
    apply: rule.apply ?? null,
  };
}
