import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL the PostGIS tests use: the machine's cluster on 127.0.0.1:5432, user postgres,
 * trust auth (.ci/run sets it up). Each test file gets its own database, dropped afterwards.
 */
export const PG_ADMIN_URL = process.env.GRID_DISPATCH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let probe: Promise<string | null> | undefined;

/** Why PostGIS tests cannot run here, or null when they can. */
function unavailableReason(): Promise<string | null> {
  probe ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'postgis'");
      return rows[0]?.n === '1' ? null : 'PostgreSQL is running but the postgis extension is not installed (apt-get install postgresql-15-postgis-3)';
    } catch (error) {
      return `cannot reach PostgreSQL at ${PG_ADMIN_URL} (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return probe;
}

/**
 * True when the PostGIS tests can run. Under CI=true a missing PostgreSQL/PostGIS throws, so the
 * test file fails instead of skipping; locally it prints a loud warning and the suite is skipped.
 */
export async function postgisAvailable(suite: string): Promise<boolean> {
  const reason = await unavailableReason();
  if (reason === null) return true;
  if (process.env.CI === 'true') throw new Error(`${suite}: PostGIS tests must run under CI=true, but ${reason}`);
  console.warn(`\n${'!'.repeat(78)}\n!! SKIPPING ${suite}: ${reason}\n!! (under CI=true this is a failure)\n${'!'.repeat(78)}\n`);
  return false;
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database with PostGIS enabled. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const name = `gd_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const url = withDatabase(PG_ADMIN_URL, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } finally {
    await client.end();
  }
  return {
    name,
    url,
    // FORCE: a server under test may still hold connections (e.g. after kill -9 they linger briefly).
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Runs SQL against a test database (for assertions that look at tables directly). */
export async function queryDatabase<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
