import { afterAll, beforeAll, describe } from 'vitest';
import { PostgisStore } from '../../server/repositories/postgis/postgis-store.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { describeStoreContract } from './store-contract.ts';

const available = await postgisAvailable('store contract: PostGIS');

describe.skipIf(!available)('PostGIS adapter', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase('contract');
  });
  afterAll(async () => {
    await db?.drop();
  });

  describeStoreContract('PostGIS', {
    async create(grids) {
      // One database per file; each test starts from empty tables (and reloads the grids).
      await queryDatabase(db.url, `DO $$ BEGIN
        IF to_regclass('events') IS NOT NULL THEN
          TRUNCATE events, dispatch_orders, incidents, idempotency_keys, grids, grid_sources, officers, collaborations, disputes, timer_firings;
          UPDATE event_counter SET last_seq = 0;
        END IF;
      END $$`);
      return {
        async open() {
          const store = await PostgisStore.open({ url: db.url, grids });
          return { store, spatial: store.spatial };
        },
      };
    },
  });
});
