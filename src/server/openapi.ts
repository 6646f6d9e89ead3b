/**
 * The OpenAPI 3.1 description of the HTTP API, built from the JSON Schemas the library generates: the
 * household schema (from the zod contract) for request bodies, the rule-file schema for the fields of a
 * rule, and the library's constants (statuses, claim states, problem codes) for enumerations. The report
 * has no generated schema (it is a TypeScript interface): it is described here as an object whose top-level
 * fields are named and whose results are typed on the fields clients read (id, status, amount, reason),
 * the rest left open. Schemas with `$defs` are hoisted into `components/schemas`, so that every `$ref` is
 * an ordinary `#/components/schemas/…` reference that code generators (PHP, Java) follow.
 */
import { STATUSES } from '../engine/evaluator.js';
import { CLAIM_STATES } from '../household/enums.js';
import { householdJsonSchema } from '../household/json-schema.js';
import { PERIODS } from '../rules/ast.js';
import { ruleFileJsonSchema } from '../rules/json-schema.js';
import { PROBLEM_MEDIA_TYPE, PROBLEMS, PROBLEM_TYPE_BASE } from './problem.js';

type Schema = Record<string, unknown>;

/** Limits stated in the document (the same numbers `createApp` applies). */
export interface OpenApiOptions {
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

/** Rewrites `#/$defs/x` references to `#/components/schemas/<prefix>.x`, at any depth. */
function rewriteRefs(schema: unknown, prefix: string): unknown {
  if (Array.isArray(schema)) return schema.map((s) => rewriteRefs(s, prefix));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/') ? `#/components/schemas/${prefix}.${v.slice('#/$defs/'.length)}` : rewriteRefs(v, prefix);
  }
  return out;
}

/**
 * Splits a generated schema into its root (without `$schema`, `$id` and `$defs`: the document states the
 * dialect) and its definitions, as components named `<prefix>.<def>`.
 */
function hoist(schema: Schema, prefix: string): { root: Schema; defs: Record<string, Schema> } {
  const { $schema: _dialect, $id: _id, $defs, ...root } = schema;
  const defs: Record<string, Schema> = {};
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, Schema>)) defs[`${prefix}.${name}`] = rewriteRefs(def, prefix) as Schema;
  return { root: rewriteRefs(root, prefix) as Schema, defs };
}

function pick(properties: Record<string, Schema>, names: readonly string[]): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const n of names) {
    const p = properties[n];
    if (p === undefined) throw new Error(`openapi : le schéma des fichiers de règles n'a pas de champ « ${n} »`);
    out[n] = p;
  }
  return out;
}

const SUMMARY_FIELDS = ['id', 'title', 'kind', 'institution', 'territory', 'validity'] as const;

function ruleSchemas(): Record<string, Schema> {
  const { root, defs } = hoist(ruleFileJsonSchema(), 'RuleFile');
  const props = (root.properties ?? {}) as Record<string, Schema>;
  const { conditions: _c, amount: _a, usage: _u, ...head } = props;
  const stringList = (description: string): Schema => ({ type: 'array', items: { type: 'string' }, description });
  return {
    ...defs,
    RuleSummary: { type: 'object', description: 'Un dispositif du catalogue, en bref.', required: [...SUMMARY_FIELDS], properties: pick(props, SUMMARY_FIELDS) },
    Rule: {
      type: 'object',
      description:
        'Une règle telle que chargée : les champs de son fichier (voir le schéma des fichiers de règles), ses conditions et son montant sous forme d\'arbre normalisé, le fichier d\'origine, les paramètres et valeurs nommées lus.',
      required: ['id', 'title', 'kind', 'institution', 'territory', 'validity', 'conditions', 'amount', 'file', 'parameters', 'values'],
      properties: {
        ...head,
        conditions: { type: 'object', description: "Conditions normalisées : { kind: 'all' | 'any' | 'not' | 'leaf' … }." },
        amount: { type: ['object', 'null'], description: 'Montant normalisé, ou null sans montant calculé.' },
        usage: { type: ['object', 'null'], description: 'Fait qui dit si le foyer bénéficie déjà du dispositif, ou null.' },
        file: { type: 'string', description: 'Fichier de règle chargé (chemin relatif à son dossier).' },
        parameters: stringList('Paramètres datés lus par la règle.'),
        values: stringList('Valeurs nommées lues par la règle.'),
      },
    },
    RuleDetail: {
      type: 'object',
      required: ['rule', 'page'],
      properties: { rule: ref('Rule'), page: { type: 'string', description: 'La page Markdown de la règle (conditions, montants, paramètres datés, sources), en français.' } },
    },
    RuleResult: {
      type: 'object',
      description: "Résultat d'une règle pour le foyer. Les champs principaux sont typés ; conditions et valeurs nommées expliquées restent des objets ouverts.",
      required: ['id', 'title', 'kind', 'institution', 'status', 'reason', 'amount', 'claim', 'unclaimed', 'missing', 'validity'],
      properties: {
        ...pick(props, ['id', 'title', 'kind', 'institution', 'validity', 'sources']),
        group: { type: ['string', 'null'] },
        status: { enum: [...STATUSES], description: 'eligible, ineligible, undetermined (il manque des informations), not-in-force, out-of-territory.' },
        reason: { type: 'string', description: 'Une phrase en français : pourquoi ce statut.' },
        amount: {
          description: 'Montant calculé (décimal exact en chaîne), ou null.',
          oneOf: [{ type: 'null' }, { type: 'object', required: ['value', 'period'], properties: { value: { type: 'string', description: 'Montant exact, par exemple "341.24".' }, period: { enum: [...PERIODS] } } }],
        },
        claim: { description: 'Demande en cours déclarée par le foyer, ou null.', oneOf: [{ type: 'null' }, { enum: [...CLAIM_STATES] }] },
        unclaimed: { type: 'boolean', description: 'true : éligible et non demandé.' },
        conditions: { type: ['object', 'null'], description: 'Trace des conditions, avec leurs libellés en français.' },
        values: { type: 'array', items: { type: 'object' }, description: 'Valeurs nommées lues, avec leur valeur exacte.' },
        missing: { type: 'array', items: { type: 'string' }, description: 'Champs du foyer dont l\'absence laisse le statut ou le montant inconnu.' },
      },
    },
  };
}

function reportSchemas(): Record<string, Schema> {
  const question: Schema = {
    type: 'object',
    description: 'Une question à poser ensuite, la plus utile d\'abord.',
    required: ['id', 'label', 'input', 'rules'],
    properties: {
      id: { type: 'string', description: 'Champ du foyer concerné (chemin), ou « incomes ».' },
      label: { type: 'string', description: 'La question, en français.' },
      input: { type: 'string' },
      rules: { type: 'array', items: { type: 'string' }, description: 'Règles que la réponse permettrait de trancher.' },
    },
  };
  const issue: Schema = { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } };
  return {
    Question: question,
    Report: {
      type: 'object',
      description: "Le rapport d'un foyer, tel que le renvoie evaluateHousehold (pas de schéma généré : champs de premier niveau décrits, résultats typés sur leurs champs principaux).",
      required: ['date', 'notice', 'household', 'results', 'questions', 'unclaimed'],
      additionalProperties: false,
      properties: {
        date: { type: 'string', format: 'date', description: "Date d'évaluation." },
        notice: { type: 'string', description: 'Avertissement : résultat indicatif, qui ne vaut pas décision.' },
        household: { type: 'object', required: ['id', 'commune'], properties: { id: { type: ['string', 'null'] }, commune: { type: ['string', 'null'] } } },
        results: { type: 'array', items: ref('RuleResult') },
        questions: { type: 'array', items: ref('Question') },
        unclaimed: {
          type: 'object',
          description: 'Dispositifs éligibles non demandés et totaux non perçus, un par période.',
          required: ['count', 'rules', 'totals'],
          properties: { count: { type: 'integer' }, rules: { type: 'array', items: { type: 'string' } }, totals: { type: 'array', items: { type: 'object' } } },
        },
      },
    },
    FormState: {
      description: "L'état du formulaire : le rapport et les questions suivantes si le foyer est valide, sinon les problèmes par champ.",
      oneOf: [
        { type: 'object', required: ['valid', 'report', 'questions', 'issues'], properties: { valid: { const: true }, report: ref('Report'), questions: { type: 'array', items: ref('Question') }, issues: { type: 'array', maxItems: 0 } } },
        { type: 'object', required: ['valid', 'report', 'questions', 'issues'], properties: { valid: { const: false }, report: { type: 'null' }, questions: { type: 'array', maxItems: 0 }, issues: { type: 'array', items: issue } } },
      ],
    },
    Issue: issue,
  };
}

function otherSchemas(): Record<string, Schema> {
  const codes = Object.keys(PROBLEMS);
  return {
    EvaluateRequest: {
      type: 'object',
      description: "Enveloppe : le foyer et la date d'évaluation.",
      required: ['household'],
      additionalProperties: false,
      properties: { household: ref('Household'), date: { type: 'string', format: 'date', description: "Date d'évaluation AAAA-MM-JJ (ou ?date= dans l'adresse)." } },
    },
    Problem: {
      type: 'object',
      description: `Erreur au format RFC 9457 (${PROBLEM_MEDIA_TYPE}), en français. « type » vaut ${PROBLEM_TYPE_BASE}<code-en-kebab>.`,
      required: ['type', 'title', 'status', 'detail', 'code'],
      properties: {
        type: { type: 'string', format: 'uri' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        code: { enum: codes, description: 'Code stable.' },
        instance: { type: 'string', description: 'Identifiant de la requête (urn:uuid:…), repris dans le journal du serveur.' },
        issues: { type: 'array', items: ref('Issue'), description: 'Problèmes localisés : chemin JSON et message en français (mêmes que safeParseHousehold pour un foyer).' },
      },
    },
    Fact: {
      type: 'object',
      description: "Un fait qu'une règle peut lire.",
      required: ['id', 'label', 'type', 'unit', 'enum', 'reads', 'params', 'notModeled'],
      properties: {
        id: { type: 'string' },
        label: { type: 'string' },
        type: { type: 'string' },
        unit: { type: ['string', 'null'] },
        enum: { type: ['array', 'null'], items: { type: 'string' } },
        reads: { type: 'array', items: { type: 'string' } },
        params: { type: ['string', 'null'] },
        notModeled: { type: 'array', items: { type: 'string' } },
      },
    },
    OpenFiscaGap: { type: 'object', required: ['path', 'reason'], properties: { path: { type: 'string', description: 'Chemin JSON dans la source (persons[0].carer, individus.p1.handicap).' }, reason: { type: 'string', description: 'Pourquoi, en français.' } } },
    Health: { type: 'object', required: ['status', 'rules'], properties: { status: { const: 'ok' }, rules: { type: 'integer', description: 'Nombre de règles chargées.' } } },
  };
}

const problemResponse = (description: string): Schema => ({ description, content: { [PROBLEM_MEDIA_TYPE]: { schema: ref('Problem') } } });
const json = (description: string, schema: Schema): Schema => ({ description, content: { 'application/json': { schema } } });

/** The OpenAPI 3.1 document of the API. */
export function openApiDocument(options: OpenApiOptions): Schema {
  const household = hoist(householdJsonSchema(), 'Household');
  const schemas: Record<string, Schema> = { Household: household.root, ...household.defs, ...ruleSchemas(), ...reportSchemas(), ...otherSchemas() };
  const responses = {
    InvalidRequest: problemResponse("Requête invalide : foyer invalide (HOUSEHOLD_INVALID, avec « issues » par chemin), date invalide ou manquante (DATE_INVALID), JSON illisible (JSON_INVALID), enveloppe invalide (REQUEST_INVALID)."),
    NotFound: problemResponse('Adresse ou règle inconnue (NOT_FOUND).'),
    Timeout: problemResponse(`Corps non reçu en ${options.timeoutMs / 1000} s (TIMEOUT).`),
    TooLarge: problemResponse(`Corps de plus de ${options.maxBodyBytes} octets (BODY_TOO_LARGE).`),
    UnsupportedMediaType: problemResponse('Corps qui n\'est pas du JSON UTF-8 (UNSUPPORTED_MEDIA_TYPE).'),
    Internal: problemResponse('Erreur interne, sans détail technique (INTERNAL) ; « instance » la retrouve dans le journal.'),
  };
  const r = (name: keyof typeof responses): Schema => ({ $ref: `#/components/responses/${name}` });
  const dateParam = { $ref: '#/components/parameters/date' };
  const postBody = { required: true, content: { 'application/json': { schema: { oneOf: [ref('EvaluateRequest'), ref('Household')] } } } };
  const postErrors = { '400': r('InvalidRequest'), '408': r('Timeout'), '413': r('TooLarge'), '415': r('UnsupportedMediaType'), '500': r('Internal') };
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'non-recours — API HTTP',
      version: '1',
      description: `Évalue un foyer sur le catalogue des droits sociaux, aides locales et tarifs solidaires. Corps JSON UTF-8 d'au plus ${options.maxBodyBytes} octets, reçu en ${options.timeoutMs / 1000} s au plus ; erreurs en ${PROBLEM_MEDIA_TYPE} (RFC 9457), en français. Le résultat est indicatif et ne vaut pas décision.`,
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    paths: {
      '/evaluate': {
        post: {
          operationId: 'evaluate',
          summary: "Évaluer un foyer à une date : le rapport complet d'evaluateHousehold.",
          parameters: [dateParam],
          requestBody: postBody,
          responses: { '200': json('Le rapport.', ref('Report')), ...postErrors },
        },
      },
      '/form': {
        post: {
          operationId: 'form',
          summary: "État du formulaire : rapport et questions suivantes si le foyer est valide, sinon problèmes par champ (réponse 200 dans les deux cas).",
          parameters: [dateParam],
          requestBody: postBody,
          responses: { '200': json("L'état du formulaire.", ref('FormState')), ...postErrors },
        },
      },
      '/openfisca/export': {
        post: {
          operationId: 'openfiscaExport',
          summary: "Le foyer en situation OpenFisca-France (le corps de POST /calculate d'OpenFisca), et ce qu'elle ne reprend pas.",
          parameters: [dateParam],
          requestBody: postBody,
          responses: {
            '200': json('La situation et ce qui n\'est pas repris.', { type: 'object', required: ['situation', 'unmapped'], properties: { situation: { type: 'object', required: ['individus', 'familles', 'foyers_fiscaux', 'menages'] }, unmapped: { type: 'array', items: ref('OpenFiscaGap') } } }),
            ...postErrors,
          },
        },
      },
      '/openfisca/import': {
        post: {
          operationId: 'openfiscaImport',
          summary: "Un foyer à partir d'une situation OpenFisca-France (ou de l'entrée d'un test YAML), avec la liste de ce qui n'a pas pu être repris.",
          parameters: [{ ...dateParam, description: 'Mois des valeurs à lire (AAAA-MM-JJ) ; par défaut, celui que la situation donne.' }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
          responses: {
            '200': json('Le foyer et ce qui n\'est pas repris.', { type: 'object', required: ['household', 'unmapped'], properties: { household: ref('Household'), unmapped: { type: 'array', items: ref('OpenFiscaGap') } } }),
            ...postErrors,
          },
        },
      },
      '/rules': { get: { operationId: 'listRules', summary: 'Les dispositifs du catalogue chargé.', responses: { '200': json('Les dispositifs.', { type: 'array', items: ref('RuleSummary') }), '500': r('Internal') } } },
      '/rules/{id}': {
        get: {
          operationId: 'getRule',
          summary: 'Une règle telle que chargée et sa page Markdown.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'Identifiant de la règle (kebab-case).' }],
          responses: { '200': json('La règle.', ref('RuleDetail')), '404': r('NotFound'), '500': r('Internal') },
        },
      },
      '/facts': { get: { operationId: 'listFacts', summary: "Les faits qu'une règle peut lire.", responses: { '200': json('Les faits.', { type: 'array', items: ref('Fact') }), '500': r('Internal') } } },
      '/health': { get: { operationId: 'health', summary: 'Le serveur répond et son catalogue est chargé.', responses: { '200': json('En service.', ref('Health')) } } },
      '/openapi.json': { get: { operationId: 'openapi', summary: 'Ce document.', responses: { '200': json('Le document OpenAPI 3.1.', { type: 'object' }) } } },
    },
    components: {
      schemas,
      responses,
      parameters: {
        date: { name: 'date', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: "Date d'évaluation AAAA-MM-JJ, si le corps ne la donne pas (obligatoire d'une façon ou de l'autre)." },
      },
    },
  };
}
