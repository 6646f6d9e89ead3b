import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NonRecoursError, type ErrorDetail } from '../errors.js';
import { parseJsonStrict } from '../json/parse.js';
import type { CatalogInput, SourceFile } from '../rules/catalog.js';

function listJson(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listJson(full));
    else if (name.endsWith('.json')) out.push(full);
  }
  return out;
}

/**
 * Reads a rule folder: `parameters/**.json` are parameter files, `values/**.json` named-value files,
 * `*.cases.json` rule cases (read by `rules test`, not here), every other `*.json` is a rule.
 * Every file is read by `parseJsonStrict`: a file that is not valid JSON, writes a key twice, holds a
 * prototype key or nests deeper than 64 levels is reported with its name, JSON path, line and column.
 * Paths are given relative to `label`.
 */
export function readRuleTree(dir: string, label = dir): CatalogInput {
  const rules: SourceFile[] = [];
  const parameters: SourceFile[] = [];
  const values: SourceFile[] = [];
  const problems: ErrorDetail[] = [];
  for (const full of listJson(dir)) {
    if (full.endsWith('.cases.json')) continue;
    const rel = join(label, relative(dir, full)).split('\\').join('/');
    let json: unknown;
    try {
      json = parseJsonStrict(readFileSync(full, 'utf8'), rel);
    } catch (e) {
      if (!(e instanceof NonRecoursError)) throw e;
      problems.push(...e.details);
      continue;
    }
    const inner = relative(dir, full).split('\\').join('/');
    if (/(^|\/)parameters\//.test(inner)) parameters.push({ path: rel, json });
    else if (/(^|\/)values\//.test(inner)) values.push({ path: rel, json });
    else rules.push({ path: rel, json });
  }
  if (problems.length > 0) throw new NonRecoursError('CATALOG_INVALID', 'Fichiers de règles illisibles :', problems);
  return { rules, parameters, values };
}
