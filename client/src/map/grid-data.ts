import type { GridCollection } from '../../../shared/domain/grid.ts';
import { labelPoints, type LabelCollection } from './label-points.ts';
import { withTints, type TintedCollection } from './tints.ts';

export interface PreparedLevel {
  polygons: TintedCollection;
  labels: LabelCollection;
}

const cache = new WeakMap<GridCollection, PreparedLevel>();

/** Tints and label points for one level, computed once per fetched collection. */
export function prepareLevel(grids: GridCollection): PreparedLevel {
  let prepared = cache.get(grids);
  if (!prepared) {
    prepared = { polygons: withTints(grids), labels: labelPoints(grids) };
    cache.set(grids, prepared);
  }
  return prepared;
}
