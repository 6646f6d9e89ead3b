/**
 * `non-recours openfisca export|import`: a household as an OpenFisca-France situation, and back. The JSON
 * goes to stdout; what could not be carried over goes to stderr, one line per item.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { NonRecoursError } from '../errors.js';
import { safeParseHousehold } from '../household/parse.js';
import { parseJsonStrict } from '../json/parse.js';
import { exportToOpenFisca } from '../openfisca/export.js';
import { fromOpenFisca } from '../openfisca/import.js';
import type { OpenFiscaGap } from '../openfisca/types.js';

export const OPENFISCA_USAGE = `Usage :
  non-recours openfisca export <foyer.json> [--date AAAA-MM-JJ]
  non-recours openfisca import <situation.json> [--date AAAA-MM-JJ]

  export   écrit le foyer comme une situation OpenFisca-France (le corps de POST /calculate de son API web),
           avec les résultats demandés (rsa, ppa, aspa, css…) pour le mois de la date ; --date par défaut :
           aujourd'hui. Ce qui ne passe pas dans OpenFisca est listé sur la sortie d'erreur.
  import   lit une situation OpenFisca-France, ou l'« input » d'un test YAML converti en JSON, et écrit le
           foyer ; chaque variable ou entité non reprise est listée sur la sortie d'erreur.
           --date  le mois dont l'état est lu (activité, logement, loyer), et la date de validation du foyer.
  Voir docs/openfisca.md.

Codes de sortie : 0 succès ; 2 données invalides ; 64 mauvaise utilisation.`;

/** Reads a JSON file strictly, or writes why it cannot and returns undefined. */
function readJson(file: string, what: string): { value: unknown } | undefined {
  try {
    return { value: parseJsonStrict(readFileSync(file, 'utf8'), file, { maxDepth: 64 }) };
  } catch (e) {
    if (e instanceof NonRecoursError) {
      process.stderr.write(`${file} : JSON ${what} illisible\n`);
      for (const d of e.details) process.stderr.write(`  ${d.path || '(racine)'} : ${d.message}\n`);
      return undefined;
    }
    throw e;
  }
}

function writeGaps(file: string, title: string, gaps: readonly OpenFiscaGap[]): void {
  if (gaps.length === 0) return;
  process.stderr.write(`${file} : ${title} (${gaps.length})\n`);
  for (const g of gaps) process.stderr.write(`  ${g.path || '(racine)'} : ${g.reason}\n`);
}

/** Runs `openfisca <export|import> …`; `today` gives the default date of `export` (the clock stays in the CLI). */
export function openfiscaCommand(argv: readonly string[], today: () => string): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || (sub !== 'export' && sub !== 'import')) {
    const help = sub === '--help' || sub === '-h';
    (help ? process.stdout : process.stderr).write(`${help ? '' : `non-recours openfisca : attendu « export » ou « import ».\n\n`}${OPENFISCA_USAGE}\n`);
    return help ? 0 : 64;
  }
  const { values, positionals } = parseArgs({ args: [...rest], allowPositionals: true, options: { date: { type: 'string' } } });
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) {
    process.stderr.write(`non-recours openfisca ${sub} : indiquez un seul fichier ${sub === 'export' ? 'de foyer' : 'de situation'}.\n\n${OPENFISCA_USAGE}\n`);
    return 64;
  }

  if (sub === 'export') {
    const date = values.date ?? today();
    const json = readJson(file, 'du foyer');
    if (json === undefined) return 2;
    const parsed = safeParseHousehold(json.value, { date });
    if (!parsed.success) {
      process.stderr.write(`${file} : données du foyer invalides\n`);
      for (const i of parsed.issues) process.stderr.write(`  ${i.path || '(racine)'} : ${i.message}\n`);
      return 2;
    }
    const { situation, unmapped } = exportToOpenFisca(parsed.household, { date });
    process.stdout.write(`${JSON.stringify(situation, null, 2)}\n`);
    if (values.date === undefined) process.stderr.write(`date d'évaluation : ${date} (aujourd'hui ; --date pour la choisir)\n`);
    writeGaps(file, 'non transmis à OpenFisca', unmapped);
    return 0;
  }

  const json = readJson(file, 'de la situation');
  if (json === undefined) return 2;
  const result = fromOpenFisca(json.value, { date: values.date });
  if (!result.success) {
    writeGaps(file, 'non repris de la situation', result.unmapped);
    process.stderr.write(`${file} : ${result.household === undefined ? 'situation OpenFisca refusée' : 'le foyer lu de la situation est invalide'}\n`);
    for (const i of result.issues) process.stderr.write(`  ${i.path || '(racine)'} : ${i.message}\n`);
    return 2;
  }
  process.stdout.write(`${JSON.stringify(result.household, null, 2)}\n`);
  writeGaps(file, 'non repris de la situation', result.unmapped);
  return 0;
}
