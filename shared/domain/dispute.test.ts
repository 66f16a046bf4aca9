import { describe, expect, it } from 'vitest';
import { CN_WORK_CALENDAR as cal } from './calendar-cn.ts';
import { decideDispute, disputeStatus, raiseDispute, type JurisdictionDispute, type RaiseDisputeInput } from './dispute.ts';

const CENTER = 'coord-330822000000';
const input: RaiseDisputeInput = {
  id: 'qq-1',
  caseId: 'case-9',
  raisedBy: { actorId: 'leader-1', unitId: 'team-330822101000', kind: 'team' },
  routedUnitId: 'team-330822101000',
  proposedUnitId: 'team-330822102000',
  claim: '事发地位于球川镇辖区',
  coordinatorUnitId: CENTER,
};
const decider = { responsibleUnitId: 'team-330822102000', deciderId: 'coord-1', deciderUnitId: CENTER, reason: '经核实位于球川镇' };

function raised(over: Partial<RaiseDisputeInput> = {}, at = '2025-09-30T10:00:00+08:00'): JurisdictionDispute {
  const r = raiseDispute({ ...input, ...over }, at);
  if (!r.ok) throw new Error(r.message);
  return r.dispute;
}

describe('raiseDispute', () => {
  it('opens a pending dispute with the default period', () => {
    expect(raised()).toMatchObject({ raisedAt: '2025-09-30T02:00:00.000Z', decisionWorkingDays: 3, decision: null });
  });

  it('requires a claim and a sensible period', () => {
    expect(raiseDispute({ ...input, claim: '  ' }, '2025-09-30T10:00:00+08:00')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(raiseDispute({ ...input, decisionWorkingDays: 0 }, '2025-09-30T10:00:00+08:00')).toMatchObject({ ok: false, code: 'INVALID_COUNT' });
    expect(raiseDispute(input, 'today')).toMatchObject({ ok: false, code: 'INVALID_TIME' });
  });
});

describe('decideDispute', () => {
  it('records the responsible unit', () => {
    const r = decideDispute(raised(), decider, '2025-10-09T10:00:00+08:00');
    expect(r).toMatchObject({ ok: true, dispute: { decision: { responsibleUnitId: 'team-330822102000', decidedAt: '2025-10-09T02:00:00.000Z', deciderId: 'coord-1' } } });
  });

  it('may confirm the unit first routed', () => {
    expect(decideDispute(raised(), { ...decider, responsibleUnitId: input.routedUnitId }, '2025-10-09T10:00:00+08:00')).toMatchObject({ ok: true });
  });

  it('is taken only by the coordination center, once, with a unit and a reason', () => {
    const d = raised();
    expect(decideDispute(d, { ...decider, deciderUnitId: 'team-330822101000' }, '2025-10-09T10:00:00+08:00')).toMatchObject({ ok: false, code: 'NOT_COORDINATOR' });
    expect(decideDispute(d, { ...decider, responsibleUnitId: '' }, '2025-10-09T10:00:00+08:00')).toMatchObject({ ok: false, code: 'RESPONSIBLE_UNIT_REQUIRED' });
    expect(decideDispute(d, { ...decider, reason: '' }, '2025-10-09T10:00:00+08:00')).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(decideDispute(d, decider, '2025-09-30T09:00:00+08:00')).toMatchObject({ ok: false, code: 'DONE_BEFORE_START' });
    const once = decideDispute(d, decider, '2025-10-09T10:00:00+08:00');
    if (!once.ok) throw new Error(once.message);
    expect(decideDispute(once.dispute, decider, '2025-10-09T11:00:00+08:00')).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });
});

describe('disputeStatus', () => {
  it('is pending, then overdue after the last working day', () => {
    const d = raised();
    expect(disputeStatus(d, '2025-10-10T10:00:00+08:00', cal)).toMatchObject({ ok: true, state: 'pending', dueDate: '2025-10-11', workingDaysLeft: 1 });
    expect(disputeStatus(d, '2025-10-12T00:00:00+08:00', cal)).toMatchObject({ state: 'overdue' });
  });

  it('uses the configured period', () => {
    // 10/9, 10/10, 10/11 (make-up Saturday), 10/13, 10/14.
    expect(disputeStatus(raised({ decisionWorkingDays: 5 }), '2025-10-01T10:00:00+08:00', cal)).toMatchObject({ state: 'pending', dueDate: '2025-10-14' });
  });

  it('is decided, naming the responsible unit, late or not', () => {
    const onTime = decideDispute(raised(), decider, '2025-10-11T18:00:00+08:00');
    const late = decideDispute(raised(), decider, '2025-10-13T09:00:00+08:00');
    if (!onTime.ok || !late.ok) throw new Error('expected decisions');
    expect(disputeStatus(onTime.dispute, '2025-10-20T09:00:00+08:00', cal)).toMatchObject({ state: 'decided', late: false, responsibleUnitId: 'team-330822102000' });
    expect(disputeStatus(late.dispute, '2025-10-20T09:00:00+08:00', cal)).toMatchObject({ state: 'decided', late: true });
  });
});
