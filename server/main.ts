import { resolve } from 'node:path';
import { REPO_ROOT } from './paths.ts';
import { scaleSettingsFrom, type ScaleSettings } from './observability/scale-env.ts';
import { describeStore } from './repositories/open-store.ts';
import { startServer, type RunningServer } from './start-server.ts';

// The only file that reads the environment.
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}
const dataDir = resolve(process.env.GRID_DISPATCH_DATA_DIR ?? `${REPO_ROOT}var/data`);
// Set: PostgreSQL + PostGIS. Unset: the embedded journal in dataDir, nothing to install.
const databaseUrl = process.env.DATABASE_URL || undefined;
// Comma-separated keys Open311 clients (county hotline systems) send as api_key; none = Open311 posting is refused.
const open311ApiKeys = (process.env.OPEN311_API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
// Demo mode (seeded accounts, one published password) unless GRID_DISPATCH_DEMO=0; then GRID_DISPATCH_SECRET
// (≥ 32 characters) signs tokens and GRID_DISPATCH_ACCOUNTS names the accounts file (argon2 hashes).
const demo = process.env.GRID_DISPATCH_DEMO !== '0';
const tokenTtl = process.env.GRID_DISPATCH_TOKEN_TTL_SECONDS ? Number(process.env.GRID_DISPATCH_TOKEN_TTL_SECONDS) : undefined;
const auth = { demo, secret: process.env.GRID_DISPATCH_SECRET || undefined, tokenTtlSeconds: tokenTtl, accountsFile: process.env.GRID_DISPATCH_ACCOUNTS || undefined };

// LOG_LEVEL, GRID_DISPATCH_CLUSTER=1 (several nodes on one DATABASE_URL), GRID_DISPATCH_NODE, GRID_DISPATCH_METRICS_TOKEN,
// GRID_DISPATCH_MAX_INFLIGHT_WRITES / _MAX_QUEUED_WRITES / … (load shedding): README.md, "Load, scale-out and observability".
let scale: ScaleSettings;
try {
  scale = scaleSettingsFrom(process.env);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

let server: RunningServer;
try {
  server = await startServer({ port, host: process.env.HOST ?? '0.0.0.0', dataDir, databaseUrl, open311ApiKeys, auth, ...scale });
} catch (error) {
  console.error(`Grid Dispatch could not start (${describeStore({ databaseUrl, dataDir })}): ${(error as Error).message}`);
  process.exit(1);
}
// Tests and supervisors read the port from this line: keep "listening on http://localhost:<port>".
console.log(`网格执法调度指挥中心 Grid Dispatch listening on http://localhost:${server.port} (store: ${describeStore({ databaseUrl, dataDir })})`);
if (demo) console.log('Demo mode: sign in with the accounts listed at /api/v1/demo/accounts (set GRID_DISPATCH_DEMO=0 to turn it off).');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
