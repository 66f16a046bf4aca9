import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Store } from './repositories/store.ts';
import type { GridService } from './services/grid-service.ts';
import type { IntakeService } from './services/intake-service.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { gridsRoutes } from './http/grids.routes.ts';
import { incidentsRoutes } from './http/incidents.routes.ts';
import { reportsRoutes } from './http/reports.routes.ts';

export interface AppDeps {
  store: Store;
  grids: GridService;
  intake: IntakeService;
  /** Built client (dist/client); served at / when present. */
  clientDir?: string;
}

/** The express app, without listen(), so tests can mount it on any server. */
export function createApp({ store, grids, intake, clientDir }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const api = express.Router();
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok', store: store.kind, counties: grids.counties.map((c) => c.code) });
  });
  api.use(gridsRoutes(grids));
  api.use(reportsRoutes(intake));
  api.use(incidentsRoutes(store));
  api.use(notFound);
  app.use('/api/v1', api);
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes (/wall, /public …) all load the single page.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  }
  app.use(notFound);
  app.use(errorHandler);
  return app;
}
