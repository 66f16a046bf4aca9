import type { Map as MapLibreMap, ExpressionSpecification, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { LEVEL_ZOOM, MAP_LEVELS, type MapLevel } from './levels.ts';
import { BOLD_LABEL_FONT_STACK, LABEL_FONT_STACK } from './style.ts';
import { TINT_COLORS } from './tints.ts';

export const gridSourceId = (level: MapLevel) => `grids-${level}`;
export const labelSourceId = (level: MapLevel) => `grid-labels-${level}`;
export const gridFillLayerId = (level: MapLevel) => `grid-fill-${level}`;
export const gridLineLayerId = (level: MapLevel) => `grid-line-${level}`;
export const gridLabelLayerId = (level: MapLevel) => `grid-label-${level}`;

export const COUNTY_SOURCE = 'county-outline';
export const COUNTY_LINE_LAYER = 'county-outline-line';

export const INCIDENT_SOURCE = 'incidents';
export const INCIDENT_LAYER = 'incident-points';
export const INCIDENT_HALO_LAYER = 'incident-halo';
export const DRAFT_SOURCE = 'draft-report';
export const DRAFT_LAYER = 'draft-report-point';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Outlines: each level's boundary stays visible below its own band so the finer grid nests in it. */
const LINE_STYLE: Record<MapLevel, { color: string; width: ExpressionSpecification | number; minzoom: number }> = {
  township: { color: '#3d5a80', width: ['interpolate', ['linear'], ['zoom'], 8, 1.2, 14, 3], minzoom: 0 },
  village: { color: '#6c7f99', width: ['interpolate', ['linear'], ['zoom'], 11, 0.6, 16, 1.6], minzoom: LEVEL_ZOOM.village.min - 0.5 },
  group: { color: '#98a6b8', width: 0.8, minzoom: LEVEL_ZOOM.group.min - 0.5 },
};

const LABEL_STYLE: Record<MapLevel, { size: ExpressionSpecification; color: string; font: string[] }> = {
  township: { size: ['interpolate', ['linear'], ['zoom'], 8, 13, 11, 17], color: '#1d3557', font: BOLD_LABEL_FONT_STACK },
  village: { size: ['interpolate', ['linear'], ['zoom'], 11, 12.5, 13.5, 14.5], color: '#243b53', font: LABEL_FONT_STACK },
  group: { size: ['interpolate', ['linear'], ['zoom'], 13.5, 12, 17, 15], color: '#334e68', font: LABEL_FONT_STACK },
};

const tintColor: ExpressionSpecification = [
  'match',
  ['get', 'tint'],
  ...TINT_COLORS.flatMap((color, index) => [index, color]),
  TINT_COLORS[0],
] as unknown as ExpressionSpecification;

/** Fills (coarse first), then outlines (fine first, so a township edge draws over village edges), then labels. */
export function addGridLayers(map: MapLibreMap): void {
  map.addSource(COUNTY_SOURCE, { type: 'geojson', data: EMPTY });
  for (const level of MAP_LEVELS) {
    map.addSource(gridSourceId(level), { type: 'geojson', data: EMPTY, tolerance: 0.3 });
    map.addSource(labelSourceId(level), { type: 'geojson', data: EMPTY });
  }
  for (const level of MAP_LEVELS) {
    const band = LEVEL_ZOOM[level];
    map.addLayer({
      id: gridFillLayerId(level),
      type: 'fill',
      source: gridSourceId(level),
      minzoom: band.min,
      maxzoom: band.max,
      paint: { 'fill-color': tintColor, 'fill-opacity': 0.85, 'fill-antialias': false },
    });
  }
  for (const level of [...MAP_LEVELS].reverse()) {
    const line = LINE_STYLE[level];
    map.addLayer({
      id: gridLineLayerId(level),
      type: 'line',
      source: gridSourceId(level),
      minzoom: line.minzoom,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': line.color, 'line-width': line.width },
    });
  }
  // The county edge: a wide soft band outside, a crisp line on top, so the jurisdiction reads at a glance.
  map.addLayer({
    id: `${COUNTY_LINE_LAYER}-casing`,
    type: 'line',
    source: COUNTY_SOURCE,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1d3557', 'line-opacity': 0.18, 'line-width': 8 },
  });
  map.addLayer({
    id: COUNTY_LINE_LAYER,
    type: 'line',
    source: COUNTY_SOURCE,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1d3557', 'line-width': 2.4 },
  });
  for (const level of MAP_LEVELS) {
    const band = LEVEL_ZOOM[level];
    const label = LABEL_STYLE[level];
    map.addLayer({
      id: gridLabelLayerId(level),
      type: 'symbol',
      source: labelSourceId(level),
      minzoom: band.min,
      maxzoom: band.max,
      layout: {
        'text-field': ['get', 'shortName'],
        'text-font': label.font,
        'text-size': label.size,
        'text-padding': 4,
        'text-max-width': 10,
        'symbol-sort-key': ['get', 'sortKey'],
        'text-allow-overlap': false,
        'text-ignore-placement': false,
      },
      paint: { 'text-color': label.color, 'text-halo-color': 'rgba(255,255,255,0.92)', 'text-halo-width': 1.6 },
    });
  }
}

/** Incidents draw above the grid labels: an operator must never lose a report under a name. */
export function addIncidentLayers(map: MapLibreMap): void {
  map.addSource(INCIDENT_SOURCE, { type: 'geojson', data: EMPTY });
  map.addSource(DRAFT_SOURCE, { type: 'geojson', data: EMPTY });
  // The click that opened the form sits under the incidents, so the filed report's marker shows once it lands.
  map.addLayer({
    id: DRAFT_LAYER,
    type: 'circle',
    source: DRAFT_SOURCE,
    paint: {
      'circle-radius': 7,
      'circle-color': '#495057',
      'circle-opacity': 0.8,
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: INCIDENT_HALO_LAYER,
    type: 'circle',
    source: INCIDENT_SOURCE,
    filter: ['any', ['get', 'fresh'], ['get', 'selected']],
    paint: {
      'circle-radius': ['case', ['get', 'selected'], 16, 13],
      'circle-color': ['case', ['get', 'selected'], '#f59f00', '#e03131'],
      'circle-opacity': 0.28,
    },
  });
  map.addLayer({
    id: INCIDENT_LAYER,
    type: 'circle',
    source: INCIDENT_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 14, 8],
      'circle-color': ['match', ['get', 'status'], 'dispatched', '#1c7ed6', '#e8590c'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
}

export function setSourceData(map: MapLibreMap, sourceId: string, data: FeatureCollection): void {
  const source = map.getSource<GeoJSONSource>(sourceId);
  source?.setData(data);
}

export interface IncidentPointProps {
  id: string;
  status: string;
  fresh: boolean;
  selected: boolean;
}

export type IncidentPoints = FeatureCollection<Point, IncidentPointProps>;
