import { Router } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { gridsQuerySchema } from '../../shared/protocol/reports.ts';
import type { GridService } from '../services/grid-service.ts';
import { DomainError } from '../services/domain-error.ts';
import { parse } from './validate.ts';

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
