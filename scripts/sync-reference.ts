/**
 * Brings the dated values of the national parameters up to date with the official reference
 * (`shared/reference/national-parameters.json`, read from OpenFisca-France's parameter files).
 *
 * For each parameter of `rules/parameters/*.json` that names a `reference` (and, for a scale, a
 * `referenceBracket`), its `values` become every dated value of the reference from the one in force on
 * `--since` (default 2016-01-01), and the reference's legal texts for those dates join its `sources`.
 * Values of ours dated before `--since` are kept. Nothing is written when nothing changes.
 *
 * Usage: `npx tsx scripts/sync-reference.ts [--reference ../shared/reference/national-parameters.json] [--since 2016-01-01] [--check]`
 * With `--check`, it only lists what would change and exits 1 if anything would.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

interface Dated {
  readonly from: string;
  readonly value: number | null;
}
interface RefParameter {
  readonly values?: readonly Dated[];
  readonly brackets?: readonly { readonly threshold: readonly Dated[]; readonly amount: readonly Dated[] }[];
  readonly references?: readonly { readonly from: string; readonly title: string; readonly href?: string | null }[];
}
interface OurValue {
  from: string;
  value: string | number | null;
}
interface OurSource {
  title: string;
  from?: string;
  href?: string;
  section?: string;
}
interface OurParameter {
  type: string;
  values: OurValue[];
  sources?: OurSource[];
  reference?: string;
  referenceBracket?: { index: number; field: 'threshold' | 'amount' };
}

/** The reference's dated list a parameter of ours follows (a plain value, or one field of one bracket of a scale). */
export function referenceSeries(ref: RefParameter, bracket: OurParameter['referenceBracket']): readonly Dated[] | undefined {
  if (bracket === undefined) return ref.values;
  return ref.brackets?.[bracket.index]?.[bracket.field];
}

/** A reference number written as our files write it: money with two decimals, other numbers as they are. */
function written(value: number | null, type: string): string | null {
  if (value === null) return null;
  return type === 'money' ? value.toFixed(2) : String(value);
}

/** Our dated values after the reference: ours before `since`, then every reference value from the one in force on `since`. */
export function syncedValues(ours: readonly OurValue[], series: readonly Dated[], type: string, since: string): OurValue[] {
  const inForce = [...series].filter((v) => v.from <= since).pop();
  const start = inForce?.from ?? series[0]?.from ?? since;
  const kept = ours.filter((v) => v.from < start);
  // Where ours already says the same number on the same date, its writing is kept (65 or "65").
  const same = (a: OurValue['value'] | number, b: number | null): boolean => (a === null || b === null ? a === b : Number(a) === b);
  const fromReference = series
    .filter((v) => v.from >= start)
    .map((v) => ours.find((o) => o.from === v.from && same(o.value, v.value)) ?? { from: v.from, value: written(v.value, type) });
  return [...kept, ...fromReference];
}

function main(): void {
  const { values: args } = parseArgs({
    options: {
      reference: { type: 'string', default: '../shared/reference/national-parameters.json' },
      since: { type: 'string', default: '2016-01-01' },
      check: { type: 'boolean', default: false },
    },
  });
  const reference = (JSON.parse(readFileSync(args.reference, 'utf8')) as { parameters: Record<string, RefParameter> }).parameters;
  const dir = 'rules/parameters';
  let changes = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const doc = JSON.parse(text) as { parameters: Record<string, OurParameter> };
    const before = JSON.stringify(doc);
    for (const [id, p] of Object.entries(doc.parameters)) {
      if (p.reference === undefined) continue;
      const ref = reference[p.reference];
      if (ref === undefined) throw new Error(`${path} : ${id} : référence inconnue ${p.reference}`);
      const series = referenceSeries(ref, p.referenceBracket);
      if (series === undefined) continue;
      const next = syncedValues(p.values, series, p.type, args.since);
      if (JSON.stringify(next) !== JSON.stringify(p.values)) {
        changes += 1;
        console.log(`${id} : ${p.values.map((v) => v.from).join(', ')} → ${next.map((v) => v.from).join(', ')}`);
        p.values = next;
      }
      const first = next[0]?.from ?? args.since;
      const titles = new Set((p.sources ?? []).map((s) => `${s.from ?? ''} ${s.title}`));
      for (const r of ref.references ?? []) {
        if (r.from < first || titles.has(`${r.from} ${r.title}`)) continue;
        (p.sources ??= []).push({ title: r.title, from: r.from, ...(typeof r.href === "string" && r.href !== "" ? { href: r.href } : {}) });
        titles.add(`${r.from} ${r.title}`);
      }
      p.sources?.sort((a, b) => (a.from ?? '').localeCompare(b.from ?? ''));
    }
    // A file none of whose parameters changed keeps its own layout.
    if (JSON.stringify(doc) !== before && !args.check) writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
  }
  if (args.check && changes > 0) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) main();
