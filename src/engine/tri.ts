/** Three-valued truth as small integers, so that the hot path allocates nothing. */
export const FALSE = 0;
export const TRUE = 1;
export const UNKNOWN = 2;
export type Tri = typeof FALSE | typeof TRUE | typeof UNKNOWN;

/** The public spelling of a three-valued result. */
export function triName(t: Tri): 'true' | 'false' | 'unknown' {
  return t === TRUE ? 'true' : t === FALSE ? 'false' : 'unknown';
}
