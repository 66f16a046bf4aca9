import { useEffect, useRef, useState } from 'react';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { GridCollection, GridLevel } from '../../../../shared/domain/grid.ts';
import { createOfflineMap } from '../../map/create-offline-map.ts';
import { addGridLayers, addIncidentLayers } from '../../map/layers.ts';
import { useGridLayers } from '../../map/useGridLayers.ts';

export interface GridMapProps {
  /** 12-digit county code (for the e2e hooks) and the box to fit. */
  county: string | null;
  bbox: [number, number, number, number] | null;
  grids: Partial<Record<GridLevel, GridCollection>>;
  /** Called once the style is loaded and the grid/incident layers exist; add the view's own layers here. */
  onReady?(map: MapLibreMap): void;
  onClick?(at: { lon: number; lat: number }, map: MapLibreMap, event: MapMouseEvent): void;
  compact?: boolean;
}

/**
 * The offline grid map shared by the commander, field and report pages: the three grid levels in
 * their zoom bands (map/layers.ts), fitted to a box. Exposes `window.__gridDispatch` and the same
 * data attributes as the console map so the browser tests can drive it.
 */
export function GridMap({ county, bbox, grids, onReady, onClick, compact }: GridMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const handlers = useRef({ onReady, onClick });
  useEffect(() => {
    handlers.current = { onReady, onClick };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const instance = createOfflineMap({ container, doubleClickZoom: false, scale: !compact });
    instance.on('load', () => {
      addGridLayers(instance);
      addIncidentLayers(instance);
      handlers.current.onReady?.(instance);
      window.__gridDispatch = { map: instance };
      setMap(instance);
    });
    instance.on('click', (event) => handlers.current.onClick?.({ lon: event.lngLat.lng, lat: event.lngLat.lat }, instance, event));
    return () => {
      if (window.__gridDispatch?.map === instance) delete window.__gridDispatch;
      instance.remove();
      setMap(null);
    };
  }, [compact]);

  useGridLayers(map, county, grids);

  const bboxKey = bbox?.join(',') ?? '';
  useEffect(() => {
    if (!map || !bboxKey || !county) return;
    map.getContainer().dataset.county = county;
    const [w, s, e, n] = bboxKey.split(',').map(Number) as [number, number, number, number];
    map.fitBounds([w, s, e, n], { padding: compact ? 16 : 32, duration: 0 });
  }, [map, county, bboxKey, compact]);

  return <div ref={containerRef} className="map-canvas grid-map" data-testid="map" />;
}
