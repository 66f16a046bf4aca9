import type { Express } from 'express';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { Store } from '../repositories/store.ts';
import type { GridService } from '../services/grid-service.ts';
import type { IntakeService } from '../services/intake-service.ts';
import type { AuthGuards } from './require-auth.ts';
import { OgcFeaturesService, type GridSource } from '../services/ogc-features-service.ts';
import { Open311Facade } from '../services/open311-service.ts';
import { uuidv7 } from '../ids.ts';
import { GridImportService } from '../services/import/grid-import-service.ts';
import { ImportApplier } from '../services/import/import-applier.ts';
import { TableImportService } from '../services/import/table-import-service.ts';
import type { VersionLog } from '../services/import/version-log.ts';
import { exportsRoutes } from './exports.routes.ts';
import { importsRoutes } from './imports.routes.ts';
import { ogcRoutes } from './ogc/ogc.routes.ts';
import { open311Routes } from './open311/open311.routes.ts';

/** What start-server passes in beyond the app's own deps. */
export interface StandardsOptions {
  /** Grid collections by 12-digit county code, as loaded at start. */
  collections: ReadonlyMap<string, GridCollection>;
  /** Keys Open311 clients must send as api_key with POST requests; none = posting is refused. */
  open311ApiKeys?: readonly string[];
  /** Rule versions on the event log (start-server replays and polls it); imports apply through it. */
  versions: VersionLog;
}

export interface StandardsDeps extends StandardsOptions {
  store: Store;
  grids: GridService;
  intake: IntakeService;
  now: () => Date;
  /** Exports, imports and the OGC incidents collection need a signed-in actor with the right capability. */
  guards: AuthGuards;
}

/**
 * The open-standards surface (issue 8): OGC API Features at /ogc, Open311 GeoReport v2 at
 * /open311/v2, exports and imports under /api/v1. Mounted before the API router and the web
 * client so their catch-alls never shadow these paths.
 */
export function mountStandards(app: Express, deps: StandardsDeps): void {
  const gridSource: GridSource = {
    counties: () => deps.grids.counties,
    // From the grid service, not the start-up files: an applied grid version is what gets exported.
    features: (code) => deps.grids.features(code),
  };
  const ogc = new OgcFeaturesService({ store: deps.store, grids: gridSource, countyConfigs: () => deps.grids.jurisdiction.configs.values() });
  app.use('/ogc', ogcRoutes(ogc, deps.guards));
  const open311 = new Open311Facade({
    store: deps.store,
    intake: deps.intake,
    grids: gridSource,
    catalogue: () => deps.grids.jurisdiction.catalogue,
    apiKeys: deps.open311ApiKeys ?? [],
    now: deps.now,
  });
  app.use('/open311/v2', open311Routes(open311));
  app.use('/api/v1', exportsRoutes(deps.store, gridSource, deps.guards));
  const gridImports = new GridImportService({ grids: gridSource, newId: uuidv7, now: deps.now, versionOf: (code) => deps.grids.version(code).grid });
  const tableImports = new TableImportService({ grids: deps.grids, newId: uuidv7, now: deps.now });
  const applier = new ImportApplier({ store: deps.store, grids: deps.grids, versions: deps.versions, gridImports, tableImports, now: deps.now });
  app.use('/api/v1', importsRoutes({ gridImports, tableImports, applier, versions: deps.versions, grids: deps.grids, guards: deps.guards }));
}
