import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import { GRID_LEVELS, type CountySummary, type GridFeature, type GridLevel } from '../../shared/domain/grid.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import type { Store } from '../repositories/store.ts';
import { bboxesTouch, type Bbox, type TimeWindow } from './ogc-params.ts';
import { incidentFeature } from './ogc-incident-features.ts';
import { unitFeatures, type UnitFeature } from './ogc-unit-areas.ts';

/** The grids currently served: a function so a newly applied grid version shows up at once. */
export interface GridSource {
  counties(): CountySummary[];
  features(countyCode: string): readonly GridFeature[] | undefined;
}

export type CollectionKind = { kind: 'grid'; countyCode: string; level: GridLevel } | { kind: 'incidents' } | { kind: 'units' };

export interface CollectionInfo {
  id: string;
  title: string;
  description: string;
  bbox: Bbox;
  source: CollectionKind;
}

export interface ItemsQuery {
  bbox?: Bbox;
  window?: TimeWindow;
  limit: number;
  offset: number;
  /** Store cursor (incidents only: they are paged by keyset, not offset). */
  cursor?: string;
  /** Incidents only: what the caller may read (county restriction and per-incident check). */
  access?: { countyCode: string | null; visible: (incident: Incident) => boolean };
}

export interface ItemsPage {
  features: Feature[];
  /** Known for grids and units; omitted for incidents, which would need a full scan to count. */
  numberMatched?: number;
  next: { offset: number } | { cursor: string } | null;
}

const LEVEL_TITLES: Record<GridLevel, string> = { county: '县级', township: '乡镇（街道）网格', village: '村（社区）网格', group: '村民小组网格' };

export const INCIDENTS_COLLECTION = 'incidents';
export const UNITS_COLLECTION = 'units';

export function gridCollectionId(countyCode: string, level: GridLevel): string {
  return `grid-${countyCode.slice(0, 6)}-${level}`;
}

/** Store pages are at most this long; keeps one scan step bounded. */
const STORE_PAGE = 500;

/** OGC API Features: collections of grid levels per county, incidents and organisation units. */
export class OgcFeaturesService {
  private unitCache: { counties: string; features: UnitFeature[] } | null = null;
  private readonly bboxCache = new WeakMap<object, Bbox>();

  constructor(
    private readonly deps: { store: Store; grids: GridSource; countyConfigs: () => Iterable<CountyConfig> },
  ) {}

  collections(): CollectionInfo[] {
    const counties = this.deps.grids.counties();
    const all: CollectionInfo[] = [];
    for (const c of counties) {
      for (const level of GRID_LEVELS) {
        all.push({
          id: gridCollectionId(c.code, level),
          title: `${c.name} ${LEVEL_TITLES[level]}`,
          description: `${c.name}（${c.code}）${LEVEL_TITLES[level]}，WGS84；乡镇及以下边界为合成数据 (synthetic below the county)`,
          bbox: c.bbox,
          source: { kind: 'grid', countyCode: c.code, level },
        });
      }
    }
    const extent = unionBbox(counties.map((c) => c.bbox));
    all.push({ id: INCIDENTS_COLLECTION, title: '事件 Incidents', description: '上报事件（点位，WGS84）及其路由结果', bbox: extent, source: { kind: 'incidents' } });
    all.push({ id: UNITS_COLLECTION, title: '执法单位 Units', description: '各县执法单位及其承办区域（乡镇、片区或全县）', bbox: extent, source: { kind: 'units' } });
    return all;
  }

  collection(id: string): CollectionInfo | null {
    return this.collections().find((c) => c.id === id) ?? null;
  }

  async items(info: CollectionInfo, q: ItemsQuery): Promise<ItemsPage> {
    if (info.source.kind === 'incidents') return this.incidentItems(q);
    // Grid cells and units carry no time: datetime does not narrow them.
    const pool: readonly Feature[] = info.source.kind === 'grid' ? this.gridLevel(info.source.countyCode, info.source.level) : this.units();
    const matched = q.bbox ? pool.filter((f) => this.intersects(f, q.bbox as Bbox)) : pool;
    const features = matched.slice(q.offset, q.offset + q.limit);
    const end = q.offset + features.length;
    return { features, numberMatched: matched.length, next: end < matched.length ? { offset: end } : null };
  }

  async item(info: CollectionInfo, featureId: string, access?: ItemsQuery['access']): Promise<Feature | null> {
    if (info.source.kind === 'incidents') {
      if (!/^[0-9a-f-]{36}$/.test(featureId)) return null;
      const incident = await this.deps.store.getIncident(featureId);
      // Outside the caller's scope reads as absent: OGC clients know 404, and it leaks nothing.
      return incident && (!access || ((access.countyCode === null || incident.route.county.code === access.countyCode) && access.visible(incident))) ? incidentFeature(incident) : null;
    }
    const pool: readonly Feature[] = info.source.kind === 'grid' ? this.gridLevel(info.source.countyCode, info.source.level) : this.units();
    return pool.find((f) => f.id === featureId) ?? null;
  }

  private gridLevel(countyCode: string, level: GridLevel): Feature[] {
    return (this.deps.grids.features(countyCode) ?? [])
      .filter((f) => f.properties.level === level)
      .map((f) => ({ ...f, id: f.properties.code }));
  }

  /** Unioning unit areas is the slow part: done once per set of served counties. */
  private units(): UnitFeature[] {
    const served = this.deps.grids.counties().map((c) => c.code);
    const key = served.join(',');
    if (this.unitCache?.counties !== key) {
      const features: UnitFeature[] = [];
      for (const config of this.deps.countyConfigs()) {
        const grid = this.deps.grids.features(config.countyCode);
        if (grid) features.push(...unitFeatures(config, grid));
      }
      this.unitCache = { counties: key, features };
    }
    return this.unitCache.features;
  }

  private async incidentItems(q: ItemsQuery): Promise<ItemsPage> {
    const from = q.window?.start != null ? new Date(q.window.start).toISOString() : undefined;
    const to = q.window?.end != null ? new Date(q.window.end).toISOString() : undefined;
    const features: Feature[] = [];
    let cursor = q.cursor;
    // Whole store pages are consumed, so the store's cursor stays exact even when bbox drops items.
    for (;;) {
      const countyCode = q.access?.countyCode ?? undefined;
      const page = await this.deps.store.listIncidents({ countyCode, from, to, cursor, limit: Math.min(STORE_PAGE, q.limit - features.length) });
      for (const incident of page.items) {
        if (q.access && !q.access.visible(incident)) continue;
        const feature = incidentFeature(incident);
        if (!q.bbox || this.intersects(feature, q.bbox)) features.push(feature);
      }
      cursor = page.next ?? undefined;
      if (!page.next || features.length >= q.limit) break;
    }
    return { features, next: cursor ? { cursor } : null };
  }

  private intersects(feature: Feature, box: Bbox): boolean {
    const geometry = feature.geometry as Geometry | null;
    if (!geometry) return false;
    if (!bboxesTouch(this.extentOf(geometry), box)) return false;
    const [w, s, e, n] = box;
    const boxes: Bbox[] = w <= e ? [box] : [[w, s, 180, n], [-180, s, e, n]];
    return boxes.some((b) => booleanIntersects(feature, bboxPolygon(b)));
  }

  private extentOf(geometry: Geometry): Bbox {
    let cached = this.bboxCache.get(geometry);
    if (!cached) {
      cached = geometryBbox(geometry);
      this.bboxCache.set(geometry, cached);
    }
    return cached;
  }
}

function geometryBbox(geometry: Geometry): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (typeof (c as number[])[0] === 'number') {
      const [x, y] = c as [number, number];
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    } else for (const inner of c as unknown[]) visit(inner);
  };
  if (geometry.type === 'GeometryCollection') return unionBbox(geometry.geometries.map(geometryBbox));
  visit(geometry.coordinates);
  return box;
}

function unionBbox(boxes: Bbox[]): Bbox {
  if (boxes.length === 0) return [-180, -90, 180, 90];
  return boxes.reduce<Bbox>((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])], [Infinity, Infinity, -Infinity, -Infinity]);
}
