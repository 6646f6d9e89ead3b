/**
 * The OpenAPI 3.1 description of the HTTP API, built from the JSON Schemas the library generates: the
 * household schema (from the zod contract) for request bodies, the rule-file schema for the fields of a
 * rule, and the library's constants (statuses, claim states, problem codes) for enumerations. The report
 * has no generated schema (it is a TypeScript interface): it is described here as an object whose top-level
 * fields are named and whose results are typed on the fields clients read (id, status, amount, reason, the
 * distance to a right and how long it holds; the outlook when asked), the rest left open. Schemas with `$defs` are hoisted into `components/schemas`, so that every `$ref` is
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
        unclaimed: { type: 'boolean', description: 'true : éligible, et la perception est renseignée (claims) sans être receiving : non-recours, sa cause dans claim. Une perception non renseignée est claimUnknown, jamais unclaimed.' },
        conditions: { type: ['object', 'null'], description: 'Trace des conditions, avec leurs libellés en français.' },
        values: { type: 'array', items: { type: 'object' }, description: 'Valeurs nommées lues, avec leur valeur exacte.' },
        missing: { type: 'array', items: { type: 'string' }, description: 'Champs du foyer dont l\'absence laisse le statut ou le montant inconnu.' },
        claimUnknown: { type: 'boolean', description: 'true : éligible, et le foyer ne dit pas s\'il perçoit déjà cette aide (jamais compté comme non-recours).' },
        distance: { description: 'Pour une règle inéligible : ce qui la rendrait éligible (changements, phrase en français) ; null sinon.', oneOf: [{ type: 'null' }, ref('Distance')] },
        hold: { description: 'Pour une règle éligible : les ressources jusqu\'où elle tient, et la marge ; null si rien ne la plafonne.', oneOf: [{ type: 'null' }, ref('Hold')] },
        amountRange: {
          description: 'Pour une règle à vérifier qui a un montant : entre quoi et quoi il serait, vu ce qui est connu (high null : sans borne connue) ; null sinon.',
          oneOf: [{ type: 'null' }, { type: 'object', required: ['low', 'high', 'period'], properties: { low: { type: 'string' }, high: { type: ['string', 'null'] }, period: { enum: [...PERIODS] } } }],
        },
      },
    },
  };
}

/** The distance to a right (`report/distance.ts`), how long a right holds, and the outlook (`report/outlook.ts`). */
function distanceSchemas(): Record<string, Schema> {
  const text = (description: string): Schema => ({ type: 'string', description });
  const date = (description: string): Schema => ({ type: 'string', format: 'date', description });
  return {
    Change: {
      description:
        "Un changement qui rendrait la règle éligible, selon « kind » : amount (ressources plus basses ou plus hautes, au centime), age (un âge atteint à un anniversaire), status (une situation qui peut changer dans la vie), time (un jour à attendre, le foyer inchangé : fin d'un délai, ou entrée en vigueur de la règle).",
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'fact', 'label', 'by', 'direction'],
          additionalProperties: false,
          properties: { kind: { const: 'amount' }, fact: text('Fait ou valeur nommée comparé au seuil.'), label: { type: 'string' }, by: text('Écart exact et positif, décimal en chaîne ("42.17").'), direction: { enum: ['lower', 'higher'] } },
        },
        {
          type: 'object',
          required: ['kind', 'person', 'label', 'age', 'date'],
          additionalProperties: false,
          properties: { kind: { const: 'age' }, person: text('Identifiant de la personne.'), label: { type: 'string' }, age: { type: 'integer' }, date: date("Jour de l'anniversaire (un 29 février : le 1er mars les autres années).") } },
        { type: 'object', required: ['kind', 'fact', 'label'], additionalProperties: false, properties: { kind: { const: 'status' }, fact: { type: 'string' }, label: text('La situation qui remplirait la condition.') } },
        {
          type: 'object',
          required: ['kind', 'reason', 'fact', 'person', 'label', 'date', 'duration'],
          additionalProperties: false,
          properties: {
            kind: { const: 'time' },
            reason: { enum: ['waiting', 'in-force'], description: "waiting : fin d'un délai (titre de séjour depuis 5 ans, un an sans emploi) ; in-force : entrée en vigueur d'une règle pas encore en vigueur." },
            fact: { type: ['string', 'null'], description: 'Fait qui compte la durée (null pour in-force).' },
            person: { type: ['string', 'null'], description: 'Personne dont la date compte (null pour une date du foyer ou in-force).' },
            label: { type: 'string' },
            date: date('Premier jour où la condition est remplie.'),
            duration: { description: 'Le délai demandé (null pour in-force).', oneOf: [{ type: 'null' }, { type: 'object', required: ['value', 'unit'], additionalProperties: false, properties: { value: { type: 'integer' }, unit: { enum: ['month', 'year'] } } }] },
          },
        },
      ],
    },
    Distance: {
      type: 'object',
      description: "Ce qui sépare le foyer d'un droit : tous les changements nécessaires ensemble, calculés sur les conditions (jamais par essais).",
      required: ['reachable', 'changes', 'blocking', 'sentence'],
      additionalProperties: false,
      properties: {
        reachable: { type: 'boolean', description: 'false : une condition ne peut pas changer (une nationalité, un âge à rajeunir).' },
        changes: { type: 'array', items: ref('Change'), description: 'Les changements, tous nécessaires (vide hors de portée).' },
        blocking: { type: 'array', items: { type: 'string' }, description: 'Conditions qu\'aucun changement proposé ne remplit.' },
        sentence: text('« Éligible si « Ressources mensuelles moyennes… » baissait de 42,17 €. », « Éligible le 31 janvier 2027, à la fin du délai de 5 ans (« … »). »'),
      },
    },
    Hold: {
      type: 'object',
      description: "Jusqu'où un droit tient : les plafonds de ressources de ses conditions et de son montant.",
      required: ['limits', 'sentence'],
      additionalProperties: false,
      properties: {
        limits: {
          type: 'array',
          items: { type: 'object', required: ['fact', 'label', 'upTo', 'margin'], additionalProperties: false, properties: { fact: { type: 'string' }, label: { type: 'string' }, upTo: text('Ressources les plus hautes où le droit reste (décimal en chaîne).'), margin: text('Ce que le foyer peut encore avoir en plus.') } },
        },
        sentence: text('« Tant que « … » ne dépasse pas 645,69 € (encore 345,69 €) ; au-delà, plus rien. »'),
      },
    },
    OutlookEvent: {
      type: 'object',
      description: "Un droit qui s'ouvre, se ferme ou change de montant dans les mois à venir, le foyer inchangé (ses revenus du dernier mois continuent).",
      required: ['rule', 'title', 'change', 'date', 'reason'],
      additionalProperties: false,
      properties: {
        rule: { type: 'string' },
        title: { type: 'string' },
        change: { enum: ['opens', 'closes', 'amount', 'to-check'], description: "opens, closes ; amount : toujours éligible, pour un autre montant (from, to) ; to-check : dépendra d'informations manquantes (missing)." },
        missing: { type: 'array', items: { type: 'string' } },
        from: text('Pour amount : le montant avant (décimal en chaîne, même période).'),
        to: text('Pour amount : le montant après.'),
        date: date('Premier jour où il en est ainsi.'),
        reason: text('Pourquoi ce jour-là : « anniversaire de p1 (65 ans) », « la séparation a 12 mois : la base de ressources change », « entrée en vigueur de « … » », « p1 a son titre de séjour depuis 5 ans ».'),
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
          description: 'Dispositifs éligibles connus pour ne pas être perçus (non-recours) et leurs totaux non perçus, un par période.',
          required: ['count', 'rules', 'totals'],
          properties: { count: { type: 'integer' }, rules: { type: 'array', items: { type: 'string' } }, totals: { type: 'array', items: { type: 'object' } } },
        },
        claimUnknown: {
          type: 'object',
          description: 'Dispositifs éligibles dont le foyer ne dit pas s\'il les perçoit, et leurs totaux (jamais comptés comme non-recours).',
          required: ['count', 'rules', 'totals'],
          properties: { count: { type: 'integer' }, rules: { type: 'array', items: { type: 'string' } }, totals: { type: 'array', items: { type: 'object' } } },
        },
        outlook: {
          type: 'array',
          items: ref('OutlookEvent'),
          description: "Seulement quand il est demandé (evaluateHousehold(…, { outlook: { months } }), check --outlook) : ce qui s'ouvre et se ferme dans les mois à venir. POST /evaluate ne le demande pas (encore).",
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
      properties: {
        household: ref('Household'),
        date: { type: 'string', format: 'date', description: "Date d'évaluation AAAA-MM-JJ (ou ?date= dans l'adresse)." },
        outlook: {
          type: 'object',
          additionalProperties: false,
          description: 'Demande aussi ce qui ouvre et ferme dans les mois qui viennent pour le foyer inchangé : le rapport a alors « outlook ».',
          properties: { months: { type: 'integer', minimum: 1, maximum: 36, default: 12, description: 'Horizon en mois (12 si absent).' } },
        },
      },
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
  const schemas: Record<string, Schema> = { Household: household.root, ...household.defs, ...ruleSchemas(), ...distanceSchemas(), ...reportSchemas(), ...otherSchemas() };
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
