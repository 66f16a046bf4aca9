import { useEffect, useRef, useState } from 'react';
import { bbox as turfBbox } from '@turf/turf';
import type { Map as MapLibreMap, GeoJSONSource } from 'maplibre-gl';
import type { JointActionAreaResponse } from '../../../../shared/protocol/joint-actions.ts';
import { createOfflineMap } from '../../map/create-offline-map.ts';
import { JOINT_AREA_COLORS } from '../../map/legend.ts';
import { BOLD_LABEL_FONT_STACK, LABEL_FONT_STACK } from '../../map/style.ts';
import { useI18n } from '../../state/lang.tsx';
import { api } from './api.ts';
import './joint-area-map.css';

const TOWNSHIPS = 'ja-area-townships';
const AREA = 'ja-area-cells';

function addAreaLayers(map: MapLibreMap): void {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  map.addSource(TOWNSHIPS, { type: 'geojson', data: empty });
  map.addSource(AREA, { type: 'geojson', data: empty });
  map.addLayer({ id: 'ja-area-township-fill', type: 'fill', source: TOWNSHIPS, paint: { 'fill-color': '#e7eef6', 'fill-opacity': 0.9 } });
  map.addLayer({ id: 'ja-area-township-line', type: 'line', source: TOWNSHIPS, paint: { 'line-color': '#3d5a80', 'line-width': 1.5 } });
  map.addLayer({ id: 'ja-area-fill', type: 'fill', source: AREA, paint: { 'fill-color': JOINT_AREA_COLORS.fill, 'fill-opacity': 0.35 } });
  map.addLayer({ id: 'ja-area-line', type: 'line', source: AREA, paint: { 'line-color': JOINT_AREA_COLORS.line, 'line-width': 2.5, 'line-dasharray': [2, 1] } });
  map.addLayer({
    id: 'ja-area-township-label',
    type: 'symbol',
    source: TOWNSHIPS,
    layout: { 'text-field': ['get', 'name'], 'text-font': BOLD_LABEL_FONT_STACK, 'text-size': 13, 'text-allow-overlap': false },
    paint: { 'text-color': '#1d3557', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
  });
  map.addLayer({
    id: 'ja-area-label',
    type: 'symbol',
    source: AREA,
    layout: { 'text-field': ['get', 'name'], 'text-font': LABEL_FONT_STACK, 'text-size': 12, 'text-allow-overlap': false },
    paint: { 'text-color': '#7a2e0e', 'text-halo-color': '#fff', 'text-halo-width': 1.5 },
  });
}

/**
 * The action's area on a participant's phone: the chosen cells (or the drawn area) in dashed orange
 * over the townships they lie in, fitted to the area. Loads only the area (GET /joint-actions/{id}/area),
 * not the county's grids.
 */
export function JointAreaMap({ actionId }: { actionId: string }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<JointActionAreaResponse | null>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api<JointActionAreaResponse>('GET', `/joint-actions/${actionId}/area`, undefined, { signal: controller.signal })
      .then(setData)
      .catch(() => undefined);
    return () => controller.abort();
  }, [actionId]);

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    // A picture of where to go: pinch-zoom is the phone's own; the map itself does not pan under a scrolling thumb.
    const instance = createOfflineMap({ container, interactive: false, attribution: false, fadeDuration: 0 });
    instance.on('load', () => {
      addAreaLayers(instance);
      setMap(instance);
    });
    return () => {
      instance.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    if (!map || !data) return;
    map.getSource<GeoJSONSource>(TOWNSHIPS)?.setData(data.townships);
    map.getSource<GeoJSONSource>(AREA)?.setData(data.area);
    const box = turfBbox(data.area.features.length > 0 ? data.area : data.townships) as [number, number, number, number];
    if (Number.isFinite(box[0])) map.fitBounds(box, { padding: 24, duration: 0, maxZoom: 15 });
    map.getContainer().dataset.areaFeatures = String(data.area.features.length);
  }, [map, data]);

  return (
    <figure className="ja-area-map" aria-label={t('jaAreaMapTitle')}>
      <div ref={ref} className="ja-area-map-canvas" data-testid="joint-area-map" data-action-id={actionId} />
      {data ? null : <figcaption>{t('jaAreaMapLoading')}</figcaption>}
    </figure>
  );
}
