import * as z from 'zod/mini';
import { isoDate, sourceSchema } from './parameters.js';

const kebab = z.string().check(z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'identifiant en minuscules ASCII et tirets (kebab-case)' }));
const insee = z.string().check(z.regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'code INSEE de commune attendu (5 caractères)' }));
const departement = z.string().check(z.regex(/^(\d{2}|2[AB]|97\d)$/, { error: 'code de département attendu ("86", "2A", "974")' }));
const siren = z.string().check(z.regex(/^\d{9}$/, { error: 'SIREN à 9 chiffres attendu' }));

export const RULE_KINDS = ['aid', 'tariff', 'service'] as const;
export const INSTITUTION_TYPES = ['etat', 'caf', 'cpam', 'carsat', 'msa', 'departement', 'epci', 'commune', 'ccas', 'cias', 'association', 'other'] as const;

export const territorySchema = z
  .strictObject({
    national: z.optional(z.literal(true)),
    communes: z.optional(z.array(insee).check(z.minLength(1))),
    departements: z.optional(z.array(departement).check(z.minLength(1))),
    epcis: z.optional(z.array(siren).check(z.minLength(1))),
    /** Communes, EPCIs or départements removed from the territory (also from `national`). */
    except: z.optional(
      z
        .strictObject({
          communes: z.optional(z.array(insee).check(z.minLength(1))),
          departements: z.optional(z.array(departement).check(z.minLength(1))),
          epcis: z.optional(z.array(siren).check(z.minLength(1))),
        })
        .check(
          z.refine((e) => e.communes !== undefined || e.departements !== undefined || e.epcis !== undefined, {
            error: 'exception attendue : des communes, départements ou EPCI',
          }),
        ),
    ),
  })
  .check(
    z.refine((t) => (t.national === true) !== (t.communes !== undefined || t.departements !== undefined || t.epcis !== undefined), {
      error: 'territoire attendu : soit { "national": true }, soit des communes, départements ou EPCI',
    }),
  );

/** The fields of a rule file other than conditions and amount (which are validated with their own paths). */
export const ruleFileSchema = z.strictObject({
  $schema: z.optional(z.string()),
  id: kebab,
  title: z.string().check(z.minLength(1)),
  description: z.optional(z.string()),
  kind: z.enum(RULE_KINDS),
  group: z.optional(kebab),
  replaces: z.optional(kebab),
  /** Successive versions of one aid share this id: their validity windows must follow each other. */
  versionOf: z.optional(kebab),
  institution: z.strictObject({ name: z.string().check(z.minLength(1)), type: z.enum(INSTITUTION_TYPES) }),
  territory: territorySchema,
  validity: z.strictObject({ from: isoDate, until: z.nullable(isoDate) }),
  conditions: z.unknown(),
  amount: z.optional(z.unknown()),
  /** For a tariff: how many units a household uses per month (a number fact), to turn a price into a monthly cost. */
  usage: z.optional(z.unknown()),
  sources: z.array(sourceSchema).check(z.minLength(1, { error: 'au moins une source (titre et section du texte)' })),
  illustrative: z.optional(z.array(z.string().check(z.minLength(1)))),
  notModeled: z.optional(z.array(z.string().check(z.minLength(1)))),
  apply: z.optional(
    z.strictObject({
      where: z.string().check(z.minLength(1)),
      documents: z.array(z.string().check(z.minLength(1))),
      url: z.optional(z.url()),
      how: z.optional(z.string()),
    }),
  ),
});

export type RuleFileHead = z.output<typeof ruleFileSchema>;
