import { Router } from 'express';
import { z } from 'zod';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { gridsQuerySchema } from '../../shared/protocol/reports.ts';
import type { GridService } from '../services/grid-service.ts';
import { matchesContent, pickEncoding, representationTag, type GridBodies } from '../services/grid-bodies.ts';
import { DomainError } from '../services/domain-error.ts';
import { parse } from './validate.ts';
import type { OperationDoc } from './api-docs.ts';

/** A level addressed by the version served cannot change: caches keep it (an import is a new URL). */
const VERSIONED_MAX_AGE = 31_536_000;

export function gridsRoutes(grids: GridService, bodies: GridBodies): Router {
  const router = Router();
  router.get('/counties', (_req, res) => {
    res.json(grids.counties);
  });
  router.get('/grids', async (req, res) => {
    const query = parse(gridsQuerySchema, req.query, 'query');
    const county = normalizeCountyCode(query.county)!;
    const pending = bodies.body(county, query.level);
    if (pending === null) {
      throw new DomainError('UNKNOWN_COUNTY', `county ${query.county} is not served here; GET /api/v1/counties lists the ones that are`);
    }
    const body = await pending;
    const encoding = pickEncoding(req.get('accept-encoding'));
    // Without the version in the URL (or naming another one) it is revalidated on every use: an
    // applied grid version must reach a browser that still holds the old level.
    const cacheControl = query.v === body.version ? `public, max-age=${VERSIONED_MAX_AGE}, immutable` : 'no-cache';
    res.set({ 'Cache-Control': cacheControl, ETag: representationTag(body, encoding), Vary: 'Accept-Encoding' });
    if (matchesContent(req.get('if-none-match'), body)) {
      res.status(304).end();
      return;
    }
    if (encoding !== 'identity') res.set('Content-Encoding', encoding);
    res.type('application/geo+json').send(body[encoding]);
  });
  router.get('/grids/versions', (_req, res) => {
    const body: GridVersionsResponse = {
      generation: grids.gridGeneration(),
      counties: grids.counties.map((c) => ({ code: c.code, version: grids.version(c.code).grid, groups: c.counts.group })),
    };
    res.set('Cache-Control', 'no-store').json(body);
  });
  return router;
}

const gridVersionsSchema = z.object({
  generation: z.number().int().describe('Sum of all counties\' grid versions; grows with every applied grid import. Tile URLs carry it as ?g= so caches never mix versions.'),
  counties: z.array(z.object({ code: z.string(), version: z.number().int(), groups: z.number().int().describe('villager-group cells in the served version') })),
});

/** What the map polls to learn that a grid import was applied (here or on another node). */
export type GridVersionsResponse = z.infer<typeof gridVersionsSchema>;

export const gridsOperations: OperationDoc[] = [
  { method: 'get', path: '/counties', summary: 'Counties served, with bounding boxes and grid counts', tags: ['grids'], responses: { 200: { description: 'CountySummary[]' } } },
  {
    method: 'get',
    path: '/grids',
    summary: 'One grid level of a county as GeoJSON (WGS84), coordinates rounded to the level\'s map precision; gzip or brotli as accepted, strong ETag per grid version (304 on If-None-Match)',
    tags: ['grids'],
    query: gridsQuerySchema,
    responses: { 200: { description: 'FeatureCollection of GridProps features', contentType: 'application/geo+json' }, 304: { description: 'Not modified (If-None-Match names this version)' }, 404: { description: 'UNKNOWN_COUNTY' } },
  },
  {
    method: 'get',
    path: '/grids/versions',
    summary: 'The grid version served per county (maps poll it to reload grids and tiles after an import)',
    tags: ['grids'],
    responses: { 200: { description: 'Grid versions', schema: gridVersionsSchema } },
  },
];
