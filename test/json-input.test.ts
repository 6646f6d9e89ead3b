import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NonRecoursError, findForbiddenKeys, jsonDepthIssue } from '../src/errors.js';
import { parseJsonStrict } from '../src/json/parse.js';
import { readRuleTree } from '../src/node/read-rules.js';

const root = new URL('..', import.meta.url).pathname;
const DEEP = 10_000;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parseError(text: string, file = 'f.json', maxDepth?: number): NonRecoursError {
  try {
    parseJsonStrict(text, file, maxDepth === undefined ? {} : { maxDepth });
  } catch (e) {
    if (e instanceof NonRecoursError) return e;
    throw e;
  }
  throw new Error('expected the text to be refused');
}

const rule = {
  id: 'aide-en-double',
  title: 'Aide de test',
  kind: 'aid',
  institution: { name: 'CCAS de Test', type: 'ccas' },
  territory: { national: true },
  validity: { from: '2024-01-01', until: null },
  conditions: { all: [{ fact: 'applicant.age', operator: 'greaterThanInclusive', value: 18, label: 'Être majeur' }] },
  amount: { kind: 'fixed', value: '100.00', period: 'once' },
  sources: [{ title: 'Texte de test' }],
};
const ruleText = JSON.stringify(rule, null, 2);

/** `{"a":{"a":…{"a":1}…}}`, `levels` objects deep. */
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'non-recours-json-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('parseJsonStrict', () => {
  it('refuses a key written twice in a rule file read by readRuleTree, naming file, JSON path, line and column', () => {
    // The second "operator" sits on line 21, column 9 of the file.
    const text = ruleText.replace('"operator": "greaterThanInclusive",', '"operator": "greaterThanInclusive",\n        "operator": "lessThan",');
    expect(text.split('\n')[20]).toBe('        "operator": "lessThan",');
    const dir = tempDir({ 'aide-en-double.json': text });
    let error: unknown;
    try {
      readRuleTree(dir, 'regles');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonRecoursError);
    const e = error as NonRecoursError;
    expect(e.code).toBe('CATALOG_INVALID');
    expect(e.details).toEqual([{ file: 'regles/aide-en-double.json', path: 'conditions.all[0].operator', message: 'clé « operator » en double (ligne 21, colonne 9)' }]);
    expect(e.message).toContain('regles/aide-en-double.json: conditions.all[0].operator: clé « operator » en double (ligne 21, colonne 9)');
  });

  it('throws RULE_INVALID with the file, the path and the message as its one detail', () => {
    const e = parseError('{"a": [1, {"b": 2, "b": 3}]}', 'x.json');
    expect(e.code).toBe('RULE_INVALID');
    expect(e.details).toEqual([{ file: 'x.json', path: 'a[1].b', message: 'clé « b » en double (ligne 1, colonne 20)' }]);
  });

  it('accepts a leading byte-order mark, in a string and in a rule folder', () => {
    expect(parseJsonStrict('\uFEFF{"a": [1, "é"]}', 'f.json')).toEqual({ a: [1, 'é'] });
    const dir = tempDir({ 'aide-en-double.json': `\uFEFF${ruleText}`, 'parameters/p.json': '\uFEFF{"parameters": {}}' });
    const tree = readRuleTree(dir, 'regles');
    expect(tree.rules).toEqual([{ path: 'regles/aide-en-double.json', json: rule }]);
    expect(tree.parameters).toEqual([{ path: 'regles/parameters/p.json', json: { parameters: {} } }]);
    // Only at the very start: elsewhere it is not JSON white space.
    expect(parseError('[1, \uFEFF2]').details[0]?.message).toMatch(/U\+FEFF|« \uFEFF »/);
  });

  it('reports syntax errors with line and column (the BOM not counted, CRLF one line break)', () => {
    expect(parseError('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}').details).toEqual([{ file: 'f.json', path: 'b', message: 'il faut « , » ou « } » ici, pas « \" » (ligne 4, colonne 3)' }]);
    expect(parseError('\uFEFF{\r\n  "a": [1,]\r\n}').details[0]).toEqual({ file: 'f.json', path: 'a[1]', message: 'il faut une valeur ici, pas « ] » (ligne 2, colonne 11)' });
    expect(parseError('{"a": "x\ny"}').details[0]?.message).toBe('le caractère U+000A doit être échappé dans une chaîne (ligne 1, colonne 9)');
    expect(parseError('[01]').details[0]?.message).toMatch(/« 1 » \(ligne 1, colonne 3\)/);
    expect(parseError('{"a": tru}').details[0]).toEqual({ file: 'f.json', path: 'a', message: 'mot inconnu : il faut « true » ici (ligne 1, colonne 7)' });
    expect(parseError('"\\x"').details[0]?.message).toBe('échappement « \\x » inconnu (ligne 1, colonne 2)');
    expect(parseError('{"a": "abc').details[0]?.message).toBe('chaîne non terminée (ligne 1, colonne 7)');
    expect(parseError('').details[0]?.message).toBe('il faut une valeur ici, pas la fin du texte (ligne 1, colonne 1)');
    expect(parseError('{} []').details[0]?.message).toBe('texte en trop après la valeur : « [ » (ligne 1, colonne 4)');
  });

  it('refuses prototype keys with their path', () => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(parseError(`{"a": [{"ok": 1, "${key}": {"x": 1}}]}`).details).toEqual([{ file: 'f.json', path: `a[0].${key}`, message: `clé « ${key} » interdite (prototype) (ligne 1, colonne 18)` }]);
    }
    // Escaped, it is the same key.
    expect(parseError('{"\\u005f_proto__": 1}').details[0]?.path).toBe('__proto__');
  });

  it('enforces the depth limit (64 by default), naming the path where it is exceeded', () => {
    expect(parseJsonStrict(deepObject(64), 'f.json')).toBeTypeOf('object');
    const e = parseError(deepObject(65));
    expect(e.details[0]?.path).toBe(Array(64).fill('a').join('.'));
    expect(e.details[0]?.message).toBe("plus de 64 niveaux d'objets ou de listes imbriqués (ligne 1, colonne 321)");
    expect(parseError('{"persons": [{"incomes": [[]]}]}', 'f.json', 3).details[0]?.path).toBe('persons[0].incomes');
    // Ten thousand levels: refused, not a RangeError.
    expect(parseError(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`).details[0]?.path).toBe('[0]'.repeat(64));
  });

  it(
    'gives the same value as JSON.parse on 2 000 random JSON texts (random unicode, escapes, number spellings, white space)',
    () => {
      fc.assert(
        fc.property(jsonText(), ({ text }) => {
          const expected: unknown = JSON.parse(text);
          if (findForbiddenKeys(expected).length > 0) {
            expect(() => parseJsonStrict(text, 'f.json')).toThrow(/interdite/);
            return;
          }
          expect(parseJsonStrict(text, 'f.json')).toStrictEqual(expected);
          expect(sameNumbers(parseJsonStrict(text, 'f.json'), expected)).toBe(true);
        }),
        { numRuns: 2000 },
      );
    },
  );

  it('refuses what JSON.parse refuses, on 2 000 random one-character edits of JSON texts', () => {
    const edit = fc.tuple(jsonText(), fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom(...'{}[]:,"\\ \n-+.eE0123456789tfnulx\u0000\u00e9\uFEFF'));
    fc.assert(
      fc.property(edit, ([{ text }, at, kind, c]) => {
        const k = at % (text.length + 1);
        const edited = kind === 'delete' ? text.slice(0, k) + text.slice(k + 1) : kind === 'insert' ? text.slice(0, k) + c + text.slice(k) : text.slice(0, k) + c + text.slice(k + 1);
        let native: unknown;
        let nativeOk = true;
        try {
          // A leading byte-order mark is the one thing accepted beyond JSON.parse.
          native = JSON.parse(edited.startsWith('\uFEFF') ? edited.slice(1) : edited);
        } catch {
          nativeOk = false;
        }
        let strict: unknown;
        let strictError: unknown;
        try {
          strict = parseJsonStrict(edited, 'f.json');
        } catch (e) {
          strictError = e;
        }
        if (strictError !== undefined) {
          expect(strictError).toBeInstanceOf(NonRecoursError);
          expect((strictError as NonRecoursError).details[0]?.message).toMatch(/\(ligne \d+, colonne \d+\)$/);
          // Valid JSON is refused only for what JSON.parse lets through.
          if (nativeOk) expect((strictError as NonRecoursError).details[0]?.message).toMatch(/en double|interdite|niveaux/);
        } else {
          expect(nativeOk).toBe(true);
          expect(strict).toStrictEqual(native);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('iterative JSON walks', () => {
  const deep = (levels: number, leaf: unknown): unknown => {
    let v = leaf;
    for (let k = 0; k < levels; k += 1) v = k % 2 === 0 ? { a: v } : [v];
    return v;
  };

  it('findForbiddenKeys finds a prototype key 10 000 levels down, in document order, without a RangeError', () => {
    expect(findForbiddenKeys(deep(DEEP, 1))).toEqual([]);
    const bad = findForbiddenKeys(deep(DEEP, JSON.parse('{"constructor": 1}')));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toHaveLength(DEEP + 1);
    expect(bad[0]?.at(-1)).toBe('constructor');
    expect(findForbiddenKeys(JSON.parse('{"a": {"__proto__": 1}, "constructor": 2, "b": [{"prototype": 3}]}'))).toEqual([['a', '__proto__'], ['constructor'], ['b', 0, 'prototype']]);
    expect(findForbiddenKeys(JSON.parse('[{"x": {"__proto__": 1}}]'), ['root'])).toEqual([['root', 0, 'x', '__proto__']]);
  });

  it('findForbiddenKeys ends on a cyclic object', () => {
    const cyclic: Record<string, unknown> = { ok: 1 };
    cyclic.self = cyclic;
    expect(findForbiddenKeys(cyclic)).toEqual([]);
    Object.defineProperty(cyclic, 'constructor', { value: 1, enumerable: true });
    expect(findForbiddenKeys(cyclic)).toEqual([['constructor']]);
  });

  it('jsonDepthIssue names where a value nests too deep, agreeing with parseJsonStrict', () => {
    expect(jsonDepthIssue(1, 0)).toBeUndefined();
    expect(jsonDepthIssue({}, 0)).toEqual({ path: '' });
    expect(jsonDepthIssue({ persons: [{ incomes: [[]] }] }, 5)).toBeUndefined();
    expect(jsonDepthIssue({ persons: [{ incomes: [[]] }] }, 4)).toEqual({ path: 'persons[0].incomes[0]' });
    expect(jsonDepthIssue({ persons: [{ incomes: [[]] }] }, 3)).toEqual({ path: 'persons[0].incomes' });
    expect(jsonDepthIssue({ x: 1, persons: [{ id: 'a' }, { incomes: [[1]] }] }, 3)).toEqual({ path: 'persons[1].incomes' });
    const text = `${'[{"a":'.repeat(DEEP / 2)}1${'}]'.repeat(DEEP / 2)}`;
    expect(jsonDepthIssue(JSON.parse(text), 64)).toEqual({ path: parseError(text).details[0]?.path });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonDepthIssue(cyclic, 3)).toEqual({ path: 'self.self.self' });
  });
});

describe('non-recours check reads JSON strictly', () => {
  it('a household nested 10 000 levels deep exits 2 naming the file and a path, without a stack trace', () => {
    const dir = tempDir({ 'foyer-profond.json': `{"persons": [{"id": "p1", "role": "applicant", "extra": ${deepObject(DEEP)}}]}` });
    const file = join(dir, 'foyer-profond.json');
    const r = cli(['check', file, '--date', '2026-11-24']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} : JSON du foyer illisible`);
    expect(r.stderr).toContain(`  persons[0].extra${'.a'.repeat(61)} : plus de 64 niveaux d'objets ou de listes imbriqués (ligne 1, colonne `);
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  it('a household with a key written twice exits 2 naming the file, the path and the line', () => {
    const dir = tempDir({ 'foyer.json': '{\n  "commune": "86194",\n  "persons": [{"id": "p1", "role": "applicant", "role": "spouse"}]\n}' });
    const r = cli(['check', join(dir, 'foyer.json'), '--date', '2026-11-24']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('persons[0].role : clé « role » en double (ligne 3, colonne 49)');
  });

  it('a rule folder with a file nested 10 000 levels deep exits 3 naming the file and a path, without a stack trace', () => {
    const dir = tempDir({ 'regle-profonde.json': `{"id": "regle-profonde", "conditions": ${deepObject(DEEP)}}` });
    const r = cli(['check', 'seeds/households/blois-veuve-70-ans.json', '--date', '2026-11-24', '--rules', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${dir}/regle-profonde.json: conditions${'.a'.repeat(63)}: plus de 64 niveaux d'objets ou de listes imbriqués`);
    expect(r.stderr).not.toMatch(/RangeError|\n\s+at /);
  });

  it('a rule folder with a key written twice exits 3 naming the file, the path and the line', () => {
    const dir = tempDir({ 'aide-en-double.json': ruleText.replace('"operator": "greaterThanInclusive",', '"operator": "greaterThanInclusive",\n        "operator": "lessThan",') });
    const r = cli(['check', 'seeds/households/blois-veuve-70-ans.json', '--date', '2026-11-24', '--rules', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${dir}/aide-en-double.json: conditions.all[0].operator: clé « operator » en double (ligne 21, colonne 9)`);
  });
});

/** Whether two JSON values have the same numbers, telling -0 from 0. */
function sameNumbers(a: unknown, b: unknown): boolean {
  const stack: [unknown, unknown][] = [[a, b]];
  for (let pair = stack.pop(); pair !== undefined; pair = stack.pop()) {
    const [x, y] = pair;
    if (typeof x === 'number') {
      if (!Object.is(x, y)) return false;
    } else if (x !== null && typeof x === 'object') {
      for (const key of Object.keys(x)) stack.push([(x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key]]);
    }
  }
  return true;
}

/**
 * JSON text for a random value, written in one of the many ways JSON allows: white space anywhere,
 * characters raw or escaped (`\u00e9`, `\/`, upper- or lower-case hex), numbers with or without a
 * fraction, exponents in either case and sign. Strings hold any UTF-16 code unit, lone surrogates too.
 */
function jsonText(): fc.Arbitrary<{ text: string }> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 1 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
    { weight: 1, arbitrary: fc.constantFrom('"', '\\', '/', '\b', '\f', '\n', '\r', '\t', '\u0000', '\u001f', '\u007f', '\u2028', '\uFEFF', '__proto__', 'constructor') },
  );
  const str = fc.string({ unit, maxLength: 12 });
  const num = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.constantFrom(0, -0, 1e21, 5e-324, Number.MAX_SAFE_INTEGER + 2, 0.1 + 0.2),
    // Spellings JSON.stringify never writes: many digits, exponents, overflow to Infinity.
    fc.tuple(fc.boolean(), fc.stringMatching(/^(0|[1-9][0-9]{0,30})$/), fc.option(fc.stringMatching(/^[0-9]{1,30}$/)), fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.stringMatching(/^[0-9]{1,4}$/)))).map(([neg, int, frac, exp]) => ({ raw: `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : exp.join('')}` })),
  );
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true, maxDepth: 6 },
      fc.constant(null),
      fc.boolean(),
      num,
      str,
      fc.array(tie('value'), { maxLength: 5 }),
      fc.uniqueArray(fc.tuple(str, tie('value')), { maxLength: 5, selector: ([k]) => k }).map((entries) => ({ entries })),
    ),
  }));
  return fc.tuple(value, fc.infiniteStream(fc.nat({ max: 99 }))).map(([v, choices]) => {
    const it = choices[Symbol.iterator]();
    const pick = () => it.next().value as number;
    return { text: write(v, pick) };
  });
}

const SPACES = ['', '', '', ' ', '\n', '\t', '\r\n', '  \n    '];

function write(root: unknown, pick: () => number): string {
  const space = () => SPACES[pick() % SPACES.length] as string;
  const out: string[] = [];
  const stack: (unknown | { readonly token: string })[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v !== null && typeof v === 'object' && 'token' in v) {
      out.push((v as { token: string }).token);
      continue;
    }
    out.push(space());
    if (v === null || typeof v === 'boolean') out.push(String(v));
    else if (typeof v === 'number') out.push(Object.is(v, -0) && pick() % 2 === 0 ? '-0' : JSON.stringify(v));
    else if (typeof v === 'string') out.push(writeString(v, pick));
    else if (Array.isArray(v)) {
      stack.push({ token: `${space()}]` });
      for (let k = v.length - 1; k >= 0; k -= 1) {
        stack.push(v[k]);
        if (k > 0) stack.push({ token: `${space()},` });
      }
      out.push('[');
    } else if ('raw' in (v as object)) out.push((v as { raw: string }).raw);
    else {
      const entries = (v as { entries: [string, unknown][] }).entries;
      stack.push({ token: `${space()}}` });
      for (let k = entries.length - 1; k >= 0; k -= 1) {
        const [key, item] = entries[k] as [string, unknown];
        stack.push(item);
        stack.push({ token: `${space()}${writeString(key, pick)}${space()}:` });
        if (k > 0) stack.push({ token: `${space()},` });
      }
      out.push('{');
    }
    out.push(space());
  }
  return out.join('');
}

function writeString(s: string, pick: () => number): string {
  let out = '"';
  for (let k = 0; k < s.length; k += 1) {
    const c = s.charCodeAt(k);
    const choice = pick();
    const hex = c.toString(16).padStart(4, '0');
    if (choice < 15) out += `\\u${choice % 2 === 0 ? hex : hex.toUpperCase()}`;
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x2f && choice < 40) out += '\\/';
    else if (c < 0x20) out += ({ 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' } as Record<number, string>)[c] ?? `\\u${hex}`;
    else out += s[k];
  }
  return `${out}"`;
}
