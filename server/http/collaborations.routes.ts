import { Router, json } from 'express';
import {
  collaborationAnswerSchema,
  collaborationCreateSchema,
  collaborationListSchema,
  collaborationParamsSchema,
  collaborationsQuerySchema,
  collaborationViewSchema,
} from '../../shared/protocol/collaborations.ts';
import type { CollaborationService } from '../services/collaboration-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { caseActorOf } from './actor.ts';
import type { AuthGuards } from './require-auth.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';

const body = [requireJson, json({ limit: '32kb', strict: true })];

export function collaborationsRoutes(collaborations: CollaborationService, guards: AuthGuards): Router {
  const router = Router();
  router.post('/collaborations', guards.requireAuth, ...body, async (req, res) => {
    const input = parse(collaborationCreateSchema, req.body, 'collaboration request');
    res.status(201).json(await collaborations.request(input, caseActorOf(res)));
  });
  router.post('/collaborations/:id/answer', guards.requireAuth, ...body, async (req, res) => {
    const { id } = parse(collaborationParamsSchema, req.params, 'path');
    const { answer } = parse(collaborationAnswerSchema, req.body, 'answer');
    res.json(await collaborations.answer(id, answer, caseActorOf(res)));
  });
  router.get('/collaborations', guards.requireAuth, async (req, res) => {
    const query = parse(collaborationsQuerySchema, req.query, 'query');
    res.json({ items: await collaborations.list(query, caseActorOf(res)) });
  });
  router.get('/collaborations/:id', guards.requireAuth, async (req, res) => {
    const { id } = parse(collaborationParamsSchema, req.params, 'path');
    res.json(collaborations.view(await collaborations.get(id, caseActorOf(res))));
  });
  return router;
}

export const collaborationsOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/collaborations',
    summary: '乡呼县应: a township asks a county department for a finding (认定/鉴定/咨询); due in 3 working days',
    tags: ['collaboration'],
    auth: true,
    body: collaborationCreateSchema,
    responses: { 201: { description: 'the request with its deadline', schema: collaborationViewSchema } },
  },
  {
    method: 'post',
    path: '/collaborations/{id}/answer',
    summary: 'The department’s written answer (once)',
    tags: ['collaboration'],
    auth: true,
    params: collaborationParamsSchema,
    body: collaborationAnswerSchema,
    responses: { 200: { description: 'the answered request', schema: collaborationViewSchema }, 409: { description: 'ALREADY_ANSWERED' } },
  },
  {
    method: 'get',
    path: '/collaborations',
    summary: 'Collaboration requests the actor may see, with their deadline state (requested / answered / overdue)',
    tags: ['collaboration'],
    auth: true,
    query: collaborationsQuerySchema,
    responses: { 200: { description: 'requests', schema: collaborationListSchema } },
  },
  {
    method: 'get',
    path: '/collaborations/{id}',
    summary: 'One collaboration request',
    tags: ['collaboration'],
    auth: true,
    params: collaborationParamsSchema,
    responses: { 200: { description: 'the request', schema: collaborationViewSchema } },
  },
];
