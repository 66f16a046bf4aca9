import { existsSync } from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import { join } from 'node:path';
import compression from 'compression';
import express, { type Express } from 'express';
import type { Store } from './repositories/store.ts';
import type { GridService } from './services/grid-service.ts';
import type { IntakeService } from './services/intake-service.ts';
import type { GridStatsService } from './services/grid-stats-service.ts';
import type { TilesService } from './services/tiles-service.ts';
import type { Actor } from '../shared/domain/capabilities.ts';
import type { AuthService } from './services/auth-service.ts';
import { authRoutes } from './http/auth.routes.ts';
import { authGuards } from './http/require-auth.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { gridsRoutes } from './http/grids.routes.ts';
import { clientPage } from './http/client-page.ts';
import { GridBodies } from './services/grid-bodies.ts';
import { incidentsRoutes } from './http/incidents.routes.ts';
import { CaseQueueService } from './services/case-queue-service.ts';
import { DirectoryService } from './services/directory-service.ts';
import { directoryRoutes } from './http/directory.routes.ts';
import { DEFAULT_ACK_LADDER } from '../shared/domain/ack-ladder.ts';
import { reportsRoutes } from './http/reports.routes.ts';
import { mountStandards, type StandardsOptions } from './http/standards.ts';
import { routeRoutes } from './http/route.routes.ts';
import { statsRoutes } from './http/stats.routes.ts';
import { storeErrorHandler } from './http/store-errors.ts';
import type { Admission } from './http/load-shedding.ts';
import { metricsRoutes } from './http/metrics.routes.ts';
import type { Logger } from './observability/logger.ts';
import type { ServerMetrics } from './observability/metrics.ts';
import { requestLogging } from './observability/request-logging.ts';
import { tilesRoutes } from './http/tiles.routes.ts';
import { openApiRoutes } from './http/openapi.routes.ts';
import { eventsRoutes } from './http/events.routes.ts';
import { ReplayService } from './services/replay-service.ts';
import { workflowRoutes } from './http/workflow.routes.ts';
import type { Workflow } from './services/workflow-setup.ts';
import { jointActionsRoutes } from './http/joint-actions.routes.ts';
import { attachmentsRoutes } from './http/attachments.routes.ts';
import type { FieldServices } from './services/field-setup.ts';
import { evaluationRoutes } from './http/evaluation.routes.ts';
import { publicRoutes } from './http/public.routes.ts';
import { EvaluationService } from './services/evaluation-service.ts';
import { PublicCatalogueService } from './services/public-catalogue-service.ts';

export interface AppDeps {
  /** The clock dry-run routing uses when a point has no `at`. */
  now?: () => Date;
  store: Store;
  grids: GridService;
  intake: IntakeService;
  stats: GridStatsService;
  tiles: TilesService;
  /** Built client (dist/client); served at / when present. */
  clientDir?: string;
  /** OGC API Features, Open311, exports and imports (server/http/standards.ts). */
  standards?: StandardsOptions;
  /** Sign-in and tokens; every non-public route asks it who is calling. */
  auth: AuthService;
  /** Demo mode's seeded accounts (GET /api/v1/demo/accounts); absent outside demo mode. */
  demoActors?: readonly Actor[];
  /** Request logs, GET /metrics and admission control for writes (load shedding). */
  observability?: { logger: Logger; metrics: ServerMetrics; admission?: Admission; metricsToken?: string };
  /** The case workflow: transitions, officers, collaboration, disputes, calendar, audit. */
  workflow?: Workflow;
  /** Joint actions (联合执法/专项行动) and photo attachments. */
  field?: Pick<FieldServices, 'jointActions' | 'attachments'>;
  /** The acknowledgement deadline the overdue queue uses (default: the ack ladder's first step). */
  ackWithinMs?: number;
}

/** The express app, without listen(), so tests can mount it on any server. */
export function createApp({ store, grids, intake, stats, tiles, clientDir, standards, auth, demoActors, observability, workflow, field, ackWithinMs = DEFAULT_ACK_LADDER.steps[0]!.afterMs, now = () => new Date() }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  if (observability) {
    app.use(requestLogging(observability.logger, observability.metrics));
    app.use(metricsRoutes(observability.metrics, observability.metricsToken));
    // Before any body is read or anything stored: a refused write was never accepted.
    if (observability.admission) app.use(observability.admission.middleware);
  }
  // Every JSON/GeoJSON/HTML answer brotli or gzip as the client accepts (answers under 1 KB as
  // they are). Grid levels come precompressed per version (GridBodies) and pass through.
  app.use(compression({ brotli: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } }));
  const api = express.Router();
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok', store: store.kind, counties: grids.counties.map((c) => c.code) });
  });
  api.use(openApiRoutes());
  const org = grids.jurisdiction.configs;
  const guards = authGuards(auth, org);
  api.use(authRoutes({ auth, guards, org, demoActors }));
  api.use(gridsRoutes(grids, new GridBodies(grids)));
  api.use(reportsRoutes(intake, guards, grids));
  api.use(routeRoutes(grids, now));
  api.use(incidentsRoutes(store, guards, new CaseQueueService({ store, now, ackWithinMs })));
  api.use(directoryRoutes(new DirectoryService({ store, org, people: (county) => auth.people(county) }), guards));
  api.use(evaluationRoutes(new EvaluationService({ store, grids, now }), guards));
  api.use(statsRoutes(stats, guards));
  api.use(publicRoutes(new PublicCatalogueService(grids.jurisdiction, now)));
  api.use(tilesRoutes(tiles, guards));
  api.use(eventsRoutes(new ReplayService({ store, org }), guards));
  if (workflow) api.use(workflowRoutes(workflow, guards));
  if (field) api.use(jointActionsRoutes(field.jointActions, guards), attachmentsRoutes(field.attachments, guards));
  api.use(notFound);
  if (standards) mountStandards(app, { store, grids, intake, now, guards, ...standards });
  app.use('/api/v1', api);
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    const page = clientPage(clientDir, grids);
    // Vite names assets by content hash: a new build is new URLs, so they are kept for good.
    app.use('/assets', express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes (/, /console, /wall, /public …) all load the single page, with the boot data.
    app.get(/^\/(?!api\/|socket\.io\/).*/, page);
  }
  app.use(notFound);
  app.use(storeErrorHandler);
  app.use(errorHandler);
  return app;
}
