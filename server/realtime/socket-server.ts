import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { rooms, type ClientToServerEvents, type ServerToClientEvents } from '../../shared/protocol/events.ts';
import type { Publisher } from '../services/publisher.ts';

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents>;

const UNIT_ID = /^[a-z]+-[0-9A-Za-z-]{1,40}$/;

/** socket.io on the HTTP server's port; clients choose rooms with `session:subscribe`. */
export function attachRealtime(http: HttpServer, isCounty: (code: string) => boolean): { io: TypedServer; publisher: Publisher } {
  const io: TypedServer = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024 });
  io.on('connection', (socket) => {
    socket.on('session:subscribe', async (request, ack) => {
      if (typeof ack !== 'function') return;
      const wanted: string[] = [];
      if (request?.county !== undefined) {
        const code = typeof request.county === 'string' ? normalizeCountyCode(request.county) : null;
        if (!code || !isCounty(code)) {
          return ack({ ok: false, error: { code: 'UNKNOWN_COUNTY', message: `county ${String(request.county)} is not served here` } });
        }
        wanted.push(rooms.county(code));
      }
      for (const team of request?.teams ?? []) {
        if (typeof team !== 'string' || !UNIT_ID.test(team)) {
          return ack({ ok: false, error: { code: 'VALIDATION_FAILED', message: `not a unit id: ${String(team)}` } });
        }
        wanted.push(rooms.team(team));
      }
      await socket.join(wanted);
      ack({ ok: true, value: { rooms: wanted } });
    });
  });
  const publisher: Publisher = {
    publish(target, event, payload) {
      // One emit to the union of rooms: a socket in several of them still gets it once.
      (io.to(target).emit as (e: string, p: unknown) => boolean)(event, payload);
    },
  };
  return { io, publisher };
}
