/**
 * The engine on the barometer's own path (src/simulate/simulate.ts), for the benches that set it against the
 * hand-written evaluator: one evaluation state whose arrays the next household reuses (`nextEnv`), amounts
 * kept exact (`evaluateRuleExact`), written as `evaluateHand` writes its results — a status index
 * (`STATUSES`, the outcome's `code`) and integer cents per household and rule (−1 without amount).
 */
import { evaluateRuleExact, nextEnv, type CompiledCatalog, type ExactOutcome } from '../src/engine/evaluator.js';
import type { Env } from '../src/engine/env.js';
import type { PreparedHousehold } from '../src/facts/context.js';
import { Cents, type Money } from '../src/money.js';

/** Integer cents of an engine amount (rounded to the cent by the engine), or −1 without amount. */
export function engineCents(m: Money | undefined): number {
  if (m === undefined) return -1;
  const c = m.times(100);
  return c.isInteger() ? c.toNumber() : Number.NaN;
}

/** Evaluates every rule of `compiled` for each household: `status` and `cents` at `i × rules + k`. */
export function evaluateBulkInto(compiled: CompiledCatalog, households: readonly PreparedHousehold[], status: Uint8Array, cents: Float64Array): void {
  const out: ExactOutcome = { status: 'undetermined', amount: undefined, num: undefined, period: undefined, truth: 2, code: 2 };
  const rules = compiled.rules;
  const n = rules.length;
  let env: Env | undefined;
  for (let i = 0; i < households.length; i += 1) {
    env = nextEnv(env, compiled, households[i] as PreparedHousehold);
    const at = i * n;
    for (let k = 0; k < n; k += 1) {
      evaluateRuleExact(rules[k]!, env, out);
      status[at + k] = out.code;
      const v = out.num;
      cents[at + k] = v === undefined ? -1 : v instanceof Cents ? (v.d === 1 ? v.n : Number.NaN) : engineCents(v);
    }
  }
}
