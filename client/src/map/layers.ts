import type { Map as MapLibreMap, ExpressionSpecification, GeoJSONSource, LayerSpecification, SourceSpecification, VectorTileSource } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import { TILED_LEVELS, gridTileUrl, isTiledLevel } from './grid-mode.ts';
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

/**
 * Tiles carry no tint (colouring needs every neighbour, a tile has only some): the code picks
 * one instead. Siblings are numbered in sequence, so cells next in the list get different colours.
 */
const codeTintColor: ExpressionSpecification = [
  'match',
  ['%', ['to-number', ['get', 'code'], 0], TINT_COLORS.length],
  ...TINT_COLORS.flatMap((color, index) => [index, color]),
  TINT_COLORS[0],
] as unknown as ExpressionSpecification;

/** Vector tiles of the tiled levels, when the county is drawn from tiles (see grid-mode.ts). */
export interface GridTiles {
  /** GET /grids/versions' generation: part of the tile URL. */
  generation: number;
}

/**
 * Tile zoom range per tiled level: from where its outlines start showing; up to 14 (≈ 2.4 km a
 * tile, 0.6 m per tile unit), above which MapLibre overzooms rather than ask for more tiles.
 */
const TILE_ZOOM: Record<(typeof TILED_LEVELS)[number], { min: number; max: number }> = {
  village: { min: Math.floor(LINE_STYLE.village.minzoom), max: 14 },
  group: { min: Math.floor(LINE_STYLE.group.minzoom), max: 14 },
};

const tiledHere = (level: MapLevel, tiles: GridTiles | null) => tiles !== null && isTiledLevel(level);

function gridSources(tiles: GridTiles | null, levels: readonly MapLevel[]): [string, SourceSpecification][] {
  return levels.flatMap((level): [string, SourceSpecification][] => {
    if (tiles && isTiledLevel(level)) {
      const zoom = TILE_ZOOM[level];
      // promoteId: the cell code becomes the feature id, so feature-state works as on GeoJSON.
      const vector = (layer: string): SourceSpecification => ({ type: 'vector', tiles: [gridTileUrl(layer, tiles.generation)], minzoom: zoom.min, maxzoom: zoom.max, promoteId: 'code' });
      return [
        [gridSourceId(level), vector(level)],
        [labelSourceId(level), vector(`${level}-labels`)],
      ];
    }
    return [
      [gridSourceId(level), { type: 'geojson', data: EMPTY, tolerance: 0.3, promoteId: 'code' }],
      [labelSourceId(level), { type: 'geojson', data: EMPTY }],
    ];
  });
}

/** The grid layers in drawing order: fills (coarse first), outlines (fine first, so a township edge draws over village edges), the county edge, labels. */
function gridLayers(tiles: GridTiles | null): LayerSpecification[] {
  const layers: LayerSpecification[] = [];
  // A tile holds one MVT layer, named as in its URL: the level's cells, or its label points (`<level>-labels`).
  const polygons = (level: MapLevel) => (tiledHere(level, tiles) ? { source: gridSourceId(level), 'source-layer': level } : { source: gridSourceId(level) });
  const labels = (level: MapLevel) => (tiledHere(level, tiles) ? { source: labelSourceId(level), 'source-layer': `${level}-labels` } : { source: labelSourceId(level) });
  for (const level of MAP_LEVELS) {
    const band = LEVEL_ZOOM[level];
    layers.push({
      id: gridFillLayerId(level),
      type: 'fill',
      ...polygons(level),
      minzoom: band.min,
      maxzoom: band.max,
      paint: { 'fill-color': tiledHere(level, tiles) ? codeTintColor : tintColor, 'fill-opacity': 0.85, 'fill-antialias': false },
    });
  }
  for (const level of [...MAP_LEVELS].reverse()) {
    const line = LINE_STYLE[level];
    layers.push({
      id: gridLineLayerId(level),
      type: 'line',
      ...polygons(level),
      minzoom: line.minzoom,
      layout: { 'line-join': 'round' },
      paint: { 'line-color': line.color, 'line-width': line.width },
    });
  }
  // The county edge: a wide soft band outside, a crisp line on top, so the jurisdiction reads at a glance.
  layers.push({
    id: `${COUNTY_LINE_LAYER}-casing`,
    type: 'line',
    source: COUNTY_SOURCE,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1d3557', 'line-opacity': 0.18, 'line-width': 8 },
  });
  layers.push({
    id: COUNTY_LINE_LAYER,
    type: 'line',
    source: COUNTY_SOURCE,
    layout: { 'line-join': 'round' },
    paint: { 'line-color': '#1d3557', 'line-width': 2.4 },
  });
  for (const level of MAP_LEVELS) {
    const band = LEVEL_ZOOM[level];
    const label = LABEL_STYLE[level];
    layers.push({
      id: gridLabelLayerId(level),
      type: 'symbol',
      ...labels(level),
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
  return layers;
}

/** The grid sources and layers; `tiles` draws the village and group levels from vector tiles. */
export function addGridLayers(map: MapLibreMap, tiles: GridTiles | null = null): void {
  map.addSource(COUNTY_SOURCE, { type: 'geojson', data: EMPTY });
  for (const [id, source] of gridSources(tiles, MAP_LEVELS)) map.addSource(id, source);
  for (const layer of gridLayers(tiles)) map.addLayer(layer);
}

/** Whether the map draws the tiled levels from tiles now. */
export function drawsFromTiles(map: MapLibreMap): boolean {
  return map.getSource(gridSourceId('group'))?.type === 'vector';
}

/**
 * Switches the village and group levels between GeoJSON and vector tiles, or points the tiles at
 * a new grid generation. A switch rebuilds the grid layers in place (below whatever a view added
 * above them, incidents included); the county outline and township sources keep their data.
 */
export function setGridTiles(map: MapLibreMap, tiles: GridTiles | null): void {
  if (drawsFromTiles(map) === (tiles !== null)) {
    if (!tiles) return;
    for (const level of TILED_LEVELS) {
      for (const [id, layer] of [[gridSourceId(level), level], [labelSourceId(level), `${level}-labels`]] as const) {
        const source = map.getSource<VectorTileSource>(id);
        const url = gridTileUrl(layer, tiles.generation);
        if (source && source.tiles?.[0] !== url) source.setTiles([url]);
      }
    }
    return;
  }
  const next = gridLayers(tiles);
  const ids = new Set(next.map((layer) => layer.id));
  const order = map.getStyle().layers.map((layer) => layer.id);
  const lastGrid = order.reduce((last, id, index) => (ids.has(id) ? index : last), -1);
  const beforeId = order.slice(lastGrid + 1).find((id) => !ids.has(id));
  for (const id of ids) if (map.getLayer(id)) map.removeLayer(id);
  for (const level of TILED_LEVELS) {
    for (const id of [gridSourceId(level), labelSourceId(level)]) if (map.getSource(id)) map.removeSource(id);
  }
  for (const [id, source] of gridSources(tiles, TILED_LEVELS)) map.addSource(id, source);
  for (const layer of next) map.addLayer(layer, beforeId);
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

/** Replaces a GeoJSON source's data; a vector (tiled) or missing source is left alone. */
export function setSourceData(map: MapLibreMap, sourceId: string, data: FeatureCollection): void {
  const source = map.getSource<GeoJSONSource>(sourceId);
  if (source?.type === 'geojson') source.setData(data);
}

export interface IncidentPointProps {
  id: string;
  status: string;
  fresh: boolean;
  selected: boolean;
}

export type IncidentPoints = FeatureCollection<Point, IncidentPointProps>;
