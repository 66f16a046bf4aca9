/**
 * A cluster node for the multi-node timer tests: the server as server/main.ts starts it, but with
 * an acknowledgement ladder of seconds instead of minutes and a fast timer sweep, so tests watch
 * escalations fire (and survive a node's death) in seconds. Environment: DATABASE_URL,
 * GRID_DISPATCH_SECRET, GRID_DISPATCH_DATA_DIR, GRID_DISPATCH_NODE, TEST_ACK_MS, TEST_COUNTY_MS, TEST_SWEEP_GRACE_MS.
 */
import { twoStepAckLadder } from '../../../shared/domain/ack-ladder.ts';
import { startServer } from '../../../server/start-server.ts';

const env = process.env;
const server = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir: env.GRID_DISPATCH_DATA_DIR!,
  databaseUrl: env.DATABASE_URL!,
  cluster: true,
  node: env.GRID_DISPATCH_NODE,
  logLevel: 'warn',
  auth: { demo: true, secret: env.GRID_DISPATCH_SECRET },
  ackLadder: twoStepAckLadder(Number(env.TEST_ACK_MS ?? 5000), Number(env.TEST_COUNTY_MS ?? 3000)),
  timerSweep: { intervalMs: 500, graceMs: Number(env.TEST_SWEEP_GRACE_MS ?? 1000) },
});
console.log(`ladder test node listening on http://localhost:${server.port}`);
process.on('SIGTERM', () => {
  void server.close().then(() => process.exit(0));
});
