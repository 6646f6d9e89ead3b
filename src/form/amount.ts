import { HOUSEHOLD_LIMITS } from '../household/schema.js';

/** The result of reading what a person typed in a field: the value, or one French message for that field. */
export type FieldParse<T> = { readonly success: true; readonly value: T } | { readonly success: false; readonly message: string };

/** Spaces people type or paste between thousands: space, no-break space, narrow no-break space, thin space. */
const SPACES = /[ \t\u00a0\u202f\u2009]+/g;

/** What may follow the number: the euro sign or the word. */
const CURRENCY = /\s*(€|eur|euros?)$/i;

/** Integer part: plain digits, or groups of three separated by spaces, or (before a decimal comma) by dots. */
const PLAIN = /^\d+$/;
const SPACED = /^\d{1,3}( \d{3})+$/;
const DOTTED = /^\d{1,3}(\.\d{3})+$/;

const EXAMPLE = 'par exemple 1 300,00';

/**
 * Reads an amount in euros as people type it — "1 300,00", "1300", "1 300 €", "1300.50", "1 300,5", with
 * normal, no-break or narrow no-break spaces between thousands — into the decimal string of the household
 * contract ("1300.00"), by rewriting the text: no binary float is ever involved. Anything else gets one
 * French message for the field: "1,300,00" (two decimal separators), "12a", "-5", "1,300" (three digits
 * after the comma: 1,3 or 1 300?), more than 10 000 000,00 € (the household contract's cap).
 *
 * @example
 * parseAmount('1 300,5 €') // { success: true, value: '1300.50' }
 * parseAmount('-5')        // { success: false, message: 'Montant négatif : …' }
 */
export function parseAmount(text: string): FieldParse<string> {
  const t = text.replace(SPACES, ' ').trim().replace(CURRENCY, '').trim();
  if (t === '') return { success: false, message: 'Montant vide : indiquez un nombre en euros, par exemple 0 s’il n’y en a pas.' };
  if (/^[-−–]/.test(t)) return { success: false, message: 'Montant négatif : indiquez un montant positif ou nul.' };
  if (/[^\d ,.]/.test(t)) return { success: false, message: `Montant non reconnu : chiffres seulement, avec une virgule pour les centimes (${EXAMPLE}).` };
  const separators = t.replace(/[\d ]/g, '');
  let int: string;
  let frac = '';
  if (separators === '') int = t;
  else if (separators === ',' || separators === '.') {
    // One separator: the decimal one (French comma, or the point of a keyboard's number pad).
    const at = t.indexOf(separators);
    int = t.slice(0, at);
    frac = t.slice(at + 1);
  } else if (/^\.+,$/.test(separators)) {
    // "1.300,00": dots between thousands, a decimal comma.
    const at = t.indexOf(',');
    int = t.slice(0, at);
    frac = t.slice(at + 1);
    if (!DOTTED.test(int)) return unrecognized();
    int = int.replace(/\./g, '');
  } else return unrecognized();
  int = int.trim();
  frac = frac.trim();
  if (!(PLAIN.test(int) || SPACED.test(int))) return unrecognized();
  if (!/^\d*$/.test(frac)) return unrecognized();
  if (frac.length > 2) return { success: false, message: `Montant ambigu ou trop précis : deux chiffres au plus après la virgule, au centime près (${EXAMPLE}).` };
  const digits = int.replace(/ /g, '').replace(/^0+(?=\d)/, '');
  const value = `${digits}.${frac.padEnd(2, '0')}`;
  if (digits.length > 8 || (digits.length === 8 && value !== '10000000.00')) {
    return { success: false, message: `Montant trop élevé : ${groupThousands(String(HOUSEHOLD_LIMITS.amountEuros))},00 € au plus.` };
  }
  return { success: true, value };
}

/**
 * Reads a count or a quantity as people type it ("12", "12,5", "0.8", "1 000"), for hours, meals, a rate
 * or fiscal shares: a non-negative number, or one French message for the field.
 *
 * @example
 * parseQuantity('12,5') // { success: true, value: 12.5 }
 */
export function parseQuantity(text: string): FieldParse<number> {
  const t = text.replace(SPACES, ' ').trim();
  if (t === '') return { success: false, message: 'Valeur vide : indiquez un nombre.' };
  if (/^[-−–]/.test(t)) return { success: false, message: 'Nombre négatif : indiquez un nombre positif ou nul.' };
  const m = /^(\d+|\d{1,3}(?: \d{3})+)(?:[,.](\d+))?$/.exec(t);
  if (m === null) return { success: false, message: 'Nombre non reconnu : chiffres seulement, avec une virgule pour les décimales (par exemple 12,5).' };
  // Quantities are JavaScript numbers in the household contract (hours, meals, shares): not money.
  return { success: true, value: Number(`${(m[1] as string).replace(/ /g, '')}.${m[2] ?? '0'}`) };
}

function unrecognized(): FieldParse<string> {
  return { success: false, message: `Montant non reconnu : une seule virgule, pour les centimes, et des espaces entre les milliers (${EXAMPLE}).` };
}

function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
