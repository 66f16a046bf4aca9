import type { Position } from 'geojson';
import type { GridCollection, GridFeature, GridLevel } from '../../shared/domain/grid.ts';

export interface SyntheticGridOptions {
  /** 12-digit county code. */
  countyCode: string;
  countyName: string;
  /** South-west corner and the lattice step, degrees. */
  lon0: number;
  lat0: number;
  step: number;
  /** Vertex displacement as a fraction of step (< 0.25 keeps every ring simple); 0 gives rectangles. */
  jitter: number;
  seed: number;
}

/**
 * A small, exactly nested county grid: an 8×8 lattice of quadrilaterals (groups), 2×2 groups per
 * village, 2×2 villages per township, 2×2 townships. Every level's ring walks the same lattice
 * vertices, so neighbours share bit-identical edges and all levels nest exactly, as in the real data.
 */
export function syntheticCounty(options: SyntheticGridOptions): GridCollection {
  const { countyCode, lon0, lat0, step, jitter, seed } = options;
  const prefix = countyCode.slice(0, 6);
  const vertex = (i: number, j: number): Position => [
    lon0 + i * step + (jitter ? (hash(seed, i, j, 1) - 0.5) * 2 * jitter * step : 0),
    lat0 + j * step + (jitter ? (hash(seed, i, j, 2) - 0.5) * 2 * jitter * step : 0),
  ];
  /** Counter-clockwise ring around quads [i0, i1) × [j0, j1), through every lattice vertex on it. */
  const ring = (i0: number, j0: number, i1: number, j1: number): Position[] => {
    const points: Position[] = [];
    for (let i = i0; i < i1; i++) points.push(vertex(i, j0));
    for (let j = j0; j < j1; j++) points.push(vertex(i1, j));
    for (let i = i1; i > i0; i--) points.push(vertex(i, j1));
    for (let j = j1; j > j0; j--) points.push(vertex(i0, j));
    points.push(vertex(i0, j0));
    return points;
  };
  const feature = (level: GridLevel, code: string, name: string, parentCode: string, box: [number, number, number, number]): GridFeature => ({
    type: 'Feature',
    properties: { level, code, name, shortName: name, parentCode, countyCode, synthetic: true },
    geometry: { type: 'Polygon', coordinates: [ring(...box)] },
  });

  const features: GridFeature[] = [feature('county', countyCode, options.countyName, `${countyCode.slice(0, 4)}00000000`, [0, 0, 8, 8])];
  for (let t = 0; t < 4; t++) {
    const [ti, tj] = [(t % 2) * 4, Math.floor(t / 2) * 4];
    const township = `${prefix}${100 + t}000`;
    features.push(feature('township', township, `第${t + 1}镇`, countyCode, [ti, tj, ti + 4, tj + 4]));
    for (let v = 0; v < 4; v++) {
      const [vi, vj] = [ti + (v % 2) * 2, tj + Math.floor(v / 2) * 2];
      const village = `${township.slice(0, 9)}${String(v + 1).padStart(3, '0')}`;
      features.push(feature('village', village, `第${t + 1}镇${v + 1}村`, township, [vi, vj, vi + 2, vj + 2]));
      for (let g = 0; g < 4; g++) {
        const [gi, gj] = [vi + (g % 2), vj + Math.floor(g / 2)];
        features.push(feature('group', `${village}${String(g + 1).padStart(3, '0')}`, `第${t + 1}镇${v + 1}村第${g + 1}组`, village, [gi, gj, gi + 1, gj + 1]));
      }
    }
  }
  return { type: 'FeatureCollection', features };
}

/** The centre of group quad (i, j) of an unjittered grid: a point well inside one cell of every level. */
export function quadCentre(options: Pick<SyntheticGridOptions, 'lon0' | 'lat0' | 'step'>, i: number, j: number): { lon: number; lat: number } {
  return { lon: options.lon0 + (i + 0.5) * options.step, lat: options.lat0 + (j + 0.5) * options.step };
}

/** Deterministic value in [0, 1) from the seed and lattice position (shared by every ring using the vertex). */
function hash(seed: number, i: number, j: number, k: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(i + 1, 0xc2b2ae35) ^ Math.imul(j + 1, 0x27d4eb2f) ^ Math.imul(k, 0x165667b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  h = Math.imul(h, 0x297a2d39);
  h ^= h >>> 15;
  return (h >>> 0) / 2 ** 32;
}

/** The codes of the cells holding group quad (i, j), at every level, as syntheticCounty() numbers them. */
export function codesAt(countyCode: string, i: number, j: number): Record<GridLevel, string> {
  const t = (i >= 4 ? 1 : 0) + (j >= 4 ? 2 : 0);
  const v = (i % 4 >= 2 ? 1 : 0) + (j % 4 >= 2 ? 2 : 0);
  const g = (i % 2) + (j % 2) * 2;
  const township = `${countyCode.slice(0, 6)}${100 + t}000`;
  const village = `${township.slice(0, 9)}${String(v + 1).padStart(3, '0')}`;
  return { county: countyCode, township, village, group: `${village}${String(g + 1).padStart(3, '0')}` };
}
