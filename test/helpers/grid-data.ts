import { readFileSync } from 'node:fs';
import { pointOnFeature } from '@turf/turf';
import type { GridCollection, GridFeature } from '../../shared/domain/grid.ts';
import { REPO_ROOT } from '../../server/paths.ts';

const cache = new Map<string, GridCollection>();

/** The committed grid file of a county (6- or 12-digit code). */
export function countyGrid(code: string): GridCollection {
  const key = code.slice(0, 6);
  let collection = cache.get(key);
  if (!collection) {
    collection = JSON.parse(readFileSync(`${REPO_ROOT}data/grids/${key}.geojson`, 'utf8')) as GridCollection;
    cache.set(key, collection);
  }
  return collection;
}

export function featuresAt(code: string, level: GridFeature['properties']['level']): GridFeature[] {
  return countyGrid(code).features.filter((f) => f.properties.level === level);
}

/** A point strictly inside the feature (turf's pointOnFeature), as [lon, lat]. */
export function interiorPoint(feature: GridFeature): [number, number] {
  return pointOnFeature(feature).geometry.coordinates as [number, number];
}
