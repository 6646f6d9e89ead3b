import { z } from 'zod';
import { NonRecoursError, findForbiddenKeys, formatPath } from '../errors.js';
import type { Catalog } from '../rules/catalog.js';
import { parseParameterValue, type Parameter } from '../rules/parameters.js';
import { tryParseDate } from '../dates.js';

const overlay = z.record(
  z.string(),
  z.union([
    z.strictObject({ values: z.array(z.strictObject({ from: z.string().refine((s) => tryParseDate(s) !== undefined, { error: 'date AAAA-MM-JJ attendue' }), value: z.unknown() })).min(1) }),
    z.strictObject({ sameAs: z.string() }),
  ]),
);

/** A reform file: parameter overlays for the baseline (optional) and for the reform. */
export const reformSchema = z.strictObject({
  $comment: z.string().optional(),
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  title: z.string().min(1),
  description: z.string().optional(),
  baseline: z.strictObject({ title: z.string().min(1), parameters: overlay }).optional(),
  reform: z.strictObject({ title: z.string().min(1), parameters: overlay }),
  sources: z.array(z.strictObject({ title: z.string(), section: z.string().optional() })).optional(),
});
export type Reform = z.output<typeof reformSchema>;

/** Validates a reform file, naming the JSON path of each problem. */
export function parseReform(json: unknown, file = 'reform.json'): Reform {
  const bad = findForbiddenKeys(json);
  const r = reformSchema.safeParse(json);
  if (bad.length > 0 || !r.success) {
    throw new NonRecoursError('REFORM_INVALID', 'Fichier de réforme invalide :', [
      ...bad.map((p) => ({ file, path: formatPath(p), message: 'clé interdite (prototype)' })),
      ...(r.success ? [] : r.error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message }))),
    ]);
  }
  return r.data;
}

/**
 * A catalog whose parameters are overlaid: each named parameter takes new dated values, or the values
 * of another parameter (`sameAs`). The type of a parameter cannot change, and every value is checked.
 */
export function overlayParameters(catalog: Catalog, parameters: Reform['reform']['parameters'], file = 'reform.json'): Catalog {
  const next = new Map(catalog.parameters);
  const details: { file: string; path: string; message: string }[] = [];
  for (const [id, o] of Object.entries(parameters)) {
    const current = catalog.parameters.get(id);
    if (current === undefined) {
      details.push({ file, path: `parameters.${id}`, message: 'paramètre inconnu du catalogue' });
      continue;
    }
    let values: Parameter['values'];
    if ('sameAs' in o) {
      const other = catalog.parameters.get(o.sameAs);
      if (other === undefined || other.type !== current.type) {
        details.push({ file, path: `parameters.${id}.sameAs`, message: `paramètre « ${o.sameAs} » inconnu ou d'un autre type` });
        continue;
      }
      values = other.values;
    } else {
      const parsed = o.values.map((v, i) => {
        const r = parseParameterValue(current.type, v.value);
        if ('error' in r) details.push({ file, path: `parameters.${id}.values[${i}].value`, message: r.error });
        return { from: v.from, value: 'error' in r ? null : r.value, raw: v.value };
      });
      values = parsed.sort((a, b) => (a.from < b.from ? -1 : 1));
    }
    next.set(id, { ...current, values, file });
  }
  if (details.length > 0) throw new NonRecoursError('REFORM_INVALID', 'Fichier de réforme invalide :', details);
  return { rules: catalog.rules, parameters: next, values: catalog.values };
}
