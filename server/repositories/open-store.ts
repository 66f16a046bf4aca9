import type { GridCollection } from '../../shared/domain/grid.ts';
import { JournalStore } from './embedded/journal-store.ts';
import { PostgisStore } from './postgis/postgis-store.ts';
import type { Store } from './store.ts';

export interface OpenStoreOptions {
  /** postgres://… selects PostGIS; absent, the embedded journal in dataDir is used. */
  databaseUrl?: string;
  /** Where the embedded store keeps its journal. */
  dataDir: string;
  /** County grids; PostGIS loads them into its grids table (the embedded store reads the files). */
  grids: Map<string, GridCollection>;
  startupTimeoutMs?: number;
}

/** DATABASE_URL → PostGIS, otherwise the embedded journal: same port, same behaviour. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    return PostgisStore.open({ url: options.databaseUrl, grids: options.grids, startupTimeoutMs: options.startupTimeoutMs });
  }
  return JournalStore.open(options.dataDir);
}

/** Where the store lives, for the start-up line; never prints a password. */
export function describeStore(options: Pick<OpenStoreOptions, 'databaseUrl' | 'dataDir'>): string {
  if (!options.databaseUrl) return `embedded journal in ${options.dataDir}`;
  try {
    const url = new URL(options.databaseUrl);
    return `PostGIS at ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
  } catch {
    return 'PostGIS (DATABASE_URL)';
  }
}
