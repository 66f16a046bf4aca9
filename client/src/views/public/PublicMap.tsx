import { useEffect, useMemo, useRef, useState } from 'react';
import type { Map as MapLibreMap, ExpressionSpecification, GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';
import type { CountySummary, GridCollection } from '../../../../shared/domain/grid.ts';
import type { PublicTownship } from '../../../../shared/protocol/public.ts';
import { labelPoints } from '../../map/label-points.ts';
import { createOfflineMap } from '../../map/create-offline-map.ts';
import { BOLD_LABEL_FONT_STACK, LABEL_FONT_STACK } from '../../map/style.ts';

declare global {
  interface Window {
    __publicMap?: MapLibreMap;
  }
}

export const TEAM_COLORS = ['#74c0fc', '#8ce99a', '#ffd43b', '#e599f7', '#ffa8a8', '#63e6be', '#ffc078', '#91a7ff', '#d8f5a2', '#fcc2d7', '#99e9f2', '#b197fc'];
const NO_TEAM = '#ced4da';
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

export function teamColors(townships: readonly PublicTownship[]): Map<string, string> {
  const colors = new Map<string, string>();
  for (const t of townships) if (t.teamId && !colors.has(t.teamId)) colors.set(t.teamId, TEAM_COLORS[colors.size % TEAM_COLORS.length] as string);
  return colors;
}

export interface PublicMapProps {
  county: CountySummary | null;
  outline: GridCollection | null;
  townships: GridCollection | null;
  settings: readonly PublicTownship[];
  selected: string | null;
  onSelect(code: string): void;
}

/** Townships coloured by the team that enforces there (a "1+X" cluster shares its hub's colour). */
export function PublicMap({ county, outline, townships, settings, selected, onSelect }: PublicMapProps) {
  const ref = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<MapLibreMap | null>(null);
  const select = useRef(onSelect);
  useEffect(() => {
    select.current = onSelect;
  });

  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    // Zoom buttons and a scale bar were never part of the public page: it fits the county and stays simple.
    const instance = createOfflineMap({ container, navigation: false, scale: false, attribution: false });
    instance.on('load', () => {
      for (const id of ['pub-county', 'pub-townships', 'pub-labels']) instance.addSource(id, { type: 'geojson', data: EMPTY });
      instance.addLayer({ id: 'pub-fill', type: 'fill', source: 'pub-townships', paint: { 'fill-color': NO_TEAM, 'fill-opacity': 0.75 } });
      instance.addLayer({ id: 'pub-line', type: 'line', source: 'pub-townships', paint: { 'line-color': '#3d5a80', 'line-width': 1.2 } });
      instance.addLayer({ id: 'pub-selected', type: 'line', source: 'pub-townships', filter: ['==', ['get', 'code'], ''], paint: { 'line-color': '#c92a2a', 'line-width': 3.5 } });
      instance.addLayer({ id: 'pub-county', type: 'line', source: 'pub-county', paint: { 'line-color': '#1d3557', 'line-width': 2.4 } });
      instance.addLayer({
        id: 'pub-labels',
        type: 'symbol',
        source: 'pub-labels',
        layout: {
          'text-field': ['format', ['get', 'shortName'], { 'text-font': ['literal', BOLD_LABEL_FONT_STACK] }, '\n', {}, ['get', 'team'], { 'font-scale': 0.78, 'text-font': ['literal', LABEL_FONT_STACK] }],
          'text-font': BOLD_LABEL_FONT_STACK,
          'text-size': 13,
          'text-max-width': 9,
          'symbol-sort-key': ['get', 'sortKey'],
        },
        paint: { 'text-color': '#1d3557', 'text-halo-color': 'rgba(255,255,255,0.9)', 'text-halo-width': 1.5 },
      });
      instance.on('click', 'pub-fill', (e) => {
        const code = e.features?.[0]?.properties?.code;
        if (typeof code === 'string') select.current(code);
      });
      window.__publicMap = instance;
      setMap(instance);
    });
    return () => {
      if (window.__publicMap === instance) delete window.__publicMap;
      instance.remove();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    if (!map || !county) return;
    map.getContainer().dataset.county = county.code;
    map.fitBounds(county.bbox, { padding: 20, duration: 0 });
  }, [map, county]);

  const labels = useMemo(() => (townships ? labelPoints(townships) : null), [townships]);
  useEffect(() => {
    if (!map) return;
    map.getContainer().dataset.mapIdle = 'false';
    map.getSource<GeoJSONSource>('pub-county')?.setData(outline ?? EMPTY);
    map.getSource<GeoJSONSource>('pub-townships')?.setData(townships ?? EMPTY);
    const byCode = new Map(settings.map((s) => [s.code, s]));
    const colors = teamColors(settings);
    const pairs = settings.flatMap((s) => [s.code, s.teamId ? (colors.get(s.teamId) ?? NO_TEAM) : NO_TEAM]);
    map.setPaintProperty('pub-fill', 'fill-color', pairs.length ? (['match', ['get', 'code'], ...pairs, NO_TEAM] as unknown as ExpressionSpecification) : NO_TEAM);
    if (labels) {
      map.getSource<GeoJSONSource>('pub-labels')?.setData({
        type: 'FeatureCollection',
        features: labels.features.map((f) => {
          const s = byCode.get(f.properties.code);
          // Second line only where someone else's team enforces (a radiated township, an outside body).
          const team = (s?.administeredBy?.name ?? s?.teamName ?? '').replace(/综合行政执法(大队|队)$/, '');
          return { ...f, properties: { ...f.properties, team: team && !team.startsWith(f.properties.shortName.slice(0, 2)) ? `（${team}）` : '' } };
        }),
      });
    }
  }, [map, outline, townships, settings, labels]);

  useEffect(() => {
    map?.setFilter('pub-selected', ['==', ['get', 'code'], selected ?? '']);
  }, [map, selected]);

  return <div ref={ref} className="pub-map" data-testid="public-map" />;
}
