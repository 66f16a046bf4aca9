import type { GridLevel } from '../../shared/domain/grid.ts';
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

/** Incidents per grid cell of one county and level, received in [from, to). */
export interface GridCountQuery {
  countyCode: string;
  level: GridLevel;
  from?: string;
  to?: string;
}

/** Every cell of the county at that level, zero counts included, ordered by code. */
export interface GridCount {
  code: string;
  name: string;
  count: number;
}

/** Vector tile layers: one per grid level, plus the incidents as points. */
export const TILE_LAYERS = ['county', 'township', 'village', 'group', 'incidents'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/**
 * Spatial reads. PostGIS answers them in SQL (a spatial join, ST_AsMVT); the embedded store has
 * no spatial engine, so the server computes the same answers in process (services/in-process-spatial.ts).
 */
export interface SpatialQueries {
  /** A cell counts the incidents whose location it covers. */
  gridCounts(query: GridCountQuery): Promise<GridCount[]>;
  /** Mapbox Vector Tile (extent 4096, buffer 64) with one layer named after `layer`; empty when nothing is there. */
  tile(layer: TileLayer, z: number, x: number, y: number): Promise<Uint8Array>;
}

/**
 * The store cannot be reached (database down, connection lost). The HTTP layer answers 503 with
 * Retry-After. `outcomeUnknown`: the connection dropped while COMMIT was in flight, so the change
 * may or may not be stored — a retry with the same Idempotency-Key finds out without duplicating.
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(
    message: string,
    readonly outcomeUnknown = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Another request stored a response under this Idempotency-Key first; nothing of this commit was applied. */
export class IdempotencyKeyTakenError extends Error {
  override name = 'IdempotencyKeyTakenError';
  constructor(readonly key: string) {
    super(`idempotency key already stored: ${key}`);
  }
}

/** The store port. Only adapters under repositories/ touch files or SQL. */
export interface Store {
  readonly kind: 'embedded' | 'postgis';
  /** Present when the adapter answers spatial queries itself (PostGIS). */
  readonly spatial?: SpatialQueries;
  /** Applies the change set atomically and durably; resolves with the appended events. */
  commit(changes: Change[]): Promise<EventRecord[]>;
  getIncident(id: string): Promise<IncidentWithOrders | null>;
  listIncidents(query: IncidentQuery): Promise<IncidentPage>;
  eventsAfter(seq: number, limit: number): Promise<EventRecord[]>;
  findIdempotentResponse(key: string): Promise<IdempotentResponse | null>;
  close(): Promise<void>;
}
