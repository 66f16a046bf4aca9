/**
 * The wall map's own layers (dark, large, non-interactive): township fills coloured by status,
 * a hot-spot heatmap of the last 24 hours, outlines, live markers and township labels with
 * today's count. Sizes scale with the wall's width so 4K reads like 1080p from across the hall.
 */
import type { ExpressionSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { TownshipStatus } from '../../../../shared/evaluation/wall-snapshot.ts';
import { MARKER_COLORS, TOWNSHIP_STATUS_COLORS } from '../../map/legend.ts';
import { BOLD_LABEL_FONT_STACK } from '../../map/style.ts';

export const WALL_COUNTY_SOURCE = 'wall-county';
export const WALL_TOWNSHIP_SOURCE = 'wall-townships';
export const WALL_LABEL_SOURCE = 'wall-township-labels';
export const WALL_INCIDENT_SOURCE = 'wall-incidents';
export const WALL_FILL_LAYER = 'wall-township-fill';
/** The status colour again as a thick outline above the heat layer: a township's state stays readable with hot spots on. */
export const WALL_STATUS_LINE_LAYER = 'wall-township-status-line';
export const WALL_HEAT_LAYER = 'wall-hotspots';
export const WALL_INCIDENT_LAYER = 'wall-incident-points';
export const WALL_LABEL_LAYER = 'wall-township-labels';

export const WALL_BACKGROUND = '#0b1d33';
const STATUS_COLORS = TOWNSHIP_STATUS_COLORS;

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** fill-color by township code → status; townships not listed are normal. */
export function statusColorExpression(statuses: ReadonlyMap<string, TownshipStatus>): ExpressionSpecification | string {
  if (statuses.size === 0) return STATUS_COLORS.normal;
  const pairs = [...statuses].flatMap(([code, status]) => [code, STATUS_COLORS[status]]);
  return ['match', ['get', 'code'], ...pairs, STATUS_COLORS.normal] as unknown as ExpressionSpecification;
}

const SEVERITY: Record<TownshipStatus, number> = { normal: 0, escalated: 1, overdue: 2 };

/** Colours fill and outline by status; on a shared border the worse township's outline is drawn on top. */
export function paintStatuses(map: MapLibreMap, statuses: ReadonlyMap<string, TownshipStatus>): void {
  const color = statusColorExpression(statuses);
  map.setPaintProperty(WALL_FILL_LAYER, 'fill-color', color);
  map.setPaintProperty(WALL_STATUS_LINE_LAYER, 'line-color', color);
  const sort = statuses.size === 0 ? 0 : (['match', ['get', 'code'], ...[...statuses].flatMap(([code, status]) => [code, SEVERITY[status]]), 0] as unknown as ExpressionSpecification);
  map.setLayoutProperty(WALL_STATUS_LINE_LAYER, 'line-sort-key', sort);
}

/** Hot spots over the status colours, or not: the wall shows status colours alone unless asked. */
export function setHeatVisible(map: MapLibreMap, visible: boolean): void {
  map.setLayoutProperty(WALL_HEAT_LAYER, 'visibility', visible ? 'visible' : 'none');
  // Over the heat the fill is lighter; the status outline keeps each township's state readable.
  map.setPaintProperty(WALL_FILL_LAYER, 'fill-opacity', visible ? 0.38 : 0.5);
}

export function addWallLayers(map: MapLibreMap, scale: number): void {
  map.setPaintProperty('background', 'background-color', WALL_BACKGROUND);
  for (const id of [WALL_COUNTY_SOURCE, WALL_TOWNSHIP_SOURCE, WALL_LABEL_SOURCE, WALL_INCIDENT_SOURCE]) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: WALL_HEAT_LAYER,
    type: 'heatmap',
    source: WALL_INCIDENT_SOURCE,
    layout: { visibility: 'none' },
    paint: {
      'heatmap-radius': 40 * scale,
      'heatmap-intensity': 1.2,
      'heatmap-opacity': 0.75,
      'heatmap-color': ['interpolate', ['linear'], ['heatmap-density'], 0, 'rgba(0,0,0,0)', 0.2, 'rgba(255,212,59,0.45)', 0.5, 'rgba(253,126,20,0.75)', 0.8, 'rgba(240,62,62,0.9)', 1, 'rgba(255,255,255,0.95)'],
    },
  });
  // The status fill above the hot spots: heat shows through a lighter fill, the township's colour stays.
  map.addLayer({ id: WALL_FILL_LAYER, type: 'fill', source: WALL_TOWNSHIP_SOURCE, paint: { 'fill-color': STATUS_COLORS.normal, 'fill-opacity': 0.5 } });
  map.addLayer({ id: WALL_STATUS_LINE_LAYER, type: 'line', source: WALL_TOWNSHIP_SOURCE, paint: { 'line-color': STATUS_COLORS.normal, 'line-width': 4 * scale, 'line-opacity': 0.95 } });
  map.addLayer({ id: 'wall-township-line', type: 'line', source: WALL_TOWNSHIP_SOURCE, paint: { 'line-color': '#d0e4ff', 'line-width': 1.4 * scale, 'line-opacity': 0.85 } });
  map.addLayer({ id: 'wall-county-line', type: 'line', source: WALL_COUNTY_SOURCE, paint: { 'line-color': '#74c0fc', 'line-width': 3.5 * scale } });
  map.addLayer({
    id: WALL_INCIDENT_LAYER,
    type: 'circle',
    source: WALL_INCIDENT_SOURCE,
    paint: {
      'circle-radius': ['case', ['get', 'fresh'], 7 * scale, 4.5 * scale],
      'circle-color': ['case', ['get', 'fresh'], MARKER_COLORS.fresh, MARKER_COLORS.recent],
      'circle-stroke-color': '#0b1d33',
      'circle-stroke-width': 1.2 * scale,
    },
  });
  map.addLayer({
    id: WALL_LABEL_LAYER,
    type: 'symbol',
    source: WALL_LABEL_SOURCE,
    layout: {
      'text-field': ['format', ['get', 'shortName'], {}, '\n', {}, ['get', 'countText'], { 'font-scale': 0.85 }],
      'text-font': BOLD_LABEL_FONT_STACK,
      'text-size': 18 * scale,
      'text-line-height': 1.1,
      'text-padding': 0,
      // A label that does not fit at the centre may shift: every township stays named.
      'text-variable-anchor': ['center', 'top', 'bottom', 'left', 'right'],
      'text-radial-offset': 0.4,
      'symbol-sort-key': ['get', 'sortKey'],
      'text-allow-overlap': false,
    },
    paint: { 'text-color': '#ffffff', 'text-halo-color': 'rgba(8,20,38,0.95)', 'text-halo-width': 2 * scale },
  });
}
