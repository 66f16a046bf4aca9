import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer, type ServerProcess } from './server-process.ts';

/** Every node signs and checks tokens with this, so a token from one node is good on all. */
export const CLUSTER_SECRET = 'grid-dispatch-cluster-test-secret-0123456789';

export interface ClusterNode extends ServerProcess {
  name: string;
}

export interface Cluster {
  nodes: ClusterNode[];
  /** Stops every node still running and removes their data directories. */
  stop(): Promise<void>;
}

/**
 * N real server processes on one PostgreSQL database in cluster mode, as an operator would run
 * them behind one address. Started together, as a supervisor would (migrations and grid loading
 * take advisory locks, so one node does them and the others find them done), or one by one.
 * `script` replaces server/main.ts (e.g. test/bench/load/ladder-node.ts).
 */
export async function startCluster(
  databaseUrl: string,
  count: number,
  options: { env?: Record<string, string>; script?: string; sequential?: boolean } = {},
): Promise<Cluster> {
  const root = mkdtempSync(join(tmpdir(), 'gd-cluster-'));
  const nodes: ClusterNode[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  const start = async (i: number): Promise<ClusterNode> => {
    const name = String.fromCharCode(97 + i);
    const node = await spawnServer(
      {
        DATABASE_URL: databaseUrl,
        GRID_DISPATCH_CLUSTER: '1',
        GRID_DISPATCH_SECRET: CLUSTER_SECRET,
        GRID_DISPATCH_NODE: name,
        GRID_DISPATCH_DATA_DIR: join(root, name),
        ...options.env,
      },
      { script: options.script },
    );
    return { ...node, name };
  };
  const indexes = Array.from({ length: count }, (_, i) => i);
  const started: Array<PromiseSettledResult<ClusterNode>> = [];
  if (options.sequential) {
    // Node a first and alone: it takes the timer-sweep lock, which tests rely on.
    for (const i of indexes) {
      const [result] = await Promise.allSettled([start(i)]);
      started.push(result!);
      if (result!.status === 'rejected') break;
    }
  } else {
    started.push(...(await Promise.allSettled(indexes.map(start))));
  }
  for (const result of started) if (result.status === 'fulfilled') nodes.push(result.value);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return { nodes, stop };
}
