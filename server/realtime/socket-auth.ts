import type { Socket } from 'socket.io';
import { decide, type Actor, type OrgConfigs, type Scope } from '../../shared/domain/capabilities.ts';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { rooms, type SubscribeRequest } from '../../shared/protocol/events.ts';
import type { AuthService } from '../services/auth-service.ts';

/** What the socket keeps from its handshake. */
export interface SocketAuthData {
  token?: string;
}

const UNIT_ID = /^[a-z]+-[0-9A-Za-z-]{1,40}$/;
const TOWNSHIP = /^\d{12}$/;

export type RoomsDecision = { ok: true; rooms: string[] } | { ok: false; error: { code: string; message: string } };

/**
 * socket.io middleware: a socket connects only with a valid token in `handshake.auth.token`;
 * otherwise the client gets connect_error with message 'UNAUTHENTICATED' (and `data` saying why).
 * Disconnects the socket when its token expires, so a live feed cannot outlast the sign-in.
 */
export function socketAuth(auth: AuthService, now: () => Date) {
  return (socket: Socket, next: (err?: Error) => void): void => {
    const raw: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    const token = typeof raw === 'string' ? raw : undefined;
    const check = auth.verify(token);
    if (!check.ok) {
      const error = new Error('UNAUTHENTICATED') as Error & { data?: unknown };
      error.data = { code: 'UNAUTHENTICATED', message: check.message };
      next(error);
      return;
    }
    (socket.data as SocketAuthData).token = token;
    const ms = Date.parse(check.expiresAt) - now().getTime();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
    next();
  };
}

function unitCounty(org: OrgConfigs, unitId: string): string | undefined {
  for (const config of org.values()) if (config.units.some((u) => u.id === unitId)) return config.countyCode;
  return undefined;
}

/**
 * The rooms a subscription asks for, each checked as `case:read` (county, township, team rooms) or
 * `wall:view` (wall room) on what the room carries. All or nothing: one room outside the actor's
 * scope refuses the whole request with FORBIDDEN naming it.
 */
export function allowedRooms(actor: Actor, request: SubscribeRequest | undefined, org: OrgConfigs): RoomsDecision {
  const wanted: Array<{ room: string; capability: 'case:read' | 'wall:view'; scope: Scope }> = [];
  const county = (input: unknown): string | RoomsDecision => {
    const code = typeof input === 'string' ? normalizeCountyCode(input) : null;
    if (!code || !org.has(code)) return { ok: false, error: { code: 'UNKNOWN_COUNTY', message: `county ${String(input)} is not served here` } };
    return code;
  };
  if (request?.county !== undefined) {
    const code = county(request.county);
    if (typeof code !== 'string') return code;
    wanted.push({ room: rooms.county(code), capability: 'case:read', scope: { countyCode: code } });
  }
  if (request?.wall !== undefined) {
    const code = county(request.wall);
    if (typeof code !== 'string') return code;
    wanted.push({ room: rooms.wall(code), capability: 'wall:view', scope: { countyCode: code } });
  }
  for (const township of request?.townships ?? []) {
    if (typeof township !== 'string' || !TOWNSHIP.test(township)) {
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: `not a 12-digit township code: ${String(township)}` } };
    }
    const countyCode = `${township.slice(0, 6)}000000`;
    if (!org.get(countyCode)?.townships.some((t) => t.code === township)) {
      return { ok: false, error: { code: 'NOT_FOUND', message: `township ${township} is not served here` } };
    }
    wanted.push({ room: rooms.township(township), capability: 'case:read', scope: { countyCode, townshipCode: township } });
  }
  for (const team of request?.teams ?? []) {
    if (typeof team !== 'string' || !UNIT_ID.test(team)) {
      return { ok: false, error: { code: 'VALIDATION_FAILED', message: `not a unit id: ${String(team)}` } };
    }
    const countyCode = unitCounty(org, team);
    if (!countyCode) return { ok: false, error: { code: 'NOT_FOUND', message: `unit ${team} is not in any county served here` } };
    wanted.push({ room: rooms.team(team), capability: 'case:read', scope: { countyCode, unitId: team } });
  }
  for (const { room, capability, scope } of wanted) {
    const decision = decide(actor, capability, scope, org);
    if (!decision.allowed) return { ok: false, error: { code: 'FORBIDDEN', message: `forbidden: room ${room}: ${decision.message}` } };
  }
  return { ok: true, rooms: wanted.map((w) => w.room) };
}
