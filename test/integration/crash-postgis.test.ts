import { describe, it } from 'vitest';
import { createTestDatabase, postgisAvailable } from '../helpers/postgres.ts';
import { crashAndRecover, setup } from './crash-harness.ts';

const available = await postgisAvailable('crash recovery: PostGIS');

describe.skipIf(!available)('crash recovery with real processes (kill -9): PostGIS', () => {
  it('keeps every 201 exactly once, with its dispatch order', { timeout: 120_000 }, async () => {
    const db = await createTestDatabase('crash');
    const { dataDir } = setup('postgis', () => db.drop());
    await crashAndRecover({ GRID_DISPATCH_DATA_DIR: dataDir, DATABASE_URL: db.url }, { dataDir, databaseUrl: db.url });
  });
});
