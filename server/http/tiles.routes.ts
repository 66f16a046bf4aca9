import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { TILE_LAYERS, type TileFilter } from '../repositories/store.ts';
import { DomainError } from '../services/domain-error.ts';
import type { TilesService } from '../services/tiles-service.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';

const tileNumber = z.string().regex(/^\d{1,8}$/, 'a non-negative integer').transform(Number);

const tileParamsSchema = z.object({
  layer: z.enum(TILE_LAYERS),
  z: tileNumber,
  x: tileNumber,
  y: tileNumber,
});

const tileQuerySchema = z.object({
  g: z
    .string()
    .regex(/^\d{1,9}$/, 'the grid generation from GET /grids/versions')
    .transform(Number)
    .optional()
    .describe('Grid generation (GET /grids/versions) the client draws: names the grid version in the URL so caches never mix versions'),
});

/** A grid tile addressed by the generation this node serves cannot change: browsers keep it. */
const GENERATION_MAX_AGE = 86_400;

export function tilesRoutes(tiles: TilesService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/tiles/:layer/:z/:x/:y.pbf', async (req, res) => {
    const p = parse(tileParamsSchema, req.params, 'tile address');
    const { g } = parse(tileQuerySchema, req.query, 'query');
    const filter = p.layer === 'incidents' ? incidentTileFilter(guards, req, res) : undefined;
    const body = await tiles.tile(p.layer, p.z, p.x, p.y, filter);
    res
      .type('application/vnd.mapbox-vector-tile')
      .set('Cache-Control', cacheControl(p.layer, g, tiles.gridGeneration()))
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  return router;
}

/**
 * Grid tiles are public (the grids are); incident tiles hold every case of an area, so they are for
 * signed-in readers whose ground is a whole county (dispatch center, commanders, walls, admins),
 * cut to that county. Narrower roles read their cases through GET /incidents, which scopes per case.
 */
function incidentTileFilter(guards: AuthGuards, req: Request, res: Response): TileFilter {
  guards.requireAuth(req, res, () => undefined);
  const actor = actorOf(res);
  guards.assertHolds(actor, 'case:read');
  const ground = guards.jurisdictionOf(actor);
  if (!ground.countyWide) {
    throw new DomainError('FORBIDDEN', `forbidden: incident tiles are for county-wide roles; ${actor.role} ${actor.username} reads its cases through GET /api/v1/incidents`);
  }
  return { countyCode: ground.countyCode };
}

/**
 * Incidents arrive all the time: always revalidated. Grid tiles change only with an applied grid
 * version: under the generation this node serves they are kept a day; a URL naming another
 * generation (a client behind, or this node behind the log) is not cached at all; without one,
 * five minutes, as before.
 */
function cacheControl(layer: string, asked: number | undefined, served: number): string {
  if (layer === 'incidents') return 'no-cache';
  if (asked === undefined) return 'public, max-age=300';
  return asked === served ? `public, max-age=${GENERATION_MAX_AGE}` : 'no-cache';
}

export const tilesOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/tiles/{layer}/{z}/{x}/{y}.pbf',
    summary: 'Mapbox vector tile of a grid level (public) or of incidents (ST_AsMVT on PostGIS, geojson-vt embedded). The incidents layer needs a bearer token of a county-wide role and holds that county only (401/403 otherwise)',
    tags: ['tiles'],
    params: tileParamsSchema,
    query: tileQuerySchema,
    responses: {
      200: { description: 'MVT', contentType: 'application/vnd.mapbox-vector-tile' },
      401: { description: 'UNAUTHENTICATED (incidents layer without a valid token)' },
      403: { description: 'FORBIDDEN (incidents layer for a role whose ground is narrower than a county)' },
    },
  },
];
