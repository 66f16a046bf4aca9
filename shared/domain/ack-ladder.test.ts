import { describe, expect, it } from 'vitest';
import { DEFAULT_ACK_LADDER, ackLadderConfigSchema, ackLadderState, dueEscalations, twoStepAckLadder, type RecordedEscalation } from './ack-ladder.ts';

const created = '2025-03-03T10:00:00+08:00';
const at = (minutes: number, seconds = 0) => Date.parse(created) + minutes * 60_000 + seconds * 1000;
const order = { createdAt: created };

function due(recorded: RecordedEscalation[], now: number, acknowledgedAt?: number) {
  const r = dueEscalations({ ...order, acknowledgedAt }, recorded, DEFAULT_ACK_LADDER, now);
  if (!r.ok) throw new Error(r.message);
  return r.steps.map((s) => [s.level, s.dueAt]);
}

describe('ackLadderState', () => {
  it('waits for the township escalation at +5 min by default', () => {
    expect(ackLadderState(order, [], DEFAULT_ACK_LADDER, at(1))).toEqual({
      ok: true,
      state: 'waiting',
      next: { level: 'townshipCommander', dueAt: '2025-03-03T02:05:00.000Z' },
      due: false,
    });
    expect(ackLadderState(order, [], DEFAULT_ACK_LADDER, at(5))).toMatchObject({ state: 'waiting', due: true });
  });

  it('moves to the county step once the township one is recorded, then is exhausted', () => {
    expect(ackLadderState(order, [{ level: 'townshipCommander' }], DEFAULT_ACK_LADDER, at(6))).toMatchObject({
      state: 'waiting',
      next: { level: 'countyDispatchCenter', dueAt: '2025-03-03T02:10:00.000Z' },
      due: false,
    });
    expect(ackLadderState(order, [{ level: 'townshipCommander' }, { level: 'countyDispatchCenter' }], DEFAULT_ACK_LADDER, at(30))).toEqual({ ok: true, state: 'exhausted' });
  });

  it('stops at acknowledgement and says whether it was late', () => {
    expect(ackLadderState({ ...order, acknowledgedAt: at(4, 59) }, [], DEFAULT_ACK_LADDER, at(20))).toEqual({
      ok: true,
      state: 'acknowledged',
      acknowledgedAt: '2025-03-03T02:04:59.000Z',
      late: false,
    });
    expect(ackLadderState({ ...order, acknowledgedAt: at(7) }, [{ level: 'townshipCommander' }], DEFAULT_ACK_LADDER, at(20))).toMatchObject({ state: 'acknowledged', late: true });
    // An acknowledgement after `now` has not happened yet as of `now`.
    expect(ackLadderState({ ...order, acknowledgedAt: at(7) }, [], DEFAULT_ACK_LADDER, at(6))).toMatchObject({ state: 'waiting', due: true });
  });

  it('refuses bad times', () => {
    expect(ackLadderState({ createdAt: 'x' }, [], DEFAULT_ACK_LADDER, at(1))).toMatchObject({ ok: false, code: 'INVALID_TIME' });
    expect(ackLadderState(order, [], DEFAULT_ACK_LADDER, Number.NaN)).toMatchObject({ ok: false, code: 'INVALID_TIME' });
    expect(ackLadderState({ ...order, acknowledgedAt: at(-1) }, [], DEFAULT_ACK_LADDER, at(1))).toMatchObject({ ok: false, code: 'ACK_BEFORE_ORDER' });
  });
});

describe('dueEscalations', () => {
  it('fires nothing before the deadline and the township step exactly at it', () => {
    expect(due([], at(4, 59))).toEqual([]);
    expect(due([], at(5))).toEqual([['townshipCommander', '2025-03-03T02:05:00.000Z']]);
  });

  it('is idempotent: a recorded step never fires again', () => {
    expect(due([{ level: 'townshipCommander' }], at(7))).toEqual([]);
    expect(due([{ level: 'townshipCommander' }], at(10))).toEqual([['countyDispatchCenter', '2025-03-03T02:10:00.000Z']]);
    expect(due([{ level: 'townshipCommander' }, { level: 'countyDispatchCenter' }], at(60))).toEqual([]);
  });

  it('fires every missed step in order after a restart', () => {
    expect(due([], at(25))).toEqual([
      ['townshipCommander', '2025-03-03T02:05:00.000Z'],
      ['countyDispatchCenter', '2025-03-03T02:10:00.000Z'],
    ]);
  });

  it('fires nothing once acknowledged, even a missed step', () => {
    expect(due([], at(25), at(12))).toEqual([]);
  });

  it('simulated timer: each step fires exactly once whatever the tick rate', () => {
    for (const tickSeconds of [1, 7, 60, 301]) {
      const recorded: RecordedEscalation[] = [];
      const fired: string[] = [];
      for (let t = at(0); t <= at(15); t += tickSeconds * 1000) {
        for (const step of due(recorded, t)) {
          fired.push(step[0]!);
          recorded.push({ level: step[0] as RecordedEscalation['level'] });
        }
      }
      expect(fired).toEqual(['townshipCommander', 'countyDispatchCenter']);
    }
  });

  it('follows a configured ladder', () => {
    const config = twoStepAckLadder(3 * 60_000, 2 * 60_000);
    const r = dueEscalations(order, [], config, at(5));
    expect(r).toMatchObject({ ok: true, steps: [{ level: 'townshipCommander' }, { level: 'countyDispatchCenter', dueAt: '2025-03-03T02:05:00.000Z' }] });
  });
});

describe('ackLadderConfigSchema', () => {
  it('accepts the default and refuses a non-increasing or repeated ladder', () => {
    expect(ackLadderConfigSchema.safeParse(DEFAULT_ACK_LADDER).success).toBe(true);
    const bad = ackLadderConfigSchema.safeParse({
      steps: [
        { level: 'townshipCommander', afterMs: 300_000 },
        { level: 'townshipCommander', afterMs: 300_000 },
      ],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual(['must be later than step 0 (300000 ms)', 'townshipCommander appears twice']);
    expect(ackLadderConfigSchema.safeParse({ steps: [] }).success).toBe(false);
  });
});
