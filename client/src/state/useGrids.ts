import { useEffect, useState } from 'react';
import type { GridCollection, GridLevel } from '../../../shared/domain/grid.ts';
import { getGrids } from '../api/rest.ts';
import { gridModeFor, isTiledLevel } from '../map/grid-mode.ts';
import { useGridVersions } from '../map/grid-versions.ts';
import { MAP_LEVELS } from '../map/levels.ts';

/** The county outline frames the map; the three grid levels fill it. */
const FETCHED_LEVELS = ['county', ...MAP_LEVELS] as const satisfies readonly GridLevel[];
type FetchedLevel = (typeof FETCHED_LEVELS)[number];

export interface GridsState {
  /** The county these grids belong to, so a view never pairs one county's bbox with another's grids. */
  county: string | null;
  grids: Partial<Record<FetchedLevel, GridCollection>>;
  error: string | null;
}

/**
 * Loads the county outline and the grid levels; each level shows as soon as it arrives. A county
 * drawn from vector tiles (map/grid-mode.ts) gets only the outline and townships here. When the
 * server reports a new grid version of the county (an applied import), the levels are fetched
 * again; the old ones stay on screen until the new ones replace them.
 */
export function useGrids(county: string | null): GridsState {
  const [state, setState] = useState<GridsState>({ county: null, grids: {}, error: null });
  const versions = useGridVersions();
  const mode = gridModeFor(versions, county);
  const version = (county ? versions?.counties.get(county)?.version : undefined) ?? 0;
  useEffect(() => {
    setState((previous) => {
      if (previous.county !== county) return { county, grids: {}, error: null };
      // Switched to tiles: the GeoJSON of the tiled levels is not drawn any more.
      const grids = mode === 'tiles' ? { county: previous.grids.county, township: previous.grids.township } : previous.grids;
      return { ...previous, grids, error: null };
    });
    // Wait for the versions: they say whether village and group come as tiles (one small request).
    if (!county || !mode) return;
    const controller = new AbortController();
    for (const level of FETCHED_LEVELS) {
      if (level !== 'county' && mode === 'tiles' && isTiledLevel(level)) continue;
      getGrids(county, level, controller.signal, version || undefined)
        .then((collection) => {
          setState((previous) =>
            previous.county === county ? { ...previous, grids: { ...previous.grids, [level]: collection } } : previous,
          );
        })
        .catch((cause: unknown) => {
          if (controller.signal.aborted) return;
          const message = cause instanceof Error ? cause.message : String(cause);
          setState((previous) => (previous.county === county ? { ...previous, error: message } : previous));
        });
    }
    return () => controller.abort();
  }, [county, mode, version]);
  return state;
}
