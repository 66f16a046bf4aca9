import type { GridCollection, GridFeature, GridLevel } from './grid.ts';

/**
 * How the map receives a grid level: coordinates rounded to what the level's zoom range can show.
 *
 * A level's outlines stay drawn above its own fill band (map/layers.ts), so the precision is set
 * for the deepest zoom an operator uses (≈ 18, 0.5 m a pixel at these latitudes): 5 decimals
 * (≤ 0.56 m off per axis) for the county, township and village levels, and the source data's 6
 * decimals for villager groups (the cells officers are routed by). Rounding is per coordinate and
 * deterministic, so an edge two cells share stays bit-identical in both; consecutive vertices that
 * fall together are dropped, and a ring that would lose its area keeps its original coordinates.
 */
export const MAP_PRECISION: Record<GridLevel, number> = { county: 5, township: 5, village: 5, group: 6 };

/** Names the delivery format in validators: bump it when MAP_PRECISION or the rounding changes. */
export const MAP_FORMAT = 'm1';

/**
 * Above this many villager-group cells a county's village and group levels come as vector tiles
 * cut by the server instead of whole-county GeoJSON. The bundled counties hold ~2,500 groups in
 * ~1.4 MB of GeoJSON (≈ 0.55 KB a cell): 20,000 groups would be ~11 MB to download, parse, tint and
 * label on the main thread and cut again in MapLibre's worker — seconds of a frozen console on an
 * operator's PC. Below it, GeoJSON is simpler and labels are placed per polygon.
 */
export const TILE_MODE_MIN_GROUPS = 20_000;

/** The levels a county drawn from tiles still loads as GeoJSON (tens of cells). */
export const GEOJSON_LEVELS_IN_TILE_MODE = ['county', 'township'] as const satisfies readonly GridLevel[];

type Ring = number[][];

function roundRing(ring: Ring, factor: number): Ring {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const point = [Math.round(x! * factor) / factor, Math.round(y! * factor) / factor];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  // A closed ring needs 4 positions and some area; otherwise keep the exact one.
  return out.length >= 4 && ringArea(out) !== 0 ? out : ring;
}

function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j]![0]! - ring[i]![0]!) * (ring[j]![1]! + ring[i]![1]!);
  return sum / 2;
}

/** A feature with its coordinates rounded to `decimals` (properties shared, not copied). */
export function roundFeature(feature: GridFeature, decimals: number): GridFeature {
  const factor = 10 ** decimals;
  const geometry = feature.geometry;
  const rounded =
    geometry.type === 'Polygon'
      ? { type: 'Polygon' as const, coordinates: geometry.coordinates.map((ring) => roundRing(ring, factor)) }
      : { type: 'MultiPolygon' as const, coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => roundRing(ring, factor))) };
  return { ...feature, geometry: rounded } as GridFeature;
}

/** One level of a county's grid as the map gets it. */
export function mapLevelCollection(features: readonly GridFeature[], level: GridLevel): GridCollection {
  const decimals = MAP_PRECISION[level];
  return { type: 'FeatureCollection', features: features.filter((f) => f.properties.level === level).map((f) => roundFeature(f, decimals)) };
}

/**
 * The URL of a grid level at a county's grid version. Naming the version makes the answer
 * immutable (the server keeps it a year in caches); an applied import is a new URL.
 */
export function gridLevelPath(countyCode: string, level: GridLevel, version: number): string {
  return `/api/v1/grids?county=${countyCode.slice(0, 6)}&level=${level}&v=${version}`;
}
