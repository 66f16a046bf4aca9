import { Router } from 'express';
import { openApiDocument, type OperationDoc } from './api-docs.ts';
import { attachmentsOperations } from './attachments.routes.ts';
import { authOperations } from './auth.routes.ts';
import { directoryOperations } from './directory.routes.ts';
import { evaluationOperations } from './evaluation.routes.ts';
import { eventsOperations } from './events.routes.ts';
import { exportsOperations } from './exports.routes.ts';
import { gridsOperations } from './grids.routes.ts';
import { importsOperations } from './imports.routes.ts';
import { incidentsOperations } from './incidents.routes.ts';
import { jointActionsOperations } from './joint-actions.routes.ts';
import { publicOperations } from './public.routes.ts';
import { reportsOperations } from './reports.routes.ts';
import { routeOperations } from './route.routes.ts';
import { gridStatsOperations } from './stats.routes.ts';
import { tilesOperations } from './tiles.routes.ts';
import { workflowOperations } from './workflow.routes.ts';

const healthOperations: OperationDoc[] = [
  { method: 'get', path: '/health', summary: 'Liveness: store kind and counties served', tags: ['meta'], responses: { 200: { description: '{status, store, counties}' } } },
  { method: 'get', path: '/openapi.json', summary: 'This document', tags: ['meta'], responses: { 200: { description: 'OpenAPI 3.1' } } },
];

/** Every REST operation under /api/v1, each from the zod schemas its handler validates with. */
export const apiOperations: readonly OperationDoc[] = [
  ...healthOperations,
  ...authOperations,
  ...directoryOperations,
  ...gridsOperations,
  ...reportsOperations,
  ...routeOperations,
  ...incidentsOperations,
  ...eventsOperations,
  ...workflowOperations,
  ...jointActionsOperations,
  ...attachmentsOperations,
  ...evaluationOperations,
  ...gridStatsOperations,
  ...publicOperations,
  ...tilesOperations,
  ...importsOperations,
  ...exportsOperations,
];

export function openApiRoutes(): Router {
  const router = Router();
  // Built once: the operations are static.
  let document: Record<string, unknown> | null = null;
  router.get('/openapi.json', (_req, res) => {
    document ??= openApiDocument(apiOperations, {
      title: 'Grid Dispatch API (网格执法调度指挥中心)',
      version: '1',
      description: 'Routing, intake, case workflow, joint actions, evaluation and open-standards exports. Errors: {error: {code, message, issues?}}.',
    });
    res.json(document);
  });
  return router;
}
