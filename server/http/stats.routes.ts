import { Router } from 'express';
import { z } from 'zod';
import { GRID_LEVELS, normalizeCountyCode } from '../../shared/domain/grid.ts';
import type { GridStatsService } from '../services/grid-stats-service.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { can } from '../../shared/domain/capabilities.ts';

const isoDateTime = z.iso.datetime({ offset: true });

/** GET /api/v1/stats/grid-counts query. */
export const gridCountsQuerySchema = z.strictObject({
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923'),
  level: z.enum(GRID_LEVELS).default('group'),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
});

export function statsRoutes(stats: GridStatsService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/stats/grid-counts', guards.requireAuth, async (req, res) => {
    const q = parse(gridCountsQuerySchema, req.query, 'query');
    const countyCode = normalizeCountyCode(q.county)!;
    stats.assertServed(countyCode);
    // County-wide counts: for those who read the county's cases or watch its wall, nobody else.
    const actor = actorOf(res);
    if (!can(actor, 'wall:view', { countyCode }, guards.org)) guards.assertCan(actor, 'case:read', { countyCode });
    const answer = await stats.gridCounts({
      countyCode,
      level: q.level,
      from: q.from ? new Date(q.from).toISOString() : undefined,
      to: q.to ? new Date(q.to).toISOString() : undefined,
    });
    res.set('Cache-Control', 'no-store').json(answer);
  });
  return router;
}

export const gridStatsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/stats/grid-counts',
    summary: 'Incident counts per grid cell for a time window (a spatial join); county-wide readers only, window widened to whole hours',
    tags: ['stats'],
    query: gridCountsQuerySchema,
    responses: { 200: { description: 'counts per cell, zero cells included' } },
  },
];
