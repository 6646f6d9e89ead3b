import * as z from 'zod/mini';
import { incomePolicySchema } from '../facts/income-policy.js';
import { CUSTODY, ROLES, SCHOOLING } from '../household/enums.js';
import { DECIMAL_RE, ROUNDING_MODES } from '../money.js';
import { OPERATORS, PERIODS } from './ast.js';
import { ARITHMETIC, ARITHMETIC_KINDS } from './grammar.js';
import { parameterFileSchema, sourceSchema } from './parameters.js';
import { ruleFileSchema, territorySchema } from './rule-file.js';
import { namedValueHeadSchema, valuesFileSchema } from './values.js';

/*
 * JSON Schemas (draft 2020-12) of the three kinds of files of a rule folder, for editors and for tools
 * that check a folder before the loader does. The zod parts (head of a rule, parameters, head of a named
 * value) are converted by zod; the recursive grammar that `validate.ts` checks by hand (conditions,
 * values, expressions, amounts) is written here as `$defs`, from the same constants. What a schema cannot
 * say (a fact exists and has the operator's type, a parameter exists, dates are real days, thresholds
 * increase) stays the loader's job.
 */

type Schema = Record<string, unknown>;

const BASE = 'https://non-recours.fr/schema/';
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** Facts of the library and named values of a folder (which folders name themselves): not enumerated. */
const FACT_ID = '^[a-zA-Z0-9.-]+$';

const toJson = (schema: z.core.$ZodType): Schema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Schema;
  return rest;
};
const ref = (name: string, description: string): Schema => ({ $ref: `#/$defs/${name}`, description });
const strict = (description: string, properties: Record<string, Schema>, required: readonly string[]): Schema => ({
  type: 'object',
  description,
  properties,
  required: [...required],
  additionalProperties: false,
});
const listOf = (items: Schema, description: string, minItems = 1): Schema => ({ type: 'array', description, minItems, items });

const props = (schema: Schema): Record<string, Schema> => (schema.properties ?? {}) as Record<string, Schema>;

/** Sets the French description of the listed properties of an object schema (converted by zod). */
function describe(schema: Schema, texts: Readonly<Record<string, string>>): Schema {
  const next: Record<string, Schema> = {};
  for (const [k, v] of Object.entries(props(schema))) next[k] = texts[k] === undefined ? v : { ...v, description: texts[k] };
  return { ...schema, properties: next };
}

/** Sets the French description of every property of that name, at any depth (for small schemas whose names keep one meaning). */
function describeDeep(schema: unknown, texts: Readonly<Record<string, string>>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => describeDeep(s, texts));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = describeDeep(v, texts);
  if (out.properties !== undefined) {
    const named: Record<string, Schema> = {};
    for (const [k, v] of Object.entries(out.properties as Record<string, Schema>)) named[k] = texts[k] === undefined ? v : { ...v, description: texts[k] };
    out.properties = named;
  }
  return out;
}

function incomePolicyDef(): Schema {
  const texts = {
    base: 'Période de revenus retenue : une période, ou { "lowerOf": [...] } (la plus basse de plusieurs).',
    lowerOf: 'Périodes comparées : la plus basse est retenue.',
    afterSeparation: 'Revenus récents après une séparation de moins de « withinMonths » mois révolus.',
    withinMonths: 'Nombre de mois révolus depuis la séparation (1 à 120).',
    alimonyReceived: 'Pensions alimentaires reçues : comptées (include), exclues (exclude) ou plafonnées par enfant et par mois.',
    capPerChildPerMonth: 'Plafond de pension alimentaire comptée, par enfant et par mois.',
    deductAlimonyPaid: 'false : les pensions alimentaires versées ne sont pas déduites.',
    excludedKinds: 'Natures de revenus exclues de la base (prestations familiales, aide au logement…).',
  };
  return { ...(describeDeep(toJson(incomePolicySchema), texts) as Schema), description: 'Politique de ressources : période de revenus retenue et ce qui y compte.' };
}

const dateDef: Schema = { type: 'string', format: 'date', pattern: ISO_DATE, description: 'Date AAAA-MM-JJ (un jour réel).' };

function sourceDef(): Schema {
  const s = toJson(sourceSchema);
  return {
    ...describe(
      { ...s, properties: { ...props(s), from: { $ref: '#/$defs/date' } } },
      {
        title: 'Titre du texte (loi, décret, délibération, règlement, page officielle).',
        section: 'Article, chapitre ou paragraphe cité.',
        href: 'Adresse du texte (Légifrance, site de la collectivité).',
        from: 'Date de la version du texte citée.',
      },
    ),
    description: 'Une source : le texte qui fonde la valeur ou la règle.',
  };
}

/** The grammar of `validate.ts`: conditions, values, expressions and amounts, recursive. */
function grammarDefs(): Record<string, Schema> {
  const label = { type: 'string', pattern: '\\S', description: 'Libellé en français, lu par la personne (« Avoir au moins 18 ans »).' };
  const groupLabel = { ...label, description: 'Libellé en français du groupe (facultatif).' };
  const name = { type: 'string', minLength: 1, description: 'Nom de la condition, pour la désigner dans les cas de test et les rapports.' };
  const exprRef = (d: string) => ref('expression', d);
  const condRef = (d: string) => ref('condition', d);
  const nary = (op: string, d: string): Schema => strict(d, { [op]: listOf(exprRef('Terme.'), 'Au moins deux termes.', 2) }, [op]);
  const binary = (op: string, d: string): Schema =>
    strict(d, { [op]: { type: 'array', description: 'Exactement deux termes : [a, b].', prefixItems: [exprRef('Premier terme (a).'), exprRef('Second terme (b).')], minItems: 2, maxItems: 2, items: false } }, [op]);
  const limit = (d: string): Schema => ({ description: d, anyOf: [{ type: 'number' }, { $ref: '#/$defs/decimal' }, { $ref: '#/$defs/paramRef' }] });

  const amountCommon: Record<string, Schema> = {
    period: { type: 'string', enum: [...PERIODS], description: 'Période du montant (par mois, par an, une fois, par repas…).' },
    per: ref('factRef', 'Multiplié par un fait de comptage (« par enfant handicapé ») : { fact, params? }.'),
    maximum: { type: 'boolean', description: 'true : « jusqu\'à » ce montant (un plafond, pas un montant garanti).' },
    rounding: strict(
      "Arrondi du montant (par défaut : 2 décimales, au plus proche, demi vers le haut).",
      {
        decimals: { type: 'integer', minimum: 0, maximum: 6, description: 'Nombre de décimales (0 à 6).' },
        mode: { type: 'string', enum: Object.keys(ROUNDING_MODES), description: "Mode d'arrondi." },
      },
      ['decimals', 'mode'],
    ),
    minimum: exprRef('En dessous de ce montant, rien n\'est versé (RSA : 6 €).'),
    note: { type: 'string', description: 'Note en français sur le montant (mode de calcul, arrondi du texte).' },
  };
  const kinds: readonly { kind: string; d: string; fields: Record<string, Schema>; required: readonly string[] }[] = [
    { kind: 'fixed', d: 'Montant fixe.', fields: { value: exprRef('Le montant.') }, required: ['value'] },
    {
      kind: 'brackets',
      d: 'Barème : la première tranche qui convient donne le montant.',
      fields: {
        fact: { type: 'string', pattern: FACT_ID, description: 'Fait numérique sur lequel porte le barème.' },
        params: ref('factParams', 'Paramètres du fait.'),
        brackets: listOf({ $ref: '#/$defs/bracket' }, 'Tranches, seuils croissants.'),
        otherwise: exprRef('Montant au-delà de la dernière tranche.'),
      },
      required: ['fact', 'brackets'],
    },
    {
      kind: 'rate',
      d: "Taux d'effort : taux × ressources, les ressources tenues entre un plancher et un plafond.",
      fields: {
        base: exprRef('Ressources auxquelles le taux s\'applique.'),
        rate: exprRef('Taux (0,005 = 0,5 %).'),
        floor: exprRef('Plancher des ressources.'),
        ceiling: exprRef('Plafond des ressources.'),
      },
      required: ['base', 'rate'],
    },
    {
      kind: 'differential',
      d: 'Allocation différentielle : plafond moins ressources.',
      fields: { ceiling: exprRef('Montant garanti (plafond).'), resources: exprRef('Ressources déduites.') },
      required: ['ceiling', 'resources'],
    },
    {
      kind: 'reduction',
      d: "Réduction : une part d'un prix de référence (en euros si le prix est donné, sinon en pourcentage).",
      fields: { percent: exprRef('Pourcentage de réduction.'), of: exprRef('Prix de référence réduit.') },
      required: ['percent'],
    },
    {
      kind: 'cases',
      d: 'Cas : le premier dont la condition est vraie donne le montant ; une condition inconnue rend le montant inconnu.',
      fields: {
        cases: listOf(
          strict('Un cas.', { when: condRef('Condition du cas.'), amount: ref('amount', 'Montant du cas.') }, ['when', 'amount']),
          'Liste des cas, dans l\'ordre.',
        ),
      },
      required: ['cases'],
    },
  ];
  const amountKinds = kinds.map((k) => k.kind);

  const filter = strict(
    'Filtre des personnes du foyer (toutes si absent).',
    {
      role: {
        description: 'Rôle ou liste de rôles.',
        anyOf: [
          { type: 'string', enum: [...ROLES] },
          { type: 'array', minItems: 1, items: { type: 'string', enum: [...ROLES] } },
        ],
      },
      minAge: { type: 'integer', minimum: 0, description: 'Âge minimal (inclus).' },
      maxAge: { type: 'integer', minimum: 0, description: 'Âge maximal (inclus).' },
      childMaxAge: { type: 'integer', minimum: 0, description: 'Âge maximal des seuls enfants (les autres rôles à tout âge).' },
      custody: { type: 'string', enum: [...CUSTODY], description: 'Mode de garde.' },
      schooling: listOf({ type: 'string', enum: [...SCHOOLING] }, 'Scolarités retenues.'),
      minDisabilityRate: { type: 'number', minimum: 0, maximum: 1, description: "Taux d'incapacité minimal (0,5 = 50 %)." },
    },
    [],
  );

  return {
    date: dateDef,
    decimal: { type: 'string', pattern: DECIMAL_RE.source, description: 'Nombre décimal écrit en texte, exact ("650.00").' },
    factId: { type: 'string', pattern: FACT_ID, description: 'Identifiant d\'un fait du catalogue (non-recours facts) ou d\'une valeur nommée (dossiers values/).' },
    factParams: { type: 'object', description: 'Paramètres du fait (voir le catalogue des faits) ; une valeur peut être { "param": id }.' },
    paramRef: strict('Un paramètre daté, pris à la date de l\'évaluation.', { param: { type: 'string', minLength: 1, description: 'Identifiant du paramètre (rules/parameters).' } }, ['param']),
    factRef: strict('Un fait ou une valeur nommée.', { fact: ref('factId', 'Identifiant du fait ou de la valeur nommée.'), params: ref('factParams', 'Paramètres du fait.') }, ['fact']),
    personFilter: filter,
    condition: {
      description: 'Condition : un groupe all / any / not, une condition sur un fait, ou une condition sur les personnes du foyer.',
      anyOf: [
        strict('Toutes les conditions.', { all: listOf(condRef('Condition.'), 'Conditions qui doivent toutes être vraies (au moins une).'), label: groupLabel, name }, ['all']),
        strict('Au moins une des conditions.', { any: listOf(condRef('Condition.'), 'Conditions dont une au moins doit être vraie (au moins une).'), label: groupLabel, name }, ['any']),
        strict('Le contraire d\'une condition.', { not: condRef('Condition niée.'), label: groupLabel, name }, ['not']),
        { $ref: '#/$defs/factCondition' },
        { $ref: '#/$defs/perPersonCondition' },
      ],
    },
    factCondition: strict(
      'Condition sur un fait : { fact, params?, operator, value, label }.',
      {
        fact: ref('factId', 'Fait ou valeur nommée comparé.'),
        params: ref('factParams', 'Paramètres du fait.'),
        operator: { type: 'string', enum: [...OPERATORS], description: 'Opérateur (ensemble fermé de json-rules-engine).' },
        value: ref('value', 'Valeur comparée.'),
        label,
        name,
        path: { not: {}, description: 'Interdit : pas de JSONPath (utilisez un fait dérivé).' },
      },
      ['fact', 'operator', 'value', 'label'],
    ),
    perPersonCondition: strict(
      'Condition sur les personnes du foyer : vraie pour au moins une (any) ou pour toutes (all) celles du filtre.',
      {
        perPerson: strict(
          'Personnes, agrégat et condition évaluée pour chacune.',
          {
            where: ref('personFilter', 'Personnes retenues (toutes si absent).'),
            aggregate: { type: 'string', enum: ['any', 'all'], description: 'any : au moins une personne ; all : toutes.' },
            condition: condRef('Condition évaluée pour chaque personne.'),
          },
          ['aggregate', 'condition'],
        ),
        label,
        name,
      },
      ['perPerson', 'label'],
    ),
    value: {
      description: 'Valeur comparée : littéral du type du fait, liste (pour in / notIn), { "param" }, { "fact" } ou expression.',
      anyOf: [
        { anyOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }], description: 'Littéral (un montant en nombre ou en texte décimal).' },
        { type: 'array', minItems: 1, items: { anyOf: [{ type: 'number' }, { type: 'string' }] }, description: 'Liste non vide de littéraux (in, notIn).' },
        { $ref: '#/$defs/paramRef' },
        { $ref: '#/$defs/factRef' },
        { $ref: '#/$defs/expression' },
      ],
    },
    expression: {
      description: 'Expression numérique exacte : nombre, paramètre, fait, opération, arrondi, choix, barème ou agrégat sur les personnes.',
      anyOf: [
        { type: 'number' },
        { $ref: '#/$defs/decimal' },
        { $ref: '#/$defs/paramRef' },
        { $ref: '#/$defs/factRef' },
        ...ARITHMETIC_KINDS.map((k) => (ARITHMETIC[k].arity === 2 ? binary(k, ARITHMETIC[k].description) : nary(k, ARITHMETIC[k].description))),
        strict(
          'Arrondi, demi vers le haut.',
          {
            round: {
              type: 'array',
              description: '[expression, décimales (0 à 6)].',
              prefixItems: [exprRef('Expression arrondie.'), { type: 'integer', minimum: 0, maximum: 6, description: 'Décimales (0 à 6).' }],
              minItems: 2,
              maxItems: 2,
              items: false,
            },
          },
          ['round'],
        ),
        strict(
          'Choix : la première condition vraie donne la valeur ; une condition inconnue avant elle rend la valeur inconnue.',
          {
            choose: listOf(strict('Un cas.', { when: condRef('Condition.'), value: exprRef('Valeur si la condition est vraie.') }, ['when', 'value']), 'Cas, dans l\'ordre.'),
            otherwise: exprRef('Valeur quand aucun cas ne s\'applique.'),
          },
          ['choose', 'otherwise'],
        ),
        strict(
          'Barème sur un fait numérique.',
          {
            scale: strict(
              'Fait, tranches et valeur au-delà.',
              {
                fact: ref('factId', 'Fait numérique sur lequel porte le barème.'),
                params: ref('factParams', 'Paramètres du fait.'),
                brackets: listOf({ $ref: '#/$defs/bracket' }, 'Tranches, seuils croissants ; la première qui convient donne la valeur.'),
                otherwise: exprRef('Valeur au-delà de la dernière tranche.'),
              },
              ['fact', 'brackets'],
            ),
          },
          ['scale'],
        ),
        { $ref: '#/$defs/perPersonExpression' },
      ],
    },
    perPersonExpression: strict(
      'Agrégat sur les personnes du foyer : nombre, somme, minimum ou maximum.',
      {
        perPerson: strict(
          'Personnes, agrégat et expression évaluée pour chacune.',
          {
            where: ref('personFilter', 'Personnes retenues (toutes si absent).'),
            aggregate: { type: 'string', enum: ['count', 'sum', 'min', 'max'], description: 'count : nombre de personnes ; sum, min, max : de l\'expression « of ».' },
            of: exprRef('Expression évaluée pour chaque personne.'),
          },
          ['aggregate'],
        ),
      },
      ['perPerson'],
    ),
    bracket: {
      type: 'object',
      description: 'Une tranche : « upTo » (seuil inclus) ou « below » (seuil exclu), et sa valeur.',
      properties: {
        upTo: limit('Seuil inclus : nombre ou { "param" } monétaire.'),
        below: limit('Seuil exclu : nombre ou { "param" } monétaire.'),
        value: exprRef('Valeur de la tranche.'),
      },
      required: ['value'],
      oneOf: [{ required: ['upTo'] }, { required: ['below'] }],
      additionalProperties: false,
    },
    amount: {
      type: 'object',
      description: 'Montant : fixed, brackets, rate, differential, reduction ou cases.',
      properties: { kind: { type: 'string', enum: amountKinds, description: 'Type de montant.' } },
      required: ['kind'],
      allOf: kinds.map((k) => ({
        if: { properties: { kind: { const: k.kind } }, required: ['kind'] },
        then: strict(
          k.d,
          { kind: { const: k.kind, description: 'Type de montant.' }, ...amountCommon, ...k.fields },
          [...(k.kind === 'cases' ? [] : ['period']), ...k.required],
        ),
      })),
    },
  };
}

function territoryDef(): Schema {
  // Code patterns and exceptions come from the zod schema of rule-file.ts; its refines are written here:
  // national or at least one list, and an exception names at least one list.
  const t = toJson(territorySchema);
  const p = props(t);
  const texts = { communes: 'Communes, par code INSEE (5 caractères, « 2A004 » en Corse).', departements: 'Départements, par code (« 86 », « 2A », « 974 »).', epcis: 'EPCI (intercommunalités), par SIREN à 9 chiffres.' };
  const except = { ...describe(p.except ?? {}, texts), description: 'Exceptions : territoires retirés (aussi de « national »).', minProperties: 1 };
  const lists = [{ required: ['communes'] }, { required: ['departements'] }, { required: ['epcis'] }];
  return {
    ...describe({ ...t, properties: { ...p, except } }, { national: 'Toute la France.', ...texts }),
    description: 'Territoire : { "national": true }, ou des communes, départements, EPCI, avec des exceptions.',
    oneOf: [{ required: ['national'], not: { anyOf: lists } }, { not: { required: ['national'] }, anyOf: lists }],
  };
}

/**
 * The JSON Schema of a rule file (`rules/<territory>/<rule-id>.json`), shipped as `schema/rule.schema.json`.
 *
 * @example
 * new Ajv2020().compile(ruleFileJsonSchema())(JSON.parse(readFileSync('rules/nantes/nantes-carte-blanche.json', 'utf8')));
 */
export function ruleFileJsonSchema(): Schema {
  const head = toJson(ruleFileSchema);
  const p = props(head);
  const validity = p.validity ?? {};
  const apply = p.apply ?? {};
  const institution = p.institution ?? {};
  const properties: Record<string, Schema> = {
    ...p,
    institution: describe(institution, { name: "Nom de l'institution (« CCAS de Nantes »).", type: "Type d'institution." }),
    territory: ref('territory', 'Territoire où la règle s\'applique.'),
    validity: describe(
      { ...validity, properties: { from: { $ref: '#/$defs/date' }, until: { anyOf: [{ $ref: '#/$defs/date' }, { type: 'null' }] } } },
      { from: 'Premier jour de validité.', until: 'Premier jour où la règle ne vaut plus (exclu), ou null si elle vaut toujours.' },
    ),
    conditions: ref('condition', "Conditions d'éligibilité."),
    amount: { anyOf: [{ $ref: '#/$defs/amount' }, { type: 'null' }] },
    usage: ref('factRef', 'Pour un tarif : fait numérique du nombre d\'unités utilisées par mois (repas, heures), pour passer du prix au coût mensuel.'),
    sources: { ...(p.sources ?? {}), items: { $ref: '#/$defs/source' } },
    apply: describe(apply, {
      where: 'Où faire la demande (guichet, site).',
      documents: 'Pièces à fournir.',
      url: 'Adresse de la démarche en ligne.',
      how: 'Comment faire la demande, en français.',
    }),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}rule.schema.json`,
    title: 'Règle (non-recours)',
    description: "Une règle : une aide, un tarif ou un service, ses conditions d'éligibilité, son montant, ses sources. Une donnée inconnue rend la règle indéterminée, jamais inéligible.",
    ...describe(
      { ...head, properties },
      {
        $schema: 'Adresse de ce schéma (pour les éditeurs).',
        id: 'Identifiant stable de la règle, en kebab-case ASCII, égal au nom du fichier.',
        title: 'Titre en français.',
        description: 'Description en français.',
        kind: 'Nature : aid (aide), tariff (tarif), service.',
        group: 'Variantes d\'une même aide : elles partagent ce groupe.',
        replaces: "Identifiant d'une règle d'un dossier précédent que celle-ci remplace.",
        versionOf: "Versions successives d'une aide : leurs périodes de validité se suivent sans trou ni chevauchement.",
        institution: "Institution qui verse l'aide ou fixe le tarif.",
        validity: 'Période de validité.',
        amount: 'Montant (absent ou null : pas de montant).',
        sources: 'Textes qui fondent la règle (au moins un).',
        illustrative: "Valeurs qu'aucun document officiel ne donne (« amount », identifiants de paramètres) : montrées comme illustratives.",
        notModeled: 'Conditions du texte que la règle ne vérifie pas, en français : montrées à la personne.',
        apply: 'Comment demander.',
      },
    ),
    $defs: { ...grammarDefs(), territory: territoryDef(), source: sourceDef() },
  };
}

/** The JSON Schema of a parameter file (`rules/parameters/*.json`), shipped as `schema/parameters.schema.json`. */
export function parameterFileJsonSchema(): Schema {
  const file = toJson(parameterFileSchema);
  const fp = props(file);
  const parameters = fp.parameters ?? {};
  const param = (parameters.additionalProperties ?? {}) as Schema;
  const pp = props(param);
  const values = pp.values ?? {};
  const valueItem = (values.items ?? {}) as Schema;
  const numericValue = { description: 'Valeur : un nombre, une chaîne décimale exacte, ou null (le paramètre cesse de s\'appliquer).', anyOf: [{ type: 'number' }, { $ref: '#/$defs/decimal' }, { type: 'null' }] };
  const policyValue = { description: 'Valeur : une politique de ressources, ou null (le paramètre cesse de s\'appliquer).', anyOf: [{ $ref: '#/$defs/incomePolicy' }, { type: 'null' }] };
  const valuesOf = (value: Schema) => ({ properties: { values: { type: 'array', description: 'Valeurs datées.', items: { type: 'object', properties: { value } } } } });
  const paramDef = {
    ...describe(
      {
        ...param,
        properties: {
          ...pp,
          values: { ...values, items: describe({ ...valueItem, properties: { ...props(valueItem), from: { $ref: '#/$defs/date' } } }, { from: 'Date à partir de laquelle la valeur s\'applique (croissantes).', value: 'Valeur (selon le type du paramètre).' }) },
          sources: { ...(pp.sources ?? {}), items: { $ref: '#/$defs/source' } },
          lastChecked: { $ref: '#/$defs/date' },
          referenceBracket: describe((pp.referenceBracket ?? {}) as Schema, { index: 'Rang de la tranche dans le barème de référence, depuis 0.', field: 'threshold : le seuil de la tranche ; amount : son montant.' }),
        },
      },
      {
        label: 'Libellé en français.',
        type: 'money (euros), number (nombre, taux) ou policy (politique de ressources).',
        unit: 'Unité, en français (€/mois, €/an…).',
        description: 'Description en français.',
        values: 'Valeurs datées, dates strictement croissantes.',
        sources: 'Textes qui donnent la valeur (au moins un).',
        reference: 'Clé de la valeur dans shared/reference/national-parameters.json, quand elle en vient.',
        referenceBracket: 'Pour une référence qui est un barème : la tranche (index, depuis 0) et le champ (threshold : seuil, amount : montant) que ce paramètre reprend.',
        illustrative: "true quand aucun document officiel ou municipal ne donne cette valeur.",
        lastChecked: 'Date de la dernière vérification de la valeur sur sa source.',
      },
    ),
    description: 'Un paramètre daté : plafond, montant, taux ou politique de ressources.',
    if: { properties: { type: { const: 'policy' } }, required: ['type'] },
    then: valuesOf(policyValue),
    else: valuesOf(numericValue),
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}parameters.schema.json`,
    title: 'Paramètres (non-recours)',
    description: 'Un fichier de paramètres datés, chacun avec ses valeurs et ses sources.',
    ...describe(
      { ...file, properties: { ...fp, parameters: { ...parameters, additionalProperties: { $ref: '#/$defs/parameter' } } } },
      {
        $schema: 'Adresse de ce schéma (pour les éditeurs).',
        $comment: 'Commentaire libre.',
        parameters: 'Paramètres, par identifiant (minuscules, points et tirets).',
      },
    ),
    $defs: { date: dateDef, decimal: { type: 'string', pattern: DECIMAL_RE.source, description: 'Nombre décimal écrit en texte, exact ("12523.14").' }, parameter: paramDef, incomePolicy: incomePolicyDef(), source: sourceDef() },
  };
}

/** The JSON Schema of a named-values file (`<rule folder>/values/*.json`), shipped as `schema/values.schema.json`. */
export function valuesFileJsonSchema(): Schema {
  const file = toJson(valuesFileSchema);
  const fp = props(file);
  const head = toJson(namedValueHeadSchema);
  const hp = props(head);
  const versions = hp.versions ?? {};
  const version = (versions.items ?? {}) as Schema;
  const formula = ref('expression', 'Formule (valeur de type money ou number).');
  const condition = ref('condition', 'Condition (valeur de type boolean).');
  const body = [{ required: ['formula'] }, { required: ['condition'] }];
  const namedValue = {
    ...describe(
      {
        ...head,
        properties: {
          ...hp,
          sources: { ...(hp.sources ?? {}), items: { $ref: '#/$defs/source' } },
          formula,
          condition,
          versions: {
            ...versions,
            items: {
              ...describe({ ...version, properties: { from: { $ref: '#/$defs/date' }, formula, condition } }, { from: 'Date à partir de laquelle la version s\'applique.' }),
              description: 'Une version datée : sa formule ou sa condition.',
              oneOf: body,
            },
          },
        },
      },
      {
        label: 'Libellé en français.',
        type: 'money (euros), number (nombre) ou boolean (une condition).',
        unit: 'Unité, en français (€/mois…).',
        description: 'Description en français.',
        sources: 'Textes qui définissent la valeur (au moins un).',
        illustrative: "true quand aucun document officiel ne donne cette valeur.",
        notModeled: 'Ce que le texte prévoit et que la valeur ne calcule pas, en français.',
        scope: "household (par défaut) : une valeur par foyer ; person : une valeur par personne, lue dans un « perPerson » (sa formule ou sa condition lit les faits person.* de la personne).",
        versions: 'Versions datées (au moins une), dans l\'ordre des dates.',
      },
    ),
    description: 'Une valeur nommée : une quantité ou une condition que le texte nomme, définie une fois et lue par les règles comme un fait.',
    allOf: [
      { oneOf: [...body, { required: ['versions'] }] },
      {
        if: { properties: { type: { const: 'boolean' } }, required: ['type'] },
        then: { properties: { formula: false, versions: { type: 'array', description: 'Une valeur boolean a des versions par condition.', items: { type: 'object', required: ['condition'] } } } },
        else: { properties: { condition: false, versions: { type: 'array', description: 'Une valeur money ou number a des versions par formule.', items: { type: 'object', required: ['formula'] } } } },
      },
    ],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${BASE}values.schema.json`,
    title: 'Valeurs nommées (non-recours)',
    description: "Un fichier de valeurs nommées d'un dossier de règles (values/*.json) : chacune lue par les règles comme un fait, { \"fact\": id }.",
    ...describe(
      { ...file, properties: { ...fp, values: { ...(fp.values ?? {}), additionalProperties: { $ref: '#/$defs/namedValue' } } } },
      {
        $schema: 'Adresse de ce schéma (pour les éditeurs).',
        $comment: 'Commentaire libre.',
        values: 'Valeurs nommées, par identifiant (minuscules, points et tirets).',
      },
    ),
    $defs: { ...grammarDefs(), namedValue, source: sourceDef() },
  };
}
