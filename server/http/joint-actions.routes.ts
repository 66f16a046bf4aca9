import { Router, json } from 'express';
import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import {
  JOINT_ACTION_COMMAND_SLUGS,
  jointActionAreaResponseSchema,
  jointActionCommandSchemas,
  jointActionCreateSchema,
  jointActionListResponseSchema,
  jointActionParamsSchema,
  jointActionResponseSchema,
  jointActionsQuerySchema,
  participantOptionsQuerySchema,
  participantOptionsResponseSchema,
} from '../../shared/protocol/joint-actions.ts';
import type { JointActionService } from '../services/joint-action-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { actorOf, type AuthGuards } from './require-auth.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

const body = [requireJson, json({ limit: '64kb', strict: true })];

/** 联合执法 / 专项行动 (shared/protocol/joint-actions.ts describes the endpoints). */
export function jointActionsRoutes(jointActions: JointActionService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/joint-actions/options', guards.requireAuth, async (req, res) => {
    const { townships } = parse(participantOptionsQuerySchema, req.query, 'query');
    res.json(await jointActions.options(actorOf(res), townships.split(',')));
  });
  router.get('/joint-actions', guards.requireAuth, async (req, res) => {
    const q = parse(jointActionsQuerySchema, req.query, 'query');
    const items = await jointActions.list(actorOf(res), { status: q.status, open: q.open === 'true', countyCode: q.county ? normalizeCountyCode(q.county)! : undefined });
    res.json({ items });
  });
  router.get('/joint-actions/:id', guards.requireAuth, async (req, res) => {
    const { id } = parse(jointActionParamsSchema, req.params, 'path');
    res.json({ jointAction: await jointActions.get(actorOf(res), id) });
  });
  router.get('/joint-actions/:id/area', guards.requireAuth, async (req, res) => {
    const { id } = parse(jointActionParamsSchema, req.params, 'path');
    res.json(await jointActions.area(actorOf(res), id));
  });
  router.post('/joint-actions', guards.requireAuth, ...body, async (req, res) => {
    const key = idempotencyKeyOf(req, res);
    const input = parse(jointActionCreateSchema, req.body, 'joint action');
    const answer = await jointActions.create(actorOf(res), input, key);
    res.status(answer.status).json(answer.body);
  });
  for (const slug of JOINT_ACTION_COMMAND_SLUGS) {
    router.post(`/joint-actions/:id/${slug}`, guards.requireAuth, ...body, async (req, res) => {
      const key = idempotencyKeyOf(req, res);
      const { id } = parse(jointActionParamsSchema, req.params, 'path');
      const input = parse(jointActionCommandSchemas[slug], req.body, `${slug} request`);
      const answer = await jointActions.command(actorOf(res), id, slug, input, key);
      res.status(answer.status).json(answer.body);
    });
  }
  return router;
}

const COMMAND_SUMMARY: Record<(typeof JOINT_ACTION_COMMAND_SLUGS)[number], string> = {
  approve: '县局审批通过 a proposed (cross-township) action — joint:command county-wide; participants are notified',
  reject: '县局驳回 a proposed action (reason required)',
  acknowledge: 'A participating unit acknowledges (签收); by someone acting for that unit (case:handle)',
  'report-result': 'A participating unit reports its result with photos uploaded to /attachments?jointAction={id}',
  close: 'The initiating unit (or the county) closes the action; before every result is in, a reason is required',
  cancel: 'The initiating unit (or the county) cancels the action (reason required)',
};

const idempotencyHeader = [{ name: 'Idempotency-Key', description: 'a retry with the same key returns the first answer and records nothing new (the field outbox resends with it)' }];

export const jointActionsOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/joint-actions/options',
    summary: 'Units that can join an action over these townships, 1+1+X first (own office, the team working there, stations posted there), then neighbours and county units',
    tags: ['joint-actions'],
    auth: true,
    query: participantOptionsQuerySchema,
    responses: { 200: { description: 'options', schema: participantOptionsResponseSchema } },
  },
  {
    method: 'get',
    path: '/joint-actions',
    summary: 'Joint actions and campaigns the actor may see, newest first',
    tags: ['joint-actions'],
    auth: true,
    query: jointActionsQuerySchema,
    responses: { 200: { description: 'actions', schema: jointActionListResponseSchema } },
  },
  {
    method: 'get',
    path: '/joint-actions/{id}',
    summary: 'One joint action with its participants, acknowledgements and results',
    tags: ['joint-actions'],
    auth: true,
    params: jointActionParamsSchema,
    responses: { 200: { description: 'the action', schema: jointActionResponseSchema }, 403: { description: 'FORBIDDEN' }, 404: { description: 'NOT_FOUND' } },
  },
  {
    method: 'get',
    path: '/joint-actions/{id}/area',
    summary: 'The action’s area as GeoJSON (the chosen cells or the drawn polygon, and the townships it touches) for a participant’s phone map',
    tags: ['joint-actions'],
    auth: true,
    params: jointActionParamsSchema,
    responses: { 200: { description: 'area and township outlines', schema: jointActionAreaResponseSchema }, 403: { description: 'FORBIDDEN' }, 404: { description: 'NOT_FOUND' } },
  },
  {
    method: 'post',
    path: '/joint-actions',
    summary: '发起联合执法 / 专项行动 over chosen grids or a drawn area (joint:command); cross-township or county units → proposed, awaiting the county',
    tags: ['joint-actions'],
    auth: true,
    body: jointActionCreateSchema,
    headers: idempotencyHeader,
    responses: {
      201: { description: 'the action (active, or proposed when it needs approval)', schema: jointActionResponseSchema },
      403: { description: 'FORBIDDEN: no joint:command, or the area is wholly outside the actor’s ground' },
      422: { description: 'UNKNOWN_UNIT: a unit not posted in the area' },
    },
  },
  ...JOINT_ACTION_COMMAND_SLUGS.map(
    (slug): OperationDoc => ({
      method: 'post',
      path: `/joint-actions/{id}/${slug}`,
      summary: COMMAND_SUMMARY[slug],
      tags: ['joint-actions'],
      auth: true,
      params: jointActionParamsSchema,
      body: jointActionCommandSchemas[slug],
      headers: idempotencyHeader,
      responses: {
        200: { description: 'the action after the step', schema: jointActionResponseSchema },
        403: { description: 'FORBIDDEN' },
        409: { description: 'ILLEGAL_TRANSITION' },
        422: { description: 'REASON_REQUIRED' },
      },
    }),
  ),
];
