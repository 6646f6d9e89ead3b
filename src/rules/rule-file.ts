import { z } from 'zod';
import { tryParseDate } from '../dates.js';
import { sourceSchema } from './parameters.js';

const isoDate = z.string().refine((s) => tryParseDate(s) !== undefined, { error: 'date réelle AAAA-MM-JJ attendue' });
const kebab = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'identifiant en minuscules ASCII et tirets (kebab-case)' });
const insee = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, { error: 'code INSEE de commune attendu (5 caractères)' });
const departement = z.string().regex(/^(\d{2}|2[AB]|97\d)$/, { error: 'code de département attendu ("86", "2A", "974")' });
const siren = z.string().regex(/^\d{9}$/, { error: 'SIREN à 9 chiffres attendu' });

export const RULE_KINDS = ['aid', 'tariff', 'service'] as const;
export const INSTITUTION_TYPES = ['etat', 'caf', 'cpam', 'carsat', 'msa', 'departement', 'epci', 'commune', 'ccas', 'cias', 'association', 'other'] as const;

export const territorySchema = z
  .strictObject({
    national: z.literal(true).optional(),
    communes: z.array(insee).min(1).optional(),
    departements: z.array(departement).min(1).optional(),
    epcis: z.array(siren).min(1).optional(),
    except: z.strictObject({ communes: z.array(insee).min(1) }).optional(),
  })
  .refine((t) => (t.national === true) !== (t.communes !== undefined || t.departements !== undefined || t.epcis !== undefined), {
    error: 'territoire attendu : soit { "national": true }, soit des communes, départements ou EPCI',
  });

/** The fields of a rule file other than conditions and amount (which are validated with their own paths). */
export const ruleFileSchema = z.strictObject({
  $schema: z.string().optional(),
  id: kebab,
  title: z.string().min(1),
  description: z.string().optional(),
  kind: z.enum(RULE_KINDS),
  group: kebab.optional(),
  replaces: kebab.optional(),
  /** Successive versions of one aid share this id: their validity windows must follow each other. */
  versionOf: kebab.optional(),
  institution: z.strictObject({ name: z.string().min(1), type: z.enum(INSTITUTION_TYPES) }),
  territory: territorySchema,
  validity: z.strictObject({ from: isoDate, until: isoDate.nullable() }),
  conditions: z.unknown(),
  amount: z.unknown().optional(),
  /** For a tariff: how many units a household uses per month (a number fact), to turn a price into a monthly cost. */
  usage: z.unknown().optional(),
  sources: z.array(sourceSchema).min(1, { error: 'au moins une source (titre et section du texte)' }),
  illustrative: z.array(z.string().min(1)).optional(),
  notModeled: z.array(z.string().min(1)).optional(),
  apply: z
    .strictObject({
      where: z.string().min(1),
      documents: z.array(z.string().min(1)),
      url: z.string().url().optional(),
      how: z.string().optional(),
    })
    .optional(),
});

export type RuleFileHead = z.output<typeof ruleFileSchema>;
