import { describe, expect, it } from 'vitest';
import { CN_WORK_CALENDAR as cal } from './calendar-cn.ts';
import { checkHearingRequest, checkSimpleProcedure, decisionDeadline, procedureSeparation } from './procedure.ts';
import { clockDeadline, clockState, STATUTORY_CLOCKS } from './procedure-clocks.ts';

const ms = (s: string) => Date.parse(s);
const due = (start: string, clock: keyof typeof STATUTORY_CLOCKS) => {
  const d = clockDeadline(ms(start), STATUTORY_CLOCKS[clock], cal);
  if (!d.ok) throw new Error(d.message);
  return d.value.dueDate;
};

describe('办审定: three different people, the conflict named', () => {
  const duties = { handlerIds: ['officer-a', 'officer-b'], reviewerIds: ['reviewer'] };
  it('refuses a handler reviewing, a handler deciding and the reviewer deciding', () => {
    expect(procedureSeparation(duties, 'officer-a', 'review')).toMatchObject({ code: 'SEPARATION_OF_DUTIES', conflict: 'HANDLER_REVIEWS' });
    expect(procedureSeparation(duties, 'officer-b', 'decide')).toMatchObject({ code: 'SEPARATION_OF_DUTIES', conflict: 'HANDLER_DECIDES' });
    expect(procedureSeparation(duties, 'reviewer', 'decide')).toMatchObject({ code: 'SEPARATION_OF_DUTIES', conflict: 'REVIEWER_DECIDES' });
  });
  it('lets a third person review and a fourth decide', () => {
    expect(procedureSeparation(duties, 'reviewer', 'review')).toBeNull();
    expect(procedureSeparation(duties, 'leader', 'decide')).toBeNull();
  });
});

describe('简易程序 limits (art. 51)', () => {
  it('allows a warning, ≤ 200 元 for a citizen and ≤ 3 000 元 for an organisation', () => {
    expect(checkSimpleProcedure('individual', { kind: 'warning' }).ok).toBe(true);
    expect(checkSimpleProcedure('individual', { kind: 'fine', amountYuan: 200 }).ok).toBe(true);
    expect(checkSimpleProcedure('organisation', { kind: 'fine', amountYuan: 3000 }).ok).toBe(true);
  });
  it('refuses 201 元 for a citizen and 3 001 元 for an organisation, and a non-positive fine', () => {
    expect(checkSimpleProcedure('individual', { kind: 'fine', amountYuan: 201 })).toMatchObject({ ok: false, code: 'SIMPLE_PROCEDURE_LIMIT' });
    expect(checkSimpleProcedure('organisation', { kind: 'fine', amountYuan: 3001 })).toMatchObject({ ok: false, code: 'SIMPLE_PROCEDURE_LIMIT' });
    expect(checkSimpleProcedure('individual', { kind: 'fine', amountYuan: 0 })).toMatchObject({ ok: false, code: 'INVALID_PENALTY' });
  });
});

describe('statutory clocks on the working-day calendar (art. 85) and in calendar days', () => {
  it('hearing request: 5 working days, over the National Day holiday and its 调休 Saturday (2025-10-11)', () => {
    // Notice Tue 30 Sep → 9, 10, 11 (Sat, a working day), 13, 14 Oct.
    expect(due('2025-09-30T10:00:00+08:00', 'hearingRequest')).toBe('2025-10-14');
    // Spring Festival 2026: Sat 14 Feb is worked, 15–23 Feb are off.
    expect(due('2026-02-10T10:00:00+08:00', 'hearingRequest')).toBe('2026-02-24');
  });
  it('送达: 7 working days, counting the 调休 Sunday 2025-09-28', () => {
    expect(due('2025-09-26T10:00:00+08:00', 'service')).toBe('2025-10-13');
  });
  it('decision: 90 calendar days; a last day in the holiday moves to the next working day', () => {
    // 3 Jul + 90 days = 1 Oct (National Day) → 9 Oct.
    expect(due('2025-07-03T10:00:00+08:00', 'decision')).toBe('2025-10-09');
    expect(due('2025-03-03T10:00:00+08:00', 'decision')).toBe('2025-06-03'); // 1 Jun is a Sunday, 2 Jun the 端午 holiday
  });
  it('payment: 15 calendar days from service (art. 67)', () => {
    expect(due('2025-09-20T10:00:00+08:00', 'payment')).toBe('2025-10-09');
    expect(due('2025-11-03T10:00:00+08:00', 'payment')).toBe('2025-11-18');
  });
  it('is running, near, overdue, met or late', () => {
    const d = clockDeadline(ms('2025-09-30T10:00:00+08:00'), STATUTORY_CLOCKS.hearingRequest, cal);
    if (!d.ok) throw new Error(d.message);
    expect(clockState(d.value, null, ms('2025-10-09T09:00:00+08:00'), 1, cal)).toBe('running');
    expect(clockState(d.value, null, ms('2025-10-13T09:00:00+08:00'), 1, cal)).toBe('near');
    expect(clockState(d.value, null, ms('2025-10-15T00:00:00+08:00'), 1, cal)).toBe('overdue');
    expect(clockState(d.value, ms('2025-10-14T23:00:00+08:00'), ms('2025-10-20T09:00:00+08:00'), 1, cal)).toBe('met');
    expect(clockState(d.value, ms('2025-10-15T08:00:00+08:00'), ms('2025-10-20T09:00:00+08:00'), 1, cal)).toBe('late');
  });
});

describe('hearing request and extension', () => {
  it('accepts a hearing request on the last working day and refuses it the next day', () => {
    expect(checkHearingRequest('2025-09-30T10:00:00+08:00', '2025-10-14T17:00:00+08:00', cal)).toMatchObject({ ok: true });
    expect(checkHearingRequest('2025-09-30T10:00:00+08:00', '2025-10-15T09:00:00+08:00', cal)).toMatchObject({ ok: false, code: 'HEARING_REQUEST_LATE' });
  });
  it('extends the 90-day limit with an approved reason, by someone who did not handle the case', () => {
    const duties = { handlerIds: ['officer-a'], reviewerIds: [] };
    const plain = decisionDeadline('2025-03-03T10:00:00+08:00', [], duties, cal);
    expect(plain).toMatchObject({ ok: true, deadline: { dueDate: '2025-06-03' } });
    const extended = decisionDeadline('2025-03-03T10:00:00+08:00', [{ approvedBy: 'leader', reason: '案情复杂，需技术鉴定', days: 30 }], duties, cal);
    expect(extended).toMatchObject({ ok: true, deadline: { dueDate: '2025-07-01' } });
    expect(decisionDeadline('2025-03-03T10:00:00+08:00', [{ approvedBy: 'leader', reason: ' ', days: 30 }], duties, cal)).toMatchObject({ ok: false, code: 'EXTENSION_REASON_REQUIRED' });
    expect(decisionDeadline('2025-03-03T10:00:00+08:00', [{ approvedBy: 'officer-a', reason: '复杂', days: 30 }], duties, cal)).toMatchObject({ ok: false, conflict: 'HANDLER_DECIDES' });
  });
});
