import type { FeatureCollection, Position } from 'geojson';
import type { GridCollection, GridFeature, GridGeometry, GridProps } from '../../../shared/domain/grid.ts';

/** Light fills for neighbouring grids; the outline carries the boundary, the fill only tells cells apart. */
export const TINT_COLORS = ['#dbe9f6', '#e3f1df', '#fbeed7', '#efe1f3', '#dff1f0', '#f7e1e1'] as const;

export type TintedProps = GridProps & { tint: number };
export type TintedCollection = FeatureCollection<GridGeometry, TintedProps>;

/**
 * Greedy colouring over shared vertices: synthesized cells share their boundary vertices, so
 * neighbours mostly get different tints without a full topology build.
 */
export function withTints(grids: GridCollection): TintedCollection {
  const byVertex = new Map<string, number[]>();
  grids.features.forEach((feature, index) => {
    for (const key of vertexKeys(feature)) {
      const list = byVertex.get(key);
      if (list) list.push(index);
      else byVertex.set(key, [index]);
    }
  });
  const neighbours = grids.features.map(() => new Set<number>());
  for (const indices of byVertex.values()) {
    for (const a of indices) for (const b of indices) if (a !== b) neighbours[a]?.add(b);
  }
  const tints: number[] = [];
  const features = grids.features.map((feature, index) => {
    const used = new Set<number>();
    for (const other of neighbours[index] ?? []) {
      const tint = tints[other];
      if (tint !== undefined) used.add(tint);
    }
    let tint = 0;
    while (used.has(tint) && tint < TINT_COLORS.length - 1) tint += 1;
    tints[index] = tint;
    return { ...feature, properties: { ...feature.properties, tint } };
  });
  return { type: 'FeatureCollection', features };
}

function vertexKeys(feature: GridFeature): Set<string> {
  const keys = new Set<string>();
  const add = (ring: Position[]) => {
    // ~1 m precision: shared vertices written by the same generator compare equal.
    for (const [lon, lat] of ring) keys.add(`${lon?.toFixed(5)},${lat?.toFixed(5)}`);
  };
  const geometry = feature.geometry;
  if (geometry.type === 'Polygon') geometry.coordinates.forEach(add);
  else geometry.coordinates.forEach((rings) => rings.forEach(add));
  return keys;
}
