/**
 * The field officer's outbox: every action taken on the phone (acknowledge, result, status,
 * position) is queued first and sent from here, so a tunnel or a dead zone loses nothing.
 *
 * - Each entry gets its Idempotency-Key when it is queued and keeps it for every resend, so a
 *   request that reached the server before the link dropped is answered from the server's record
 *   instead of being applied twice.
 * - Entries go out one at a time in queue order (an acknowledgement before the result it allows).
 * - A transport failure (offline, timeout, 502/503/504) stops the flush and keeps the entry; any
 *   other answer settles it: 2xx done, 4xx refused (reported, not retried — resending would be
 *   refused again).
 * - Queuing a key that is already waiting does nothing (a double tap is one action).
 * - A later entry may use what an earlier one returned: the string `outboxRef(key)` in its body is
 *   replaced by the `id` the entry with that key was answered with (a result report naming the
 *   photos uploaded before it); a reference to an entry that was refused is dropped from its array.
 * JSON entries are persisted (localStorage) so a reload keeps them; photos are Blobs and live in memory.
 */
const REF = '$outbox-ref:';

/** A placeholder for the `id` another queued entry will be answered with. */
export function outboxRef(key: string): string {
  return `${REF}${key}`;
}

function resolveRefs(value: unknown, ids: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return value.startsWith(REF) ? ids.get(value.slice(REF.length)) : value;
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, ids)).filter((v) => v !== undefined);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, ids)]));
  return value;
}

export interface OutboxRequest {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below /api/v1, e.g. `/joint-actions/…/acknowledge`. */
  path: string;
  body?: unknown;
  /** A photo: sent as the raw body. */
  blob?: Blob;
  /** What the officer sees in the pending list. */
  label: string;
  /** Given when a caller dedupes by meaning (e.g. `ack:<action>`); otherwise generated. */
  key?: string;
}

export interface OutboxEntry extends OutboxRequest {
  key: string;
  queuedAt: string;
  attempts: number;
  lastError?: string;
}

export type SendResult = { kind: 'done'; status: number; body: unknown } | { kind: 'refused'; status: number; message: string } | { kind: 'retry'; message: string };

/** Sends one entry with its Idempotency-Key. */
export type OutboxTransport = (entry: OutboxEntry) => Promise<SendResult>;

export interface OutboxStorage {
  load(): OutboxEntry[];
  save(entries: OutboxEntry[]): void;
}

export interface OutboxEvents {
  onDone?(entry: OutboxEntry, body: unknown): void;
  onRefused?(entry: OutboxEntry, message: string): void;
}

export class Outbox {
  private entries: OutboxEntry[];
  private flushing: Promise<void> | null = null;
  private again = false;
  private readonly listeners = new Set<() => void>();
  /** key → the `id` its answer carried, for later entries' references. */
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly transport: OutboxTransport,
    private readonly options: { storage?: OutboxStorage; newKey: () => string; now: () => Date; events?: OutboxEvents },
  ) {
    this.entries = options.storage?.load() ?? [];
  }

  get pending(): readonly OutboxEntry[] {
    return this.entries;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Queues the request (unless its key is already waiting) and tries to send at once. */
  enqueue(request: OutboxRequest): OutboxEntry {
    const key = request.key ?? this.options.newKey();
    const waiting = this.entries.find((e) => e.key === key);
    if (waiting) return waiting;
    const entry: OutboxEntry = { ...request, key, queuedAt: this.options.now().toISOString(), attempts: 0 };
    this.entries = [...this.entries, entry];
    this.changed();
    void this.flush();
    return entry;
  }

  /** Sends what is waiting, in order, until the queue is empty or the link fails. */
  flush(): Promise<void> {
    // A flush asked for while one runs (the link just came back) runs again right after it.
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.drain();
      } while (this.again);
    })().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const entry = this.entries[0];
      if (!entry) return;
      entry.attempts += 1;
      let result: SendResult;
      try {
        result = await this.transport(entry.body === undefined ? entry : { ...entry, body: resolveRefs(entry.body, this.ids) });
      } catch (error) {
        result = { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
      }
      if (result.kind === 'retry') {
        entry.lastError = result.message;
        this.changed();
        return;
      }
      this.entries = this.entries.filter((e) => e !== entry);
      this.changed();
      if (result.kind === 'done') {
        const id = (result.body as { id?: unknown } | null)?.id;
        if (typeof id === 'string') this.ids.set(entry.key, id);
        this.options.events?.onDone?.(entry, result.body);
      }
      else this.options.events?.onRefused?.(entry, result.message);
    }
  }

  private changed(): void {
    this.options.storage?.save(this.entries.filter((e) => !e.blob));
    for (const listener of this.listeners) listener();
  }
}

const RETRY_STATUSES = new Set([0, 408, 429, 502, 503, 504]);

/** fetch() with the session token and the entry's Idempotency-Key. */
export function fetchTransport(token: () => string | null, fetcher: typeof fetch = (...args) => fetch(...args)): OutboxTransport {
  return async (entry) => {
    const headers: Record<string, string> = { accept: 'application/json', 'Idempotency-Key': entry.key };
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    let body: BodyInit | undefined;
    if (entry.blob) {
      headers['content-type'] = entry.blob.type || 'application/octet-stream';
      body = entry.blob;
    } else if (entry.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(entry.body);
    }
    let response: Response;
    try {
      response = await fetcher(`/api/v1${entry.path}`, { method: entry.method, headers, body });
    } catch (error) {
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (response.ok) return { kind: 'done', status: response.status, body: parsed };
    const message = (parsed as { error?: { message?: string } } | null)?.error?.message ?? `HTTP ${response.status}`;
    // 409 IDEMPOTENCY_KEY_IN_FLIGHT: another server is still answering this very request.
    const inFlight = response.status === 409 && (parsed as { error?: { code?: string } } | null)?.error?.code === 'IDEMPOTENCY_KEY_IN_FLIGHT';
    if (RETRY_STATUSES.has(response.status) || inFlight) return { kind: 'retry', message };
    return { kind: 'refused', status: response.status, message };
  };
}

/** localStorage under one key; unreadable contents are dropped rather than crashing the page. */
export function localOutboxStorage(key: string): OutboxStorage {
  return {
    load() {
      try {
        const raw = globalThis.localStorage?.getItem(key);
        const parsed: unknown = raw ? JSON.parse(raw) : [];
        return Array.isArray(parsed) ? (parsed as OutboxEntry[]) : [];
      } catch {
        return [];
      }
    },
    save(entries) {
      globalThis.localStorage?.setItem(key, JSON.stringify(entries));
    },
  };
}
