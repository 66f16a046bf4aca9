import type { GridCollection, GridLevel } from '../../shared/domain/grid.ts';
import type { DispatchOrder, Incident, IncidentStatus } from '../../shared/domain/incident.ts';
import type { OfficerPosition, OfficerStatus } from '../../shared/domain/officer.ts';
import type { CollaborationRecord } from '../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../shared/protocol/disputes.ts';
import type { OfficerRecord } from '../../shared/protocol/officers.ts';

/**
 * One entry of the append-only event log; `seq` is strictly increasing with no reuse. The log is
 * also the audit trail: payloads name `incidentId`, `countyCode` and `actor: {userId, unitId}` when
 * they have them, and the audit query filters on those.
 */
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
  | { kind: 'idempotency.save'; key: string; response: IdempotentResponse }
  /** Replaces the incident; refused (ConcurrentUpdateError) unless the stored case version is `expectedVersion`. */
  | { kind: 'incident.update'; incident: Incident; expectedVersion: number }
  /** Replaces an order (only ever together with its incident's versioned update). */
  | { kind: 'order.update'; order: DispatchOrder }
  /** Inserts the officer unless one with that id exists (seeding is idempotent, across servers too). */
  | { kind: 'officer.insert'; officer: OfficerRecord }
  /** Field-level updates, so a status change and a position report cannot overwrite each other. */
  | { kind: 'officer.status'; officerId: string; status: OfficerStatus }
  | { kind: 'officer.position'; officerId: string; position: OfficerPosition }
  /** Insert (expectedVersion 0) or replace; refused unless the stored version is `expectedVersion`. */
  | { kind: 'collaboration.put'; request: CollaborationRecord; expectedVersion: number }
  | { kind: 'dispute.put'; dispute: DisputeRecord; expectedVersion: number }
  /** A timer step; UNIQUE (subjectId, step): a second firing is refused (TimerAlreadyFiredError). */
  | { kind: 'timer.fired'; firing: TimerFiring };

export interface OfficerQuery {
  countyCode?: string;
  unitId?: string;
}

/** What timers watch: ack ladders of orders, answer deadlines of collaborations, decision deadlines of disputes. */
export type TimerKind = 'ack-escalation' | 'collaboration-overdue' | 'dispute-overdue';

/** One timer step that fired: `subjectId` is the order, request or dispute; `step` the ladder level or 'overdue'. */
export interface TimerFiring {
  subjectId: string;
  step: string;
  kind: TimerKind;
  dueAt: string;
  firedAt: string;
}

export interface RecordQuery {
  countyCode?: string;
  caseId?: string;
  /** Any unit on either side (asking/asked, raising/routed/proposed/decided). */
  unitId?: string;
  /** Only those not answered / not decided yet. */
  open?: boolean;
}

/** The audit trail = the event log, filtered. Ascending seq; page on with `afterSeq`. */
export interface AuditQuery {
  incidentId?: string;
  userId?: string;
  countyCode?: string;
  /** Inclusive lower bound on the event time (ISO). */
  from?: string;
  /** Exclusive upper bound on the event time (ISO). */
  to?: string;
  afterSeq?: number;
  limit: number;
}

export interface IncidentQuery {
  countyCode?: string;
  status?: IncidentStatus;
  /** Any of these statuses (with `status`, both must hold). */
  statuses?: readonly IncidentStatus[];
  townshipCode?: string;
  source?: string;
  /** The matter's domain by its code prefix (e.g. `AQSC`), or `none` for cases without a matter code. */
  domain?: string;
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

/**
 * Vector tile layers: one per grid level, its label points (`<level>-labels`: one point inside
 * each cell, in exactly one tile, so a map labels each cell once), and the incidents as points.
 */
export const TILE_LAYERS = [
  'county',
  'township',
  'village',
  'group',
  'county-labels',
  'township-labels',
  'village-labels',
  'group-labels',
  'incidents',
] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** The grid level a polygon or label layer shows; null for incidents. */
export function tileLayerLevel(layer: TileLayer): GridLevel | null {
  if (layer === 'incidents') return null;
  return layer.endsWith('-labels') ? (layer.slice(0, -'-labels'.length) as GridLevel) : (layer as GridLevel);
}

/**
 * Spatial reads. PostGIS answers them in SQL (a spatial join, ST_AsMVT); the embedded store has
 * no spatial engine, so the server computes the same answers in process (services/in-process-spatial.ts).
 */
/** Which incidents an incidents tile may hold: a county-wide reader sees its county (null: every county). */
export interface TileFilter {
  countyCode: string | null;
}

export interface SpatialQueries {
  /** A cell counts the incidents whose location it covers. */
  gridCounts(query: GridCountQuery): Promise<GridCount[]>;
  /**
   * Mapbox Vector Tile (extent 4096, buffer 64) with one layer named after `layer`; empty when
   * nothing is there. A `<level>-labels` layer holds one point inside each cell (code, shortName,
   * level, sortKey = -area in m²), with no buffer, so each cell is labelled in exactly one tile.
   */
  tile(layer: TileLayer, z: number, x: number, y: number, filter?: TileFilter): Promise<Uint8Array>;
  /**
   * A county's grid at an applied version (from an import, or replayed from the event log) is
   * about to be served: make counts and tiles answer with it. Idempotent per county + version, and
   * never goes back to an older version, so every node can call it for every version it reads.
   */
  replaceGrids(countyCode: string, version: number, collection: GridCollection): Promise<void>;
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

/** The record changed since it was read (another request or server got there first); nothing of this commit was applied. */
export class ConcurrentUpdateError extends Error {
  override name = 'ConcurrentUpdateError';
  constructor(
    readonly entity: 'incident' | 'collaboration' | 'dispute',
    readonly id: string,
  ) {
    super(`${entity} ${id} was changed by someone else (or does not exist at the expected version)`);
  }
}

/** This timer step was already recorded (by this or another server); nothing of this commit was applied. */
export class TimerAlreadyFiredError extends Error {
  override name = 'TimerAlreadyFiredError';
  constructor(
    readonly subjectId: string,
    readonly step: string,
  ) {
    super(`timer step ${step} of ${subjectId} already fired`);
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
  /** Orders still waiting for acknowledgement (status pending), oldest first: the ack timers' work list. */
  listPendingOrders(): Promise<DispatchOrder[]>;
  listOfficers(query: OfficerQuery): Promise<OfficerRecord[]>;
  getOfficer(id: string): Promise<OfficerRecord | null>;
  getCollaboration(id: string): Promise<CollaborationRecord | null>;
  listCollaborations(query: RecordQuery): Promise<CollaborationRecord[]>;
  getDispute(id: string): Promise<DisputeRecord | null>;
  listDisputes(query: RecordQuery): Promise<DisputeRecord[]>;
  /** Timer steps recorded for these subjects. */
  timerFirings(subjectIds: readonly string[]): Promise<TimerFiring[]>;
  audit(query: AuditQuery): Promise<EventRecord[]>;
  close(): Promise<void>;
}
