import { area, booleanPointInPolygon, centroid, pointOnFeature, polygon } from '@turf/turf';
import type { Feature, FeatureCollection, Point, Polygon, Position } from 'geojson';
import GeoJSONVT, { type LegacyTile } from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { GridChain, GridCollection, GridFeature, GridLevel } from '../../shared/domain/grid.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import { tileLayerLevel, type GridCount, type GridCountQuery, type SpatialQueries, type Store, type TileFilter, type TileLayer } from '../repositories/store.ts';

/** The same tile geometry PostGIS is asked for: 4096 units, 64-unit buffer. */
const TILE_OPTIONS = { extent: 4096, buffer: 64, maxZoom: 20, indexMaxZoom: 5 } as const;
/** Label points live in exactly one tile, as ST_AsMVTGeom(…, buffer 0) keeps them on PostGIS. */
const LABEL_OPTIONS = { ...TILE_OPTIONS, buffer: 0 } as const;

interface LevelTiles {
  cells: GeoJSONVT;
  labels: GeoJSONVT;
}
const PAGE = 500;

export type Locate = (lon: number, lat: number) => GridChain | null;

/**
 * The spatial answers for a store without a spatial engine (the embedded journal), computed
 * in process so both adapters behave the same: a cell counts the incidents its polygon holds
 * (the point locator stands in for ST_Covers), and tiles are cut with geojson-vt + vt-pbf.
 *
 * Incidents are read through the store port and cached until the event log moves on.
 */
export class InProcessSpatial implements SpatialQueries {
  /**
   * Tile indexes per county grid and level, keyed by the collection object itself: an applied
   * grid version is a new collection in the (shared, kept current) collections map, so the old
   * version's indexes are never looked up again and are garbage collected — no request can see a
   * half-invalidated cache, and one county's import leaves the others' indexes alone.
   */
  private readonly gridTiles = new WeakMap<GridCollection, Map<GridLevel, LevelTiles>>();
  private incidents: Incident[] = [];
  private incidentTiles: GeoJSONVT | null = null;
  /** Event seq the incident cache reflects; -1: never loaded. */
  private loadedSeq = -1;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly collections: Map<string, GridCollection>,
    private readonly locate: Locate,
  ) {}

  async gridCounts(query: GridCountQuery): Promise<GridCount[]> {
    const cells = (this.collections.get(query.countyCode)?.features ?? [])
      .filter((f) => f.properties.level === query.level)
      .map((f) => ({ code: f.properties.code, name: f.properties.name, count: 0 }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const byCode = new Map(cells.map((cell) => [cell.code, cell]));
    for (const incident of await this.currentIncidents()) {
      if (query.from && incident.receivedAt < query.from) continue;
      if (query.to && incident.receivedAt >= query.to) continue;
      const chain = this.locate(incident.location.lon, incident.location.lat);
      if (!chain || chain.county.code !== query.countyCode) continue;
      const cell = byCode.get(chain[query.level].code);
      if (cell) cell.count++;
    }
    return cells;
  }

  async tile(layer: TileLayer, z: number, x: number, y: number, filter?: TileFilter): Promise<Uint8Array> {
    const level = tileLayerLevel(layer);
    const merged: LegacyTile = { features: [] };
    if (level === null) {
      const county = filter?.countyCode ?? null;
      const all = (await this.incidentIndex()).getTile(z, x, y)?.features ?? [];
      merged.features = county === null ? all : all.filter((f) => f.tags?.countyCode === county);
    }
    else {
      // One index per county: a tile on a county border takes cells from both.
      const labels = layer !== level;
      for (const collection of this.collections.values()) {
        const index = this.gridIndex(collection, level);
        merged.features.push(...((labels ? index.labels : index.cells).getTile(z, x, y)?.features ?? []));
      }
    }
    if (merged.features.length === 0) return new Uint8Array(0);
    return fromGeojsonVt({ [layer]: merged }, { version: 2, extent: TILE_OPTIONS.extent });
  }

  /** Nothing to write: the tile indexes follow the collections map (see gridTiles), which the grid service keeps current. */
  async replaceGrids(): Promise<void> {}

  private gridIndex(collection: GridCollection, level: GridLevel): LevelTiles {
    let levels = this.gridTiles.get(collection);
    if (!levels) {
      levels = new Map();
      this.gridTiles.set(collection, levels);
    }
    let index = levels.get(level);
    if (!index) {
      const features = collection.features.filter((f) => f.properties.level === level);
      index = {
        cells: new GeoJSONVT({ type: 'FeatureCollection', features }, TILE_OPTIONS),
        labels: new GeoJSONVT({ type: 'FeatureCollection', features: features.map(labelFeature) }, LABEL_OPTIONS),
      };
      levels.set(level, index);
    }
    return index;
  }

  private async incidentIndex(): Promise<GeoJSONVT> {
    const incidents = await this.currentIncidents();
    if (!this.incidentTiles) {
      const collection: FeatureCollection<Point> = { type: 'FeatureCollection', features: incidents.map(incidentFeature) };
      this.incidentTiles = new GeoJSONVT(collection, TILE_OPTIONS);
    }
    return this.incidentTiles;
  }

  /** All incidents, reloaded when an event was appended since the last load. Checks run one at a time. */
  private currentIncidents(): Promise<Incident[]> {
    const check = this.refreshing.then(async () => {
      const newer = await this.store.eventsAfter(Math.max(this.loadedSeq, 0), 1);
      if (this.loadedSeq < 0 || newer.length > 0) await this.reload(newer[0]?.seq ?? 0);
      return this.incidents;
    });
    this.refreshing = check.then(
      () => undefined,
      () => undefined,
    );
    return check;
  }

  private async reload(atLeastSeq: number): Promise<void> {
    // Read the log position first: anything committed while listing only makes the next call reload again.
    const head = await this.lastSeq(atLeastSeq);
    const all: Incident[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.listIncidents({ limit: PAGE, cursor });
      for (const { orders: _orders, ...incident } of page.items) all.push(incident);
      cursor = page.next ?? undefined;
    } while (cursor);
    this.incidents = all;
    this.incidentTiles = null;
    this.loadedSeq = head;
  }

  private async lastSeq(from: number): Promise<number> {
    let seq = from;
    for (;;) {
      const batch = await this.store.eventsAfter(seq, 1000);
      const last = batch[batch.length - 1];
      if (!last) return seq;
      seq = last.seq;
    }
  }
}

/** A point inside the cell's largest part, larger cells sorted first (what PostGIS writes too). */
function labelFeature(cell: GridFeature): Feature<Point> {
  const parts: Feature<Polygon>[] = (cell.geometry.type === 'Polygon' ? [cell.geometry.coordinates] : cell.geometry.coordinates)
    .filter((rings) => rings.length > 0)
    .map((rings) => polygon(rings as Position[][]));
  const largest = parts.reduce<{ part: Feature<Polygon> | null; size: number }>(
    (best, part) => {
      const size = area(part);
      return size > best.size ? { part, size } : best;
    },
    { part: null, size: -1 },
  );
  const part = largest.part ?? polygon([[[0, 0], [0, 0], [0, 0], [0, 0]]]);
  const centre = centroid(part);
  const at = booleanPointInPolygon(centre, part) ? centre.geometry : pointOnFeature(part).geometry;
  const { code, shortName, level } = cell.properties;
  return { type: 'Feature', geometry: at, properties: { code, shortName, level, sortKey: -Math.round(area(cell)) } };
}

function incidentFeature(incident: Incident): Feature<Point> {
  return {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [incident.location.lon, incident.location.lat] },
    properties: {
      id: incident.id,
      status: incident.status,
      receivedAt: incident.receivedAt,
      countyCode: incident.route.county.code,
      townshipCode: incident.route.township.code,
      unitId: incident.route.unit.id,
      // Absent rather than null: a vector tile has no null value (ST_AsMVT leaves it out too).
      ...(incident.matterCode ? { matterCode: incident.matterCode } : {}),
    },
  };
}
