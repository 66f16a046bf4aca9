import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchCreatedEvent, DispatchEscalatedEvent } from '../../shared/protocol/events.ts';
import { openStore } from '../../server/repositories/open-store.ts';
import type { IncidentWithOrders } from '../../server/repositories/store.ts';
import type { WallBatchEvent } from '../../server/realtime/wall-coalescer.ts';
import { reportPoints } from '../contract/report-points.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { startCluster, type Cluster } from '../bench/load/cluster.ts';
import { sampleValue, scrape } from '../bench/load/prom-text.ts';

/**
 * Two real server processes on one PostgreSQL in cluster mode (socket.io PostgreSQL adapter), with
 * an acknowledgement ladder of seconds (township commander after 4 s, county after 7 s) and a timer
 * sweep that looks 1.5 s ahead, so the sweeping node arms every step the owner node arms and the two
 * race at the due moment. Node a starts first and alone, so it holds the sweep lock until it dies.
 */
const ACK_MS = 4000;
const COUNTY_MS = 3000;

const available = await postgisAvailable('multi-node cluster');

let db: TestDatabase;
let cluster: Cluster;
const sockets: Socket[] = [];

async function listen(url: string, token: string, request: Record<string, unknown>): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
  sockets.push(socket);
  const result = (await socket.timeout(5000).emitWithAck('session:subscribe', request)) as { ok: boolean; error?: { message: string } };
  if (!result.ok) throw new Error(result.error?.message);
  return socket;
}

function collectOrders(socket: Socket): Map<string, number> {
  const seen = new Map<string, number>();
  socket.on('dispatch:created', (event: DispatchCreatedEvent) => seen.set(event.incident.id, (seen.get(event.incident.id) ?? 0) + 1));
  return seen;
}

async function waitFor(check: () => boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!available)('two server processes on one PostgreSQL (cluster mode)', () => {
  beforeAll(async () => {
    db = await createTestDatabase('multinode');
    cluster = await startCluster(db.url, 2, {
      script: 'test/bench/load/ladder-node.ts',
      sequential: true,
      env: { TEST_ACK_MS: String(ACK_MS), TEST_COUNTY_MS: String(COUNTY_MS), TEST_SWEEP_GRACE_MS: '-1500' },
    });
  }, 120_000);
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await cluster?.stop();
    await db?.drop();
  });

  it('delivers a report posted to node A to a client on node B exactly once (and back), walls included', { timeout: 60_000 }, async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][number], Cluster['nodes'][number]];
    // Signed in on A, accepted by B: the nodes share the token secret.
    const token = await loginAs(a, 'nanle.operator');
    const wallToken = await loginAs(a, 'nanle.wall');
    const points = reportPoints(6);
    // The team of the first point, for a team-room listener.
    const dry = await fetch(`${a.url}/api/v1/route`, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(token) }, body: JSON.stringify({ lon: points[0]!.lon, lat: points[0]!.lat }) });
    const team = ((await dry.json()) as { route: { unit: { id: string } } }).route.unit.id;

    const onB = collectOrders(await listen(b.url, token, { county: '410923' }));
    const teamOnB = collectOrders(await listen(b.url, token, { teams: [team] }));
    const onA = collectOrders(await listen(a.url, token, { county: '410923' }));
    const bothRoomsOnB = collectOrders(await listen(b.url, token, { county: '410923', teams: [team] }));
    const wallOnB = await listen(b.url, wallToken, { wall: '410923' });
    const wallItems: string[] = [];
    wallOnB.on('wall:updated', (batch: WallBatchEvent) => wallItems.push(...batch.events.map((e) => `${e.event}#${e.seq}`)));

    const ids: Array<{ id: string; node: string; team: string }> = [];
    for (const [k, point] of points.entries()) {
      const node = k % 2 === 0 ? a : b;
      const response = await fetch(`${node.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `multinode-${k}`, ...bearer(token) },
        body: JSON.stringify({ lon: point.lon, lat: point.lat, description: `multinode ${k}`, source: 'patrol' }),
      });
      expect(response.status).toBe(201);
      const body = (await response.json()) as { id: string; route: { unit: { id: string } } };
      ids.push({ id: body.id, node: node.name, team: body.route.unit.id });
    }

    await waitFor(() => ids.every(({ id }) => onB.has(id) && onA.has(id) && bothRoomsOnB.has(id)));
    await waitFor(() => wallItems.length >= 2 * ids.length);
    await new Promise((r) => setTimeout(r, 800)); // duplicates, had there been any, would be here by now
    for (const { id, team: unit } of ids) {
      expect(onB.get(id), `B's operator, report ${id}`).toBe(1);
      expect(onA.get(id), `A's operator, report ${id}`).toBe(1);
      expect(bothRoomsOnB.get(id), `a socket in two matching rooms, report ${id}`).toBe(1);
      expect(teamOnB.get(id) ?? 0).toBe(unit === team ? 1 : 0);
    }
    expect(ids.filter((r) => r.team === team && r.node === 'a').length, 'the team room saw a report from node A').toBeGreaterThan(0);
    // The wall on B got every event of both nodes once, coalesced.
    expect(wallItems).toHaveLength(2 * ids.length);
    expect(new Set(wallItems).size).toBe(wallItems.length);
  });

  it('fires each ack-ladder step exactly once though both nodes hold its timer', { timeout: 60_000 }, async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][number], Cluster['nodes'][number]];
    const token = await loginAs(b, 'nanle.operator');
    const seen = collectEscalations(await listen(a.url, token, { county: '410923' }));
    const handedBefore = sampleValue(await scrape(a.url), 'grid_dispatch_timer_sweep_handed_total');
    const points = reportPoints(20).slice(10, 13);
    const orders: string[] = [];
    for (const [k, point] of points.entries()) {
      // Posted to B: B's own timers own the ladder; A, the sweeping node, arms the same steps.
      const response = await fetch(`${b.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': `ladder-${k}`, ...bearer(token) },
        body: JSON.stringify({ lon: point.lon, lat: point.lat, description: `ladder ${k}`, source: 'patrol' }),
      });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const read = await fetch(`${b.url}/api/v1/incidents/${id}`, { headers: bearer(token) });
      orders.push(((await read.json()) as IncidentWithOrders).orders[0]!.id);
    }
    const keys = orders.flatMap((o) => [`${o}/townshipCommander`, `${o}/countyDispatchCenter`]);
    await waitFor(() => keys.every((k) => seen.has(k)), 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // a second firing would be broadcast by now
    for (const key of keys) expect(seen.get(key), key).toBe(1);
    // A's sweep did arm them (so two nodes held each timer), and the log holds each step once.
    expect(sampleValue(await scrape(a.url), 'grid_dispatch_timer_sweep_handed_total')).toBeGreaterThan(handedBefore);
    const logged = await escalationsInLog(orders);
    for (const key of keys) expect(logged.get(key), `${key} in the event log`).toBe(1);
  });

  // Last: it kills node A.
  it('loses no accepted report when node A is killed mid-burst; node B keeps serving', { timeout: 60_000 }, async () => {
    const [a, b] = cluster.nodes as [Cluster['nodes'][number], Cluster['nodes'][number]];
    const token = await loginAs(b, 'nanle.operator');
    const onB = collectOrders(await listen(b.url, token, { county: '410923' }));
    const points = reportPoints(16);
    const accepted = new Map<string, { id: string; node: string; k: number; afterKill: boolean }>();
    const unknown = new Map<string, number>();
    let killed = false;
    let stop = false;
    let k = 0;
    const post = async (url: string, key: string, n: number) => {
      const point = points[n % points.length]!;
      const response = await fetch(`${url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(token) },
        body: JSON.stringify({ lon: point.lon, lat: point.lat, description: `failover ${key}`, source: 'patrol' }),
        signal: AbortSignal.timeout(10_000),
      });
      return { status: response.status, body: (await response.json()) as { id: string } };
    };
    const poster = async (node: Cluster['nodes'][number], c: number) => {
      for (let n = 0; !stop && n < 2000; n++) {
        if (node === a && killed) return;
        const key = `failover-${node.name}-${c}-${n}`;
        const mine = k++;
        const afterKill = killed;
        try {
          const { status, body } = await post(node.url, key, mine);
          if (status !== 201) throw new Error(`unexpected ${status} from ${node.name}: ${JSON.stringify(body)}`);
          accepted.set(key, { id: body.id, node: node.name, k: mine, afterKill });
        } catch (error) {
          if ((error as Error).message.startsWith('unexpected') || node !== a) throw error;
          unknown.set(key, mine); // A died with this request in flight: maybe stored, maybe not
        }
      }
    };
    const posters = [poster(a, 0), poster(a, 1), poster(a, 2), poster(b, 0)];
    await new Promise((r) => setTimeout(r, 1000));
    a.child.kill('SIGKILL');
    killed = true;
    await a.exited;
    await new Promise((r) => setTimeout(r, 1000)); // B alone, still under load
    stop = true;
    await Promise.all(posters);

    const fromA = [...accepted.values()].filter((r) => r.node === 'a');
    const fromBAfter = [...accepted.values()].filter((r) => r.node === 'b' && r.afterKill);
    expect(fromA.length, 'node A accepted reports before it died').toBeGreaterThan(3);
    expect(fromBAfter.length, 'node B accepted reports after A died').toBeGreaterThan(0);

    // Every 201, from either node, is stored exactly once with its order (read through B).
    const stored = await allIncidents(b.url, token);
    const byDescription = new Map<string, IncidentWithOrders[]>();
    for (const incident of stored) byDescription.set(incident.description, [...(byDescription.get(incident.description) ?? []), incident]);
    for (const [key, { id }] of accepted) {
      const copies = byDescription.get(`failover ${key}`) ?? [];
      expect(copies.map((i) => i.id), `201 for ${key}`).toEqual([id]);
      expect(copies[0]!.orders).toHaveLength(1);
    }
    // What A had in flight when it died: retried on B with the same key, it lands exactly once.
    for (const [key, n] of unknown) expect((await post(b.url, key, n)).status).toBe(201);
    const after = await allIncidents(b.url, token);
    const failover = after.filter((i) => i.description.startsWith('failover '));
    expect(failover).toHaveLength(accepted.size + unknown.size);
    expect(new Set(failover.map((i) => i.description)).size).toBe(failover.length);

    // B's own clients kept receiving: every report B accepted reached them, once.
    await waitFor(() => [...accepted.values()].filter((r) => r.node === 'b').every((r) => onB.has(r.id)));
    for (const r of accepted.values()) if (r.node === 'b') expect(onB.get(r.id)).toBe(1);

    // The shared event log has no gap and no repeat across both nodes and the kill.
    const store = await openStore({ databaseUrl: db.url, dataDir: '/nonexistent', grids: new Map() });
    try {
      const events = await store.eventsAfter(0, 1_000_000);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    } finally {
      await store.close();
    }

    // No timer lost: the ladders of A's orders (their timers died with A) are fired by B, which
    // took over the sweep lock — each step exactly once.
    const fromAOrders = await ordersOf(fromA.map((r) => r.id));
    expect(fromAOrders.length).toBe(fromA.length);
    const keys = fromAOrders.flatMap((o) => [`${o}/townshipCommander`, `${o}/countyDispatchCenter`]);
    let logged = new Map<string, number>();
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      logged = await escalationsInLog(fromAOrders);
      if (keys.every((k) => logged.has(k))) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const key of keys) expect(logged.get(key), `${key}: fired once after A died`).toBe(1);
    expect(sampleValue(await scrape(b.url), 'grid_dispatch_timer_sweep_handed_total')).toBeGreaterThan(0);
  });
});

async function allIncidents(url: string, token: string): Promise<IncidentWithOrders[]> {
  const items: IncidentWithOrders[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 200; page++) {
    const response = await fetch(`${url}/api/v1/incidents?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(token) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: IncidentWithOrders[]; next: string | null };
    items.push(...body.items);
    cursor = body.next;
    if (!cursor) break;
  }
  return items;
}

function collectEscalations(socket: Socket): Map<string, number> {
  const seen = new Map<string, number>();
  socket.on('dispatch:escalated', (event: DispatchEscalatedEvent) => {
    const key = `${event.order.id}/${event.escalation.level}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  });
  return seen;
}

/** dispatch:escalated entries of the shared event log, counted per order and level. */
async function escalationsInLog(orderIds: readonly string[]): Promise<Map<string, number>> {
  const rows = await queryDatabase<{ key: string; n: string }>(
    db.url,
    `SELECT (payload->>'orderId') || '/' || (payload->'escalation'->>'level') AS key, count(*) AS n
       FROM events WHERE type = 'dispatch:escalated' AND payload->>'orderId' = ANY($1) GROUP BY 1`,
    [orderIds],
  );
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

async function ordersOf(incidentIds: readonly string[]): Promise<string[]> {
  const rows = await queryDatabase<{ id: string }>(db.url, 'SELECT id FROM dispatch_orders WHERE incident_id = ANY($1)', [incidentIds]);
  return rows.map((r) => r.id);
}
