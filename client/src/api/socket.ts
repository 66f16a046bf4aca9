import { io, type Socket } from 'socket.io-client';
import type { DispatchOrder, Incident } from '../../../shared/domain/incident.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/protocol/events.ts';

export type DispatchSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CountyFeedHandlers {
  onIncident(incident: Incident, seq: number): void;
  onDispatch(order: DispatchOrder, incident: Incident, seq: number): void;
  /** Subscribed again after a reconnect: events may have been missed, so reload. */
  onResync(): void;
  onStatus(connected: boolean): void;
  onError(message: string): void;
}

/** Joins the county operators' room on the same origin; returns a function that leaves. */
export function connectCountyFeed(county: string, handlers: CountyFeedHandlers): () => void {
  const socket: DispatchSocket = io({ transports: ['websocket', 'polling'] });
  let subscribedOnce = false;

  socket.on('connect', () => {
    socket.emit('session:subscribe', { county }, (result) => {
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
  socket.on('connect_error', () => handlers.onStatus(false));
  socket.on('incident:created', ({ incident, seq }) => handlers.onIncident(incident, seq));
  socket.on('dispatch:created', ({ order, incident, seq }) => handlers.onDispatch(order, incident, seq));

  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
