import { describe, it } from 'vitest';
import { crashAndRecover, setup } from './crash-harness.ts';

describe('crash recovery with real processes (kill -9): embedded journal', () => {
  it('keeps every 201 exactly once, with its dispatch order', { timeout: 120_000 }, async () => {
    const { dataDir } = setup('embedded');
    await crashAndRecover({ GRID_DISPATCH_DATA_DIR: dataDir, DATABASE_URL: '' }, { dataDir });
  });
});
