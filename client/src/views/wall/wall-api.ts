import { io, type Socket } from 'socket.io-client';
import type { DispatchOrder, Incident } from '../../../../shared/domain/incident.ts';
import type { ClientToServerEvents, ServerToClientEvents, WallBatchEvent } from '../../../../shared/protocol/events.ts';
import type { WallSnapshot } from '../../../../shared/protocol/stats.ts';

export class WallHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchWallSnapshot(county: string, token: string, signal?: AbortSignal): Promise<WallSnapshot> {
  const res = await fetch(`/api/v1/stats/wall?county=${encodeURIComponent(county)}`, { headers: { accept: 'application/json', authorization: `Bearer ${token}` }, signal });
  const body = (await res.json().catch(() => null)) as (WallSnapshot & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new WallHttpError(res.status, body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

/** One live event as the wall uses it. */
export type WallLiveEvent = { kind: 'incident'; seq: number; incident: Incident } | { kind: 'dispatch'; seq: number; incident: Incident; order: DispatchOrder };

export interface WallSocketHandlers {
  onEvents(events: WallLiveEvent[]): void;
  /** Subscribed (again): whatever was missed while away is fetched as a fresh snapshot. */
  onSubscribed(first: boolean): void;
  onStatus(connected: boolean): void;
  onRefused(message: string): void;
}


function toLive(event: string, payload: unknown): WallLiveEvent | null {
  const p = payload as { seq?: number; incident?: Incident; order?: DispatchOrder };
  if (typeof p?.seq !== 'number' || !p.incident) return null;
  if (event === 'incident:created') return { kind: 'incident', seq: p.seq, incident: p.incident };
  if (event === 'dispatch:created' && p.order) return { kind: 'dispatch', seq: p.seq, incident: p.incident, order: p.order };
  return null;
}

export interface WallLink {
  close(): void;
  /** Drops the transport as a network failure would; socket.io then reconnects by itself. */
  drop(): void;
}

/** Joins the county's wall room with the display token; socket.io reconnects by itself. */
export function connectWall(county: string, token: string, handlers: WallSocketHandlers): WallLink {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    transports: ['websocket', 'polling'],
    auth: { token },
    reconnectionDelay: 1000,
    reconnectionDelayMax: 10_000,
  });
  let subscribedOnce = false;
  socket.on('connect', () => {
    socket.emit('session:subscribe', { wall: county }, (result) => {
      if (!result.ok) {
        handlers.onRefused(result.error.message);
        return;
      }
      handlers.onStatus(true);
      handlers.onSubscribed(!subscribedOnce);
      subscribedOnce = true;
    });
  });
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', (error) => {
    handlers.onStatus(false);
    if (error.message === 'UNAUTHENTICATED') handlers.onRefused(error.message);
  });
  socket.on('incident:created', (payload) => {
    const live = toLive('incident:created', payload);
    if (live) handlers.onEvents([live]);
  });
  socket.on('dispatch:created', (payload) => {
    const live = toLive('dispatch:created', payload);
    if (live) handlers.onEvents([live]);
  });
  socket.on('wall:updated', (batch: WallBatchEvent) => {
    const events = (batch?.events ?? []).map((e) => toLive(e.event, e.payload)).filter((e): e is WallLiveEvent => e !== null);
    if (events.length > 0) handlers.onEvents(events);
  });
  return {
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
    drop() {
      socket.io.engine?.close();
    },
  };
}
