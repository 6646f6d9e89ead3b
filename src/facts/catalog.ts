import { FACTS } from './definitions.js';

/** A fact as published for rule authors: what it is, its type and unit, what it reads. */
export interface FactInfo {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  readonly unit: string | null;
  readonly enum: readonly string[] | null;
  readonly reads: readonly string[];
  readonly params: string | null;
  readonly notModeled: readonly string[];
}

/** The fact catalog as data (what `non-recours facts` prints and docs/facts.md lists). */
export function factCatalog(): FactInfo[] {
  return [...FACTS.values()].map((f) => ({
    id: f.id,
    label: f.label,
    type: f.type,
    unit: f.unit ?? null,
    enum: f.enum ?? null,
    reads: f.reads,
    params: f.paramsDoc ?? null,
    notModeled: f.notModeled ?? [],
  }));
}
