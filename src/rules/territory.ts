/**
 * Territory of a rule: which communes it covers, checked against the official administrative
 * division (@etalab/decoupage-administratif, see src/catalog/territories.generated.ts).
 *
 * A territory lists INSEE codes of communes, SIREN codes of EPCIs and codes of départements; `except`
 * removes communes, EPCIs or départements from it (also from `{ national: true }`). An EPCI covers
 * its current member communes. Municipal arrondissements of Paris, Lyon and Marseille (75101…,
 * 69381…, 13201…) are accepted as communes, since households may give them: a rule naming Paris
 * (75056), or an EPCI of which it is a member, covers its arrondissements; a rule naming one
 * arrondissement covers that arrondissement only (a household that gave 75056 is then outside it).
 */
import type { NestedCondition } from 'json-rules-engine';
import type * as z from 'zod/mini';
import { ARRONDISSEMENTS, COMMUNE_DIGITS, COMMUNE_EPCI_POSITIONS, COMMUNE_STEPS, DEPARTEMENTS, GROUP_EPCIS } from '../catalog/territories.generated.js';
import { FALSE, TRUE, UNKNOWN, type Tri } from '../engine/tri.js';
import type { territorySchema } from './rule-file.js';

/** The territory of a rule, as the rule file schema parses it. */
export type Territory = z.output<typeof territorySchema>;

/** A problem found in a territory: the JSON path of the code and a French message. */
export interface TerritoryIssue {
  readonly path: string;
  readonly message: string;
}

/** The municipal arrondissements of a commune (empty for all but Paris, Lyon and Marseille). */
function arrondissementsOf(commune: string): string[] {
  const list = ARRONDISSEMENTS[commune] ?? '';
  const out: string[] = [];
  for (let i = 0; i < list.length; i += 5) out.push(list.slice(i, i + 5));
  return out;
}

interface TerritoryIndex {
  /** Each current commune and arrondissement, with the SIREN of its EPCI (null for none). */
  readonly epciOf: ReadonlyMap<string, string | null>;
  /** The current communes of each EPCI, in increasing order. */
  readonly members: ReadonlyMap<string, readonly string[]>;
  readonly departements: ReadonlySet<string>;
}

/** Decodes the generated table (format described in territoriesSource() of scripts/generate.ts). */
function buildIndex(): TerritoryIndex {
  const epciOf = new Map<string, string | null>();
  const members = new Map<string, string[]>();
  for (const head of Object.keys(COMMUNE_STEPS).sort()) {
    const sirens = (GROUP_EPCIS[head] ?? '').split(' ');
    const steps = COMMUNE_STEPS[head] ?? '';
    const positions = COMMUNE_EPCI_POSITIONS[head] ?? '';
    let n = 0;
    let k = 0;
    for (let i = 0; i < steps.length; i += 1) {
      if (steps[i] === '.') {
        n = Number(steps.slice(i + 1, i + 4));
        i += 3;
      } else n += COMMUNE_DIGITS.indexOf(steps[i] as string);
      const code = head + String(n).padStart(3, '0');
      const siren = sirens[COMMUNE_DIGITS.indexOf(positions[k] as string)] ?? '-';
      k += 1;
      const epci = siren === '-' ? null : siren;
      epciOf.set(code, epci);
      if (ARRONDISSEMENTS[code] !== undefined) for (const a of arrondissementsOf(code)) epciOf.set(a, epci);
      if (epci === null) continue;
      const list = members.get(epci);
      if (list === undefined) members.set(epci, [code]);
      else list.push(code);
    }
  }
  return { epciOf, members, departements: new Set(DEPARTEMENTS.split(' ')) };
}

// Derived once from the constant table, on first use, so that importing the module costs nothing.
let index: TerritoryIndex | undefined;

function territoryIndex(): TerritoryIndex {
  index ??= buildIndex();
  return index;
}

/** The current communes of an EPCI given by SIREN, or undefined when the SIREN names no EPCI. */
export function epciCommunes(siren: string): readonly string[] | undefined {
  return territoryIndex().members.get(siren);
}

/** Whether an INSEE code is a current commune or a municipal arrondissement. */
export function isKnownCommune(code: string): boolean {
  return territoryIndex().epciOf.has(code);
}

/** The SIREN of the EPCI a commune (or arrondissement, through its commune) belongs to, if any. */
export function communeEpci(code: string): string | undefined {
  return territoryIndex().epciOf.get(code) ?? undefined;
}

/** Whether a code is a département or overseas collectivity of the official division. */
export function isKnownDepartement(code: string): boolean {
  return territoryIndex().departements.has(code);
}

/** Département of an INSEE code, as the `household.departement` fact computes it. */
function departementOf(commune: string): string {
  return commune.startsWith('97') ? commune.slice(0, 3) : commune.slice(0, 2);
}

interface Part {
  readonly communes?: readonly string[] | undefined;
  readonly epcis?: readonly string[] | undefined;
  readonly departements?: readonly string[] | undefined;
}

/** The issues of one part (the territory itself or its `except`): codes absent from the official division. */
function partIssues(part: Part, path: string): TerritoryIssue[] {
  return [
    ...(part.communes ?? []).flatMap((c, i) =>
      isKnownCommune(c) ? [] : [{ path: `${path}.communes[${i}]`, message: `Commune inconnue « ${c} » (code INSEE absent du découpage administratif)` }],
    ),
    ...(part.epcis ?? []).flatMap((e, i) => (epciCommunes(e) !== undefined ? [] : [{ path: `${path}.epcis[${i}]`, message: `EPCI inconnu « ${e} » (SIREN absent du découpage administratif)` }])),
    ...(part.departements ?? []).flatMap((d, i) =>
      isKnownDepartement(d) ? [] : [{ path: `${path}.departements[${i}]`, message: `Département inconnu « ${d} » (code absent du découpage administratif)` }],
    ),
  ];
}

/**
 * The codes of a territory that the official administrative division does not know, with their
 * JSON path under `path` and a French message; empty when every code exists.
 *
 * @example
 * territoryIssues({ epcis: ['246700499'] }, 'territory');
 * // [{ path: 'territory.epcis[0]', message: 'EPCI inconnu « 246700499 » (SIREN absent du découpage administratif)' }]
 */
export function territoryIssues(t: Territory, path: string): TerritoryIssue[] {
  return [...partIssues(t, path), ...(t.except === undefined ? [] : partIssues(t.except, `${path}.except`))];
}

interface PartSets {
  /** Communes named, members of the EPCIs named, and the arrondissements of both. */
  readonly communes: ReadonlySet<string>;
  readonly departements: ReadonlySet<string>;
}

function partSets(part: Part): PartSets {
  const communes = new Set<string>();
  const add = (c: string): void => {
    communes.add(c);
    for (const a of arrondissementsOf(c)) communes.add(a);
  };
  for (const c of part.communes ?? []) add(c);
  for (const e of part.epcis ?? []) for (const c of epciCommunes(e) ?? []) add(c);
  return { communes, departements: new Set(part.departements ?? []) };
}

/**
 * Compiles a territory into a test of the household's commune: unknown without a commune, false in
 * `except`, true when national or in a commune, EPCI or département named, false otherwise. A
 * national territory without `except` is true even without a commune.
 *
 * @example
 * compileTerritory({ epcis: ['246700488'] })('67482'); // TRUE (Strasbourg, Eurométropole)
 */
export function compileTerritory(t: Territory): (commune: string | undefined) => Tri {
  if (t.national === true && t.except === undefined) return () => TRUE;
  const inside = partSets(t);
  const except = partSets(t.except ?? {});
  const national = t.national === true;
  const byDepartement = inside.departements.size > 0 || except.departements.size > 0;
  const test = (commune: string): Tri => {
    if (except.communes.has(commune)) return FALSE;
    const dep = byDepartement ? departementOf(commune) : '';
    if (except.departements.has(dep)) return FALSE;
    return national || inside.communes.has(commune) || inside.departements.has(dep) ? TRUE : FALSE;
  };
  // The last commune's answer, kept: the households of a population file mostly share a few communes.
  let last: string | undefined;
  let lastAnswer: Tri = UNKNOWN;
  return (commune) => {
    if (commune === undefined) return UNKNOWN;
    if (commune !== last) {
      lastAnswer = test(commune);
      last = commune;
    }
    return lastAnswer;
  };
}

/**
 * The territory as a json-rules-engine condition on the facts `household.commune` and
 * `household.departement` (EPCIs become their communes), or undefined for the whole of France.
 */
export function territoryRulesEngineCondition(t: Territory): NestedCondition | undefined {
  const inside = partSets(t);
  const except = partSets(t.except ?? {});
  const all: NestedCondition[] = [];
  if (t.national !== true) {
    const any: NestedCondition[] = [];
    if (inside.communes.size > 0) any.push({ fact: 'household.commune', operator: 'in', value: [...inside.communes] });
    if (inside.departements.size > 0) any.push({ fact: 'household.departement', operator: 'in', value: [...inside.departements] });
    all.push({ any });
  }
  if (except.communes.size > 0) all.push({ fact: 'household.commune', operator: 'notIn', value: [...except.communes] });
  if (except.departements.size > 0) all.push({ fact: 'household.departement', operator: 'notIn', value: [...except.departements] });
  return all.length === 0 ? undefined : all.length === 1 ? all[0] : { all };
}
