import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Map as MapLibreMap, MapMouseEvent } from 'maplibre-gl';
import type { CountySummary, GridCollection, GridLevel } from '../../../shared/domain/grid.ts';
import type { Incident, LonLat } from '../../../shared/domain/incident.ts';
import type { FeatureCollection } from 'geojson';
import { createOfflineMap } from './create-offline-map.ts';
import { JOINT_AREAS_SOURCE, addJointAreaLayers } from './joint-area-layers.ts';
import { incidentPoints } from './incident-points.ts';
import { DRAFT_SOURCE, INCIDENT_LAYER, INCIDENT_SOURCE, addGridLayers, addIncidentLayers, setSourceData } from './layers.ts';
import { useGridLayers } from './useGridLayers.ts';

declare global {
  interface Window {
    /** For the end-to-end test and for operators' debugging in the console. */
    __gridDispatch?: { map: MapLibreMap };
  }
}

export interface FlyRequest {
  lon: number;
  lat: number;
  /** Changes on every request so flying twice to one incident still moves the map. */
  nonce: number;
}

export interface MapViewProps {
  county: CountySummary | null;
  grids: Partial<Record<GridLevel, GridCollection>>;
  incidents: readonly Incident[];
  freshIds: readonly string[];
  selectedId: string | null;
  flyTo: FlyRequest | null;
  draft: LonLat | null;
  /** Rendered next to the draft point (the report form). */
  overlay?: ReactNode;
  /** Areas of open joint actions (polygons), drawn under the incidents. */
  jointAreas?: FeatureCollection;
  onMapClick(at: LonLat): void;
  onIncidentClick(id: string): void;
}

export function MapView(props: MapViewProps) {
  const { county, grids, incidents, freshIds, selectedId, flyTo, draft, overlay, jointAreas } = props;
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const [anchor, setAnchor] = useState<{ x: number; y: number } | null>(null);
  const handlers = useRef({ onMapClick: props.onMapClick, onIncidentClick: props.onIncidentClick });
  useEffect(() => {
    handlers.current = { onMapClick: props.onMapClick, onIncidentClick: props.onIncidentClick };
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const instance = createOfflineMap({ container });
    instance.on('load', () => {
      addGridLayers(instance);
      addJointAreaLayers(instance);
      addIncidentLayers(instance);
      window.__gridDispatch = { map: instance };
      setMap(instance);
    });
    instance.on('click', (event: MapMouseEvent) => {
      const hit = instance.queryRenderedFeatures(event.point, { layers: [INCIDENT_LAYER] })[0];
      const id = hit?.properties.id;
      if (typeof id === 'string') handlers.current.onIncidentClick(id);
      else handlers.current.onMapClick({ lon: event.lngLat.lng, lat: event.lngLat.lat });
    });
    instance.on('mouseenter', INCIDENT_LAYER, () => {
      instance.getCanvas().style.cursor = 'pointer';
    });
    instance.on('mouseleave', INCIDENT_LAYER, () => {
      instance.getCanvas().style.cursor = '';
    });
    return () => {
      if (window.__gridDispatch?.map === instance) delete window.__gridDispatch;
      instance.remove();
      setMap(null);
    };
  }, []);

  // Grids: every level's polygons and label points (or tiles); the layers' zoom bands pick what shows.
  useGridLayers(map, county?.code ?? null, grids);

  useEffect(() => {
    if (!map || !county) return;
    map.getContainer().dataset.county = county.code;
    map.fitBounds(county.bbox, { padding: 32, duration: 0 });
  }, [map, county]);

  useEffect(() => {
    if (!map) return;
    map.getContainer().dataset.mapIdle = 'false';
    setSourceData(map, INCIDENT_SOURCE, incidentPoints(incidents, freshIds, selectedId));
  }, [map, incidents, freshIds, selectedId]);

  useEffect(() => {
    if (!map) return;
    setSourceData(map, JOINT_AREAS_SOURCE, jointAreas ?? { type: 'FeatureCollection', features: [] });
  }, [map, jointAreas]);

  useEffect(() => {
    if (!map || !flyTo) return;
    map.flyTo({ center: [flyTo.lon, flyTo.lat], zoom: Math.max(map.getZoom(), 14), speed: 1.6 });
  }, [map, flyTo]);

  // The draft point and the pixel the form hangs from, kept in step with the camera.
  useEffect(() => {
    if (!map) return;
    setSourceData(map, DRAFT_SOURCE, {
      type: 'FeatureCollection',
      features: draft ? [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [draft.lon, draft.lat] } }] : [],
    });
    if (!draft) {
      setAnchor(null);
      return;
    }
    const update = () => {
      const point = map.project([draft.lon, draft.lat]);
      setAnchor({ x: point.x, y: point.y });
    };
    update();
    map.on('move', update);
    return () => {
      map.off('move', update);
    };
  }, [map, draft]);

  return (
    <div className="map-shell">
      <div ref={containerRef} className="map-canvas" data-testid="map" />
      {overlay && anchor ? <MapOverlay anchor={anchor} container={containerRef.current}>{overlay}</MapOverlay> : null}
    </div>
  );
}

const OVERLAY_WIDTH = 320;

/** Hangs the card beside the point, flipped to the left near the right edge. */
function MapOverlay({ anchor, container, children }: { anchor: { x: number; y: number }; container: HTMLElement | null; children: ReactNode }) {
  const width = container?.clientWidth ?? 0;
  const height = container?.clientHeight ?? 0;
  const flip = anchor.x + OVERLAY_WIDTH + 24 > width;
  const left = flip ? Math.max(8, anchor.x - OVERLAY_WIDTH - 16) : anchor.x + 16;
  const top = Math.min(Math.max(8, anchor.y - 40), Math.max(8, height - 360));
  return (
    <div className="map-overlay" style={{ left, top, width: OVERLAY_WIDTH }}>
      {children}
    </div>
  );
}
