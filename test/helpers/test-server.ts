import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../../server/start-server.ts';

export interface TestServer extends RunningServer {
  dataDir: string;
}

/**
 * A real listening server on a free port with its own empty data directory, in demo mode (sign in
 * with test/helpers/auth.ts). Tokens live a year unless `auth` says otherwise, so tests that move
 * the clock by days keep their sign-in.
 */
export async function startTestServer(options: Partial<StartOptions> = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gd-test-'));
  const auth = options.auth ?? { demo: true, tokenTtlSeconds: 365 * 24 * 3600 };
  // Event-loop-lag shedding is off unless a test asks for it: on a shared 2-core CI machine the lag
  // measures the other test files' servers and browsers, not this server, and turned ordinary
  // requests into 503s. The in-flight and per-client limits still apply; overload.test.ts tests lag.
  const admission = options.admission ?? { maxEventLoopLagMs: 0 };
  const server = await startServer({ port: 0, host: '127.0.0.1', ...options, dataDir, auth, admission });
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
