/**
 * The `non-recours` command. The only place that reads files, the terminal and the clock (to default
 * `--date` to today, and the report then states the date used).
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { compileCatalog } from '../engine/evaluator.js';
import { NonRecoursError } from '../errors.js';
import { factCatalog } from '../facts/catalog.js';
import { householdJsonSchema } from '../household/json-schema.js';
import { safeParseHousehold } from '../household/parse.js';
import { evaluateHousehold, ruleIdsOf } from '../api.js';
import { parseJsonStrict } from '../json/parse.js';
import { loadCatalogFromDirs, readRuleTree } from '../node.js';
import { defaultCatalog } from '../catalog/default.js';
import { renderCatalogDocs } from '../docs/render.js';
import { loadCatalog } from '../rules/catalog.js';
import { lintCatalog } from '../rules/lint.js';
import { readCaseFile, runCases } from '../rules/cases.js';
import { explainHousehold } from '../report/report.js';
import { formatReport } from './table.js';
import { mergeCommand, simulateCommand } from './simulate.js';
import { optionalDependency } from './optional.js';
import { openfiscaCommand } from './openfisca.js';

const USAGE = `Usage :
  non-recours check <foyer.json | dossier>… [--date AAAA-MM-JJ] [--json] [--all] [--rules <dossier>]… [--outlook <mois>]
  non-recours simulate <population.jsonl | .jsonl.gz | .csv | .parquet> [--date AAAA-MM-JJ] [--reform <réforme.json>] [--out <rapport.html>] [--json] [--rules <dossier>]… [--skip-invalid] [--workers <n>] [--worker-heap <Mo>] [--shard <i/n>] [--title <titre>] [--compare-date AAAA-MM-JJ]
  non-recours merge <part.json>… [--out <rapport.html>] [--json]
  non-recours openfisca export <foyer.json> [--date AAAA-MM-JJ] | openfisca import <situation.json> [--date AAAA-MM-JJ]
  non-recours serve [--host 127.0.0.1] [--port 8080] [--rules <dossier>]… [--cors <origine>]…
  non-recours rules lint [<dossier>]
  non-recours rules test <dossier> [--cases <dossier>]
  non-recours rules docs --out <dossier> [--rules <dossier>]…
  non-recours schema household
  non-recours facts [--json]

  check    évalue un ou plusieurs foyers (un dossier : tous ses fichiers .json) ;
           --date  date d'évaluation (par défaut : aujourd'hui, indiquée dans le rapport) ;
           --json  le rapport complet en JSON (un objet, ou une liste pour plusieurs foyers) ;
           --all   affiche aussi les dispositifs hors territoire et hors période ;
           --rules ajoute le dossier de règles d'une collectivité (avec son sous-dossier parameters/) ;
           --outlook ce qui s'ouvre et se ferme dans les N mois, le foyer inchangé (« Bientôt »).
  simulate     baromètre du non-recours d'une population : foyers éligibles, bénéficiaires, non-recours
               par cause, montants non perçus ; --reform compare avec une réforme (gagnants et perdants) ;
               --out écrit le rapport HTML autonome, et le même en .json et .csv ;
               --workers le nombre de fils de calcul (par défaut : les cœurs de la machine) ;
               --worker-heap la mémoire de tas de chaque fil, en Mo (par défaut 1024) ;
               --shard i/n ne calcule que la part i d'un découpage en n et écrit ses agrégats (--out part-i.json) ;
               --compare-date la même population à une autre date : par droit, l'évolution des éligibles,
               des bénéficiaires et du non-recours (docs/barometre.md).
  merge        le rapport d'une population à partir de toutes ses parts (simulate --shard), le même qu'en un seul
               calcul (docs/scale.md).
  openfisca    export : le foyer en situation OpenFisca-France (le corps de /calculate) ; import : un foyer lu
               d'une situation ou d'un test YAML d'OpenFisca, ce qui n'a pas pu être repris sur la sortie d'erreur
               (docs/openfisca.md).
  serve        l'API HTTP (POST /evaluate, POST /form, POST /openfisca/export|import, GET /rules, /facts, /health,
               /openapi.json ; docs/http.md).
  rules lint   vérifie un dossier de règles (avec parameters/) par-dessus le catalogue embarqué,
               ou le catalogue embarqué seul ; sortie 3 en cas d'erreur.
  rules test   exécute les cas de règles (*.cases.json) du dossier, ou de --cases, sur ses règles
               (par-dessus le catalogue embarqué, sauf si le dossier le redéfinit) ; affiche chaque
               échec par nom de cas, attendu et obtenu ; sortie 1 si un cas échoue.
  rules docs   écrit une page Markdown par règle et un index (conditions, montants, paramètres datés).
  schema   affiche le JSON Schema du foyer.
  facts    liste les faits qu'une règle peut lire.

Codes de sortie : 0 succès ; 2 données du foyer invalides ; 3 règles invalides ; 64 mauvaise utilisation.`;

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function householdFiles(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (statSync(a).isDirectory()) {
      for (const name of readdirSync(a).sort()) if (name.endsWith('.json')) out.push(join(a, name));
    } else out.push(a);
  }
  return out;
}

function check(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { date: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, rules: { type: 'string', multiple: true }, outlook: { type: 'string' } },
  });
  if (positionals.length === 0) {
    process.stderr.write(`non-recours check : indiquez au moins un fichier de foyer.\n\n${USAGE}\n`);
    return 64;
  }
  const catalog = loadCatalogFromDirs(values.rules ?? []);
  const compiled = compileCatalog(catalog, values.date ?? today());
  const outlookMonths = Number(values.outlook ?? 12);
  if (values.outlook !== undefined && !(Number.isInteger(outlookMonths) && outlookMonths >= 1 && outlookMonths <= 36)) {
    process.stderr.write(`non-recours check : --outlook attend un nombre de mois entre 1 et 36.\n`);
    return 64;
  }
  const reports = [];
  let invalid = false;
  for (const file of householdFiles(positionals)) {
    let json: unknown;
    try {
      // A key written twice, a prototype key or nesting past 64 levels is the household's fault: exit 2.
      json = parseJsonStrict(readFileSync(file, 'utf8'), file, { maxDepth: 64 });
    } catch (e) {
      if (e instanceof NonRecoursError) {
        process.stderr.write(`${file} : JSON du foyer illisible\n`);
        for (const d of e.details) process.stderr.write(`  ${d.path || '(racine)'} : ${d.message}\n`);
      } else process.stderr.write(`${file} : JSON illisible (${(e as Error).message})\n`);
      invalid = true;
      continue;
    }
    const parsed = safeParseHousehold(json, { date: compiled.date.iso, ruleIds: ruleIdsOf(catalog) });
    if (!parsed.success) {
      process.stderr.write(`${file} : données du foyer invalides\n`);
      for (const i of parsed.issues) process.stderr.write(`  ${i.path || '(racine)'} : ${i.message}\n`);
      invalid = true;
      continue;
    }
    reports.push(
      values.outlook === undefined
        ? explainHousehold(compiled, parsed.household)
        : evaluateHousehold(parsed.household, { date: compiled.date.iso, catalog, outlook: { months: outlookMonths } }),
    );
  }
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(reports.length === 1 && positionals.length === 1 && !statSync(positionals[0] as string).isDirectory() ? reports[0] : reports, null, 2)}\n`);
  } else {
    process.stdout.write(`${reports.map((r) => formatReport(r, { all: values.all === true })).join(`\n\n${'─'.repeat(100)}\n\n`)}\n`);
  }
  return invalid ? 2 : 0;
}

function listCaseFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listCaseFiles(full));
    else if (name.endsWith('.cases.json')) out.push(full);
  }
  return out;
}

function rulesTest(argv: string[]): number {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { cases: { type: 'string' } } });
  const dir = positionals[0];
  if (dir === undefined) {
    process.stderr.write(`non-recours rules test : indiquez le dossier de règles.\n\n${USAGE}\n`);
    return 64;
  }
  const tree = readRuleTree(dir);
  const bundled = defaultCatalog();
  // A folder that redefines the bundled catalog (every rule id already bundled, none replaced) is tested on its own.
  const ids = tree.rules.map((f) => (f.json as { id?: unknown; replaces?: unknown } | null));
  const standalone = ids.length > 0 && ids.every((j) => j !== null && typeof j.id === 'string' && j.replaces === undefined && bundled.rules.some((r) => r.id === j.id));
  const catalog = standalone ? loadCatalog(tree) : loadCatalog(tree, bundled);
  const read = (f: string): unknown => {
    try {
      return JSON.parse(readFileSync(f, 'utf8'));
    } catch (e) {
      throw new NonRecoursError('RULE_INVALID', `${f} : JSON illisible (${(e as Error).message})`);
    }
  };
  // A case file may share the base household of another case file of its folder.
  const files = listCaseFiles(values.cases ?? dir).map((f) => readCaseFile({ path: f, json: read(f) }, (name) => (name.endsWith('.cases.json') && !name.includes('/') ? read(join(dirname(f), name)) : undefined)));
  const results = runCases(catalog, files);
  const failed = results.filter((r) => r.failures.length > 0);
  for (const r of failed) {
    process.stdout.write(`ÉCHEC  ${r.file} — ${r.rule} — « ${r.name} » (${r.date})\n`);
    for (const f of r.failures) process.stdout.write(`       ${f.what} : attendu ${JSON.stringify(f.expected)}, obtenu ${JSON.stringify(f.obtained)}\n`);
  }
  process.stdout.write(`${results.length} cas dans ${files.length} fichier${files.length > 1 ? 's' : ''} : ${results.length - failed.length} réussi${results.length - failed.length > 1 ? 's' : ''}, ${failed.length} en échec.\n`);
  if (files.length === 0) {
    process.stderr.write(`non-recours rules test : aucun fichier *.cases.json dans ${values.cases ?? dir}\n`);
    return 1;
  }
  return failed.length > 0 ? 1 : 0;
}

function rules(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'test') return rulesTest(rest);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' }, rules: { type: 'string', multiple: true } } });
  if (sub === 'lint') {
    const dir = positionals[0];
    const catalog = loadCatalogFromDirs(dir === undefined ? [] : [dir]);
    const own = dir === undefined ? undefined : new Set(loadCatalog(readRuleTree(dir), defaultCatalog()).rules.filter((r) => r.file.startsWith(dir)).map((r) => r.id));
    const issues = lintCatalog(catalog, own);
    for (const i of issues) process.stdout.write(`${i.level === 'error' ? 'erreur ' : 'conseil'}  ${i.file}: ${i.path}: ${i.message}\n`);
    const errors = issues.filter((i) => i.level === 'error').length;
    const count = own?.size ?? catalog.rules.length;
    process.stdout.write(`${count} règle${count > 1 ? 's' : ''} vérifiée${count > 1 ? 's' : ''} : ${errors} erreur${errors > 1 ? 's' : ''}, ${issues.length - errors} conseil${issues.length - errors > 1 ? 's' : ''}.\n`);
    return errors > 0 ? 3 : 0;
  }
  if (sub === 'docs' && values.out !== undefined) {
    const catalog = loadCatalogFromDirs(values.rules ?? []);
    mkdirSync(values.out, { recursive: true });
    const files = renderCatalogDocs(catalog);
    for (const f of files) writeFileSync(join(values.out, f.path), f.content);
    process.stdout.write(`${files.length} pages écrites dans ${values.out}\n`);
    return 0;
  }
  process.stderr.write(`non-recours rules : attendu « lint [dossier] », « test <dossier> » ou « docs --out <dossier> »\n\n${USAGE}\n`);
  return 64;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'simulate':
        return await simulateCommand(rest, today);
      case 'merge':
        return await mergeCommand(rest);
      case 'serve': {
        // The HTTP server (Hono) is an optional dependency of the command line, loaded when asked for.
        const { serveCommand } = await optionalDependency('hono', 'Le serveur HTTP', () => import('./serve.js'));
        return await serveCommand(rest);
      }
      case 'openfisca':
        return openfiscaCommand(rest, today);
      case 'check':
        return check(rest);
      case 'rules':
        return rules(rest);
      case 'schema':
        if (rest[0] !== 'household') break;
        process.stdout.write(`${JSON.stringify(householdJsonSchema(), null, 2)}\n`);
        return 0;
      case 'facts': {
        const facts = factCatalog();
        if (rest.includes('--json')) process.stdout.write(`${JSON.stringify(facts, null, 2)}\n`);
        else for (const f of facts) process.stdout.write(`${f.id.padEnd(38)} ${f.type.padEnd(8)} ${(f.unit ?? '').padEnd(14)} ${f.label}${f.params !== null ? ` — params : ${f.params}` : ''}\n`);
        return 0;
      }
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return command === undefined ? 64 : 0;
      default:
        break;
    }
    process.stderr.write(`non-recours : commande inconnue « ${argv.join(' ')} »\n\n${USAGE}\n`);
    return 64;
  } catch (e) {
    if (e instanceof NonRecoursError) {
      process.stderr.write(`${e.message}\n`);
      return e.code === 'CATALOG_INVALID' || e.code === 'RULE_INVALID' || e.code === 'PARAMETER_INVALID' ? 3 : e.code === 'HOUSEHOLD_INVALID' ? 2 : e.code === 'OUT_OF_MEMORY' ? 1 : 64;
    }
    if (e instanceof Error && 'code' in e && (e as { code?: string }).code === 'ENOENT') {
      process.stderr.write(`non-recours : fichier introuvable : ${(e as { path?: string }).path ?? ''}\n`);
      return 64;
    }
    if (e instanceof TypeError && /parseArgs|Unknown option/i.test(e.message)) {
      process.stderr.write(`non-recours : ${e.message}\n\n${USAGE}\n`);
      return 64;
    }
    throw e;
  }
}

process.exitCode = await main(process.argv.slice(2));
