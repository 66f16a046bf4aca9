import { resolve } from 'node:path';
import { REPO_ROOT } from './paths.ts';
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

let server: RunningServer;
try {
  server = await startServer({ port, host: process.env.HOST ?? '0.0.0.0', dataDir, databaseUrl, open311ApiKeys });
} catch (error) {
  console.error(`Grid Dispatch could not start (${describeStore({ databaseUrl, dataDir })}): ${(error as Error).message}`);
  process.exit(1);
}
// Tests and supervisors read the port from this line: keep "listening on http://localhost:<port>".
console.log(`网格执法调度指挥中心 Grid Dispatch listening on http://localhost:${server.port} (store: ${describeStore({ databaseUrl, dataDir })})`);

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
