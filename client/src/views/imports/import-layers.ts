import type { ExpressionSpecification, FilterSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection, Position } from 'geojson';
import type { GridProblem } from '../../../../shared/grid-validation/grid-problems.ts';

export const UPLOAD_SOURCE = 'import-upload';
export const AREAS_SOURCE = 'import-problem-areas';
export const POINTS_SOURCE = 'import-problem-points';
export const POINTS_LAYER = 'import-problem-points';
export const SELECTED_POINT_LAYER = 'import-problem-selected';
export const HIGHLIGHT_FILL_LAYER = 'import-upload-highlight-fill';
export const HIGHLIGHT_LINE_LAYER = 'import-upload-highlight-line';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };
const ERROR_COLOR = '#e03131';
const WARNING_COLOR = '#f08c00';
const NOTHING: FilterSpecification = ['==', ['get', 'index'], -1];

const severityColor: ExpressionSpecification = ['match', ['get', 'severity'], 'warning', WARNING_COLOR, ERROR_COLOR];

/**
 * The uploaded grid (groups filled lightly so a hole shows, every level outlined, coarser
 * thicker), the shapes problems carry, one marker per located problem, and the selection: the
 * selected problem's features outlined in red and its marker ringed.
 */
export function addImportLayers(map: MapLibreMap): void {
  map.addSource(UPLOAD_SOURCE, { type: 'geojson', data: EMPTY });
  map.addSource(AREAS_SOURCE, { type: 'geojson', data: EMPTY });
  map.addSource(POINTS_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: 'import-upload-fill',
    type: 'fill',
    source: UPLOAD_SOURCE,
    filter: ['!', ['in', ['get', 'level'], ['literal', ['county', 'township', 'village']]]],
    paint: { 'fill-color': '#a5c8ec', 'fill-opacity': 0.45 },
  });
  map.addLayer({
    id: 'import-upload-line',
    type: 'line',
    source: UPLOAD_SOURCE,
    paint: {
      'line-color': ['match', ['get', 'level'], 'county', '#1d3557', 'township', '#3d5a80', 'village', '#6c7f99', '#8da2bb'],
      'line-width': ['match', ['get', 'level'], 'county', 2.5, 'township', 1.8, 'village', 1, 0.6],
    },
  });
  map.addLayer({ id: HIGHLIGHT_FILL_LAYER, type: 'fill', source: UPLOAD_SOURCE, filter: NOTHING, paint: { 'fill-color': ERROR_COLOR, 'fill-opacity': 0.12 } });
  map.addLayer({ id: HIGHLIGHT_LINE_LAYER, type: 'line', source: UPLOAD_SOURCE, filter: NOTHING, paint: { 'line-color': ERROR_COLOR, 'line-width': 3 } });
  map.addLayer({ id: 'import-problem-area-fill', type: 'fill', source: AREAS_SOURCE, paint: { 'fill-color': severityColor, 'fill-opacity': 0.35 } });
  map.addLayer({ id: 'import-problem-area-line', type: 'line', source: AREAS_SOURCE, paint: { 'line-color': severityColor, 'line-width': 1.5, 'line-dasharray': [2, 1] } });
  map.addLayer({
    id: POINTS_LAYER,
    type: 'circle',
    source: POINTS_SOURCE,
    paint: { 'circle-radius': 7, 'circle-color': severityColor, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: SELECTED_POINT_LAYER,
    type: 'circle',
    source: POINTS_SOURCE,
    filter: ['==', ['get', 'i'], -1],
    paint: { 'circle-radius': 13, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#1d3557', 'circle-stroke-width': 3 },
  });
}

/** Filters the highlight and the ring to the selected problem (null: nothing). */
export function showSelection(map: MapLibreMap, selected: number | null, problem: GridProblem | null): void {
  map.setFilter(SELECTED_POINT_LAYER, ['==', ['get', 'i'], selected ?? -1]);
  let filter: FilterSpecification = NOTHING;
  if (problem) {
    const byCode: ExpressionSpecification = ['in', ['get', 'code'], ['literal', problem.codes?.slice(0, 1) ?? []]];
    const byIndex: ExpressionSpecification = ['==', ['get', 'index'], problem.feature ?? -1];
    // The first code is the feature at fault (a child outside its parent names the child first).
    filter = ['any', byIndex, byCode];
  }
  map.setFilter(HIGHLIGHT_FILL_LAYER, filter);
  map.setFilter(HIGHLIGHT_LINE_LAYER, filter);
}

/** [west, south, east, north] of everything in a collection of polygons, or null when empty. */
export function collectionBbox(fc: FeatureCollection): [number, number, number, number] | null {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as Position;
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
      return;
    }
    for (const inner of c) visit(inner);
  };
  for (const f of fc.features) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
  return w <= e && s <= n ? [w, s, e, n] : null;
}
