import type { FeatureCollection } from 'geojson';
import type { Map as MapLibreMap } from 'maplibre-gl';

export const JOINT_AREAS_SOURCE = 'console-joint-areas';
export const JOINT_AREAS_FILL = 'console-joint-areas-fill';

/**
 * Where open joint actions (联合执法) are under way, dashed orange as on the commander's map, so a
 * dispatcher sees at a glance that a report falls inside an operation already on the ground.
 * Added after the grid layers and before the incidents: markers stay on top.
 */
export function addJointAreaLayers(map: MapLibreMap): void {
  const empty: FeatureCollection = { type: 'FeatureCollection', features: [] };
  map.addSource(JOINT_AREAS_SOURCE, { type: 'geojson', data: empty });
  map.addLayer({ id: JOINT_AREAS_FILL, type: 'fill', source: JOINT_AREAS_SOURCE, paint: { 'fill-color': '#f08c00', 'fill-opacity': 0.18 } });
  map.addLayer({ id: 'console-joint-areas-line', type: 'line', source: JOINT_AREAS_SOURCE, paint: { 'line-color': '#e8590c', 'line-width': 2, 'line-dasharray': [2, 1] } });
}
