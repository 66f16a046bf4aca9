import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CN_WORK_CALENDAR } from '../../shared/domain/calendar-cn.ts';
import type { ServerToClientEvents } from '../../shared/protocol/events.ts';
import type { CollaborationRecord } from '../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../shared/protocol/disputes.ts';
import { JournalStore } from '../../server/repositories/embedded/journal-store.ts';
import type { Store } from '../../server/repositories/store.ts';
import { OverdueTimerService } from '../../server/services/overdue-timer-service.ts';
import type { Publisher } from '../../server/services/publisher.ts';
import { ManualTime } from '../helpers/manual-time.ts';

/** Tuesday 30 September 2025, 10:00 Shanghai: 3 working days later is Saturday 11 October (调休). */
const T0 = Date.parse('2025-09-30T02:00:00Z');
const DUE_AT = Date.parse('2025-10-12T00:00:00+08:00');

const request: CollaborationRecord = {
  id: 'c-1',
  caseId: null,
  kind: 'finding',
  fromUnitId: 'team-410923100000',
  toUnitId: 'dept-410923-market',
  receivedAt: new Date(T0).toISOString(),
  answeredAt: null,
  countyCode: '410923000000',
  question: '请认定',
  requestedBy: { userId: 'u', unitId: 'team-410923100000' },
  answer: null,
  version: 1,
};
const dispute: DisputeRecord = {
  id: 'd-1',
  caseId: 'case-1',
  raisedBy: { actorId: 'u', unitId: 'team-410923100000', kind: 'team' },
  routedUnitId: 'team-410923100000',
  proposedUnitId: null,
  claim: '不属本镇',
  coordinatorUnitId: 'center-410923000000',
  raisedAt: new Date(T0).toISOString(),
  decisionWorkingDays: 3,
  decision: null,
  countyCode: '410923000000',
  version: 1,
};

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function recorder(): Publisher & { sent: Array<{ event: keyof ServerToClientEvents; id: string; seq: number }> } {
  const sent: Array<{ event: keyof ServerToClientEvents; id: string; seq: number }> = [];
  return {
    sent,
    publish(_rooms, event, payload) {
      const p = payload as { seq: number; request?: { id: string }; dispute?: { id: string } };
      sent.push({ event, id: p.request?.id ?? p.dispute?.id ?? '', seq: p.seq });
    },
  };
}

async function setUp(dir: string, time: ManualTime, publisher: Publisher): Promise<{ store: Store; timers: OverdueTimerService }> {
  const store = await JournalStore.open(dir);
  const timers = new OverdueTimerService({ store, publisher, org: new Map(), now: time.now, scheduler: time, calendar: CN_WORK_CALENDAR, log: (m) => expect.fail(m) });
  cleanup.push(() => store.close(), () => timers.stop());
  return { store, timers };
}

describe('OverdueTimerService (injected clock)', () => {
  it('flags an unanswered request and an undecided dispute at the end of their working-day deadline, once, across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-overdue-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const time = new ManualTime(T0);
    const first = recorder();
    const a = await setUp(dir, time, first);
    await a.store.commit([
      { kind: 'collaboration.put', request, expectedVersion: 0 },
      { kind: 'dispute.put', dispute, expectedVersion: 0 },
    ]);
    await a.timers.start();
    await a.timers.idle();
    // Through the holiday and the make-up Saturday: not yet.
    time.advanceTo(DUE_AT - 1);
    await a.timers.idle();
    expect(first.sent).toEqual([]);
    time.advanceTo(DUE_AT);
    await a.timers.idle();
    expect(first.sent.map((s) => [s.event, s.id]).sort()).toEqual([
      ['collaboration:overdue', 'c-1'],
      ['dispute:overdue', 'd-1'],
    ]);
    const log = (await a.store.eventsAfter(0, 10)).map((e) => e.seq);
    expect(first.sent.map((s) => s.seq).sort()).toEqual(log);
    expect(time.scheduled).toBe(0);

    // Restart later: the flags are stored, nothing is pushed again.
    await a.timers.stop();
    await a.store.close();
    time.advanceTo(DUE_AT + 5 * 86_400_000);
    const second = recorder();
    const b = await setUp(dir, time, second);
    await b.timers.start();
    await b.timers.idle();
    expect(second.sent).toEqual([]);
    expect((await b.store.timerFirings(['c-1', 'd-1'])).map((f) => [f.subjectId, f.kind])).toEqual([
      ['c-1', 'collaboration-overdue'],
      ['d-1', 'dispute-overdue'],
    ]);
  });

  it('stays quiet for a request answered in time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-overdue-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const time = new ManualTime(T0);
    const out = recorder();
    const { store, timers } = await setUp(dir, time, out);
    await store.commit([{ kind: 'collaboration.put', request, expectedVersion: 0 }]);
    await timers.start();
    await timers.idle();
    const answered = { ...request, answeredAt: new Date(T0 + 86_400_000).toISOString(), answer: { text: '属实', userId: 'x', unitId: request.toUnitId }, version: 2 };
    await store.commit([{ kind: 'collaboration.put', request: answered, expectedVersion: 1 }]);
    time.advanceTo(DUE_AT + 1);
    await timers.idle();
    expect(out.sent).toEqual([]);
    expect(await store.timerFirings(['c-1'])).toEqual([]);
  });
});
