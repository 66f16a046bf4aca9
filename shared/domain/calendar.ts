/**
 * Working days (工作日) of the mainland China calendar, for procedure deadlines such as
 * 乡呼县应 (a county department answers within 3 working days). A day is a working day when it is
 * a make-up working day (调休上班), or a Monday–Friday that is not a holiday.
 *
 * Counting convention: `addWorkingDays(D, n)` is the n-th working day AFTER D — D itself never
 * counts, whatever it is — so a request filed on day D is due by the end of that day. Every date
 * given or consulted must lie in the calendar's covered years: outside them the answer is an
 * explicit OUTSIDE_CALENDAR error, never a guess. Results say whether a provisional year was used.
 */
import { civilDateOfDayNumber, civilDayNumber, civilWeekday, instantMs, isoInstant, shanghaiDateOf, shanghaiEndOfDayMs, type Instant } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';

export interface WorkCalendar {
  firstYear: number;
  lastYear: number;
  provisionalYears: ReadonlySet<number>;
  /** Day off → festival name (zh-CN). */
  holidays: ReadonlyMap<string, string>;
  /** Weekend day worked → festival it makes up for. */
  makeUpWorkdays: ReadonlyMap<string, string>;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export const DAY_KIND_LABELS: Record<DayKind, string> = {
  workday: '工作日',
  weekend: '休息日',
  holiday: '法定节假日',
  makeUpWorkday: '调休上班',
};

export interface DayInfo {
  date: string;
  kind: DayKind;
  working: boolean;
  /** The festival a holiday or make-up day belongs to. */
  festival?: string;
}

export type CalendarErrorCode = 'INVALID_DATE' | 'INVALID_TIME' | 'INVALID_COUNT' | 'OUTSIDE_CALENDAR';
export type CalendarResult<T> = { ok: true; value: T; provisional: boolean } | DomainFailure<CalendarErrorCode>;

/** What one day is, for a covered day number (checked by the caller). */
function kindOf(day: number, date: string, cal: WorkCalendar): DayInfo {
  const makeUp = cal.makeUpWorkdays.get(date);
  if (makeUp !== undefined) return { date, kind: 'makeUpWorkday', working: true, festival: makeUp };
  const holiday = cal.holidays.get(date);
  if (holiday !== undefined) return { date, kind: 'holiday', working: false, festival: holiday };
  const weekday = civilWeekday(day);
  return weekday === 0 || weekday === 6 ? { date, kind: 'weekend', working: false } : { date, kind: 'workday', working: true };
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

function outside(date: string, cal: WorkCalendar): DomainFailure<'OUTSIDE_CALENDAR'> {
  return failure(
    'OUTSIDE_CALENDAR',
    `${date} 不在工作日历覆盖的 ${cal.firstYear}–${cal.lastYear} 年内，无法计算工作日`,
    `${date} is outside the working-day calendar (${cal.firstYear}–${cal.lastYear}); add that year's holiday notice to data/calendar`,
  );
}

/** Validates a date and that it is covered; returns its day number. */
function coveredDay(date: string, cal: WorkCalendar): number | DomainFailure<'INVALID_DATE' | 'OUTSIDE_CALENDAR'> {
  const day = civilDayNumber(date);
  if (day === null) return failure('INVALID_DATE', `日期格式应为 YYYY-MM-DD：${date}`, `not a calendar date (YYYY-MM-DD): ${date}`);
  const year = yearOf(date);
  if (year < cal.firstYear || year > cal.lastYear) return outside(date, cal);
  return day;
}

export function dayInfo(date: string, cal: WorkCalendar): CalendarResult<DayInfo> {
  const day = coveredDay(date, cal);
  if (typeof day !== 'number') return day;
  return { ok: true, value: kindOf(day, date, cal), provisional: cal.provisionalYears.has(yearOf(date)) };
}

export function isWorkingDay(date: string, cal: WorkCalendar): CalendarResult<boolean> {
  const info = dayInfo(date, cal);
  return info.ok ? { ok: true, value: info.value.working, provisional: info.provisional } : info;
}

/** The n-th working day after `from` (n ≥ 0; n = 0 gives `from` itself). */
export function addWorkingDays(from: string, n: number, cal: WorkCalendar): CalendarResult<string> {
  if (!Number.isInteger(n) || n < 0) return failure('INVALID_COUNT', `工作日数应为非负整数：${n}`, `working-day count must be a non-negative integer: ${n}`);
  const start = coveredDay(from, cal);
  if (typeof start !== 'number') return start;
  let provisional = cal.provisionalYears.has(yearOf(from));
  let day = start;
  for (let counted = 0; counted < n; ) {
    day += 1;
    const date = civilDateOfDayNumber(day);
    if (yearOf(date) > cal.lastYear) return outside(date, cal);
    provisional ||= cal.provisionalYears.has(yearOf(date));
    if (kindOf(day, date, cal).working) counted += 1;
  }
  return { ok: true, value: civilDateOfDayNumber(day), provisional };
}

/**
 * Working days in (from, to] — the inverse of addWorkingDays: addWorkingDays(d, n) = x implies
 * workingDaysBetween(d, x) = n. Negative when `to` is before `from`.
 */
export function workingDaysBetween(from: string, to: string, cal: WorkCalendar): CalendarResult<number> {
  const a = coveredDay(from, cal);
  if (typeof a !== 'number') return a;
  const b = coveredDay(to, cal);
  if (typeof b !== 'number') return b;
  const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  let provisional = false;
  for (let day = lo; day <= hi; day += 1) {
    const date = civilDateOfDayNumber(day);
    provisional ||= cal.provisionalYears.has(yearOf(date));
    if (day > lo && kindOf(day, date, cal).working) count += 1;
  }
  return { ok: true, value: sign * count, provisional };
}

export interface WorkingDayDeadline {
  /** Shanghai date of the start instant: day 0. */
  startDate: string;
  /** The last day allowed. */
  dueDate: string;
  /** End of dueDate (next day 00:00 +08:00) as ISO UTC: done strictly before this is on time. */
  dueAt: string;
}

/** The deadline "within n working days" of an instant, counted in Asia/Shanghai days. */
export function workingDayDeadline(startAt: Instant, n: number, cal: WorkCalendar): CalendarResult<WorkingDayDeadline> {
  const ms = instantMs(startAt);
  if (ms === null) return failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(startAt)}`, `not an ISO 8601 instant with zone: ${String(startAt)}`);
  const startDate = shanghaiDateOf(ms);
  const due = addWorkingDays(startDate, n, cal);
  if (!due.ok) return due;
  const endMs = shanghaiEndOfDayMs(due.value);
  if (endMs === null) return failure('INVALID_DATE', `无效日期：${due.value}`, `invalid date: ${due.value}`);
  return { ok: true, value: { startDate, dueDate: due.value, dueAt: isoInstant(endMs) }, provisional: due.provisional };
}
