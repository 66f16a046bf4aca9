import { Router } from 'express';
import type { Workflow } from '../services/workflow-setup.ts';
import type { OperationDoc } from './api-docs.ts';
import { auditOperations, auditRoutes } from './audit.routes.ts';
import { calendarOperations, calendarRoutes } from './calendar.routes.ts';
import { casesOperations, casesRoutes } from './cases.routes.ts';
import { collaborationsOperations, collaborationsRoutes } from './collaborations.routes.ts';
import { disputesOperations, disputesRoutes } from './disputes.routes.ts';
import { officersOperations, officersRoutes } from './officers.routes.ts';
import type { AuthGuards } from './require-auth.ts';

/** Every route of the case workflow (issue 5), mounted under /api/v1. */
export function workflowRoutes(workflow: Workflow, guards: AuthGuards): Router {
  const router = Router();
  router.use(casesRoutes(workflow.cases, guards));
  router.use(officersRoutes(workflow.officers, guards));
  router.use(collaborationsRoutes(workflow.collaborations, guards));
  router.use(disputesRoutes(workflow.disputes, guards));
  router.use(calendarRoutes(workflow.calendar));
  router.use(auditRoutes(workflow.audit, guards));
  return router;
}

export const workflowOperations: OperationDoc[] = [
  ...casesOperations,
  ...officersOperations,
  ...collaborationsOperations,
  ...disputesOperations,
  ...calendarOperations,
  ...auditOperations,
];
