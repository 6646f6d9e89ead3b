/**
 * Stable error codes for programmer and configuration mistakes (a broken rule file, an unknown fact,
 * a malformed evaluation date). Household data never throws from `safeParseHousehold`: it returns issues.
 */
export type NonRecoursErrorCode =
  | 'RULE_INVALID'
  | 'PARAMETER_INVALID'
  | 'CATALOG_INVALID'
  | 'DATE_INVALID'
  | 'HOUSEHOLD_INVALID'
  | 'REFORM_INVALID'
  /** A command of the CLI needs an optional package that is not installed. */
  | 'DEPENDENCY_MISSING'
  /** A worker thread of `simulate` ran out of its heap (`--worker-heap`). */
  | 'OUT_OF_MEMORY';

/** One located problem: the file (when known), the JSON path inside it, and a message. */
export interface ErrorDetail {
  readonly file?: string;
  readonly path: string;
  readonly message: string;
}

/** The single error class thrown by the library, with a stable `code` and located details. */
export class NonRecoursError extends Error {
  readonly code: NonRecoursErrorCode;
  readonly details: readonly ErrorDetail[];

  constructor(code: NonRecoursErrorCode, message: string, details: readonly ErrorDetail[] = []) {
    const lines = details.map((d) => `  ${d.file !== undefined ? `${d.file}: ` : ''}${d.path || '(racine)'}: ${d.message}`);
    super(lines.length > 0 ? `${message}\n${lines.join('\n')}` : message);
    this.name = 'NonRecoursError';
    this.code = code;
    this.details = details;
  }
}

/** Formats a path (array of keys and indexes) as `persons[0].birthDate`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Keys that could reach an object's prototype when copied: never accepted from data. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// Scratch stacks of the fast check, reused from call to call so that it allocates nothing; a nested call
// (a getter of the value calling back) takes fresh ones. Slots are cleared on pop: no value is kept alive.
const SCRATCH_VALUES: unknown[] = [];
const SCRATCH_DEPTHS: number[] = [];
let scratchBusy = false;

// Deeper than this, the fast check stops and says "maybe": only a cyclic object gets there, and the
// full scan, which skips objects already seen, then terminates on it.
const FAST_CHECK_MAX_DEPTH = 100_000;

/** Whether a JSON value holds a forbidden (prototype) key anywhere: a fast check that allocates nothing. */
function hasForbiddenKeys(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const nested = scratchBusy;
  const values = nested ? [] : SCRATCH_VALUES;
  const depths = nested ? [] : SCRATCH_DEPTHS;
  scratchBusy = true;
  let top = 0;
  values[0] = value;
  depths[0] = 0;
  try {
    while (top >= 0) {
      const current = values[top] as object;
      const depth = (depths[top] as number) + 1;
      values[top] = undefined;
      top -= 1;
      if (depth > FAST_CHECK_MAX_DEPTH) return true;
      if (Array.isArray(current)) {
        for (let k = 0; k < current.length; k += 1) {
          const item: unknown = current[k];
          if (item === null || typeof item !== 'object') continue;
          top += 1;
          values[top] = item;
          depths[top] = depth;
        }
        continue;
      }
      for (const key in current) {
        if (!Object.prototype.hasOwnProperty.call(current, key)) continue;
        if (key === '__proto__' || key === 'constructor' || key === 'prototype') return true;
        const v = (current as Record<string, unknown>)[key];
        if (v === null || typeof v !== 'object') continue;
        top += 1;
        values[top] = v;
        depths[top] = depth;
      }
    }
    return false;
  } finally {
    for (; top >= 0; top -= 1) values[top] = undefined;
    if (!nested) scratchBusy = false;
  }
}

/** Lists the paths of forbidden (prototype) keys anywhere inside a JSON value, in document order. */
export function findForbiddenKeys(value: unknown, path: readonly PropertyKey[] = []): PropertyKey[][] {
  if (!hasForbiddenKeys(value)) return [];
  const found: PropertyKey[][] = [];
  // Pending work, last first: a value to scan, or a forbidden key to report when its turn comes.
  const stack: { readonly value: unknown; readonly path: readonly PropertyKey[]; readonly forbidden: boolean }[] = [{ value, path, forbidden: false }];
  // An object met twice is scanned once: JSON values share nothing, and a cyclic object ends.
  const seen = new Set<object>();
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    if (entry.forbidden) {
      found.push([...entry.path]);
      continue;
    }
    const current = entry.value;
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    if (Array.isArray(current)) {
      for (let k = current.length - 1; k >= 0; k -= 1) stack.push({ value: current[k], path: [...entry.path, k], forbidden: false });
    } else {
      const keys = Object.keys(current);
      for (let k = keys.length - 1; k >= 0; k -= 1) {
        const key = keys[k] as string;
        const forbidden = FORBIDDEN_KEYS.has(key);
        stack.push({ value: forbidden ? undefined : (current as Record<string, unknown>)[key], path: [...entry.path, key], forbidden });
      }
    }
  }
  return found;
}

/**
 * The first place where a JSON value nests objects and arrays deeper than `maxDepth` (the outermost
 * counts 1), as a path (`persons[0].incomes`), or `undefined` when it does not. Walks without recursion,
 * so that a value too deep to be walked recursively is refused rather than crashing its reader; a cyclic
 * object is reported as too deep along its cycle.
 */
export function jsonDepthIssue(value: unknown, maxDepth: number): { path: string } | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (maxDepth < 1) return { path: '' };
  // The open containers, their keys (undefined for an array) and the next member to visit in each.
  const containers: object[] = [value];
  const keyLists: (readonly string[] | undefined)[] = [Array.isArray(value) ? undefined : Object.keys(value)];
  const next: number[] = [0];
  while (containers.length > 0) {
    const top = containers.length - 1;
    const container = containers[top] as object;
    const keys = keyLists[top];
    const k = next[top] as number;
    const size = keys === undefined ? (container as unknown[]).length : keys.length;
    if (k >= size) {
      containers.pop();
      keyLists.pop();
      next.pop();
      continue;
    }
    next[top] = k + 1;
    const child: unknown = keys === undefined ? (container as unknown[])[k] : (container as Record<string, unknown>)[keys[k] as string];
    if (child === null || typeof child !== 'object') continue;
    if (containers.length >= maxDepth) {
      const path: PropertyKey[] = [];
      for (let f = 0; f <= top; f += 1) {
        const fk = keyLists[f];
        const index = (next[f] as number) - 1;
        path.push(fk === undefined ? index : (fk[index] as string));
      }
      return { path: formatPath(path) };
    }
    containers.push(child);
    keyLists.push(Array.isArray(child) ? undefined : Object.keys(child));
    next.push(0);
  }
  return undefined;
}
