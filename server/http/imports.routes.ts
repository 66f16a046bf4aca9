import { Router, raw } from 'express';
import { z } from 'zod';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { DomainError } from '../services/domain-error.ts';
import type { GridImportService } from '../services/import/grid-import-service.ts';
import { DECLARED_CRS } from '../services/import/grid-upload.ts';
import type { GridSource } from '../services/ogc-features-service.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

const gridImportQuery = z.strictObject({
  county: z.string().regex(/^\d{6}(0{6})?$/, 'county: a 6- or 12-digit county code such as 410923'),
  crs: z.enum(DECLARED_CRS).default('WGS84'),
});

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];
const GEOJSON_TYPES = ['application/geo+json', 'application/json'];

/**
 * POST /api/v1/imports/grids?county=&crs= with a GeoJSON body or a zipped Shapefile starts a
 * check and answers 202; GET /api/v1/imports/:id reports progress, then the validation report.
 */
export function importsRoutes(imports: GridImportService, grids: GridSource, guards: AuthGuards): Router {
  const router = Router();
  // Sign-in comes before the body is read: an anonymous caller never gets to upload 200 MB.
  router.post('/imports/grids', guards.requireAuth, raw({ type: () => true, limit: '200mb' }), (req, res) => {
    const q = parse(gridImportQuery, req.query, 'query');
    const county = normalizeCountyCode(q.county)!;
    if (!grids.counties().some((c) => c.code === county)) {
      throw new DomainError('UNKNOWN_COUNTY', `county ${q.county} is not served here; grids can be imported for the counties GET /api/v1/counties lists`);
    }
    guards.assertCan(actorOf(res), 'config:manage', { countyCode: county });
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const kind = ZIP_TYPES.includes(type) ? 'zip' : GEOJSON_TYPES.includes(type) ? 'geojson' : null;
    if (!kind) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'send GeoJSON (Content-Type: application/geo+json) or a zipped Shapefile with its .prj (Content-Type: application/zip)');
    }
    const body = req.body as Buffer | undefined;
    if (!body || body.length === 0) throw new DomainError('VALIDATION_FAILED', 'the request body is empty: upload the file as the body');
    const job = imports.start(county, new Uint8Array(body.buffer, body.byteOffset, body.byteLength), kind, q.crs);
    res.status(202).location(`${req.baseUrl}/imports/${job.id}`).json(job);
  });
  router.get('/imports/:id', guards.requireAuth, (req, res) => {
    const job = imports.get(String(req.params.id));
    if (!job) throw new DomainError('NOT_FOUND', `no import ${req.params.id}; imports are kept in memory for the last 20 uploads`);
    guards.assertCan(actorOf(res), 'config:manage', { countyCode: job.countyCode });
    res.set('Cache-Control', 'no-store').json(job);
  });
  return router;
}
