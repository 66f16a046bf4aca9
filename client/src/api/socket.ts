import { io, type Socket } from 'socket.io-client';
import type { DispatchOrder, Incident } from '../../../shared/domain/incident.ts';
import type { MeResponse } from '../../../shared/protocol/auth.ts';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeRequest } from '../../../shared/protocol/events.ts';
import { endSession, sessionMe, sessionToken } from './session.ts';

export type DispatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CountyFeedHandlers {
  onIncident(incident: Incident, seq: number): void;
  onDispatch(order: DispatchOrder, incident: Incident, seq: number): void;
  /** Subscribed again after a reconnect: events may have been missed, so reload. */
  onResync(): void;
  onStatus(connected: boolean): void;
  onError(message: string): void;
}

/**
 * The rooms of a county the signed-in actor may follow: the whole county for county-wide roles,
 * otherwise their townships and units there. null: nothing to follow (e.g. a grid member).
 */
export function subscriptionFor(county: string, me: MeResponse | null): SubscribeRequest | null {
  if (!me || !me.capabilities.includes('case:read')) return null;
  if (me.scope.countyWide) return { county };
  if (me.scope.countyCode !== county) return null;
  const request = { townships: me.scope.townshipCodes, teams: me.scope.unitIds };
  return request.townships.length + request.teams.length > 0 ? request : null;
}

/** Joins the rooms of the county the actor may follow, on the same origin; returns a function that leaves. */
export function connectCountyFeed(county: string, handlers: CountyFeedHandlers): () => void {
  // auth as a function: a reconnect sends the current token.
  const socket: DispatchSocket = io({ transports: ['websocket', 'polling'], auth: (cb) => cb({ token: sessionToken() }) });
  let subscribedOnce = false;

  socket.on('connect', () => {
    const subscription = subscriptionFor(county, sessionMe());
    if (!subscription) return;
    socket.emit('session:subscribe', subscription, (result) => {
      if (!result.ok) {
        handlers.onError(result.error.message);
        return;
      }
      handlers.onStatus(true);
      if (subscribedOnce) handlers.onResync();
      subscribedOnce = true;
    });
  });
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', (error) => {
    handlers.onStatus(false);
    if (error.message === 'UNAUTHENTICATED') endSession();
  });
  socket.on('incident:created', ({ incident, seq }) => handlers.onIncident(incident, seq));
  socket.on('dispatch:created', ({ order, incident, seq }) => handlers.onDispatch(order, incident, seq));

  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
