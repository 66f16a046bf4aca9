import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../server/start-server.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
}

/** A real listening server on a free port with its own empty data directory. */
export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gd-test-'));
  const server = await startServer({ port: 0, host: '127.0.0.1', ...options, dataDir });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
