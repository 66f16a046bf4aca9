import { Router, json } from 'express';
import { caseParamsSchema } from '../../shared/protocol/cases.ts';
import { disputeCreateSchema, disputeDecisionSchema, disputeListSchema, disputeParamsSchema, disputesQuerySchema, disputeViewSchema } from '../../shared/protocol/disputes.ts';
import type { DisputeService } from '../services/dispute-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { caseActorOf } from './actor.ts';
import type { AuthGuards } from './require-auth.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';

const body = [requireJson, json({ limit: '32kb', strict: true })];

export function disputesRoutes(disputes: DisputeService, guards: AuthGuards): Router {
  const router = Router();
  router.post('/incidents/:id/disputes', guards.requireAuth, ...body, async (req, res) => {
    const { id } = parse(caseParamsSchema, req.params, 'path');
    const input = parse(disputeCreateSchema, req.body, 'dispute');
    res.status(201).json(await disputes.raise(id, input, caseActorOf(res)));
  });
  router.post('/disputes/:id/decision', guards.requireAuth, ...body, async (req, res) => {
    const { id } = parse(disputeParamsSchema, req.params, 'path');
    const input = parse(disputeDecisionSchema, req.body, 'decision');
    res.json(await disputes.decide(id, input, caseActorOf(res)));
  });
  router.get('/disputes', guards.requireAuth, async (req, res) => {
    const query = parse(disputesQuerySchema, req.query, 'query');
    res.json({ items: await disputes.list(query, caseActorOf(res)) });
  });
  router.get('/disputes/:id', guards.requireAuth, async (req, res) => {
    const { id } = parse(disputeParamsSchema, req.params, 'path');
    res.json(disputes.view(await disputes.get(id, caseActorOf(res))));
  });
  return router;
}

export const disputesOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/incidents/{id}/disputes',
    summary: '确权: the assigned team (or its township) disputes the routing; the case returns to the dispatch center queue',
    tags: ['disputes'],
    auth: true,
    params: caseParamsSchema,
    body: disputeCreateSchema,
    responses: { 201: { description: 'the dispute with its decision deadline', schema: disputeViewSchema }, 409: { description: 'DISPUTE_OPEN or ILLEGAL_TRANSITION' } },
  },
  {
    method: 'post',
    path: '/disputes/{id}/decision',
    summary: 'The county coordination center decides the responsible unit; the case is re-dispatched to it',
    tags: ['disputes'],
    auth: true,
    params: disputeParamsSchema,
    body: disputeDecisionSchema,
    responses: { 200: { description: 'the decided dispute', schema: disputeViewSchema }, 409: { description: 'ALREADY_DECIDED' } },
  },
  {
    method: 'get',
    path: '/disputes',
    summary: 'Jurisdiction disputes the actor may see, with their deadline state (pending / decided / overdue)',
    tags: ['disputes'],
    auth: true,
    query: disputesQuerySchema,
    responses: { 200: { description: 'disputes', schema: disputeListSchema } },
  },
  {
    method: 'get',
    path: '/disputes/{id}',
    summary: 'One jurisdiction dispute',
    tags: ['disputes'],
    auth: true,
    params: disputeParamsSchema,
    responses: { 200: { description: 'the dispute', schema: disputeViewSchema } },
  },
];
