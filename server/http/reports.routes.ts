import { Router, json } from 'express';
import { reportInputSchema } from '../../shared/protocol/reports.ts';
import type { IntakeService } from '../services/intake-service.ts';
import { toWgs84 } from '../services/coordinates.ts';
import type { GridService } from '../services/grid-service.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';
import type { OperationDoc } from './api-docs.ts';

/** POST /reports needs report:create in the county the point lies in (a grid member may report anywhere in theirs). */
export function reportsRoutes(intake: IntakeService, guards: AuthGuards, grids: GridService): Router {
  const router = Router();
  router.post('/reports', guards.requireAuth, requireJson, json({ limit: '32kb', strict: true }), async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const input = parse(reportInputSchema, req.body, 'report');
    const actor = actorOf(res);
    guards.assertHolds(actor, 'report:create');
    // The county the router will take the point to (same lookup as routing); a point no county takes is refused by intake.
    const { lon, lat } = toWgs84({ lon: input.lon, lat: input.lat }, input.crs);
    const reach = Math.max(grids.routeOptions.toleranceMeters, grids.routeOptions.triageMeters);
    const chain = grids.index.locate(lon, lat) ?? grids.index.nearest(lon, lat, reach)?.chain;
    if (chain) guards.assertCan(actor, 'report:create', { countyCode: chain.county.code });
    const result = await intake.submit(input, key);
    res.status(result.status).json(result.body);
  });
  return router;
}

export const reportsOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/reports',
    summary: 'File a report: routed, stored, and dispatched to the responsible unit',
    tags: ['reports'],
    body: reportInputSchema,
    headers: [{ name: 'Idempotency-Key', description: 'a retry with the same key returns the original answer and creates nothing new' }],
    responses: {
      201: { description: '{id, receivedAt, route}' },
      400: { description: 'VALIDATION_FAILED / INVALID_JSON' },
      413: { description: 'PAYLOAD_TOO_LARGE' },
      415: { description: 'UNSUPPORTED_MEDIA_TYPE' },
      422: { description: 'OUTSIDE_ALL_COUNTIES / UNKNOWN_MATTER / IDEMPOTENCY_KEY_REUSED' },
      503: { description: 'STORE_UNAVAILABLE (not recorded; retry with the same Idempotency-Key)' },
    },
  },
];
