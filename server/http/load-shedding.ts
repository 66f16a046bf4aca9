import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import type { ApiErrorBody } from '../../shared/protocol/errors.ts';
import type { ServerMetrics } from '../observability/metrics.ts';

export interface AdmissionOptions {
  /** Write requests processed at once (routing, commit, broadcast). */
  maxInFlight: number;
  /** Write requests allowed to wait for a slot; beyond it new ones are refused at once. */
  maxQueue: number;
  /** Longest a write waits in the queue before it is refused. */
  queueTimeoutMs: number;
  /**
   * Median event-loop delay over the last 0.5 s above which new writes are refused (0 = off). The
   * median, not a high percentile: one long task (start-up, a big GC) is not an overload, a loop
   * that is late most of the time is.
   */
  maxEventLoopLagMs: number;
  /** In-flight + queued writes one client (its bearer token, else its address) may hold; beyond → 429. */
  perClientMax: number;
}

export const DEFAULT_ADMISSION: AdmissionOptions = {
  maxInFlight: 32,
  maxQueue: 256,
  queueTimeoutMs: 2000,
  maxEventLoopLagMs: 200,
  perClientMax: 144,
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const LAG_WINDOW_MS = 500;

type Reason = 'queue_full' | 'queue_timeout' | 'event_loop_lag' | 'client_share';

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

export interface Admission {
  middleware: RequestHandler;
  stats(): { inFlight: number; queued: number; eventLoopLagMs: number };
  close(): void;
}

/**
 * Admission control for writes. A request is either admitted — then it runs to its answer, nothing
 * here ever cuts it short — or refused *before* its body is read or anything is stored: 503
 * OVERLOADED when the server as a whole is over capacity (queue full, waited too long, event loop
 * lagging), 429 TOO_MANY_REQUESTS when one client holds more than its share. Both carry Retry-After;
 * a refused report was not recorded, and retrying it with the same Idempotency-Key is safe.
 * The queue is bounded, so an overload costs bounded memory instead of growing until the process
 * stalls.
 */
export function createAdmission(options: Partial<AdmissionOptions> = {}, metrics?: ServerMetrics): Admission {
  const limits: AdmissionOptions = { ...DEFAULT_ADMISSION, ...options };
  let inFlight = 0;
  const queue: Waiter[] = [];
  const perClient = new Map<string, number>();
  let lagMs = 0;
  let histogram: IntervalHistogram | undefined;
  let sampler: NodeJS.Timeout | undefined;
  if (limits.maxEventLoopLagMs > 0) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    sampler = setInterval(() => {
      lagMs = histogram!.count > 0 ? histogram!.percentile(50) / 1e6 : 0;
      histogram!.reset();
    }, LAG_WINDOW_MS);
    sampler.unref();
  }

  const gauges = () => {
    metrics?.admissionInFlight.set(inFlight);
    metrics?.admissionQueued.set(queue.length);
  };

  const refuse = (res: Response, status: 429 | 503, reason: Reason, retryAfter: number, message: string) => {
    metrics?.shed.inc({ reason, status: String(status) });
    const body: ApiErrorBody = { error: { code: status === 429 ? 'TOO_MANY_REQUESTS' : 'OVERLOADED', message } };
    res.set('Retry-After', String(retryAfter)).status(status).json(body);
  };

  const release = (key: string) => {
    const held = (perClient.get(key) ?? 1) - 1;
    if (held > 0) perClient.set(key, held);
    else perClient.delete(key);
    inFlight--;
    const next = queue.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit();
    }
    gauges();
  };

  const middleware: RequestHandler = (req, res, next) => {
    if (!WRITE_METHODS.has(req.method)) return next();
    if (lagMs > limits.maxEventLoopLagMs && limits.maxEventLoopLagMs > 0) {
      return refuse(res, 503, 'event_loop_lag', 2, `the server is overloaded (event loop delayed ${Math.round(lagMs)} ms): this request was NOT processed and nothing was recorded; retry after the Retry-After seconds (a report with the same Idempotency-Key)`);
    }
    const key = clientKey(req);
    const held = perClient.get(key) ?? 0;
    if (held >= limits.perClientMax) {
      return refuse(res, 429, 'client_share', 1, `this client has ${held} write requests in progress, the most one client may have: this request was NOT processed and nothing was recorded; retry after the Retry-After seconds`);
    }
    if (inFlight >= limits.maxInFlight && queue.length >= limits.maxQueue) {
      return refuse(res, 503, 'queue_full', 1, 'the server is at capacity: this request was NOT processed and nothing was recorded; retry after the Retry-After seconds (a report with the same Idempotency-Key)');
    }
    perClient.set(key, held + 1);
    let released = false;
    const admit = () => {
      inFlight++;
      gauges();
      const done = () => {
        if (released) return;
        released = true;
        release(key);
      };
      res.once('finish', done);
      res.once('close', done);
      next();
    };
    if (inFlight < limits.maxInFlight) return admit();
    // Waits for a slot; a client that hangs up while waiting just leaves the queue.
    const waiter: Waiter = {
      admit,
      timer: setTimeout(() => {
        drop(waiter);
        refuse(res, 503, 'queue_timeout', 1, `the server is at capacity (waited ${limits.queueTimeoutMs} ms for a slot): this request was NOT processed and nothing was recorded; retry after the Retry-After seconds (a report with the same Idempotency-Key)`);
      }, limits.queueTimeoutMs),
    };
    const drop = (w: Waiter) => {
      const at = queue.indexOf(w);
      if (at >= 0) queue.splice(at, 1);
      clearTimeout(w.timer);
      const left = (perClient.get(key) ?? 1) - 1;
      if (left > 0) perClient.set(key, left);
      else perClient.delete(key);
      gauges();
    };
    res.once('close', () => {
      if (queue.includes(waiter)) drop(waiter);
    });
    queue.push(waiter);
    gauges();
  };

  return {
    middleware,
    stats: () => ({ inFlight, queued: queue.length, eventLoopLagMs: lagMs }),
    close() {
      if (sampler) clearInterval(sampler);
      histogram?.disable();
      for (const waiter of queue.splice(0)) clearTimeout(waiter.timer);
    },
  };
}

/** The caller's bearer token when it sent one (one signed-in session), else its address. */
function clientKey(req: Request): string {
  const auth = req.get('authorization');
  return auth ? `a:${auth}` : `ip:${req.ip ?? req.socket.remoteAddress ?? '?'}`;
}
