/**
 * Statutory clocks of the general procedure (《行政处罚法》2021), each with its legal basis and its
 * way of counting. Pure: the caller passes the instant the clock starts and the work calendar.
 *
 * How days count is itself law: 第八十五条 「本法中“二日”“三日”“五日”“七日”的规定是指工作日，不含
 * 法定节假日」 — so the 5-day hearing request and the 7-day 送达 run on working days (调休 Saturdays
 * count, holidays do not), while the 90-day decision limit and the 15-day payment run on calendar
 * days, the first day not counted; a calendar-day period whose last day is a statutory rest day
 * ends on the next working day (《民法典》第二百零三条). A county may set other figures where its
 * rules do (e.g. a shorter decision limit), each with its basis.
 */
import { addWorkingDays, isWorkingDay, workingDaysBetween, type CalendarResult, type WorkCalendar } from './calendar.ts';
import { civilDateOfDayNumber, civilDayNumber, isoInstant, shanghaiDateOf, shanghaiEndOfDayMs } from './civil-date.ts';
import { failure } from './domain-result.ts';

export const PROCEDURE_CLOCKS = ['decision', 'hearingRequest', 'service', 'payment'] as const;
export type ProcedureClock = (typeof PROCEDURE_CLOCKS)[number];

export interface ClockRule {
  amount: number;
  unit: 'workingDays' | 'calendarDays';
  basis: string;
}

export const STATUTORY_CLOCKS: Readonly<Record<ProcedureClock, ClockRule>> = {
  decision: { amount: 90, unit: 'calendarDays', basis: '《行政处罚法》第六十条：自立案之日起九十日内作出行政处罚决定' },
  hearingRequest: { amount: 5, unit: 'workingDays', basis: '《行政处罚法》第六十四条第一项、第八十五条：告知后五日（工作日）内提出听证' },
  service: { amount: 7, unit: 'workingDays', basis: '《行政处罚法》第六十一条、第八十五条：当事人不在场的，七日（工作日）内送达' },
  payment: { amount: 15, unit: 'calendarDays', basis: '《行政处罚法》第六十七条：自收到决定书之日起十五日内缴纳罚款' },
};

/** How long an approved extension of the decision limit adds, unless the county says otherwise (an assumption: art. 60 leaves it to other law). */
export const DEFAULT_DECISION_EXTENSION_DAYS = 30;

export interface ClockDeadline {
  startDate: string;
  dueDate: string;
  /** End of dueDate in Asia/Shanghai, ISO UTC: done strictly before this is on time. */
  dueAt: string;
}

/** The deadline of a clock started at `startMs`, per its rule, on the work calendar. */
export function clockDeadline(startMs: number, rule: Pick<ClockRule, 'amount' | 'unit'>, cal: WorkCalendar): CalendarResult<ClockDeadline> {
  const startDate = shanghaiDateOf(startMs);
  let due: CalendarResult<string>;
  if (rule.unit === 'workingDays') due = addWorkingDays(startDate, rule.amount, cal);
  else due = calendarDaysThenWorkingDay(startDate, rule.amount, cal);
  if (!due.ok) return due;
  const endMs = shanghaiEndOfDayMs(due.value);
  if (endMs === null) return failure('INVALID_DATE', `无效日期：${due.value}`, `invalid date: ${due.value}`);
  return { ok: true, value: { startDate, dueDate: due.value, dueAt: isoInstant(endMs) }, provisional: due.provisional };
}

/** n calendar days after `from` (from not counted); a last day that is a rest day moves to the next working day. */
function calendarDaysThenWorkingDay(from: string, n: number, cal: WorkCalendar): CalendarResult<string> {
  const start = civilDayNumber(from);
  if (start === null) return failure('INVALID_DATE', `日期格式应为 YYYY-MM-DD：${from}`, `not a calendar date: ${from}`);
  let day = start + n;
  let provisional = false;
  for (let guard = 0; guard < 30; guard++) {
    const date = civilDateOfDayNumber(day);
    const working = isWorkingDay(date, cal);
    if (!working.ok) return working;
    provisional ||= working.provisional;
    if (working.value) return { ok: true, value: date, provisional };
    day++;
  }
  return failure('OUTSIDE_CALENDAR', `${from} 之后 ${n} 日内找不到工作日`, `no working day found after ${n} days from ${from}`);
}

export type ClockState = 'running' | 'near' | 'overdue' | 'met' | 'late';

/** Where a clock stands at `nowMs`: near = `nearDays` working days or fewer left before the due date. */
export function clockState(deadline: ClockDeadline, doneMs: number | null, nowMs: number, nearDays: number, cal: WorkCalendar): ClockState {
  const dueMs = Date.parse(deadline.dueAt);
  if (doneMs !== null && doneMs <= nowMs) return doneMs < dueMs ? 'met' : 'late';
  if (nowMs >= dueMs) return 'overdue';
  const left = workingDaysBetween(shanghaiDateOf(nowMs), deadline.dueDate, cal);
  return left.ok && left.value <= nearDays ? 'near' : 'running';
}
