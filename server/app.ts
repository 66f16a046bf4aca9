import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { Store } from './repositories/store.ts';
import type { GridService } from './services/grid-service.ts';
import type { IntakeService } from './services/intake-service.ts';
import type { GridStatsService } from './services/grid-stats-service.ts';
import type { TilesService } from './services/tiles-service.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { gridsRoutes } from './http/grids.routes.ts';
import { incidentsRoutes } from './http/incidents.routes.ts';
import { reportsRoutes } from './http/reports.routes.ts';
import { mountStandards, type StandardsOptions } from './http/standards.ts';
import { routeRoutes } from './http/route.routes.ts';
import { statsRoutes } from './http/stats.routes.ts';
import { storeErrorHandler } from './http/store-errors.ts';
import { tilesRoutes } from './http/tiles.routes.ts';

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
}

/** The express app, without listen(), so tests can mount it on any server. */
export function createApp({ store, grids, intake, stats, tiles, clientDir, standards, now = () => new Date() }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  const api = express.Router();
  api.get('/health', (_req, res) => {
    res.json({ status: 'ok', store: store.kind, counties: grids.counties.map((c) => c.code) });
  });
  api.use(gridsRoutes(grids));
  api.use(reportsRoutes(intake));
  api.use(routeRoutes(grids, now));
  api.use(incidentsRoutes(store));
  api.use(statsRoutes(stats));
  api.use(tilesRoutes(tiles));
  api.use(notFound);
  if (standards) mountStandards(app, { store, grids, intake, now, ...standards });
  app.use('/api/v1', api);
  if (clientDir && existsSync(join(clientDir, 'index.html'))) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    // Client-side routes (/wall, /public …) all load the single page.
    app.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => res.sendFile(join(clientDir, 'index.html')));
  }
  app.use(notFound);
  app.use(storeErrorHandler);
  app.use(errorHandler);
  return app;
}
