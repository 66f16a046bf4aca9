import { Router, json } from 'express';
import { z } from 'zod';
import { isRouteBatch, routeBatchSchema, routePointSchema, type RoutePoint } from '../../shared/protocol/route.ts';
import type { RouteResult } from '../../shared/domain/route.ts';
import { toWgs84 } from '../services/coordinates.ts';
import type { DomainError } from '../services/domain-error.ts';
import type { GridService } from '../services/grid-service.ts';
import { routeError } from '../services/intake-service.ts';
import { parse } from './validate.ts';
import { requireJson } from './require-json.ts';
import type { OperationDoc } from './api-docs.ts';

/** Dry-run routing: the same router as intake, no side effects. */
export function routeRoutes(grids: GridService, now: () => Date): Router {
  const router = Router();
  const decide = (point: RoutePoint, at: string): { route: RouteResult } | { error: DomainError } => {
    const { lon, lat } = toWgs84(point, point.crs);
    const outcome = grids.route({ lon, lat, matterCode: point.matterCode ?? null, at: point.at ?? at, major: point.major });
    return outcome.ok ? { route: outcome.route } : { error: routeError(outcome.error, point) };
  };
  // Up to 10,000 points of ~150 bytes each.
  router.post('/route', requireJson, json({ limit: '2mb' }), (req, res) => {
    const at = now().toISOString();
    if (isRouteBatch(req.body)) {
      const body = parse(routeBatchSchema, req.body, 'route request');
      // A point the router refuses is answered in its place; the others are still routed.
      const results = body.points.map((point) => {
        const id = point.id === undefined ? {} : { id: point.id };
        const r = decide(point, at);
        return 'route' in r ? { ...id, route: r.route } : { ...id, error: { code: r.error.code, message: r.error.message } };
      });
      res.json({ results });
      return;
    }
    const single = decide(parse(routePointSchema, req.body, 'route request'), at);
    if ('error' in single) throw single.error;
    res.json(single);
  });
  return router;
}

export const routeOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/route',
    summary: 'Dry-run routing of one point, or of {points: [...]} (up to 10,000); no side effects',
    tags: ['routing'],
    body: z.union([routeBatchSchema, routePointSchema]),
    responses: { 200: { description: '{route} for one point; {results: [{id?, route} | {id?, error}]} for a batch' }, 422: { description: 'OUTSIDE_ALL_COUNTIES / UNKNOWN_MATTER (one point)' } },
  },
];
