import { Router, json } from 'express';
import { CASE_ACTION_LABELS } from '../../shared/domain/case-lifecycle.ts';
import {
  CASE_ACTION_SLUG_LIST,
  CASE_ACTION_SLUGS,
  caseActionBodySchemas,
  caseActionResponseSchema,
  caseParamsSchema,
  feedbackBodySchema,
  feedbackResponseSchema,
} from '../../shared/protocol/cases.ts';
import type { CaseService } from '../services/case-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { caseActorOf } from './actor.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';
import type { AuthGuards } from './require-auth.ts';
import { requireJson } from './require-json.ts';
import { parse } from './validate.ts';

const body = [requireJson, json({ limit: '32kb', strict: true })];

/** POST /incidents/{id}/{action}: one route per workflow action, each with its own body schema. */
export function casesRoutes(cases: CaseService, guards: AuthGuards): Router {
  const router = Router();
  for (const slug of CASE_ACTION_SLUG_LIST) {
    const action = CASE_ACTION_SLUGS[slug];
    router.post(`/incidents/:id/${slug}`, guards.requireAuth, ...body, async (req, res) => {
      const key = idempotencyKeyOf(req, res);
      const { id } = parse(caseParamsSchema, req.params, 'path');
      const input = parse(caseActionBodySchemas[action], req.body, `${slug} request`);
      res.json(await cases.act(id, action, input, caseActorOf(res), key));
    });
  }
  router.post('/incidents/:id/feedback', guards.requireAuth, ...body, async (req, res) => {
    const { id } = parse(caseParamsSchema, req.params, 'path');
    const input = parse(feedbackBodySchema, req.body, 'feedback');
    res.json(await cases.sendFeedback(id, input, caseActorOf(res)));
  });
  return router;
}

const ACTION_DETAIL: Record<string, string> = {
  dispatch: 'names ≥ 2 certified, available officers of the team (422 TWO_OFFICERS_REQUIRED otherwise); starts the acknowledgement ladder',
  acknowledge: 'the assigned team signs for the order and names the ≥ 2 certified officers it sends (unless the order already names them)',
  verify: '办审定分离: not by anyone who handled the case (403 SEPARATION_OF_DUTIES)',
  close: '办审定分离: not by anyone who handled or reviewed the case (403 SEPARATION_OF_DUTIES)',
  transfer: 'escalateToCounty (重大、复杂、简易程序无法处理 → a bureau brigade) or referToDepartment (→ a department or its station)',
  return: 'the team sends the case back to the dispatch center queue (reason required)',
};

export const casesOperations: OperationDoc[] = [
  ...CASE_ACTION_SLUG_LIST.map(
    (slug): OperationDoc => ({
      method: 'post',
      path: `/incidents/{id}/${slug}`,
      summary: `Case workflow: ${CASE_ACTION_LABELS[CASE_ACTION_SLUGS[slug]]} (${slug})${ACTION_DETAIL[slug] ? ` — ${ACTION_DETAIL[slug]}` : ''}`,
      tags: ['cases'],
      auth: true,
      params: caseParamsSchema,
      body: caseActionBodySchemas[CASE_ACTION_SLUGS[slug]],
      headers: [{ name: 'Idempotency-Key', description: 'a retry with the same key (e.g. from a phone whose answer was lost) returns the original answer instead of 409' }],
      responses: {
        200: { description: 'the case after the step and the event recorded', schema: caseActionResponseSchema },
        409: { description: 'ILLEGAL_TRANSITION (error.allowed lists what the case allows) or CASE_CHANGED' },
        403: { description: 'FORBIDDEN, WRONG_UNIT or SEPARATION_OF_DUTIES' },
        422: { description: 'TWO_OFFICERS_REQUIRED, REASON_REQUIRED, TARGET_REQUIRED, UNKNOWN_UNIT, IDEMPOTENCY_KEY_REUSED …' },
      },
    }),
  ),
  {
    method: 'post',
    path: '/incidents/{id}/feedback',
    summary: '反馈主管部门: tell the department that sent the lead what came of it (closed or rejected cases, once per department)',
    tags: ['cases'],
    auth: true,
    params: caseParamsSchema,
    body: feedbackBodySchema,
    responses: { 200: { description: 'the case with the feedback recorded', schema: feedbackResponseSchema } },
  },
];
