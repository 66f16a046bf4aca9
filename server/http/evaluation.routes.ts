import { Router } from 'express';
import { z } from 'zod';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { evaluationCsv } from '../../shared/evaluation/evaluation-csv.ts';
import { statsQuerySchema, wallQuerySchema } from '../../shared/protocol/stats.ts';
import type { EvaluationService } from '../services/evaluation-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

const countyScope = (req: { query: unknown }) => {
  const raw = (req.query as Record<string, unknown>).county;
  const code = typeof raw === 'string' ? normalizeCountyCode(raw) : null;
  // An unparsable code fails validation in the handler; give the guard a scope it will refuse.
  return { countyCode: code ?? 'invalid' };
};

/**
 * 考评 (GET /stats) for county-wide readers, and the wall display's snapshot (GET /stats/wall)
 * for anyone holding wall:view there. Both are computed per request from the store.
 */
export function evaluationRoutes(evaluation: EvaluationService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/stats', guards.requireAuth, async (req, res) => {
    const q = parse(statsQuerySchema, req.query, 'query');
    const county = normalizeCountyCode(q.county)!;
    guards.assertCan(actorOf(res), 'case:read', { countyCode: county });
    const report = await evaluation.report(county, { from: q.from, to: q.to, by: q.by });
    res.set('Cache-Control', 'no-store');
    if (q.format === 'csv') {
      const name = `evaluation-${county.slice(0, 6)}-${q.by}-${report.from.slice(0, 10)}_${report.to.slice(0, 10)}.csv`;
      res.type('text/csv; charset=utf-8').set('Content-Disposition', `attachment; filename="${name}"`).send(evaluationCsv(report));
      return;
    }
    res.json(report);
  });
  router.get('/stats/wall', guards.requireAuth, guards.requireCapability('wall:view', countyScope), async (req, res) => {
    const q = parse(wallQuerySchema, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await evaluation.wall(normalizeCountyCode(q.county)!));
  });
  return router;
}

const rate = z.number().min(0).max(1).nullable();
const rowSchema = z.object({
  key: z.string(),
  label: z.string(),
  received: z.int(),
  accepted: z.int(),
  dispatched: z.int(),
  closed: z.int(),
  closureRate: rate,
  onTimeClosureRate: rate,
  reworkRate: rate,
  overdueRate: rate,
  extensionRate: rate,
  ackOnTimeRate: rate,
  ackMedianMs: z.number().nullable(),
  ackP90Ms: z.number().nullable(),
  score: z.number().nullable(),
  grade: z.enum(['A', 'B', 'C', 'D', 'E']).nullable(),
});

export const evaluationOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/stats',
    summary: '考评: case counts, 结案率, 按期结案率, 返工率, 超期率, 延期率, acknowledgement times and grades per team, township or domain; 七三开 split of "1+X" hub teams (format=csv for a spreadsheet)',
    tags: ['evaluation'],
    query: statsQuerySchema,
    auth: true,
    responses: {
      200: {
        description: 'the evaluation of the period (application/json), or CSV when format=csv',
        schema: z.object({ from: z.string(), to: z.string(), asOf: z.string(), by: z.string(), total: rowSchema, rows: z.array(rowSchema), clusters: z.array(z.object({ clusterId: z.string(), score: z.number().nullable() })) }),
      },
    },
  },
  {
    method: 'get',
    path: '/stats/wall',
    summary: 'The command-hall wall display snapshot: KPI tiles, township status colours, per-township and per-domain counts, the last 24 h of incidents and the latest dispatches',
    tags: ['evaluation'],
    query: wallQuerySchema,
    auth: true,
    responses: { 200: { description: 'the wall snapshot', schema: z.object({ seq: z.int(), day: z.string(), kpis: z.record(z.string(), z.unknown()) }) } },
  },
];
