import type { CountySummary, GridLevel } from '../domain/grid.ts';

/**
 * What the server writes into the page it serves (`window.__gridBoot`), so the first screen needs
 * no round trip before the grids: the counties, the grid versions, and per county the URLs of the
 * grid levels the map loads as GeoJSON. The page's inline script starts fetching the shown
 * county's levels while the bundle is still loading and leaves the promises in `prefetched`.
 */
export interface PageBoot {
  counties: CountySummary[];
  versions: { generation: number; counties: { code: string; version: number; groups: number }[] };
  /** By 12-digit county code: level → version-stamped URL (shared/domain/grid-delivery.ts). */
  levels: Record<string, Partial<Record<GridLevel, string>>>;
  /** URL → the parsed body, or null when the request failed (set by the page's inline script). */
  prefetched?: Record<string, Promise<unknown>>;
}
