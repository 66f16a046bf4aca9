import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { MAX_REPLAY_IN_ACK } from '../../shared/protocol/event-log.ts';
import type { ReplayService } from '../services/replay-service.ts';
import type { OrgConfigs } from '../../shared/domain/capabilities.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol/events.ts';
import type { AuthService } from '../services/auth-service.ts';
import type { Publisher } from '../services/publisher.ts';
import { allowedRooms, socketAuth, type SocketAuthData } from './socket-auth.ts';
import { serveCommands, type CommandLog } from './socket-commands.ts';

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;

export interface RealtimeAccess {
  auth: AuthService;
  /** Answers `afterSeq`: what a reconnecting socket missed. */
  replay?: ReplayService;
  org: OrgConfigs;
  now: () => Date;
  /** Where a failing socket command is logged. */
  log?: CommandLog;
}

/**
 * socket.io on the HTTP server's port. A socket connects with a token (`auth: {token}`) and joins
 * only the rooms its actor's scope allows, chosen with `session:subscribe`.
 */
export function attachRealtime(http: HttpServer, access: RealtimeAccess): { io: TypedServer; publisher: Publisher } {
  const io: TypedServer = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  io.use(socketAuth(access.auth, access.now));
  io.on('connection', (socket) => {
    serveCommands(
      socket,
      {
        async 'session:subscribe'(socket, request) {
          // Checked again: the token may have expired or the account changed since the handshake.
          const check = access.auth.verify((socket.data as SocketAuthData).token);
          if (!check.ok) {
            setImmediate(() => socket.disconnect(true));
            return { ok: false, error: { code: 'UNAUTHENTICATED', message: check.message } };
          }
          const decision = allowedRooms(check.actor, request, access.org);
          if (!decision.ok) return decision;
          // Join first, then read the log: an event committed in between is in both, and the
          // client's SeqGate drops the repeat; read first and it could be in neither.
          await socket.join(decision.rooms);
          const afterSeq = request.afterSeq;
          if (afterSeq === undefined || !access.replay) return { ok: true, value: { rooms: decision.rooms } };
          try {
            const { items, next } = await access.replay.visibleAfter(check.actor, afterSeq, MAX_REPLAY_IN_ACK);
            return { ok: true, value: { rooms: decision.rooms, replay: { events: items, next } } };
          } catch (error) {
            return { ok: false, error: { code: 'REPLAY_FAILED', message: `could not read the event log: ${(error as Error).message}; subscribe again` } };
          }
        },
      },
      access.log,
    );
  });
  const publisher: Publisher = {
    publish(target, event, payload) {
      // One emit to the union of rooms: a socket in several of them still gets it once.
      (io.to(target).emit as (e: string, p: unknown) => boolean)(event, payload);
    },
  };
  return { io, publisher };
}
