import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { GridIndex } from '../../shared/routing/grid-index.ts';
import { JournalStore } from '../../server/repositories/embedded/journal-store.ts';
import { InProcessSpatial } from '../../server/services/in-process-spatial.ts';
import { describeStoreContract } from './store-contract.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

// The embedded store has no spatial engine: the server pairs it with the in-process one, and so does the contract.
describeStoreContract('embedded journal', {
  async create(grids) {
    const dir = mkdtempSync(join(tmpdir(), 'gd-contract-'));
    dirs.push(dir);
    const index = GridIndex.build([...grids.values()].flatMap((c) => c.features));
    return {
      async open() {
        const store = await JournalStore.open(dir);
        return { store, spatial: new InProcessSpatial(store, grids, (lon, lat) => index.locate(lon, lat)) };
      },
    };
  },
});
