/**
 * From our household to an OpenFisca-France situation (the body of the web API's `POST /calculate`). The
 * evaluation month carries the household's state (activity, housing, rent, commune…); each income record
 * goes to its month; a few results are asked for (`null`) at the evaluation month. Amounts stay decimal
 * until the boundary: OpenFisca reads JSON numbers, so each sum becomes a number only when written.
 */
import { completedMonths, formatMonth, parseEvaluationDate, tryParseDate, tryParseMonth, type CivilDate } from '../dates.js';
import { FORBIDDEN_KEYS } from '../errors.js';
import { INCOME_KINDS } from '../household/enums.js';
import type { Household, Income, Person } from '../household/schema.js';
import { Money } from '../money.js';
import type { OpenFiscaGap, OpenFiscaSituation } from './types.js';
import {
  ACTIVITY_TO_OPENFISCA,
  COUPLE_TO_OPENFISCA,
  GROSS_VARIABLES,
  HOUSING_TO_OPENFISCA,
  INCOME_VARIABLES,
  REQUESTED_OUTPUTS,
  SCHOOLING_TO_OPENFISCA,
  UNEXPORTED_KINDS,
  UNKNOWN_COUNTRY,
  VARIABLES,
  girValue,
} from './variables.js';

/** Options of `toOpenFisca`. */
export interface ToOpenFiscaOptions {
  /** The evaluation date (`YYYY-MM-DD`): its month carries the household's state and the results asked for. */
  readonly date: string;
}

/** The situation, and what of the household it does not carry (by JSON path of the household). */
export interface OpenFiscaExport {
  readonly situation: OpenFiscaSituation;
  readonly unmapped: readonly OpenFiscaGap[];
}

type Values = Record<string, number | string | boolean | null>;
type Entity = Record<string, Values | string[]>;

/** The ids of the entities of the household's own family, tax household and dwelling. */
const FAMILY = 'famille_1';
const TAX_HOUSEHOLD = 'foyer_fiscal_1';
const DWELLING = 'menage_1';
const ETERNITY = 'ETERNITY';

/**
 * Writes a household as an OpenFisca-France situation, as `exportToOpenFisca` does, and returns the
 * situation alone.
 *
 * @example
 * const situation = toOpenFisca(household, { date: '2026-11-24' });
 * // POST it to https://api.fr.openfisca.org/latest/calculate: situation.familles.famille_1.rsa['2026-11'] is computed.
 */
export function toOpenFisca(household: Household, options: ToOpenFiscaOptions): OpenFiscaSituation {
  return exportToOpenFisca(household, options).situation;
}

/**
 * Writes a household as an OpenFisca-France situation, and lists in French what of it OpenFisca cannot
 * receive (claims, services, a crèche, an unknown income kind…) or receives only in part. Throws only on an
 * invalid `options.date` (`DATE_INVALID`).
 *
 * @example
 * const { situation, unmapped } = exportToOpenFisca(household, { date: '2026-11-24' });
 * for (const g of unmapped) console.error(`${g.path} : ${g.reason}`);
 */
export function exportToOpenFisca(household: Household, options: ToOpenFiscaOptions): OpenFiscaExport {
  const at = parseEvaluationDate(options.date, 'date');
  const month = formatMonth(at.monthIndex);
  const year = String(at.year);
  const gaps: OpenFiscaGap[] = [];
  const gap = (path: string, reason: string): void => {
    gaps.push({ path, reason });
  };

  // Individual ids: our person ids, except a prototype key, which no situation may hold as a key.
  const used = new Set(household.persons.map((p) => p.id));
  const ids = household.persons.map((p, i) => {
    if (!FORBIDDEN_KEYS.has(p.id)) return p.id;
    let n = i + 1;
    while (used.has(`individu_${n}`)) n += 1;
    used.add(`individu_${n}`);
    gap(`persons[${i}].id`, `identifiant réservé « ${p.id} » : exporté sous le nom individu_${n}`);
    return `individu_${n}`;
  });
  const idOf = new Map(household.persons.map((p, i) => [p.id, ids[i] as string]));

  const by = (role: Person['role']): string[] => household.persons.flatMap((p, i) => (p.role === role ? [ids[i] as string] : []));
  const applicant = by('applicant');
  const partner = by('partner');
  const children = by('child');
  const others = by('other');

  const individus: Record<string, Entity> = {};
  household.persons.forEach((p, i) => {
    individus[ids[i] as string] = personVariables(household, p, i, at, month, gap);
  });

  // Couple status, on the applicant (and the partner: both are in the same situation).
  const couple = household.couple;
  if (couple !== undefined) {
    const marital = COUPLE_TO_OPENFISCA[couple.status];
    if (marital !== undefined) for (const id of [...applicant, ...partner]) setValue(individus[id] as Entity, 'statut_marital', month, marital);
    if (couple.since !== undefined) gap('couple.since', "date de séparation, de veuvage ou de mise en couple : OpenFisca n'a pas de variable pour la recevoir");
  }

  // The household's own family and tax household; each other person is a family and a tax household of its own.
  const familles: Record<string, Entity> = { [FAMILY]: { parents: [...applicant, ...partner], enfants: children } };
  const foyers: Record<string, Entity> = { [TAX_HOUSEHOLD]: { declarants: [...applicant, ...partner], personnes_a_charge: children } };
  const familyOf = new Map<string, string>();
  for (const id of [...applicant, ...partner, ...children]) familyOf.set(id, FAMILY);
  others.forEach((id, k) => {
    familles[`famille_${k + 2}`] = { parents: [id], enfants: [] };
    foyers[`foyer_fiscal_${k + 2}`] = { declarants: [id], personnes_a_charge: [] };
    familyOf.set(id, `famille_${k + 2}`);
  });
  const menage: Entity = { personne_de_reference: applicant, conjoint: partner, enfants: children, autres: others };
  const menages: Record<string, Entity> = { [DWELLING]: menage };

  // Housing and commune, at the evaluation month.
  if (household.commune !== undefined) setValue(menage, 'depcom', month, household.commune);
  const housing = household.housing;
  if (housing?.status !== undefined) {
    const status = HOUSING_TO_OPENFISCA[housing.status];
    if (status === undefined) gap('housing.status', "hébergé sans préciser s'il paie : OpenFisca attend loge_gratuitement ou un statut de locataire ; précisez hosted-free ou hosted-paying");
    else setValue(menage, 'statut_occupation_logement', month, status);
    if (housing.status === 'hosted-paying') gap('housing.status', 'hébergé contre participation : exporté comme locataire_meuble, relu comme locataire (tenant)');
  }
  if (housing?.monthlyRent !== undefined) setValue(menage, 'loyer', month, toNumber(new Money(housing.monthlyRent)));

  // Incomes: one value per variable, entity and month (the records of the members of a family are added).
  const sums = new Map<string, { entity: Entity; variable: string; month: string; amount: Money; paths: string[] }>();
  const add = (entity: Entity, key: string, variable: string, m: string, amount: string, path: string): void => {
    const k = `${key}\u0000${variable}\u0000${m}`;
    const s = sums.get(k);
    if (s === undefined) sums.set(k, { entity, variable, month: m, amount: new Money(amount), paths: [path] });
    else {
      s.amount = s.amount.plus(amount);
      s.paths.push(path);
    }
  };
  const kindsSaid = new Set<string>();
  (household.incomes ?? []).forEach((income, i) => {
    const path = `incomes[${i}]`;
    const kind: string = income.kind;
    const variable = Object.prototype.hasOwnProperty.call(INCOME_VARIABLES, kind) ? INCOME_VARIABLES[kind] : undefined;
    const owner = idOf.get(income.person);
    unknownKeys(income, INCOME_KEYS, path, gap);
    if (variable === undefined) {
      // One line per kind: a kind OpenFisca cannot receive is said once, at its first record.
      if (!kindsSaid.has(kind)) gap(`${path}.kind`, UNEXPORTED_KINDS[kind] ?? `type de revenu « ${kind.slice(0, 40)} » sans variable OpenFisca connue : non exporté`);
      kindsSaid.add(kind);
      return;
    }
    if (kind === 'family-benefits' && INCOME_KINDS.some((k) => k === 'af') && !kindsSaid.has(kind)) {
      gap(`${path}.kind`, 'prestations familiales sans détail : envoyées comme allocations familiales (af), relues comme af');
      kindsSaid.add(kind);
    }
    if (owner === undefined) return gap(`${path}.person`, 'personne inconnue : revenu non exporté');
    const months = recordMonths(income);
    if (months === undefined) return gap(path, 'mois du revenu illisible : revenu non exporté');
    const spec = VARIABLES.get(variable);
    const onFamily = spec?.entity === 'famille';
    const family = familyOf.get(owner) ?? FAMILY;
    const entity = onFamily ? (familles[family] as Entity) : (individus[owner] as Entity);
    const key = onFamily ? `famille:${family}` : `individu:${owner}`;
    const gross = Object.prototype.hasOwnProperty.call(GROSS_VARIABLES, kind) ? GROSS_VARIABLES[kind] : undefined;
    for (const m of months) {
      if (variable === 'aide_logement' && m === month && housing?.housingBenefit !== undefined) {
        gap(path, "aide au logement du mois d'évaluation : OpenFisca reçoit celle de housing.housingBenefit (une seule valeur par mois)");
        continue;
      }
      add(entity, key, variable, m, income.amount, path);
      if (income.grossAmount !== undefined && gross !== undefined) add(entity, key, gross, m, income.grossAmount, `${path}.grossAmount`);
    }
  });
  if (housing?.housingBenefit !== undefined) add(familles[FAMILY] as Entity, `famille:${FAMILY}`, 'aide_logement', month, housing.housingBenefit, 'housing.housingBenefit');
  for (const s of [...sums.values()].sort((a, b) => (a.variable < b.variable ? -1 : a.variable > b.variable ? 1 : a.month < b.month ? -1 : a.month > b.month ? 1 : 0))) {
    setValue(s.entity, s.variable, s.month, toNumber(s.amount));
  }
  if (household.incomes !== undefined && household.incomes.length > 0 && household.incomesComplete !== true) {
    gap('incomesComplete', "revenus non déclarés complets : OpenFisca compte zéro pour tout revenu qu'il ne reçoit pas");
  }

  // Tax returns: the reference income and the number of shares of each year, on the tax household.
  for (const t of household.taxReturns ?? []) {
    setValue(foyers[TAX_HOUSEHOLD] as Entity, 'rfr', String(t.year), toNumber(new Money(t.referenceIncome)));
    setValue(foyers[TAX_HOUSEHOLD] as Entity, 'nbptr', String(t.year), t.shares);
  }

  // What OpenFisca has no variable for, and fields this bridge does not know yet (the contract grows).
  unknownKeys(household, HOUSEHOLD_KEYS, '', gap);
  if (couple !== undefined) unknownKeys(couple, COUPLE_KEYS, 'couple', gap);
  if (housing !== undefined) unknownKeys(housing, HOUSING_KEYS, 'housing', gap);
  if (household.id !== undefined) gap('id', "identifiant du foyer : non transmis (les entités s'appellent famille_1, foyer_fiscal_1, menage_1)");
  if (household.area !== undefined) gap('area', "quartier : OpenFisca ne connaît que la commune (depcom)");
  if (household.claims !== undefined && Object.keys(household.claims).length > 0) gap('claims', 'demandes en cours ou refusées : hors du champ d\'OpenFisca');
  if (household.services !== undefined) {
    for (const k of Object.keys(household.services)) gap(`services.${k}`, 'usage de services locaux (crèche, cantine…) : hors du champ d\'OpenFisca');
  }

  // The results asked for: the applicant's family, the dwelling, and the adults of the family.
  const family = familles[FAMILY] as Entity;
  for (const out of REQUESTED_OUTPUTS) {
    const period = out.period === 'year' ? year : month;
    const targets = out.entity === 'famille' ? [family] : out.entity === 'menage' ? [menage] : [...applicant, ...partner].map((id) => individus[id] as Entity);
    for (const t of targets) requestValue(t, out.name, period);
  }

  return { situation: { individus, familles, foyers_fiscaux: foyers, menages }, unmapped: gaps };
}

/** The input variables of one person. */
function personVariables(household: Household, p: Person, i: number, at: CivilDate, month: string, gap: (path: string, reason: string) => void): Entity {
  const path = `persons[${i}]`;
  const e: Entity = {};
  if (p.birthDate !== undefined) setValue(e, 'date_naissance', ETERNITY, p.birthDate);
  else gap(`${path}.birthDate`, 'date de naissance inconnue : OpenFisca prendra sa valeur par défaut (1970-01-01)');
  if (p.activity !== undefined) {
    const a = ACTIVITY_TO_OPENFISCA[p.activity];
    setValue(e, 'activite', month, a.activite);
    if ('flag' in a) setValue(e, a.flag, month, true);
    const own = (household.incomes ?? []).filter((inc) => inc.person === p.id);
    if (p.activity === 'self-employed' && (!own.some((inc) => inc.kind === 'self-employment') || own.some((inc) => inc.kind === 'salary'))) {
      // OpenFisca has « actif » only; an import reads it back as self-employed from self-employment income without salary.
      gap(`${path}.activity`, "indépendant sans revenu indépendant seul : exporté comme actif occupé, relu comme salarié (employed)");
    }
  }
  if (p.unemployedSince !== undefined) setValue(e, 'date_debut_chomage', ETERNITY, p.unemployedSince);
  if (p.disabilityRate !== undefined) setValue(e, 'taux_incapacite', month, p.disabilityRate);
  if (p.gir !== undefined) setValue(e, 'gir', month, girValue(p.gir));
  if (p.unfitForWork !== undefined) setValue(e, 'inapte_travail', month, p.unfitForWork);
  const rsdae = (p as { readonly restrictedWorkAccess?: unknown }).restrictedWorkAccess;
  if (typeof rsdae === 'boolean') setValue(e, 'aah_restriction_substantielle_durable_acces_emploi', month, rsdae);
  if (p.pregnant !== undefined) setValue(e, 'enceinte', month, p.pregnant);
  if (p.schooling !== undefined) {
    const s = SCHOOLING_TO_OPENFISCA[p.schooling];
    if (s !== undefined) setValue(e, 'scolarite', month, s);
    else gap(`${path}.schooling`, p.schooling === 'creche' ? "accueil en crèche : OpenFisca n'a pas de niveau de scolarité pour la crèche" : "non scolarisé : OpenFisca n'a pas de valeur pour le dire (scolarite inconnue par défaut)");
  }
  if (p.nationality !== undefined) {
    // OpenFisca reads an ISO country code; the household only says French, European or other.
    setValue(e, 'nationalite', month, p.nationality === 'fr' ? 'FR' : UNKNOWN_COUNTRY);
    if (p.nationality !== 'fr') setValue(e, 'ressortissant_eee', month, p.nationality === 'eea');
  }
  if (p.residencePermitSince !== undefined) {
    const since = tryParseDate(p.residencePermitSince);
    // Years of residence permit at the evaluation date, in completed months (CASF art. L262-4: 5 years).
    if (since !== undefined) setValue(e, 'duree_possession_titre_sejour', month, completedMonths(since, at) / 12);
  }
  if (p.custody !== undefined) setValue(e, 'garde_alternee', month, p.custody === 'shared');
  if (p.livesAlone !== undefined) gap(`${path}.livesAlone`, "vie seule : OpenFisca la déduit de la composition du ménage, sans variable pour la recevoir");
  if (p.carer !== undefined) gap(`${path}.carer`, "proche aidant : OpenFisca n'a pas de variable pour le recevoir");
  unknownKeys(p, PERSON_KEYS, path, gap);
  return e;
}

/** The fields of the household contract this bridge reads (or lists as not exported), object by object. */
const HOUSEHOLD_KEYS = new Set(['id', 'commune', 'area', 'persons', 'couple', 'incomes', 'incomesComplete', 'taxReturns', 'housing', 'claims', 'services']);
const PERSON_KEYS = new Set([
  'id', 'role', 'birthDate', 'activity', 'unemployedSince', 'disabilityRate', 'gir', 'unfitForWork', 'restrictedWorkAccess', 'schooling', 'nationality', 'residencePermitSince', 'custody', 'pregnant', 'livesAlone', 'carer',
]);
const INCOME_KEYS = new Set(['person', 'kind', 'month', 'months', 'amount', 'grossAmount']);
const COUPLE_KEYS = new Set(['status', 'since']);
const HOUSING_KEYS = new Set(['status', 'monthlyRent', 'housingBenefit']);

/** Lists each field of `object` this bridge does not know: the contract has grown since it was written. */
function unknownKeys(object: object, known: ReadonlySet<string>, path: string, gap: (path: string, reason: string) => void): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) gap(path === '' ? key : `${path}.${key}`, "champ sans correspondance connue dans OpenFisca : non exporté");
  }
}

/**
 * The months of an income record: its `month`, or, for a record that spans months (`months: { from, to }`),
 * each month of the span; undefined when neither can be read.
 */
function recordMonths(income: Income): string[] | undefined {
  const raw = income as unknown as { readonly month?: unknown; readonly months?: unknown };
  if (typeof raw.month === 'string' && tryParseMonth(raw.month) !== undefined) return [raw.month];
  const span = raw.months as { readonly from?: unknown; readonly to?: unknown } | undefined;
  if (span !== null && typeof span === 'object' && typeof span.from === 'string') {
    const from = tryParseMonth(span.from);
    const to = typeof span.to === 'string' ? tryParseMonth(span.to) : from;
    if (from === undefined || to === undefined || to < from || to - from > 1200) return undefined;
    const out: string[] = [];
    for (let m = from; m <= to; m += 1) out.push(formatMonth(m));
    return out;
  }
  return undefined;
}

/** An amount crossing to OpenFisca: the decimal, at most two places, as the nearest JSON number. */
function toNumber(amount: Money): number {
  return Number(amount.toFixed(2));
}

function setValue(entity: Entity, variable: string, period: string, value: number | string | boolean): void {
  const values = (entity[variable] ??= {}) as Values;
  values[period] = value;
}

/** Asks for a result, unless the situation already gives that variable for that period. */
function requestValue(entity: Entity, variable: string, period: string): void {
  const values = (entity[variable] ??= {}) as Values;
  if (!Object.prototype.hasOwnProperty.call(values, period)) values[period] = null;
}
