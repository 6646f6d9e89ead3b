import type { $ZodErrorMap } from 'zod/v4/core';
import { LABELS, vocabularyLabels } from './enums.js';
import { quoteList, suggest } from './suggest.js';

/**
 * French messages for zod's generic issues. Specific checks (dates, amounts) carry their own message;
 * this map covers types, enums, unknown keys and sizes, for a caseworker who does not read zod.
 */
export const frenchErrorMap: $ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'champ obligatoire manquant';
      const expected: Record<string, string> = {
        string: 'un texte',
        number: 'un nombre',
        int: 'un nombre entier',
        boolean: 'vrai ou faux (true / false)',
        array: 'une liste',
        object: 'un objet',
      };
      return `type invalide : attendu ${expected[issue.expected] ?? issue.expected}`;
    }
    case 'invalid_value': {
      // Each vocabulary labels its own values: `other` is « autre nationalité » in a list of nationalities.
      const labels = vocabularyLabels(issue.values) ?? LABELS;
      const label = (v: string) => `"${v}"${labels[v] !== undefined ? ` (${labels[v]})` : ''}`;
      const values = issue.values.map((v) => label(String(v)));
      const close = typeof issue.input === 'string' ? suggest(issue.input, issue.values.map(String), labels) : [];
      const hint = close.length > 0 ? `vouliez-vous dire ${close.map(label).join(' ou ')} ? ` : '';
      return `valeur non reconnue : ${hint}valeurs possibles ${values.join(', ')}`;
    }
    case 'unrecognized_keys': {
      const forbidden = issue.keys.filter((k) => k === '__proto__' || k === 'constructor' || k === 'prototype');
      if (forbidden.length > 0) return `clé interdite : ${forbidden.join(', ')}`;
      // safeParseHousehold reports each unknown key at its own path with a suggestion (unknownFieldMessage).
      return `champ${issue.keys.length > 1 ? 's' : ''} inconnu${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')}`;
    }
    case 'invalid_key':
      return 'clé invalide';
    case 'too_small':
      if (issue.origin === 'array') return `liste trop courte : au moins ${String(issue.minimum)} élément(s)`;
      if (issue.origin === 'string') return 'texte vide';
      return `valeur trop petite : minimum ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `texte trop long : ${String(issue.maximum)} caractères au plus`;
      return `valeur trop grande : maximum ${String(issue.maximum)}`;
    case 'invalid_format':
      return 'format invalide';
    case 'not_multiple_of':
      return `la valeur doit être un multiple de ${String(issue.divisor)}`;
    case 'invalid_union':
      return 'valeur invalide';
    default:
      return 'valeur invalide';
  }
};

/** The message for one unknown field, with the known fields of that object closest to it. */
export function unknownFieldMessage(key: string, known: readonly string[]): string {
  const close = suggest(key, known);
  if (close.length > 0) return `champ inconnu : vouliez-vous dire ${quoteList(close)} ?`;
  return known.length > 0 ? `champ inconnu : champs possibles ${known.join(', ')}` : 'champ inconnu';
}
