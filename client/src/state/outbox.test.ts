import { describe, expect, it } from 'vitest';
import { Outbox, fetchTransport, outboxRef, type OutboxEntry, type OutboxStorage } from './outbox.ts';

/**
 * A stand-in for the API's idempotency (server/services/*: the same Idempotency-Key answers with the
 * first response): it applies each key once and can drop the link before or after applying.
 */
class FlakyServer {
  readonly applied: string[] = [];
  readonly seenKeys: string[] = [];
  private readonly answers = new Map<string, unknown>();
  mode: 'online' | 'offline' | 'lose-response' = 'online';

  fetch: typeof fetch = async (input, init) => {
    const headers = init?.headers as Record<string, string>;
    const key = headers['Idempotency-Key']!;
    this.seenKeys.push(key);
    if (this.mode === 'offline') throw new TypeError('Failed to fetch');
    if (!this.answers.has(key)) {
      this.applied.push(`${init?.method} ${String(input)} ${String(init?.body ?? '')}`);
      this.answers.set(key, { id: `srv-${this.applied.length}` });
    }
    if (this.mode === 'lose-response') {
      this.mode = 'online';
      throw new TypeError('network changed');
    }
    if (String(input).includes('/refuse')) return new Response(JSON.stringify({ error: { code: 'ILLEGAL_TRANSITION', message: '已签收' } }), { status: 409 });
    return new Response(JSON.stringify(this.answers.get(key)), { status: 200 });
  };
}

function outbox(server: FlakyServer, storage?: OutboxStorage, events: { done: string[]; refused: string[] } = { done: [], refused: [] }) {
  let n = 0;
  return new Outbox(
    fetchTransport(() => 'token', server.fetch),
    {
      storage,
      newKey: () => `key-${++n}`,
      now: () => new Date('2026-03-02T01:00:00Z'),
      events: { onDone: (e) => events.done.push(e.label), onRefused: (e, message) => events.refused.push(`${e.label}: ${message}`) },
    },
  );
}

function memoryStorage(): OutboxStorage & { saved: OutboxEntry[] } {
  const store = { saved: [] as OutboxEntry[], load: () => structuredClone(store.saved), save: (entries: OutboxEntry[]) => void (store.saved = structuredClone(entries)) };
  return store;
}

describe('field outbox', () => {
  it('keeps actions taken offline and sends them, in order, once the link is back', async () => {
    const server = new FlakyServer();
    server.mode = 'offline';
    const box = outbox(server);
    box.enqueue({ method: 'POST', path: '/joint-actions/a/acknowledge', body: {}, label: '签收' });
    box.enqueue({ method: 'POST', path: '/joint-actions/a/report-result', body: { summary: '完成' }, label: '反馈' });
    await box.flush();
    expect(box.pending.map((e) => e.label)).toEqual(['签收', '反馈']);
    expect(box.pending[0]!.lastError).toContain('Failed to fetch');
    expect(server.applied).toEqual([]);

    server.mode = 'online';
    await box.flush();
    expect(box.pending).toEqual([]);
    expect(server.applied).toEqual(['POST /api/v1/joint-actions/a/acknowledge {}', 'POST /api/v1/joint-actions/a/report-result {"summary":"完成"}']);
  });

  it('resends with the same Idempotency-Key, so a request whose answer was lost is applied once', async () => {
    const server = new FlakyServer();
    server.mode = 'lose-response';
    const events = { done: [] as string[], refused: [] as string[] };
    const box = outbox(server, undefined, events);
    box.enqueue({ method: 'POST', path: '/officers/o-1/status', body: { status: 'enRoute' }, label: '在途' });
    // The first send is applied but its answer is lost; the flush sends again with the same key.
    await box.flush();
    expect(box.pending).toHaveLength(0);
    expect(server.applied).toHaveLength(1);
    expect(server.seenKeys).toEqual(['key-1', 'key-1']);
    expect(events.done).toEqual(['在途']);
  });

  it('treats a second tap of the same action as one entry', async () => {
    const server = new FlakyServer();
    server.mode = 'offline';
    const box = outbox(server);
    const first = box.enqueue({ method: 'POST', path: '/joint-actions/a/acknowledge', body: {}, label: '签收', key: 'ack:a' });
    const second = box.enqueue({ method: 'POST', path: '/joint-actions/a/acknowledge', body: {}, label: '签收', key: 'ack:a' });
    expect(second).toBe(first);
    expect(box.pending).toHaveLength(1);
    server.mode = 'online';
    await box.flush();
    expect(server.applied).toHaveLength(1);
  });

  it('settles a refused action (4xx) instead of retrying it, and carries on with the rest', async () => {
    const server = new FlakyServer();
    server.mode = 'offline';
    const events = { done: [] as string[], refused: [] as string[] };
    const box = outbox(server, undefined, events);
    box.enqueue({ method: 'POST', path: '/joint-actions/a/refuse', body: {}, label: '签收' });
    box.enqueue({ method: 'POST', path: '/officers/o-1/position', body: { lon: 115.7, lat: 36.1 }, label: '位置' });
    server.mode = 'online';
    await box.flush();
    expect(box.pending).toEqual([]);
    expect(events.refused).toEqual(['签收: 已签收']);
    expect(events.done).toEqual(['位置']);
  });

  it('survives a reload for JSON actions (photos stay in memory)', async () => {
    const server = new FlakyServer();
    server.mode = 'offline';
    const storage = memoryStorage();
    const box = outbox(server, storage);
    box.enqueue({ method: 'POST', path: '/joint-actions/a/acknowledge', body: {}, label: '签收', key: 'ack:a' });
    box.enqueue({ method: 'POST', path: '/attachments?jointAction=a', blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: 'image/jpeg' }), label: '照片' });
    await box.flush();
    expect(storage.saved.map((e) => e.key)).toEqual(['ack:a']);

    server.mode = 'online';
    const reloaded = outbox(server, storage);
    expect(reloaded.pending.map((e) => e.key)).toEqual(['ack:a']);
    await reloaded.flush();
    expect(server.applied).toEqual(['POST /api/v1/joint-actions/a/acknowledge {}']);
    expect(storage.saved).toEqual([]);
  });

  it('fills in the ids of photos uploaded earlier in the queue', async () => {
    const server = new FlakyServer();
    server.mode = 'offline';
    const box = outbox(server);
    box.enqueue({ method: 'POST', path: '/attachments?jointAction=a', blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff])]), label: '照片', key: 'photo-1' });
    box.enqueue({ method: 'POST', path: '/joint-actions/a/report-result', body: { summary: '完成', attachmentIds: [outboxRef('photo-1'), outboxRef('never-sent')] }, label: '反馈' });
    server.mode = 'online';
    await box.flush();
    expect(box.pending).toEqual([]);
    // The upload was answered {id: 'srv-1'}; the reference to an entry never queued is dropped.
    expect(server.applied[1]).toBe('POST /api/v1/joint-actions/a/report-result {"summary":"完成","attachmentIds":["srv-1"]}');
  });
});
