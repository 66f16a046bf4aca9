import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { attachRealtime } from './realtime/socket-server.ts';
import { JournalStore } from './repositories/embedded/journal-store.ts';
import { readGridFiles } from './repositories/grid-files.ts';
import { GridService } from './services/grid-service.ts';
import { IntakeService } from './services/intake-service.ts';
import { uuidv7 } from './ids.ts';
import { REPO_ROOT } from './paths.ts';

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the embedded store keeps its journal. */
  dataDir: string;
  gridsDir?: string;
  clientDir?: string;
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** config → store → services → app → listen. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { counties, collections } = readGridFiles(options.gridsDir ?? `${REPO_ROOT}data/grids`);
  const grids = new GridService(counties, collections);
  const store = await JournalStore.open(options.dataDir);
  const http = createServer();
  const { io, publisher } = attachRealtime(http, (code) => grids.hasCounty(code));
  const intake = new IntakeService({ store, grids, publisher, now: options.now ?? (() => new Date()), newId: () => uuidv7() });
  http.on('request', createApp({ store, grids, intake, clientDir: options.clientDir ?? `${REPO_ROOT}dist/client` }));
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8080, options.host ?? '0.0.0.0', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      await io.close(); // also closes the http server
      await store.close();
    },
  };
}
