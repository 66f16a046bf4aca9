import { Router } from 'express';
import { z } from 'zod';
import { TILE_LAYERS } from '../repositories/store.ts';
import type { TilesService } from '../services/tiles-service.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';

const tileNumber = z.string().regex(/^\d{1,8}$/, 'a non-negative integer').transform(Number);

const tileParamsSchema = z.object({
  layer: z.enum(TILE_LAYERS),
  z: tileNumber,
  x: tileNumber,
  y: tileNumber,
});

export function tilesRoutes(tiles: TilesService): Router {
  const router = Router();
  router.get('/tiles/:layer/:z/:x/:y.pbf', async (req, res) => {
    const p = parse(tileParamsSchema, req.params, 'tile address');
    const body = await tiles.tile(p.layer, p.z, p.x, p.y);
    res
      .type('application/vnd.mapbox-vector-tile')
      // Grids change with a data release; incidents arrive all the time.
      .set('Cache-Control', p.layer === 'incidents' ? 'no-cache' : 'public, max-age=300')
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
  return router;
}

export const tilesOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/tiles/{layer}/{z}/{x}/{y}.pbf',
    summary: 'Mapbox vector tile of a grid level or of incidents (ST_AsMVT on PostGIS, geojson-vt embedded)',
    tags: ['tiles'],
    params: tileParamsSchema,
    responses: { 200: { description: 'MVT', contentType: 'application/vnd.mapbox-vector-tile' } },
  },
];
