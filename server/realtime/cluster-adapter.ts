import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server } from 'socket.io';
import { instrumentPublisher } from '../observability/instrument.ts';
import type { Logger } from '../observability/logger.ts';
import type { ServerMetrics } from '../observability/metrics.ts';
import { trackSocketClients } from '../observability/socket-metrics.ts';
import type { AuthService } from '../services/auth-service.ts';
import type { Publisher } from '../services/publisher.ts';
import { WallCoalescer } from './wall-coalescer.ts';

/** Payloads above pg_notify's ~8000-byte limit travel through this table (the adapter's default name). */
const ATTACHMENTS_TABLE = 'socket_io_attachments';
/** Any constant shared by all nodes: serialises the CREATE TABLE of nodes starting together. */
const DDL_LOCK = 7_404_311;
/** Held by the one node that runs the cluster's timer sweep. */
const SWEEP_LOCK = 7_404_312;

export interface ClusterAdapter {
  /** True while this node holds the sweep lock (taking it when free); see services/timer-sweep.ts. */
  leader(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Leadership by a session-level advisory lock on a connection kept for it: exactly one node holds
 * it, and when that node dies PostgreSQL ends its session and frees the lock, so the next node to
 * ask takes over — no lease to tune, no clock to trust.
 */
class AdvisoryLeadership {
  private client: pg.PoolClient | undefined;
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly key: number,
    private readonly log: Logger,
  ) {}

  async holds(): Promise<boolean> {
    if (this.closed) return false;
    if (this.client) {
      try {
        await this.client.query('SELECT 1');
        return true;
      } catch {
        this.drop(); // the session (and with it the lock) is gone
      }
    }
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [this.key]);
      if (rows[0]?.locked && !this.closed) {
        client.on('error', () => this.drop());
        this.client = client;
        this.log.info('cluster mode: this node now runs the timer sweep');
        return true;
      }
      client.release();
      return false;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  }

  private drop(): void {
    this.client?.release(true);
    this.client = undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.client) return;
    await this.client.query('SELECT pg_advisory_unlock($1)', [this.key]).catch(() => undefined);
    this.client.release();
    this.client = undefined;
  }
}

/**
 * Several server processes behind one address share one PostgreSQL; socket.io's PostgreSQL
 * adapter carries broadcasts between them over LISTEN/NOTIFY, so a report committed on node A
 * reaches a team's socket on node B — exactly once, because each node delivers only to its own
 * sockets. It gets its own small pool: one connection stays checked out for LISTEN, and a busy
 * store pool must not delay broadcasts (nor broadcasts the store).
 */
export async function attachClusterAdapter(io: Server, databaseUrl: string, log: Logger): Promise<ClusterAdapter> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: 'grid-dispatch-cluster', keepAlive: true, connectionTimeoutMillis: 5000 });
  pool.on('error', (error) => log.warn({ err: error.message }, 'cluster adapter: idle PostgreSQL connection lost'));
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [DDL_LOCK]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${ATTACHMENTS_TABLE} (id bigserial UNIQUE, created_at timestamptz DEFAULT now(), payload bytea)`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [DDL_LOCK]).catch(() => undefined);
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw new Error(`cluster mode: cannot prepare PostgreSQL for the socket.io adapter: ${(error as Error).message}`);
  }
  io.adapter(
    createAdapter(pool, {
      tableName: ATTACHMENTS_TABLE,
      // The adapter swallows publish errors; log them so a broken link between nodes is visible.
      errorHandler: (error: Error) => log.warn({ err: error.message }, 'cluster adapter: publish or receive failed'),
      heartbeatInterval: 5000,
      heartbeatTimeout: 15_000,
    }),
  );
  log.info('cluster mode: socket.io broadcasts are shared through PostgreSQL LISTEN/NOTIFY');
  const leadership = new AdvisoryLeadership(pool, SWEEP_LOCK, log);
  return {
    leader: () => leadership.holds(),
    async close() {
      await leadership.close();
      // io.close() has closed the adapter (released its LISTEN connection) by now.
      await pool.end();
    },
  };
}

export interface RealtimeScale {
  /** The publisher services use: wall rooms coalesced, broadcast timed. */
  publisher: Publisher;
  /** Before io.close(): sends what the wall coalescer holds. */
  drain(): void;
  /** After io.close(): ends the adapter's pool. */
  close(): Promise<void>;
  /** Cluster mode: whether this node is the one that sweeps timers; absent on a single node. */
  leader?: () => Promise<boolean>;
}

/**
 * Everything between the services and socket.io that scale-out needs: clients-per-role gauge,
 * wall coalescing, broadcast timing and — when `clusterDatabaseUrl` is given — the PostgreSQL
 * adapter that joins this node's sockets to the other nodes'.
 */
export async function scaleRealtime(
  io: Server,
  publisher: Publisher,
  deps: { auth: AuthService; metrics: ServerMetrics; log: Logger; clusterDatabaseUrl?: string },
): Promise<RealtimeScale> {
  trackSocketClients(io, deps.auth, deps.metrics);
  const coalescer = new WallCoalescer(io, { metrics: deps.metrics });
  const adapter = deps.clusterDatabaseUrl ? await attachClusterAdapter(io, deps.clusterDatabaseUrl, deps.log) : undefined;
  if (adapter) coalescer.enableCluster();
  return {
    publisher: instrumentPublisher(coalescer.wrap(publisher), deps.metrics),
    drain: () => coalescer.close(),
    close: async () => adapter?.close(),
    ...(adapter ? { leader: () => adapter.leader() } : {}),
  };
}
