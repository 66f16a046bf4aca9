import type { DispatchOrder, Incident } from '../domain/incident.ts';

/**
 * Every broadcast carries the event log's sequence number so a client can detect gaps
 * and ask for a replay after a reconnect.
 */
export interface Sequenced {
  seq: number;
}

export interface IncidentCreatedEvent extends Sequenced {
  incident: Incident;
}

export interface DispatchCreatedEvent extends Sequenced {
  order: DispatchOrder;
  incident: Incident;
}

export interface SubscribeRequest {
  /** 6- or 12-digit county code: joins the county operators' room. */
  county?: string;
  /** Unit ids: joins `team:<id>` rooms. */
  teams?: string[];
}

export type Ack<T> = (result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }) => void;

/** Broadcasts: past tense, `entity:verb`. */
export interface ServerToClientEvents {
  'incident:created': (event: IncidentCreatedEvent) => void;
  'dispatch:created': (event: DispatchCreatedEvent) => void;
}

/** Commands: imperative, with an ack. */
export interface ClientToServerEvents {
  'session:subscribe': (request: SubscribeRequest, ack: Ack<{ rooms: string[] }>) => void;
}

/** Room names, built in one place so client, server and tests agree. */
export const rooms = {
  team: (unitId: string) => `team:${unitId}`,
  township: (code: string) => `township:${code}`,
  county: (code: string) => `county:${code}`,
  wall: (code: string) => `wall:${code}`,
} as const;
