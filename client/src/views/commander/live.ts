import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeRequest } from '../../../../shared/protocol/events.ts';
import { JOINT_ACTION_SOCKET_EVENTS, type JointActionBroadcast } from '../../../../shared/protocol/joint-actions.ts';
import type { OfficerRecord } from '../../../../shared/protocol/officers.ts';
import type { Incident } from '../../../../shared/domain/incident.ts';
import { endSession, sessionToken } from '../../api/session.ts';

export interface LiveHandlers {
  onJointAction?(event: string, payload: JointActionBroadcast): void;
  onOfficer?(officer: OfficerRecord): void;
  /** `created`: a new report (highlight it); `updated`: a workflow step or a new order. */
  onIncident?(incident: Incident, kind: 'created' | 'updated'): void;
  onStatus(connected: boolean): void;
  /** Subscribed again after a reconnect: reload what may have been missed. */
  onResync(): void;
  onError(message: string): void;
}

/** Joins the given rooms with the session token; socket.io reconnects by itself. Returns a function that leaves. */
export function connectLive(request: SubscribeRequest, handlers: LiveHandlers): () => void {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket', 'polling'], auth: (cb) => cb({ token: sessionToken() }) });
  let subscribed = false;
  socket.on('connect', () => {
    socket.emit('session:subscribe', request, (result) => {
      if (!result.ok) return handlers.onError(result.error.message);
      handlers.onStatus(true);
      if (subscribed) handlers.onResync();
      subscribed = true;
    });
  });
  socket.on('disconnect', () => handlers.onStatus(false));
  socket.on('connect_error', (error) => {
    handlers.onStatus(false);
    if (error.message === 'UNAUTHENTICATED') endSession();
  });
  for (const name of Object.values(JOINT_ACTION_SOCKET_EVENTS)) socket.on(name, (payload: JointActionBroadcast) => handlers.onJointAction?.(name, payload));
  socket.on('officer:updated', ({ officer }) => handlers.onOfficer?.(officer));
  socket.on('incident:created', ({ incident }) => handlers.onIncident?.(incident, 'created'));
  socket.on('case:transitioned', ({ incident }) => handlers.onIncident?.(incident, 'updated'));
  socket.on('dispatch:created', ({ incident }) => handlers.onIncident?.(incident, 'updated'));
  socket.on('dispatch:acknowledged', ({ incident }) => handlers.onIncident?.(incident, 'updated'));
  socket.on('dispatch:escalated', ({ incident }) => handlers.onIncident?.(incident, 'updated'));
  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
