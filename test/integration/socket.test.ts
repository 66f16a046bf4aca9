import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, DispatchCreatedEvent, IncidentCreatedEvent, ServerToClientEvents, SubscribeRequest } from '../../shared/protocol/events.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: TestServer;
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
});

/** Signs in as a demo account (a county's commander may join any team room of the county). */
async function connect(request: SubscribeRequest, username: string): Promise<{ socket: ClientSocket; rooms: string[] }> {
  const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: await loginAs(server, username) } });
  sockets.push(socket);
  const result = await socket.timeout(5000).emitWithAck('session:subscribe', request);
  if (!result.ok) throw new Error(result.error.message);
  return { socket, rooms: result.value.rooms };
}

function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('live dispatch over socket.io', () => {
  it('pushes dispatch:created to the responsible team room and the county operators, once each', async () => {
    const group = featuresAt('410923', 'group')[100]!;
    const [lon, lat] = interiorPoint(group);
    // Ask the dry run who is responsible by posting once, then subscribe that team.
    const township = group.properties.code.slice(0, 9) + '000';
    const operator = await connect({ county: '410923' }, operatorOf('410923'));
    expect(operator.rooms).toEqual(['county:410923000000']);
    const team = await connect({ teams: [`team-${township}`] }, 'nanle.commander');
    const bothRooms = await connect({ county: '410923000000', teams: [`team-${township}`] }, 'nanle.commander');
    const elsewhere = await connect({ county: '371521' }, operatorOf('371521'));

    const opOrders = collect(operator.socket, 'dispatch:created');
    const opIncidents = collect(operator.socket, 'incident:created');
    const teamOrders = collect(team.socket, 'dispatch:created');
    const bothOrders = collect(bothRooms.socket, 'dispatch:created');
    const otherOrders = collect(elsewhere.socket, 'dispatch:created');

    const res = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, operatorOf('410923'))) },
      body: JSON.stringify({ lon, lat, description: '违规倾倒建筑垃圾', source: 'grid-member' }),
    });
    expect(res.status).toBe(201);
    const { id, route } = await res.json();
    expect(route.unit.id).toBe(`team-${township}`);

    await waitFor(() => opOrders.length === 1 && teamOrders.length === 1 && bothOrders.length === 1 && opIncidents.length === 1);
    await new Promise((r) => setTimeout(r, 200)); // duplicates would have arrived by now
    const order = teamOrders[0] as DispatchCreatedEvent;
    expect(order.incident.id).toBe(id);
    expect(order.order.incidentId).toBe(id);
    expect(order.order.unit.id).toBe(route.unit.id);
    expect(order.incident.route.group.code).toBe(group.properties.code);
    expect(bothOrders).toHaveLength(1); // in two matching rooms, delivered once
    expect((opIncidents[0] as IncidentCreatedEvent).seq).toBeLessThan(order.seq);
    expect(otherOrders).toHaveLength(0);
  });

  it('refuses to subscribe to an unknown county or a malformed unit id', async () => {
    const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: await loginAs(server, 'system.admin') } });
    sockets.push(socket);
    const unknown = await socket.timeout(5000).emitWithAck('session:subscribe', { county: '999999' });
    expect(unknown).toEqual({ ok: false, error: { code: 'UNKNOWN_COUNTY', message: expect.stringContaining('999999') } });
    const bad = await socket.timeout(5000).emitWithAck('session:subscribe', { teams: ['../../etc'] });
    expect(bad.ok).toBe(false);
  });
});
