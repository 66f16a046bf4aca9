import type { CountySummary, GridCollection, GridFeature, GridLevel } from '../../shared/domain/grid.ts';
import { GridIndex } from '../../shared/routing/grid-index.ts';
import { DEFAULT_ROUTE_OPTIONS, route, type Jurisdiction, type RouteOptions, type RouteOutcome, type RouteRequest } from '../../shared/routing/route.ts';

/** The counties' grids and rules in memory: the routing index, the jurisdiction, and the per-level GeoJSON the map asks for. */
export class GridService {
  readonly index: GridIndex;
  /** Serialized once: the map asks for the same county/level again and again. */
  private readonly levelJson = new Map<string, string>();

  constructor(
    readonly counties: CountySummary[],
    private readonly collections: Map<string, GridCollection>,
    readonly jurisdiction: Jurisdiction,
    readonly routeOptions: RouteOptions = DEFAULT_ROUTE_OPTIONS,
  ) {
    const all: GridFeature[] = [];
    for (const collection of collections.values()) all.push(...collection.features);
    this.index = GridIndex.build(all);
  }

  hasCounty(code: string): boolean {
    return this.collections.has(code);
  }

  levelGeoJson(countyCode: string, level: GridLevel): string | null {
    const key = `${countyCode}/${level}`;
    let json = this.levelJson.get(key);
    if (json === undefined) {
      const collection = this.collections.get(countyCode);
      if (!collection) return null;
      json = JSON.stringify({ type: 'FeatureCollection', features: collection.features.filter((f) => f.properties.level === level) });
      this.levelJson.set(key, json);
    }
    return json;
  }

  route(request: RouteRequest): RouteOutcome {
    return route(this.index, this.jurisdiction, request, this.routeOptions);
  }
}
