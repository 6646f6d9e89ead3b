import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../src/cli/simulate.js';
import { NonRecoursError } from '../src/errors.js';
import { defaultCatalog, simulate } from '../src/index.js';
import { checkCsvHeader, detectCsvDelimiter, formatCsvIssue, safeParseCsvRecord } from '../src/simulate/csv.js';

const DATE = '2026-11-24';
const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'non-recours-csv-'));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No Node stack trace, no parser class name: what a user sees is a French message. */
const NO_STACK = /\n\s+at |CsvError|node:internal/;

const HEADER = ['id', 'commune', 'couple_status', 'applicant_birth_date', 'applicant_activity', 'applicant_income_kind', 'applicant_monthly_income', 'incomes_complete', 'housing_status', 'monthly_rent', 'shares_n2', 'rfr_n2', 'children_birth_dates', 'claims'];
/** Five households: a widow on a small pension, a jobless single mother, a well-paid employee, a couple, and one with everything unknown. */
const ROWS = [
  ['h1', '86194', 'widowed', '1950-01-01', 'retired', 'pension', '640.00', 'true', 'tenant', '420.50', '1', '7680', '', 'aspa=unaware'],
  ['h2', '86194', 'separated', '1992-05-05', 'unemployed', 'unemployment', '0', 'true', 'social-tenant', '380', '2.5', '0', '2018-03-01;2020-06-01', 'rsa=not-applied;css-gratuite=unaware'],
  ['h3', '86194', 'single', '1985-02-02', 'employed', 'salary', '3200.00', 'true', 'owner', '', '1', '38000', '', ''],
  ['h4', '44109', 'single', '2004-09-09', 'student', 'salary', '410.5', '', 'tenant', '350', '', '', '', 'rsa=unaware'],
  ['h5', '86194', '', '', '', '', '', '', '', '', '', '', '', ''],
];

const quote = (v: string, sep: string) => (v.includes(sep) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v);
const comma = [HEADER, ...ROWS].map((r) => r.map((v) => quote(v, ',')).join(',')).join('\n');
/** The same rows as a French spreadsheet writes them: `;`, CRLF, decimal commas, a BOM. */
const semicolon = `\uFEFF${[HEADER, ...ROWS].map((r) => r.map((v) => quote(/^\d+\.\d{1,2}$/.test(v) ? v.replace('.', ',') : v, ';')).join(';')).join('\r\n')}\r\n`;

async function collect(path: string) {
  const out: unknown[] = [];
  for await (const h of readCsv(path, DATE)) out.push(h);
  return out;
}

async function failure(path: string): Promise<NonRecoursError> {
  try {
    await collect(path);
  } catch (e) {
    if (e instanceof NonRecoursError) return e;
    throw e;
  }
  throw new Error('expected a NonRecoursError');
}

describe('CSV header', () => {
  it('refuses a misspelt column before any row is read, naming it with the closest known column', async () => {
    const path = file('typo.csv', comma.replace('applicant_monthly_income', 'applicant_monthly_incom'));
    const e = await failure(path);
    expect(e.code).toBe('HOUSEHOLD_INVALID');
    const messages = e.details.map((d) => d.message);
    expect(messages).toContain('colonne inconnue « applicant_monthly_incom » : vouliez-vous dire « applicant_monthly_income » ?');
    expect(messages.some((m) => m.includes('colonne obligatoire absente : « applicant_monthly_income »'))).toBe(true);
    expect(e.details[0]?.path).toBe('ligne 1');

    const r = cli(['simulate', path, '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ligne 1 : colonne inconnue « applicant_monthly_incom » : vouliez-vous dire « applicant_monthly_income » \?/);
    expect(r.stdout).not.toMatch(/valides/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('names a missing required column and a duplicated one', () => {
    const issues = checkCsvHeader(['id', 'commune', 'commune', 'applicant_birth_date']).map((i) => i.message);
    expect(issues).toContain('colonne en double : « commune »');
    expect(issues.some((m) => m.startsWith('colonne obligatoire absente : « applicant_monthly_income »'))).toBe(true);
  });

  it('says the separator is not read when the header is tab-separated', async () => {
    const e = await failure(file('tab.csv', comma.replace(/,/g, '\t')));
    expect(e.details[0]?.message).toMatch(/séparateur non reconnu/);
  });
});

describe('CSV separator and numbers', () => {
  it('detects `;` or `,` from the header line', () => {
    expect(detectCsvDelimiter(HEADER.join(';'))).toBe(';');
    expect(detectCsvDelimiter(HEADER.join(','))).toBe(',');
  });

  it('reads a `;` file with decimal commas as the `,` file: the same counts', async () => {
    const options = { date: DATE, catalog: defaultCatalog(), validate: false } as const;
    const a = await simulate(readCsv(file('pop.csv', comma), DATE), options);
    const b = await simulate(readCsv(file('pop-fr.csv', semicolon), DATE), options);
    expect(a.households.total).toBe(ROWS.length);
    expect(a.households.valid).toBe(ROWS.length);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // Not everything unknown: the incomes were read.
    expect(a.rules.some((r) => r.counts.eligible > 0 || r.counts.ineligible > 0)).toBe(true);
    expect((await collect(file('pop-fr-2.csv', semicolon)))[1]).toMatchObject({ taxReturns: [{ shares: 2.5 }], persons: [{}, { role: 'child' }, { role: 'child' }] });
  });

  it('refuses an ambiguous or formatted number with the exact text to write, but never quotes it in the message', () => {
    const header = ['commune', 'applicant_birth_date', 'applicant_monthly_income'];
    const semi = (v: string) => safeParseCsvRecord(header, ['86194', '1950-01-01', v], 3, { date: DATE, delimiter: ';' });
    expect(semi('640,5').success).toBe(true);
    const ambiguous = semi('1,234');
    expect(ambiguous.success).toBe(false);
    if (!ambiguous.success) {
      const issue = ambiguous.issues[0]!;
      expect(issue.column).toBe('applicant_monthly_income');
      expect(issue.message).not.toMatch(/1,234/);
      expect(formatCsvIssue(issue, true)).toMatch(/ligne 3, colonne applicant_monthly_income : nombre ambigu .* « 1\.234 » \(décimales\) ou « 1234 » \(milliers\)$/);
    }
    const grouped = semi('1 234,56 €');
    expect(!grouped.success && formatCsvIssue(grouped.issues[0]!, true)).toMatch(/« 1234\.56 »$/);
    const inCommaFile = safeParseCsvRecord(header, ['86194', '1950-01-01', '640,50'], 2, { date: DATE, delimiter: ',' });
    expect(!inCommaFile.success && formatCsvIssue(inCommaFile.issues[0]!, true)).toMatch(/la virgule décimale n'est pas lue.* : « 640\.50 »$/);
  });
});

describe('CSV rows', () => {
  it('reports a truncated row by its line number and the missing columns, without a stack trace', async () => {
    const path = file('truncated.csv', `${comma}\nh6,86194,single,1960`);
    const e = await failure(path);
    expect(e.details[0]?.path).toBe('ligne 7, colonne applicant_activity');
    expect(e.details[0]?.message).toMatch(/ligne incomplète .* 4 valeurs au lieu de 14.* après la colonne « applicant_birth_date »/);
    const r = cli(['simulate', path, '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ligne 7 invalide/);
    expect(r.stderr).toMatch(/ligne 7, colonne applicant_activity : ligne incomplète/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('reports an unclosed quote at the line where the record starts', async () => {
    const r = cli(['simulate', file('unclosed.csv', `${comma}\n\nh6,86194,"single,1960-01-01\nh7,86194,single\n`), '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ligne 8, colonne couple_status : guillemet ouvert et jamais refermé/);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('counts lines right after a quoted value holding a CRLF line break', async () => {
    // The id of h2 spans lines 3 and 4; h3, on line 5, has an invalid amount.
    const row = (id: string, amount: string) => [id, '86194', 'single', '1990-01-01', '', '', amount, ...HEADER.slice(7).map(() => '')].join(',');
    const text = [HEADER.join(','), ROWS[0]!.join(','), row('"h2\r\nsuite"', '900'), row('h3', 'abc')].join('\r\n');
    const e = await failure(file('crlf.csv', `${text}\r\n`));
    expect(e.details.map((d) => d.path)).toEqual(['ligne 5, colonne applicant_monthly_income']);
  });

  it('reports an invalid amount by line and column name, once for the twelve months it fills', async () => {
    const bad = comma.split('\n');
    bad[2] = bad[2]!.replace('0,true,social-tenant', '-12,true,social-tenant');
    const e = await failure(file('amount.csv', bad.join('\n')));
    expect(e.details).toEqual([{ path: 'ligne 3, colonne applicant_monthly_income', message: 'montant négatif : un montant doit être positif ou nul' }]);
    expect(e.message).not.toMatch(/incomes\[/);
  });

  it('names the column of a bad value in a list or a vocabulary', async () => {
    const header = ['commune', 'applicant_birth_date', 'applicant_monthly_income', 'children_birth_dates', 'housing_status', 'claims'];
    const r = safeParseCsvRecord(header, ['86194', '1990-01-01', '900', '2018-02-30', 'tenent', 'rsa'], 9, { date: DATE, delimiter: ',' });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues.map((i) => i.column).sort()).toEqual(['children_birth_dates', 'claims', 'housing_status']);
    // A claim on a rule the catalog does not have, as simulate checks its records.
    const claim = safeParseCsvRecord(header, ['86194', '1990-01-01', '900', '', '', 'rsa-socle=unaware'], 4, { date: DATE, delimiter: ',', ruleIds: new Set(['rsa']) });
    expect(!claim.success && claim.issues.map((i) => formatCsvIssue(i))).toEqual(['ligne 4, colonne claims : aucune règle « rsa-socle » dans le catalogue ; vouliez-vous dire « rsa » ?']);
  });
});

describe('simulate --skip-invalid', () => {
  const lines = comma.split('\n');
  lines[2] = lines[2]!.replace('1992-05-05', '1992-02-30'); // h2, line 3
  const path = file('some-invalid.csv', [...lines, 'h6,86194,single', 'h7,86194,single,1960-01-01,,,12 000,,,,,,,'].join('\n'));

  it('without it, the first invalid row stops the run with exit 2 and its message', () => {
    const r = cli(['simulate', path, '--date', DATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ligne 3, colonne applicant_birth_date : date impossible/);
    expect(r.stdout).toBe('');
  });

  it('with it, the run goes on, and the skipped rows are counted on the terminal and in the result', () => {
    const r = cli(['simulate', path, '--date', DATE, '--skip-invalid']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/3 lignes invalides ignorées \(--skip-invalid\)/);
    expect(r.stderr).toMatch(/ligne 3, colonne applicant_birth_date : date impossible/);
    expect(r.stderr).toMatch(/ligne 7, colonne applicant_birth_date : ligne incomplète/);
    expect(r.stderr).toMatch(/ligne 8, colonne applicant_monthly_income : .* « 12000 »/);
    expect(r.stdout).toMatch(/7 foyers lus, 4 valides, 3 invalides/);

    const j = cli(['simulate', path, '--date', DATE, '--skip-invalid', '--json']);
    expect(j.code).toBe(0);
    const result = JSON.parse(j.stdout) as { households: { total: number; valid: number; invalid: number }; invalidExamples: { index: number; id: string | null; issues: string[] }[] };
    expect(result.households).toMatchObject({ total: 7, valid: 4, invalid: 3 });
    expect(result.invalidExamples.map((x) => x.id)).toEqual(['h2', 'h6', 'h7']);
    expect(result.invalidExamples[0]?.issues[0]).toMatch(/^ligne 3, colonne applicant_birth_date : /);
    // The report keeps the place and the fault, never the value.
    expect(JSON.stringify(result.invalidExamples)).not.toMatch(/1992-02-30|12 ?000/);
  });
});
