import type { GridVersions } from './grid-versions.ts';
import type { MapLevel } from './levels.ts';

/**
 * Above this many villager-group cells a county's village and group levels come as vector tiles
 * cut by the server instead of whole-county GeoJSON. The bundled counties hold ~2,500 groups in
 * ~1.4 MB of GeoJSON (≈ 0.55 KB a cell): 20,000 groups would be ~11 MB to download, parse, tint and
 * label on the main thread and cut again in MapLibre's worker — seconds of a frozen console on an
 * operator's PC. Below it, GeoJSON is simpler and labels are placed per polygon.
 */
export const TILE_MODE_MIN_GROUPS = 20_000;

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
