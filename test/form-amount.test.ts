/** Amounts and quantities as caseworkers type them: read exactly (decimal strings), or one French message. */
import { describe, expect, it } from 'vitest';
import { parseAmount, parseQuantity } from '../src/form/amount.js';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('parseAmount', () => {
  it.each([
    ['1 300,00', '1300.00'],
    ['1300', '1300.00'],
    ['1 300 €', '1300.00'],
    ['1300.50', '1300.50'],
    ['1 300,5', '1300.50'],
    [`1${NBSP}300,00`, '1300.00'],
    [`1${NNBSP}300,00${NNBSP}€`, '1300.00'],
    ['1.300,00', '1300.00'],
    ['0', '0.00'],
    ['0,5', '0.50'],
    ['007', '7.00'],
    ['148,52 euros', '148.52'],
    ['10 000 000,00', '10000000.00'],
    // The text is rewritten, never read as a binary float: 9999999.99 and 0.10 come out as typed.
    ['9 999 999,99', '9999999.99'],
    ['0,1', '0.10'],
  ])('%j → %s', (typed, value) => expect(parseAmount(typed)).toEqual({ success: true, value }));

  it.each([
    ['1,300,00', /^Montant non reconnu/],
    ['12a', /^Montant non reconnu/],
    ['-5', /^Montant négatif/],
    ['−5', /^Montant négatif/],
    ['1,300', /^Montant ambigu/],
    ['1.300', /^Montant ambigu/],
    ['12,345', /^Montant ambigu/],
    ['1 30,00', /^Montant non reconnu/],
    ['1.300.00', /^Montant non reconnu/],
    ['1,300.00', /^Montant non reconnu/],
    [',5', /^Montant non reconnu/],
    ['1e3', /^Montant non reconnu/],
    ['', /^Montant vide/],
    ['  €', /^Montant vide/],
    ['10 000 000,01', /^Montant trop élevé/],
    [`  12${NNBSP}345${NNBSP}678,9 `, /^Montant trop élevé/],
  ])('%j is refused with one French message', (typed, message) => {
    const r = parseAmount(typed);
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.message).toMatch(message);
      expect(r.message.split('\n')).toHaveLength(1);
    }
  });
});

describe('parseQuantity', () => {
  it.each([
    ['12', 12],
    ['12,5', 12.5],
    ['0.8', 0.8],
    ['1 000', 1000],
    [`1${NNBSP}000`, 1000],
  ])('%j → %d', (typed, value) => expect(parseQuantity(typed)).toEqual({ success: true, value }));

  it.each(['12a', '-3', '', '1,2,3'])('%j is refused', (typed) => expect(parseQuantity(typed).success).toBe(false));
});
