import type { Officer } from '../../../shared/domain/officer.ts';
import type { CollaborationRecord } from '../../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../../shared/protocol/disputes.ts';
import type { OfficerRecord } from '../../../shared/protocol/officers.ts';
import {
  ConcurrentUpdateError,
  TimerAlreadyFiredError,
  type AuditQuery,
  type Change,
  type EventRecord,
  type OfficerQuery,
  type RecordQuery,
  type TimerFiring,
} from '../store.ts';
import { read, type Pool, type PoolClient } from './pool.ts';

type CaseChange = Exclude<Change, { kind: 'incident.insert' | 'order.insert' | 'event.append' | 'idempotency.save' }>;

/** The workflow's rows (migration 002). Conditional writes throw, so the whole transaction rolls back. */
export async function applyCaseRow(client: PoolClient, change: CaseChange): Promise<void> {
  switch (change.kind) {
    case 'incident.update': {
      const i = change.incident;
      const { rowCount } = await client.query(
        `UPDATE incidents SET status = $2, doc = $3, version = $4, holder_id = $5, assignee_id = $6
         WHERE id = $1 AND version = $7`,
        [i.id, i.status, JSON.stringify(i), i.case?.version ?? 0, i.case?.holderId ?? null, i.case?.assigneeId ?? null, change.expectedVersion],
      );
      if (rowCount !== 1 || i.case?.version !== change.expectedVersion + 1) throw new ConcurrentUpdateError('incident', i.id);
      return;
    }
    case 'order.update': {
      const o = change.order;
      await client.query('UPDATE dispatch_orders SET status = $2, doc = $3 WHERE id = $1', [o.id, o.status, JSON.stringify(o)]);
      return;
    }
    case 'officer.insert': {
      const o = change.officer;
      const p = o.lastPosition;
      await client.query(
        `INSERT INTO officers (id, county_code, unit_id, name, certificate, status, position_lon, position_lat, position_at, geom)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $7::float8 IS NULL THEN NULL ELSE ST_SetSRID(ST_MakePoint($7, $8), 4326) END)
         ON CONFLICT (id) DO NOTHING`,
        [o.id, o.countyCode, o.unitId, o.name, o.certificate === null ? null : JSON.stringify(o.certificate), o.status, p?.lon ?? null, p?.lat ?? null, p?.at ?? null],
      );
      return;
    }
    case 'officer.status':
      await client.query('UPDATE officers SET status = $2 WHERE id = $1', [change.officerId, change.status]);
      return;
    case 'officer.position': {
      const p = change.position;
      await client.query(
        'UPDATE officers SET position_lon = $2, position_lat = $3, position_at = $4, geom = ST_SetSRID(ST_MakePoint($2, $3), 4326) WHERE id = $1',
        [change.officerId, p.lon, p.lat, p.at],
      );
      return;
    }
    case 'collaboration.put': {
      const r = change.request;
      await putVersioned('collaboration', r.id, r.version, change.expectedVersion, () =>
        change.expectedVersion === 0
          ? client.query(
              `INSERT INTO collaborations (id, county_code, case_id, from_unit, to_unit, received_at, answered, version, doc)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING`,
              [r.id, r.countyCode, r.caseId, r.fromUnitId, r.toUnitId, r.receivedAt, r.answeredAt !== null, r.version, JSON.stringify(r)],
            )
          : client.query('UPDATE collaborations SET answered = $2, version = $3, doc = $4 WHERE id = $1 AND version = $5', [
              r.id, r.answeredAt !== null, r.version, JSON.stringify(r), change.expectedVersion,
            ]),
      );
      return;
    }
    case 'dispute.put': {
      const d = change.dispute;
      const units = [d.raisedBy.unitId, d.routedUnitId, d.proposedUnitId, d.decision?.responsibleUnitId].filter((u): u is string => typeof u === 'string');
      await putVersioned('dispute', d.id, d.version, change.expectedVersion, () =>
        change.expectedVersion === 0
          ? client.query(
              `INSERT INTO disputes (id, county_code, case_id, raised_at, decided, units, version, doc)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
              [d.id, d.countyCode, d.caseId, d.raisedAt, d.decision !== null, units, d.version, JSON.stringify(d)],
            )
          : client.query('UPDATE disputes SET decided = $2, units = $3, version = $4, doc = $5 WHERE id = $1 AND version = $6', [
              d.id, d.decision !== null, units, d.version, JSON.stringify(d), change.expectedVersion,
            ]),
      );
      return;
    }
    case 'timer.fired': {
      const f = change.firing;
      try {
        // Of two servers firing the same step, the second waits for the first's transaction, then fails here.
        await client.query('INSERT INTO timer_firings (subject_id, step, kind, due_at, fired_at) VALUES ($1, $2, $3, $4, $5)', [
          f.subjectId, f.step, f.kind, f.dueAt, f.firedAt,
        ]);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new TimerAlreadyFiredError(f.subjectId, f.step);
        throw error;
      }
      return;
    }
  }
}

async function putVersioned(
  entity: 'collaboration' | 'dispute',
  id: string,
  version: number,
  expectedVersion: number,
  write: () => Promise<{ rowCount: number | null }>,
): Promise<void> {
  if (version !== expectedVersion + 1) throw new ConcurrentUpdateError(entity, id);
  const { rowCount } = await write();
  if (rowCount !== 1) throw new ConcurrentUpdateError(entity, id);
}

interface OfficerRow {
  id: string;
  county_code: string;
  unit_id: string;
  name: string;
  certificate: Officer['certificate'];
  status: Officer['status'];
  position_lon: number | null;
  position_lat: number | null;
  position_at: string | null;
}

function officerOf(row: OfficerRow): OfficerRecord {
  const lastPosition = row.position_lon === null || row.position_lat === null ? null : { lon: row.position_lon, lat: row.position_lat, at: row.position_at ?? '' };
  return { id: row.id, countyCode: row.county_code, unitId: row.unit_id, name: row.name, certificate: row.certificate, status: row.status, lastPosition };
}

const OFFICER_COLUMNS = 'id, county_code, unit_id, name, certificate, status, position_lon, position_lat, position_at';

export async function listOfficers(pool: Pool, query: OfficerQuery): Promise<OfficerRecord[]> {
  const { rows } = await read<OfficerRow>(
    pool,
    `SELECT ${OFFICER_COLUMNS} FROM officers WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR unit_id = $2) ORDER BY id`,
    [query.countyCode ?? null, query.unitId ?? null],
  );
  return rows.map(officerOf);
}

export async function getOfficer(pool: Pool, id: string): Promise<OfficerRecord | null> {
  const { rows } = await read<OfficerRow>(pool, `SELECT ${OFFICER_COLUMNS} FROM officers WHERE id = $1`, [id]);
  return rows[0] ? officerOf(rows[0]) : null;
}

export async function getCollaboration(pool: Pool, id: string): Promise<CollaborationRecord | null> {
  const { rows } = await read<{ doc: CollaborationRecord }>(pool, 'SELECT doc FROM collaborations WHERE id = $1', [id]);
  return rows[0]?.doc ?? null;
}

export async function listCollaborations(pool: Pool, query: RecordQuery): Promise<CollaborationRecord[]> {
  const { rows } = await read<{ doc: CollaborationRecord }>(
    pool,
    `SELECT doc FROM collaborations
     WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR case_id = $2)
       AND ($3::text IS NULL OR from_unit = $3 OR to_unit = $3) AND ($4::boolean IS NULL OR answered = NOT $4)
     ORDER BY received_at, id`,
    [query.countyCode ?? null, query.caseId ?? null, query.unitId ?? null, query.open ?? null],
  );
  return rows.map((r) => r.doc);
}

export async function getDispute(pool: Pool, id: string): Promise<DisputeRecord | null> {
  const { rows } = await read<{ doc: DisputeRecord }>(pool, 'SELECT doc FROM disputes WHERE id = $1', [id]);
  return rows[0]?.doc ?? null;
}

export async function listDisputes(pool: Pool, query: RecordQuery): Promise<DisputeRecord[]> {
  const { rows } = await read<{ doc: DisputeRecord }>(
    pool,
    `SELECT doc FROM disputes
     WHERE ($1::text IS NULL OR county_code = $1) AND ($2::text IS NULL OR case_id = $2)
       AND ($3::text IS NULL OR $3 = ANY (units)) AND ($4::boolean IS NULL OR decided = NOT $4)
     ORDER BY raised_at, id`,
    [query.countyCode ?? null, query.caseId ?? null, query.unitId ?? null, query.open ?? null],
  );
  return rows.map((r) => r.doc);
}

export async function timerFirings(pool: Pool, subjectIds: readonly string[]): Promise<TimerFiring[]> {
  if (subjectIds.length === 0) return [];
  const { rows } = await read<{ subject_id: string; step: string; kind: TimerFiring['kind']; due_at: Date; fired_at: Date }>(
    pool,
    'SELECT subject_id, step, kind, due_at, fired_at FROM timer_firings WHERE subject_id = ANY ($1) ORDER BY subject_id, fired_at, step',
    [subjectIds],
  );
  // Back in the order the subjects were asked for.
  const order = new Map(subjectIds.map((id, i) => [id, i]));
  return rows
    .map((r) => ({ subjectId: r.subject_id, step: r.step, kind: r.kind, dueAt: r.due_at.toISOString(), firedAt: r.fired_at.toISOString() }))
    .sort((a, b) => (order.get(a.subjectId) ?? 0) - (order.get(b.subjectId) ?? 0));
}

export async function audit(pool: Pool, query: AuditQuery): Promise<EventRecord[]> {
  // Only the filters asked for, so the planner can use the expression indexes of migration 002.
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const where = [`seq > ${param(query.afterSeq ?? 0)}`];
  if (query.incidentId !== undefined) where.push(`payload->>'incidentId' = ${param(query.incidentId)}`);
  if (query.userId !== undefined) where.push(`payload->'actor'->>'userId' = ${param(query.userId)}`);
  if (query.countyCode !== undefined) where.push(`payload->>'countyCode' = ${param(query.countyCode)}`);
  if (query.from !== undefined) where.push(`at >= ${param(query.from)}::timestamptz`);
  if (query.to !== undefined) where.push(`at < ${param(query.to)}::timestamptz`);
  const { rows } = await read<{ seq: string; type: string; at: Date; payload: unknown }>(
    pool,
    `SELECT seq, type, at, payload FROM events WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ${param(query.limit)}`,
    values,
  );
  return rows.map((r) => ({ seq: Number(r.seq), type: r.type, at: r.at.toISOString(), payload: r.payload }));
}
