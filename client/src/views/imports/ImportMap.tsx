import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MapLibreMap } from 'maplibre-gl';
import type { GridProblem } from '../../../../shared/grid-validation/grid-problems.ts';
import { createOfflineMap } from '../../map/create-offline-map.ts';
import { setSourceData } from '../../map/layers.ts';
import type { UploadDrawing } from './import-api.ts';
import { AREAS_SOURCE, POINTS_LAYER, POINTS_SOURCE, UPLOAD_SOURCE, addImportLayers, collectionBbox, showSelection } from './import-layers.ts';
import { problemAreas, problemPoints } from './problem-groups.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/** A request to fly to a problem; the nonce makes a second click on the same entry fly again. */
export interface FlyRequest {
  i: number;
  nonce: number;
}

export interface ImportMapProps {
  /** The county's box, shown until the upload's own polygons arrive. */
  countyBbox: [number, number, number, number] | null;
  drawing: UploadDrawing | null;
  problems: readonly GridProblem[];
  selected: number | null;
  fly: FlyRequest | null;
  onSelect(i: number): void;
}

/**
 * The uploaded grid with a marker on each problem location (offline map, no tiles). Clicking a
 * marker selects its problem; selecting one in the list flies here and outlines its feature.
 */
export function ImportMap({ countyBbox, drawing, problems, selected, fly, onSelect }: ImportMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  });

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const instance = createOfflineMap({ container });
    instance.on('load', () => {
      addImportLayers(instance);
      instance.on('click', POINTS_LAYER, (event) => {
        const i = Number(event.features?.[0]?.properties?.i);
        if (Number.isInteger(i)) onSelectRef.current(i);
      });
      instance.on('mouseenter', POINTS_LAYER, () => (instance.getCanvas().style.cursor = 'pointer'));
      instance.on('mouseleave', POINTS_LAYER, () => (instance.getCanvas().style.cursor = ''));
      window.__gridDispatch = { map: instance };
      setMap(instance);
    });
    return () => {
      if (window.__gridDispatch?.map === instance) delete window.__gridDispatch;
      instance.remove();
      setMap(null);
    };
  }, []);

  const points = useMemo(() => problemPoints(problems), [problems]);
  const areas = useMemo(() => problemAreas(problems), [problems]);
  useEffect(() => {
    if (!map) return;
    setSourceData(map, UPLOAD_SOURCE, drawing ?? EMPTY);
    setSourceData(map, AREAS_SOURCE, areas);
    setSourceData(map, POINTS_SOURCE, points);
    const container = map.getContainer();
    container.dataset.drawn = String(drawing?.features.length ?? 0);
    container.dataset.markers = String(points.features.length);
  }, [map, drawing, areas, points]);

  // Fit to each upload once it is drawn (it may lie elsewhere than the county: that is a finding too), else to the county.
  const box = useMemo(() => (drawing ? collectionBbox(drawing) : null) ?? countyBbox, [drawing, countyBbox]);
  useEffect(() => {
    if (!map || !box) return;
    map.fitBounds(box, { padding: 32, duration: 0 });
  }, [map, box]);

  useEffect(() => {
    if (!map) return;
    showSelection(map, selected, selected === null ? null : (problems[selected] ?? null));
    map.getContainer().dataset.selected = selected === null ? '' : String(selected);
  }, [map, selected, problems]);

  useEffect(() => {
    if (!map || !fly) return;
    const problem = problems[fly.i];
    if (!problem) return;
    if (problem.location) {
      map.flyTo({ center: problem.location, zoom: Math.max(map.getZoom(), 14.5), duration: 700 });
      return;
    }
    // No point: frame the feature the problem names, if it could be drawn.
    const feature = drawing?.features.find((f) => f.properties.index === problem.feature || (problem.codes?.[0] !== undefined && f.properties.code === problem.codes[0]));
    const bbox = feature ? collectionBbox({ type: 'FeatureCollection', features: [feature] }) : null;
    if (bbox) map.fitBounds(bbox, { padding: 80, maxZoom: 16, duration: 700 });
    // `fly` alone triggers (not `problems` or `drawing`): the camera moves only when asked.
  }, [map, fly]);

  return <div ref={containerRef} className="map-canvas import-map" data-testid="import-map" />;
}
