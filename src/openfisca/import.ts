/**
 * From an OpenFisca-France situation — the body of `POST /calculate`, or the `input` of an OpenFisca YAML
 * test, already parsed — to our household. Both forms of a test are read: entities by id (`individus`,
 * `familles`, `foyers_fiscaux`, `menages`), and the shorthand where one person's variables and singular
 * entities (`menage`, `famille`, `foyer_fiscal`) sit at the top, with values given without period. Every
 * variable, value or entity that does not become part of the household is listed, in French, with its path:
 * nothing is dropped without a word. `null` values are requests for results, not data, and are skipped.
 * The household is then validated by `safeParseHousehold`, whose issues are returned as they are.
 */
import { formatMonth, parseEvaluationDate, tryParseDate, tryParseMonth } from '../dates.js';
import { findForbiddenKeys, formatPath, jsonDepthIssue } from '../errors.js';
import { INCOME_KINDS, type IncomeKind } from '../household/enums.js';
import { safeParseHousehold, type HouseholdIssue } from '../household/parse.js';
import type { Household } from '../household/schema.js';
import { Money, roundMoney } from '../money.js';
import type { OpenFiscaGap } from './types.js';
import {
  ACTIVITY_FROM_OPENFISCA,
  GROSS_VARIABLES,
  HOUSING_FROM_OPENFISCA,
  KIND_OF_VARIABLE,
  OPENFISCA_ROLES,
  SCHOOLING_FROM_OPENFISCA,
  VARIABLES,
  isEeaCode,
  type VariableEntity,
  type VariableSpec,
} from './variables.js';

/** Options of `fromOpenFisca`. */
export interface FromOpenFiscaOptions {
  /**
   * The evaluation date (`YYYY-MM-DD`): its month is the one whose state (activity, housing, rent…) is
   * read, and the household is validated at that date. Without it, the month is the one of the results
   * asked for (`null` values, or the `output` of a test), or the test's `period` if it is a month.
   */
  readonly date?: string | undefined;
}

/** The household read from a situation (validated when `success`), what could not be read, and the validation issues. */
export type OpenFiscaImport =
  | { readonly success: true; readonly household: Household; readonly unmapped: readonly OpenFiscaGap[]; readonly issues: readonly HouseholdIssue[] }
  | { readonly success: false; readonly household: unknown; readonly unmapped: readonly OpenFiscaGap[]; readonly issues: readonly HouseholdIssue[] };

/** Nesting accepted in a situation: a full test case with entities by id and periods nests 6 levels. */
export const OPENFISCA_MAX_DEPTH = 16;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

type Period = { readonly kind: 'month'; readonly index: number } | { readonly kind: 'year'; readonly year: number } | { readonly kind: 'eternity' };

interface Entry {
  readonly period: Period;
  readonly value: unknown;
  readonly path: string;
}

interface VarRef {
  readonly value: unknown;
  readonly path: readonly string[];
}

interface Group {
  readonly id: string;
  readonly roles: Map<string, string[]>;
  readonly vars: Map<string, VarRef>;
}

const COLLECTIONS = { familles: 'famille', foyers_fiscaux: 'foyer_fiscal', menages: 'menage' } as const;
type Collection = keyof typeof COLLECTIONS;
const SINGULAR: Readonly<Record<string, Collection>> = { famille: 'familles', foyer_fiscal: 'foyers_fiscaux', menage: 'menages' };
const COLLECTION_OF: Readonly<Record<Exclude<VariableEntity, 'individu'>, Collection>> = { famille: 'familles', foyer_fiscal: 'foyers_fiscaux', menage: 'menages' };
/** Keys of a YAML test case around its `input`: described, not data. */
const TEST_METADATA: ReadonlySet<string> = new Set(['name', 'description', 'keywords', 'absolute_error_margin', 'relative_error_margin', 'max_spiral_loops']);
const ENTITY_LABEL: Readonly<Record<VariableEntity, string>> = { individu: 'individu', famille: 'famille', foyer_fiscal: 'foyer fiscal', menage: 'ménage' };
const MONTH_KEY = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Reads an OpenFisca-France situation (or the `input` of a YAML test, or a whole test case
 * `{ period, input, output }`) as our household, listing in French what it could not read. Prototype keys
 * and nesting deeper than 16 levels are refused. Throws only on an invalid `options.date` (`DATE_INVALID`).
 *
 * @example
 * const r = fromOpenFisca({ individus: { p1: { date_naissance: { ETERNITY: '1990-01-01' } } } }, { date: '2026-11-24' });
 * if (r.success) console.log(r.household.persons[0].birthDate); // « 1990-01-01 »
 * for (const g of r.unmapped) console.error(`${g.path} : ${g.reason}`);
 */
export function fromOpenFisca(situation: unknown, options: FromOpenFiscaOptions = {}): OpenFiscaImport {
  const at = options.date === undefined ? undefined : parseEvaluationDate(options.date, 'date');
  const refused = (issues: HouseholdIssue[]): OpenFiscaImport => ({ success: false, household: undefined, unmapped: [], issues });
  const deep = jsonDepthIssue(situation, OPENFISCA_MAX_DEPTH);
  if (deep !== undefined) return refused([{ path: deep.path, message: `imbrication trop profonde : ${OPENFISCA_MAX_DEPTH} niveaux au plus dans une situation OpenFisca` }]);
  const forbidden = findForbiddenKeys(situation);
  if (forbidden.length > 0) return refused(forbidden.map((p) => ({ path: formatPath(p.slice(0, -1)), message: `clé interdite : ${String(p[p.length - 1])}` })));
  if (!isRec(situation)) return refused([{ path: '', message: 'situation OpenFisca attendue : un objet JSON (individus, familles, foyers_fiscaux, menages)' }]);
  return new Reader(situation, at?.monthIndex, at === undefined ? undefined : options.date).read();
}

/** One reading of a situation: the gaps found, and the household built. */
class Reader {
  private readonly gaps: OpenFiscaGap[] = [];
  private input: Rec;
  private readonly prefix: string[] = [];
  private testPeriod: Period | undefined;
  private month: number | undefined;
  private readonly individus = new Map<string, Map<string, VarRef>>();
  private readonly groups: Record<Collection, Map<string, Group>> = { familles: new Map(), foyers_fiscaux: new Map(), menages: new Map() };

  constructor(
    situation: Rec,
    month: number | undefined,
    private readonly date: string | undefined,
  ) {
    this.input = situation;
    this.month = month;
    this.unwrapTestCase(situation);
  }

  private gap(path: readonly string[] | string, reason: string): void {
    this.gaps.push({ path: typeof path === 'string' ? path : formatPath([...this.prefix, ...path]), reason });
  }

  /** A whole test case `{ period, input, output }`: its input is read, its period dates the values without one. */
  private unwrapTestCase(s: Rec): void {
    if (!isRec(s.input)) return;
    this.input = s.input;
    this.prefix.push('input');
    for (const [k, v] of Object.entries(s)) {
      if (k === 'input' || TEST_METADATA.has(k)) continue;
      if (k === 'period') {
        const p = typeof v === 'string' || typeof v === 'number' ? parsePeriod(String(v)) : undefined;
        if (p === undefined) this.gaps.push({ path: 'period', reason: `période du test « ${String(v).slice(0, 40)} » non reconnue : attendu AAAA-MM ou AAAA` });
        else this.testPeriod = p;
      } else if (k === 'output') this.gaps.push({ path: 'output', reason: 'résultats attendus du test : non importés (ce ne sont pas des données du foyer)' });
      else this.gaps.push({ path: formatPath([k]), reason: k === 'reforms' || k === 'extensions' ? 'réforme ou extension OpenFisca : non prise en compte' : 'clé de test inconnue : non importée' });
    }
    if (this.month === undefined) this.month = monthsIn(s.output).size === 1 ? [...monthsIn(s.output)][0] : undefined;
  }

  read(): OpenFiscaImport {
    this.collect();
    if (this.month === undefined) {
      const asked = requestedMonths(this.input);
      if (asked.size === 1) this.month = [...asked][0];
      else if (this.testPeriod?.kind === 'month') this.month = this.testPeriod.index;
    }
    const household = this.build();
    const parsed = safeParseHousehold(household, this.date === undefined ? {} : { date: this.date });
    if (parsed.success) return { success: true, household: parsed.household, unmapped: this.gaps, issues: [] };
    return { success: false, household, unmapped: this.gaps, issues: parsed.issues };
  }

  // ─── Collecting the entities ────────────────────────────────────────────────────────────────────────

  private collect(): void {
    const topLevel: [string, unknown][] = [];
    for (const [key, value] of Object.entries(this.input)) {
      if (key === 'individus') this.collectIndividus(value);
      else if (Object.hasOwn(COLLECTIONS, key)) this.collectGroups(key as Collection, value);
      else if (Object.hasOwn(SINGULAR, key) && SINGULAR[key] !== undefined) this.collectGroup(SINGULAR[key], this.freshId(SINGULAR[key]), value, [key]);
      else topLevel.push([key, value]);
    }
    // Variables at the top: the only person's, or the only entity's of their kind (YAML test shorthand).
    for (const [name, value] of topLevel) {
      const spec = VARIABLES.get(name);
      if (spec === undefined) {
        if (!isRequestOnly(value)) this.gap([name], `variable ou entité « ${name.slice(0, 60)} » inconnue du passage OpenFisca : non importée`);
        continue;
      }
      if (spec.entity === 'individu') {
        if (this.individus.size === 0) this.individus.set('p1', new Map());
        if (this.individus.size > 1) {
          this.gap([name], 'variable individuelle au premier niveau alors que la situation compte plusieurs individus : non importée');
          continue;
        }
        ([...this.individus.values()][0] as Map<string, VarRef>).set(name, { value, path: [name] });
      } else {
        const groups = this.groups[COLLECTION_OF[spec.entity]];
        if (groups.size === 0) groups.set(`${spec.entity}_1`, { id: `${spec.entity}_1`, roles: new Map(), vars: new Map() });
        if (groups.size > 1) {
          this.gap([name], `variable de ${ENTITY_LABEL[spec.entity]} au premier niveau alors que la situation en compte plusieurs : non importée`);
          continue;
        }
        ([...groups.values()][0] as Group).vars.set(name, { value, path: [name] });
      }
    }
  }

  private freshId(collection: Collection): string {
    let n = this.groups[collection].size + 1;
    while (this.groups[collection].has(`${COLLECTIONS[collection]}_${n}`)) n += 1;
    return `${COLLECTIONS[collection]}_${n}`;
  }

  private collectIndividus(value: unknown): void {
    if (!isRec(value)) return this.gap(['individus'], 'individus : un objet par identifiant attendu ({ "p1": { … } }) ; non importés');
    for (const [id, body] of Object.entries(value)) {
      if (!isRec(body)) {
        this.gap(['individus', id], 'individu : objet de variables attendu ; non importé');
        continue;
      }
      this.individus.set(id, new Map(Object.entries(body).map(([name, v]) => [name, { value: v, path: ['individus', id, name] }])));
    }
  }

  private collectGroups(collection: Collection, value: unknown): void {
    if (!isRec(value)) return this.gap([collection], `${collection} : un objet par identifiant attendu ; non importé`);
    for (const [id, body] of Object.entries(value)) this.collectGroup(collection, id, body, [collection, id]);
  }

  private collectGroup(collection: Collection, id: string, body: unknown, path: string[]): void {
    if (!isRec(body)) return this.gap(path, `${ENTITY_LABEL[COLLECTIONS[collection]]} : objet attendu (rôles et variables) ; non importé`);
    const group: Group = { id, roles: new Map(), vars: new Map() };
    const roles: readonly string[] = OPENFISCA_ROLES[collection];
    for (const [key, v] of Object.entries(body)) {
      if (roles.includes(key)) {
        const ids = memberIds(v);
        if (ids === undefined) this.gap([...path, key], 'rôle : identifiant ou liste d\'identifiants d\'individus attendu ; non importé');
        else group.roles.set(key, ids);
      } else group.vars.set(key, { value: v, path: [...path, key] });
    }
    this.groups[collection].set(id, group);
  }

  // ─── Building the household ─────────────────────────────────────────────────────────────────────────

  private build(): Rec {
    const menages = [...this.groups.menages.values()];
    const menage = menages.find((m) => (m.roles.get('personne_de_reference') ?? []).length > 0) ?? menages[0];
    const familles = [...this.groups.familles.values()];
    const known = (id: string | undefined): id is string => id !== undefined && this.individus.has(id);
    const applicant = [menage?.roles.get('personne_de_reference')?.[0], familles[0]?.roles.get('parents')?.[0], [...this.individus.keys()][0]].find(known);
    const famille = familles.find((f) => [...(f.roles.get('parents') ?? []), ...(f.roles.get('enfants') ?? [])].includes(applicant ?? '')) ?? (familles.length === 1 ? familles[0] : undefined);
    const foyer = [...this.groups.foyers_fiscaux.values()].find((f) => (f.roles.get('declarants') ?? []).includes(applicant ?? ''));
    const partner = [menage?.roles.get('conjoint')?.[0], ...(famille?.roles.get('parents') ?? [])].find((id) => known(id) && id !== applicant);
    const children: string[] = [];
    for (const id of [...(famille?.roles.get('enfants') ?? []), ...(menage?.roles.get('enfants') ?? []), ...(foyer?.roles.get('personnes_a_charge') ?? [])]) {
      if (known(id) && id !== applicant && id !== partner && !children.includes(id)) children.push(id);
    }
    // Members named in a role but absent from `individus`.
    for (const [collection, groups] of Object.entries(this.groups) as [Collection, Map<string, Group>][]) {
      for (const g of groups.values()) {
        for (const [role, ids] of g.roles) for (const id of ids) if (!this.individus.has(id)) this.gap([collection, g.id, role], `individu « ${id.slice(0, 64)} » absent de individus : ignoré`);
      }
    }
    const roleOf = (id: string): 'applicant' | 'partner' | 'child' | 'other' => (id === applicant ? 'applicant' : id === partner ? 'partner' : children.includes(id) ? 'child' : 'other');
    const order = [...(applicant === undefined ? [] : [applicant]), ...(partner === undefined ? [] : [partner]), ...children, ...[...this.individus.keys()].filter((id) => roleOf(id) === 'other')];

    const incomes: IncomeLine[] = [];
    const gross: IncomeLine[] = [];
    const persons: Rec[] = [];
    let marital: { value: string; path: string } | undefined;
    for (const id of order) {
      const p = this.person(id, roleOf(id), incomes, gross);
      persons.push(p.person);
      if (p.marital !== undefined && id === applicant) marital = p.marital;
    }

    const household: Rec = { persons };
    const couple = this.couple(partner !== undefined, marital);
    if (couple !== undefined) household.couple = couple;

    // The dwelling: commune, housing status and rent at the evaluation month.
    const housing: Rec = {};
    for (const m of menages) {
      const main = m === menage;
      for (const [name, ref] of m.vars) {
        const spec = this.specFor(name, ref, 'menage');
        if (spec === undefined) continue;
        if (!main) {
          this.gap(ref.path, 'variable d\'un autre ménage que celui du demandeur : non importée');
          continue;
        }
        if (name === 'depcom') {
          const v = this.state(ref, spec);
          const code = typeof v === 'number' && Number.isInteger(v) ? String(v).padStart(5, '0') : v;
          if (typeof code === 'string') household.commune = code;
          else if (v !== undefined) this.gap(ref.path, 'code INSEE de commune attendu (texte de 5 caractères) ; non importé');
        } else if (name === 'statut_occupation_logement') {
          const v = this.state(ref, spec);
          if (v === undefined || v === 'non_renseigne') continue;
          const status = typeof v === 'string' ? HOUSING_FROM_OPENFISCA[v] : undefined;
          if (status === undefined) this.gap(ref.path, `statut d'occupation « ${String(v).slice(0, 40)} » inconnu : non importé`);
          else housing.status = status;
        } else if (name === 'loyer') {
          const rent = this.atMonth(ref, 'loyer');
          if (rent !== undefined) housing.monthlyRent = rent;
        }
      }
    }

    // Families: their benefits (to the first parent), and the housing benefit of the month.
    for (const f of familles) {
      const owner = [...(f.roles.get('parents') ?? []), ...(f.roles.get('enfants') ?? [])].find(known);
      for (const [name, ref] of f.vars) {
        const spec = this.specFor(name, ref, 'famille');
        if (spec === undefined) continue;
        if (owner === undefined) {
          this.gap(ref.path, 'famille sans membre connu : variable non importée');
          continue;
        }
        const kind = KIND_OF_VARIABLE.get(name);
        if (kind === undefined) {
          this.gap(ref.path, "aucun type de revenu du foyer ne correspond à cette variable : non importée");
          continue;
        }
        for (const [month, amount] of this.amounts(ref, spec)) {
          if (name === 'aide_logement' && f === famille && month === this.month) housing.housingBenefit = amount;
          else incomes.push({ person: owner, kind, month, amount, path: formatPath([...this.prefix, ...ref.path]) });
        }
      }
    }
    if (Object.keys(housing).length > 0) household.housing = housing;

    // Tax returns: the reference income and the shares of each year of the applicant's tax household.
    const taxReturns: Rec[] = [];
    for (const f of this.groups.foyers_fiscaux.values()) {
      const rfr = new Map<number, string>();
      const shares = new Map<number, number>();
      for (const [name, ref] of f.vars) {
        const spec = this.specFor(name, ref, 'foyer_fiscal');
        if (spec === undefined) continue;
        if (f !== foyer) {
          this.gap(ref.path, "foyer fiscal qui n'est pas celui du demandeur : non importé");
          continue;
        }
        for (const e of this.entries(ref, spec)) {
          if (e.period.kind !== 'year') {
            this.gap(e.path, 'variable annuelle : une année (AAAA) attendue comme période ; non importée');
            continue;
          }
          if (name === 'rfr') {
            const a = this.amount(e.value, e.path);
            if (a !== undefined) rfr.set(e.period.year, a);
          } else if (typeof e.value === 'number') shares.set(e.period.year, e.value);
          else this.gap(e.path, 'nombre de parts attendu ; non importé');
        }
      }
      for (const year of [...new Set([...rfr.keys(), ...shares.keys()])].sort((a, b) => a - b)) {
        const r = rfr.get(year);
        const s = shares.get(year);
        if (r !== undefined && s !== undefined) taxReturns.push({ year, referenceIncome: r, shares: s });
        else this.gap(formatPath([...this.prefix, 'foyers_fiscaux', f.id, r === undefined ? 'nbptr' : 'rfr', String(year)]), r === undefined ? 'nombre de parts sans revenu fiscal de référence la même année : avis non importé' : 'revenu fiscal de référence sans nombre de parts la même année : avis non importé');
      }
    }

    // Incomes: gross amounts join the net record of their person and month.
    const lines = this.incomeLines(incomes, gross, order);
    if (lines.length > 0) household.incomes = lines;
    // OpenFisca counts zero for every income it is not given: the situation states every income there is.
    household.incomesComplete = true;
    if (taxReturns.length > 0) household.taxReturns = taxReturns;
    return household;
  }

  /** The spec of a group variable, or undefined after listing it (unknown, or of another entity). */
  private specFor(name: string, ref: VarRef, entity: VariableEntity): VariableSpec | undefined {
    const spec = VARIABLES.get(name);
    if (spec === undefined) {
      if (!isRequestOnly(ref.value)) this.gap(ref.path, `variable « ${name.slice(0, 60)} » inconnue du passage OpenFisca : non importée`);
      return undefined;
    }
    if (spec.entity !== entity) {
      this.gap(ref.path, `variable de l'entité ${ENTITY_LABEL[spec.entity]}, trouvée sur un(e) ${ENTITY_LABEL[entity]} : non importée`);
      return undefined;
    }
    return spec;
  }

  private person(id: string, role: 'applicant' | 'partner' | 'child' | 'other', incomes: IncomeLine[], gross: IncomeLine[]): { person: Rec; marital?: { value: string; path: string } } {
    const person: Rec = { id, role };
    let activite: string | undefined;
    let flag: 'apprentice' | 'work-study' | 'civic-service' | undefined;
    let nationalite: string | undefined;
    let eee: boolean | undefined;
    let marital: { value: string; path: string } | undefined;
    for (const [name, ref] of this.individus.get(id) ?? []) {
      const spec = this.specFor(name, ref, 'individu');
      if (spec === undefined) continue;
      const kind = KIND_OF_VARIABLE.get(name);
      const grossOf = (Object.entries(GROSS_VARIABLES) as [IncomeKind, string][]).find(([, g]) => g === name)?.[0];
      if (spec.type === 'amount' && kind === undefined && grossOf === undefined) {
        this.gap(ref.path, "aucun type de revenu du foyer ne correspond à cette variable : non importée");
        continue;
      }
      if (kind !== undefined || grossOf !== undefined) {
        for (const [month, amount] of this.amounts(ref, spec)) {
          (kind !== undefined ? incomes : gross).push({ person: id, kind: kind ?? (grossOf as IncomeKind), month, amount, path: formatPath([...this.prefix, ...ref.path]) });
        }
        continue;
      }
      const v = this.state(ref, spec);
      if (v === undefined) continue;
      const path = formatPath([...this.prefix, ...ref.path]);
      const wrong = (what: string): void => this.gap(path, `${what} : valeur « ${String(v).slice(0, 40)} » non reconnue ; non importée`);
      switch (name) {
        case 'date_naissance':
        case 'date_debut_chomage': {
          const d = dateValue(v);
          if (d === undefined) wrong('date attendue (AAAA-MM-JJ)');
          else if (name === 'date_naissance') person.birthDate = d;
          else if (d !== '9999-12-31') person.unemployedSince = d; // date.max: OpenFisca's « never »
          break;
        }
        case 'activite':
          if (typeof v === 'string' && ACTIVITY_FROM_OPENFISCA[v] !== undefined) activite = v;
          else wrong('activité');
          break;
        case 'apprenti':
        case 'alternant':
        case 'service_civique':
          if (typeof v !== 'boolean') wrong('vrai ou faux attendu');
          else if (v) flag = name === 'apprenti' ? 'apprentice' : name === 'alternant' ? 'work-study' : 'civic-service';
          break;
        case 'statut_marital':
          if (typeof v !== 'string') wrong('statut marital');
          else if (role === 'applicant') marital = { value: v, path };
          else if (role !== 'partner') this.gap(path, "statut marital d'une personne qui n'est ni le demandeur ni son conjoint : non importé");
          break;
        case 'garde_alternee':
          if (typeof v !== 'boolean') wrong('vrai ou faux attendu');
          else if (role === 'child') person.custody = v ? 'shared' : 'full';
          else this.gap(path, "garde alternée d'une personne qui n'est pas un enfant de la famille : non importée");
          break;
        case 'taux_incapacite':
          if (typeof v === 'number') person.disabilityRate = v;
          else wrong("taux d'incapacité (nombre entre 0 et 1)");
          break;
        case 'gir': {
          const m = typeof v === 'string' ? /^gir_([1-6])$/.exec(v) : null;
          if (m !== null) person.gir = Number(m[1]);
          else if (v !== 'non_defini') wrong('GIR');
          break;
        }
        case 'inapte_travail':
        case 'enceinte':
        case 'aah_restriction_substantielle_durable_acces_emploi':
          if (typeof v !== 'boolean') wrong('vrai ou faux attendu');
          else person[name === 'enceinte' ? 'pregnant' : name === 'inapte_travail' ? 'unfitForWork' : 'restrictedWorkAccess'] = v;
          break;
        case 'nationalite':
          if (typeof v === 'string') nationalite = v.toUpperCase();
          else wrong('code pays ISO attendu');
          break;
        case 'ressortissant_eee':
          if (typeof v === 'boolean') eee = v;
          else wrong('vrai ou faux attendu');
          break;
        case 'duree_possession_titre_sejour':
          if (typeof v !== 'number' || !(v >= 0)) wrong('durée en années attendue');
          else if (this.month === undefined) this.gap(path, "durée du titre de séjour sans mois d'évaluation pour la dater : non importée");
          else {
            // Months of the permit, counted back from the evaluation month: its first day gives the same completed months at any day of that month.
            person.residencePermitSince = `${formatMonth(this.month - Math.round(v * 12))}-01`;
          }
          break;
        case 'scolarite':
          if (typeof v === 'string' && SCHOOLING_FROM_OPENFISCA[v] !== undefined) person.schooling = SCHOOLING_FROM_OPENFISCA[v];
          else if (v !== 'inconnue') wrong('scolarité');
          break;
        default:
          this.gap(path, 'variable non prise en charge : non importée');
      }
    }
    // An apprentice, a work-study student, a civic-service volunteer: a flag beside `activite`.
    const own = incomes.filter((i) => i.person === id);
    if (flag !== undefined) person.activity = flag;
    else if (activite !== undefined) {
      const base = ACTIVITY_FROM_OPENFISCA[activite];
      // « actif » with self-employment income and no salary: self-employed.
      person.activity = base === 'employed' && own.some((i) => i.kind === 'self-employment') && !own.some((i) => i.kind === 'salary') ? 'self-employed' : base;
    }
    if (nationalite !== undefined) person.nationality = nationalite === 'FR' ? 'fr' : (eee ?? isEeaCode(nationalite)) ? 'eea' : 'other';
    else if (eee === false) person.nationality = 'other';
    else if (eee === true) this.gap(formatPath([...this.prefix, 'individus', id, 'ressortissant_eee']), 'ressortissant européen sans code de nationalité : nationalité non importée');
    return marital === undefined ? { person } : { person, marital };
  }

  private couple(hasPartner: boolean, marital: { value: string; path: string } | undefined): Rec | undefined {
    const v = marital?.value;
    if (hasPartner) {
      if (v === 'divorce' || v === 'veuf' || v === 'jeune_veuf') this.gap(marital?.path ?? '', `statut marital « ${v} » avec un conjoint dans la famille : vie en couple retenue`);
      return { status: 'couple' };
    }
    if (v === undefined || v === 'non_renseigne') return undefined;
    if (v === 'celibataire') return { status: 'single' };
    if (v === 'divorce') return { status: 'separated' };
    if (v === 'veuf' || v === 'jeune_veuf') return { status: 'widowed' };
    this.gap(marital?.path ?? '', v === 'marie' || v === 'pacse' ? `${v === 'marie' ? 'marié' : 'pacsé'} sans conjoint dans la situation : situation de couple non importée` : `statut marital « ${v.slice(0, 40)} » inconnu : non importé`);
    return undefined;
  }

  private incomeLines(incomes: readonly IncomeLine[], gross: readonly IncomeLine[], order: readonly string[]): Rec[] {
    const beyond = this.date === undefined ? undefined : this.month;
    const key = (l: IncomeLine): string => `${l.person}\u0000${l.kind}\u0000${String(l.month)}`;
    const lines = new Map<string, Rec & { person: string; kind: IncomeKind; monthIndex: number }>();
    for (const l of incomes) {
      if (beyond !== undefined && l.month > beyond) {
        this.gap(l.path, `revenu de ${formatMonth(l.month)}, postérieur au mois de la date d'évaluation : non importé`);
        continue;
      }
      const existing = lines.get(key(l));
      if (existing !== undefined) existing.amount = new Money(existing.amount as string).plus(l.amount).toFixed(2);
      else lines.set(key(l), { person: l.person, kind: l.kind, month: formatMonth(l.month), amount: l.amount, monthIndex: l.month });
    }
    for (const g of gross) {
      if (beyond !== undefined && g.month > beyond) {
        this.gap(g.path, `revenu brut de ${formatMonth(g.month)}, postérieur au mois de la date d'évaluation : non importé`);
        continue;
      }
      const net = lines.get(key(g));
      if (net === undefined) this.gap(g.path, `montant brut de ${formatMonth(g.month)} sans montant net du même mois : non importé`);
      else net.grossAmount = g.amount;
    }
    const rank = (id: string): number => order.indexOf(id);
    return [...lines.values()]
      .sort((a, b) => rank(a.person) - rank(b.person) || INCOME_KINDS.indexOf(a.kind) - INCOME_KINDS.indexOf(b.kind) || a.monthIndex - b.monthIndex)
      .map(({ monthIndex: _m, ...line }) => line);
  }

  // ─── Reading values and periods ─────────────────────────────────────────────────────────────────────

  /** The values of a variable by period; a value without period is of the test's period (or the evaluation month). */
  private entries(ref: VarRef, spec: VariableSpec): Entry[] {
    const path = formatPath([...this.prefix, ...ref.path]);
    const v = ref.value;
    if (v === null) return [];
    if (Array.isArray(v)) {
      this.gap(path, "liste de valeurs (plusieurs cas d'un test vectoriel) : non prise en charge, une valeur par individu attendue");
      return [];
    }
    if (isRec(v)) {
      const out: Entry[] = [];
      for (const [k, x] of Object.entries(v)) {
        if (x === null) continue;
        const p = spec.period === 'eternity' ? { kind: 'eternity' as const } : parsePeriod(k);
        const at = formatPath([...this.prefix, ...ref.path, k]);
        if (p === undefined) this.gap(at, `période « ${k.slice(0, 40)} » non reconnue : attendu AAAA-MM, AAAA ou ETERNITY ; non importée`);
        else if (Array.isArray(x) || isRec(x)) this.gap(at, 'valeur simple attendue pour une période ; non importée');
        else out.push({ period: p, value: x, path: at });
      }
      return out;
    }
    const period: Period | undefined = spec.period === 'eternity' ? { kind: 'eternity' } : (this.testPeriod ?? (this.month === undefined ? undefined : { kind: 'month', index: this.month }));
    if (period === undefined) {
      this.gap(path, "valeur sans période, sans date d'évaluation ni période de test pour la situer : non importée");
      return [];
    }
    return [{ period, value: v, path }];
  }

  /** The state a variable gives for the evaluation month (or its only value when the month is unknown). */
  private state(ref: VarRef, spec: VariableSpec): unknown {
    const entries = this.entries(ref, spec);
    if (entries.length === 0) return undefined;
    const month = this.month;
    let candidates = entries;
    if (spec.period !== 'eternity' && month !== undefined) {
      candidates = [];
      for (const e of entries) {
        if (covers(e.period, month)) candidates.push(e);
        else this.gap(e.path, `valeur d'une autre période que le mois d'évaluation (${formatMonth(month)}) : non importée`);
      }
      const exact = candidates.filter((e) => e.period.kind === 'month');
      if (exact.length > 0) candidates = exact;
    }
    const distinct = [...new Set(candidates.map((e) => comparable(e.value)))];
    if (distinct.length > 1) {
      this.gap(formatPath([...this.prefix, ...ref.path]), month === undefined ? "plusieurs valeurs selon la période, sans mois d'évaluation pour choisir : non importée" : 'plusieurs valeurs pour le mois d\'évaluation : non importée');
      return undefined;
    }
    return candidates[0]?.value;
  }

  /** The amount of the evaluation month of a monthly variable (the rent); other months are listed. */
  private atMonth(ref: VarRef, name: string): string | undefined {
    const spec = VARIABLES.get(name) as VariableSpec;
    const all = [...this.amounts(ref, spec)];
    const month = this.month ?? (all.length === 1 ? all[0]?.[0] : undefined);
    let found: string | undefined;
    for (const [m, amount] of all) {
      if (m === month) found = amount;
      else this.gap(formatPath([...this.prefix, ...ref.path, formatMonth(m)]), month === undefined ? "plusieurs mois sans mois d'évaluation pour choisir : non importé" : `montant d'un autre mois que le mois d'évaluation (${formatMonth(month)}) : non importé`);
    }
    return found;
  }

  /**
   * The amounts of a monthly variable, by month index. A yearly value is split into twelve months, as
   * OpenFisca does (`set_input_divide_by_period`); when a twelfth is not a whole number of cents, each month
   * is rounded to the cent, and said.
   */
  private amounts(ref: VarRef, spec: VariableSpec): Map<number, string> {
    const out = new Map<number, string>();
    const fromYear = new Map<number, string>();
    for (const e of this.entries(ref, spec)) {
      if (e.period.kind === 'eternity') {
        this.gap(e.path, 'montant sans mois ni année : non importé');
        continue;
      }
      const a = this.amount(e.value, e.path);
      if (a === undefined) continue;
      if (e.period.kind === 'month') {
        if (out.has(e.period.index)) this.gap(e.path, 'deux montants pour le même mois : le premier est gardé');
        else out.set(e.period.index, a);
        continue;
      }
      const twelfth = new Money(a).div(12);
      const monthly = roundMoney(twelfth, 2, 'half-up');
      if (!monthly.eq(twelfth)) this.gap(e.path, `montant annuel ${a} réparti sur 12 mois : ${monthly.toFixed(2)} par mois, arrondi au centime`);
      for (let k = 0; k < 12; k += 1) fromYear.set(e.period.year * 12 + k, monthly.toFixed(2));
    }
    // A month given on its own prevails over the share of a year given for the same month.
    for (const [m, a] of fromYear) if (!out.has(m)) out.set(m, a);
    return new Map([...out.entries()].sort((x, y) => x[0] - y[0]));
  }

  /** An amount crossing from OpenFisca: the number as written, exact, in euros with two decimals. */
  private amount(value: unknown, path: string): string | undefined {
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? value.trim() : undefined;
    if (text === undefined) {
      this.gap(path, 'montant attendu (un nombre) ; non importé');
      return undefined;
    }
    const d = new Money(text);
    if (d.isNegative() && !d.isZero()) {
      this.gap(path, 'montant négatif (déficit) : le foyer ne reçoit que des montants positifs ou nuls ; non importé');
      return undefined;
    }
    const cents = roundMoney(d, 2, 'half-up');
    if (!cents.eq(d)) this.gap(path, `montant ${text} arrondi au centime : ${cents.toFixed(2)}`);
    return cents.abs().toFixed(2);
  }
}

interface IncomeLine {
  readonly person: string;
  readonly kind: IncomeKind;
  readonly month: number;
  readonly amount: string;
  readonly path: string;
}

/** A period of OpenFisca: `2026-11`, `2026`, `ETERNITY`, `month:2026-11`, `year:2026`. */
function parsePeriod(key: string): Period | undefined {
  const k = key.trim();
  if (/^eternity$/i.test(k)) return { kind: 'eternity' };
  const m = /^(?:month:)?(\d{4}-\d{2})(?::1)?$/.exec(k);
  if (m !== null) {
    const index = tryParseMonth(m[1] as string);
    return index === undefined ? undefined : { kind: 'month', index };
  }
  const y = /^(?:year:)?(\d{4})(?::1)?$/.exec(k);
  return y === null ? undefined : { kind: 'year', year: Number(y[1]) };
}

function covers(p: Period, month: number): boolean {
  return p.kind === 'eternity' || (p.kind === 'month' ? p.index === month : Math.floor(month / 12) === p.year);
}

/** The ids of a role: one id, or a list (YAML may write them as numbers). */
function memberIds(v: unknown): string[] | undefined {
  const one = (x: unknown): string | undefined => (typeof x === 'string' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : undefined);
  if (Array.isArray(v)) {
    const ids = v.map(one);
    return ids.every((x) => x !== undefined) ? (ids as string[]) : undefined;
  }
  const id = one(v);
  return id === undefined ? undefined : [id];
}

/** A date as `YYYY-MM-DD`: a string (checked later by the household parser), or a `Date` read by YAML. */
function dateValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  return undefined;
}

function comparable(v: unknown): unknown {
  return v instanceof Date ? v.toISOString() : v;
}

/** Whether a value only asks for results (`null`, or `null` for every period). */
function isRequestOnly(v: unknown): boolean {
  return v === null || (isRec(v) && Object.values(v).every((x) => x === null));
}

/** The months asked for (`null` values) anywhere in the situation. */
function requestedMonths(input: Rec): Set<number> {
  const out = new Set<number>();
  const visit = (node: unknown, depth: number): void => {
    if (!isRec(node) || depth > OPENFISCA_MAX_DEPTH) return;
    for (const [k, v] of Object.entries(node)) {
      if (v === null && MONTH_KEY.test(k)) out.add(tryParseMonth(k) as number);
      else visit(v, depth + 1);
    }
  };
  visit(input, 0);
  return out;
}

/** The months named as periods anywhere in a test's `output`. */
function monthsIn(output: unknown): Set<number> {
  const out = new Set<number>();
  const visit = (node: unknown, depth: number): void => {
    if (!isRec(node) || depth > OPENFISCA_MAX_DEPTH) return;
    for (const [k, v] of Object.entries(node)) {
      if (MONTH_KEY.test(k)) out.add(tryParseMonth(k) as number);
      visit(v, depth + 1);
    }
  };
  visit(output, 0);
  return out;
}
