import type { Position } from 'geojson';
import type { GridFeature, GridLevel } from '../../shared/domain/grid.ts';
import { mulberry32 } from '../../data/build/prng.ts';

/**
 * Deterministic nested grids for tests and the routing bench: a jittered quad lattice whose
 * edges are subdivided and wiggled, every lattice edge computed once and reused by both
 * neighbours (so shared edges are bit-identical, like the real data). Groups are lattice cells;
 * villages, townships and counties are rectangular blocks of them whose outlines walk the same
 * edges. The outer outline is a straight rectangle.
 */
export interface SyntheticGridOptions {
  seed: number;
  /** 12-digit county codes; the lattice columns are split evenly among them. */
  counties: readonly string[];
  /** South-west corner [lon, lat]. */
  origin: readonly [number, number];
  /** Lattice spacing in degrees. */
  cell: number;
  cols: number;
  rows: number;
  /** Groups per village as [cols, rows]. */
  village: readonly [number, number];
  /** Villages per township as [cols, rows]. */
  township: readonly [number, number];
  /** Segments per lattice edge: 1 gives quads, 2 gives 8 vertices per group, 10 gives 40. */
  segments: number;
  /** Corner jitter as a fraction of the cell (≤ 0.15 keeps every quad simple). */
  jitter?: number;
  /** Amplitude of the edge wiggle as a fraction of the cell (≤ 0.06). */
  wiggle?: number;
}

export interface SyntheticGrid {
  features: GridFeature[];
  /** The group features, in the order GridIndex numbers them when given `features`. */
  groups: GridFeature[];
  /** A point well inside each group (≥ ~0.2 cell from its edges): x, y pairs in `groups` order. */
  interior: Float64Array;
  /** [west, south, east, north]. */
  bbox: [number, number, number, number];
}

/** The data build's seeded PRNG (mulberry32), so synthetic grids are the same on every run. */
export const seededRandom = mulberry32;

const pad3 = (n: number): string => String(n).padStart(3, '0');

export function syntheticGrid(options: SyntheticGridOptions): SyntheticGrid {
  const { cols, rows, cell, segments: s, counties } = options;
  const [x0, y0] = options.origin;
  const jitter = options.jitter ?? 0.15;
  const wiggle = options.wiggle ?? 0.06;
  const random = seededRandom(options.seed);
  const signed = (): number => random() * 2 - 1;

  // Lattice corners; outline corners stay on the rectangle.
  const cornerX = new Float64Array((cols + 1) * (rows + 1));
  const cornerY = new Float64Array((cols + 1) * (rows + 1));
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const inner = i > 0 && i < cols && j > 0 && j < rows;
      cornerX[j * (cols + 1) + i] = x0 + (i + (inner ? jitter * signed() : 0)) * cell;
      cornerY[j * (cols + 1) + i] = y0 + (j + (inner ? jitter * signed() : 0)) * cell;
    }
  }
  // Every vertex is one shared Position object: neighbours then hold the very same numbers, and
  // 400k polygons stay cheap to generate and to garbage-collect.
  const corners: Position[] = Array.from(cornerX, (x, k) => [x, cornerY[k]!]);
  const corner = (i: number, j: number): Position => corners[j * (cols + 1) + i]!;

  // Interior points of each lattice edge, from its lower-index corner to the other; wiggled
  // perpendicular with a sin taper so neighbouring edges never meet near a corner.
  const inner = s - 1;
  const edgePoints = (ax: number, ay: number, bx: number, by: number, straight: boolean, out: Float64Array, at: number): void => {
    const len = Math.hypot(bx - ax, by - ay);
    for (let k = 1; k <= inner; k++) {
      const t = k / s;
      const offset = straight ? 0 : wiggle * cell * Math.sin(Math.PI * t) * signed();
      out[at + 2 * (k - 1)] = ax + t * (bx - ax) - (offset * (by - ay)) / len;
      out[at + 2 * (k - 1) + 1] = ay + t * (by - ay) + (offset * (bx - ax)) / len;
    }
  };
  const horizontal = new Float64Array(cols * (rows + 1) * inner * 2);
  const vertical = new Float64Array((cols + 1) * rows * inner * 2);
  for (let j = 0; j <= rows; j++) {
    for (let i = 0; i < cols; i++) {
      const [ax, ay] = corner(i, j) as [number, number];
      const [bx, by] = corner(i + 1, j) as [number, number];
      edgePoints(ax, ay, bx, by, j === 0 || j === rows, horizontal, (j * cols + i) * inner * 2);
    }
  }
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i <= cols; i++) {
      const [ax, ay] = corner(i, j) as [number, number];
      const [bx, by] = corner(i, j + 1) as [number, number];
      edgePoints(ax, ay, bx, by, i === 0 || i === cols, vertical, (j * (cols + 1) + i) * inner * 2);
    }
  }
  const positions = (points: Float64Array): Position[] =>
    Array.from({ length: points.length / 2 }, (_, k) => [points[2 * k]!, points[2 * k + 1]!]);
  const horizontalPositions = positions(horizontal);
  const verticalPositions = positions(vertical);
  const pushEdge = (ring: Position[], points: Position[], edge: number, reversed: boolean): void => {
    for (let k = 0; k < inner; k++) ring.push(points[edge * inner + (reversed ? inner - 1 - k : k)]!);
  };

  /** Counter-clockwise outline of the block of lattice cells [i0, i1) × [j0, j1), closed. */
  const blockRing = (i0: number, i1: number, j0: number, j1: number): Position[] => {
    const ring: Position[] = [];
    for (let i = i0; i < i1; i++) {
      ring.push(corner(i, j0));
      pushEdge(ring, horizontalPositions, j0 * cols + i, false);
    }
    for (let j = j0; j < j1; j++) {
      ring.push(corner(i1, j));
      pushEdge(ring, verticalPositions, j * (cols + 1) + i1, false);
    }
    for (let i = i1 - 1; i >= i0; i--) {
      ring.push(corner(i + 1, j1));
      pushEdge(ring, horizontalPositions, j1 * cols + i, true);
    }
    for (let j = j1 - 1; j >= j0; j--) {
      ring.push(corner(i0, j + 1));
      pushEdge(ring, verticalPositions, j * (cols + 1) + i0, true);
    }
    ring.push(corner(i0, j0));
    return ring;
  };

  const features: GridFeature[] = [];
  const groups: GridFeature[] = [];
  const interior: number[] = [];
  const feature = (
    level: GridLevel,
    code: string,
    name: string,
    shortName: string,
    parentCode: string,
    countyCode: string,
    block: [number, number, number, number],
  ): GridFeature => {
    const f: GridFeature = {
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [blockRing(...block)] },
      properties: { level, code, name, shortName, parentCode, countyCode, synthetic: true },
    };
    features.push(f);
    return f;
  };

  const [gx, gy] = options.village;
  const [vx, vy] = options.township;
  counties.forEach((countyCode, k) => {
    const c0 = Math.round((k * cols) / counties.length);
    const c1 = Math.round(((k + 1) * cols) / counties.length);
    const prefix = countyCode.slice(0, 6);
    feature('county', countyCode, `样例县${k + 1}`, `样例县${k + 1}`, `${prefix.slice(0, 4)}00000000`, countyCode, [c0, c1, 0, rows]);
    const villageCols = Math.ceil((c1 - c0) / gx);
    const villageRows = Math.ceil(rows / gy);
    let t = 0;
    for (let tj = 0; tj < villageRows; tj += vy) {
      for (let ti = 0; ti < villageCols; ti += vx) {
        const townshipCode = `${prefix}${pad3(++t)}000`;
        const tBlock: [number, number, number, number] = [
          c0 + ti * gx,
          Math.min(c1, c0 + (ti + vx) * gx),
          tj * gy,
          Math.min(rows, (tj + vy) * gy),
        ];
        feature('township', townshipCode, `样例${t}镇`, `样例${t}镇`, countyCode, countyCode, tBlock);
        let v = 0;
        for (let vj = tj; vj < Math.min(villageRows, tj + vy); vj++) {
          for (let vi = ti; vi < Math.min(villageCols, ti + vx); vi++) {
            const villageCode = `${townshipCode.slice(0, 9)}${pad3(++v)}`;
            const i0 = c0 + vi * gx;
            const i1 = Math.min(c1, i0 + gx);
            const j0 = vj * gy;
            const j1 = Math.min(rows, j0 + gy);
            feature('village', villageCode, `第${v}村民委员会`, `第${v}村`, townshipCode, countyCode, [i0, i1, j0, j1]);
            let g = 0;
            for (let j = j0; j < j1; j++) {
              for (let i = i0; i < i1; i++) {
                const code = `${villageCode}${pad3(++g)}`;
                groups.push(feature('group', code, `第${g}村民小组`, `${g}组`, villageCode, countyCode, [i, i + 1, j, j + 1]));
                const [ax, ay] = corner(i, j) as [number, number];
                const [bx, by] = corner(i + 1, j) as [number, number];
                const [cx, cy] = corner(i + 1, j + 1) as [number, number];
                const [dx, dy] = corner(i, j + 1) as [number, number];
                interior.push((ax + bx + cx + dx) / 4, (ay + by + cy + dy) / 4);
              }
            }
          }
        }
      }
    }
  });
  return {
    features,
    groups,
    interior: Float64Array.from(interior),
    bbox: [x0, y0, x0 + cols * cell, y0 + rows * cell],
  };
}
