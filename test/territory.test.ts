import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NonRecoursError } from '../src/errors.js';
import { defaultCatalog } from '../src/catalog/default.js';
import { compileCatalog } from '../src/engine/evaluator.js';
import { FALSE, TRUE, UNKNOWN } from '../src/engine/tri.js';
import { parseHousehold } from '../src/household/parse.js';
import { readRuleTree } from '../src/node/read-rules.js';
import { explainHousehold } from '../src/report/report.js';
import { loadCatalog } from '../src/rules/catalog.js';
import { territorySchema } from '../src/rules/rule-file.js';
import { communeEpci, compileTerritory, epciCommunes, isKnownCommune, isKnownDepartement, territoryIssues, territoryRulesEngineCondition } from '../src/rules/territory.js';

const STRASBOURG_EMS = '246700488';
const METROPOLE_LYON = '200046977';
const NANTES_METROPOLE = '244400404';
const RULE = 'strasbourg-aide-jeunes-majeurs';

function household(commune?: string): unknown {
  return { ...(commune === undefined ? {} : { commune }), persons: [{ id: 'p1', role: 'applicant', birthDate: '2000-03-01' }] };
}

describe('a rule territory given by EPCI (Eurométropole de Strasbourg)', () => {
  const catalog = loadCatalog(readRuleTree(new URL('fixtures/strasbourg/', import.meta.url).pathname), defaultCatalog());
  const compiled = compileCatalog(catalog, '2026-11-24');
  const statusFor = (commune?: string) => explainHousehold(compiled, parseHousehold(household(commune))).results.find((r) => r.id === RULE);

  it('covers a household of Strasbourg (67482)', () => {
    expect(statusFor('67482')?.status).toBe('eligible');
    expect(statusFor('67482')?.amount).not.toBeNull();
  });

  it('puts a household of Nantes out of territory', () => {
    expect(statusFor('44109')?.status).toBe('out-of-territory');
  });

  it('leaves a household without commune undetermined, asking for the commune', () => {
    const r = statusFor();
    expect(r?.status).toBe('undetermined');
    expect(r?.missing).toContain('commune');
  });
});

describe('territoryIssues', () => {
  it('refuses to load a rule with an unknown EPCI, naming the file and the path', () => {
    const json = JSON.parse(readFileSync(new URL(`fixtures/strasbourg/${RULE}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
    let details: readonly { file?: string; path: string; message: string }[] = [];
    try {
      loadCatalog({ rules: [{ path: `ville/${RULE}.json`, json: { ...json, territory: { epcis: ['246700499'] } } }], parameters: [] });
    } catch (e) {
      if (e instanceof NonRecoursError) details = e.details;
    }
    expect(details).toEqual([{ file: `ville/${RULE}.json`, path: 'territory.epcis[0]', message: 'EPCI inconnu « 246700499 » (SIREN absent du découpage administratif)' }]);
  });

  it('names an unknown EPCI with its JSON path', () => {
    expect(territoryIssues({ epcis: [STRASBOURG_EMS, '246700499'] }, 'territory')).toEqual([
      { path: 'territory.epcis[1]', message: 'EPCI inconnu « 246700499 » (SIREN absent du découpage administratif)' },
    ]);
  });

  it('names unknown communes and départements', () => {
    expect(territoryIssues({ communes: ['67482', '67999'], departements: ['20', '67'] }, 'territory')).toEqual([
      { path: 'territory.communes[1]', message: 'Commune inconnue « 67999 » (code INSEE absent du découpage administratif)' },
      { path: 'territory.departements[0]', message: 'Département inconnu « 20 » (code absent du découpage administratif)' },
    ]);
  });

  it('checks except too, in each of its forms', () => {
    expect(territoryIssues({ national: true, except: { communes: ['00000'], epcis: ['000000000'], departements: ['96'] } }, 't')).toEqual([
      { path: 't.except.communes[0]', message: 'Commune inconnue « 00000 » (code INSEE absent du découpage administratif)' },
      { path: 't.except.epcis[0]', message: 'EPCI inconnu « 000000000 » (SIREN absent du découpage administratif)' },
      { path: 't.except.departements[0]', message: 'Département inconnu « 96 » (code absent du découpage administratif)' },
    ]);
  });

  it('accepts current communes, municipal arrondissements, Corsica and overseas', () => {
    expect(territoryIssues({ communes: ['69123', '69381', '75113', '2A004', '97411'], departements: ['2A', '974', '976'], epcis: [METROPOLE_LYON] }, 'territory')).toEqual([]);
  });
});

describe('the except shapes of the schema', () => {
  it('accepts communes, EPCIs or départements, and refuses an empty except', () => {
    expect(territorySchema.safeParse({ national: true, except: { departements: ['976'] } }).success).toBe(true);
    expect(territorySchema.safeParse({ departements: ['67'], except: { epcis: [STRASBOURG_EMS] } }).success).toBe(true);
    expect(territorySchema.safeParse({ departements: ['67'], except: {} }).success).toBe(false);
    expect(territorySchema.safeParse({ departements: ['67'], except: { communes: [] } }).success).toBe(false);
  });
});

describe('compileTerritory', () => {
  it('is unknown without a commune, except for a plain national territory', () => {
    expect(compileTerritory({ epcis: [STRASBOURG_EMS] })(undefined)).toBe(UNKNOWN);
    expect(compileTerritory({ national: true })(undefined)).toBe(TRUE);
    expect(compileTerritory({ national: true, except: { departements: ['976'] } })(undefined)).toBe(UNKNOWN);
  });

  it('excludes by EPCI', () => {
    const bas = compileTerritory({ departements: ['67'], except: { epcis: [STRASBOURG_EMS] } });
    expect(bas('67482')).toBe(FALSE); // Strasbourg
    expect(bas('67180')).toBe(TRUE); // Haguenau
    expect(bas('68224')).toBe(FALSE); // Mulhouse, Haut-Rhin
  });

  it('answers each commune of a sequence as if alone (the last answer is kept, never reused for another commune)', () => {
    const bas = compileTerritory({ departements: ['67'], except: { epcis: [STRASBOURG_EMS] } });
    const communes = ['67482', '67482', '67180', undefined, '67180', '68224', '67482', '67180', '67180', undefined, '68224'];
    const expected = communes.map((c) => compileTerritory({ departements: ['67'], except: { epcis: [STRASBOURG_EMS] } })(c));
    expect(expected).toEqual([FALSE, FALSE, TRUE, UNKNOWN, TRUE, FALSE, FALSE, TRUE, TRUE, UNKNOWN, FALSE]);
    expect(communes.map((c) => bas(c))).toEqual(expected);
  });

  it('excludes by département, also from a national territory', () => {
    const t = compileTerritory({ national: true, except: { departements: ['976', '2A'] } });
    expect(t('97611')).toBe(FALSE); // Mamoudzou
    expect(t('2A004')).toBe(FALSE); // Ajaccio
    expect(t('2B033')).toBe(TRUE); // Bastia
    expect(t('67482')).toBe(TRUE);
  });

  it('maps municipal arrondissements to their commune and its EPCI', () => {
    const lyon = compileTerritory({ epcis: [METROPOLE_LYON] });
    expect(lyon('69381')).toBe(TRUE);
    expect(lyon('69123')).toBe(TRUE);
    expect(lyon('69266')).toBe(TRUE); // Villeurbanne
    expect(compileTerritory({ communes: ['75056'] })('75113')).toBe(TRUE);
    expect(compileTerritory({ communes: ['75113'] })('75056')).toBe(FALSE);
    expect(compileTerritory({ communes: ['13055'], except: { communes: ['13201'] } })('13201')).toBe(FALSE);
  });
});

describe('territoryRulesEngineCondition', () => {
  it('writes EPCIs as commune lists and except as notIn', () => {
    expect(territoryRulesEngineCondition({ national: true })).toBeUndefined();
    const c = territoryRulesEngineCondition({ epcis: [NANTES_METROPOLE], except: { communes: ['44109'], departements: ['85'] } }) as { all: unknown[] };
    expect(c.all).toHaveLength(3);
    expect(JSON.stringify(c.all[0])).toContain('"44020"');
    expect(c.all[1]).toEqual({ fact: 'household.commune', operator: 'notIn', value: ['44109'] });
    expect(c.all[2]).toEqual({ fact: 'household.departement', operator: 'notIn', value: ['85'] });
  });
});

describe('the table of the whole of France', () => {
  it('knows a Lyon commune, a Corsican one and an overseas one, with their EPCI', () => {
    expect(communeEpci('69123')).toBe(METROPOLE_LYON);
    expect(communeEpci('69383')).toBe(METROPOLE_LYON); // Lyon 3e arrondissement
    expect(isKnownCommune('2A004')).toBe(true);
    expect(communeEpci('2A004')).toBeDefined();
    expect(isKnownCommune('97411')).toBe(true);
    expect(communeEpci('97411')).toBeDefined();
    expect(communeEpci('29155')).toBeUndefined(); // Ouessant, in no EPCI
    expect(isKnownCommune('29155')).toBe(true);
    expect(isKnownDepartement('2B')).toBe(true);
  });

  it('has the members of the Eurométropole de Strasbourg, and no EPCI for an unknown SIREN', () => {
    const members = epciCommunes(STRASBOURG_EMS) ?? [];
    expect(members).toContain('67482');
    expect(members).toHaveLength(33);
    expect(epciCommunes('246700499')).toBeUndefined();
  });

  it('decodes to exactly the communes of @etalab/decoupage-administratif', async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const source = require('@etalab/decoupage-administratif/data/epci.json') as { code: string; membres: { code: string }[] }[];
    for (const e of source) expect(epciCommunes(e.code), e.code).toEqual(e.membres.map((m) => m.code).sort());
    const communes = require('@etalab/decoupage-administratif/data/communes.json') as { code: string; type: string }[];
    for (const c of communes) if (c.type === 'commune-actuelle' || c.type === 'arrondissement-municipal') expect(isKnownCommune(c.code), c.code).toBe(true);
  });
});
