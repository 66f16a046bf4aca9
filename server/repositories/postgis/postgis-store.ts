import type { GridCollection } from '../../../shared/domain/grid.ts';
import type { CollaborationRecord } from '../../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../../shared/protocol/disputes.ts';
import type { OfficerRecord } from '../../../shared/protocol/officers.ts';
import type { DispatchOrder, Incident } from '../../../shared/domain/incident.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';
import {
  IdempotencyKeyTakenError,
  StoreUnavailableError,
  type AuditQuery,
  type Change,
  type EventRecord,
  type IdempotentResponse,
  type IncidentPage,
  type IncidentQuery,
  type IncidentWithOrders,
  type OfficerQuery,
  type RecordQuery,
  type Store,
  type TimerFiring,
} from '../store.ts';
import * as caseRows from './postgis-case-rows.ts';
import { syncGrids, type GridSyncResult } from './grid-sync.ts';
import { migrate } from './migrate.ts';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { createPool, read, type Pool, type PoolClient } from './pool.ts';
import { PostgisSpatial } from './postgis-spatial.ts';

export interface PostgisOpenOptions {
  url: string;
  /** County grids to load into the grids table (only counties whose file changed are reloaded). */
  grids?: Map<string, GridCollection>;
  /** How long start-up waits for an unreachable database before giving up (default 30 s). */
  startupTimeoutMs?: number;
  log?: (message: string) => void;
  /** Batch size and pipelining of grouped commits (defaults suit production; the commit-rate bench varies them). */
  groupCommit?: GroupCommitOptions;
}

/** A row's stored record, plus its orders aggregated in issue order. */
const INCIDENT_WITH_ORDERS = `SELECT i.doc,
  coalesce((SELECT json_agg(o.doc ORDER BY o.n) FROM dispatch_orders o WHERE o.incident_id = i.id), '[]'::json) AS orders
  FROM incidents i`;

interface IncidentRow {
  doc: Incident;
  orders: DispatchOrder[];
}

/**
 * The PostgreSQL + PostGIS adapter: concurrent commit()s are grouped into one SQL transaction
 * (group-commit.ts; each change set still all-or-nothing), sequence numbers from a single counter
 * row (assigned in commit order), grids and incidents as geometries with GiST indexes so spatial
 * questions are answered by the database.
 */
export class PostgisStore implements Store {
  readonly kind = 'postgis' as const;
  readonly spatial: PostgisSpatial;
  private readonly writer: GroupCommitter;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    readonly gridSync: GridSyncResult,
    groupCommit: GroupCommitOptions = {},
  ) {
    this.spatial = new PostgisSpatial(pool);
    this.writer = new GroupCommitter(pool, applyRow, groupCommit);
  }

  static async open(options: PostgisOpenOptions): Promise<PostgisStore> {
    const pool = createPool(options.url);
    try {
      await waitForDatabase(pool, options.startupTimeoutMs ?? 30_000, options.log ?? ((m) => console.warn(m)));
      await requirePostgis(pool);
      await migrate(pool);
      const gridSync = options.grids ? await syncGrids(pool, options.grids) : { loaded: [], unchanged: [] };
      return new PostgisStore(pool, gridSync, options.groupCommit);
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  commit(changes: Change[]): Promise<EventRecord[]> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return this.writer.commit(changes);
  }

  async getIncident(id: string): Promise<IncidentWithOrders | null> {
    const { rows } = await read<IncidentRow>(this.pool, `${INCIDENT_WITH_ORDERS} WHERE i.id = $1`, [id]);
    const row = rows[0];
    return row ? { ...row.doc, orders: row.orders } : null;
  }

  async listIncidents(query: IncidentQuery): Promise<IncidentPage> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (value: unknown) => {
      values.push(value);
      return `$${values.length}`;
    };
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      where.push(`(i.received_at, i.id) < (${param(after.at)}::timestamptz, ${param(after.id)})`);
    }
    if (query.countyCode) where.push(`i.county_code = ${param(query.countyCode)}`);
    if (query.status) where.push(`i.status = ${param(query.status)}`);
    if (query.statuses) where.push(`i.status = ANY(${param([...query.statuses])}::text[])`);
    if (query.townshipCode) where.push(`i.township_code = ${param(query.townshipCode)}`);
    if (query.source) where.push(`i.source = ${param(query.source)}`);
    if (query.domain === 'none') where.push('i.matter_code IS NULL');
    else if (query.domain) where.push(`i.matter_code LIKE ${param(`${query.domain}-%`)}`);
    if (query.from) where.push(`i.received_at >= ${param(query.from)}::timestamptz`);
    if (query.to) where.push(`i.received_at < ${param(query.to)}::timestamptz`);
    const sql = `${INCIDENT_WITH_ORDERS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY i.received_at DESC, i.id DESC LIMIT ${param(query.limit + 1)}`;
    const { rows } = await read<IncidentRow>(this.pool, sql, values);
    const items = rows.slice(0, query.limit).map((row) => ({ ...row.doc, orders: row.orders }));
    const last = items[items.length - 1];
    return { items, next: rows.length > query.limit && last ? encodeCursor(last.receivedAt, last.id) : null };
  }

  async eventsAfter(seq: number, limit: number): Promise<EventRecord[]> {
    const { rows } = await read<{ seq: string; type: string; at: Date; payload: unknown }>(
      this.pool,
      'SELECT seq, type, at, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [seq, limit],
    );
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type, at: r.at.toISOString(), payload: r.payload }));
  }

  async findIdempotentResponse(key: string): Promise<IdempotentResponse | null> {
    const { rows } = await read<{ request_hash: string; status: number; body: unknown }>(
      this.pool,
      'SELECT request_hash, status, body FROM idempotency_keys WHERE key = $1',
      [key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.status, body: row.body } : null;
  }

  async listPendingOrders(): Promise<DispatchOrder[]> {
    const { rows } = await read<{ doc: DispatchOrder }>(this.pool, "SELECT doc FROM dispatch_orders WHERE status = 'pending' ORDER BY created_at, id");
    return rows.map((r) => r.doc);
  }

  listOfficers(query: OfficerQuery): Promise<OfficerRecord[]> {
    return caseRows.listOfficers(this.pool, query);
  }

  getOfficer(id: string): Promise<OfficerRecord | null> {
    return caseRows.getOfficer(this.pool, id);
  }

  getCollaboration(id: string): Promise<CollaborationRecord | null> {
    return caseRows.getCollaboration(this.pool, id);
  }

  listCollaborations(query: RecordQuery): Promise<CollaborationRecord[]> {
    return caseRows.listCollaborations(this.pool, query);
  }

  getDispute(id: string): Promise<DisputeRecord | null> {
    return caseRows.getDispute(this.pool, id);
  }

  listDisputes(query: RecordQuery): Promise<DisputeRecord[]> {
    return caseRows.listDisputes(this.pool, query);
  }

  timerFirings(subjectIds: readonly string[]): Promise<TimerFiring[]> {
    return caseRows.timerFirings(this.pool, subjectIds);
  }

  audit(query: AuditQuery): Promise<EventRecord[]> {
    return caseRows.audit(this.pool, query);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Commits already accepted finish (and their callers hear the outcome) before the pool goes.
    await this.writer.idle();
    await this.pool.end();
  }
}

async function applyRow(client: PoolClient, change: Change): Promise<void> {
  switch (change.kind) {
    case 'incident.insert': {
      const i = change.incident;
      await client.query(
        `INSERT INTO incidents (id, received_at, status, source, matter_code, county_code, township_code, village_code,
           group_code, unit_id, geom, doc, version, holder_id, assignee_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, ST_SetSRID(ST_MakePoint($11, $12), 4326), $13, $14, $15, $16)`,
        [i.id, i.receivedAt, i.status, i.source, i.matterCode, i.route.county.code, i.route.township.code, i.route.village.code,
          i.route.group.code, i.route.unit.id, i.location.lon, i.location.lat, JSON.stringify(i), i.case?.version ?? 0,
          i.case?.holderId ?? null, i.case?.assigneeId ?? null],
      );
      return;
    }
    case 'order.insert': {
      const o = change.order;
      await client.query(
        'INSERT INTO dispatch_orders (id, incident_id, unit_id, status, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6)',
        [o.id, o.incidentId, o.unit.id, o.status, o.createdAt, JSON.stringify(o)],
      );
      return;
    }
    case 'idempotency.save':
      try {
        // A concurrent transaction inserting the same key makes this wait for it, then fail.
        await client.query('INSERT INTO idempotency_keys (key, request_hash, status, body) VALUES ($1, $2, $3, $4)', [
          change.key, change.response.requestHash, change.response.status, JSON.stringify(change.response.body),
        ]);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new IdempotencyKeyTakenError(change.key);
        throw error;
      }
      return;
    case 'event.append':
      return; // numbered and inserted for the whole batch, last (group-commit.ts)
    default:
      await caseRows.applyCaseRow(client, change);
  }
}

async function waitForDatabase(pool: Pool, timeoutMs: number, log: (message: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let warned = false; ; ) {
    try {
      await read(pool, 'SELECT 1');
      return;
    } catch (error) {
      if (!(error instanceof StoreUnavailableError) || Date.now() >= deadline) throw error;
      if (!warned) log(`[store] waiting up to ${Math.round(timeoutMs / 1000)} s for PostgreSQL: ${error.message}`);
      warned = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function requirePostgis(pool: Pool): Promise<void> {
  const { rows } = await read<{ installed: string | null; available: string | null }>(
    pool,
    `SELECT (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS installed,
            (SELECT default_version FROM pg_available_extensions WHERE name = 'postgis') AS available`,
  );
  if (!rows[0]?.installed && !rows[0]?.available) {
    throw new Error('the PostGIS extension is not installed on this PostgreSQL server (Debian: apt-get install postgresql-15-postgis-3)');
  }
}
