import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { CountySummary, GridCollection, GridFeature, GridLevel } from '../../shared/domain/grid.ts';
import type { Catalogue } from '../../shared/domain/matters.ts';
import type { RouteVersions } from '../../shared/domain/route.ts';
import { GridIndex } from '../../shared/routing/grid-index.ts';
import { DEFAULT_ROUTE_OPTIONS, route, type Jurisdiction, type RouteOptions, type RouteOutcome, type RouteRequest } from '../../shared/routing/route.ts';

/** Everything derived from the grids, replaced as a whole when a county gets a new grid version. */
interface GridState {
  collections: ReadonlyMap<string, GridCollection>;
  counties: CountySummary[];
  index: GridIndex;
  /** Serialized once: the map asks for the same county/level again and again. */
  levelJson: Map<string, string>;
  gridVersions: ReadonlyMap<string, number>;
}

export interface GridVersionUpdate {
  collection: GridCollection;
  version: number;
}

export interface JurisdictionUpdate {
  catalogue?: { catalogue: Catalogue; version: number };
  /** By 12-digit county code. */
  configs?: ReadonlyMap<string, { config: CountyConfig; version: number }>;
}

/**
 * The counties' grids and rules in memory: the routing index, the jurisdiction, and the per-level
 * GeoJSON the map asks for. Imports apply new versions while serving: the new state is built
 * completely first and then swapped in synchronously (one assignment for the grids; the
 * jurisdiction's catalogue and configs in the same tick), so a route is always decided on one
 * consistent version and a failed build changes nothing.
 *
 * The jurisdiction object and its configs map keep their identity across versions: services that
 * took `jurisdiction.configs` at start (auth, socket rooms, the workflow) see the applied ones.
 * Likewise the collections map handed to the constructor is kept current for those holding it.
 */
export class GridService {
  private state: GridState;
  private readonly live: { catalogue: Catalogue; configs: Map<string, CountyConfig> };
  private catalogueVersion = 1;
  private readonly configVersions = new Map<string, number>();

  constructor(
    counties: CountySummary[],
    private readonly published: Map<string, GridCollection>,
    jurisdiction: Jurisdiction,
    readonly routeOptions: RouteOptions = DEFAULT_ROUTE_OPTIONS,
  ) {
    this.state = buildState(new Map(published), counties, new Map([...published.keys()].map((code) => [code, 1])));
    this.live = { catalogue: jurisdiction.catalogue, configs: new Map(jurisdiction.configs) };
  }

  get index(): GridIndex {
    return this.state.index;
  }

  get counties(): CountySummary[] {
    return this.state.counties;
  }

  get jurisdiction(): Jurisdiction {
    return this.live;
  }

  hasCounty(code: string): boolean {
    return this.state.collections.has(code);
  }

  /** The county's grid as currently served (all four levels). */
  features(countyCode: string): readonly GridFeature[] | undefined {
    return this.state.collections.get(countyCode)?.features;
  }

  /** The matter catalogue's version (one for every county). */
  catalogueVersionNow(): number {
    return this.catalogueVersion;
  }

  /** The rule versions routing uses now in this county (1 = the data files). */
  version(countyCode: string): RouteVersions {
    return { grid: this.state.gridVersions.get(countyCode) ?? 1, catalogue: this.catalogueVersion, config: this.configVersions.get(countyCode) ?? 1 };
  }

  /**
   * The sum of every county's grid version: it grows with each applied version and is the same on
   * every node that has read the same log, so it can name "the grids as served" in tile URLs and
   * ETags (a tile can hold several counties' cells, so one county's version is not enough).
   */
  gridGeneration(): number {
    let sum = 0;
    for (const version of this.state.gridVersions.values()) sum += version;
    return sum;
  }

  levelGeoJson(countyCode: string, level: GridLevel): string | null {
    const { collections, levelJson } = this.state;
    const key = `${countyCode}/${level}`;
    let json = levelJson.get(key);
    if (json === undefined) {
      const collection = collections.get(countyCode);
      if (!collection) return null;
      json = JSON.stringify({ type: 'FeatureCollection', features: collection.features.filter((f) => f.properties.level === level) });
      levelJson.set(key, json);
    }
    return json;
  }

  route(request: RouteRequest): RouteOutcome {
    const state = this.state;
    const outcome = route(state.index, this.live, request, this.routeOptions);
    if (!outcome.ok) return outcome;
    const county = outcome.route.county.code;
    return { ok: true, route: { ...outcome.route, versions: { grid: state.gridVersions.get(county) ?? 1, catalogue: this.catalogueVersion, config: this.configVersions.get(county) ?? 1 } } };
  }

  /** Serves new grids for these counties: the index over every county is rebuilt, then swapped in. Throws (changing nothing) if it cannot be built. */
  applyGridVersions(updates: ReadonlyMap<string, GridVersionUpdate>): void {
    const current = this.state;
    const collections = new Map(current.collections);
    const versions = new Map(current.gridVersions);
    for (const [code, update] of updates) {
      if (!collections.has(code)) throw new Error(`county ${code} is not served here`);
      collections.set(code, update.collection);
      versions.set(code, update.version);
    }
    const counties = current.counties.map((summary) => {
      const update = updates.get(summary.code);
      return update ? summarize(summary, update.collection) : summary;
    });
    const next = buildState(collections, counties, versions);
    this.state = next;
    for (const code of updates.keys()) this.published.set(code, next.collections.get(code)!);
  }

  /**
   * Serves a new catalogue and/or county configurations. The caller has checked them together
   * (every config loads against the catalogue); here they are only swapped in, in one tick.
   */
  applyJurisdiction(update: JurisdictionUpdate): void {
    if (update.catalogue) {
      this.live.catalogue = update.catalogue.catalogue;
      this.catalogueVersion = update.catalogue.version;
    }
    for (const [code, { config, version }] of update.configs ?? []) {
      this.live.configs.set(code, config);
      this.configVersions.set(code, version);
    }
  }
}

function buildState(collections: ReadonlyMap<string, GridCollection>, counties: CountySummary[], gridVersions: ReadonlyMap<string, number>): GridState {
  const all: GridFeature[] = [];
  for (const collection of collections.values()) all.push(...collection.features);
  return { collections, counties, index: GridIndex.build(all), levelJson: new Map(), gridVersions };
}

/** Bounding box and counts of a new grid; the centre (the county seat) stays unless it fell outside. */
function summarize(previous: CountySummary, collection: GridCollection): CountySummary {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const counts = { township: 0, village: 0, group: 0 };
  for (const f of collection.features) {
    const level = f.properties.level;
    if (level !== 'county') counts[level]++;
    else {
      const parts = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const part of parts) {
        for (const [x, y] of part[0] ?? []) {
          w = Math.min(w, x!);
          e = Math.max(e, x!);
          s = Math.min(s, y!);
          n = Math.max(n, y!);
        }
      }
    }
  }
  if (!Number.isFinite(w)) return { ...previous, counts };
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const [cx, cy] = previous.center;
  const center: [number, number] = cx >= w && cx <= e && cy >= s && cy <= n ? previous.center : [round((w + e) / 2), round((s + n) / 2)];
  return { ...previous, bbox: [round(w), round(s), round(e), round(n)], center, counts };
}
