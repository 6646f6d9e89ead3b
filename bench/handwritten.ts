/**
 * A hand-written evaluator of ten rules of the catalog, straight-line TypeScript: the yardstick the
 * compiled engine is measured against (issue 14, item 2). Each function below restates one rule file of
 * rules/ (its conditions, its named values in rules/values/, its amount) as it reads today; parameter
 * values are never written here: `handParameters` reads them from the loaded catalog at the date
 * (`valueAt`), and turns each into a fixed-point integer once, checking that nothing is lost.
 *
 * It reads the same prepared household as the engine (`prepareHousehold`), is three-valued like it
 * (unknown data → undetermined, never a confident yes or no) and computes every amount exactly: income
 * records are integer cents, and each formula is kept as an integer numerator over a denominator fixed
 * by the rule (a 3-month average is "over 3", a coefficient of 0.165 is "over 1000"), so that the only
 * rounding is the one the rule asks for, at the end. The integers stay below 2^53 for households whose
 * monthly records are below about a million euros (the generated ones are far below).
 *
 * Statuses are the indexes of the engine's `STATUSES`; an amount is integer cents, or −1 when the
 * engine reports none (conditions not all true, or a rule without amount).
 */
import { ageAt, completedMonths, decodeValidDate, parseEvaluationDate, type CivilDate } from '../src/dates.js';
import type { PreparedHousehold } from '../src/facts/context.js';
import type { IncomePolicy } from '../src/facts/income-policy.js';
import { INCOME_KINDS, INCOME_KIND_GROUPS, type IncomeKind } from '../src/household/enums.js';
import type { Person } from '../src/household/schema.js';
import { Money, parseCents } from '../src/money.js';
import type { Catalog } from '../src/rules/catalog.js';
import { valueAt } from '../src/rules/parameters.js';

/** Status codes: the index of each status in the engine's `STATUSES`. */
export const ELIGIBLE = 0;
export const INELIGIBLE = 1;
export const UNDETERMINED = 2;
export const NOT_IN_FORCE = 3;
export const OUT_OF_TERRITORY = 4;

/** The rules written by hand, in the order of the result slots. */
export const HAND_RULES = [
  'rsa',
  'aspa',
  'css-gratuite',
  'css-participation',
  'cheque-energie',
  'asf',
  'prime-activite',
  'poitiers-tarif-creche',
  'nantes-ccas-coup-de-pouce-18-25',
  'nantes-ccas-aide-energie-18-25',
] as const;
export const HAND_RULE_COUNT = HAND_RULES.length;

// Three-valued truth, as the engine's tri.ts.
const F = 0;
const T = 1;
const U = 2;
type Tri = 0 | 1 | 2;

const and2 = (a: Tri, b: Tri): Tri => (a === F || b === F ? F : a === U || b === U ? U : T);
const or2 = (a: Tri, b: Tri): Tri => (a === T || b === T ? T : a === U || b === U ? U : F);
const tri = (known: boolean, value: boolean): Tri => (!known ? U : value ? T : F);

/** ⌊a / b⌋ for integers (b > 0), exact below 2^53. */
function fdiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  if (q * b > a) q -= 1;
  else if ((q + 1) * b <= a) q += 1;
  return q;
}

// ——— Income kinds as bits ———

const KIND_BIT = new Map<string, number>(INCOME_KINDS.map((k, i) => [k, 2 ** i]));
const ALL_KINDS = 2 ** INCOME_KINDS.length - 1;
const bit = (k: IncomeKind): number => KIND_BIT.get(k) as number;
/** A set of kinds as bits; `expand` adds the detailed kinds of a group (as `expandIncomeKinds`, used by household windows). */
function kindMask(kinds: readonly IncomeKind[], expand: boolean): number {
  let m = 0;
  for (const k of kinds) {
    m |= bit(k);
    if (expand) for (const d of INCOME_KIND_GROUPS[k] ?? []) m |= bit(d);
  }
  return m;
}
const PAID = bit('alimony-paid');
const RECEIVED = bit('alimony-received');
const PENSION = bit('pension');

const ALIMONY_INCLUDE = 0;
const ALIMONY_EXCLUDE = 1;
const ALIMONY_CAP = 2;

/**
 * Total in cents of the applicant's and the partner's records over the `months` calendar months before
 * the month of the date, of the kinds in `allowed`; −1 when a month has no record of one of them and
 * the household does not say its incomes are complete. Alimony paid is deducted, alimony received
 * taken as `alimony` says; never below zero (facts/income.ts `windowTotal`, restated).
 */
function windowCents(h: PreparedHousehold, at: number, months: number, allowed: number, gross: boolean, alimony: number, capCents: number, deductPaid: boolean): number {
  const complete = h.household.incomesComplete === true;
  const slots = h.partner === undefined ? 1 : 2;
  const hasApplicant = h.applicant !== undefined;
  let unknown = false;
  let total = 0;
  for (let m = at - months; m < at; m += 1) {
    let received = 0;
    for (let s = hasApplicant ? 0 : 1; s < slots; s += 1) {
      const records = h.resourceRecords.get(m * 2 + s);
      if (records === undefined) {
        if (!complete) unknown = true;
        continue;
      }
      for (const r of records) {
        const b = KIND_BIT.get(r.kind) as number;
        if ((allowed & b) === 0) continue;
        if (b === PAID) {
          if (deductPaid) total -= r.cents;
        } else if (b === RECEIVED) received += r.cents;
        else if (gross && b === PENSION) {
          if (r.grossCents === undefined) unknown = true;
          else total += r.grossCents;
        } else total += r.cents;
      }
    }
    if (alimony === ALIMONY_INCLUDE) total += received;
    else if (alimony === ALIMONY_CAP) total += Math.min(received, capCents);
  }
  if (unknown) return -1;
  return total <= 0 ? 0 : total;
}

/** The common case: alimony received counted, alimony paid deducted, net amounts. */
const windowOf = (h: PreparedHousehold, at: number, months: number, allowed: number): number => windowCents(h, at, months, allowed, false, ALIMONY_INCLUDE, 0, true);

/**
 * One person's own records over the window (person.income), in cents, or −1: a month without any
 * record of that person is unknown unless incomes are complete. Kinds are not expanded here, as in
 * facts/person.ts.
 */
function personCents(h: PreparedHousehold, person: Person, at: number, months: number, allowed: number): number {
  const first = at - months;
  let seen = 0;
  let total = 0;
  for (const r of h.records) {
    if (r.person !== person.id || r.month < first || r.month >= at) continue;
    seen |= 1 << (r.month - first);
    const b = KIND_BIT.get(r.kind) as number;
    if ((allowed & b) === 0) continue;
    if (b === PAID) total -= r.cents;
    else total += r.cents;
  }
  if (h.household.incomesComplete !== true && seen !== 2 ** months - 1) return -1;
  return total < 0 ? 0 : total;
}

/** Whether anyone of the household received a positive amount of `kind` in the window (household.receivesIncome). */
function receives(h: PreparedHousehold, at: number, months: number, kind: string): Tri {
  const from = at - months;
  for (const r of h.records) if (r.kind === kind && r.cents > 0 && r.month >= from && r.month < at) return T;
  return h.household.incomesComplete === true ? F : U;
}

/** The revenu fiscal de référence of `year`, in cents, or −1. */
function taxIncome(h: PreparedHousehold, year: number): number {
  const list = h.household.taxReturns;
  if (list === undefined) return -1;
  for (const t of list) if (t.year === year) return parseCents(t.referenceIncome);
  return -1;
}

/** An unknown age (a birth date after the evaluation date gives a negative age, which is known). */
const NO_AGE = -1e9;

function ageOf(h: PreparedHousehold, p: Person, at: CivilDate): number {
  const b = h.births.get(p.id);
  return b === undefined ? NO_AGE : ageAt(b, at);
}

/** Completed years of a residence permit (applicant.residencePermitYears), or −1. */
function permitYears(p: Person, at: CivilDate): number {
  if (p.residencePermitSince === undefined) return -1;
  const since = decodeValidDate(p.residencePermitSince);
  return since.iso > at.iso ? 0 : Math.floor(completedMonths(since, at) / 12);
}

// ——— Parameters at the date ———

function param(catalog: Catalog, iso: string, id: string): Money {
  const p = catalog.parameters.get(id);
  const v = p === undefined ? undefined : valueAt(p, iso);
  if (!(v instanceof Money)) throw new Error(`paramètre « ${id} » sans valeur numérique le ${iso}`);
  return v;
}

/** A parameter as an integer number of 10^-decimals units; throws if that would lose anything. */
function fixed(catalog: Catalog, iso: string, id: string, decimals: number): number {
  return exact(param(catalog, iso, id), decimals, id);
}
function exact(v: Money, decimals: number, what: string): number {
  const s = v.times(new Money(10).pow(decimals));
  if (!s.isInteger()) throw new Error(`« ${what} » (${v.toString()}) a plus de ${decimals} décimales : la base écrite à la main ne le suit pas`);
  return s.toNumber();
}

/** A reference-income policy, decoded once (facts/income.ts `referenceMonthlyIncome`). */
interface Policy {
  /** 0: tax-n-2, 1: tax-n-1, else a window of that many months (1, 3, 12). */
  readonly base: number;
  readonly separationMonths: number;
  readonly separationBase: number;
  readonly allowed: number;
  readonly alimony: number;
  readonly capPerChild: number;
  readonly deductPaid: boolean;
}

function periodCode(p: IncomePolicy['base'], id: string): number {
  if (typeof p === 'object') throw new Error(`politique « ${id} » : « lowerOf » n'est pas écrit à la main ici`);
  return p === 'tax-n-2' ? 0 : p === 'tax-n-1' ? 1 : p === 'last-month' ? -1 : p === 'last-3-months' ? -3 : -12;
}

function policyParam(catalog: Catalog, iso: string, id: string): Policy {
  const p = catalog.parameters.get(id);
  const v = p === undefined ? undefined : valueAt(p, iso);
  if (v === undefined || v === null || v instanceof Money) throw new Error(`paramètre « ${id} » : politique attendue le ${iso}`);
  const alimony = v.alimonyReceived;
  return {
    base: periodCode(v.base, id),
    separationMonths: v.afterSeparation?.withinMonths ?? 0,
    separationBase: v.afterSeparation === undefined ? 0 : periodCode(v.afterSeparation.base, id),
    allowed: ALL_KINDS & ~kindMask(v.excludedKinds ?? [], true),
    alimony: alimony === 'include' ? ALIMONY_INCLUDE : alimony === 'exclude' ? ALIMONY_EXCLUDE : ALIMONY_CAP,
    capPerChild: typeof alimony === 'object' ? parseCents(alimony.capPerChildPerMonth) : 0,
    deductPaid: v.deductAlimonyPaid !== false,
  };
}

/** Monthly reference income as `n / d` cents in `out` (returns false when unknown). */
function referenceIncome(h: PreparedHousehold, at: CivilDate, p: Policy, out: { n: number; d: number }): boolean {
  let period = p.base;
  if (p.separationMonths > 0) {
    const couple = h.household.couple;
    let recent = false;
    if (couple === undefined) {
      if (h.partner === undefined) return false;
    } else if (couple.status === 'separated') {
      const since = h.coupleSince;
      if (since === undefined) return false;
      recent = since.iso <= at.iso && completedMonths(since, at) < p.separationMonths;
    }
    if (recent) period = p.separationBase;
  }
  if (period >= 0) {
    const rfr = taxIncome(h, at.year - (period === 0 ? 2 : 1));
    if (rfr < 0) return false;
    out.n = rfr;
    out.d = 12;
    return true;
  }
  const months = -period;
  const total = windowCents(h, at.monthIndex, months, p.allowed, false, p.alimony, p.capPerChild * h.childCount, p.deductPaid);
  if (total < 0) return false;
  out.n = total;
  out.d = months;
  return true;
}

/** Everything the hand-written rules read from the catalog at one date, as integers. */
export interface HandParameters {
  readonly at: CivilDate;
  readonly inForce: readonly boolean[];
  readonly rsa: { readonly ageMin: number; readonly mf: number; readonly m2: number; readonly m3: number; readonly m4: number; readonly fl1: number; readonly fl2: number; readonly fl3: number; readonly minimum: number };
  readonly aspa: { readonly ageMin: number; readonly ageLegal: number; readonly disability: number; readonly plafondSeul: number; readonly plafondCouple: number; readonly maxSeul: number; readonly maxCouple: number };
  readonly css: {
    readonly since2021: boolean;
    readonly base: number;
    readonly c2: number;
    readonly c34: number;
    readonly c5: number;
    readonly majoration: number;
    readonly mf: number;
    readonly m2: number;
    readonly m3: number;
    readonly aide: readonly [number, number, number];
    readonly gratuit: readonly [number, number, number];
    readonly aspaSeul: number;
    readonly aspaCouple: number;
    readonly asiSeul: number;
    readonly asiCouple: number;
    readonly aah: number;
    /** Participation per person by age band: < 30, 30–49, 50–59, 60–69, 70 and more. */
    readonly bands: readonly [number, number, number, number, number];
  };
  readonly cheque: { readonly plafond: number; readonly seuils: readonly number[]; readonly montants: readonly (readonly number[])[] };
  readonly asf: { readonly ceiling: number };
  readonly ppa: {
    readonly ageMin: number;
    readonly mf: number;
    readonly m2: number;
    readonly m3: number;
    readonly m4: number;
    readonly isoBase: number;
    readonly isoChild: number;
    readonly part: number;
    readonly bonusMax: number;
    readonly bonusFrom3: number;
    readonly bonusSpan3: number;
    readonly studentFloor3: number;
    readonly minimum: number;
    readonly fl1: number;
    readonly fl2: number;
    readonly fl3: number;
  };
  readonly creche: { readonly policy: Policy; readonly rates: readonly [number, number, number, number, number]; readonly floor: number; readonly ceiling: number } | null;
  readonly nantes: { readonly plafond: number } | null;
}

/** Reads the parameters of the ten rules at a date (rules not in force there read nothing). */
export function handParameters(catalog: Catalog, date: string): HandParameters {
  const at = parseEvaluationDate(date);
  const iso = at.iso;
  const n = (id: string) => param(catalog, iso, id).toNumber();
  const fx = (id: string, d: number) => fixed(catalog, iso, id, d);
  const c = (id: string) => fixed(catalog, iso, id, 2);
  // Validity of each rule, as its file says (`validity.from`, no `until`).
  const from = ['2016-01-01', '2016-01-01', '2019-11-01', '2019-11-01', '2018-01-01', '2016-01-01', '2016-01-01', '2024-01-01', '2024-07-01', '2024-07-01'];
  const inForce = from.map((f) => f <= iso);
  const cssInForce = inForce[2] === true;
  const chequeV2 = iso >= '2019-01-01';
  const groups = ['1-uc', 'entre-1-et-2-uc', '2-uc-et-plus'];
  const tranches = chequeV2 ? [1, 2, 3, 4] : [1, 2, 3];
  const ppaMf = param(catalog, iso, 'ppa.montant-forfaitaire');
  const smicH = param(catalog, iso, 'smic.brut-horaire');
  const seuil = param(catalog, iso, 'ppa.bonification.seuil');
  const seuilMax = param(catalog, iso, 'ppa.bonification.seuil-maximal');
  return {
    at,
    inForce,
    rsa: { ageMin: n('rsa.age-minimum'), mf: c('rsa.montant-forfaitaire'), m2: fx('rsa.majoration.deuxieme-personne', 3), m3: fx('rsa.majoration.personne-supplementaire', 3), m4: fx('rsa.majoration.a-partir-troisieme-enfant', 3), fl1: fx('rsa.forfait-logement.1-personne', 3), fl2: fx('rsa.forfait-logement.2-personnes', 3), fl3: fx('rsa.forfait-logement.3-personnes-et-plus', 3), minimum: c('rsa.montant-minimum-verse') },
    aspa: { ageMin: n('aspa.age-minimum'), ageLegal: n('aspa.age-legal-retraite'), disability: n('aspa.taux-incapacite-anticipee'), plafondSeul: c('aspa.plafond-ressources.personne-seule'), plafondCouple: c('aspa.plafond-ressources.couple'), maxSeul: c('aspa.montant-maximum.personne-seule'), maxCouple: c('aspa.montant-maximum.couple') },
    css: cssInForce
      ? {
          since2021: iso >= '2021-04-01',
          base: c('css.plafond-base'),
          c2: fx('css.coefficient.deuxieme-personne', 3),
          c34: fx('css.coefficient.troisieme-et-quatrieme', 3),
          c5: fx('css.coefficient.cinquieme-et-plus', 3),
          majoration: fx('css.majoration-participation', 3),
          mf: c('rsa.montant-forfaitaire'),
          m2: fx('rsa.majoration.deuxieme-personne', 3),
          m3: fx('rsa.majoration.personne-supplementaire', 3),
          aide: [fx('css.forfait-logement.aide.1-personne', 3), fx('css.forfait-logement.aide.2-personnes', 3), fx('css.forfait-logement.aide.3-personnes-et-plus', 3)],
          gratuit: [fx('css.forfait-logement.gratuit.1-personne', 3), fx('css.forfait-logement.gratuit.2-personnes', 3), fx('css.forfait-logement.gratuit.3-personnes-et-plus', 3)],
          aspaSeul: iso >= '2021-04-01' ? c('css.abattement.aspa.personne-seule') : 0,
          aspaCouple: iso >= '2021-04-01' ? c('css.abattement.aspa.couple') : 0,
          asiSeul: iso >= '2021-04-01' ? c('css.abattement.asi.personne-seule') : 0,
          asiCouple: iso >= '2021-04-01' ? c('css.abattement.asi.couple') : 0,
          aah: iso >= '2021-04-01' ? c('css.abattement.aah') : 0,
          bands: [c('css.participation.moins-30-ans'), c('css.participation.30-49-ans'), c('css.participation.50-59-ans'), c('css.participation.60-69-ans'), c('css.participation.70-ans-et-plus')],
        }
      : { since2021: false, base: 0, c2: 0, c34: 0, c5: 0, majoration: 0, mf: 0, m2: 0, m3: 0, aide: [0, 0, 0], gratuit: [0, 0, 0], aspaSeul: 0, aspaCouple: 0, asiSeul: 0, asiCouple: 0, aah: 0, bands: [0, 0, 0, 0, 0] },
    cheque: {
      plafond: c(chequeV2 ? 'cheque-energie.seuil.4' : 'cheque-energie.seuil.3'),
      seuils: tranches.map((t) => c(`cheque-energie.seuil.${t}`)),
      montants: groups.map((g) => tranches.map((t) => c(`cheque-energie.montant.${g}.tranche-${t}`))),
    },
    // The ASF per child: BMAF × rate, rounded to the cent (half up) before anything is taken off it.
    asf: { ceiling: exact(param(catalog, iso, 'bmaf').times(param(catalog, iso, 'asf.taux.enfant-prive-d-un-parent')).toDecimalPlaces(2, Money.ROUND_HALF_UP), 2, 'asf') },
    ppa: {
      ageMin: n('ppa.age-minimum'),
      mf: exact(ppaMf, 2, 'ppa.montant-forfaitaire'),
      m2: fx('ppa.majoration.deuxieme-personne', 3),
      m3: fx('ppa.majoration.personne-supplementaire', 3),
      m4: fx('ppa.majoration.a-partir-troisieme-enfant', 3),
      isoBase: fx('ppa.isolement.base', 5),
      isoChild: fx('ppa.isolement.par-enfant', 5),
      part: fx('ppa.part-revenus-activite', 4),
      bonusMax: exact(param(catalog, iso, 'ppa.bonification.taux-maximal').times(ppaMf).toDecimalPlaces(2, Money.ROUND_HALF_UP), 2, 'ppa.bonification-maximale'),
      // The bonus grows from 59 to 138 SMIC hours a month: both ends in cents, times 3 (a 3-month total).
      bonusFrom3: 3 * exact(seuil.times(smicH), 2, 'ppa.bonification.seuil × smic'),
      bonusSpan3: 3 * exact(seuilMax.minus(seuil).times(smicH), 2, 'ppa.bonification (seuil maximal − seuil) × smic'),
      // A student's activity income ≥ 55 % of the gross monthly SMIC, on a 3-month total of cents.
      studentFloor3: param(catalog, iso, 'ppa.etudiants.plancher').times(param(catalog, iso, 'smic.brut-mensuel')).times(300).ceil().toNumber(),
      minimum: c('ppa.montant-minimum-verse'),
      fl1: fx('ppa.forfait-logement.1-personne', 3),
      fl2: fx('ppa.forfait-logement.2-personnes', 3),
      fl3: fx('ppa.forfait-logement.3-personnes-et-plus', 3),
    },
    creche:
      inForce[7] === true
        ? {
            policy: policyParam(catalog, iso, 'poitiers.base-ressources'),
            rates: [fx('cnaf.psu.taux-effort.1-enfant', 6), fx('cnaf.psu.taux-effort.2-enfants', 6), fx('cnaf.psu.taux-effort.3-enfants', 6), fx('cnaf.psu.taux-effort.4-a-7-enfants', 6), fx('cnaf.psu.taux-effort.8-enfants-et-plus', 6)],
            floor: c('cnaf.psu.plancher-ressources'),
            ceiling: c('cnaf.psu.plafond-ressources'),
          }
        : null,
    nantes: inForce[8] === true ? { plafond: c('nantes.ccas.plafond-18-25') } : null,
  };
}

// Kind sets of the rules' windows.
const RSA_RESOURCES = ALL_KINDS & ~kindMask(['rsa', 'ppa', 'housing-benefit', 'aeeh'], true);
const HOUSING_BENEFIT = kindMask(['housing-benefit'], true);
const ASPA_RESOURCES = ALL_KINDS & ~kindMask(['aspa', 'family-benefits', 'housing-benefit', 'aeeh'], true);
const CSS_2016 = ALL_KINDS & ~kindMask(['housing-benefit', 'aeeh', 'ppa'], true);
const CSS_2021 = ALL_KINDS & ~kindMask(['housing-benefit', 'aeeh', 'ppa', 'aspa', 'asi', 'aah'], true);
const ASPA_ONLY = kindMask(['aspa'], true);
const ASI_ONLY = kindMask(['asi'], true);
const AAH_PERSON = kindMask(['aah'], false);
const ALIMONY_RECEIVED = kindMask(['alimony-received'], true);
const ACTIVITY = kindMask(['salary', 'self-employment', 'internship', 'daily-allowance'], true);
const ACTIVITY_PERSON = kindMask(['salary', 'self-employment', 'internship', 'daily-allowance'], false);
const PPA_RESOURCES = ALL_KINDS & ~kindMask(['ppa', 'rsa', 'housing-benefit', 'aeeh', 'ars'], true);

const POITIERS = '86194';
const NANTES = '44109';

/**
 * Evaluates the ten rules for one prepared household: `status[offset + i]` and `amount[offset + i]`
 * for the i-th rule of `HAND_RULES`.
 */
export function evaluateHand(P: HandParameters, h: PreparedHousehold, status: Uint8Array, amount: Float64Array, offset: number): void {
  const at = P.at;
  const mi = at.monthIndex;
  const applicant = h.applicant;
  const persons = h.household.persons;

  // ——— Facts shared by several rules, each read once ———
  const ageA = applicant === undefined ? NO_AGE : ageOf(h, applicant, at);
  const coupleStatus = h.household.couple?.status;
  const inCouple: Tri = h.partner !== undefined ? T : coupleStatus === undefined ? U : coupleStatus === 'couple' ? T : F;
  // Children by age (memberCount of role child with maxAge): −1 when a child's age is unknown.
  let children = 0;
  let childAgeUnknown = false;
  let under25 = 0;
  let under20 = 0;
  let under6 = 0;
  let under3 = 0;
  // CSS: members (applicant, partner, children under 25), shared-custody children under 25, and ages by band.
  let cssMembers = 0;
  let cssMembersUnknown = false;
  let sharedUnder25 = 0;
  let sharedUnknown = false;
  let bandUnknown = false;
  let band0 = 0;
  let band1 = 0;
  let band2 = 0;
  let band3 = 0;
  let band4 = 0;
  for (const p of persons) {
    const role = p.role;
    if (role === 'other') continue;
    const age = ageOf(h, p, at);
    if (role === 'child') {
      children += 1;
      if (age === NO_AGE) {
        childAgeUnknown = true;
        cssMembersUnknown = true;
        bandUnknown = true;
        if (p.custody === 'shared') sharedUnknown = true;
        continue;
      }
      if (age <= 24) {
        under25 += 1;
        cssMembers += 1;
        if (p.custody === 'shared') sharedUnder25 += 1;
      }
      if (age <= 19) under20 += 1;
      if (age <= 5) under6 += 1;
      if (age <= 2) under3 += 1;
      if (age > 24) continue;
    } else {
      cssMembers += 1;
      if (age === NO_AGE) {
        bandUnknown = true;
        continue;
      }
    }
    if (age < 30) band0 += 1;
    else if (age < 50) band1 += 1;
    else if (age < 60) band2 += 1;
    else if (age < 70) band3 += 1;
    else band4 += 1;
  }
  const E = childAgeUnknown ? -1 : under25; // rsa.enfants-a-charge
  const A = inCouple === U ? -1 : inCouple === T ? 2 : 1; // rsa.adultes
  const P25 = E < 0 || A < 0 ? -1 : A + E; // rsa.personnes-du-foyer
  const hasChild = children > 0;
  const singleParent: Tri = !hasChild ? F : inCouple === U ? U : inCouple === T ? F : T;
  const housing = h.household.housing?.status;
  // rsa.condition-de-sejour: French, EEA or Swiss, or a work permit held for 5 years.
  const nationality = applicant?.nationality;
  const national: Tri = nationality === undefined ? U : nationality === 'fr' || nationality === 'eea' ? T : F;
  const permit = applicant === undefined ? -1 : permitYears(applicant, at);
  const sejour5 = or2(national, tri(permit >= 0, permit >= 5));
  // rsa.avantage-en-nature-logement, rsa.aide-logement-percue, rsa.aide-logement-du-mois (shared with the prime d'activité).
  const inKind: Tri = housing === undefined ? U : housing === 'owner' || housing === 'hosted' || housing === 'hosted-free' ? T : F;
  const hb3 = receives(h, mi, 3, 'housing-benefit');
  let hbMonth = -2; // computed when needed

  // ——— rsa ———
  {
    const s = P.rsa;
    const o = offset;
    amount[o] = -1;
    if (!P.inForce[0]) status[o] = NOT_IN_FORCE;
    else {
      const pregnant = applicant?.pregnant;
      const age: Tri = or2(or2(tri(ageA !== NO_AGE, ageA >= s.ageMin), tri(!childAgeUnknown, under25 >= 1)), tri(pregnant !== undefined, pregnant === true));
      const activity = applicant?.activity;
      const truth = and2(and2(age, sejour5), tri(activity !== undefined, activity !== 'student'));
      if (truth !== T) status[o] = truth === F ? INELIGIBLE : UNDETERMINED;
      else {
        // Everything in 10^-6 cents: montant forfaitaire × coefficient, forfait logement.
        let known = P25 >= 0;
        let ceiling = 0;
        if (known) {
          const coef = 1000 + s.m2 * Math.min(P25 - 1, 1) + s.m3 * Math.max(Math.min(E, 2) + A - 2, 0) + s.m4 * Math.max(E - 2, 0);
          const flm = P25 <= 1 ? s.mf * s.fl1 * 1000 : P25 <= 2 ? s.mf * (1000 + s.m2) * s.fl2 : s.mf * (1000 + s.m2 + s.m3) * s.fl3;
          let fl = 0;
          if (inKind === U) known = false;
          else if (inKind === T) fl = flm;
          else if (hb3 === U) known = false;
          else if (hb3 === T) {
            hbMonth = windowOf(h, mi, 1, HOUSING_BENEFIT);
            if (hbMonth < 0) known = false;
            else fl = Math.min(flm, hbMonth * 1e6);
          }
          ceiling = s.mf * coef * 1000 - fl;
        }
        const resources = known ? windowOf(h, mi, 3, RSA_RESOURCES) : -1;
        if (resources < 0) status[o] = UNDETERMINED;
        else {
          // (ceiling − resources / 3) in units of 10^-6 / 3 cents; nothing under the minimum paid.
          let x = 3 * ceiling - resources * 1e6;
          if (x < 0) x = 0;
          if (x < s.minimum * 3e6) x = 0;
          const cents = fdiv(2 * x + 3e6, 6e6);
          amount[o] = cents;
          status[o] = cents > 0 ? ELIGIBLE : INELIGIBLE;
        }
      }
    }
  }

  // ——— aspa ———
  {
    const s = P.aspa;
    const o = offset + 1;
    amount[o] = -1;
    if (!P.inForce[1]) status[o] = NOT_IN_FORCE;
    else {
      // aspa.conjoints-remplissant-condition-age: applicant and partner meeting the age condition.
      let meeting = 0;
      for (const p of persons) {
        if (p.role !== 'applicant' && p.role !== 'partner') continue;
        const age = ageOf(h, p, at);
        let w = tri(age !== NO_AGE, age >= s.ageMin);
        if (w !== T) {
          const unfit = p.unfitForWork;
          const rate = p.disabilityRate;
          const early = and2(tri(age !== NO_AGE, age >= s.ageLegal), or2(tri(unfit !== undefined, unfit === true), tri(rate !== undefined, rate !== undefined && rate >= s.disability)));
          w = or2(w, early);
        }
        if (w === U) {
          meeting = -1;
          break;
        }
        if (w === T) meeting += 1;
      }
      const national10 = or2(national, tri(permit >= 0, permit >= 10));
      // aspa.ressources-mensuelles ≤ aspa.plafond-mensuel: total / 3 ≤ plafond / 12, i.e. 4 × total ≤ plafond.
      const total = windowCents(h, mi, 3, ASPA_RESOURCES, true, ALIMONY_INCLUDE, 0, true);
      const plafond = inCouple === T ? s.plafondCouple : s.plafondSeul;
      const underCeiling = tri(total >= 0 && inCouple !== U, 4 * total <= plafond);
      const truth = and2(and2(tri(meeting >= 0, meeting >= 1), national10), underCeiling);
      if (truth !== T) status[o] = truth === F ? INELIGIBLE : UNDETERMINED;
      else {
        // In twelfths of a cent, rounded down to the cent.
        let v: number;
        if (inCouple === F) v = Math.max(s.maxSeul - 4 * total, 0);
        else if (meeting === 2) v = Math.max(s.maxCouple - 4 * total, 0);
        else v = Math.min(s.maxSeul, plafond - 4 * total);
        const cents = v >= 0 ? fdiv(v, 12) : -fdiv(-v, 12);
        amount[o] = cents;
        status[o] = cents > 0 ? ELIGIBLE : INELIGIBLE;
      }
    }
  }

  // ——— css-gratuite, css-participation ———
  {
    const s = P.css;
    const o = offset + 2;
    amount[o] = -1;
    amount[o + 1] = -1;
    if (!P.inForce[2]) {
      status[o] = NOT_IN_FORCE;
      status[o + 1] = NOT_IN_FORCE;
    } else {
      // css.personnes-du-foyer, in halves (a child in shared custody counts for half).
      const P2 = cssMembersUnknown || sharedUnknown ? -1 : 2 * cssMembers - sharedUnder25;
      // Annual resources and ceilings in 10^-6 cents; −1 when unknown.
      let resources = -1;
      let coef = 0;
      if (P2 >= 0) {
        coef = 2000 + s.c2 * Math.min(Math.max(P2 - 2, 0), 2) + s.c34 * Math.min(Math.max(P2 - 4, 0), 4) + s.c5 * Math.max(P2 - 8, 0);
      }
      // css.forfait-logement (€/an).
      let fl = -1;
      const hb12 = receives(h, mi, 12, 'housing-benefit');
      if (hb12 === T) {
        if (P2 >= 0) {
          const mfr = P2 <= 2 ? s.mf * 1000 : P2 <= 4 ? s.mf * (1000 + s.m2) : s.mf * (1000 + s.m2 + s.m3);
          const rate = P2 <= 2 ? s.aide[0] : P2 <= 4 ? s.aide[1] : s.aide[2];
          const hbYear = windowOf(h, mi, 12, HOUSING_BENEFIT);
          if (hbYear >= 0) fl = Math.min(12 * mfr * rate, hbYear * 1e6);
        }
      } else if (hb12 === F) {
        if (inKind === T) {
          if (P2 >= 0) {
            const mfr = P2 <= 2 ? s.mf * 1000 : P2 <= 4 ? s.mf * (1000 + s.m2) : s.mf * (1000 + s.m2 + s.m3);
            fl = 12 * mfr * (P2 <= 2 ? s.gratuit[0] : P2 <= 4 ? s.gratuit[1] : s.gratuit[2]);
          }
        } else if (inKind === F) fl = 0;
      }
      if (fl >= 0) {
        if (s.since2021) {
          const base = windowOf(h, mi, 12, CSS_2021);
          const aspa = inCouple === U ? -1 : windowOf(h, mi, 12, ASPA_ONLY);
          const asi = inCouple === U ? -1 : windowOf(h, mi, 12, ASI_ONLY);
          let aah = 0;
          for (const p of persons) {
            if (p.role !== 'applicant' && p.role !== 'partner') continue;
            const own = personCents(h, p, mi, 12, AAH_PERSON);
            if (own < 0) {
              aah = -1;
              break;
            }
            aah += Math.max(0, own - 12 * s.aah);
          }
          if (base >= 0 && aspa >= 0 && asi >= 0 && aah >= 0) {
            const couple = inCouple === T;
            const cents = base + Math.max(0, aspa - 12 * (couple ? s.aspaCouple : s.aspaSeul)) + Math.max(0, asi - 12 * (couple ? s.asiCouple : s.asiSeul)) + aah;
            resources = cents * 1e6 + fl;
          }
        } else {
          const base = windowOf(h, mi, 12, CSS_2016);
          if (base >= 0) resources = base * 1e6 + fl;
        }
      }
      const known = resources >= 0 && P2 >= 0;
      // css.sous-plafond-gratuite: resources ≤ base × coefficient (coefficient in 1/2000).
      const under: Tri = tri(known, resources <= s.base * coef * 500);
      const rsa3 = receives(h, mi, 3, 'rsa');
      const free = or2(rsa3, under);
      status[o] = free === T ? ELIGIBLE : free === F ? INELIGIBLE : UNDETERMINED;
      const notRsa: Tri = rsa3 === U ? U : rsa3 === T ? F : T;
      const notUnder: Tri = under === U ? U : under === T ? F : T;
      const withParticipation = and2(and2(notRsa, notUnder), tri(known, 2 * resources <= s.base * coef * (1000 + s.majoration)));
      const o2 = o + 1;
      if (withParticipation !== T) status[o2] = withParticipation === F ? INELIGIBLE : UNDETERMINED;
      else if (bandUnknown) status[o2] = UNDETERMINED;
      else {
        const b = s.bands;
        const cents = b[0] * band0 + b[1] * band1 + b[2] * band2 + b[3] * band3 + b[4] * band4;
        amount[o2] = cents;
        status[o2] = cents > 0 ? ELIGIBLE : INELIGIBLE;
      }
    }
  }

  // ——— cheque-energie ———
  {
    const s = P.cheque;
    const o = offset + 4;
    amount[o] = -1;
    if (!P.inForce[4]) status[o] = NOT_IN_FORCE;
    else {
      // Consumption units in hundredths: 1, 0.5, then 0.3 a person; children in shared custody last, for half.
      let uc = 0;
      let rank = 0;
      for (const p of persons) {
        if (p.role === 'child' && p.custody === 'shared') continue;
        uc += rank === 0 ? 100 : rank === 1 ? 50 : 30;
        rank += 1;
      }
      for (const p of persons) {
        if (p.role !== 'child' || p.custody !== 'shared') continue;
        uc += (rank === 0 ? 100 : rank === 1 ? 50 : 30) / 2;
        rank += 1;
      }
      const rfr = taxIncome(h, at.year - 2);
      // RFR / UC < threshold ⇔ 100 × RFR < threshold × UC (both in cents, UC in hundredths).
      const under = tri(rfr >= 0, 100 * rfr < s.plafond * uc);
      const truth = and2(under, tri(housing !== undefined, housing !== 'homeless'));
      if (truth !== T) status[o] = truth === F ? INELIGIBLE : UNDETERMINED;
      else {
        const row = s.montants[uc <= 100 ? 0 : uc < 200 ? 1 : 2] as readonly number[];
        let cents = 0;
        for (let k = 0; k < s.seuils.length; k += 1) {
          if (100 * rfr < (s.seuils[k] as number) * uc) {
            cents = row[k] as number;
            break;
          }
        }
        amount[o] = cents;
        status[o] = cents > 0 ? ELIGIBLE : INELIGIBLE;
      }
    }
  }

  // ——— asf ———
  {
    const o = offset + 5;
    amount[o] = -1;
    if (!P.inForce[5]) status[o] = NOT_IN_FORCE;
    else {
      const n = childAgeUnknown ? -1 : under20;
      const truth = and2(singleParent, tri(n >= 0, n >= 1));
      if (truth !== T) status[o] = truth === F ? INELIGIBLE : UNDETERMINED;
      else {
        const alimony = windowOf(h, mi, 1, ALIMONY_RECEIVED);
        if (alimony < 0) status[o] = UNDETERMINED;
        else {
          // Per child: ASF − alimony / children, at least zero, times the children.
          const cents = Math.max(0, n * P.asf.ceiling - alimony);
          amount[o] = cents;
          status[o] = cents > 0 ? ELIGIBLE : INELIGIBLE;
        }
      }
    }
  }

  // ——— prime-activite ———
  {
    const s = P.ppa;
    const o = offset + 6;
    amount[o] = -1;
    if (!P.inForce[6]) status[o] = NOT_IN_FORCE;
    else {
      const activityTotal = windowOf(h, mi, 3, ACTIVITY);
      const activity = applicant?.activity;
      let student: Tri = tri(activity !== undefined, activity !== 'student' && activity !== 'apprentice' && activity !== 'work-study');
      if (student !== T) {
        // perPerson any (applicants): own activity income of the last 3 months ≥ 55 % of the SMIC.
        let any: Tri = F;
        for (const p of persons) {
          if (p.role !== 'applicant') continue;
          const own = personCents(h, p, mi, 3, ACTIVITY_PERSON);
          if (own < 0) any = U;
          else if (own >= s.studentFloor3) {
            any = T;
            break;
          }
        }
        student = or2(student, any);
      }
      const truth = and2(and2(and2(tri(ageA !== NO_AGE, ageA >= s.ageMin), sejour5), tri(activityTotal >= 0, activityTotal > 0)), student);
      if (truth !== T) status[o] = truth === F ? INELIGIBLE : UNDETERMINED;
      else {
        // Units: 1 / (3 × 10^6) cents (D1) for every term but the bonuses, 1 / (3 × span) cents (D2) for those.
        let known = true;
        // ppa.isolement.
        const sinceSep = h.coupleSince;
        const separated: Tri = coupleStatus === undefined ? (h.partner !== undefined ? F : U) : coupleStatus === 'separated' ? T : F;
        const recent: Tri = coupleStatus !== 'separated' || sinceSep === undefined ? U : tri(true, (sinceSep.iso > at.iso ? 0 : completedMonths(sinceSep, at)) < 12);
        const isolated = and2(singleParent, or2(tri(!childAgeUnknown, under3 >= 1), and2(separated, recent)));
        let mfa = 0;
        if (isolated === U) known = false;
        else if (isolated === T) {
          if (E < 0) known = false;
          else mfa = s.mf * (s.isoBase + s.isoChild * E) * 30;
        } else if (P25 < 0) known = false;
        else mfa = s.mf * (1000 + s.m2 * Math.min(P25 - 1, 1) + s.m3 * Math.max(Math.min(E, 2) + A - 2, 0) + s.m4 * Math.max(E - 2, 0)) * 3000;
        // ppa.bonifications: per adult, bonus max × (income − 59 h) / (79 h), between 0 and the maximum.
        let bonus = 0;
        const D2 = s.bonusSpan3;
        if (known) {
          for (const p of persons) {
            if (p.role !== 'applicant' && p.role !== 'partner') continue;
            const own = personCents(h, p, mi, 3, ACTIVITY_PERSON);
            if (own < 0 || D2 === 0) {
              known = false;
              break;
            }
            bonus += s.bonusMax * Math.min(Math.max(own - s.bonusFrom3, 0), D2);
          }
        }
        const resources = known ? windowOf(h, mi, 3, PPA_RESOURCES) : -1;
        let fl = 0;
        if (resources < 0) known = false;
        else if (P25 < 0) known = false;
        else {
          const flm = P25 <= 1 ? s.mf * s.fl1 * 1000 : P25 <= 2 ? s.mf * (1000 + s.m2) * s.fl2 : s.mf * (1000 + s.m2 + s.m3) * s.fl3;
          if (inKind === U) known = false;
          else if (inKind === T) fl = flm;
          else if (hb3 === U) known = false;
          else if (hb3 === T) {
            if (hbMonth === -2) hbMonth = windowOf(h, mi, 1, HOUSING_BENEFIT);
            if (hbMonth < 0) known = false;
            else fl = Math.min(flm, hbMonth * 1e6);
          }
        }
        if (!known) status[o] = UNDETERMINED;
        else {
          const D1 = 3e6;
          const gained = mfa + s.part * activityTotal * 100;
          const taken = Math.max(mfa, resources * 1e6 + 3 * fl);
          // value = a / D1 + bonus / D2 = q + f / (D1 × D2), 0 ≤ f < D1 × D2.
          const a = gained - taken;
          const qa = fdiv(a, D1);
          const qb = fdiv(bonus, D2);
          let q = qa + qb;
          const D = D1 * D2;
          let f = (a - qa * D1) * D2 + (bonus - qb * D2) * D1;
          if (f >= D) {
            q += 1;
            f -= D;
          }
          // max(0, value); nothing under the minimum paid; then half up to the cent.
          const cents = q < 0 || (q === 0 && f === 0) || q < s.minimum ? 0 : 2 * f >= D ? q + 1 : q;
          amount[o] = cents;
          status[o] = cents > 0 ? ELIGIBLE : INELIGIBLE;
        }
      }
    }
  }

  // ——— poitiers-tarif-creche ———
  {
    const o = offset + 7;
    amount[o] = -1;
    const s = P.creche;
    const commune = h.household.commune;
    if (s === null) status[o] = NOT_IN_FORCE;
    else if (commune !== undefined && commune !== POITIERS) status[o] = OUT_OF_TERRITORY;
    else {
      const cond = tri(!childAgeUnknown, under6 >= 1);
      const truth: Tri = cond === F ? F : commune === undefined || cond === U ? U : T;
      if (truth !== T) status[o] = truth === F ? INELIGIBLE : UNDETERMINED;
      else {
        const ref = { n: 0, d: 1 };
        if (!referenceIncome(h, at, s.policy, ref)) status[o] = UNDETERMINED;
        else {
          // Resources held between the floor and the ceiling, times the taux d'effort by number of children.
          let n = ref.n;
          let d = ref.d;
          if (n < s.floor * d) {
            n = s.floor;
            d = 1;
          } else if (n > s.ceiling * d) {
            n = s.ceiling;
            d = 1;
          }
          const k = h.childCount;
          const rate = k <= 1 ? s.rates[0] : k <= 2 ? s.rates[1] : k <= 3 ? s.rates[2] : k <= 7 ? s.rates[3] : s.rates[4];
          const cents = fdiv(2 * n * rate + d * 1e6, 2 * d * 1e6);
          amount[o] = cents;
          status[o] = cents > 0 ? ELIGIBLE : INELIGIBLE;
        }
      }
    }
  }

  // ——— nantes-ccas-coup-de-pouce-18-25, nantes-ccas-aide-energie-18-25 ———
  {
    const o = offset + 8;
    amount[o] = -1;
    amount[o + 1] = -1;
    const s = P.nantes;
    const commune = h.household.commune;
    if (s === null) {
      status[o] = NOT_IN_FORCE;
      status[o + 1] = NOT_IN_FORCE;
    } else if (commune !== undefined && commune !== NANTES) {
      status[o] = OUT_OF_TERRITORY;
      status[o + 1] = OUT_OF_TERRITORY;
    } else {
      const total = windowOf(h, mi, 3, ALL_KINDS);
      const base = and2(and2(tri(ageA !== NO_AGE, ageA >= 18), tri(ageA !== NO_AGE, ageA <= 25)), tri(total >= 0, total <= 3 * s.plafond));
      const energy = and2(base, tri(housing !== undefined, housing === 'tenant' || housing === 'social-tenant' || housing === 'owner'));
      const place = commune === undefined ? U : T;
      const t1: Tri = base === F ? F : place === U || base === U ? U : T;
      const t2: Tri = energy === F ? F : place === U || energy === U ? U : T;
      // Fixed amounts written in the rule files: 200.00 and 150.00 (« jusqu'à »).
      status[o] = t1 === T ? ELIGIBLE : t1 === F ? INELIGIBLE : UNDETERMINED;
      if (t1 === T) amount[o] = 20000;
      status[o + 1] = t2 === T ? ELIGIBLE : t2 === F ? INELIGIBLE : UNDETERMINED;
      if (t2 === T) amount[o + 1] = 15000;
    }
  }
}
