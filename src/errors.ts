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
  | 'REFORM_INVALID';

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

/** Whether a JSON value holds a forbidden (prototype) key anywhere: a fast check that allocates nothing. */
function hasForbiddenKeys(value: unknown): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (item !== null && typeof item === 'object' && hasForbiddenKeys(item)) return true;
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) continue;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return true;
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && typeof v === 'object' && hasForbiddenKeys(v)) return true;
  }
  return false;
}

/** Lists the paths of forbidden (prototype) keys anywhere inside a JSON value. */
export function findForbiddenKeys(value: unknown, path: readonly PropertyKey[] = []): PropertyKey[][] {
  if (path.length === 0 && !hasForbiddenKeys(value)) return [];
  const found: PropertyKey[][] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => found.push(...findForbiddenKeys(item, [...path, i])));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) found.push([...path, key]);
      else found.push(...findForbiddenKeys((value as Record<string, unknown>)[key], [...path, key]));
    }
  }
  return found;
}
