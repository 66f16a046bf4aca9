import { useEffect, useState } from 'react';
import type { GridCollection, GridLevel } from '../../../shared/domain/grid.ts';
import { getGrids } from '../api/rest.ts';
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

/** Loads the county outline and all three grid levels; each level shows as soon as it arrives. */
export function useGrids(county: string | null): GridsState {
  const [state, setState] = useState<GridsState>({ county: null, grids: {}, error: null });
  useEffect(() => {
    setState({ county, grids: {}, error: null });
    if (!county) return;
    const controller = new AbortController();
    for (const level of FETCHED_LEVELS) {
      getGrids(county, level, controller.signal)
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
  }, [county]);
  return state;
}
