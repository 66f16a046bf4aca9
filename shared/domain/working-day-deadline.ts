/**
 * "Within n working days of receipt": the progress of one such deadline at an instant. Shared by
 * 乡呼县应 collaboration requests and 确权 jurisdiction disputes, which differ only in their names.
 */
import { workingDayDeadline, workingDaysBetween, type CalendarErrorCode, type WorkCalendar } from './calendar.ts';
import { instantMs, isoInstant, shanghaiDateOf, type Instant } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';

export type DeadlineState = 'open' | 'done' | 'overdue';

export interface DeadlineProgress {
  ok: true;
  state: DeadlineState;
  dueDate: string;
  /** End of dueDate in Asia/Shanghai, ISO UTC: done before this is on time. */
  dueAt: string;
  /** A provisional calendar year was used (see data/calendar/README.md). */
  provisional: boolean;
  /** done: whether it came at or after dueAt. */
  late?: boolean;
  /** open: working days after today up to the due date; 0 = due today. */
  workingDaysLeft?: number;
}

export type DeadlineError = DomainFailure<CalendarErrorCode | 'DONE_BEFORE_START' | 'NOW_BEFORE_START'>;

/** `doneAt` after `now` has not happened yet as of `now`, so replaying a history at any instant is truthful. */
export function deadlineProgress(startAt: Instant, workingDays: number, doneAt: Instant | null | undefined, now: Instant, cal: WorkCalendar): DeadlineProgress | DeadlineError {
  const bad = (x: Instant) => failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(x)}`, `not an ISO 8601 instant with zone: ${String(x)}`);
  const startMs = instantMs(startAt);
  if (startMs === null) return bad(startAt);
  const nowMs = instantMs(now);
  if (nowMs === null) return bad(now);
  if (nowMs < startMs) return failure('NOW_BEFORE_START', '查询时间早于收件时间', `now ${isoInstant(nowMs)} is before the start ${isoInstant(startMs)}`);
  const deadline = workingDayDeadline(startMs, workingDays, cal);
  if (!deadline.ok) return deadline;
  const { dueDate, dueAt } = deadline.value;
  const dueMs = Date.parse(dueAt);
  const base = { ok: true as const, dueDate, dueAt, provisional: deadline.provisional };
  if (doneAt !== null && doneAt !== undefined) {
    const doneMs = instantMs(doneAt);
    if (doneMs === null) return bad(doneAt);
    if (doneMs < startMs) return failure('DONE_BEFORE_START', '办结时间早于收件时间', `done at ${isoInstant(doneMs)}, before the start ${isoInstant(startMs)}`);
    if (doneMs <= nowMs) return { ...base, state: 'done', late: doneMs >= dueMs };
  }
  if (nowMs >= dueMs) return { ...base, state: 'overdue' };
  const left = workingDaysBetween(shanghaiDateOf(nowMs), dueDate, cal);
  if (!left.ok) return left;
  return { ...base, state: 'open', workingDaysLeft: Math.max(0, left.value) };
}
