import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Samples } from './latency.ts';
import type { Tracker } from './clients.ts';

export interface DriveOptions {
  /** Nodes to post to, round-robin (several: as a load balancer would spread them). */
  urls: readonly string[];
  /** Path posted to on each node. */
  path: string;
  rate: number;
  seconds: number;
  /** Body and bearer token of report n. */
  request(n: number): { body: string; token?: string };
  tracker: Tracker;
  keyPrefix: string;
  /** Requests outstanding at most; beyond it sending waits (and the shortfall is reported). */
  maxOutstanding?: number;
  /** Attempts per report when refused (503/429, honouring Retry-After) or the connection failed. */
  maxAttempts?: number;
}

export interface DriveResult {
  sent: number;
  /** Report numbers answered 201, with the incident id. */
  accepted: Map<number, string>;
  /** Reports never accepted: refused (503/429) on every attempt, or still failing when the run ended. Not lost: never accepted. */
  failed: number;
  shed503: number;
  shed429: number;
  networkErrors: number;
  otherStatus: Map<number, number>;
  /** Why requests were refused: "503 OVERLOADED (queue)", "503 STORE_UNAVAILABLE", … → count. */
  refusals: Map<string, number>;
  post: Samples;
  /** Achieved send rate over the window (reports/s). */
  achievedRate: number;
}

/** Keep-alive connections per node, at most: many, like many devices, so a backlog forms at the server (where admission control sees it), not in this process. */
const SOCKETS_PER_NODE = 1024;

function post(agent: Agent, url: string, path: string, body: string, headers: Record<string, string>): Promise<{ status: number; retryAfter: string | undefined; text: string }> {
  const target = new URL(path, url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { agent, hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', reject);
    req.end(body);
  });
}

function refusalReason(status: number, text: string): string {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: string; message?: string } };
    const detail = /event loop/.test(error?.message ?? '') ? ' (event loop)' : /waited/.test(error?.message ?? '') ? ' (queue timeout)' : /at capacity/.test(error?.message ?? '') ? ' (queue full)' : '';
    return `${status} ${error?.code ?? '?'}${detail}`;
  } catch {
    return `${status} ?`;
  }
}

/**
 * Open-loop load: reports are sent at a fixed rate whatever the answers take (closed-loop clients
 * would slow down with the server and hide its latency). Each report has its own Idempotency-Key;
 * a refused one is retried after Retry-After with the same key, on the next node.
 */
export async function drive(options: DriveOptions): Promise<DriveResult> {
  const total = Math.round(options.rate * options.seconds);
  const maxOutstanding = options.maxOutstanding ?? 2000;
  const maxAttempts = options.maxAttempts ?? 5;
  const result: DriveResult = { sent: 0, accepted: new Map(), failed: 0, shed503: 0, shed429: 0, networkErrors: 0, otherStatus: new Map(), refusals: new Map(), post: new Samples(), achievedRate: 0 };
  const outstanding = new Set<Promise<void>>();
  // Set once the run is over: no new retries, so nothing of this run reaches a later one.
  let closing = false;
  const agents = new Map(options.urls.map((url) => [url, new Agent({ keepAlive: true, maxSockets: SOCKETS_PER_NODE })]));

  const attempt = async (n: number, tries: number): Promise<void> => {
    const { body, token } = options.request(n);
    const url = options.urls[(n + tries) % options.urls.length]!;
    const t0 = performance.now();
    let retryAfterMs = 200;
    try {
      const response = await post(agents.get(url)!, url, options.path, body, {
        'content-type': 'application/json',
        'idempotency-key': `${options.keyPrefix}-${n}`,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      });
      const text = response.text;
      result.post.add(performance.now() - t0);
      if (response.status === 201) {
        result.accepted.set(n, (JSON.parse(text) as { id: string }).id);
        return;
      }
      if (response.status === 503 || response.status === 429) {
        if (response.status === 503) result.shed503++;
        else result.shed429++;
        const why = refusalReason(response.status, text);
        result.refusals.set(why, (result.refusals.get(why) ?? 0) + 1);
        retryAfterMs = Number(response.retryAfter ?? '1') * 1000;
      } else {
        result.otherStatus.set(response.status, (result.otherStatus.get(response.status) ?? 0) + 1);
        result.failed++;
        return;
      }
    } catch {
      result.networkErrors++;
    }
    if (tries + 1 >= maxAttempts || closing) {
      result.failed++;
      return;
    }
    await new Promise((r) => setTimeout(r, retryAfterMs));
    if (closing) {
      result.failed++;
      return;
    }
    return attempt(n, tries + 1);
  };

  const start = performance.now();
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * options.rate));
      while (result.sent < due && outstanding.size < maxOutstanding) {
        const n = result.sent++;
        options.tracker.sentAt[n] = performance.now();
        const work = attempt(n, 0).finally(() => outstanding.delete(work));
        outstanding.add(work);
      }
      if (result.sent >= total) return resolve();
      // Bounded in time as well as in count: a stalled server cannot keep the bench running.
      if (performance.now() - start > options.seconds * 1000 + 30_000) return resolve();
      setTimeout(tick, 5);
    };
    tick();
  });
  result.achievedRate = result.sent / ((performance.now() - start) / 1000);
  // Retries may go on for a while; after 90 s no new attempt starts, and those in flight end within
  // their 30 s timeout. Only then is the result final.
  const settle = setTimeout(() => (closing = true), 90_000);
  await Promise.all(outstanding);
  clearTimeout(settle);
  closing = true;
  for (const agent of agents.values()) agent.destroy();
  return result;
}
