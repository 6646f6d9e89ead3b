import * as z from 'zod/mini';
import { VOCABULARIES, VOCABULARY_LABELS, type Vocabulary } from './enums.js';
import { HOUSEHOLD_LIMITS, claimsSchema, householdSchema } from './schema.js';

/** A JSON Schema object, as zod emits it. */
type JsonSchema = { [key: string]: unknown };

/** The public address of the household schema (also its `$id`). */
export const HOUSEHOLD_SCHEMA_ID = 'https://non-recours.fr/schema/household.schema.json';

/** « valeurs : applicant (demandeur), partner (conjoint), … », from the French labels of a vocabulary, in the contract's order. */
function values(vocabulary: Vocabulary): string {
  const labels: Readonly<Record<string, string>> = VOCABULARY_LABELS[vocabulary];
  return `Valeurs : ${(VOCABULARIES[vocabulary] as readonly string[]).map((v) => `${v} (${labels[v] ?? v})`).join(', ')}.`;
}

/** 10000000 → « 10 000 000 ». */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

const AMOUNT = `chaîne décimale positive ou nulle, point décimal, au centime près (« 1450.00 »), ${thousands(HOUSEHOLD_LIMITS.amountEuros)}.00 au plus`;
const DATE = `AAAA-MM-JJ (un jour réel du calendrier, pas après la date d'évaluation)`;
const UNKNOWN = 'Absent : inconnu (jamais zéro ni « non ») ; demandé si une règle en a besoin.';

/**
 * The French description of each field of the household, by path: `a.b` a property, `a[]` the items of
 * an array, `a{}` the values of a record, `a{key}` its keys. The meanings are those of DESIGN.md
 * (« The household »): a field that is absent is unknown, never zero — a rule that needs it is
 * undetermined, never ineligible. Kept here, out of schema.ts, so that the browser bundle carries no
 * documentation. A test checks that every property of the generated schema is described and that no
 * entry is stale.
 */
export const HOUSEHOLD_FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  id: `Référence du foyer chez l'appelant (${String(HOUSEHOLD_LIMITS.householdId)} caractères au plus), renvoyée telle quelle dans le rapport ; sans effet sur l'évaluation.`,
  commune: `Code INSEE de la commune de résidence, 5 caractères (« 86194 » pour Poitiers, « 2A004 » en Corse) ; ce n'est pas le code postal. Absent : commune inconnue, les aides réservées à un territoire restent indéterminées.`,
  area: `Quartier de résidence, pour les aides réservées à un quartier (quartier prioritaire de la ville…) : minuscules, chiffres et tirets (« trois-cites »), ${String(HOUSEHOLD_LIMITS.text)} caractères au plus. Absent : quartier inconnu.`,

  persons: `Les personnes du foyer, de 1 à ${String(HOUSEHOLD_LIMITS.persons)} : exactement un demandeur (role applicant), au plus un conjoint (role partner), les enfants et les autres personnes.`,
  'persons[]': 'Une personne du foyer. Un champ facultatif absent est inconnu, jamais remplacé par zéro ou « non ».',
  'persons[].id': `Identifiant de la personne dans le foyer (« p1 », « c1 »), unique, ${String(HOUSEHOLD_LIMITS.personId)} caractères au plus ; les revenus la désignent par incomes[].person.`,
  'persons[].role': `Rôle de la personne dans le foyer. ${values('role')}`,
  'persons[].birthDate': `Date de naissance, ${DATE}. Absente : âge inconnu.`,
  'persons[].activity': `Situation professionnelle de la personne. ${UNKNOWN} ${values('activity')}`,
  'persons[].unemployedSince': `Date d'inscription comme demandeur d'emploi (France Travail), ${DATE}. ${UNKNOWN}`,
  'persons[].disabilityRate': `Taux d'incapacité reconnu par la MDPH, fraction de 0 à 1 (0.5 pour 50 %, 0.8 pour 80 %). ${UNKNOWN}`,
  'persons[].gir': `GIR (groupe iso-ressources de la grille AGGIR) évalué par l'équipe médico-sociale : entier de 1 (très dépendant) à 6 (autonome). ${UNKNOWN}`,
  'persons[].unfitForWork': `Inaptitude au travail reconnue (true) ou non (false). ${UNKNOWN}`,
  'persons[].restrictedWorkAccess': `Restriction substantielle et durable d'accès à l'emploi (RSDAE) reconnue par la CDAPH (true) ou non (false) : ouvre l'AAH avec une incapacité de 50 à 79 %. ${UNKNOWN}`,
  'persons[].schooling': `Lieu de scolarité ou d'accueil de l'enfant ou du jeune ; none : ni scolarisé ni gardé. ${UNKNOWN} ${values('schooling')}`,
  'persons[].nationality': `Nationalité de la personne. ${UNKNOWN} ${values('nationality')}`,
  'persons[].residencePermitSince': `Date du premier titre de séjour autorisant à travailler, ${DATE} ; lue pour une personne de nationalité other (ancienneté de séjour exigée par le RSA, par exemple). ${UNKNOWN}`,
  'persons[].custody': `Mode de garde d'un enfant (role child seulement). ${UNKNOWN} ${values('custody')}`,
  'persons[].pregnant': `Grossesse en cours (true) ou non (false). ${UNKNOWN}`,
  'persons[].livesAlone': `La personne vit seule dans son logement (true) ou non (false). ${UNKNOWN}`,
  'persons[].carer': `La personne aide régulièrement un proche âgé ou handicapé (aidant) : true ou false. ${UNKNOWN}`,

  couple: 'Situation de couple du demandeur. Absente : inconnue.',
  'couple.status': `Situation de couple ; couple exige une personne de role partner, les autres valeurs n'en admettent pas. ${values('coupleStatus')}`,
  'couple.since': `Date de la mise en couple, de la séparation ou du veuvage, ${DATE} ; sans objet pour single. Absente : inconnue.`,

  incomes: `Revenus mensuels des personnes du foyer, une ligne par personne, nature et mois (${thousands(HOUSEHOLD_LIMITS.incomes)} lignes au plus). Un mois sans ligne pour le demandeur ou son conjoint est inconnu, sauf si incomesComplete vaut true. Absent : revenus inconnus.`,
  'incomes[]': 'Un revenu perçu (ou une pension alimentaire versée) par une personne pendant un mois civil.',
  'incomes[].person': 'Identifiant (persons[].id) de la personne qui perçoit ce revenu ou verse cette pension alimentaire.',
  'incomes[].kind': `Nature du revenu ; alimony-paid, versée par la personne, est déduite des ressources. ${values('incomeKind')}`,
  'incomes[].month': `Mois civil du revenu, AAAA-MM (pas après le mois de la date d'évaluation).`,
  'incomes[].amount': `Montant du mois en euros, net sauf si la nature dit autre chose : ${AMOUNT} ; 0 pour un mois déclaré sans ce revenu.`,
  'incomes[].grossAmount': `Montant brut du mois en euros, avant CSG et CRDS, pour une pension (l'ASPA le lit) ou un salaire seulement : ${AMOUNT}. Absent : brut inconnu, demandé si une règle compte la pension en brut.`,
  incomesComplete: 'true : tous les revenus du foyer sont déclarés, un mois sans ligne de revenu vaut alors 0 € ; false ou absent : un mois sans ligne est inconnu (jamais zéro).',

  taxReturns: `Avis d'imposition du foyer, un par année de revenus (${String(HOUSEHOLD_LIMITS.taxReturns)} au plus) ; les règles lisent ceux des revenus N-1 ou N-2. Absent : avis inconnus.`,
  'taxReturns[]': `Un avis d'imposition : l'année des revenus, le revenu fiscal de référence et le nombre de parts.`,
  'taxReturns[].year': `Année des revenus déclarés, de 1990 à 2100 (l'avis reçu en 2025 porte sur les revenus de 2024 : year vaut 2024) ; une seule fois par année.`,
  'taxReturns[].referenceIncome': `Revenu fiscal de référence de l'avis, en euros par an : ${AMOUNT}.`,
  'taxReturns[].shares': `Nombre de parts fiscales de l'avis (quotient familial fiscal), multiple de 0,25 de 1 à 20.`,

  housing: 'Logement du foyer. Absent : logement inconnu.',
  'housing.status': `Situation de logement ; hosted ne dit pas si l'hébergement est gratuit : préférez hosted-free ou hosted-paying (le forfait logement du RSA en dépend, CASF art. R262-9). ${UNKNOWN} ${values('housingStatus')}`,
  'housing.monthlyRent': `Loyer mensuel charges comprises, en euros par mois : ${AMOUNT}. ${UNKNOWN}`,
  'housing.housingBenefit': `Aide au logement perçue (APL, ALF, ALS), en euros par mois : ${AMOUNT} ; 0 si le foyer n'en perçoit pas. ${UNKNOWN}`,

  claims: `Demandes en cours, par identifiant de règle du catalogue (${thousands(HOUSEHOLD_LIMITS.claims)} au plus), selon la typologie du non-recours de l'Odenore : non-connaissance (unaware), non-demande (not-applied), non-réception (refused, ou applied en attente), non-proposition (not-offered). Absent : aucun état connu ; une règle éligible sans état ici est « perception non renseignée » (claimUnknown), jamais comptée en non-recours ; une règle éligible dont l'état n'est pas receiving est du non-recours (unclaimed), sa cause étant cet état.`,
  'claims{key}': `Identifiant d'une règle du catalogue (le nom de son fichier) : minuscules, chiffres et tirets, ${String(HOUSEHOLD_LIMITS.text)} caractères au plus.`,
  'claims{}': `État de la demande du foyer pour cette règle. ${values('claimState')}`,

  services: 'Services municipaux utilisés par le foyer, pour calculer les tarifs solidaires. Absent : consommation inconnue.',
  'services.crecheHoursPerMonth': `Heures d'accueil en crèche par mois, nombre de 0 à ${String(HOUSEHOLD_LIMITS.hoursPerMonth)} (31 jours × 24 heures). ${UNKNOWN}`,
  'services.canteenMealsPerMonth': `Repas de cantine scolaire par mois, nombre de 0 à ${String(HOUSEHOLD_LIMITS.mealsPerMonth)} (3 repas par jour pendant 31 jours). ${UNKNOWN}`,
  'services.afterSchoolHoursPerMonth': `Heures d'accueil périscolaire par mois, nombre de 0 à ${String(HOUSEHOLD_LIMITS.hoursPerMonth)}. ${UNKNOWN}`,
  'services.mealsAtHomePerMonth': `Repas livrés à domicile (portage de repas) par mois, nombre de 0 à ${String(HOUSEHOLD_LIMITS.mealsPerMonth)}. ${UNKNOWN}`,
};

/** One schema of a field: a property, the items of an array, the values or the keys of a record. */
export interface SchemaField {
  /** Its path in the syntax of HOUSEHOLD_FIELD_DESCRIPTIONS (`persons[].birthDate`, `claims{}`). */
  readonly path: string;
  readonly schema: JsonSchema;
}

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every field of a JSON Schema at every depth, in document order, by an iterative walk (no recursion: the
 * depth of a schema costs no stack). `anyOf`/`oneOf`/`allOf` branches and `$ref`s to `#/$defs/…` are
 * followed under the path of the field that holds them; a `$defs` entry is walked once, under the first
 * path that reaches it (a recursive schema ends), so its properties are described under that path.
 */
export function schemaFields(root: JsonSchema): SchemaField[] {
  const defs = isSchema(root.$defs) ? root.$defs : {};
  const walked = new Set<string>();
  const out: SchemaField[] = [];
  const stack: { path: string; schema: JsonSchema; field: boolean }[] = [{ path: '', schema: root, field: false }];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const { path, schema } = top;
    if (top.field) out.push({ path, schema });
    const next: { path: string; schema: JsonSchema; field: boolean }[] = [];
    if (isSchema(schema.properties)) {
      for (const [key, sub] of Object.entries(schema.properties)) if (isSchema(sub)) next.push({ path: path === '' ? key : `${path}.${key}`, schema: sub, field: true });
    }
    if (isSchema(schema.items)) next.push({ path: `${path}[]`, schema: schema.items, field: true });
    if (isSchema(schema.propertyNames)) next.push({ path: `${path}{key}`, schema: schema.propertyNames, field: true });
    if (isSchema(schema.additionalProperties)) next.push({ path: `${path}{}`, schema: schema.additionalProperties, field: true });
    for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = schema[combinator];
      if (Array.isArray(branches)) for (const b of branches as unknown[]) if (isSchema(b)) next.push({ path, schema: b, field: false });
    }
    const ref = typeof schema.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(schema.$ref) : null;
    if (ref !== null) {
      const name = (ref[1] as string).replace(/~1/g, '/').replace(/~0/g, '~');
      const target = defs[name];
      if (isSchema(target) && !walked.has(name)) {
        walked.add(name);
        next.push({ path, schema: target, field: false });
      }
    }
    // Pushed in reverse so that they are popped in document order.
    for (let i = next.length - 1; i >= 0; i -= 1) stack.push(next[i] as (typeof next)[number]);
  }
  return out;
}

/** A copy of `schema` where each field listed in `texts` (by path) carries that description, first among its keys. */
function describeFields(schema: JsonSchema, texts: Readonly<Record<string, string>>): JsonSchema {
  const copy = structuredClone(schema);
  for (const { path, schema: field } of schemaFields(copy)) {
    const text = texts[path];
    if (text === undefined) continue;
    // Rewritten in place (the walk holds this object): the description first, then the constraints.
    const { description: _previous, ...constraints } = field;
    for (const key of Object.keys(field)) delete field[key];
    Object.assign(field, { description: text }, constraints);
  }
  return copy;
}

/** The JSON Schema of the household contract, generated from the zod schema (shipped in `schema/`), each field described in French. */
export function householdJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(householdSchema, {
    io: 'input',
    unrepresentable: 'any',
    // A refinement has no JSON Schema of its own: the bound on the number of claims is written here.
    override: (ctx) => {
      if (ctx.zodSchema === claimsSchema) ctx.jsonSchema.maxProperties = HOUSEHOLD_LIMITS.claims;
    },
  }) as JsonSchema;
  const { $schema, ...body } = describeFields(generated, HOUSEHOLD_FIELD_DESCRIPTIONS);
  return {
    $schema,
    $id: HOUSEHOLD_SCHEMA_ID,
    title: 'Foyer (non-recours)',
    description: "Un foyer évalué par non-recours : personnes, revenus mensuels, avis d'imposition, logement, demandes en cours. Une donnée absente est inconnue, jamais zéro.",
    ...body,
  };
}
