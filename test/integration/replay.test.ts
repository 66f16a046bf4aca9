import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoggedEvent } from '../../shared/protocol/event-log.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events.ts';
import { SeqGate } from '../../shared/protocol/seq-gate.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer;
let operatorToken: string;
beforeAll(async () => {
  server = await startTestServer();
  operatorToken = await loginAs(server, operatorOf('410923'));
});
afterAll(async () => {
  await server?.close();
});

const groups = featuresAt('410923', 'group');
async function report(i: number): Promise<string> {
  const [lon, lat] = interiorPoint(groups[(i * 37) % groups.length]!);
  const res = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(operatorToken) },
    body: JSON.stringify({ lon, lat, description: `回放测试 ${i}`, source: 'patrol' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function eventsAfter(after: number, token = operatorToken): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  let next: number | null = after;
  while (next !== null) {
    const res = await fetch(`${server.url}/api/v1/events?after=${next}&limit=50`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { items: LoggedEvent[]; next: number | null };
    all.push(...page.items);
    next = page.items.length === 0 ? null : page.next;
  }
  return all;
}

/** A socket that subscribes with afterSeq and feeds replay + live traffic through a SeqGate. */
async function reconnect(afterSeq: number, onSubscribed?: () => Promise<void>) {
  const delivered: number[] = [];
  const gate = new SeqGate<{ seq: number }>(afterSeq, (e) => delivered.push(e.seq));
  const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: operatorToken } });
  for (const event of ['incident:created', 'dispatch:created', 'case:transitioned'] as const) socket.on(event, ((e: { seq: number }) => gate.live(e)) as never);
  gate.beginReplay();
  const subscribed = socket.timeout(5000).emitWithAck('session:subscribe', { county: '410923', afterSeq });
  await onSubscribed?.();
  const ack = await subscribed;
  if (!ack.ok) throw new Error(ack.error.message);
  gate.replay(ack.value.replay!.events, ack.value.replay!.next === null);
  const replayHead = Math.max(afterSeq, ...ack.value.replay!.events.map((e: LoggedEvent) => e.seq));
  return { socket, delivered, gate, replayHead };
}

describe('replay after a reconnect', () => {
  it('delivers everything missed while offline, in order, exactly once, the same as GET /events', async () => {
    const first = await reconnect(0);
    await report(0);
    await new Promise((r) => setTimeout(r, 300));
    const seenBefore = first.gate.last;
    expect(seenBefore).toBeGreaterThan(0);
    first.socket.disconnect();

    // Offline for a few seconds while reports keep coming.
    for (let i = 1; i <= 6; i++) {
      await report(i);
      await new Promise((r) => setTimeout(r, 400));
    }
    const missed = await eventsAfter(seenBefore);
    expect(missed.length).toBeGreaterThanOrEqual(6 * 2);
    expect(missed.map((e) => e.seq)).toEqual([...missed.map((e) => e.seq)].sort((a, b) => a - b));

    // Reconnect while more reports are being filed: live events overtaking the replay are held.
    const again = await reconnect(seenBefore, async () => {
      await Promise.all([report(7), report(8)]);
    });
    await report(9);
    const expected = await eventsAfter(seenBefore);
    // After the replay, only what is broadcast arrives live (intake's own case steps are logged, not pushed).
    const pushedLive = new Set(['incident:created', 'dispatch:created']);
    const due = expected.filter((e) => e.seq <= again.replayHead || pushedLive.has(e.type));
    await waitFor(() => again.gate.last >= Math.max(...due.map((e) => e.seq)));
    // Strictly increasing: in order, no repeats.
    again.delivered.forEach((seq, i) => i > 0 && expect(seq).toBeGreaterThan(again.delivered[i - 1]!));
    // Everything missed while offline (the replay) and everything pushed since was delivered.
    expect(again.replayHead).toBeGreaterThanOrEqual(missed[missed.length - 1]!.seq);
    for (const event of due) expect(again.delivered).toContain(event.seq);
    again.socket.disconnect();
  });

  it('replays only what the subscriber may see', async () => {
    const otherCounty = await loginAs(server, operatorOf('371521'));
    const seen = await eventsAfter(0, otherCounty);
    expect(seen.every((e) => (e.payload as { countyCode?: string }).countyCode === '371521000000')).toBe(true);
    const mine = await eventsAfter(0);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => (e.payload as { countyCode?: string }).countyCode === '410923000000')).toBe(true);
  });

  it('refuses a bad afterSeq and unauthenticated reads', async () => {
    const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: operatorToken } });
    const ack = await socket.timeout(5000).emitWithAck('session:subscribe', { county: '410923', afterSeq: -1 });
    expect(ack.ok).toBe(false);
    socket.disconnect();
    expect((await fetch(`${server.url}/api/v1/events?after=0`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/v1/events?after=x`, { headers: bearer(operatorToken) })).status).toBe(400);
  });
});

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
