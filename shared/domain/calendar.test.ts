import { describe, expect, it } from 'vitest';
import raw from '../../data/calendar/cn-2025-2027.json' with { type: 'json' };
import { addWorkingDays, dayInfo, isWorkingDay, workingDayDeadline, workingDaysBetween, type CalendarResult } from './calendar.ts';
import { CN_WORK_CALENDAR as cal } from './calendar-cn.ts';
import { parseWorkCalendar } from './calendar-schema.ts';

function value<T>(r: CalendarResult<T>): T {
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
const add = (from: string, n: number) => value(addWorkingDays(from, n, cal));
const working = (date: string) => value(isWorkingDay(date, cal));
const clone = (): typeof raw => JSON.parse(JSON.stringify(raw)) as typeof raw;

describe('the bundled calendar data', () => {
  it('covers 2025–2027 with 2027 marked provisional', () => {
    expect([cal.firstYear, cal.lastYear]).toEqual([2025, 2027]);
    expect([...cal.provisionalYears]).toEqual([2027]);
  });

  it('has 248 working days in 2025 and in 2026, as counted by hand from the notices', () => {
    // 2025: 365 − 104 weekend days − 18 weekday holidays + 5 make-up days.
    expect(value(workingDaysBetween('2025-01-01', '2025-12-31', cal))).toBe(248); // 1 Jan is a holiday, so (1 Jan, 31 Dec] is the whole year
    // 2026: 365 − 104 − 19 + 6.
    expect(value(workingDaysBetween('2025-12-31', '2026-12-31', cal))).toBe(248);
  });

  it('knows the 2025 Spring Festival break and its two make-up days', () => {
    expect(working('2025-01-26')).toBe(true); // Sunday, 上班
    expect(working('2025-01-27')).toBe(true);
    for (const d of ['2025-01-28', '2025-01-31', '2025-02-03', '2025-02-04']) expect(working(d)).toBe(false);
    expect(working('2025-02-05')).toBe(true);
    expect(working('2025-02-08')).toBe(true); // Saturday, 上班
    expect(working('2025-02-09')).toBe(false); // ordinary Sunday
    expect(value(dayInfo('2025-02-08', cal))).toEqual({ date: '2025-02-08', kind: 'makeUpWorkday', working: true, festival: '春节' });
    expect(value(dayInfo('2025-01-29', cal))).toEqual({ date: '2025-01-29', kind: 'holiday', working: false, festival: '春节' });
  });

  it('knows ordinary weekdays and weekends', () => {
    expect(value(dayInfo('2025-03-08', cal)).kind).toBe('weekend');
    expect(value(dayInfo('2025-03-10', cal)).kind).toBe('workday');
  });

  it('knows the 2026 notice', () => {
    expect(working('2026-01-04')).toBe(true); // Sunday after 元旦
    expect(working('2026-01-02')).toBe(false);
    expect(working('2026-02-14')).toBe(true);
    expect(working('2026-02-23')).toBe(false); // Monday, last day of the 9-day break
    expect(working('2026-02-28')).toBe(true);
    expect(working('2026-05-09')).toBe(true);
    expect(working('2026-09-25')).toBe(false); // 中秋, Friday
    expect(working('2026-09-20')).toBe(true);
    expect(working('2026-10-10')).toBe(true);
    expect(working('2026-10-08')).toBe(true);
  });
});

describe('addWorkingDays (day 1 is the first working day after `from`)', () => {
  it('skips National Day 2025 and lands on the make-up Saturday', () => {
    // 10/1–10/8 off; 10/9 Thu = 1, 10/10 Fri = 2, 10/11 Sat (上班) = 3.
    expect(add('2025-09-30', 3)).toBe('2025-10-11');
    expect(add('2025-09-30', 1)).toBe('2025-10-09');
    expect(add('2025-09-27', 1)).toBe('2025-09-28'); // Saturday → the make-up Sunday
  });

  it('skips the Spring Festival break and counts its make-up days', () => {
    expect(add('2025-01-24', 1)).toBe('2025-01-26'); // Friday → make-up Sunday
    expect(add('2025-01-27', 1)).toBe('2025-02-05');
    expect(add('2025-02-05', 3)).toBe('2025-02-08'); // Thu, Fri, make-up Saturday
    expect(add('2026-02-13', 1)).toBe('2026-02-14');
    expect(add('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('skips ordinary weekends', () => {
    expect(add('2025-03-07', 1)).toBe('2025-03-10'); // Fri → Mon
    expect(add('2025-03-08', 1)).toBe('2025-03-10'); // filed on a Saturday
    expect(add('2025-03-06', 3)).toBe('2025-03-11');
  });

  it('does not count `from` itself; n = 0 returns it', () => {
    expect(add('2025-03-10', 0)).toBe('2025-03-10');
    expect(add('2025-03-08', 0)).toBe('2025-03-08');
  });

  it('crosses into the next year and flags provisional data', () => {
    expect(add('2025-12-31', 1)).toBe('2026-01-04'); // 1/1–1/3 off, Sunday 1/4 上班
    const r = addWorkingDays('2026-12-31', 1, cal);
    expect(r).toEqual({ ok: true, value: '2027-01-04', provisional: true });
    expect(addWorkingDays('2026-09-30', 3, cal)).toMatchObject({ ok: true, provisional: false });
  });

  it('refuses dates outside the covered years instead of guessing', () => {
    const before = addWorkingDays('2024-12-31', 1, cal);
    expect(before).toMatchObject({ ok: false, code: 'OUTSIDE_CALENDAR' });
    expect(before.ok ? '' : before.message).toContain('2025–2027');
    expect(addWorkingDays('2027-12-30', 1, cal)).toMatchObject({ ok: true, value: '2027-12-31' });
    expect(addWorkingDays('2027-12-30', 2, cal)).toMatchObject({ ok: false, code: 'OUTSIDE_CALENDAR' });
    expect(isWorkingDay('2028-01-03', cal)).toMatchObject({ ok: false, code: 'OUTSIDE_CALENDAR' });
  });

  it('refuses impossible dates and counts', () => {
    expect(addWorkingDays('2025-02-29', 1, cal)).toMatchObject({ ok: false, code: 'INVALID_DATE' });
    expect(addWorkingDays('2025/03/01', 1, cal)).toMatchObject({ ok: false, code: 'INVALID_DATE' });
    expect(addWorkingDays('2025-03-03', -1, cal)).toMatchObject({ ok: false, code: 'INVALID_COUNT' });
    expect(addWorkingDays('2025-03-03', 1.5, cal)).toMatchObject({ ok: false, code: 'INVALID_COUNT' });
  });
});

describe('workingDaysBetween', () => {
  it('is the inverse of addWorkingDays for every start day of 2025–2026', () => {
    for (let t = Date.UTC(2025, 0, 1); t <= Date.UTC(2026, 11, 31); t += 86_400_000) {
      const from = new Date(t).toISOString().slice(0, 10);
      for (const n of [0, 1, 3, 10]) {
        const to = add(from, n);
        expect(value(workingDaysBetween(from, to, cal))).toBe(n);
      }
    }
  });

  it('is negative backwards and zero for the same day', () => {
    expect(value(workingDaysBetween('2025-10-11', '2025-09-30', cal))).toBe(-3);
    expect(value(workingDaysBetween('2025-10-03', '2025-10-03', cal))).toBe(0);
    expect(value(workingDaysBetween('2025-10-01', '2025-10-08', cal))).toBe(0);
  });

  it('refuses an uncovered end', () => {
    expect(workingDaysBetween('2027-12-01', '2028-01-05', cal)).toMatchObject({ ok: false, code: 'OUTSIDE_CALENDAR' });
  });
});

describe('workingDayDeadline', () => {
  it('counts from the Asia/Shanghai day of the instant and ends at the next midnight', () => {
    expect(value(workingDayDeadline('2025-09-30T10:00:00+08:00', 3, cal))).toEqual({
      startDate: '2025-09-30',
      dueDate: '2025-10-11',
      dueAt: '2025-10-11T16:00:00.000Z',
    });
    // 2025-09-29 17:00 UTC is already 30 September in Shanghai.
    expect(value(workingDayDeadline(Date.parse('2025-09-29T17:00:00Z'), 3, cal)).startDate).toBe('2025-09-30');
  });

  it('refuses an instant without a zone or an impossible one', () => {
    expect(workingDayDeadline('2025-09-30T10:00:00', 3, cal)).toMatchObject({ ok: false, code: 'INVALID_TIME' });
    expect(workingDayDeadline('2025-02-30T10:00:00Z', 3, cal)).toMatchObject({ ok: false, code: 'INVALID_TIME' });
    expect(workingDayDeadline(Number.NaN, 3, cal)).toMatchObject({ ok: false, code: 'INVALID_TIME' });
  });
});

describe('parseWorkCalendar', () => {
  const problems = (file: unknown) => {
    const r = parseWorkCalendar(file);
    if (r.ok) throw new Error('expected the calendar to be refused');
    expect(r.code).toBe('INVALID_CALENDAR');
    return r;
  };

  it('accepts the bundled file', () => {
    expect(parseWorkCalendar(raw).ok).toBe(true);
  });

  it('refuses a make-up working day on a weekday', () => {
    const f = clone();
    f.years[0]!.makeUpWorkdays[0]!.date = '2025-01-27';
    const r = problems(f);
    expect(r.issues).toContainEqual({ path: 'years.0.makeUpWorkdays.0', message: 'make-up working day 2025-01-27 is not a Saturday or Sunday' });
    expect(r.message).toContain('years.0.makeUpWorkdays.0');
  });

  it('refuses overlapping breaks and a day that is both off and worked', () => {
    const f = clone();
    f.years[0]!.holidays[1]!.to = '2025-02-08';
    const r = problems(f);
    expect(r.issues.map((i) => i.message)).toContain('2025-02-08 is both a holiday and a make-up working day');
    const g = clone();
    g.years[0]!.holidays[0]!.to = '2025-01-29';
    g.years[0]!.holidays[0]!.from = '2025-01-28';
    expect(problems(g).issues.map((i) => i.message)).toContain('春节: 2025-01-28 is already a day of 元旦');
  });

  it('refuses impossible dates, reversed ranges and dates outside the covered years', () => {
    const f = clone();
    f.years[1]!.holidays[0]!.from = '2026-02-30';
    expect(problems(f).issues).toContainEqual({ path: 'years.1.holidays.0.from', message: 'expected a real calendar date YYYY-MM-DD' });
    const g = clone();
    g.years[0]!.holidays[2]!.from = '2025-04-07';
    expect(problems(g).issues.map((i) => i.message)).toContain('清明节: from 2025-04-07 is after to 2025-04-06');
    const h = clone();
    h.years[0]!.holidays[0]!.from = '2024-12-31';
    expect(problems(h).issues.map((i) => i.message)).toContain('元旦: 2024-12-31–2025-01-01 lies outside the covered years 2025–2027');
  });

  it('refuses a gap in the years and a provisional year without its basis', () => {
    const f = clone();
    f.years.splice(1, 1);
    expect(problems(f).issues).toContainEqual({ path: 'years', message: 'years must be unique and consecutive, got 2025, 2027' });
    const g = clone();
    delete (g.years[2] as { basis?: string }).basis;
    expect(problems(g).issues).toContainEqual({ path: 'years.2.basis', message: 'a provisional year must state its basis' });
  });

  it('refuses unknown fields and a wrong shape', () => {
    expect(problems({ ...clone(), extra: 1 }).issues[0]?.path).toBe('(root)');
    expect(problems(null).issues.length).toBeGreaterThan(0);
  });
});
