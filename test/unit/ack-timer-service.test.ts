import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ACK_LADDER } from '../../shared/domain/ack-ladder.ts';
import type { DispatchOrder, Incident } from '../../shared/domain/incident.ts';
import type { ServerToClientEvents } from '../../shared/protocol/events.ts';
import { JournalStore } from '../../server/repositories/embedded/journal-store.ts';
import type { Store } from '../../server/repositories/store.ts';
import { AckTimerService } from '../../server/services/ack-timer-service.ts';
import type { Publisher } from '../../server/services/publisher.ts';
import { incidentAt } from '../contract/fixtures.ts';
import { ManualTime } from '../helpers/manual-time.ts';

const T0 = Date.parse('2026-03-02T02:00:00.000Z');
const MIN = 60_000;

interface Published {
  rooms: string[];
  event: keyof ServerToClientEvents;
  payload: { seq: number; escalation?: { level: string }; incident?: { id: string } };
}

function recorder(): Publisher & { sent: Published[] } {
  const sent: Published[] = [];
  return {
    sent,
    publish(rooms, event, payload) {
      sent.push({ rooms, event, payload: payload as Published['payload'] });
    },
  };
}

const dirs: string[] = [];
const stores: Store[] = [];
const services: AckTimerService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.stop();
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function openStore(dir: string): Promise<Store> {
  const store = await JournalStore.open(dir);
  stores.push(store);
  return store;
}

/** A dispatched case with a pending order created at T0, as intake stores it. */
async function dispatchedCase(store: Store, id = 'case-1'): Promise<{ incident: Incident; order: DispatchOrder }> {
  const base = incidentAt(id, new Date(T0).toISOString(), 2, 2);
  const incident: Incident = {
    ...base,
    case: { holderId: 'center-990101000000', assigneeId: base.route.unit.id, officerIds: [], handlerIds: [], reviewerIds: [], lastEventAt: base.receivedAt, version: 0 },
  };
  const order: DispatchOrder = { id: `o-${id}`, incidentId: id, unit: base.route.unit, createdAt: base.receivedAt, status: 'pending', acknowledgedAt: null, officerIds: [], escalations: [] };
  await store.commit([{ kind: 'incident.insert', incident }, { kind: 'order.insert', order }]);
  return { incident, order };
}

function service(store: Store, time: ManualTime, publisher: Publisher): AckTimerService {
  const s = new AckTimerService({ store, publisher, now: time.now, scheduler: time, ladderFor: () => DEFAULT_ACK_LADDER, log: (m) => expect.fail(m) });
  services.push(s);
  return s;
}

async function escalationsOf(store: Store, incidentId: string): Promise<string[]> {
  return (await store.getIncident(incidentId))!.orders[0]!.escalations!.map((e) => e.level);
}

describe('AckTimerService (injected clock)', () => {
  it('escalates to the township commander at 5 min and the county at 10, once each, stored then pushed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-ack-'));
    dirs.push(dir);
    const store = await openStore(dir);
    const { incident } = await dispatchedCase(store);
    const time = new ManualTime(T0);
    const out = recorder();
    const timers = service(store, time, out);
    await timers.start();
    await timers.idle();
    time.advanceTo(T0 + 5 * MIN - 1);
    await timers.idle();
    expect(out.sent).toEqual([]);
    time.advanceTo(T0 + 5 * MIN);
    await timers.idle();
    expect(out.sent.map((p) => [p.event, p.payload.escalation?.level])).toEqual([['dispatch:escalated', 'townshipCommander']]);
    expect(out.sent[0]!.rooms).toEqual(expect.arrayContaining(['county:990101000000', `township:${incident.route.township.code}`, 'wall:990101000000', `team:${incident.route.unit.id}`]));
    time.advanceTo(T0 + 10 * MIN);
    await timers.idle();
    time.advanceTo(T0 + 30 * MIN);
    await timers.idle();
    expect(out.sent.map((p) => p.payload.escalation?.level)).toEqual(['townshipCommander', 'countyDispatchCenter']);
    expect(await escalationsOf(store, 'case-1')).toEqual(['townshipCommander', 'countyDispatchCenter']);
    // Each broadcast carries its log seq; the log holds the same two events.
    const log = (await store.eventsAfter(0, 10)).filter((e) => e.type === 'dispatch:escalated');
    expect(out.sent.map((p) => p.payload.seq)).toEqual(log.map((e) => e.seq));
    expect(time.scheduled).toBe(0);
    expect((await store.timerFirings(['o-case-1'])).map((f) => [f.step, f.firedAt])).toEqual([
      ['townshipCommander', new Date(T0 + 5 * MIN).toISOString()],
      ['countyDispatchCenter', new Date(T0 + 10 * MIN).toISOString()],
    ]);
  });

  it('survives a restart in the middle of the ladder: each step fires exactly once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-ack-'));
    dirs.push(dir);
    let store = await openStore(dir);
    await dispatchedCase(store);
    const time = new ManualTime(T0);
    const before = recorder();
    const first = service(store, time, before);
    await first.start();
    time.advanceTo(T0 + 6 * MIN);
    await first.idle();
    expect(before.sent.map((p) => p.payload.escalation?.level)).toEqual(['townshipCommander']);
    // The server stops; time passes the county step while it is down; it starts again on the same data.
    await first.stop();
    await store.close();
    time.advanceTo(T0 + 25 * MIN);
    store = await openStore(dir);
    const after = recorder();
    const second = service(store, time, after);
    await second.start();
    await second.idle();
    expect(after.sent.map((p) => p.payload.escalation?.level)).toEqual(['countyDispatchCenter']);
    // A third process on the same store finds nothing left to fire.
    const third = recorder();
    const again = service(store, time, third);
    await again.start();
    await again.idle();
    expect(third.sent).toEqual([]);
    expect(await escalationsOf(store, 'case-1')).toEqual(['townshipCommander', 'countyDispatchCenter']);
    expect((await store.eventsAfter(0, 20)).filter((e) => e.type === 'dispatch:escalated')).toHaveLength(2);
  });

  it('fires every missed step in ladder order after downtime, and nothing once acknowledged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-ack-'));
    dirs.push(dir);
    const store = await openStore(dir);
    await dispatchedCase(store, 'late');
    const { incident, order } = await dispatchedCase(store, 'acked');
    // 'acked' is acknowledged at 3 min, before any deadline.
    const acknowledged: Incident = { ...incident, status: 'handling', case: { ...incident.case!, version: 1 } };
    await store.commit([
      { kind: 'incident.update', incident: acknowledged, expectedVersion: 0 },
      { kind: 'order.update', order: { ...order, status: 'acknowledged', acknowledgedAt: new Date(T0 + 3 * MIN).toISOString() } },
    ]);
    const time = new ManualTime(T0 + 45 * MIN);
    const out = recorder();
    const timers = service(store, time, out);
    await timers.start();
    await timers.idle();
    expect(out.sent.map((p) => [p.payload.incident?.id, p.payload.escalation?.level])).toEqual([
      ['late', 'townshipCommander'],
      ['late', 'countyDispatchCenter'],
    ]);
    expect((await store.getIncident('acked'))!.orders[0]!.escalations).toEqual([]);
    expect(time.scheduled).toBe(0);
  });

  it('fires each step once when two servers race on the same store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-ack-'));
    dirs.push(dir);
    const store = await openStore(dir);
    await dispatchedCase(store);
    const time = new ManualTime(T0 + 11 * MIN);
    const a = recorder();
    const b = recorder();
    const one = service(store, time, a);
    const two = service(store, time, b);
    await Promise.all([one.start(), two.start()]);
    await Promise.all([one.idle(), two.idle()]);
    const fired = [...a.sent, ...b.sent].map((p) => p.payload.escalation?.level).sort();
    expect(fired).toEqual(['countyDispatchCenter', 'townshipCommander']);
    expect(await escalationsOf(store, 'case-1')).toEqual(['townshipCommander', 'countyDispatchCenter']);
  });

  it('arms a new order handed over with its county without reading the case, and reads it when the step falls due', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-ack-'));
    dirs.push(dir);
    const store = await openStore(dir);
    const { order } = await dispatchedCase(store);
    const reads = countingReads(store);
    const time = new ManualTime(T0);
    const out = recorder();
    const timers = service(reads.store, time, out);
    timers.watch(order, '990101000000');
    await timers.idle();
    expect(reads.count).toBe(0);
    expect(time.scheduled).toBe(1);
    time.advanceTo(T0 + 5 * MIN);
    await timers.idle();
    expect(reads.count).toBeGreaterThan(0);
    expect(out.sent.map((p) => p.payload.escalation?.level)).toEqual(['townshipCommander']);
  });

  it('reads pending orders back a few at a time at start-up, however many there are', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gd-ack-'));
    dirs.push(dir);
    const store = await openStore(dir);
    for (let k = 0; k < 60; k++) await dispatchedCase(store, `many-${k}`);
    const reads = countingReads(store);
    const time = new ManualTime(T0 + 6 * MIN);
    const out = recorder();
    const s = new AckTimerService({ store: reads.store, publisher: out, now: time.now, scheduler: time, ladderFor: () => DEFAULT_ACK_LADDER, maxConcurrentChecks: 3, log: (m) => expect.fail(m) });
    services.push(s);
    await s.start();
    await s.idle();
    expect(reads.maxConcurrent).toBe(3);
    // Every order still got its due step, once.
    expect(out.sent.filter((p) => p.payload.escalation?.level === 'townshipCommander')).toHaveLength(60);
  });
});

/** The real store, with its getIncident calls counted (how many, and how many at once). */
function countingReads(inner: Store): { store: Store; count: number; maxConcurrent: number } {
  const stats = { store: inner, count: 0, maxConcurrent: 0 };
  let active = 0;
  stats.store = new Proxy(inner, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (property !== 'getIncident') return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      return async (id: string) => {
        stats.count++;
        active++;
        stats.maxConcurrent = Math.max(stats.maxConcurrent, active);
        try {
          // A real read takes a while; without this every read would finish before the next starts.
          await new Promise((resolve) => setImmediate(resolve));
          return await target.getIncident(id);
        } finally {
          active--;
        }
      };
    },
  });
  return stats;
}
