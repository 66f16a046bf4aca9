import { StoreUnavailableError, type Change, type EventRecord } from '../store.ts';
import { isConnectionError, unavailable, withClient, type Pool, type PoolClient } from './pool.ts';

type EventAppend = Extract<Change, { kind: 'event.append' }>;

/** Applies one non-event row of a change set; throws the domain error of a refused conditional write. */
export type ApplyRow = (client: PoolClient, change: Change) => Promise<void>;

export interface GroupCommitOptions {
  /**
   * Change sets per transaction at most. 64: each change set in a batch of several runs in its
   * own subtransaction, and PostgreSQL caches 64 subtransaction ids per backend; beyond that every
   * concurrent snapshot is "suboverflowed" and visibility checks go through pg_subtrans.
   */
  maxBatch?: number;
  /** Transactions in flight at once: the next batch applies its rows while the previous one flushes its WAL. */
  pipeline?: number;
}

interface Pending {
  changes: Change[];
  appends: EventAppend[];
  resolve: (events: EventRecord[]) => void;
  reject: (error: Error) => void;
  /** This change set's own refusal in the current attempt; it was rolled back to its savepoint. */
  refused?: Error;
  events?: EventRecord[];
}

/**
 * Group commit for the PostGIS adapter. Sequence numbers come from one counter row whose lock is
 * held until COMMIT (so seqs are gap-free and visible in order), and that serialises every commit
 * behind the previous one's WAL flush: one transaction per report caps intake at a few hundred a
 * second. Here concurrent commit() calls queue, and one writer takes the queue as a batch and runs
 * it as ONE transaction:
 *
 *   BEGIN; per change set: SAVEPOINT, its rows — on a refusal (idempotency key taken, version
 *   conflict, constraint) ROLLBACK TO SAVEPOINT and only that caller is rejected, with its own
 *   error; then one statement bumps the counter for all surviving events and inserts them; COMMIT.
 *
 * Each caller still sees all-or-nothing for its own change set, and seqs follow queue order. A
 * connection lost before COMMIT rejects the whole batch with StoreUnavailableError (nothing was
 * applied; the batch is retried once first, as a pooled connection can be stale after an outage);
 * lost during COMMIT, the survivors' outcome is unknown and they are told so. Pipelining: batch
 * N+1 starts (on another connection) once batch N holds the counter row, so N+1's counter update
 * waits for N's COMMIT and seqs stay in queue order, while N+1's rows go in during N's flush.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private running = 0;
  /** False while a batch has begun but does not hold the counter yet: the next one must wait. */
  private gateOpen = true;
  private idleWaiters: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly pipeline: number;

  constructor(
    private readonly pool: Pool,
    private readonly applyRow: ApplyRow,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.pipeline = Math.max(1, options.pipeline ?? 2);
  }

  commit(changes: Change[]): Promise<EventRecord[]> {
    const appends = changes.filter((c): c is EventAppend => c.kind === 'event.append');
    return new Promise((resolve, reject) => {
      this.queue.push({ changes, appends, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.gateOpen && this.running < this.pipeline && this.queue.length > 0) {
      const batch = this.take();
      this.running++;
      this.gateOpen = false;
      let opened = false;
      const open = () => {
        if (opened) return;
        opened = true;
        this.gateOpen = true;
        this.pump();
      };
      void this.run(batch, open).finally(() => {
        this.running--;
        // A batch that failed before taking the counter opens the gate now. One that opened it
        // earlier leaves it alone (a later batch may hold it closed), but its writer slot is free:
        // the queue must move on either way.
        open();
        this.pump();
        if (this.running === 0 && this.queue.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    }
  }

  /**
   * The next batch, in queue order. It stops before a change set that saves an idempotency key an
   * earlier one in the batch saves: in its own transaction it then waits for that one's COMMIT and
   * is refused with the key stored and readable, as it would be without grouping.
   */
  private take(): Pending[] {
    const batch: Pending[] = [];
    const keys = new Set<string>();
    while (batch.length < this.maxBatch && this.queue.length > 0) {
      const own = this.queue[0]!.changes.flatMap((c) => (c.kind === 'idempotency.save' ? [c.key] : []));
      if (batch.length > 0 && own.some((k) => keys.has(k))) break;
      batch.push(this.queue.shift()!);
      for (const k of own) keys.add(k);
    }
    return batch;
  }

  /** Runs one batch to its end and settles every caller in it; never rejects. */
  private async run(batch: Pending[], open: () => void): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let committing = false;
      try {
        await withClient(this.pool, async (client) => {
          await client.query('BEGIN');
          try {
            await this.applyAll(client, batch);
            await appendEvents(client, batch.filter((p) => !p.refused));
            // The counter row is ours until COMMIT: the next batch can begin (its own counter update waits for us).
            open();
            committing = true;
            await client.query('COMMIT');
          } catch (error) {
            if (!committing && !isConnectionError(error) && !(error instanceof StoreUnavailableError)) await rollback(client);
            throw error;
          }
        });
        for (const p of batch) {
          if (p.refused) p.reject(p.refused);
          else p.resolve(p.events ?? []);
        }
        return;
      } catch (error) {
        if (error instanceof StoreUnavailableError || isConnectionError(error)) {
          const cause = error instanceof StoreUnavailableError ? error.cause : error;
          if (committing) {
            // Refused ones were rolled back to their savepoints either way; the others may or may not be stored.
            for (const p of batch) p.reject(p.refused ?? unavailable(cause, true));
            return;
          }
          if (attempt < 2) continue;
          for (const p of batch) p.reject(error instanceof StoreUnavailableError ? error : unavailable(error));
          return;
        }
        if (batch.length > 1 && !committing) {
          // A statement shared by the batch failed (say, one change set's event time the database
          // cannot read): run each change set alone so the error reaches only the caller it belongs to.
          for (const p of batch) await this.run([p], () => undefined);
          return;
        }
        for (const p of batch) p.reject(p.refused ?? (error as Error));
        return;
      }
    }
  }

  /** Each change set's rows; in a batch of several, each behind its own savepoint. */
  private async applyAll(client: PoolClient, batch: Pending[]): Promise<void> {
    for (const p of batch) p.refused = undefined;
    if (batch.length === 1) {
      for (const change of batch[0]!.changes) await this.applyRow(client, change);
      return;
    }
    let first = true;
    for (const p of batch) {
      // One round trip: the previous change set's savepoint is folded into the transaction, a new one taken.
      await client.query(first ? 'SAVEPOINT change_set' : 'RELEASE SAVEPOINT change_set; SAVEPOINT change_set');
      first = false;
      try {
        for (const change of p.changes) await this.applyRow(client, change);
      } catch (error) {
        if (error instanceof StoreUnavailableError || isConnectionError(error)) throw error;
        p.refused = error instanceof Error ? error : new Error(String(error));
        await client.query('ROLLBACK TO SAVEPOINT change_set');
      }
    }
  }
}

/**
 * Numbers the survivors' events in queue order with ONE statement: bump the counter row (its lock
 * is held until COMMIT) and insert every event. Last statement before COMMIT, so the lock is held
 * for as short a time as possible.
 */
async function appendEvents(client: PoolClient, survivors: Pending[]): Promise<void> {
  const rows: Array<{ i: number; type: string; at: string; payload: unknown }> = [];
  for (const p of survivors) for (const e of p.appends) rows.push({ i: rows.length + 1, type: e.type, at: e.at, payload: e.payload });
  if (rows.length === 0) {
    for (const p of survivors) p.events = [];
    return;
  }
  const { rows: result } = await client.query<{ last_seq: string }>(
    `WITH c AS (UPDATE event_counter SET last_seq = last_seq + $1::bigint RETURNING last_seq),
          ins AS (INSERT INTO events (seq, type, at, payload)
                  SELECT c.last_seq - $1::bigint + e.i, e.type, e.at, e.payload
                  FROM c CROSS JOIN json_to_recordset($2::json) AS e(i bigint, type text, at timestamptz, payload json))
     SELECT last_seq FROM c`,
    [rows.length, JSON.stringify(rows)],
  );
  let seq = Number(result[0]!.last_seq) - rows.length + 1;
  for (const p of survivors) p.events = p.appends.map((e) => ({ seq: seq++, type: e.type, at: e.at, payload: e.payload }));
}

/** A failed ROLLBACK leaves the session in an unknown state: surface it as a broken connection. */
async function rollback(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch (error) {
    throw unavailable(error);
  }
}
