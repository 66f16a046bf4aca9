/**
 * The closing deadline (办结期限) of a case that carries none of its own: a number of working days
 * after receipt, counted on the national working-day calendar. The case workflow does not yet
 * record per-matter time limits or extensions; when it does, its deadline wins.
 */
import { workingDayDeadline, type WorkCalendar } from '../domain/calendar.ts';

/** ASSUMPTION: 5 working days, the common 一般案件 limit for 数字城管-style handling; counties tune it. */
export const DEFAULT_CLOSE_WITHIN_WORKING_DAYS = 5;

/** End of the n-th working day after the day of receipt (Asia/Shanghai), or null outside the calendar. */
export function defaultCloseDeadline(receivedAt: string, workingDays: number, calendar: WorkCalendar): string | null {
  const deadline = workingDayDeadline(receivedAt, workingDays, calendar);
  return deadline.ok ? deadline.value.dueAt : null;
}
