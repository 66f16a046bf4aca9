/** The committed grids are exactly what the build produces: rebuild one county in memory and compare bytes. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CountySummary } from '../../shared/domain/grid.ts';
import { buildCountyFile, GRIDS_DIR } from '../../data/build/build-grids.ts';

describe('data/build/build-grids.ts', () => {
  it('rebuilds 410923 南乐县 byte-identical to the committed file and index entry', () => {
    const { text, summary } = buildCountyFile('410923');
    expect(text === readFileSync(resolve(GRIDS_DIR, '410923.geojson'), 'utf8')).toBe(true);
    const index = JSON.parse(readFileSync(resolve(GRIDS_DIR, 'index.json'), 'utf8')) as CountySummary[];
    expect(index.find((c) => c.code === '410923000000')).toEqual(summary);
  });

  it('does not depend on build order: 330822 常山县 (built third by the CLI) rebuilt alone matches too', () => {
    const { text } = buildCountyFile('330822');
    expect(text === readFileSync(resolve(GRIDS_DIR, '330822.geojson'), 'utf8')).toBe(true);
  });
});
