import type { DispatchOrder, Incident, IncidentStatus } from '../../shared/domain/incident.ts';

/** One entry of the append-only event log; `seq` is strictly increasing with no reuse. */
export interface EventRecord<T = unknown> {
  seq: number;
  type: string;
  /** ISO 8601 UTC. */
  at: string;
  payload: T;
}

export interface IncidentWithOrders extends Incident {
  orders: DispatchOrder[];
}

/** What the POST /reports response was, kept so an idempotent retry gets the same answer. */
export interface IdempotentResponse {
  /** Hash of the request body: the same key with another body is refused, not replayed. */
  requestHash: string;
  status: number;
  body: unknown;
}

/**
 * A change set committed atomically. Services build it; each adapter applies it in one
 * transaction (one journal line, or one SQL transaction), so an incident never exists
 * without its dispatch order and events.
 */
export type Change =
  | { kind: 'incident.insert'; incident: Incident }
  | { kind: 'order.insert'; order: DispatchOrder }
  | { kind: 'event.append'; type: string; at: string; payload: unknown }
  | { kind: 'idempotency.save'; key: string; response: IdempotentResponse };

export interface IncidentQuery {
  countyCode?: string;
  status?: IncidentStatus;
  /** Inclusive lower bound on receivedAt (ISO). */
  from?: string;
  /** Exclusive upper bound on receivedAt (ISO). */
  to?: string;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface IncidentPage {
  items: IncidentWithOrders[];
  next: string | null;
}

/** The store port. Only adapters under repositories/ touch files or SQL. */
export interface Store {
  readonly kind: 'embedded' | 'postgis';
  /** Applies the change set atomically and durably; resolves with the appended events. */
  commit(changes: Change[]): Promise<EventRecord[]>;
  getIncident(id: string): Promise<IncidentWithOrders | null>;
  listIncidents(query: IncidentQuery): Promise<IncidentPage>;
  eventsAfter(seq: number, limit: number): Promise<EventRecord[]>;
  findIdempotentResponse(key: string): Promise<IdempotentResponse | null>;
  close(): Promise<void>;
}
