import { CLAIM_STATES } from '../household/enums.js';
import { safeParseHousehold } from '../household/parse.js';
import type { Household } from '../household/schema.js';
import { quoteList, suggest } from '../household/suggest.js';

/**
 * The flat CSV form of a population: one row per household, the columns of `CSV_COLUMNS` (documented in
 * French, with types and units, in `docs/csv.md`). Incomes are monthly amounts taken as stable over the
 * 12 months before the evaluation date (what a survey or a file extract usually gives). An empty cell is
 * unknown, never zero. The header is checked before any row is read; rows become household JSON, then go
 * through the same validation as any household, and problems are reported by line and column.
 */
export const CSV_COLUMNS = [
  'id',
  'commune',
  'area',
  'couple_status',
  'couple_since',
  'incomes_complete',
  'applicant_birth_date',
  'applicant_activity',
  'applicant_nationality',
  'applicant_residence_permit_since',
  'applicant_unemployed_since',
  'applicant_disability_rate',
  'applicant_gir',
  'applicant_carer',
  'applicant_income_kind',
  'applicant_monthly_income',
  'applicant_monthly_gross',
  'partner_birth_date',
  'partner_activity',
  'partner_nationality',
  'partner_residence_permit_since',
  'partner_unemployed_since',
  'partner_disability_rate',
  'partner_gir',
  'partner_carer',
  'partner_income_kind',
  'partner_monthly_income',
  'partner_monthly_gross',
  'children_birth_dates',
  'children_schooling',
  'alimony_received_monthly',
  'family_benefits_monthly',
  'housing_benefit_monthly',
  'aah_monthly',
  'rfr_n2',
  'shares_n2',
  'housing_status',
  'monthly_rent',
  'creche_hours_per_month',
  'canteen_meals_per_month',
  'claims',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/**
 * Columns every file must have, even with empty cells: without them every means-tested, age or local
 * rule is undetermined for the whole population, which a misspelt header would otherwise hide.
 */
export const CSV_REQUIRED_COLUMNS: readonly CsvColumn[] = ['commune', 'applicant_birth_date', 'applicant_monthly_income'];

/** Euro amounts (written as decimal strings) and other numbers: the cells whose number format is checked. */
const AMOUNT_COLUMNS: ReadonlySet<string> = new Set([
  'applicant_monthly_income',
  'applicant_monthly_gross',
  'partner_monthly_income',
  'partner_monthly_gross',
  'alimony_received_monthly',
  'family_benefits_monthly',
  'housing_benefit_monthly',
  'aah_monthly',
  'rfr_n2',
  'monthly_rent',
]);
const NUMBER_COLUMNS: ReadonlySet<string> = new Set(['applicant_disability_rate', 'applicant_gir', 'partner_disability_rate', 'partner_gir', 'shares_n2', 'creche_hours_per_month', 'canteen_meals_per_month']);

/** The field separators read: `,` (the default) and `;` (what French spreadsheets write). */
export type CsvDelimiter = ',' | ';';

/**
 * One problem in a CSV file: its line (1 = the first line of the file), the column when one is at fault,
 * and a French message that never quotes the cell's value. `correction`, when given, is the exact text to
 * write instead; it does quote the value, so it is shown on the terminal but kept out of reports.
 */
export interface CsvIssue {
  readonly line: number;
  readonly column: string | null;
  readonly message: string;
  readonly correction?: string;
}

/** Where an issue is: `ligne 17, colonne applicant_monthly_income`, or `ligne 17`. */
export function csvLocation(issue: CsvIssue): string {
  return issue.column === null ? `ligne ${issue.line}` : `ligne ${issue.line}, colonne ${issue.column}`;
}

/** `ligne 17, colonne applicant_monthly_income : message`; with `withCorrection`, the exact text to write. */
export function formatCsvIssue(issue: CsvIssue, withCorrection = false): string {
  const fix = withCorrection && issue.correction !== undefined ? ` : ${issue.correction}` : '';
  return `${csvLocation(issue)} : ${issue.message}${fix}`;
}

/**
 * The separator of a file, from its header line: `;` when it holds more semicolons than commas outside
 * quotes, else `,`. Column names hold neither, so a header has only one of them.
 */
export function detectCsvDelimiter(headerLine: string): CsvDelimiter {
  let commas = 0;
  let semicolons = 0;
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas += 1;
    else if (!quoted && ch === ';') semicolons += 1;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Checks a header against the documented columns: every unknown or duplicated column, and every required
 * column missing, with the closest known column as a suggestion. Columns with an empty name are allowed
 * (spreadsheets add them at the end of a line); a value under one is refused row by row.
 */
export function checkCsvHeader(fields: readonly string[], line = 1): CsvIssue[] {
  const known: ReadonlySet<string> = new Set(CSV_COLUMNS);
  const present = new Set(fields);
  const absent = CSV_COLUMNS.filter((c) => !present.has(c));
  const issues: CsvIssue[] = [];
  const at = (message: string): CsvIssue => ({ line, column: null, message });
  if (fields.length === 1 && /[\t|]/.test(fields[0] ?? '')) {
    return [at('séparateur non reconnu : les colonnes se séparent par « , » ou par « ; » (ni tabulation, ni « | »)')];
  }
  const seen = new Set<string>();
  for (const name of fields) {
    if (name === '') continue;
    if (seen.has(name)) issues.push(at(`colonne en double : « ${name} »`));
    seen.add(name);
    if (known.has(name)) continue;
    const close = suggest(name, absent);
    issues.push(at(`colonne inconnue « ${name} »${close[0] !== undefined ? ` : vouliez-vous dire « ${close[0]} » ?` : ' (colonnes possibles : voir docs/csv.md)'}`));
  }
  for (const name of CSV_REQUIRED_COLUMNS) {
    if (!present.has(name)) issues.push(at(`colonne obligatoire absente : « ${name} » (elle peut avoir des cellules vides, qui valent « inconnu »)`));
  }
  return issues;
}

type Row = Readonly<Record<string, string | undefined>>;

const cell = (row: Row, k: string): string | undefined => {
  const v = row[k];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

function monthsBefore(date: string, count: number): string[] {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const idx = y * 12 + m - 1;
  const out: string[] = [];
  for (let i = idx - count; i < idx; i += 1) out.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return out;
}

const num = (v: string | undefined): number | string | undefined => (v === undefined ? undefined : Number.isFinite(Number(v)) ? Number(v) : v);
/** Spreadsheets write booleans in many ways; French Excel writes VRAI / FAUX. Anything else is kept, for validation to name it. */
const bool = (v: string | undefined): boolean | string | undefined => {
  if (v === undefined) return undefined;
  const w = v.toLowerCase();
  if (w === 'true' || w === 'oui' || w === 'vrai' || w === '1') return true;
  if (w === 'false' || w === 'non' || w === 'faux' || w === '0') return false;
  return v;
};
/** Lists (children, claims) are separated by `;` or `,`: neither occurs in a date, a code or a rule id. */
const LIST_SEPARATOR = /[;,]/;

/** Household JSON built from a row, with the column each JSON path came from. */
interface Built {
  readonly household: Record<string, unknown>;
  readonly sources: ReadonlyMap<string, string>;
}

function build(row: Row, date: string): Built {
  const months = monthsBefore(date, 12);
  const sources = new Map<string, string>();
  const persons: Record<string, unknown>[] = [];
  const incomes: Record<string, unknown>[] = [];
  const addIncome = (income: Record<string, unknown>, amountColumn: string, kindColumn?: string, grossColumn?: string) => {
    const at = `incomes[${incomes.length}]`;
    sources.set(at, amountColumn);
    if (kindColumn !== undefined) sources.set(`${at}.kind`, kindColumn);
    if (grossColumn !== undefined) sources.set(`${at}.grossAmount`, grossColumn);
    incomes.push(income);
  };
  const person = (id: string, role: string, prefix: string) => {
    const at = `persons[${persons.length}]`;
    const p: Record<string, unknown> = { id, role };
    const set = (key: string, column: string, value: unknown) => {
      sources.set(`${at}.${key}`, column);
      if (value !== undefined) p[key] = value;
    };
    set('birthDate', `${prefix}_birth_date`, cell(row, `${prefix}_birth_date`));
    set('activity', `${prefix}_activity`, cell(row, `${prefix}_activity`));
    set('nationality', `${prefix}_nationality`, cell(row, `${prefix}_nationality`));
    set('residencePermitSince', `${prefix}_residence_permit_since`, cell(row, `${prefix}_residence_permit_since`));
    set('unemployedSince', `${prefix}_unemployed_since`, cell(row, `${prefix}_unemployed_since`));
    set('disabilityRate', `${prefix}_disability_rate`, num(cell(row, `${prefix}_disability_rate`)));
    set('gir', `${prefix}_gir`, num(cell(row, `${prefix}_gir`)));
    set('carer', `${prefix}_carer`, bool(cell(row, `${prefix}_carer`)));
    persons.push(p);
    const amount = cell(row, `${prefix}_monthly_income`);
    if (amount !== undefined) {
      const kind = cell(row, `${prefix}_income_kind`) ?? 'salary';
      const gross = cell(row, `${prefix}_monthly_gross`);
      for (const month of months) addIncome({ person: id, kind, month, amount, ...(gross === undefined ? {} : { grossAmount: gross }) }, `${prefix}_monthly_income`, `${prefix}_income_kind`, `${prefix}_monthly_gross`);
    }
  };
  person('p1', 'applicant', 'applicant');
  if (cell(row, 'partner_birth_date') !== undefined || cell(row, 'partner_activity') !== undefined || cell(row, 'partner_monthly_income') !== undefined) person('p2', 'partner', 'partner');
  const schooling = (cell(row, 'children_schooling') ?? '').split(LIST_SEPARATOR);
  (cell(row, 'children_birth_dates') ?? '')
    .split(LIST_SEPARATOR)
    .filter((d) => d.trim() !== '')
    .forEach((d, i) => {
      const at = `persons[${persons.length}]`;
      sources.set(at, 'children_birth_dates');
      sources.set(`${at}.schooling`, 'children_schooling');
      persons.push({ id: `c${i + 1}`, role: 'child', birthDate: d.trim(), ...(schooling[i] !== undefined && schooling[i]?.trim() !== '' ? { schooling: schooling[i]?.trim() } : {}) });
    });
  for (const [col, kind] of [
    ['alimony_received_monthly', 'alimony-received'],
    ['family_benefits_monthly', 'family-benefits'],
    ['housing_benefit_monthly', 'housing-benefit'],
    ['aah_monthly', 'aah'],
  ] as const) {
    const amount = cell(row, col);
    if (amount !== undefined) for (const month of months) addIncome({ person: 'p1', kind, month, amount }, col);
  }
  const h: Record<string, unknown> = { persons };
  const set = (key: string, column: string, value: unknown) => {
    sources.set(key, column);
    if (value !== undefined) h[key] = value;
  };
  set('id', 'id', cell(row, 'id'));
  set('commune', 'commune', cell(row, 'commune'));
  set('area', 'area', cell(row, 'area'));
  sources.set('couple', 'couple_status');
  sources.set('couple.since', 'couple_since');
  const status = cell(row, 'couple_status');
  if (status !== undefined) h.couple = { status, ...(cell(row, 'couple_since') === undefined ? {} : { since: cell(row, 'couple_since') }) };
  if (incomes.length > 0) h.incomes = incomes;
  set('incomesComplete', 'incomes_complete', bool(cell(row, 'incomes_complete')));
  sources.set('taxReturns', 'rfr_n2');
  sources.set('taxReturns[0].shares', 'shares_n2');
  const rfr = cell(row, 'rfr_n2');
  if (rfr !== undefined) h.taxReturns = [{ year: Number(date.slice(0, 4)) - 2, referenceIncome: rfr, shares: num(cell(row, 'shares_n2')) ?? 1 }];
  const housing: Record<string, unknown> = {};
  sources.set('housing', 'housing_status');
  sources.set('housing.monthlyRent', 'monthly_rent');
  sources.set('housing.housingBenefit', 'housing_benefit_monthly');
  if (cell(row, 'housing_status') !== undefined) housing.status = cell(row, 'housing_status');
  if (cell(row, 'monthly_rent') !== undefined) housing.monthlyRent = cell(row, 'monthly_rent');
  if (cell(row, 'housing_benefit_monthly') !== undefined) housing.housingBenefit = cell(row, 'housing_benefit_monthly');
  if (Object.keys(housing).length > 0) h.housing = housing;
  const services: Record<string, unknown> = {};
  sources.set('services.crecheHoursPerMonth', 'creche_hours_per_month');
  sources.set('services.canteenMealsPerMonth', 'canteen_meals_per_month');
  if (cell(row, 'creche_hours_per_month') !== undefined) services.crecheHoursPerMonth = num(cell(row, 'creche_hours_per_month'));
  if (cell(row, 'canteen_meals_per_month') !== undefined) services.canteenMealsPerMonth = num(cell(row, 'canteen_meals_per_month'));
  if (Object.keys(services).length > 0) h.services = services;
  sources.set('claims', 'claims');
  const claims = cell(row, 'claims');
  if (claims !== undefined) {
    // Written as rule=state;rule=state. Unknown states are kept so that validation names them.
    h.claims = Object.fromEntries(
      claims
        .split(LIST_SEPARATOR)
        .filter((c) => c.includes('='))
        .map((c) => c.split('=').map((x) => x.trim()) as [string, string]),
    );
  }
  return { household: h, sources };
}

/** Turns one CSV row into household JSON (not yet validated). */
export function csvRowToHousehold(row: Row, date: string): Record<string, unknown> {
  return build(row, date).household;
}

/** The column a JSON path came from: the longest prefix of the path that a column filled. */
function columnOf(sources: ReadonlyMap<string, string>, path: string): string | undefined {
  let p = path;
  for (;;) {
    const column = sources.get(p);
    if (column !== undefined) return column;
    const parent = p.replace(/(\.[^.[\]]+|\[\d+\])$/, '');
    if (parent === p || parent === '') return undefined;
    p = parent;
  }
}

type NumberCell = { readonly value: string } | { readonly message: string; readonly correction: string };

/**
 * A number as the household contract reads it: digits and a decimal point. In a `;` file a decimal comma
 * followed by one or two digits (`640,5`, `640,50`, `2,5` parts) is read as a decimal point: it cannot be a
 * thousands separator, which always has three digits after it. Anything else that a spreadsheet adds
 * (a comma in a `,` file, three digits after a comma, grouped thousands, spaces, `€`) is refused with
 * the exact text to write, so that no amount is silently read a thousand times too small or too large.
 */
function readNumber(raw: string, delimiter: CsvDelimiter): NumberCell {
  if (!/[,\s\u00a0\u202f€]/.test(raw)) return { value: raw };
  if (delimiter === ';' && /^[+-]?\d+,\d{1,2}$/.test(raw)) return { value: raw.replace(',', '.') };
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^€|€$/g, '');
  if (/^[+-]?\d+,\d{3}$/.test(s)) {
    return {
      message: 'nombre ambigu : trois chiffres après la virgule peuvent être des décimales ou des milliers ; écrivez-le avec un point décimal, sans séparateur de milliers',
      correction: `« ${s.replace(',', '.')} » (décimales) ou « ${s.replace(',', '')} » (milliers)`,
    };
  }
  let plain: string | undefined;
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(s)) plain = s.replace(/\./g, '').replace(',', '.');
  else if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) plain = s.replace(/,/g, '');
  else if (/^[+-]?\d+,\d+$/.test(s)) plain = s.replace(',', '.');
  else if (/^[+-]?\d+(\.\d+)?$/.test(s)) plain = s;
  const reason =
    raw.includes(',') && delimiter === ','
      ? 'virgule dans un nombre : dans un fichier séparé par « , », la virgule décimale n\'est pas lue ; écrivez le nombre avec un point décimal'
      : 'nombre mal écrit : écrivez-le en chiffres avec un point décimal, sans espace, séparateur de milliers ni symbole €';
  return { message: reason, correction: plain === undefined ? 'par exemple « 1234.56 »' : `« ${plain} »` };
}

/** The result of `safeParseCsvRecord`: the validated household, or every problem by line and column. */
export type CsvRecordResult = { readonly success: true; readonly household: Household } | { readonly success: false; readonly issues: readonly CsvIssue[] };

export interface CsvRecordOptions {
  /** The evaluation date, `YYYY-MM-DD`: monthly incomes are spread over the 12 months before it. */
  readonly date: string;
  readonly delimiter: CsvDelimiter;
  /** The rule ids of the catalog in use: each rule named in `claims` must be one (as `simulate` checks its records). */
  readonly ruleIds?: ReadonlySet<string> | undefined;
}

/** « « a » », « « a », « b » … « z » (26 colonnes) » for long lists of columns. */
function columnList(columns: readonly string[]): string {
  if (columns.length <= 3) return quoteList(columns);
  return `« ${columns[0] as string} » … « ${columns[columns.length - 1] as string} » (${columns.length} colonnes)`;
}

/**
 * Validates one data record of a CSV file (its fields, under the header's columns) without throwing: the
 * household, or every problem with its line and column. A record with too few or too many fields is
 * refused whole, since its values may sit under the wrong columns.
 */
export function safeParseCsvRecord(header: readonly string[], fields: readonly string[], line: number, options: CsvRecordOptions): CsvRecordResult {
  if (fields.length !== header.length) {
    if (fields.length < header.length) {
      const missing = header.slice(fields.length).filter((c) => c !== '');
      const last = header[fields.length - 1];
      return {
        success: false,
        issues: [
          {
            line,
            column: missing[0] ?? null,
            message: `ligne incomplète (tronquée ?) : ${fields.length} valeur${fields.length > 1 ? 's' : ''} au lieu de ${header.length}${last !== undefined && last !== '' ? `, la ligne s'arrête après la colonne « ${last} »` : ''} ; manque${missing.length > 1 ? 'nt' : ''} ${columnList(missing)}`,
          },
        ],
      };
    }
    const extra = fields.length - header.length;
    return {
      success: false,
      issues: [
        {
          line,
          column: null,
          message: `${fields.length} valeurs au lieu de ${header.length} : ${extra} de trop après la dernière colonne « ${header[header.length - 1] ?? ''} » ; une valeur qui contient le séparateur « ${options.delimiter} » doit être entre guillemets${options.delimiter === ',' ? ' (et les décimales s\'écrivent avec un point)' : ''}`,
        },
      ],
    };
  }
  const issues: CsvIssue[] = [];
  const row: Record<string, string> = {};
  header.forEach((column, i) => {
    const raw = (fields[i] ?? '').trim();
    if (column === '') {
      if (raw !== '') issues.push({ line, column: null, message: `valeur sous une colonne sans nom (position ${i + 1}) : nommez la colonne ou videz la cellule` });
      return;
    }
    if (raw === '' || (!AMOUNT_COLUMNS.has(column) && !NUMBER_COLUMNS.has(column))) {
      row[column] = raw;
      return;
    }
    const n = readNumber(raw, options.delimiter);
    if ('value' in n) row[column] = n.value;
    else issues.push({ line, column, message: n.message, correction: n.correction });
  });
  for (const entry of (row.claims ?? '').split(LIST_SEPARATOR)) {
    if (entry.trim() !== '' && !entry.includes('=')) {
      issues.push({ line, column: 'claims', message: 'attendu dispositif=état, séparés par « ; » ou « , » (ex. rsa=unaware;aspa=receiving)' });
      break;
    }
  }
  const built = build(row, options.date);
  const parsed = safeParseHousehold(built.household, { date: options.date, ruleIds: options.ruleIds });
  if (parsed.success && issues.length === 0) return { success: true, household: parsed.household };
  const seen = new Set(issues.map((i) => `${i.column ?? ''}\u0000${i.message}`));
  for (const i of parsed.success ? [] : parsed.issues) {
    const column = columnOf(built.sources, i.path) ?? null;
    // A column spread over 12 months (incomes) gives the same problem 12 times: it is reported once.
    const message = column === null && i.path !== '' ? `${i.path} : ${i.message}` : i.message;
    const key = `${column ?? ''}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ line, column, message });
  }
  return { success: false, issues };
}

export { CLAIM_STATES };
