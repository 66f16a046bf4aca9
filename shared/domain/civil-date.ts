/**
 * Civil dates (YYYY-MM-DD, no time, no zone) and instants. Deadlines in the procedure are counted
 * in calendar days of Asia/Shanghai; instants are ISO 8601 strings with a zone or epoch ms, and are
 * always passed in: shared/ never reads a clock.
 */
export type Instant = string | number;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// A zone is required: a zone-less string would be read in the machine's local zone.
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** Days since 1970-01-01 of a valid civil date, or null (Date.parse would roll 02-30 into March). */
export function civilDayNumber(date: string): number | null {
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

export function isCivilDate(date: string): boolean {
  return civilDayNumber(date) !== null;
}

export function civilDateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a day number from civilDayNumber. */
export function civilWeekday(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** Epoch ms of an instant, or null when it is not a finite number or a zoned ISO 8601 string. */
export function instantMs(at: Instant): number | null {
  if (typeof at === 'number') return Number.isFinite(at) ? at : null;
  const m = INSTANT_RE.exec(at);
  if (!m || !isCivilDate(m[1] ?? '')) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms;
}

export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

/** The Asia/Shanghai civil date an instant falls on (UTC+8 all year: China has no daylight saving). */
export function shanghaiDateOf(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The instant a Shanghai civil date ends (= the next day's 00:00 +08:00): deadlines are exclusive. */
export function shanghaiEndOfDayMs(date: string): number | null {
  const day = civilDayNumber(date);
  return day === null ? null : Date.parse(`${civilDateOfDayNumber(day + 1)}T00:00:00+08:00`);
}
