import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ServerMetrics } from './metrics.ts';

const REQUEST_ID = /^[\w.:-]{1,100}$/;
/** Where routers are mounted (app.ts, standards.ts): a route's label is its mount plus its pattern. */
const MOUNTS = ['/api/v1', '/open311/v2', '/ogc'];

/**
 * A bounded label for a request: the pattern of the route that answered it (`/api/v1/incidents/:id`,
 * `/ogc/collections/:collectionId/items`), never the path a client sent, so the number of series is
 * fixed by the code whatever clients send. API paths no route matched are `unrouted`; anything
 * outside the API (static client files, probes for random URLs) is `other`.
 */
export function routeLabel(path: string, routePattern: unknown): string {
  if (path === '/metrics') return path;
  const mount = MOUNTS.find((m) => path === m || path.startsWith(`${m}/`));
  if (mount === undefined) return 'other';
  return typeof routePattern === 'string' ? `${mount}${routePattern === '/' ? '' : routePattern}` : 'unrouted';
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
      // req.route: the route that handled the request (express leaves it set once a route matched).
      const route = routeLabel(path, (req.route as { path?: unknown } | undefined)?.path);
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
