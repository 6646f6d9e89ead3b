/**
 * A strict JSON reader for rule files and households. `JSON.parse` keeps the last of two equal keys
 * without a word, gives no line or column, fails on a UTF-8 byte-order mark and leaves deep nesting to
 * whoever walks the value next. This reader gives the same values as `JSON.parse` on every text it
 * accepts, and refuses, naming the file, the JSON path, the line and the column: a key written twice,
 * a prototype key, nesting beyond a depth limit, and every syntax error. It walks with an explicit
 * stack, never recursion, so no input can exhaust the call stack. Pure: no Node built-in.
 */
import { NonRecoursError, formatPath } from '../errors.js';

/** Nesting allowed by default: the bundled rules reach 16 levels, a household 5. */
export const DEFAULT_MAX_DEPTH = 64;

/** Options of `parseJsonStrict`. */
export interface ParseJsonOptions {
  /** Most objects and arrays nested in one another (the outermost counts 1); 64 by default. */
  readonly maxDepth?: number;
}

type Container = unknown[] | Record<string, unknown>;

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const SLASH = 47;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const LEFT_BRACKET = 91;
const BACKSLASH = 92;
const RIGHT_BRACKET = 93;
const LOWER_E = 101;
const LEFT_BRACE = 123;
const RIGHT_BRACE = 125;
const BOM = 0xfeff;

/** Where an offset of the text falls, counted from 1 (a CRLF is one line break; the BOM is not counted). */
function lineColumn(text: string, offset: number, start: number): { line: number; column: number } {
  let line = 1;
  let lineStart = start;
  for (let k = start; k < offset; k += 1) {
    const c = text.charCodeAt(k);
    if (c === LF || (c === CR && text.charCodeAt(k + 1) !== LF)) {
      line += 1;
      lineStart = k + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** How a character met in the text is named in a message. */
function describe(text: string, offset: number): string {
  if (offset >= text.length) return 'la fin du texte';
  const cp = text.codePointAt(offset) as number;
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff)) return `le caractère U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return `« ${String.fromCodePoint(cp)} »`;
}

function isHex(c: number): boolean {
  return (c >= ZERO && c <= NINE) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * Parses JSON text as `JSON.parse` does, but refuses duplicate keys, prototype keys (`__proto__`,
 * `constructor`, `prototype`) and nesting deeper than `maxDepth`, and locates every error. A leading
 * byte-order mark is accepted. Throws a `RULE_INVALID` `NonRecoursError` whose single detail gives the
 * file, the JSON path (`conditions.all[0].operator`) and a French message with line and column.
 *
 * @example
 * const json = parseJsonStrict(readFileSync(file, 'utf8'), file);
 */
export function parseJsonStrict(text: string, file: string, options: ParseJsonOptions = {}): unknown {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const n = text.length;
  const start = text.charCodeAt(0) === BOM ? 1 : 0;
  let i = start;
  // The open containers, outermost first, and the key (or index) being read in each.
  const containers: Container[] = [];
  const keys: (string | number | undefined)[] = [];

  function fail(offset: number, message: string, key?: string): never {
    const path: PropertyKey[] = [];
    for (const k of keys) if (k !== undefined) path.push(k);
    if (key !== undefined) path.push(key);
    const { line, column } = lineColumn(text, offset, start);
    throw new NonRecoursError('RULE_INVALID', 'Fichier JSON refusé :', [{ file, path: formatPath(path), message: `${message} (ligne ${line}, colonne ${column})` }]);
  }

  function expected(what: string): never {
    return fail(i, `il faut ${what} ici, pas ${describe(text, i)}`);
  }

  function skipSpace(): void {
    let j = i;
    for (; j < n; j += 1) {
      const c = text.charCodeAt(j);
      if (c !== SPACE && c !== LF && c !== CR && c !== TAB) break;
    }
    i = j;
  }

  /** Reads the string whose opening quote is at `i`. */
  function readString(): string {
    const open = i;
    let j = i + 1;
    // Most strings have no escape: one slice.
    for (; j < n; j += 1) {
      const c = text.charCodeAt(j);
      if (c === QUOTE) {
        i = j + 1;
        return text.slice(open + 1, j);
      }
      if (c === BACKSLASH) break;
      if (c < SPACE) return fail(j, `${describe(text, j)} doit être échappé dans une chaîne`);
    }
    let out = text.slice(open + 1, j);
    let chunk = j;
    for (; j < n; j += 1) {
      const c = text.charCodeAt(j);
      if (c === QUOTE) {
        i = j + 1;
        return out + text.slice(chunk, j);
      }
      if (c < SPACE) return fail(j, `${describe(text, j)} doit être échappé dans une chaîne`);
      if (c !== BACKSLASH) continue;
      out += text.slice(chunk, j);
      const e = text.charCodeAt(j + 1);
      switch (e) {
        case QUOTE: out += '"'; break;
        case BACKSLASH: out += '\\'; break;
        case SLASH: out += '/'; break;
        case 98: out += '\b'; break;
        case 102: out += '\f'; break;
        case 110: out += '\n'; break;
        case 114: out += '\r'; break;
        case 116: out += '\t'; break;
        case 117: {
          for (let k = j + 2; k < j + 6; k += 1) {
            if (!isHex(text.charCodeAt(k))) return fail(k, `il faut quatre chiffres hexadécimaux après « \\u », pas ${describe(text, k)}`);
          }
          out += String.fromCharCode(Number.parseInt(text.slice(j + 2, j + 6), 16));
          j += 4;
          break;
        }
        default:
          if (j + 1 >= n) return fail(open, 'chaîne non terminée');
          return fail(j, `échappement « \\${String.fromCodePoint(text.codePointAt(j + 1) as number)} » inconnu`);
      }
      j += 1;
      chunk = j + 1;
    }
    return fail(open, 'chaîne non terminée');
  }

  /** Reads the number that starts at `i` (JSON grammar: no `+`, no leading zero, digits around the dot). */
  function readNumber(): number {
    const begin = i;
    let j = i;
    if (text.charCodeAt(j) === MINUS) j += 1;
    let c = text.charCodeAt(j);
    if (c === ZERO) j += 1;
    else if (c > ZERO && c <= NINE) {
      do j += 1;
      while ((c = text.charCodeAt(j)) >= ZERO && c <= NINE);
    } else return fail(j, `nombre mal formé : il faut un chiffre ici, pas ${describe(text, j)}`);
    if (text.charCodeAt(j) === DOT) {
      j += 1;
      c = text.charCodeAt(j);
      if (!(c >= ZERO && c <= NINE)) return fail(j, `nombre mal formé : il faut un chiffre après le point, pas ${describe(text, j)}`);
      do j += 1;
      while ((c = text.charCodeAt(j)) >= ZERO && c <= NINE);
    }
    c = text.charCodeAt(j);
    if (c === LOWER_E || c === UPPER_E) {
      j += 1;
      c = text.charCodeAt(j);
      if (c === PLUS || c === MINUS) j += 1;
      c = text.charCodeAt(j);
      if (!(c >= ZERO && c <= NINE)) return fail(j, `nombre mal formé : il faut un chiffre dans l'exposant, pas ${describe(text, j)}`);
      do j += 1;
      while ((c = text.charCodeAt(j)) >= ZERO && c <= NINE);
    }
    i = j;
    // The grammar is checked above; the conversion is the one JSON.parse uses (correctly rounded).
    return Number(text.slice(begin, j));
  }

  function readLiteral(word: string, value: boolean | null): boolean | null {
    if (!text.startsWith(word, i)) return fail(i, `mot inconnu : il faut « ${word} » ici`);
    i += word.length;
    return value;
  }

  /** Reads a key of the innermost object (its opening quote at `i`), then the colon. */
  function readKey(target: Record<string, unknown>): void {
    keys[keys.length - 1] = undefined;
    if (text.charCodeAt(i) !== QUOTE) expected('une clé entre guillemets');
    const at = i;
    const key = readString();
    // A key that reaches the prototype is refused before anything is written under it.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') fail(at, `clé « ${key} » interdite (prototype)`, key);
    if (Object.prototype.hasOwnProperty.call(target, key)) fail(at, `clé « ${key} » en double`, key);
    keys[keys.length - 1] = key;
    skipSpace();
    if (text.charCodeAt(i) !== COLON) expected('« : »');
    i += 1;
  }

  let value: unknown;
  for (;;) {
    // Read one value; an opened container is pushed and its first member read by the next turn.
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === LEFT_BRACE || c === LEFT_BRACKET) {
      if (containers.length >= maxDepth) fail(i, `plus de ${maxDepth} niveaux d'objets ou de listes imbriqués`);
      i += 1;
      skipSpace();
      const close = c === LEFT_BRACE ? RIGHT_BRACE : RIGHT_BRACKET;
      if (text.charCodeAt(i) === close) {
        i += 1;
        value = c === LEFT_BRACE ? {} : [];
      } else if (c === LEFT_BRACE) {
        const object: Record<string, unknown> = {};
        containers.push(object);
        keys.push(undefined);
        readKey(object);
        continue;
      } else {
        containers.push([]);
        keys.push(0);
        continue;
      }
    } else if (c === QUOTE) value = readString();
    else if (c === MINUS || (c >= ZERO && c <= NINE)) value = readNumber();
    else if (c === 116) value = readLiteral('true', true);
    else if (c === 102) value = readLiteral('false', false);
    else if (c === 110) value = readLiteral('null', null);
    else expected('une valeur');

    // Store the value in its container; close every container that ends here.
    for (;;) {
      const top = containers.length - 1;
      if (top < 0) {
        skipSpace();
        if (i < n) fail(i, `texte en trop après la valeur : ${describe(text, i)}`);
        return value;
      }
      const container = containers[top] as Container;
      const isArray = Array.isArray(container);
      if (isArray) container.push(value);
      else container[keys[top] as string] = value;
      skipSpace();
      const d = text.charCodeAt(i);
      if (d === COMMA) {
        i += 1;
        if (isArray) keys[top] = container.length;
        else {
          skipSpace();
          readKey(container);
        }
        break;
      }
      if (d === (isArray ? RIGHT_BRACKET : RIGHT_BRACE)) {
        i += 1;
        containers.pop();
        keys.pop();
        value = container;
        continue;
      }
      expected(isArray ? '« , » ou « ] »' : '« , » ou « } »');
    }
  }
}
