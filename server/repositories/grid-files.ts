import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CountySummary, GridCollection } from '../../shared/domain/grid.ts';

/** Reads the generated county grids (data/grids): index.json and one <6-digit>.geojson each. */
export function readGridFiles(gridsDir: string): { counties: CountySummary[]; collections: Map<string, GridCollection> } {
  const counties = JSON.parse(readFileSync(join(gridsDir, 'index.json'), 'utf8')) as CountySummary[];
  const collections = new Map<string, GridCollection>();
  for (const county of counties) {
    const file = join(gridsDir, `${county.code.slice(0, 6)}.geojson`);
    const collection = JSON.parse(readFileSync(file, 'utf8')) as GridCollection;
    if (collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
      throw new Error(`${file}: not a GeoJSON FeatureCollection`);
    }
    collections.set(county.code, collection);
  }
  return { counties, collections };
}
