/**
 * Calendar dates (YYYY-MM-DD) for accept entries. A date names a whole day, not an instant: no time
 * zone is involved in comparing two of them. The one place a clock enters is "today", which the caller
 * derives from the current instant in UTC (`utcToday`), so that every machine judges an expiry alike.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for an existing day written YYYY-MM-DD, years 1000 to 9999 (2027-02-29 is not one; 2028-02-29 is). */
export function isCalendarDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1000) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function epochDay(date: string): number {
  if (!isCalendarDate(date)) throw new TypeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

function fromEpochDay(day: number): string {
  const t = new Date(day * DAY_MS);
  const y = String(t.getUTCFullYear()).padStart(4, '0');
  const m = String(t.getUTCMonth() + 1).padStart(2, '0');
  const d = String(t.getUTCDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The calendar date of an instant in UTC: what "today" means for expiry. */
export function utcToday(now: Date): string {
  return fromEpochDay(Math.floor(now.getTime() / DAY_MS));
}

/** The date `days` days after `date` (negative: before). */
export function addDays(date: string, days: number): string {
  return fromEpochDay(epochDay(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}
