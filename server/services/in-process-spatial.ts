import type { Feature, FeatureCollection, Point } from 'geojson';
import GeoJSONVT from 'geojson-vt';
import { fromGeojsonVt } from 'vt-pbf';
import type { GridChain, GridCollection, GridLevel } from '../../shared/domain/grid.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import type { GridCount, GridCountQuery, SpatialQueries, Store, TileLayer } from '../repositories/store.ts';

/** The same tile geometry PostGIS is asked for: 4096 units, 64-unit buffer. */
const TILE_OPTIONS = { extent: 4096, buffer: 64, maxZoom: 20, indexMaxZoom: 5 } as const;
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
  private readonly gridTiles = new Map<GridLevel, GeoJSONVT>();
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

  async tile(layer: TileLayer, z: number, x: number, y: number): Promise<Uint8Array> {
    const index = layer === 'incidents' ? await this.incidentIndex() : this.gridIndex(layer);
    const tile = index.getTile(z, x, y);
    if (!tile || tile.features.length === 0) return new Uint8Array(0);
    return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: TILE_OPTIONS.extent });
  }

  private gridIndex(level: GridLevel): GeoJSONVT {
    let index = this.gridTiles.get(level);
    if (!index) {
      const features = [...this.collections.values()].flatMap((c) => c.features.filter((f) => f.properties.level === level));
      index = new GeoJSONVT({ type: 'FeatureCollection', features }, TILE_OPTIONS);
      this.gridTiles.set(level, index);
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
