import { Router } from 'express';
import { z } from 'zod';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { publicBodiesQuerySchema, publicCatalogueQuerySchema } from '../../shared/protocol/public.ts';
import type { PublicCatalogueService } from '../services/public-catalogue-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { parse } from './validate.ts';

/** Public disclosure (公示): no sign-in, cacheable. */
export function publicRoutes(service: PublicCatalogueService): Router {
  const router = Router();
  router.get('/public/bodies', (req, res) => {
    const q = parse(publicBodiesQuerySchema, req.query, 'query');
    res.set('Cache-Control', 'public, max-age=300').json(service.bodies(normalizeCountyCode(q.county)!));
  });
  router.get('/public/catalogue', (req, res) => {
    const q = parse(publicCatalogueQuerySchema, req.query, 'query');
    res.set('Cache-Control', 'public, max-age=300').json(service.catalogue(normalizeCountyCode(q.county)!, q.township, q.date));
  });
  return router;
}

const unit = z.object({ id: z.string(), name: z.string(), kind: z.string() });

export const publicOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/public/bodies',
    summary: 'Public: the county\'s enforcement bodies and where each acts, and the team enforcing in each township (no sign-in)',
    tags: ['public'],
    query: publicBodiesQuerySchema,
    responses: {
      200: {
        description: 'bodies and townships',
        schema: z.object({
          county: z.object({ code: z.string(), name: z.string() }),
          bodies: z.array(unit.extend({ kindLabel: z.string(), townshipCodes: z.array(z.string()), villageCodes: z.array(z.string()), countyWide: z.boolean() })),
          townships: z.array(z.object({ code: z.string(), name: z.string(), teamId: z.string().nullable(), teamName: z.string().nullable() })),
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/public/catalogue',
    summary: 'Public: the matter catalogue of one township on a day — who holds each matter (devolved to the township or kept by the county) and its legal basis (no sign-in)',
    tags: ['public'],
    query: publicCatalogueQuerySchema,
    responses: {
      200: {
        description: 'the matters in force that day with their holders',
        schema: z.object({
          date: z.string(),
          township: z.object({ code: z.string(), name: z.string() }),
          entries: z.array(z.object({ code: z.string(), name: z.string(), domain: z.string(), legalBasis: z.string(), holder: unit, level: z.enum(['township', 'county']), reason: z.string() })),
          counts: z.object({ township: z.int(), county: z.int() }),
        }),
      },
    },
  },
];
