import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeRequest } from '../../shared/protocol/events.ts';
import { bearer, loginAs } from './auth.ts';
import { featuresAt, interiorPoint } from './grid-data.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A signed-in demo user talking to one server: JSON over REST and a subscribed socket. */
export interface Session {
  username: string;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  listen(request: SubscribeRequest): Promise<ClientSocket>;
}

export function sessionFor(server: { url: string }, username: string, sockets: ClientSocket[]): Session {
  return {
    username,
    async call(method, path, body) {
      const token = await loginAs(server, username);
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async listen(request) {
      const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: await loginAs(server, username) } });
      sockets.push(socket);
      const result = await socket.timeout(5000).emitWithAck('session:subscribe', request);
      if (!result.ok) throw new Error(`${username} could not subscribe: ${result.error.message}`);
      return socket;
    },
  };
}

/** Every payload of one event a socket receives, in arrival order. */
export function collect<E extends keyof ServerToClientEvents>(socket: ClientSocket, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

export async function waitFor(check: () => boolean, ms = 8000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Points inside villages of one township (distinct villages, so reports spread out). */
export function pointsIn(townshipCode: string, count: number): Array<{ lon: number; lat: number }> {
  const villages = featuresAt(townshipCode.slice(0, 6), 'village').filter((f) => f.properties.parentCode === townshipCode);
  if (villages.length === 0) throw new Error(`no villages in ${townshipCode}`);
  return Array.from({ length: count }, (_, k) => {
    const [lon, lat] = interiorPoint(villages[k % villages.length]!);
    return { lon, lat };
  });
}
