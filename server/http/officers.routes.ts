import { Router, json } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { caseParamsSchema } from '../../shared/protocol/cases.ts';
import {
  officerListResponseSchema,
  officerParamsSchema,
  officerPositionBodySchema,
  officerResponseSchema,
  officersQuerySchema,
  officerStatusBodySchema,
  recommendationsResponseSchema,
} from '../../shared/protocol/officers.ts';
import type { OfficerService } from '../services/officer-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { caseActorOf } from './actor.ts';
import type { AuthGuards } from './require-auth.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';

const body = [requireJson, json({ limit: '8kb', strict: true })];

export function officersRoutes(officers: OfficerService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/officers', guards.requireAuth, async (req, res) => {
    const q = parse(officersQuerySchema, req.query, 'query');
    const items = await officers.list({ unitId: q.unitId, countyCode: q.county ? normalizeCountyCode(q.county)! : undefined }, caseActorOf(res));
    res.json({ items });
  });
  router.post('/officers/:id/status', guards.requireAuth, ...body, async (req, res) => {
    const { id } = parse(officerParamsSchema, req.params, 'path');
    const { status } = parse(officerStatusBodySchema, req.body, 'status');
    res.json(await officers.setStatus(id, status, caseActorOf(res)));
  });
  router.post('/officers/:id/position', guards.requireAuth, ...body, async (req, res) => {
    const { id } = parse(officerParamsSchema, req.params, 'path');
    const position = parse(officerPositionBodySchema, req.body, 'position');
    res.json(await officers.setPosition(id, position, caseActorOf(res)));
  });
  router.get('/incidents/:id/officer-recommendations', guards.requireAuth, async (req, res) => {
    const { id } = parse(caseParamsSchema, req.params, 'path');
    res.json(await officers.recommendations(id, caseActorOf(res)));
  });
  return router;
}

export const officersOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/officers',
    summary: 'Officers with duty status, certificate and last position (the actor’s scope)',
    tags: ['officers'],
    auth: true,
    query: officersQuerySchema,
    responses: { 200: { description: 'officers', schema: officerListResponseSchema } },
  },
  {
    method: 'post',
    path: '/officers/{id}/status',
    summary: 'Set an officer’s duty status (在岗/空闲/在途/在现场处置/不在岗); pushed as officer:updated',
    tags: ['officers'],
    auth: true,
    params: officerParamsSchema,
    body: officerStatusBodySchema,
    responses: { 200: { description: 'the officer', schema: officerResponseSchema } },
  },
  {
    method: 'post',
    path: '/officers/{id}/position',
    summary: 'Report an officer’s position from the field (WGS84, GCJ02 or BD09); pushed as officer:updated',
    tags: ['officers'],
    auth: true,
    params: officerParamsSchema,
    body: officerPositionBodySchema,
    responses: { 200: { description: 'the officer', schema: officerResponseSchema } },
  },
  {
    method: 'get',
    path: '/incidents/{id}/officer-recommendations',
    summary: 'The responsible unit’s available officers, nearest first (straight line), with the reasons for each place',
    tags: ['officers', 'cases'],
    auth: true,
    params: caseParamsSchema,
    responses: { 200: { description: 'ranking', schema: recommendationsResponseSchema } },
  },
];
