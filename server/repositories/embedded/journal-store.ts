import { mkdirSync, openSync, readFileSync, closeSync, ftruncateSync, existsSync } from 'node:fs';
import type { CollaborationRecord } from '../../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../../shared/protocol/disputes.ts';
import type { OfficerRecord } from '../../../shared/protocol/officers.ts';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { DispatchOrder, Incident } from '../../../shared/domain/incident.ts';
import {
  IdempotencyKeyTakenError,
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
import { decodeLine, encodeLine } from './journal-codec.ts';
import { auditMatches, JournalRecords } from './journal-records.ts';
import { decodeCursor, encodeCursor } from '../cursor.ts';

/** What one journal line holds: the change set with the sequence numbers it was given. */
interface JournalRecord {
  v: 1;
  changes: Array<Change | (Change & { kind: 'event.append'; seq: number })>;
}

interface Pending {
  bytes: Buffer;
  record: JournalRecord;
  events: EventRecord[];
  resolve: (events: EventRecord[]) => void;
  reject: (error: Error) => void;
}

export class JournalCorruptError extends Error {
  override name = 'JournalCorruptError';
}

export class StoreClosedError extends Error {
  override name = 'StoreClosedError';
}

/**
 * The embedded default store: an append-only, fsync'd journal replayed into memory on open.
 *
 * Why a journal rather than SQLite/PGlite: no native build or WASM runtime to install, the
 * event log *is* the file (replay and audit read it directly), and group commit (many
 * waiting transactions, one write + one fdatasync) keeps intake fast while every 201 is
 * on disk before it is sent.
 */
export class JournalStore implements Store {
  readonly kind = 'embedded' as const;
  private readonly incidents = new Map<string, Incident>();
  /** Incident ids sorted by (receivedAt, id), the order pages are cut in. */
  private readonly incidentOrder: string[] = [];
  private readonly ordersByIncident = new Map<string, DispatchOrder[]>();
  private readonly events: EventRecord[] = [];
  private readonly idempotency = new Map<string, IdempotentResponse>();
  private readonly records = new JournalRecords();
  private lastSeq = 0;
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private failure: Error | null = null;
  private closed = false;

  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
  ) {}

  static async open(dataDir: string): Promise<JournalStore> {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, 'journal.ndjson');
    const records = existsSync(path) ? recover(path) : [];
    const store = new JournalStore(await open(path, 'a'), path);
    for (const record of records) {
      store.records.reserve(record.changes);
      store.apply(record);
    }
    return store;
  }

  commit(changes: Change[]): Promise<EventRecord[]> {
    if (this.closed) return Promise.reject(new StoreClosedError('store is closed'));
    if (this.failure) return Promise.reject(this.failure);
    for (const change of changes) {
      if (change.kind === 'idempotency.save' && this.idempotency.has(change.key)) {
        return Promise.reject(new IdempotencyKeyTakenError(change.key));
      }
    }
    const refused = this.records.check(changes);
    if (refused) return Promise.reject(refused);
    this.records.reserve(changes);
    // Sequence numbers are given now, in call order, so the log order is the commit order.
    const events: EventRecord[] = [];
    const recorded = changes.map((change) => {
      if (change.kind !== 'event.append') return change;
      const seq = ++this.lastSeq;
      events.push({ seq, type: change.type, at: change.at, payload: change.payload });
      return { ...change, seq };
    });
    const record: JournalRecord = { v: 1, changes: recorded };
    return new Promise((resolve, reject) => {
      this.queue.push({ bytes: Buffer.from(encodeLine(record)), record, events, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Group commit: everything queued while the previous fsync ran goes out in one write. */
  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.file.write(Buffer.concat(batch.map((p) => p.bytes)));
        await this.file.datasync();
      } catch (cause) {
        // The file's tail is now unknown: refuse further writes rather than guess.
        this.failure = new Error(`journal write failed: ${(cause as Error).message}`, { cause });
        for (const p of [...batch, ...this.queue]) p.reject(this.failure);
        this.queue = [];
        break;
      }
      for (const p of batch) {
        this.apply(p.record);
        p.resolve(p.events);
      }
    }
    this.flushing = null;
  }

  private apply(record: JournalRecord): void {
    for (const change of record.changes) {
      switch (change.kind) {
        case 'incident.insert':
          if (!this.incidents.has(change.incident.id)) this.insertInOrder(change.incident);
          this.incidents.set(change.incident.id, change.incident);
          break;
        case 'order.insert': {
          const list = this.ordersByIncident.get(change.order.incidentId) ?? [];
          list.push(change.order);
          this.ordersByIncident.set(change.order.incidentId, list);
          break;
        }
        case 'event.append': {
          const seq = (change as { seq: number }).seq;
          this.events.push({ seq, type: change.type, at: change.at, payload: change.payload });
          this.lastSeq = Math.max(this.lastSeq, seq);
          break;
        }
        case 'idempotency.save':
          this.idempotency.set(change.key, change.response);
          break;
        case 'incident.update':
          // Same receivedAt and id as inserted, so its place in incidentOrder does not change.
          if (this.incidents.has(change.incident.id)) this.incidents.set(change.incident.id, change.incident);
          break;
        case 'order.update': {
          const list = this.ordersByIncident.get(change.order.incidentId) ?? [];
          const at = list.findIndex((o) => o.id === change.order.id);
          if (at >= 0) list[at] = change.order;
          break;
        }
        default:
          this.records.apply(change);
      }
    }
  }

  /**
   * Keeps incidentOrder sorted by (receivedAt, id). Commit order is almost time order, so the
   * search starts from the end and usually appends; two reports in one millisecond with ids out
   * of order must still page without skipping one.
   */
  private insertInOrder(incident: Incident): void {
    let i = this.incidentOrder.length;
    while (i > 0 && isBefore(incident, this.keyOf(this.incidentOrder[i - 1]!))) i--;
    this.incidentOrder.splice(i, 0, incident.id);
  }

  private keyOf(id: string): { at: string; id: string } {
    return { at: this.incidents.get(id)!.receivedAt, id };
  }

  async getIncident(id: string): Promise<IncidentWithOrders | null> {
    const incident = this.incidents.get(id);
    return incident ? this.withOrders(incident) : null;
  }

  async listIncidents(query: IncidentQuery): Promise<IncidentPage> {
    const after = query.cursor ? decodeCursor(query.cursor) : null;
    const items: IncidentWithOrders[] = [];
    // Newest first; the cursor is the (receivedAt, id) of the last item of the previous page.
    for (let i = this.incidentOrder.length - 1; i >= 0; i--) {
      const incident = this.incidents.get(this.incidentOrder[i]!)!;
      if (after && !isBefore(incident, after)) continue;
      if (query.countyCode && incident.route.county.code !== query.countyCode) continue;
      if (query.status && incident.status !== query.status) continue;
      if (query.statuses && !query.statuses.includes(incident.status)) continue;
      if (query.townshipCode && incident.route.township.code !== query.townshipCode) continue;
      if (query.source && incident.source !== query.source) continue;
      if (query.domain && !matterInDomain(incident.matterCode, query.domain)) continue;
      if (query.from && incident.receivedAt < query.from) continue;
      if (query.to && incident.receivedAt >= query.to) continue;
      if (items.length === query.limit) {
        const last = items[items.length - 1]!;
        return { items, next: encodeCursor(last.receivedAt, last.id) };
      }
      items.push(this.withOrders(incident));
    }
    return { items, next: null };
  }

  async eventsAfter(seq: number, limit: number): Promise<EventRecord[]> {
    // Events are appended in seq order: binary search for the first one after `seq`.
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid]!.seq <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.events.slice(lo, lo + limit);
  }

  async findIdempotentResponse(key: string): Promise<IdempotentResponse | null> {
    return this.idempotency.get(key) ?? null;
  }

  async listPendingOrders(): Promise<DispatchOrder[]> {
    const pending: DispatchOrder[] = [];
    for (const list of this.ordersByIncident.values()) for (const order of list) if (order.status === 'pending') pending.push(order);
    return pending.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async listOfficers(query: OfficerQuery): Promise<OfficerRecord[]> {
    return this.records.listOfficers(query);
  }

  async getOfficer(id: string): Promise<OfficerRecord | null> {
    return this.records.officers.get(id) ?? null;
  }

  async getCollaboration(id: string): Promise<CollaborationRecord | null> {
    return this.records.collaborations.get(id) ?? null;
  }

  async listCollaborations(query: RecordQuery): Promise<CollaborationRecord[]> {
    return this.records.listCollaborations(query);
  }

  async getDispute(id: string): Promise<DisputeRecord | null> {
    return this.records.disputes.get(id) ?? null;
  }

  async listDisputes(query: RecordQuery): Promise<DisputeRecord[]> {
    return this.records.listDisputes(query);
  }

  async timerFirings(subjectIds: readonly string[]): Promise<TimerFiring[]> {
    return this.records.timerFirings(subjectIds);
  }

  async audit(query: AuditQuery): Promise<EventRecord[]> {
    const found: EventRecord[] = [];
    for (const event of this.events) {
      if (!auditMatches(event, query)) continue;
      found.push(event);
      if (found.length === query.limit) break;
    }
    return found;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.flushing) await this.flushing;
    await this.file.close();
  }

  private withOrders(incident: Incident): IncidentWithOrders {
    return { ...incident, orders: [...(this.ordersByIncident.get(incident.id) ?? [])] };
  }
}

function isBefore(incident: Incident, cursor: { at: string; id: string }): boolean {
  return incident.receivedAt < cursor.at || (incident.receivedAt === cursor.at && incident.id < cursor.id);
}

/**
 * Reads the journal. A torn tail (no final newline, or a bad last line) is a write that was
 * never acknowledged: it is cut off. A bad line anywhere else is corruption: refuse to start
 * rather than silently drop accepted records.
 */
function recover(path: string): JournalRecord[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop() ?? ''; // text after the last newline: empty unless torn
  const records: JournalRecord[] = [];
  let goodBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const decoded = decodeLine(line);
    if (!decoded.ok) {
      if (i === lines.length - 1 && tail === '') break; // torn last line
      throw new JournalCorruptError(`${path}: line ${i + 1} is corrupt (${decoded.reason}); refusing to start. Restore it from a backup or move it aside.`);
    }
    records.push(decoded.record as JournalRecord);
    goodBytes += Buffer.byteLength(line, 'utf8') + 1;
  }
  if (goodBytes !== Buffer.byteLength(text, 'utf8')) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, goodBytes);
    } finally {
      closeSync(fd);
    }
  }
  return records;
}

/** `domain`: a matter-code prefix (AQSC …) or `none` for a case without a matter code. */
function matterInDomain(matterCode: string | null, domain: string): boolean {
  return domain === 'none' ? matterCode === null : matterCode !== null && matterCode.startsWith(`${domain}-`);
}
