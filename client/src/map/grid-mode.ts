import { TILE_MODE_MIN_GROUPS } from '../../../shared/domain/grid-delivery.ts';
import type { GridVersions } from './grid-versions.ts';
import type { MapLevel } from './levels.ts';

/** The levels drawn from tiles in tile mode; the county outline and townships stay GeoJSON (tens of cells). */
export const TILED_LEVELS = ['village', 'group'] as const satisfies readonly MapLevel[];

export type GridMode = 'tiles' | 'geojson';

/** `?tiles=1` forces tile mode (testing, a slow link), `?tiles=0` forces GeoJSON. */
export function forcedMode(search: string = globalThis.location?.search ?? ''): GridMode | null {
  const flag = new URLSearchParams(search).get('tiles');
  if (flag === '1' || flag === 'true') return 'tiles';
  if (flag === '0' || flag === 'false') return 'geojson';
  return null;
}

/** How a county's grids are drawn; null until the versions (with the group counts) are known. */
export function gridModeFor(versions: GridVersions | null, county: string | null): GridMode | null {
  if (!versions || !county) return null;
  const forced = forcedMode();
  if (forced) return forced;
  return (versions.counties.get(county)?.groups ?? 0) > TILE_MODE_MIN_GROUPS ? 'tiles' : 'geojson';
}

export function isTiledLevel(level: MapLevel): level is (typeof TILED_LEVELS)[number] {
  return (TILED_LEVELS as readonly MapLevel[]).includes(level);
}

/**
 * MapLibre wants an absolute template. `g` names the grid generation: a new version is a new URL,
 * so neither MapLibre's tile cache nor the browser's can serve the old polygons.
 */
export function gridTileUrl(layer: string, generation: number): string {
  return `${globalThis.location.origin}/api/v1/tiles/${layer}/{z}/{x}/{y}.pbf?g=${generation}`;
}
