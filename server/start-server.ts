import { createServer } from 'node:http';
import type { Express } from 'express';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { ReplayService } from './services/replay-service.ts';
import { createAdmission, type AdmissionOptions } from './http/load-shedding.ts';
import { instrumentRouting, instrumentStore } from './observability/instrument.ts';
import { createLogger, type LogLevel } from './observability/logger.ts';
import { ServerMetrics } from './observability/metrics.ts';
import { scaleRealtime } from './realtime/cluster-adapter.ts';
import { attachRealtime } from './realtime/socket-server.ts';
import { readGridFiles } from './repositories/grid-files.ts';
import { readJurisdictionFiles } from './repositories/jurisdiction-files.ts';
import { openStore } from './repositories/open-store.ts';
import type { Store } from './repositories/store.ts';
import { setUpAuth, type AuthOptions } from './services/auth-setup.ts';
import { GridService } from './services/grid-service.ts';
import { GridStatsService } from './services/grid-stats-service.ts';
import { VersionLog } from './services/import/version-log.ts';
import { InProcessSpatial } from './services/in-process-spatial.ts';
import { IntakeService } from './services/intake-service.ts';
import { TilesService } from './services/tiles-service.ts';
import { createWorkflow } from './services/workflow-setup.ts';
import { createFieldServices } from './services/field-setup.ts';
import { AckTimerSweep, type TimerSweepOptions } from './services/timer-sweep.ts';
import { DEFAULT_ACK_LADDER, type AckLadderConfig } from '../shared/domain/ack-ladder.ts';
import type { Scheduler } from './services/timers.ts';
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
  /** Sign-in; default demo mode (seeded accounts, secret kept in dataDir). main.ts decides from the environment. */
  auth?: AuthOptions;
  /** Structured logs (pino, JSON on stdout); default 'warn' so in-process test servers stay quiet. main.ts: LOG_LEVEL, default 'info'. */
  logLevel?: LogLevel;
  /** Names this process in logs when several serve one address (GRID_DISPATCH_NODE). */
  node?: string;
  /** When set, GET /metrics needs `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string;
  /** Admission control for writes (server/http/load-shedding.ts); false turns it off. */
  admission?: Partial<AdmissionOptions> | false;
  /** Several nodes on one PostgreSQL: share socket.io broadcasts through it (needs databaseUrl). */
  cluster?: boolean;
  /** The dispatch acknowledgement ladder (default 5 min → township commander, 10 min → county dispatch center). */
  ackLadder?: AckLadderConfig;
  /** How often applied rule versions (grid, catalogue, devolution imports) are read from the event log; default 3 s. */
  versionPollMs?: number;
  /** Runs the workflow's timers (ack ladder, deadlines); tests pass a ManualTime to move time by hand. Default: setTimeout. */
  scheduler?: Scheduler;
  /** Re-arms overdue ack-ladder steps whose timer lived on a node that died (services/timer-sweep.ts). */
  timerSweep?: TimerSweepOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store['kind'];
  /** The express app, so tests can inspect what is mounted. */
  app: Express;
  close(): Promise<void>;
}

/** config → store → services → app → listen. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { counties, collections } = readGridFiles(options.gridsDir ?? `${REPO_ROOT}data/grids`);
  const grids = new GridService(counties, collections, readJurisdictionFiles(options.jurisdictionDir ?? `${REPO_ROOT}data`));
  const now = options.now ?? (() => new Date());
  // Before the store opens: an unusable auth configuration stops the start with nothing to close.
  const access = await setUpAuth(options.auth ?? { demo: true }, { dataDir: options.dataDir, org: grids.jurisdiction.configs, now });
  if (options.cluster && !options.databaseUrl) throw new Error('cluster mode (GRID_DISPATCH_CLUSTER=1) needs DATABASE_URL: the nodes share one PostgreSQL');
  const logger = createLogger({ level: options.logLevel ?? 'warn', node: options.node });
  const metrics = new ServerMetrics();
  const store = instrumentStore(await openStore({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, grids: collections }), metrics);
  // Applied imports are events: replay them (the latest version per county wins) before serving, then follow other nodes' applies.
  const spatial = store.spatial ?? new InProcessSpatial(store, collections, (lon, lat) => grids.index.locate(lon, lat));
  const versions = new VersionLog({ store, grids, spatial, log: (message, error) => logger.error({ err: error }, message) });
  await versions.catchUp().catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  versions.start(options.versionPollMs ?? 3000);
  // One owner per path: the request listener is installed before socket.io attaches, so engine.io
  // takes /socket.io/ requests itself and hands every other request to express (and only those).
  // Adding express as a second 'request' listener afterwards would answer polling requests twice.
  const handler: { app?: Express } = {};
  const http = createServer((req, res) => {
    if (handler.app) return handler.app(req, res);
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(JSON.stringify({ error: { code: 'OVERLOADED', message: 'the server is starting; try again' } }));
  });
  const replay = new ReplayService({ store, org: grids.jurisdiction.configs });
  const { io, publisher } = attachRealtime(http, { auth: access.auth, org: grids.jurisdiction.configs, now, replay, log: logger });
  const live = await scaleRealtime(io, publisher, { auth: access.auth, metrics, log: logger, clusterDatabaseUrl: options.cluster ? options.databaseUrl : undefined }).catch(async (error: unknown) => {
    await versions.stop();
    await store.close();
    throw error;
  });
  const admission = options.admission === false ? undefined : createAdmission(options.admission, metrics);
  const workflow = createWorkflow({
    store,
    publisher: live.publisher,
    org: grids.jurisdiction.configs,
    now,
    newId: () => uuidv7(),
    ackLadder: options.ackLadder,
    scheduler: options.scheduler,
    catalogue: () => grids.jurisdiction.catalogue,
    demoOfficers: (options.auth ?? { demo: true }).demo ? { collections } : undefined,
  });
  const field = createFieldServices({ store, publisher: live.publisher, org: grids.jurisdiction.configs, grids, now, newId: () => uuidv7(), databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const intake = new IntakeService({ store, grids: instrumentRouting(grids, metrics), publisher: live.publisher, now, newId: () => uuidv7(), orders: workflow.ackTimers });
  const app = createApp({
    store,
    grids,
    intake,
    now,
    stats: new GridStatsService(spatial, grids),
    tiles: new TilesService(spatial, () => grids.gridGeneration()),
    clientDir: options.clientDir ?? `${REPO_ROOT}dist/client`,
    standards: { collections, open311ApiKeys: options.open311ApiKeys ?? [], versions },
    auth: access.auth,
    demoActors: access.demoActors,
    observability: { logger, metrics, admission, metricsToken: options.metricsToken },
    workflow,
    field,
    ackWithinMs: (options.ackLadder ?? DEFAULT_ACK_LADDER).steps[0]!.afterMs,
  });
  handler.app = app;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => resolve());
  });
  // After listen, like any other start-up failure below it: close what was opened and refuse to start.
  await Promise.all([workflow.start(), field.start()]).catch(async (error: unknown) => {
    await workflow.stop();
    await field.close();
    await io.close();
    await live.close();
    await versions.stop();
    await store.close();
    throw error;
  });
  const sweep = new AckTimerSweep({ store, ackTimers: workflow.ackTimers, ladder: options.ackLadder ?? DEFAULT_ACK_LADDER, now, leader: live.leader, log: (m) => logger.warn(m), onHanded: (n) => metrics.timerSweepHanded.inc(n), ...options.timerSweep });
  // Only with several nodes: on one node every pending order's timer is in this process already.
  if (live.leader) sweep.start();
  metrics.setTimerBacklogSource(() => sweep.currentBacklog());
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    store: store.kind,
    app,
    async close() {
      admission?.close();
      await sweep.stop();
      live.drain();
      await workflow.stop();
      await io.close(); // also closes the http server
      await live.close();
      await field.close();
      await versions.stop();
      await store.close();
    },
  };
}
