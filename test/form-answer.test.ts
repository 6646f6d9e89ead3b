/** The form API writes answers into the household without the form knowing its shape, claims included. */
import { describe, expect, it } from 'vitest';
import { applyAnswer, compileCatalog, defaultCatalog, formState } from '../src/index.js';
import { seed } from './helpers.js';

describe('applyAnswer', () => {
  it('writes « Perçoit-il déjà cette aide ? » to claims, and removing it makes the claim unknown again', () => {
    const h = { ...seed('nantes-jeune-19-ans'), claims: {} };
    const answered = applyAnswer(h, 'claims.nantes-ccas-coup-de-pouce-18-25', 'receiving');
    expect(answered.claims).toEqual({ 'nantes-ccas-coup-de-pouce-18-25': 'receiving' });
    expect(h.claims).toEqual({}); // the input is not changed
    const state = formState(compileCatalog(defaultCatalog(), '2026-11-24'), answered);
    expect(state.valid && state.report.results.find((r) => r.id === 'nantes-ccas-coup-de-pouce-18-25')?.unclaimed).toBe(false);
    expect(applyAnswer(answered, 'claims.nantes-ccas-coup-de-pouce-18-25', undefined)).not.toHaveProperty('claims');
  });

  it('a claim on a rule the catalog does not have is refused by the form, with the right id suggested', () => {
    const state = formState(compileCatalog(defaultCatalog(), '2026-11-24'), applyAnswer(seed('nantes-jeune-19-ans'), 'claims.rsa-socle', 'receiving'));
    expect(state.valid).toBe(false);
    expect(state.issues).toEqual([expect.objectContaining({ path: 'claims.rsa-socle', message: expect.stringMatching(/« rsa »/) })]);
  });
});
