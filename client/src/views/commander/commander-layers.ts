import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { booleanPointInPolygon } from '@turf/turf';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GridCollection, GridFeature, GridLevel } from '../../../../shared/domain/grid.ts';
import { townshipOfCode, type JointActionArea } from '../../../../shared/domain/joint-action.ts';
import type { OfficerRecord } from '../../../../shared/protocol/officers.ts';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';

export const CELLS_SOURCE = 'ja-cells';
export const AREAS_SOURCE = 'ja-areas';
export const DRAW_SOURCE = 'ja-draw';
export const OFFICERS_SOURCE = 'officers';
export const OFFICERS_LAYER = 'officer-points';

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Open actions' areas (orange), the area being chosen (blue), the ring being drawn, officers on top. */
export function addCommanderLayers(map: MapLibreMap): void {
  for (const id of [CELLS_SOURCE, AREAS_SOURCE, DRAW_SOURCE, OFFICERS_SOURCE]) map.addSource(id, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: 'ja-areas-fill', type: 'fill', source: AREAS_SOURCE, paint: { 'fill-color': '#f08c00', 'fill-opacity': 0.22 } });
  map.addLayer({ id: 'ja-areas-line', type: 'line', source: AREAS_SOURCE, paint: { 'line-color': '#e8590c', 'line-width': 2, 'line-dasharray': [2, 1] } });
  map.addLayer({ id: 'ja-cells-fill', type: 'fill', source: CELLS_SOURCE, paint: { 'fill-color': '#1c7ed6', 'fill-opacity': 0.35 } });
  map.addLayer({ id: 'ja-cells-line', type: 'line', source: CELLS_SOURCE, paint: { 'line-color': '#1864ab', 'line-width': 2 } });
  map.addLayer({ id: 'ja-draw-line', type: 'line', source: DRAW_SOURCE, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#1864ab', 'line-width': 2.5 } });
  map.addLayer({ id: 'ja-draw-points', type: 'circle', source: DRAW_SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 5, 'circle-color': '#1864ab', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
  map.addLayer({
    id: OFFICERS_LAYER,
    type: 'circle',
    source: OFFICERS_SOURCE,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 4, 14, 7],
      'circle-color': ['match', ['get', 'status'], 'available', '#2f9e44', 'onDuty', '#37b24d', 'enRoute', '#f59f00', 'onScene', '#d9480f', '#868e96'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
}

/** Only the grids of the given townships (a township commander sees their township or cluster). */
export function scopeGrids(grids: Partial<Record<GridLevel, GridCollection>>, townships: ReadonlySet<string> | null): Partial<Record<GridLevel, GridCollection>> {
  if (!townships) return grids;
  const out: Partial<Record<GridLevel, GridCollection>> = { county: grids.county };
  for (const level of ['township', 'village', 'group'] as const) {
    const collection = grids[level];
    if (collection) out[level] = { ...collection, features: collection.features.filter((f) => townships.has(townshipOfCode(f.properties.code))) };
  }
  return out;
}

/** [west, south, east, north] of some features. */
export function bboxOf(features: readonly GridFeature[]): [number, number, number, number] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const child of c) visit(child);
  };
  for (const f of features) visit(f.geometry.coordinates);
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

export function cellAt(cells: readonly GridFeature[], lon: number, lat: number): GridFeature | undefined {
  return cells.find((f) => booleanPointInPolygon([lon, lat], f));
}

function areaGeometry(area: JointActionArea, byCode: ReadonlyMap<string, GridFeature>): Feature<Geometry>[] {
  if (area.kind === 'polygon') {
    const ring = [...area.ring];
    if (ring.length > 0) ring.push(ring[0]!);
    return [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }];
  }
  return area.codes.flatMap((code) => {
    const f = byCode.get(code);
    return f ? [{ type: 'Feature' as const, properties: {}, geometry: f.geometry }] : [];
  });
}

export function areasCollection(actions: readonly JointActionView[], byCode: ReadonlyMap<string, GridFeature>): FeatureCollection {
  return { type: 'FeatureCollection', features: actions.flatMap((a) => areaGeometry(a.area, byCode).map((f) => ({ ...f, properties: { id: a.id } }))) };
}

export function chosenCollection(area: JointActionArea | null, byCode: ReadonlyMap<string, GridFeature>): FeatureCollection {
  return { type: 'FeatureCollection', features: area && area.kind === 'grids' ? areaGeometry(area, byCode) : [] };
}

export function drawCollection(ring: readonly [number, number][]): FeatureCollection {
  const points: Feature[] = ring.map((c) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: c } }));
  const line: Feature[] = ring.length > 1 ? [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: ring.length > 2 ? [...ring, ring[0]!] : [...ring] } }] : [];
  return { type: 'FeatureCollection', features: [...line, ...points] };
}

export function officerCollection(officers: readonly OfficerRecord[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: officers.flatMap((o) => (o.lastPosition ? [{ type: 'Feature' as const, properties: { id: o.id, name: o.name, status: o.status, unitId: o.unitId }, geometry: { type: 'Point' as const, coordinates: [o.lastPosition.lon, o.lastPosition.lat] } }] : [])),
  };
}
