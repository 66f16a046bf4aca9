import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ServerMetrics } from './metrics.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+(\.\w+)?$/;
const REQUEST_ID = /^[\w.:-]{1,100}$/;

/**
 * A bounded label for a path: ids and numbers become `:id`/`:n`, and anything outside the API
 * (static client files, probes for random URLs) collapses to one label, so the number of series
 * stays small whatever clients send.
 */
export function routeLabel(path: string): string {
  if (path === '/metrics') return path;
  if (!path.startsWith('/api/') && !path.startsWith('/open311/') && !path.startsWith('/ogc/')) return 'other';
  const parts = path.split('/').slice(0, 8);
  return parts.map((part) => (UUID.test(part) ? ':id' : NUMBER.test(part) ? ':n' : part.length > 40 ? ':long' : part)).join('/');
}

/**
 * One structured log line per request (method, path, status, duration, request id) and the HTTP
 * metrics. The request id is taken from X-Request-Id when a proxy set one, echoed back, and put on
 * `res.locals.log` (a child logger) for handlers that want to log with it.
 */
export function requestLogging(logger: Logger, metrics: ServerMetrics): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    const incoming = req.get('x-request-id');
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.set('X-Request-Id', id);
    const log = logger.child({ reqId: id });
    (res.locals as { log?: Logger }).log = log;
    let done = false;
    const finish = (aborted: boolean) => {
      if (done) return;
      done = true;
      const seconds = (performance.now() - start) / 1000;
      // originalUrl: routers strip their mount path from req.url/req.path while they handle it.
      const path = req.originalUrl.split('?', 1)[0] ?? '/';
      const route = routeLabel(path);
      const status = aborted && !res.headersSent ? 'aborted' : String(res.statusCode);
      metrics.httpRequests.inc({ method: req.method, route, status });
      metrics.httpDuration.observe({ method: req.method, route }, seconds);
      const line = { method: req.method, path, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10, ...(aborted ? { aborted: true } : {}) };
      // 503s are shed load or an unreachable store, each already counted/logged where decided; at warn
      // level an overload would flood the log exactly when the server has least time for it.
      if (res.statusCode >= 500 && res.statusCode !== 503) log.warn(line, 'request failed');
      else log.info(line, 'request');
    };
    res.once('finish', () => finish(false));
    res.once('close', () => finish(!res.writableFinished));
    next();
  };
}
