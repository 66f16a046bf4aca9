import { timingSafeEqual } from 'node:crypto';
import { Router } from 'express';
import type { ServerMetrics } from '../observability/metrics.ts';
import { sendError } from './errors.ts';

/**
 * GET /metrics, Prometheus text format, at the top level where scrapers look for it. The series
 * hold counts and timings only, never case data; `token` (GRID_DISPATCH_METRICS_TOKEN), when set,
 * must come as `Authorization: Bearer <token>`.
 */
export function metricsRoutes(metrics: ServerMetrics, token?: string): Router {
  const router = Router();
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  router.get('/metrics', async (req, res) => {
    if (expected) {
      const given = Buffer.from(req.get('authorization') ?? '');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendError(res, 'UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <GRID_DISPATCH_METRICS_TOKEN>');
      }
    }
    const { contentType, body } = await metrics.expose();
    res.set('Content-Type', contentType).set('Cache-Control', 'no-store').send(body);
  });
  return router;
}
