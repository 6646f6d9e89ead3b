import { NonRecoursError } from './errors.js';

/**
 * A calendar date without time zone. Every computation here is on integers, so a report is the same
 * byte for byte whatever the process's time zone.
 */
export interface CivilDate {
  readonly iso: string;
  readonly year: number;
  readonly month: number; // 1..12
  readonly day: number;
  /** year * 12 + (month - 1): months can be subtracted as integers. */
  readonly monthIndex: number;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Whether day `day` (1 to 31) of month `month` (1 to 12) of `year` is a calendar date, by arithmetic alone,
 * whatever the process's time zone (a zone that skipped a day, Pacific/Apia on 2011-12-30, changes nothing):
 * the proleptic Gregorian calendar, a leap year every four years but for centuries not divisible by 400
 * (2000-02-29 exists, 1900-02-29 and 2100-02-29 do not). Years written 0000 to 0099 are refused, as
 * date-fns' `isExists` (used before) refused them: no household date lies there.
 */
export function dayExists(year: number, month: number, day: number): boolean {
  if (year < 100) return false;
  if (day <= 28) return true;
  if (month === 2) return day === 29 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31);
}

/** Parses `YYYY-MM-DD`; returns undefined if the string is not a real calendar date (2024-02-30). */
export function tryParseDate(value: string): CivilDate | undefined {
  const m = DATE_RE.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31 || !dayExists(year, month, day)) return undefined;
  return { iso: value, year, month, day, monthIndex: year * 12 + month - 1 };
}

/** Parses an evaluation date, throwing a `DATE_INVALID` error that names the option. */
export function parseEvaluationDate(value: unknown, what = 'date'): CivilDate {
  const parsed = typeof value === 'string' ? tryParseDate(value) : undefined;
  if (parsed === undefined) {
    throw new NonRecoursError('DATE_INVALID', `La date d'évaluation « ${what} » doit être une date réelle au format AAAA-MM-JJ.`, [
      { path: what, message: 'date invalide' },
    ]);
  }
  return parsed;
}

/** Decodes a `YYYY-MM-DD` string that validation already accepted (no calendar check: fast path). */
export function decodeValidDate(value: string): CivilDate {
  const year = (value.charCodeAt(0) - 48) * 1000 + (value.charCodeAt(1) - 48) * 100 + (value.charCodeAt(2) - 48) * 10 + (value.charCodeAt(3) - 48);
  const month = (value.charCodeAt(5) - 48) * 10 + (value.charCodeAt(6) - 48);
  const day = (value.charCodeAt(8) - 48) * 10 + (value.charCodeAt(9) - 48);
  return { iso: value, year, month, day, monthIndex: year * 12 + month - 1 };
}

/** Parses `YYYY-MM` to a month index, or undefined. */
export function tryParseMonth(value: string): number | undefined {
  if (value.length !== 7 || value.charCodeAt(4) !== 45) return undefined;
  let year = 0;
  for (let i = 0; i < 4; i += 1) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    year = year * 10 + c;
  }
  const m1 = value.charCodeAt(5) - 48;
  const m2 = value.charCodeAt(6) - 48;
  if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9) return undefined;
  const month = m1 * 10 + m2;
  if (month < 1 || month > 12) return undefined;
  return year * 12 + month - 1;
}

/** Formats a month index as `YYYY-MM`. */
export function formatMonth(monthIndex: number): string {
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/**
 * Age in completed years at `at`. A birthday is reached on the same month and day; a person born on
 * 29 February reaches a new age on 1 March in non-leap years (the 28th is still before the birthday).
 */
export function ageAt(birth: CivilDate, at: CivilDate): number {
  let age = at.year - birth.year;
  if (at.month < birth.month || (at.month === birth.month && at.day < birth.day)) age -= 1;
  return age;
}

/** Completed months between two dates (0 if `to` is before `from`). */
export function completedMonths(from: CivilDate, to: CivilDate): number {
  let months = to.monthIndex - from.monthIndex;
  if (to.day < from.day) months -= 1;
  return months < 0 ? 0 : months;
}

/** Compares ISO dates `YYYY-MM-DD` (lexicographic order is chronological). */
export function isoCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
