/**
 * The zod schema of data/calendar/*.json and its conversion to a WorkCalendar. The data comes from
 * outside the code (hand-typed from State Council notices), so it is checked for the mistakes a
 * typist makes: impossible dates, overlapping breaks, a make-up day on a weekday, a gap in years.
 */
import { z } from 'zod';
import { civilDateOfDayNumber, civilDayNumber, civilWeekday, isCivilDate } from './civil-date.ts';
import { bilingual } from './domain-result.ts';
import type { WorkCalendar } from './calendar.ts';

const civilDate = z.string().refine(isCivilDate, { message: 'expected a real calendar date YYYY-MM-DD' });

const holidaySchema = z.strictObject({
  name: z.string().min(1),
  nameEn: z.string().min(1),
  from: civilDate,
  to: civilDate,
});

const makeUpSchema = z.strictObject({ date: civilDate, for: z.string().min(1) });

const yearSchema = z.strictObject({
  year: z.int().min(2000).max(2100),
  provisional: z.boolean(),
  source: z.strictObject({ title: z.string().min(1), docNo: z.string().min(1).optional(), published: civilDate.optional() }),
  /** How a provisional year was derived. */
  basis: z.string().min(1).optional(),
  holidays: z.array(holidaySchema).min(1),
  makeUpWorkdays: z.array(makeUpSchema),
});

export const calendarFileSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    region: z.literal('CN'),
    timeZone: z.literal('Asia/Shanghai'),
    description: z.string(),
    years: z.array(yearSchema).min(1),
  })
  .superRefine((file, ctx) => {
    const years = file.years.map((y) => y.year);
    const first = Math.min(...years);
    const last = Math.max(...years);
    if (new Set(years).size !== years.length || last - first + 1 !== years.length) {
      ctx.addIssue({ code: 'custom', path: ['years'], message: `years must be unique and consecutive, got ${years.join(', ')}` });
    }
    const inRange = (date: string) => {
      const y = Number(date.slice(0, 4));
      return y >= first && y <= last;
    };
    const holidayOwner = new Map<string, string>();
    file.years.forEach((year, yi) => {
      if (year.provisional && !year.basis) ctx.addIssue({ code: 'custom', path: ['years', yi, 'basis'], message: 'a provisional year must state its basis' });
      year.holidays.forEach((h, hi) => {
        const path = ['years', yi, 'holidays', hi];
        const from = civilDayNumber(h.from);
        const to = civilDayNumber(h.to);
        if (from === null || to === null) return; // already reported by the field schema
        if (from > to) return ctx.addIssue({ code: 'custom', path, message: `${h.name}: from ${h.from} is after to ${h.to}` });
        if (!inRange(h.from) || !inRange(h.to)) ctx.addIssue({ code: 'custom', path, message: `${h.name}: ${h.from}–${h.to} lies outside the covered years ${first}–${last}` });
        for (let d = from; d <= to; d += 1) {
          const date = civilDateOfDayNumber(d);
          const other = holidayOwner.get(date);
          if (other !== undefined) ctx.addIssue({ code: 'custom', path, message: `${h.name}: ${date} is already a day of ${other}` });
          holidayOwner.set(date, h.name);
        }
      });
    });
    const makeUps = new Set<string>();
    file.years.forEach((year, yi) => {
      year.makeUpWorkdays.forEach((m, mi) => {
        const path = ['years', yi, 'makeUpWorkdays', mi];
        const day = civilDayNumber(m.date);
        if (day === null) return;
        const weekday = civilWeekday(day);
        if (weekday !== 0 && weekday !== 6) ctx.addIssue({ code: 'custom', path, message: `make-up working day ${m.date} is not a Saturday or Sunday` });
        if (!inRange(m.date)) ctx.addIssue({ code: 'custom', path, message: `make-up working day ${m.date} lies outside the covered years ${first}–${last}` });
        if (holidayOwner.has(m.date)) ctx.addIssue({ code: 'custom', path, message: `${m.date} is both a holiday and a make-up working day` });
        if (makeUps.has(m.date)) ctx.addIssue({ code: 'custom', path, message: `make-up working day ${m.date} is listed twice` });
        makeUps.add(m.date);
      });
    });
  });

export type CalendarFile = z.infer<typeof calendarFileSchema>;

export interface CalendarIssue {
  path: string;
  message: string;
}

export type ParseCalendarResult =
  | { ok: true; calendar: WorkCalendar }
  | { ok: false; code: 'INVALID_CALENDAR'; message: string; issues: CalendarIssue[] };

export function parseWorkCalendar(raw: unknown): ParseCalendarResult {
  const parsed = calendarFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
    const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    return { ok: false, code: 'INVALID_CALENDAR', message: bilingual(`工作日历数据有误：${list}`, `invalid working-day calendar: ${list}`), issues };
  }
  return { ok: true, calendar: toWorkCalendar(parsed.data) };
}

function toWorkCalendar(file: CalendarFile): WorkCalendar {
  const holidays = new Map<string, string>();
  const makeUpWorkdays = new Map<string, string>();
  for (const year of file.years) {
    for (const h of year.holidays) {
      const from = civilDayNumber(h.from) ?? 0;
      const to = civilDayNumber(h.to) ?? -1;
      for (let d = from; d <= to; d += 1) holidays.set(civilDateOfDayNumber(d), h.name);
    }
    for (const m of year.makeUpWorkdays) makeUpWorkdays.set(m.date, m.for);
  }
  const years = file.years.map((y) => y.year);
  return {
    firstYear: Math.min(...years),
    lastYear: Math.max(...years),
    provisionalYears: new Set(file.years.filter((y) => y.provisional).map((y) => y.year)),
    holidays,
    makeUpWorkdays,
  };
}
