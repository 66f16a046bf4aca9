import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MapLibreMap, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection, Point } from 'geojson';
import type { CountySummary, GridCollection } from '../../../../shared/domain/grid.ts';
import type { TownshipLoad } from '../../../../shared/evaluation/wall-snapshot.ts';
import type { WallIncident } from '../../../../shared/protocol/stats.ts';
import { createOfflineMap } from '../../map/create-offline-map.ts';
import { labelPoints } from '../../map/label-points.ts';
import { useI18n } from '../../state/lang.tsx';
import { WALL_COUNTY_SOURCE, WALL_INCIDENT_SOURCE, WALL_LABEL_SOURCE, WALL_TOWNSHIP_SOURCE, addWallLayers, paintStatuses, setHeatVisible } from './wall-layers.ts';
import { wallScale } from './wall-format.ts';

declare global {
  interface Window {
    __wallMap?: MapLibreMap;
  }
}

/** A marker is "fresh" for this long: it draws larger and yellow. */
const FRESH_MS = 5 * 60_000;

export interface WallMapProps {
  county: CountySummary | null;
  outline: GridCollection | null;
  townships: GridCollection | null;
  loads: readonly TownshipLoad[];
  incidents: readonly WallIncident[];
  /** Hot spots of the last 24 hours over the status colours. */
  heat: boolean;
}

function setData(map: MapLibreMap, source: string, data: FeatureCollection): void {
  map.getSource<GeoJSONSource>(source)?.setData(data);
}

export function WallMap({ county, outline, townships, loads, incidents, heat }: WallMapProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const instance = createOfflineMap({ container, interactive: false, attribution: false, fadeDuration: 0 });
    instance.on('load', () => {
      addWallLayers(instance, wallScale());
      window.__wallMap = instance;
      setMap(instance);
    });
    return () => {
      if (window.__wallMap === instance) delete window.__wallMap;
      instance.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    if (!map || !county) return;
    map.getContainer().dataset.county = county.code;
    // Fit now and whenever the panel changes size (the grid settles after the first paint).
    const fit = () => map.fitBounds(county.bbox, { padding: 24 * wallScale(), duration: 0 });
    fit();
    map.on('resize', fit);
    return () => {
      map.off('resize', fit);
    };
  }, [map, county]);

  useEffect(() => {
    if (!map) return;
    map.getContainer().dataset.mapIdle = 'false';
    setData(map, WALL_COUNTY_SOURCE, outline ?? { type: 'FeatureCollection', features: [] });
    setData(map, WALL_TOWNSHIP_SOURCE, townships ?? { type: 'FeatureCollection', features: [] });
  }, [map, outline, townships]);

  const labels = useMemo(() => (townships ? labelPoints(townships) : null), [townships]);
  useEffect(() => {
    if (!map || !labels) return;
    const byCode = new Map(loads.map((l) => [l.code, l]));
    const data: FeatureCollection<Point> = {
      type: 'FeatureCollection',
      features: labels.features.map((f) => {
        const load = byCode.get(f.properties.code);
        return { ...f, properties: { ...f.properties, countText: `${t('wallToday')} ${load?.today ?? 0} · ${t('wallOpen')} ${load?.open ?? 0}` } };
      }),
    };
    setData(map, WALL_LABEL_SOURCE, data);
    paintStatuses(map, new Map(loads.map((l) => [l.code, l.status])));
    map.getContainer().dataset.statuses = loads.map((l) => `${l.code}:${l.status}`).join(',');
  }, [map, labels, loads, t]);

  useEffect(() => {
    if (!map) return;
    setHeatVisible(map, heat);
    map.getContainer().dataset.heat = String(heat);
  }, [map, heat]);

  useEffect(() => {
    if (!map) return;
    const now = Date.now();
    setData(map, WALL_INCIDENT_SOURCE, {
      type: 'FeatureCollection',
      features: incidents.map((i) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [i.lon, i.lat] },
        properties: { id: i.id, fresh: now - Date.parse(i.receivedAt) < FRESH_MS },
      })),
    });
    map.getContainer().dataset.incidents = String(incidents.length);
  }, [map, incidents]);

  return <div ref={ref} className="wall-map" data-testid="wall-map" />;
}
