import { readFileSync } from 'node:fs';

/** Reads a seed household. */
export function seed(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../seeds/households/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** A deep copy, to change a seed in one test without touching another. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
