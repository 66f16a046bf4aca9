import pg from 'pg';
import { StoreUnavailableError } from '../store.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** Socket-level failures: the database is unreachable or the connection broke. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * SQLSTATEs that mean "the server is not there for us right now", not "the request is wrong":
 * class 08 (connection exception), 57P01-57P03 (shutdown, crash, starting up), 53300 (too many
 * connections).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300';
}

/** True when the error says the database could not be reached, rather than that the SQL failed. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || isUnavailableSqlState(code))) return true;
  // pg reports a dropped socket and its own timeouts without a code.
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connection timeout/i.test(error.message);
}

export function unavailable(error: unknown, outcomeUnknown = false): StoreUnavailableError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(`PostgreSQL is unreachable (${reason})`, outcomeUnknown, { cause: error });
}

export interface PoolOptions {
  /** Connections at most; a commit holds one for a few round trips. */
  max?: number;
  /** How long to wait for a connection before answering 503. */
  connectTimeoutMs?: number;
}

export function createPool(url: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 3000,
    // A half-open TCP connection must not hang a request forever.
    query_timeout: 15_000,
    keepAlive: true,
    idleTimeoutMillis: 30_000,
    application_name: 'grid-dispatch',
  });
  // An idle client whose server went away emits 'error'; unhandled, that would kill the process.
  // The pool drops the client, and the next request opens a fresh connection.
  pool.on('error', (error) => {
    console.warn(`[store] idle PostgreSQL connection lost: ${error.message}`);
  });
  return pool;
}

/**
 * Checks out a client, guarding it against 'error' events while it is checked out (a dropped
 * connection between two queries would otherwise crash the process), and maps an unreachable
 * database to StoreUnavailableError. A client that saw a connection error is destroyed, not reused.
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw isConnectionError(error) ? unavailable(error) : error;
  }
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    return await work(client);
  } catch (error) {
    if (error instanceof StoreUnavailableError || isConnectionError(error)) broken ??= error as Error;
    throw error instanceof StoreUnavailableError || !isConnectionError(error) ? error : unavailable(error);
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** Runs one query on any pooled connection; a stale pooled connection is retried once (reads only). */
export async function read<R extends pg.QueryResultRow>(pool: Pool, text: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
  try {
    return await withClient(pool, (client) => client.query<R>(text, values));
  } catch (error) {
    if (!(error instanceof StoreUnavailableError)) throw error;
    return withClient(pool, (client) => client.query<R>(text, values));
  }
}

/**
 * One transaction. If the connection breaks before COMMIT is sent, nothing was applied and the
 * whole transaction is retried once on a fresh connection (a pooled connection can be stale after
 * an outage). If it breaks while COMMIT is in flight, the outcome is unknown: that is reported,
 * never retried blindly.
 */
export async function transaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    let committing = false;
    try {
      return await withClient(pool, async (client) => {
        await client.query('BEGIN');
        try {
          const result = await work(client);
          committing = true;
          await client.query('COMMIT');
          return result;
        } catch (error) {
          if (!committing && !isConnectionError(error)) await rollback(client);
          throw error;
        }
      });
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      if (committing) throw unavailable(error.cause, true);
      if (attempt >= 2) throw error;
    }
  }
}

/** A failed ROLLBACK leaves the session in an unknown state: surface it as a broken connection. */
async function rollback(client: PoolClient): Promise<void> {
  try {
    await client.query('ROLLBACK');
  } catch (error) {
    throw unavailable(error);
  }
}
