/**
 * Synthetic populations for the barometer of Poitiers, Nantes and Blois: seeded and reproducible.
 *
 * THE FIGURES BELOW ARE APPROXIMATE. They give plausible shapes (household types, ages, incomes,
 * recent separations, take-up of each right) so that the barometer has something realistic to count;
 * they are not statistics of these cities. Sources of orders of magnitude: INSEE household structure
 * for large French cities (about 45 % of people living alone in city centres, 10–15 % single-parent
 * families), and for take-up the published national rates of `src/simulate/take-up-reference.ts`
 * (DREES: RSA 34 % per quarter, Les Dossiers n° 92, 2022; CSS 31 % without and 67 % with participation,
 * 44 % overall, 2022; ASPA 50 % of people living alone, Les Dossiers n° 97, 2022), the 40 % of the
 * Poitiers 2020 programme for the others.
 *
 * Usage: `npx tsx seeds/populations/generate.ts [--city poitiers|nantes|blois|all] [--size 10000]
 *        [--seed 1] [--date 2026-11-24] [--out seeds/populations] [--format jsonl|parquet]`
 *        → `<city>.jsonl.gz`, or with `--format parquet` the three tables `<city>.parquet` (households),
 *        `<city>.persons.parquet` and `<city>.incomes.parquet` (docs/parquet.md).
 * Households are written one by one as they are drawn (constant memory, any `--size`).
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import type { HouseholdType } from '../../src/simulate/household-type.js';
import { groupTakeUp, nationalTakeUp } from '../../src/simulate/take-up-reference.js';

/** A small seeded PRNG (mulberry32): same seed, same population, on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface City {
  readonly commune: string;
  /** Neighbourhood slugs with weights; priority areas are over-represented on purpose (outreach). */
  readonly areas: readonly (readonly [string, number])[];
  /** Other communes of the territory, for EPCI-wide rules. */
  readonly neighbours: readonly string[];
}

export const CITIES: Readonly<Record<string, City>> = {
  poitiers: { commune: '86194', areas: [['trois-cites', 3], ['couronneries', 3], ['beaulieu', 2], ['saint-eloi', 2], ['bel-air', 1], ['centre-ville', 4], ['gibauderie', 2]], neighbours: [] },
  nantes: { commune: '44109', areas: [['bellevue', 3], ['dervallieres', 2], ['bottiere', 2], ['nantes-nord', 3], ['malakoff', 2], ['centre-ville', 5], ['doulon', 2]], neighbours: ['44162', '44190', '44143'] },
  blois: { commune: '41018', areas: [['quiniere', 2], ['cabochon', 2], ['medicis', 1], ['gambetta', 1], ['centre-ville', 4], ['vienne', 2], ['provinces', 2]], neighbours: ['41295', '41047'] },
};

/**
 * Share of eligible households that receive each right (take-up). Non-take-up is split among the Odenore
 * causes with `CAUSES`. Rules not listed take their kind's rate, then 0.5. Where a published national
 * estimate exists, the rate is 1 − that estimate, imported from `NATIONAL_TAKE_UP` (its source and date
 * there, and the same figures beside the local rates in the reports); the others are APPROXIMATE orders of
 * magnitude and say so: a council should replace them with its own figures before quoting the barometer.
 * Where the study publishes a rate for a group matched to a household type (RSA: 16 % of single mothers,
 * 49 % of couples without children, DREES Les Dossiers n° 92), households of that type draw their claims at
 * that group's rate (`groupTakeUp`); the other types at the overall rate — so the local overall rate is not
 * the national one exactly (the groups are not reweighted).
 */
export const TAKE_UP: Readonly<Record<string, number>> = {
  // NOT VERIFIED here (not in force since 2019-11, kept for simulations at earlier dates): Fonds CMU-C, rapports
  // annuels, ranges of about 21–34 % non-take-up for the CMU-C and 53–67 % for the ACS (middle of the ranges).
  'cmu-c': 0.72,
  acs: 0.4,
  // APPROXIMATE: about four chèques énergie in five are used.
  'cheque-energie': 0.8,
  'cheque-energie-exceptionnel': 0.8,
  // APPROXIMATE orders of magnitude.
  'prime-activite': 0.65,
  aah: 0.85,
  'allocations-familiales': 0.95,
  'allocation-rentree-scolaire': 0.95,
  asf: 0.6,
  apa: 0.6,
  aid: 0.35,
  tariff: 0.75,
  service: 0.3,
  // Published national rates (DREES): RSA 0.66, ASPA 0.5, CSS without participation 0.69, with 0.33.
  // The bundled populations were drawn before the CSS rates were taken from the DREES (0.7 and 0.4 then).
  ...nationalTakeUp(),
};
export const CAUSES: readonly (readonly [string, number])[] = [
  ['unaware', 0.45],
  ['not-applied', 0.3],
  ['refused', 0.07],
  ['applied', 0.08],
  ['not-offered', 0.1],
];

type Json = Record<string, unknown>;

function pick<T>(rnd: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((a, [, w]) => a + w, 0);
  let x = rnd() * total;
  for (const [v, w] of items) {
    x -= w;
    if (x <= 0) return v;
  }
  return (items[items.length - 1] as readonly [T, number])[0];
}

const pad = (n: number) => String(n).padStart(2, '0');
const cents = (euros: number) => (Math.max(0, Math.round(euros * 100)) / 100).toFixed(2);

function birthDate(rnd: () => number, date: string, age: number): string {
  const y = Number(date.slice(0, 4)) - age - 1;
  const m = 1 + Math.floor(rnd() * 12);
  const d = 1 + Math.floor(rnd() * 28);
  // Born this many years before, plus a random part of a year: the age at the date is `age` or `age`+… close enough.
  // A birthday in the month of the date counts as passed only up to its day: never born after the date.
  const month = Number(date.slice(5, 7));
  const passed = m < month || (m === month && d <= Number(date.slice(8, 10)));
  return `${y + (passed ? 1 : 0)}-${pad(m)}-${pad(d)}`;
}

function monthsBefore(date: string, count: number): string[] {
  const idx = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
  const out: string[] = [];
  for (let i = idx - count; i < idx; i += 1) out.push(`${Math.floor(i / 12)}-${pad((i % 12) + 1)}`);
  return out;
}

function monthlyIncome(rnd: () => number, activity: string, age: number): { kind: string; amount: number; gross?: number } | undefined {
  const spread = 0.6 + rnd() * 0.9;
  switch (activity) {
    case 'employed':
      return { kind: 'salary', amount: 1100 + 1400 * spread * spread };
    case 'self-employed':
      return { kind: 'self-employment', amount: 500 + 1800 * spread * rnd() };
    case 'unemployed':
      return rnd() < 0.65 ? { kind: 'unemployment', amount: 650 + 700 * spread * rnd() } : undefined;
    case 'retired': {
      const net = age > 80 && rnd() < 0.4 ? 550 + 500 * rnd() : 750 + 1300 * spread * rnd();
      return { kind: 'pension', amount: net, gross: net / 0.91 };
    }
    case 'student':
    case 'apprentice':
      return rnd() < 0.5 ? { kind: activity === 'apprentice' ? 'salary' : 'other', amount: 150 + 600 * rnd() } : undefined;
    default:
      return rnd() < 0.3 ? { kind: 'other', amount: 100 + 300 * rnd() } : undefined;
  }
}

function activityFor(rnd: () => number, age: number): string {
  if (age >= 65) return rnd() < 0.93 ? 'retired' : 'inactive';
  if (age >= 60) return pick(rnd, [['retired', 5], ['employed', 3], ['unemployed', 1], ['inactive', 1]]);
  if (age <= 25) return pick(rnd, [['student', 4], ['employed', 3], ['unemployed', 2], ['apprentice', 1], ['inactive', 1]]);
  return pick(rnd, [['employed', 70], ['unemployed', 10], ['self-employed', 8], ['inactive', 8], ['student', 1]]);
}

/** One household of a city. `ruleIds` are the rules whose claims are drawn. */
export function household(rnd: () => number, city: City, index: number, date: string, ruleIds: readonly { id: string; kind: string }[], complete = false): Json {
  const type = pick(rnd, [
    ['alone', 38],
    ['couple', 24],
    ['couple-children', 22],
    ['single-parent', 12],
    ['hosted', 4],
  ] as const);
  const applicantAge =
    type === 'alone' ? pick(rnd, [[19 + Math.floor(rnd() * 7), 14], [26 + Math.floor(rnd() * 34), 46], [60 + Math.floor(rnd() * 32), 40]]) : type === 'hosted' ? 18 + Math.floor(rnd() * 60) : type === 'couple' ? 22 + Math.floor(rnd() * 65) : 24 + Math.floor(rnd() * 26);
  const persons: Json[] = [];
  const applicant: Json = { id: 'p1', role: 'applicant', birthDate: birthDate(rnd, date, applicantAge), activity: activityFor(rnd, applicantAge), nationality: pick(rnd, [['fr', 86], ['eea', 5], ['other', 9]]) };
  if (applicant.nationality === 'other') {
    // A permit obtained at 16 at the earliest, up to 20 years ago.
    const earliest = Number((applicant.birthDate as string).slice(0, 4)) + 17;
    applicant.residencePermitSince = `${Math.max(earliest, Number(date.slice(0, 4)) - 1 - Math.floor(rnd() * 20))}-0${1 + Math.floor(rnd() * 9)}-15`;
  }
  if (applicant.activity === 'unemployed') applicant.unemployedSince = monthsBefore(date, 1 + Math.floor(rnd() * 30))[0] + '-01';
  if (applicantAge >= 60 && rnd() < 0.12) applicant.gir = 2 + Math.floor(rnd() * 5);
  if (rnd() < 0.06) applicant.disabilityRate = pick(rnd, [[0.5, 1], [0.8, 1]]);
  if (applicantAge >= 45 && rnd() < 0.1) applicant.carer = true;
  persons.push(applicant);
  let partnerAge: number | undefined;
  if (type === 'couple' || type === 'couple-children') {
    partnerAge = Math.max(18, applicantAge + Math.floor(rnd() * 9) - 4);
    persons.push({ id: 'p2', role: 'partner', birthDate: birthDate(rnd, date, partnerAge), activity: activityFor(rnd, partnerAge), nationality: applicant.nationality });
  }
  if (type === 'hosted') persons.push({ id: 'o1', role: 'other', birthDate: birthDate(rnd, date, 30 + Math.floor(rnd() * 40)) });
  const children = type === 'couple-children' || type === 'single-parent' ? pick(rnd, [[1, 45], [2, 38], [3, 13], [4, 4]]) : 0;
  for (let c = 0; c < children; c += 1) {
    const age = Math.min(applicantAge - 18, Math.floor(rnd() * 18));
    const schooling = age < 3 ? 'creche' : age < 6 ? 'maternelle' : age < 11 ? 'elementaire' : age < 15 ? 'college' : 'lycee';
    persons.push({ id: `c${c + 1}`, role: 'child', birthDate: birthDate(rnd, date, Math.max(0, age)), custody: rnd() < 0.85 ? 'full' : 'shared', schooling });
  }
  const separatedRecently = type === 'single-parent' && rnd() < 0.25;
  const couple =
    type === 'couple' || type === 'couple-children'
      ? { status: 'couple' }
      : type === 'single-parent'
        ? separatedRecently
          ? { status: 'separated', since: `${monthsBefore(date, 1 + Math.floor(rnd() * 10))[0]}-10` }
          : { status: pick(rnd, [['separated', 5], ['single', 4], ['widowed', 1]]), since: `${Number(date.slice(0, 4)) - 2 - Math.floor(rnd() * 8)}-06-01` }
        : { status: applicantAge >= 70 && rnd() < 0.45 ? 'widowed' : pick(rnd, [['single', 6], ['separated', 3]]), since: `${Number(date.slice(0, 4)) - 1 - Math.floor(rnd() * Math.max(1, Math.min(20, applicantAge - 20)))}-03-01` };
  if ((couple as Json).status === 'single') delete (couple as Json).since;
  const months = monthsBefore(date, 12);
  const incomes: Json[] = [];
  let annual = 0;
  for (const p of persons.filter((x) => x.role === 'applicant' || x.role === 'partner')) {
    const age = p.role === 'applicant' ? applicantAge : (partnerAge as number);
    const inc = monthlyIncome(rnd, p.activity as string, age);
    months.forEach((month, i) => {
      // After a recent separation the household's income drops; before it the ex-partner's income counted too.
      const amount = inc === undefined ? 0 : inc.amount * (0.95 + rnd() * 0.1);
      incomes.push({ person: p.id, kind: inc?.kind ?? 'other', month, amount: cents(amount), ...(inc?.gross === undefined ? {} : { grossAmount: cents((inc.gross * amount) / inc.amount) }) });
      if (i >= 0) annual += amount;
    });
  }
  if (children >= 2) for (const month of months) incomes.push({ person: 'p1', kind: 'family-benefits', month, amount: cents(148.52 * (children - 1)) });
  const alimony = type === 'single-parent' && rnd() < 0.55 ? 120 + Math.floor(rnd() * 140) * children : 0;
  if (alimony > 0) for (const month of months) incomes.push({ person: 'p1', kind: 'alimony-received', month, amount: cents(alimony) });
  if (rnd() < 0.015) for (const month of months.slice(-3)) incomes.push({ person: 'p1', kind: 'aah', month, amount: '1033.32' });
  const tenant = pick(rnd, [['tenant', 45], ['social-tenant', 22], ['owner', 28], ['hosted', 5]]);
  const rent = tenant === 'tenant' || tenant === 'social-tenant' ? 300 + rnd() * 500 : 0;
  const lowIncome = annual / 12 < 1300 + 400 * children;
  const housingBenefit = rent > 0 && lowIncome ? 80 + rnd() * 220 : 0;
  if (housingBenefit > 0) for (const month of months) incomes.push({ person: 'p1', kind: 'housing-benefit', month, amount: cents(housingBenefit) });
  // Revenu fiscal de référence of N-2: about 90 % of the year's net income, more before a separation.
  const rfr = annual * 0.9 * (0.9 + rnd() * 0.2) * (separatedRecently ? 1.8 : 1);
  const shares = (persons.some((p) => p.role === 'partner') || separatedRecently ? 2 : 1) + Math.min(children, 2) * 0.5 + Math.max(children - 2, 0);
  const year = Number(date.slice(0, 4));
  const h: Json = {
    id: `${city.commune}-${String(index).padStart(6, '0')}`,
    commune: rnd() < 0.9 || city.neighbours.length === 0 ? city.commune : (city.neighbours[Math.floor(rnd() * city.neighbours.length)] as string),
    area: pick(rnd, city.areas),
    persons,
    couple,
    incomes,
    incomesComplete: rnd() < 0.9,
    taxReturns: [
      { year: year - 2, referenceIncome: cents(rfr).split('.')[0], shares },
      { year: year - 1, referenceIncome: cents(rfr * 1.02).split('.')[0], shares },
    ],
    housing: { status: tenant, ...(rent > 0 ? { monthlyRent: cents(rent) } : {}), ...(housingBenefit > 0 ? { housingBenefit: cents(housingBenefit) } : {}) },
    services: {
      ...(persons.some((p) => p.schooling === 'creche') ? { crecheHoursPerMonth: 60 + Math.floor(rnd() * 120) } : {}),
      ...(persons.some((p) => p.schooling === 'maternelle' || p.schooling === 'elementaire') ? { canteenMealsPerMonth: 12 + Math.floor(rnd() * 6), afterSchoolHoursPerMonth: Math.floor(rnd() * 30) } : {}),
      ...(applicantAge >= 70 && rnd() < 0.2 ? { mealsAtHomePerMonth: 10 + Math.floor(rnd() * 20) } : {}),
    },
  };
  if (Object.keys(h.services as Json).length === 0) delete h.services;
  const claims: Json = {};
  // The household type of the barometer (src/simulate/household-type.ts), as drawn here.
  const group: HouseholdType =
    type === 'single-parent' ? 'parent-seul' : type === 'couple' ? 'couple-sans-enfant' : type === 'couple-children' ? 'couple-avec-enfants' : type === 'alone' ? (applicantAge >= 60 ? 'seul-60-plus' : applicantAge <= 25 ? 'seul-18-25' : 'seul-26-59') : 'autre';
  for (const r of ruleIds) {
    const rate = groupTakeUp(r.id, group) ?? TAKE_UP[r.id] ?? TAKE_UP[r.kind] ?? 0.5;
    claims[r.id] = rnd() < rate ? 'receiving' : pick(rnd, CAUSES);
  }
  h.claims = claims;
  if (complete) {
    // Every fact a rule may read is given: what json-rules-engine, which knows only true and false, needs.
    h.incomesComplete = true;
    for (const p of persons) {
      if (p.role !== 'applicant' && p.role !== 'partner') continue;
      p.disabilityRate ??= 0;
      p.gir ??= 6;
      p.carer ??= false;
      p.pregnant ??= false;
      p.unfitForWork ??= false;
      p.restrictedWorkAccess ??= false;
      if (p.activity === 'unemployed') p.unemployedSince ??= `${monthsBefore(date, 6)[0]}-01`;
    }
    h.services = { crecheHoursPerMonth: 0, canteenMealsPerMonth: 0, afterSchoolHoursPerMonth: 0, mealsAtHomePerMonth: 0, ...(h.services as Json | undefined) };
    return h;
  }
  // A few households leave a field out, as real files do: the barometer counts them as "to check".
  if (rnd() < 0.02) delete applicant.birthDate;
  if (rnd() < 0.03) delete h.couple;
  return h;
}

/** A population of `size` households, as JSON Lines. */
export function* population(cityName: string, size: number, seed: number, date: string, ruleIds: readonly { id: string; kind: string }[], complete = false): Generator<Json> {
  const city = CITIES[cityName];
  if (city === undefined) throw new Error(`ville inconnue : ${cityName} (poitiers, nantes, blois)`);
  const rnd = prng(seed * 7919 + cityName.length * 104729);
  for (let i = 0; i < size; i += 1) yield household(rnd, city, i, date, ruleIds, complete);
}

/** Households of the three cities in turn, for benchmarks and property tests. */
export function* mixedPopulation(size: number, seed: number, date: string, ruleIds: readonly { id: string; kind: string }[], complete = false): Generator<Json> {
  const names = Object.keys(CITIES);
  const rnd = prng(seed);
  for (let i = 0; i < size; i += 1) yield household(rnd, CITIES[names[i % names.length] as string] as City, i, date, ruleIds, complete);
}

/** Lines of JSON text, gathered in pieces of about 1 MB so that the gzip stream is not called once a household. */
function* jsonLines(households: Iterable<Json>, counted: { n: number }): Generator<string> {
  let piece = '';
  for (const h of households) {
    piece += `${JSON.stringify(h)}\n`;
    counted.n += 1;
    if (piece.length >= 1 << 20) {
      yield piece;
      piece = '';
    }
  }
  // An empty population is one empty line, as when the file was written in one piece.
  if (piece !== '' || counted.n === 0) yield piece === '' ? '\n' : piece;
}

/**
 * Writes households as gzip-compressed JSON Lines, one household at a time: the gzip stream's backpressure
 * holds the drawing back, so that memory does not grow with the number of households. Returns their number.
 */
export async function writeJsonLinesGz(households: Iterable<Json>, file: string): Promise<number> {
  const counted = { n: 0 };
  await pipeline(Readable.from(jsonLines(households, counted), { objectMode: false }), createGzip({ level: 9 }), createWriteStream(file));
  return counted.n;
}

/** A count of households given on the command line: a whole number, 0 or more, with no upper bound. */
function sizeArg(text: string): number {
  const n = Number(text.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--size : nombre entier de foyers attendu (reçu « ${text} »)`);
  return n;
}

if (process.argv[1]?.endsWith('generate.ts') === true) {
  const { values } = parseArgs({
    options: {
      city: { type: 'string', default: 'all' },
      size: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      date: { type: 'string', default: '2026-11-24' },
      out: { type: 'string', default: 'seeds/populations' },
      format: { type: 'string', default: 'jsonl' },
    },
  });
  if (values.format !== 'jsonl' && values.format !== 'parquet') throw new Error(`--format : jsonl ou parquet attendu (reçu « ${values.format} »)`);
  const size = sizeArg(values.size);
  const { defaultCatalog } = await import('../../src/index.js');
  const ruleIds = defaultCatalog().rules.map((r) => ({ id: r.id, kind: r.kind }));
  const cities = values.city === 'all' ? Object.keys(CITIES) : [values.city];
  mkdirSync(values.out, { recursive: true });
  for (const c of cities) {
    const households = population(c, size, Number(values.seed), values.date, ruleIds);
    if (values.format === 'parquet') {
      const { writeParquetPopulation } = await import('../../src/simulate/parquet.js');
      const file = join(values.out, `${c}.parquet`);
      const written = await writeParquetPopulation(households, file);
      console.log(`${written.households} : ${written.count} foyers (et ${written.persons}, ${written.incomes})`);
    } else {
      const file = join(values.out, `${c}.jsonl.gz`);
      const count = await writeJsonLinesGz(households, file);
      console.log(`${file} : ${count} foyers`);
    }
  }
}
