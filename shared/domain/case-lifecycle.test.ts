import { describe, expect, it } from 'vitest';
import {
  CASE_ACTION_LABELS,
  CASE_ACTIONS,
  CASE_STATUS_LABELS,
  CASE_STATUSES,
  FINAL_STATUSES,
  allowedActions,
  openCase,
  replayCase,
  transition,
  type CaseAction,
  type CaseActor,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
  type CaseStatus,
} from './case-lifecycle.ts';
import { checkSeparationOfDuties, dutiesFromHistory } from './separation-of-duties.ts';

const CENTER = 'center-410923000000';
const TEAM = 'team-410923100000';
const OTHER_TEAM = 'team-410923101000';
const BUREAU = 'bureau-410923000000';
const T0 = '2025-03-03T09:00:00+08:00';
const T1 = '2025-03-03T09:30:00+08:00';

/** The procedure as written in the seed documents, stated independently of the implementation. */
const EXPECTED: Record<CaseStatus, Partial<Record<CaseAction, { to: CaseStatus; by: 'holder' | 'assignee' }>>> = {
  received: { register: { to: 'registered', by: 'holder' }, reject: { to: 'rejected', by: 'holder' } },
  registered: { dispatch: { to: 'dispatched', by: 'holder' }, transfer: { to: 'registered', by: 'holder' } },
  dispatched: {
    acknowledge: { to: 'handling', by: 'assignee' },
    return: { to: 'returned', by: 'assignee' },
    reassign: { to: 'dispatched', by: 'holder' },
    urge: { to: 'dispatched', by: 'holder' },
    recall: { to: 'registered', by: 'holder' },
  },
  handling: {
    reportResult: { to: 'resultReported', by: 'assignee' },
    return: { to: 'returned', by: 'assignee' },
    transfer: { to: 'registered', by: 'assignee' },
    reassign: { to: 'dispatched', by: 'holder' },
    urge: { to: 'handling', by: 'holder' },
    recall: { to: 'registered', by: 'holder' },
  },
  returned: { dispatch: { to: 'dispatched', by: 'holder' }, transfer: { to: 'registered', by: 'holder' } },
  resultReported: { verify: { to: 'verified', by: 'holder' }, rework: { to: 'handling', by: 'holder' } },
  verified: { close: { to: 'closed', by: 'holder' } },
  rejected: {},
  closed: {},
};
const REASON_REQUIRED: CaseAction[] = ['reject', 'return', 'rework', 'transfer', 'reassign', 'recall'];

const state = (status: CaseStatus): CaseState => ({ status, holderId: CENTER, assigneeId: TEAM, handlerIds: [], reviewerIds: [], lastEventAt: '2025-03-03T01:00:00.000Z' });
const holderActor: CaseActor = { id: 'op-1', unitId: CENTER };
const teamActor: CaseActor = { id: 'officer-1', unitId: TEAM };
const fullCommand = (action: CaseAction): CaseCommand => ({
  action,
  reason: '理由 reason',
  targetUnitId: action === 'transfer' ? BUREAU : OTHER_TEAM,
  transferKind: 'escalateToCounty',
  officerIds: ['officer-7', 'officer-8'],
});

function mustOk(r: ReturnType<typeof transition>) {
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('the full state × action matrix', () => {
  for (const status of CASE_STATUSES) {
    for (const action of CASE_ACTIONS) {
      const expected = EXPECTED[status][action];
      if (expected) {
        it(`${status} —${action}→ ${expected.to}`, () => {
          const actor = expected.by === 'holder' ? holderActor : teamActor;
          const r = mustOk(transition(state(status), fullCommand(action), actor, T1));
          expect(r.next.status).toBe(expected.to);
          expect(r.event).toMatchObject({ type: action, from: status, to: expected.to, actorId: actor.id, actorUnitId: actor.unitId, at: '2025-03-03T01:30:00.000Z' });
          expect(r.event.reason).toBe('理由 reason');
        });
      } else {
        it(`${status} refuses ${action}`, () => {
          const r = transition(state(status), fullCommand(action), holderActor, T1);
          if (r.ok) throw new Error('expected a refusal');
          expect(r.code).toBe('ILLEGAL_TRANSITION');
          const legal = Object.keys(EXPECTED[status]).sort();
          expect([...r.allowed].sort()).toEqual(legal);
          // The message names the state and what IS allowed, in zh-CN and English.
          expect(r.message).toContain(CASE_STATUS_LABELS[status]);
          expect(r.message).toContain(`cannot ${action} a case in state ${status}`);
          for (const a of legal) expect(r.message).toContain(`「${CASE_ACTION_LABELS[a as CaseAction]}」`);
          if (legal.length === 0) expect(r.message).toContain('none (final state)');
        });
      }
    }
  }

  it('agrees with allowedActions and FINAL_STATUSES', () => {
    for (const status of CASE_STATUSES) expect([...allowedActions(status)].sort()).toEqual(Object.keys(EXPECTED[status]).sort());
    expect([...FINAL_STATUSES].sort()).toEqual(['closed', 'rejected']);
  });
});

describe('what the procedure requires', () => {
  for (const status of CASE_STATUSES) {
    for (const [action, rule] of Object.entries(EXPECTED[status]) as [CaseAction, { by: 'holder' | 'assignee' }][]) {
      const actor = rule.by === 'holder' ? holderActor : teamActor;
      const wrongActor = rule.by === 'holder' ? teamActor : holderActor;
      if (REASON_REQUIRED.includes(action)) {
        it(`${status}/${action} requires a reason`, () => {
          for (const reason of [undefined, '', '   ']) {
            expect(transition(state(status), { ...fullCommand(action), reason }, actor, T1)).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
          }
        });
      } else {
        it(`${status}/${action} needs no reason`, () => {
          expect(transition(state(status), { ...fullCommand(action), reason: undefined }, actor, T1).ok).toBe(true);
        });
      }
      it(`${status}/${action} is taken only by the ${rule.by}`, () => {
        const r = transition(state(status), fullCommand(action), wrongActor, T1);
        expect(r).toMatchObject({ ok: false, code: 'WRONG_UNIT' });
      });
    }
  }

  it('dispatch and transfer name a unit; transfer names its kind and a new holder', () => {
    expect(transition(state('registered'), { action: 'dispatch' }, holderActor, T1)).toMatchObject({ ok: false, code: 'TARGET_REQUIRED' });
    expect(transition(state('registered'), { action: 'transfer', reason: '重大', transferKind: 'escalateToCounty' }, holderActor, T1)).toMatchObject({ ok: false, code: 'TARGET_REQUIRED' });
    expect(transition(state('registered'), { action: 'transfer', reason: '重大', targetUnitId: BUREAU }, holderActor, T1)).toMatchObject({ ok: false, code: 'TRANSFER_KIND_REQUIRED' });
    expect(transition(state('registered'), { action: 'transfer', reason: '重大', targetUnitId: CENTER, transferKind: 'escalateToCounty' }, holderActor, T1)).toMatchObject({
      ok: false,
      code: 'TARGET_IS_HOLDER',
    });
  });

  it('refuses a bad or backdated time', () => {
    expect(transition(state('received'), { action: 'register' }, holderActor, 'yesterday')).toMatchObject({ ok: false, code: 'INVALID_TIME', allowed: ['register', 'reject'] });
    expect(transition(state('received'), { action: 'register' }, holderActor, '2025-03-03T08:59:59+08:00')).toMatchObject({ ok: false, code: 'TIME_BEFORE_LAST_EVENT' });
    const r = mustOk(transition(state('received'), { action: 'register' }, holderActor, Date.parse(T1)));
    expect(r.event.at).toBe('2025-03-03T01:30:00.000Z');
  });
});

/** Runs a script of steps from a fresh case; returns the final state and events. */
function run(steps: [CaseCommand, CaseActor][]) {
  const opened = openCase(CENTER, T0);
  if (!opened.ok) throw new Error(opened.message);
  let s = opened.state;
  const events: CaseEvent[] = [];
  steps.forEach(([command, actor], i) => {
    const r = mustOk(transition(s, command, actor, Date.parse(T0) + (i + 1) * 60_000));
    s = r.next;
    events.push(r.event);
  });
  return { state: s, events };
}

const o1: CaseActor = { id: 'officer-1', unitId: TEAM };
const o2: CaseActor = { id: 'officer-2', unitId: TEAM };
const reviewer: CaseActor = { id: 'reviewer-1', unitId: CENTER };
const decider: CaseActor = { id: 'decider-1', unitId: CENTER };
const toReported: [CaseCommand, CaseActor][] = [
  [{ action: 'register' }, holderActor],
  [{ action: 'dispatch', targetUnitId: TEAM, officerIds: ['officer-1', 'officer-2'] }, holderActor],
  [{ action: 'acknowledge' }, o1],
  [{ action: 'reportResult', reason: '已拆除' }, o2],
];

describe('a case from 受理 to 结案', () => {
  it('walks the happy path and keeps the duties', () => {
    const { state: s, events } = run([...toReported, [{ action: 'verify' }, reviewer], [{ action: 'close' }, decider]]);
    expect(s.status).toBe('closed');
    expect(events.map((e) => e.type)).toEqual(['register', 'dispatch', 'acknowledge', 'reportResult', 'verify', 'close']);
    expect(s.handlerIds).toEqual(['officer-1', 'officer-2']);
    expect(s.reviewerIds).toEqual(['reviewer-1']);
    expect(dutiesFromHistory(events)).toEqual({ handlerIds: s.handlerIds, reviewerIds: s.reviewerIds });
  });

  it('enforces 办审定分离 at review and at closing', () => {
    const reported = run(toReported).state;
    // A handler who also works at the center is still refused.
    expect(transition(reported, { action: 'verify' }, { id: 'officer-1', unitId: CENTER }, '2025-03-03T10:00:00+08:00')).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
    expect(transition(reported, { action: 'rework', reason: '未整改到位' }, { id: 'officer-2', unitId: CENTER }, '2025-03-03T10:00:00+08:00')).toMatchObject({
      ok: false,
      code: 'SEPARATION_OF_DUTIES',
    });
    const verified = run([...toReported, [{ action: 'verify' }, reviewer]]).state;
    expect(transition(verified, { action: 'close' }, { id: 'reviewer-1', unitId: CENTER }, '2025-03-03T10:00:00+08:00')).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
    expect(transition(verified, { action: 'close' }, { id: 'officer-2', unitId: CENTER }, '2025-03-03T10:00:00+08:00')).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
    expect(transition(verified, { action: 'close' }, decider, '2025-03-03T10:00:00+08:00').ok).toBe(true);
  });

  it('sends a result back for rework and lets the same reviewer verify again', () => {
    const { state: s } = run([
      ...toReported,
      [{ action: 'rework', reason: '现场仍有堆放物' }, reviewer],
      [{ action: 'reportResult', reason: '已清理' }, o1],
      [{ action: 'verify' }, reviewer],
    ]);
    expect(s.status).toBe('verified');
    expect(s.reviewerIds).toEqual(['reviewer-1']);
  });

  it('returns a case that is not the team’s, and re-dispatches it to another team', () => {
    const { state: s, events } = run([
      [{ action: 'register' }, holderActor],
      [{ action: 'dispatch', targetUnitId: TEAM }, holderActor],
      [{ action: 'return', reason: '不属于本镇辖区' }, o1],
    ]);
    expect(s).toMatchObject({ status: 'returned', assigneeId: null, holderId: CENTER });
    expect(events[2]).toMatchObject({ type: 'return', reason: '不属于本镇辖区' });
    const r = mustOk(transition(s, { action: 'dispatch', targetUnitId: OTHER_TEAM }, holderActor, '2025-03-03T10:00:00+08:00'));
    expect(r.next.assigneeId).toBe(OTHER_TEAM);
    expect(transition(r.next, { action: 'acknowledge' }, o1, '2025-03-03T10:01:00+08:00')).toMatchObject({ ok: false, code: 'WRONG_UNIT' });
  });

  it('transfers a major case to the county bureau, which re-opens it as registered', () => {
    const { state: s, events } = run([
      [{ action: 'register' }, holderActor],
      [{ action: 'dispatch', targetUnitId: TEAM }, holderActor],
      [{ action: 'acknowledge' }, o1],
      [{ action: 'transfer', reason: '涉嫌重大违法，简易程序无法处理', targetUnitId: BUREAU, transferKind: 'escalateToCounty' }, o1],
    ]);
    expect(s).toMatchObject({ status: 'registered', holderId: BUREAU, assigneeId: null });
    expect(events[3]).toMatchObject({ type: 'transfer', from: 'handling', to: 'registered', targetUnitId: BUREAU, transferKind: 'escalateToCounty' });
    // The old holder lost the case; the bureau dispatches its own brigade.
    expect(transition(s, { action: 'dispatch', targetUnitId: 'brigade-2' }, holderActor, '2025-03-03T11:00:00+08:00')).toMatchObject({ ok: false, code: 'WRONG_UNIT' });
    expect(transition(s, { action: 'dispatch', targetUnitId: 'brigade-2' }, { id: 'bureau-op', unitId: BUREAU }, '2025-03-03T11:00:00+08:00').ok).toBe(true);
    // The township officer who handled it may not review it at the county either.
    expect(s.handlerIds).toContain('officer-1');
  });
});

describe('replayCase', () => {
  const { state: final, events } = run([...toReported, [{ action: 'verify' }, reviewer], [{ action: 'close' }, decider]]);

  it('rebuilds the same state from the stored events', () => {
    expect(replayCase(CENTER, T0, events)).toEqual({ ok: true, state: final });
  });

  it('refuses a history the workflow forbids, naming the event', () => {
    const skipped = events.filter((e) => e.type !== 'verify');
    expect(replayCase(CENTER, T0, skipped)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION', index: 4 });
    const tampered = events.map((e, i) => (i === 1 ? { ...e, to: 'handling' as const } : e));
    expect(replayCase(CENTER, T0, tampered)).toMatchObject({ ok: false, code: 'EVENT_MISMATCH', index: 1 });
    const selfReview = events.map((e) => (e.type === 'verify' ? { ...e, actorId: 'officer-2' } : e));
    expect(replayCase(CENTER, T0, selfReview)).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES', index: 4 });
  });

  it('refuses a bad receivedAt', () => {
    expect(replayCase(CENTER, 'not a time', [])).toMatchObject({ ok: false, code: 'INVALID_TIME', index: -1 });
  });
});

describe('checkSeparationOfDuties on a history', () => {
  const { events } = run([...toReported, [{ action: 'verify' }, reviewer]]);
  it('refuses handlers for review, handlers and reviewers for the decision, and allows others', () => {
    expect(checkSeparationOfDuties(events, 'officer-1', 'review')).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
    expect(checkSeparationOfDuties(events, 'officer-2', 'decide')).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
    expect(checkSeparationOfDuties(events, 'reviewer-1', 'review')).toEqual({ ok: true });
    expect(checkSeparationOfDuties(events, 'reviewer-1', 'decide')).toMatchObject({ ok: false, code: 'SEPARATION_OF_DUTIES' });
    expect(checkSeparationOfDuties(events, 'decider-1', 'decide')).toEqual({ ok: true });
    // The dispatcher coordinates; that is not 办.
    expect(checkSeparationOfDuties(events, 'op-1', 'review')).toEqual({ ok: true });
  });
});
