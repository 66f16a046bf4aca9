import type { Position } from 'geojson';
import type { GridGeometry } from '../domain/grid.ts';
import { flattenPolygons } from './flat-polygons.ts';
import { orientSignExact } from './orient.ts';
import { pointInPart } from './point-in-part.ts';

/**
 * Brute-force checks of a polygon partition, independent of any index: where the shared
 * boundaries are, and which polygons own a point. Used by the ownership property tests on
 * synthetic and real grids; also handy for validating generated grid data.
 */

export interface BoundarySample {
  x: number;
  y: number;
  /**
   * A vertex whose every edge is shared, a point along a shared edge, or either nudged by a few
   * ulps — where crossings computed with rounding can give a point to two polygons or to none.
   */
  kind: 'vertex' | 'near-vertex' | 'edge' | 'near-edge';
  /** The point lies exactly on the segment (a vertex, or an along-edge point that rounded onto it). */
  exact: boolean;
  /** The shared edge it was taken from, lower-y endpoint first. */
  edge: [number, number, number, number];
}

interface EdgeRecord {
  count: number;
  edge: [number, number, number, number];
}

/** Edge from a to b with its lower-y (then lower-x) endpoint first, so both neighbours agree. */
function canonical(a: Position, b: Position): [number, number, number, number] {
  const [ax, ay] = [a[0]!, a[1]!];
  const [bx, by] = [b[0]!, b[1]!];
  return ay < by || (ay === by && ax < bx) ? [ax, ay, bx, by] : [bx, by, ax, ay];
}

function ringsOf(geometry: GridGeometry): Position[][] {
  return geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
}

/** Spacing of doubles at x. */
function ulp(x: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(x) || Number.MIN_VALUE)) - 52);
}

/**
 * `count` random points on boundaries shared by two polygons, a quarter of each kind: vertices
 * all of whose edges are shared (so not on the outline of the union), those nudged by −4…4 ulps
 * in x and y, points along shared edges (t ∈ [0.05, 0.95]), and those nudged by −4…4 ulps in x.
 * Edges are matched by bit-identical endpoints, which the grid data guarantees.
 */
export function sharedBoundarySamples(geometries: readonly GridGeometry[], count: number, random: () => number): BoundarySample[] {
  const edges = new Map<string, EdgeRecord>();
  for (const geometry of geometries) {
    for (const ring of ringsOf(geometry)) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = ring[i]!;
        const b = ring[i + 1]!;
        if (a[0] === b[0] && a[1] === b[1]) continue;
        const edge = canonical(a, b);
        const key = edge.join(',');
        const record = edges.get(key);
        if (record) record.count++;
        else edges.set(key, { count: 1, edge });
      }
    }
  }
  const onOutline = new Set<string>();
  const shared: [number, number, number, number][] = [];
  for (const { count: n, edge } of edges.values()) {
    if (n === 1) {
      onOutline.add(`${edge[0]},${edge[1]}`);
      onOutline.add(`${edge[2]},${edge[3]}`);
    } else {
      shared.push(edge);
    }
  }
  const samples: BoundarySample[] = [];
  for (let attempt = 0; samples.length < count && shared.length > 0 && attempt < count * 20; attempt++) {
    const edge = shared[Math.floor(random() * shared.length)]!;
    const [lx, ly, hx, hy] = edge;
    const kind = (['vertex', 'near-vertex', 'edge', 'near-edge'] as const)[samples.length % 4]!;
    const nudge = (v: number): number => v + (Math.floor(random() * 9) - 4) * ulp(v);
    if (kind === 'vertex' || kind === 'near-vertex') {
      const upper = random() < 0.5;
      const vx = upper ? hx : lx;
      const vy = upper ? hy : ly;
      if (onOutline.has(`${vx},${vy}`)) continue;
      const x = kind === 'vertex' ? vx : nudge(vx);
      const y = kind === 'vertex' ? vy : nudge(vy);
      samples.push({ x, y, kind, exact: orientSignExact(lx, ly, hx, hy, x, y) === 0, edge });
    } else {
      const t = 0.05 + 0.9 * random();
      let x = lx + t * (hx - lx);
      const y = ly + t * (hy - ly);
      if (kind === 'near-edge') x = nudge(x);
      samples.push({ x, y, kind, exact: orientSignExact(lx, ly, hx, hy, x, y) === 0, edge });
    }
  }
  return samples;
}

/** A function listing every geometry (by index) whose polygon owns the point, by testing them all. */
export function bruteForceOwners(geometries: readonly GridGeometry[]): (x: number, y: number) => number[] {
  const flat = flattenPolygons(geometries);
  const parts = flat.partStart.length - 1;
  const bbox = new Float64Array(parts * 4);
  for (let p = 0; p < parts; p++) {
    const h = flat.partStart[p]!;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let i = h + 2; i < flat.coords[h]!; i += 2) {
      x0 = Math.min(x0, flat.coords[i]!);
      x1 = Math.max(x1, flat.coords[i]!);
      y0 = Math.min(y0, flat.coords[i + 1]!);
      y1 = Math.max(y1, flat.coords[i + 1]!);
    }
    bbox.set([x0, y0, x1, y1], p * 4);
  }
  return (x, y) => {
    const owners = new Set<number>();
    for (let p = 0; p < parts; p++) {
      if (x < bbox[p * 4]! || y < bbox[p * 4 + 1]! || x > bbox[p * 4 + 2]! || y > bbox[p * 4 + 3]!) continue;
      const h = flat.partStart[p]!;
      if (pointInPart(flat.coords, h + 2, flat.coords[h]!, x, y)) owners.add(flat.coords[h + 1]!);
    }
    return [...owners];
  };
}
