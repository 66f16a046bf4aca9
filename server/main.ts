import { resolve } from 'node:path';
import { REPO_ROOT } from './paths.ts';
import { startServer } from './start-server.ts';

// The only file that reads the environment.
const port = Number(process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${process.env.PORT}`);
  process.exit(2);
}
const dataDir = resolve(process.env.GRID_DISPATCH_DATA_DIR ?? `${REPO_ROOT}var/data`);

const server = await startServer({ port, host: process.env.HOST ?? '0.0.0.0', dataDir });
console.log(`网格执法调度指挥中心 Grid Dispatch listening on http://localhost:${server.port} (embedded store in ${dataDir})`);

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
