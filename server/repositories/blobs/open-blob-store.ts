import type { BlobStore } from './blob-store.ts';
import { FsBlobStore } from './fs-blob-store.ts';
import { PostgisBlobStore } from './postgis-blob-store.ts';

/** Same choice as the store: DATABASE_URL → the `blobs` table, otherwise files under the data directory. */
export function openBlobStore(options: { databaseUrl?: string; dataDir: string }): BlobStore {
  return options.databaseUrl ? new PostgisBlobStore(options.databaseUrl) : new FsBlobStore(options.dataDir);
}
