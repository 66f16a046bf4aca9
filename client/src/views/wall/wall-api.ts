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
  /** Anything happened in the county (an escalation, a step, an officer): the numbers may have changed. */
  onActivity(lastSeq: number): void;
  /**
   * Subscribed (again). `missed`: the replay since the last seq seen was not empty (or it was the
   * first subscription): the caller fetches a fresh snapshot, which holds everything missed.
   */
  onSubscribed(first: boolean, missed: boolean): void;
  onStatus(connected: boolean): void;
  /** The token was refused (expired or revoked). */
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
  /** Connects again after a refusal (socket.io does not retry a handshake the server refused), e.g. with a renewed token. */
  retry(): void;
  /** Drops the transport as a network failure would; socket.io then reconnects by itself. */
  drop(): void;
}

export interface WallLinkOptions {
  /** The token to send on every (re)connect: a renewed one is picked up without a new link. */
  token(): string | null;
  /** The highest seq the wall holds (snapshot or live); sent as afterSeq when subscribing again. */
  lastSeq(): number;
}

/**
 * Joins the county's wall room; socket.io reconnects by itself, forever, also across a server
 * restart. Every (re)subscription sends afterSeq; the ack's replay says whether anything was missed.
 */
export function connectWall(county: string, options: WallLinkOptions, handlers: WallSocketHandlers): WallLink {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
    transports: ['websocket', 'polling'],
    auth: (cb) => cb({ token: options.token() }),
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
  });
  let subscribedOnce = false;
  socket.on('connect', () => {
    const afterSeq = options.lastSeq();
    socket.emit('session:subscribe', { wall: county, ...(afterSeq > 0 ? { afterSeq } : {}) }, (result) => {
      if (!result.ok) {
        handlers.onRefused(result.error.message);
        return;
      }
      const replay = result.value.replay;
      const missed = !subscribedOnce || !replay || replay.events.length > 0 || replay.next !== null;
      handlers.onStatus(true);
      handlers.onSubscribed(!subscribedOnce, missed);
      subscribedOnce = true;
    });
  });
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', (error) => {
    handlers.onStatus(false);
    if (error.message === 'UNAUTHENTICATED') handlers.onRefused(error.message);
  });
  const single = (event: 'incident:created' | 'dispatch:created') => (payload: unknown) => {
    const live = toLive(event, payload);
    if (live) {
      handlers.onEvents([live]);
      handlers.onActivity(live.seq);
    }
  };
  socket.on('incident:created', single('incident:created'));
  socket.on('dispatch:created', single('dispatch:created'));
  socket.on('wall:updated', (batch: WallBatchEvent) => {
    const items = batch?.events ?? [];
    const events = items.map((e) => toLive(e.event, e.payload)).filter((e): e is WallLiveEvent => e !== null);
    if (events.length > 0) handlers.onEvents(events);
    if (items.length > 0) handlers.onActivity(Math.max(...items.map((e) => e.seq)));
  });
  return {
    close() {
      socket.removeAllListeners();
      socket.disconnect();
    },
    retry() {
      if (!socket.connected) socket.connect();
    },
    drop() {
      socket.io.engine?.close();
    },
  };
}
