import { describe, expect, it } from 'vitest';
import { openCase, transition, type CaseActor, type CaseCommand, type CaseEvent, type CaseState } from '../domain/case-lifecycle.ts';
import { caseRecordFromHistory, type CaseHistoryInput } from './case-record.ts';

const CENTER = 'center-410923000000';
const TEAM = 'team-410923100000';
const OTHER = 'team-410923101000';
const t0 = Date.parse('2026-03-02T01:00:00Z');
const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();

/** Runs commands through the real state machine, so the history is one the server could store. */
function history(steps: [CaseCommand, CaseActor, number][]): CaseEvent[] {
  const opened = openCase(CENTER, at(0));
  if (!opened.ok) throw new Error(opened.message);
  let state: CaseState = opened.state;
  const events: CaseEvent[] = [];
  for (const [command, actor, minutes] of steps) {
    const r = transition(state, command, actor, at(minutes));
    if (!r.ok) throw new Error(r.message);
    state = r.next;
    events.push(r.event);
  }
  return events;
}

const operator = { id: 'op-1', unitId: CENTER };
const reviewer = { id: 'rev-1', unitId: CENTER };
const commander = { id: 'cmd-1', unitId: CENTER };
const officer = { id: 'off-1', unitId: TEAM };
const otherOfficer = { id: 'off-9', unitId: OTHER };

function input(events: CaseEvent[], extra: Partial<CaseHistoryInput> = {}): CaseHistoryInput {
  return {
    id: 'case-1',
    countyCode: '410923000000',
    township: { code: '410923100000', name: '城关镇' },
    domain: '城市市容和环境卫生',
    routedUnit: { id: TEAM, name: '城关镇综合行政执法大队', kind: 'township-team' },
    location: { lon: 115.2, lat: 36.07 },
    receivedAt: at(0),
    events,
    deadlineAt: at(24 * 60),
    unitOf: (id) => ({ id, name: id === OTHER ? '韩张镇综合行政执法大队' : '城关镇综合行政执法大队', kind: 'township-team' }),
    ...extra,
  };
}

describe('caseRecordFromHistory', () => {
  it('folds a full handling with one rework', () => {
    const events = history([
      [{ action: 'register' }, operator, 1],
      [{ action: 'dispatch', targetUnitId: TEAM, officerIds: ['off-1', 'off-2'] }, operator, 3],
      [{ action: 'acknowledge' }, officer, 7],
      [{ action: 'reportResult' }, officer, 60],
      [{ action: 'rework', reason: '照片不清' }, reviewer, 70],
      [{ action: 'reportResult' }, officer, 90],
      [{ action: 'verify' }, reviewer, 100],
      [{ action: 'close' }, commander, 120],
    ]);
    const r = caseRecordFromHistory(input(events));
    expect(r).toMatchObject({
      dispatchedAt: at(3),
      acknowledgedAt: at(7),
      ackWaitMs: 4 * 60_000,
      resultReportedAt: at(60),
      closedAt: at(120),
      reworkCount: 1,
      rejected: false,
      dispatcherId: 'op-1',
      officerIds: ['off-1', 'off-2'],
      extended: false,
      deadlineAt: at(24 * 60),
    });
    expect(r.unit.id).toBe(TEAM);
  });

  it('measures the acknowledgement from the dispatch it answered, and follows a re-dispatch', () => {
    const events = history([
      [{ action: 'register' }, operator, 1],
      [{ action: 'dispatch', targetUnitId: TEAM }, operator, 2],
      [{ action: 'return', reason: '不属本队' }, officer, 30],
      [{ action: 'dispatch', targetUnitId: OTHER }, operator, 40],
      [{ action: 'acknowledge' }, otherOfficer, 43],
    ]);
    const r = caseRecordFromHistory(input(events));
    expect(r.dispatchedAt).toBe(at(2));
    expect(r.ackWaitMs).toBe(3 * 60_000);
    expect(r.unit).toEqual({ id: OTHER, name: '韩张镇综合行政执法大队', kind: 'township-team' });
  });

  it('marks a rejected case', () => {
    const events = history([[{ action: 'reject', reason: '不属于执法事项' }, operator, 5]]);
    expect(caseRecordFromHistory(input(events))).toMatchObject({ rejected: true, dispatchedAt: null });
  });

  it('uses the intake order when there are no case events yet, and applies the last extension', () => {
    const r = caseRecordFromHistory(
      input([], {
        autoDispatch: { at: at(0), unit: { id: TEAM, name: '城关镇综合行政执法大队', kind: 'township-team' } },
        orderAcknowledgedAt: at(2),
        escalations: [{ level: 'townshipCommander', at: at(5) }],
        extensions: [
          { at: at(60), deadlineAt: at(48 * 60) },
          { at: at(120), deadlineAt: at(72 * 60) },
        ],
      }),
    );
    expect(r).toMatchObject({ dispatchedAt: at(0), dispatcherId: null, ackWaitMs: 2 * 60_000, extended: true, deadlineAt: at(72 * 60), escalations: ['townshipCommander'] });
  });
});
