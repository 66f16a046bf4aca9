import { useEffect, useMemo } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GridCollection, GridLevel } from '../../../shared/domain/grid.ts';
import { prepareLevel } from './grid-data.ts';
import { gridModeFor, isTiledLevel } from './grid-mode.ts';
import { useGridVersions } from './grid-versions.ts';
import { COUNTY_SOURCE, gridSourceId, labelSourceId, setGridTiles, setSourceData } from './layers.ts';
import { MAP_LEVELS, type MapLevel } from './levels.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/**
 * Feeds the grid layers of a map (map/layers.ts): GeoJSON levels get their polygons and label
 * points; in tile mode the village and group sources are vector tiles at the current grid
 * generation, so an applied grid import redraws them with the next poll. Sets the container's
 * `data-grid-levels` (levels ready to draw) and `data-grid-mode` for the browser tests.
 */
export function useGridLayers(map: MapLibreMap | null, county: string | null, grids: Partial<Record<GridLevel, GridCollection>>): void {
  const versions = useGridVersions();
  const mode = gridModeFor(versions, county);
  const generation = versions?.generation ?? 0;
  const prepared = useMemo(() => Object.fromEntries(MAP_LEVELS.map((level) => [level, grids[level] ? prepareLevel(grids[level]) : null])), [grids]);

  useEffect(() => {
    if (!map) return;
    const container = map.getContainer();
    container.dataset.mapIdle = 'false';
    setGridTiles(map, mode === 'tiles' ? { generation } : null);
    const ready: MapLevel[] = [];
    for (const level of MAP_LEVELS) {
      if (mode === 'tiles' && isTiledLevel(level)) {
        ready.push(level);
        continue;
      }
      const data = prepared[level];
      setSourceData(map, gridSourceId(level), data?.polygons ?? EMPTY);
      setSourceData(map, labelSourceId(level), data?.labels ?? EMPTY);
      if (data) ready.push(level);
    }
    container.dataset.gridLevels = ready.join(',');
    container.dataset.gridMode = mode ?? '';
  }, [map, mode, generation, prepared]);

  useEffect(() => {
    if (!map) return;
    setSourceData(map, COUNTY_SOURCE, grids.county ?? EMPTY);
  }, [map, grids.county]);
}
