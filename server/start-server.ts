import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { attachRealtime } from './realtime/socket-server.ts';
import { readGridFiles } from './repositories/grid-files.ts';
import { readJurisdictionFiles } from './repositories/jurisdiction-files.ts';
import { openStore } from './repositories/open-store.ts';
import type { Store } from './repositories/store.ts';
import { GridService } from './services/grid-service.ts';
import { GridStatsService } from './services/grid-stats-service.ts';
import { InProcessSpatial } from './services/in-process-spatial.ts';
import { IntakeService } from './services/intake-service.ts';
import { TilesService } from './services/tiles-service.ts';
import { uuidv7 } from './ids.ts';
import { REPO_ROOT } from './paths.ts';

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the embedded store keeps its journal. */
  dataDir: string;
  /** postgres://… selects the PostGIS store instead of the embedded one. */
  databaseUrl?: string;
  gridsDir?: string;
  /** Holds catalogue/matters.csv and counties/*.json (default: the repo's data/). */
  jurisdictionDir?: string;
  clientDir?: string;
  now?: () => Date;
  /** Keys Open311 clients send as api_key (main.ts reads OPEN311_API_KEYS). */
  open311ApiKeys?: readonly string[];
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store['kind'];
  close(): Promise<void>;
}

/** config → store → services → app → listen. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { counties, collections } = readGridFiles(options.gridsDir ?? `${REPO_ROOT}data/grids`);
  const grids = new GridService(counties, collections, readJurisdictionFiles(options.jurisdictionDir ?? `${REPO_ROOT}data`));
  const store = await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, grids: collections });
  const spatial = store.spatial ?? new InProcessSpatial(store, collections, (lon, lat) => grids.index.locate(lon, lat));
  const http = createServer();
  const { io, publisher } = attachRealtime(http, (code) => grids.hasCounty(code));
  const now = options.now ?? (() => new Date());
  const intake = new IntakeService({ store, grids, publisher, now, newId: () => uuidv7() });
  const app = createApp({
    store,
    grids,
    intake,
    now,
    stats: new GridStatsService(spatial, grids),
    tiles: new TilesService(spatial),
    clientDir: options.clientDir ?? `${REPO_ROOT}dist/client`,
    standards: { collections, open311ApiKeys: options.open311ApiKeys ?? [] },
  });
  http.on('request', app);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store: store.kind,
    async close() {
      await io.close(); // also closes the http server
      await store.close();
    },
  };
}
