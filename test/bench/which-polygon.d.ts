// Types for the untyped npm package `which-polygon` (compared against in route.bench.ts).
declare module 'which-polygon' {
  import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';

  /** Returns a query: properties of the first polygon containing [x, y], or null. */
  function whichPolygon<P>(data: FeatureCollection<Polygon | MultiPolygon, P>): (point: readonly number[]) => P | null;
  export = whichPolygon;
}
