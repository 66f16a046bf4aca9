import { describe, expect, it } from 'vitest';
import { CN_WORK_CALENDAR as cal } from './calendar-cn.ts';
import { answerCollaboration, collaborationStatus, type CollaborationRequest } from './collaboration.ts';

const request = (receivedAt: string, over: Partial<CollaborationRequest> = {}): CollaborationRequest => ({
  id: 'xz-1',
  caseId: 'case-1',
  kind: 'finding',
  fromUnitId: 'team-371521100000',
  toUnitId: 'dept-zrzy-371521000000',
  receivedAt,
  answeredAt: null,
  ...over,
});

describe('collaborationStatus (乡呼县应, 3 working days)', () => {
  const beforeNationalDay = request('2025-09-30T15:00:00+08:00');

  it('is requested until the end of the third working day, counting the make-up Saturday', () => {
    expect(collaborationStatus(beforeNationalDay, '2025-10-09T09:00:00+08:00', cal)).toEqual({
      ok: true,
      state: 'requested',
      dueDate: '2025-10-11',
      dueAt: '2025-10-11T16:00:00.000Z',
      provisional: false,
      workingDaysLeft: 2,
    });
    expect(collaborationStatus(beforeNationalDay, '2025-10-05T09:00:00+08:00', cal)).toMatchObject({ state: 'requested', workingDaysLeft: 3 });
    expect(collaborationStatus(beforeNationalDay, '2025-10-11T23:59:59+08:00', cal)).toMatchObject({ state: 'requested', workingDaysLeft: 0 });
  });

  it('is overdue from the next midnight in Shanghai', () => {
    expect(collaborationStatus(beforeNationalDay, '2025-10-12T00:00:00+08:00', cal)).toMatchObject({ state: 'overdue', dueDate: '2025-10-11' });
  });

  it('is answered, late or on time; an answer after `now` has not happened yet', () => {
    expect(collaborationStatus({ ...beforeNationalDay, answeredAt: '2025-10-11T17:00:00+08:00' }, '2025-10-20T09:00:00+08:00', cal)).toMatchObject({ state: 'answered', late: false });
    const lateAnswer = { ...beforeNationalDay, answeredAt: '2025-10-12T08:00:00+08:00' };
    expect(collaborationStatus(lateAnswer, '2025-10-13T09:00:00+08:00', cal)).toMatchObject({ state: 'answered', late: true });
    expect(collaborationStatus(lateAnswer, '2025-10-12T07:00:00+08:00', cal)).toMatchObject({ state: 'overdue' });
  });

  it('counts over the 2026 Spring Festival and its make-up Saturday', () => {
    // Fri 2/13 received; Sat 2/14 上班 = 1; 2/15–2/23 off; 2/24 = 2; 2/25 = 3.
    expect(collaborationStatus(request('2026-02-13T16:00:00+08:00'), '2026-02-14T09:00:00+08:00', cal)).toMatchObject({ state: 'requested', dueDate: '2026-02-25', workingDaysLeft: 2 });
  });

  it('counts a request received on a weekend from the next working day', () => {
    expect(collaborationStatus(request('2025-03-08T10:00:00+08:00'), '2025-03-08T10:00:00+08:00', cal)).toMatchObject({ dueDate: '2025-03-12' });
    expect(collaborationStatus(request('2025-03-08T10:00:00+08:00', { workingDays: 5 }), '2025-03-08T10:00:00+08:00', cal)).toMatchObject({ dueDate: '2025-03-14' });
  });

  it('flags provisional data and refuses uncovered dates', () => {
    // Thu 2027-02-04; estimated break 2/5–2/12; Sat 2/13 上班 = 1; Mon 2/15 = 2; Tue 2/16 = 3.
    expect(collaborationStatus(request('2027-02-04T10:00:00+08:00'), '2027-02-04T11:00:00+08:00', cal)).toMatchObject({ state: 'requested', provisional: true, dueDate: '2027-02-16' });
    expect(collaborationStatus(request('2027-12-30T10:00:00+08:00'), '2027-12-30T11:00:00+08:00', cal)).toMatchObject({ ok: false, code: 'OUTSIDE_CALENDAR' });
  });

  it('refuses bad times', () => {
    expect(collaborationStatus(beforeNationalDay, '2025-09-30T14:00:00+08:00', cal)).toMatchObject({ ok: false, code: 'NOW_BEFORE_START' });
    expect(collaborationStatus(request('30 Sept'), '2025-10-01T00:00:00+08:00', cal)).toMatchObject({ ok: false, code: 'INVALID_TIME' });
    expect(collaborationStatus({ ...beforeNationalDay, answeredAt: '2025-09-29T10:00:00+08:00' }, '2025-10-01T00:00:00+08:00', cal)).toMatchObject({ ok: false, code: 'DONE_BEFORE_START' });
  });
});

describe('answerCollaboration', () => {
  const r = request('2025-09-30T15:00:00+08:00');
  it('records the answer once, in UTC', () => {
    const answered = answerCollaboration(r, '2025-10-09T10:00:00+08:00');
    expect(answered).toMatchObject({ ok: true, request: { answeredAt: '2025-10-09T02:00:00.000Z' } });
    if (!answered.ok) return;
    expect(answerCollaboration(answered.request, '2025-10-10T10:00:00+08:00')).toMatchObject({ ok: false, code: 'ALREADY_ANSWERED' });
  });

  it('refuses an answer before receipt or at no valid time', () => {
    expect(answerCollaboration(r, '2025-09-30T14:59:00+08:00')).toMatchObject({ ok: false, code: 'DONE_BEFORE_START' });
    expect(answerCollaboration(r, 'later')).toMatchObject({ ok: false, code: 'INVALID_TIME' });
  });
});
