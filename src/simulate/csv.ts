import { CLAIM_STATES } from '../household/enums.js';

/**
 * The flat CSV form of a population: one row per household, the columns of `CSV_COLUMNS`. Incomes are
 * monthly amounts taken as stable over the 12 months before the evaluation date (what a survey or a
 * file extract usually gives). An empty cell is unknown, never zero. Rows become household JSON, then go
 * through the same validation as any household.
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
const bool = (v: string | undefined): boolean | string | undefined => (v === undefined ? undefined : v === 'true' || v === 'oui' || v === '1' ? true : v === 'false' || v === 'non' || v === '0' ? false : v);

/** Turns one CSV row into household JSON (not yet validated). */
export function csvRowToHousehold(row: Row, date: string): Record<string, unknown> {
  const months = monthsBefore(date, 12);
  const persons: Record<string, unknown>[] = [];
  const incomes: Record<string, unknown>[] = [];
  const person = (id: string, role: string, prefix: string) => {
    const p: Record<string, unknown> = { id, role };
    const set = (key: string, value: unknown) => {
      if (value !== undefined) p[key] = value;
    };
    set('birthDate', cell(row, `${prefix}_birth_date`));
    set('activity', cell(row, `${prefix}_activity`));
    set('nationality', cell(row, `${prefix}_nationality`));
    set('residencePermitSince', cell(row, `${prefix}_residence_permit_since`));
    set('unemployedSince', cell(row, `${prefix}_unemployed_since`));
    set('disabilityRate', num(cell(row, `${prefix}_disability_rate`)));
    set('gir', num(cell(row, `${prefix}_gir`)));
    set('carer', bool(cell(row, `${prefix}_carer`)));
    persons.push(p);
    const amount = cell(row, `${prefix}_monthly_income`);
    if (amount !== undefined) {
      const kind = cell(row, `${prefix}_income_kind`) ?? 'salary';
      const gross = cell(row, `${prefix}_monthly_gross`);
      for (const month of months) incomes.push({ person: id, kind, month, amount, ...(gross === undefined ? {} : { grossAmount: gross }) });
    }
  };
  person('p1', 'applicant', 'applicant');
  if (cell(row, 'partner_birth_date') !== undefined || cell(row, 'partner_activity') !== undefined || cell(row, 'partner_monthly_income') !== undefined) person('p2', 'partner', 'partner');
  const schooling = (cell(row, 'children_schooling') ?? '').split(';');
  (cell(row, 'children_birth_dates') ?? '')
    .split(';')
    .filter((d) => d.trim() !== '')
    .forEach((d, i) => persons.push({ id: `c${i + 1}`, role: 'child', birthDate: d.trim(), ...(schooling[i] !== undefined && schooling[i]?.trim() !== '' ? { schooling: schooling[i]?.trim() } : {}) }));
  for (const [col, kind] of [
    ['alimony_received_monthly', 'alimony-received'],
    ['family_benefits_monthly', 'family-benefits'],
    ['housing_benefit_monthly', 'housing-benefit'],
    ['aah_monthly', 'aah'],
  ] as const) {
    const amount = cell(row, col);
    if (amount !== undefined) for (const month of months) incomes.push({ person: 'p1', kind, month, amount });
  }
  const h: Record<string, unknown> = { persons };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) h[key] = value;
  };
  set('id', cell(row, 'id'));
  set('commune', cell(row, 'commune'));
  set('area', cell(row, 'area'));
  const status = cell(row, 'couple_status');
  if (status !== undefined) h.couple = { status, ...(cell(row, 'couple_since') === undefined ? {} : { since: cell(row, 'couple_since') }) };
  if (incomes.length > 0) h.incomes = incomes;
  set('incomesComplete', bool(cell(row, 'incomes_complete')));
  const rfr = cell(row, 'rfr_n2');
  if (rfr !== undefined) h.taxReturns = [{ year: Number(date.slice(0, 4)) - 2, referenceIncome: rfr, shares: num(cell(row, 'shares_n2')) ?? 1 }];
  const housing: Record<string, unknown> = {};
  if (cell(row, 'housing_status') !== undefined) housing.status = cell(row, 'housing_status');
  if (cell(row, 'monthly_rent') !== undefined) housing.monthlyRent = cell(row, 'monthly_rent');
  if (cell(row, 'housing_benefit_monthly') !== undefined) housing.housingBenefit = cell(row, 'housing_benefit_monthly');
  if (Object.keys(housing).length > 0) h.housing = housing;
  const services: Record<string, unknown> = {};
  if (cell(row, 'creche_hours_per_month') !== undefined) services.crecheHoursPerMonth = num(cell(row, 'creche_hours_per_month'));
  if (cell(row, 'canteen_meals_per_month') !== undefined) services.canteenMealsPerMonth = num(cell(row, 'canteen_meals_per_month'));
  if (Object.keys(services).length > 0) h.services = services;
  const claims = cell(row, 'claims');
  if (claims !== undefined) {
    // Written as rule=state;rule=state. Unknown states are kept so that validation names them.
    h.claims = Object.fromEntries(
      claims
        .split(';')
        .filter((c) => c.includes('='))
        .map((c) => c.split('=').map((x) => x.trim()) as [string, string]),
    );
  }
  return h;
}

export { CLAIM_STATES };
