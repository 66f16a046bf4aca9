import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/incident.ts';
import { PostgisStore } from '../../server/repositories/postgis/postgis-store.ts';
import {
  ConcurrentUpdateError,
  IdempotencyKeyTakenError,
  StoreUnavailableError,
  type Change,
  type EventRecord,
} from '../../server/repositories/store.ts';
import { at, incidentAt, reportChanges } from '../contract/fixtures.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';

const available = await postgisAvailable('PostGIS group commit');

/** A report's change set with the events intake logs and an idempotency key. */
function report(id: string, key = `key-${id}`, k = 0): Change[] {
  return [
    ...reportChanges(incidentAt(id, at(k), k % 8, 0)),
    { kind: 'idempotency.save', key, response: { requestHash: `hash-${id}`, status: 201, body: { id } } },
  ];
}

function withCase(incident: Incident, version: number): Incident {
  return { ...incident, case: { holderId: 'center-990101000000', assigneeId: incident.route.unit.id, officerIds: [], handlerIds: [], reviewerIds: [], lastEventAt: incident.receivedAt, version } };
}

type Outcome = { ok: true; events: EventRecord[] } | { ok: false; error: Error };

/** Starts every commit in the same tick (so they queue together), in array order. */
function commitAll(store: PostgisStore, sets: Change[][]): Promise<Outcome[]> {
  return Promise.all(sets.map((changes) => store.commit(changes).then((events): Outcome => ({ ok: true, events }), (error: Error): Outcome => ({ ok: false, error }))));
}

describe.skipIf(!available)('PostGIS group commit', () => {
  let db: TestDatabase;
  const stores: PostgisStore[] = [];
  const open = async (groupCommit?: { maxBatch?: number; pipeline?: number }) => {
    const store = await PostgisStore.open({ url: db.url, groupCommit });
    stores.push(store);
    return store;
  };
  const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => queryDatabase<R>(db.url, text, values);
  beforeAll(async () => {
    db = await createTestDatabase('group_commit');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await sql('TRUNCATE events, dispatch_orders, incidents, idempotency_keys; UPDATE event_counter SET last_seq = 0');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('rejects only the change sets that fail, applies nothing of them, and numbers the rest gap-free in call order, in few transactions', async () => {
    const store = await open();
    const base = withCase(incidentAt('versioned', at(0), 1, 1), 0);
    await store.commit([
      { kind: 'incident.insert', incident: base },
      ...Array.from({ length: 15 }, (_, n): Change => ({ kind: 'idempotency.save', key: `taken-${n * 10 + 3}`, response: { requestHash: 'x', status: 201, body: {} } })),
    ]);

    const sets: Change[][] = [];
    const failing = new Map<number, typeof IdempotencyKeyTakenError | typeof ConcurrentUpdateError>();
    for (let k = 0; k < 150; k++) {
      if (k % 10 === 3) {
        // An idempotency key another request stored: its incident must not appear.
        sets.push(report(`dup-${k}`, `taken-${k}`, k));
        failing.set(k, IdempotencyKeyTakenError);
      } else if (k % 10 === 7) {
        // A report plus an update at a stale version: the whole change set must roll back.
        sets.push([...report(`stale-${k}`, `key-stale-${k}`, k), { kind: 'incident.update', incident: withCase(base, 6), expectedVersion: 5 }]);
        failing.set(k, ConcurrentUpdateError);
      } else {
        sets.push(report(`ok-${k}`, `key-ok-${k}`, k));
      }
    }
    const outcomes = await commitAll(store, sets);

    let expectedSeq = 1;
    for (const [k, outcome] of outcomes.entries()) {
      const refusal = failing.get(k);
      if (refusal) {
        expect(outcome.ok, `change set ${k}`).toBe(false);
        expect((outcome as { error: Error }).error, `change set ${k}`).toBeInstanceOf(refusal);
        continue;
      }
      expect(outcome.ok, `change set ${k}: ${(outcome as { error?: Error }).error?.message}`).toBe(true);
      // Two events per report, numbered consecutively and in the order the commits were called.
      expect((outcome as { events: EventRecord[] }).events.map((e) => e.seq)).toEqual([expectedSeq, expectedSeq + 1]);
      expectedSeq += 2;
    }
    const survivors = 150 - failing.size;
    const stored = await sql<{ id: string }>("SELECT id FROM incidents WHERE id <> 'versioned' ORDER BY id");
    expect(stored.map((r) => r.id)).toEqual(sets.flatMap((_, k) => (failing.has(k) ? [] : [`ok-${k}`])).sort());
    expect(await sql('SELECT id FROM dispatch_orders WHERE incident_id LIKE $1 OR incident_id LIKE $2', ['dup-%', 'stale-%'])).toEqual([]);
    expect(await sql("SELECT key FROM idempotency_keys WHERE key LIKE 'key-stale-%'")).toEqual([]);
    const [versioned] = await sql<{ version: number }>("SELECT version FROM incidents WHERE id = 'versioned'");
    expect(versioned!.version).toBe(0);
    const events = await sql<{ seq: string }>('SELECT seq FROM events ORDER BY seq');
    expect(events.map((e) => Number(e.seq))).toEqual(Array.from({ length: survivors * 2 }, (_, i) => i + 1));
    expect((await sql<{ last_seq: string }>('SELECT last_seq FROM event_counter'))[0]!.last_seq).toBe(String(survivors * 2));
    // Grouped: rows inserted by one transaction share its xid (events go in with one statement per batch).
    const [{ n }] = (await sql<{ n: number }>('SELECT count(DISTINCT xmin::text)::int AS n FROM events')) as [{ n: number }];
    expect(n).toBeLessThanOrEqual(Math.ceil(150 / 64) + 2);
    expect(n).toBeGreaterThanOrEqual(Math.ceil(survivors / 64));
  });

  for (const [maxBatch, pipeline] of [[4, 1], [3, 2], [2, 3]] as const) {
    it(`keeps the queue moving with small batches (≤ ${maxBatch}) and ${pipeline} transaction(s) in flight`, async () => {
      const store = await open({ maxBatch, pipeline });
      const outcomes = await commitAll(store, Array.from({ length: 40 }, (_, k) => report(`small-${k}`, `key-small-${k}`, k)));
      expect(outcomes.flatMap((o) => (o.ok ? o.events.map((e) => e.seq) : []))).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      // And once idle, a later commit is taken up too.
      expect((await store.commit(report('later', 'key-later', 1))).map((e) => e.seq)).toEqual([81, 82]);
    });
  }

  it('refuses the second of two change sets with the same key only after the first is stored and readable', async () => {
    const store = await open();
    const [first, second] = await commitAll(store, [report('a', 'same'), report('b', 'same', 1)]);
    expect(first!.ok).toBe(true);
    expect(second!.ok).toBe(false);
    expect((second as { error: Error }).error).toBeInstanceOf(IdempotencyKeyTakenError);
    expect(await store.findIdempotentResponse('same')).toMatchObject({ requestHash: 'hash-a' });
    expect(await store.getIncident('b')).toBeNull();
  });

  it('keeps a change set whose event the database refuses from taking the others down', async () => {
    const store = await open();
    const bad: Change[] = [...report('bad', 'key-bad', 1), { kind: 'event.append', type: 'note', at: 'not a time', payload: {} }];
    const outcomes = await commitAll(store, [report('g1', 'key-g1', 0), bad, report('g2', 'key-g2', 2)]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(await store.getIncident('bad')).toBeNull();
    expect((await sql<{ seq: string }>('SELECT seq FROM events ORDER BY seq')).map((e) => Number(e.seq))).toEqual([1, 2, 3, 4]);
  });

  it('rejects every caller of a batch whose connection is lost before COMMIT, and applies none of it', async () => {
    const store = await open();
    await store.commit(report('before', 'key-before', 0));
    // Hold the counter row so the batch stops at its counter update, then cut its connection (twice: it retries once).
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT last_seq FROM event_counter FOR UPDATE');
      const pending = commitAll(store, Array.from({ length: 5 }, (_, k) => report(`cut-${k}`, `key-cut-${k}`, k + 1)));
      let settled = false;
      void pending.finally(() => (settled = true));
      // Every connection that reaches the counter is cut, until every caller has its answer.
      const cut = new Set<number>();
      for (let tries = 0; tries < 400 && !settled; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const rows = await sql<{ pid: number; ok: boolean }>(
          `SELECT pid, pg_terminate_backend(pid) AS ok FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'grid-dispatch' AND wait_event_type = 'Lock' AND NOT (pid = ANY($1::int[]))`,
          [[...cut]],
        );
        for (const row of rows) if (row.ok) cut.add(row.pid);
      }
      const outcomes = await pending;
      // Each batch is tried once more on a fresh connection before its callers are told.
      expect(cut.size).toBeGreaterThanOrEqual(2);
      for (const outcome of outcomes) {
        expect(outcome.ok).toBe(false);
        expect((outcome as { error: Error }).error).toBeInstanceOf(StoreUnavailableError);
        expect(((outcome as { error: Error }).error as StoreUnavailableError).outcomeUnknown).toBe(false);
      }
    } finally {
      await blocker.query('ROLLBACK').catch(() => undefined);
      await blocker.end();
    }
    expect(await sql("SELECT id FROM incidents WHERE id LIKE 'cut-%'")).toEqual([]);
    expect(await sql("SELECT key FROM idempotency_keys WHERE key LIKE 'key-cut-%'")).toEqual([]);
    // Nothing spent: the next commit continues the sequence without a gap.
    const next = await store.commit(report('after', 'key-after', 9));
    expect(next.map((e) => e.seq)).toEqual([3, 4]);
  });
});
