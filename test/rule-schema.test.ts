import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parametersSchemaSource, ruleSchemaSource, valuesSchemaSource } from '../scripts/generate.js';
import { loadCatalog, NonRecoursError } from '../src/index.js';
import { parameterFileJsonSchema, ruleFileJsonSchema, valuesFileJsonSchema } from '../src/rules/json-schema.js';

const root = new URL('..', import.meta.url).pathname;
/** Rewritten at the same time as this schema: they may not declare it yet. */
const WITHOUT_SCHEMA = new Set(['rules/national/rsa.json', 'rules/national/css-gratuite.json', 'rules/national/css-participation.json']);

// Formats (date, uri) are not checked here: dates carry a pattern, and the loader checks real days and URLs.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
const validateRule = ajv.compile(ruleFileJsonSchema());
const validateParameters = ajv.compile(parameterFileJsonSchema());
const validateValues = ajv.compile(valuesFileJsonSchema());

function listJson(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? listJson(full) : name.endsWith('.json') && !name.endsWith('.cases.json') ? [full] : [];
    });
}

const files = listJson(join(root, 'rules')).map((full) => relative(root, full).split('\\').join('/'));
const kindOf = (path: string) => (/(^|\/)parameters\//.test(path) ? 'parameters' : /(^|\/)values\//.test(path) ? 'values' : 'rule');
const validatorOf = { rule: validateRule, parameters: validateParameters, values: validateValues } as const;
const read = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

const brokenFixture = read('test/fixtures/regles-cassees/aide-cassee.json') as Record<string, unknown>;
const leaf = { fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Être majeur' };
const fixed = (conditions: unknown) => ({ ...brokenFixture, conditions });

describe('JSON Schemas of rule folders', () => {
  it('finds rules and parameters under rules/', () => {
    expect(files.filter((f) => kindOf(f) === 'rule').length).toBeGreaterThan(20);
    expect(files.filter((f) => kindOf(f) === 'parameters').length).toBeGreaterThan(5);
  });

  for (const path of files) {
    it(`${path} validates against its schema`, () => {
      const validate = validatorOf[kindOf(path)];
      const ok = validate(read(path));
      expect(ok ? [] : validate.errors).toEqual([]);
    });
  }

  it('every rule and parameter file declares its schema first', () => {
    for (const path of files) {
      if (WITHOUT_SCHEMA.has(path)) continue;
      const kind = kindOf(path);
      const first = Object.entries(read(path) as Record<string, unknown>)[0];
      expect(first, path).toEqual(['$schema', `../../schema/${kind === 'rule' ? 'rule' : kind}.schema.json`]);
    }
  });

  describe('rejects what the loader rejects for grammar reasons', () => {
    const loaderIssues = (json: unknown): string[] => {
      try {
        loadCatalog({ rules: [{ path: 'rules/test/aide-cassee.json', json }], parameters: [] });
        return [];
      } catch (e) {
        return e instanceof NonRecoursError ? e.details.map((d) => d.path) : [String(e)];
      }
    };
    const cases: readonly [string, unknown, string][] = [
      ['an unknown operator (test/fixtures/regles-cassees)', brokenFixture, 'conditions.all[0].operator'],
      ['a JSONPath « path » key', fixed({ all: [{ ...leaf, path: '$.persons[0]' }] }), 'conditions.all[0].path'],
      ['an empty « all »', fixed({ all: [] }), 'conditions.all'],
      ['a condition without a label', fixed({ all: [{ fact: 'applicant.age', operator: 'greaterThan', value: 17 }] }), 'conditions.all[0].label'],
      ['an unknown amount kind', { ...fixed({ all: [leaf] }), amount: { kind: 'percent', value: 10, period: 'once' } }, 'amount.kind'],
    ];
    for (const [what, json, path] of cases) {
      it(what, () => {
        expect(loaderIssues(json)).toEqual([path]);
        expect(validateRule(json)).toBe(false);
      });
    }

    it('the control: the same rule with a good condition is accepted by both', () => {
      const json = fixed({ all: [leaf] });
      expect(loadCatalog({ rules: [{ path: 'rules/test/aide-cassee.json', json }], parameters: [] }).rules).toHaveLength(1);
      expect(validateRule(json)).toBe(true);
    });
  });

  it('accepts per-person aggregates in conditions and expressions', () => {
    const rule = {
      ...brokenFixture,
      conditions: {
        all: [
          {
            perPerson: { where: { role: ['child'], maxAge: 17, schooling: ['college', 'lycee'] }, aggregate: 'any', condition: { fact: 'person.disabilityRate', operator: 'greaterThanInclusive', value: 0.5, label: 'Taux au moins 50 %' } },
            label: 'Un enfant handicapé au collège ou au lycée',
            name: 'enfant-handicape',
          },
          {
            fact: 'household.monthlyResources',
            operator: 'lessThanInclusive',
            value: { product: [{ param: 'test.plafond' }, { perPerson: { where: { role: 'child', childMaxAge: 20, custody: 'full' }, aggregate: 'count' } }] },
            label: 'Ressources sous le plafond par enfant',
          },
        ],
      },
      amount: { kind: 'fixed', value: { perPerson: { where: { minDisabilityRate: 0.8 }, aggregate: 'sum', of: { fact: 'person.monthlyIncome' } } }, period: 'month', note: 'Somme des revenus' },
    };
    const ok = validateRule(rule);
    expect(ok ? [] : validateRule.errors).toEqual([]);
    const badFilter = { ...rule, amount: { kind: 'fixed', value: { perPerson: { where: { role: 'cousin' }, aggregate: 'count' } }, period: 'month' } };
    expect(validateRule(badFilter)).toBe(false);
    const badAggregate = { ...rule, amount: { kind: 'fixed', value: { perPerson: { aggregate: 'any' } }, period: 'month' } };
    expect(validateRule(badAggregate)).toBe(false);
  });

  it('accepts a named-values file, and rejects a value with two bodies or of the wrong kind', () => {
    const source = [{ title: "Code de l'action sociale et des familles", section: 'art. R262-1' }];
    const file = {
      $schema: '../../schema/values.schema.json',
      values: {
        'rsa.montant-forfaitaire': {
          label: 'Montant forfaitaire du RSA du foyer',
          type: 'money',
          unit: '€/mois',
          sources: source,
          formula: { product: [{ param: 'rsa.montant-base' }, { sum: [1, { perPerson: { where: { role: 'child' }, aggregate: 'count' } }] }] },
        },
        'rsa.seul': { label: 'Personne seule', type: 'boolean', sources: source, condition: { fact: 'household.size', operator: 'equal', value: 1, label: 'Vivre seul' } },
        'rsa.forfait-logement': {
          label: 'Forfait logement',
          type: 'money',
          sources: source,
          illustrative: true,
          notModeled: ['Aide au logement perçue par un tiers'],
          versions: [{ from: '2024-04-01', formula: '12.5' }, { from: '2025-04-01', formula: { round: [{ quotient: [{ param: 'rsa.montant-base' }, 8] }, 2] } }],
        },
      },
    };
    const ok = validateValues(file);
    expect(ok ? [] : validateValues.errors).toEqual([]);
    const value = file.values['rsa.montant-forfaitaire'];
    expect(validateValues({ values: { 'rsa.x': { ...value, condition: file.values['rsa.seul'].condition } } })).toBe(false);
    expect(validateValues({ values: { 'rsa.x': { ...file.values['rsa.seul'], type: 'money' } } })).toBe(false);
    expect(validateValues({ values: { 'RSA X': value } })).toBe(false);
    expect(validateValues({ values: { 'rsa.x': { ...value, sources: [] } } })).toBe(false);
  });

  it('describes every property in French', () => {
    const undescribed: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
      if (node === null || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (o.properties !== undefined && !path.endsWith('/if')) {
        for (const [k, v] of Object.entries(o.properties as Record<string, unknown>)) {
          if (typeof v === 'object' && typeof (v as { description?: unknown }).description !== 'string') undescribed.push(`${path}/properties/${k}`);
          else if (typeof v === 'object' && (v as { description: string }).description.trim() === '') undescribed.push(`${path}/properties/${k}`);
        }
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    for (const schema of [ruleFileJsonSchema(), parameterFileJsonSchema(), valuesFileJsonSchema()]) walk(schema, String(schema.$id));
    expect(undescribed).toEqual([]);
  });

  it('the schema files on disk are the generated ones (run `npm run generate`)', () => {
    expect(readFileSync(join(root, 'schema/rule.schema.json'), 'utf8')).toBe(ruleSchemaSource());
    expect(readFileSync(join(root, 'schema/parameters.schema.json'), 'utf8')).toBe(parametersSchemaSource());
    expect(readFileSync(join(root, 'schema/values.schema.json'), 'utf8')).toBe(valuesSchemaSource());
  });
});
