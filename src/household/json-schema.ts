import * as z from 'zod/mini';
import { HOUSEHOLD_LIMITS, claimsSchema, householdSchema } from './schema.js';

/** The JSON Schema of the household contract, generated from the zod schema (shipped in `schema/`). */
export function householdJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(householdSchema, {
    io: 'input',
    unrepresentable: 'any',
    // A refinement has no JSON Schema of its own: the bound on the number of claims is written here.
    override: (ctx) => {
      if (ctx.zodSchema === claimsSchema) ctx.jsonSchema.maxProperties = HOUSEHOLD_LIMITS.claims;
    },
  }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://non-recours.example/schema/household.schema.json',
    title: 'Foyer (non-recours)',
    description: "Un foyer évalué par non-recours : personnes, revenus mensuels, avis d'imposition, logement, demandes en cours. Une donnée absente est inconnue, jamais zéro.",
  };
}
