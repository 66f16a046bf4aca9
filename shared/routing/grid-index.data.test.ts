import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/bench/synthetic-grid.ts';
import type { GridCollection, GridFeature } from '../domain/grid.ts';
import { GridIndex } from './grid-index.ts';
import { interiorPoint } from './interior-point.ts';
import { bruteForceOwners, sharedBoundarySamples } from './partition-check.ts';

// The committed county grids, loaded through Vite's glob import (shared/ does not touch node:fs).
const files = import.meta.glob<string>('../../data/grids/*.geojson', { query: '?raw', import: 'default' });
const paths = Object.keys(files).sort();

let loaded: Promise<{ features: GridFeature[]; index: GridIndex }> | null = null;
function load(): Promise<{ features: GridFeature[]; index: GridIndex }> {
  loaded ??= Promise.all(paths.map((path) => files[path]!())).then((texts) => {
    const features = texts.flatMap((text) => (JSON.parse(text) as GridCollection).features);
    return { features, index: GridIndex.build(features) };
  });
  return loaded;
}

describe('GridIndex on the real county grids (data/grids/*.geojson)', () => {
  it('finds the committed grids', () => {
    expect(paths.length).toBeGreaterThanOrEqual(5);
  });

  it('routes an interior point of every group to that group', async () => {
    const { features, index } = await load();
    const groups = features.filter((f) => f.properties.level === 'group');
    expect(groups.length).toBeGreaterThan(0);
    expect(index.groupCount).toBe(groups.length);
    const misrouted: string[] = [];
    for (const group of groups) {
      const point = interiorPoint(group.geometry);
      const chain = point && index.locate(point[0], point[1]);
      if (chain?.group.code !== group.properties.code) {
        misrouted.push(`${group.properties.code} at ${point?.join(',')} → ${chain?.group.code ?? 'null'}`);
      }
    }
    expect(misrouted.slice(0, 20), `${misrouted.length} of ${groups.length} groups misrouted`).toEqual([]);
  });

  it('owns points on shared group edges and vertices exactly once', async () => {
    const { features, index } = await load();
    const geometries = features.filter((f) => f.properties.level === 'group').map((f) => f.geometry);
    const owners = bruteForceOwners(geometries);
    const samples = sharedBoundarySamples(geometries, 4000, seededRandom(2024));
    expect(samples.length).toBe(4000);
    const wrong: string[] = [];
    for (const s of samples) {
      const found = owners(s.x, s.y);
      const located = index.locateGroupIndex(s.x, s.y);
      if (found.length !== 1 || located !== found[0]) wrong.push(`${s.kind} ${s.x},${s.y}: owners [${found.join(',')}], index ${located}`);
    }
    expect(wrong.slice(0, 20), `${wrong.length} of ${samples.length} boundary points`).toEqual([]);
  });
});
