import type { Server } from 'socket.io';
import type { AuthService } from '../services/auth-service.ts';
import type { ServerMetrics } from './metrics.ts';

/**
 * Keeps grid_dispatch_socket_clients{role} current: +1 on connect, -1 on disconnect, under the
 * role of the account that signed the socket in (the auth middleware has already accepted the
 * token; sockets without one never connect).
 */
export function trackSocketClients(io: Server, auth: AuthService, metrics: ServerMetrics): void {
  io.on('connection', (socket) => {
    const token = (socket.data as { token?: unknown }).token;
    const check = auth.verify(typeof token === 'string' ? token : undefined);
    const role = check.ok ? check.actor.role : 'unknown';
    metrics.socketClients.inc({ role });
    socket.once('disconnect', () => metrics.socketClients.dec({ role }));
  });
}
