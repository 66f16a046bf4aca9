import { Router } from 'express';
import { auditPageSchema, auditQuerySchema } from '../../shared/protocol/audit.ts';
import type { AuditService } from '../services/audit-service.ts';
import type { OperationDoc } from './api-docs.ts';
import { caseActorOf } from './actor.ts';
import type { AuthGuards } from './require-auth.ts';
import { parse } from './validate.ts';

export function auditRoutes(audit: AuditService, guards: AuthGuards): Router {
  const router = Router();
  router.get('/audit', guards.requireAuth, async (req, res) => {
    const q = parse(auditQuerySchema, req.query, 'query');
    res.json(await audit.list(q, caseActorOf(res)));
  });
  return router;
}

export const auditOperations: OperationDoc[] = [
  {
    method: 'get',
    path: '/audit',
    summary: 'The audit trail: every recorded action (who, when, what, why), filtered by case, user and time, oldest first',
    tags: ['audit'],
    auth: true,
    query: auditQuerySchema,
    responses: { 200: { description: 'a page of entries; pass `next` as `after`', schema: auditPageSchema } },
  },
];
