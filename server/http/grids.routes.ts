import { Router } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { gridsQuerySchema } from '../../shared/protocol/reports.ts';
import type { GridService } from '../services/grid-service.ts';
import { DomainError } from '../services/domain-error.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';

export function gridsRoutes(grids: GridService): Router {
  const router = Router();
  router.get('/counties', (_req, res) => {
    res.json(grids.counties);
  });
  router.get('/grids', (req, res) => {
    const query = parse(gridsQuerySchema, req.query, 'query');
    const county = normalizeCountyCode(query.county)!;
    const json = grids.levelGeoJson(county, query.level);
    if (json === null) {
      throw new DomainError('UNKNOWN_COUNTY', `county ${query.county} is not served here; GET /api/v1/counties lists the ones that are`);
    }
    res.type('application/geo+json').set('Cache-Control', 'public, max-age=300').send(json);
  });
  return router;
}

export const gridsOperations: OperationDoc[] = [
  { method: 'get', path: '/counties', summary: 'Counties served, with bounding boxes and grid counts', tags: ['grids'], responses: { 200: { description: 'CountySummary[]' } } },
  {
    method: 'get',
    path: '/grids',
    summary: 'One grid level of a county as GeoJSON (WGS84)',
    tags: ['grids'],
    query: gridsQuerySchema,
    responses: { 200: { description: 'FeatureCollection of GridProps features', contentType: 'application/geo+json' }, 404: { description: 'UNKNOWN_COUNTY' } },
  },
];
