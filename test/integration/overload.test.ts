import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportPoints } from '../contract/report-points.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { sampleValue, scrape } from '../bench/load/prom-text.ts';

/**
 * Admission control with a tiny configured limit. Deterministic: a request whose body is held back
 * has been admitted (admission happens before the body is read) and keeps its slot until released,
 * so the tests know exactly how full the server is.
 */
const POINTS = reportPoints(8);
const report = (key: string, k: number) => {
  const point = POINTS[k % POINTS.length]!;
  return JSON.stringify({ lon: point.lon, lat: point.lat, description: `overload ${key}`, source: 'patrol' });
};

let server: TestServer;
let operator: string;
let gridMember: string;
beforeAll(async () => {
  server = await startTestServer({ admission: { maxInFlight: 2, maxQueue: 2, queueTimeoutMs: 1500, maxEventLoopLagMs: 0, perClientMax: 3 } });
  operator = await loginAs(server, 'nanle.operator');
  gridMember = await loginAs(server, 'nanle.grid');
});
afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { id?: string; error?: { code: string; message: string } };
}

async function post(key: string, k: number, token = operator): Promise<Answer> {
  const response = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(token) },
    body: report(key, k),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

/** A POST whose body is sent only when `release()` is called; until then it holds an admission slot. */
function heldPost(key: string, k: number, token = operator): { answer: Promise<Answer>; release: () => void } {
  const text = new TextEncoder().encode(report(key, k));
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(text.subarray(0, 10));
    },
  });
  const answer = fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(token) },
    body,
    duplex: 'half',
    signal: AbortSignal.timeout(15_000),
  } as RequestInit).then(async (response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] }));
  return {
    answer,
    release: () => {
      controller.enqueue(text.subarray(10));
      controller.close();
    },
  };
}

async function gauge(name: string): Promise<number> {
  return sampleValue(await scrape(server.url), name);
}

async function waitForGauge(name: string, value: number): Promise<void> {
  const until = Date.now() + 5000;
  while ((await gauge(name)) !== value) {
    if (Date.now() > until) throw new Error(`${name} did not reach ${value}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function storedDescriptions(): Promise<string[]> {
  const descriptions: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const response = await fetch(`${server.url}/api/v1/incidents?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(operator) });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: Array<{ description: string }>; next: string | null };
    descriptions.push(...body.items.map((i) => i.description));
    cursor = body.next;
    if (!cursor) break;
  }
  return descriptions;
}

/** Retries a refused report as a client should: after Retry-After, with the same key. Bounded. */
async function postUntilAccepted(key: string, k: number, token: string): Promise<Answer> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const answer = await post(key, k, token);
    if (answer.status !== 503 && answer.status !== 429) return answer;
    await new Promise((r) => setTimeout(r, Number(answer.retryAfter) * 100)); // scaled down for the test
  }
  throw new Error(`${key} still refused after 40 attempts`);
}

describe('load shedding before acceptance', () => {
  it('queues up to the limit, then answers 503 OVERLOADED with Retry-After; every admitted report is stored', async () => {
    const held = [heldPost('q-held-0', 0), heldPost('q-held-1', 1)];
    await waitForGauge('grid_dispatch_admission_in_flight', 2);
    const queued = [post('q-queued-0', 2, gridMember), post('q-queued-1', 3, gridMember)];
    await waitForGauge('grid_dispatch_admission_queued', 2);

    const refused = await post('q-refused', 4, gridMember);
    expect(refused.status).toBe(503);
    expect(refused.body.error?.code).toBe('OVERLOADED');
    expect(refused.body.error?.message).toContain('nothing was recorded');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);

    for (const h of held) h.release();
    const answers = await Promise.all([...held.map((h) => h.answer), ...queued]);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const stored = await storedDescriptions();
    expect(stored).not.toContain('overload q-refused');
    for (const key of ['q-held-0', 'q-held-1', 'q-queued-0', 'q-queued-1']) expect(stored.filter((d) => d === `overload ${key}`)).toHaveLength(1);
  });

  it('refuses a request that waited in the queue longer than the timeout, without storing it', async () => {
    const held = [heldPost('t-held-0', 0), heldPost('t-held-1', 1)];
    await waitForGauge('grid_dispatch_admission_in_flight', 2);
    const waited = await post('t-waited', 2, gridMember);
    expect(waited.status).toBe(503);
    expect(waited.retryAfter).not.toBeNull();
    expect(waited.body.error?.message).toContain('waited 1500 ms');
    for (const h of held) h.release();
    expect((await Promise.all(held.map((h) => h.answer))).map((a) => a.status)).toEqual([201, 201]);
    expect(await storedDescriptions()).not.toContain('overload t-waited');
  });

  it('answers 429 with Retry-After when one client holds more than its share, while another client is still served', async () => {
    const held = [heldPost('c-held-0', 0), heldPost('c-held-1', 1)];
    await waitForGauge('grid_dispatch_admission_in_flight', 2);
    const third = post('c-third', 2); // queued: the operator now holds 3, its share
    await waitForGauge('grid_dispatch_admission_queued', 1);
    const fourth = await post('c-fourth', 3);
    expect(fourth.status).toBe(429);
    expect(fourth.body.error?.code).toBe('TOO_MANY_REQUESTS');
    expect(fourth.retryAfter).toBe('1');
    const other = post('c-other', 4, gridMember); // another client: queued, not refused
    await waitForGauge('grid_dispatch_admission_queued', 2);
    for (const h of held) h.release();
    expect((await Promise.all([...held.map((h) => h.answer), third, other])).map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const shed = await scrape(server.url);
    expect(sampleValue(shed, 'grid_dispatch_requests_shed_total', { reason: 'client_share', status: '429' })).toBe(1);
  });

  it('in a burst some are shed; every 201 is stored exactly once, and retries with the same key land exactly once', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `burst-${i}`);
    // Two tokens, so the per-client share does not decide it: the global limit does.
    const first = await Promise.all(keys.map((key, i) => post(key, i, i % 2 ? operator : gridMember)));
    const statuses = new Set(first.map((a) => a.status));
    for (const status of statuses) expect([201, 429, 503]).toContain(status);
    const shed = first.filter((a) => a.status !== 201);
    expect(shed.length, 'a burst of 40 against 2 slots + 2 queued must shed some').toBeGreaterThan(0);
    for (const answer of shed) expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
    const accepted = new Map(first.flatMap((a, i) => (a.status === 201 ? [[keys[i]!, a.body.id!] as const] : [])));

    let stored = await storedDescriptions();
    for (const key of keys) expect(stored.filter((d) => d === `overload ${key}`)).toHaveLength(accepted.has(key) ? 1 : 0);

    // Clients retry what was refused; an accepted key replays its original answer.
    const retried = await Promise.all(keys.map((key, i) => postUntilAccepted(key, i, i % 2 ? operator : gridMember)));
    retried.forEach((answer, i) => {
      expect(answer.status).toBe(201);
      const original = accepted.get(keys[i]!);
      if (original) expect(answer.body.id).toBe(original);
    });
    stored = await storedDescriptions();
    for (const key of keys) expect(stored.filter((d) => d === `overload ${key}`)).toHaveLength(1);
    expect(await gauge('grid_dispatch_admission_in_flight')).toBe(0);
    expect(await gauge('grid_dispatch_admission_queued')).toBe(0);
  });
});

describe('load shedding on event-loop lag', () => {
  it('refuses writes with 503 while the event loop is late most of the time, and accepts them again after', async () => {
    const lagging = await startTestServer({ admission: { maxEventLoopLagMs: 75 } });
    try {
      const token = await loginAs(lagging, 'nanle.operator');
      const send = async (key: string) => {
        const response = await fetch(`${lagging.url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(token) },
          body: report(key, 0),
        });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
      };
      // This process is the server's: keep its loop busy 250 ms of every ~260 ms for 2 s (bounded).
      const until = Date.now() + 2000;
      const hog = setInterval(() => {
        const end = Date.now() + 250;
        while (Date.now() < end && Date.now() < until) {
          /* busy */
        }
      }, 10);
      await new Promise((r) => setTimeout(r, 1500));
      const shed = await send('lag-1');
      clearInterval(hog);
      expect(shed.status).toBe(503);
      expect(shed.body.error?.code).toBe('OVERLOADED');
      expect(shed.body.error?.message).toMatch(/event loop delayed \d+ ms/);
      expect(shed.retryAfter).not.toBeNull();
      // Once the loop is on time again the same report is accepted (retried as a client would, bounded).
      let again = shed;
      for (let attempt = 0; attempt < 10 && again.status === 503; attempt++) {
        await new Promise((r) => setTimeout(r, 600));
        again = await send('lag-1');
      }
      expect(again.status).toBe(201);
      expect(sampleValue(await scrape(lagging.url), 'grid_dispatch_requests_shed_total', { reason: 'event_loop_lag', status: '503' })).toBeGreaterThanOrEqual(1);
    } finally {
      await lagging.close();
    }
  });
});
