import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticGrid } from '../../test/bench/synthetic-grid.ts';
import type { GridGeometry } from '../domain/grid.ts';
import { GridIndex } from './grid-index.ts';
import { orientSignExact } from './orient.ts';
import { bruteForceOwners, sharedBoundarySamples } from './partition-check.ts';

// Coordinates of the hand-built partitions: each value computed once, so shared vertices are
// bit-identical and query points lie exactly on the edges.
const X = [0, 1, 2, 3, 4].map((k) => 120 + k * 0.01);
const Y = [0, 1, 2].map((k) => 30 + k * 0.01);
const H = [0.5, 1.5].map((k) => 120 + k * 0.01);
const V = [0.5, 1.5].map((k) => 30 + k * 0.01);
const x = (i: number): number => X[i]!;
const y = (j: number): number => Y[j]!;
const box = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

describe('edge ownership rule (hand-built partitions)', () => {
  // Four axis-aligned squares: SW, SE, NW, NE.
  const squares: GridGeometry[] = [
    polygon(box(x(0), y(0), x(1), y(1))),
    polygon(box(x(1), y(0), x(2), y(1))),
    polygon(box(x(0), y(1), x(1), y(2))),
    polygon(box(x(1), y(1), x(2), y(2))),
  ];
  const owners = bruteForceOwners(squares);
  const [SW, SE, NW, NE] = [0, 1, 2, 3];
  const midX = (x(0) + x(1)) / 2;
  const midY = (y(0) + y(1)) / 2;

  it('gives a point on a vertical shared edge to the polygon east of it', () => {
    expect(owners(x(1), midY)).toEqual([SE]);
  });

  it('gives a point on a horizontal shared edge to the polygon north of it', () => {
    expect(owners(midX, y(1))).toEqual([NW]);
  });

  it('gives a vertex shared by four polygons to the north-east one', () => {
    expect(owners(x(1), y(1))).toEqual([NE]);
  });

  it('owns the west and south outline, not the east and north one', () => {
    expect(owners(x(0), midY)).toEqual([SW]);
    expect(owners(midX, y(0))).toEqual([SW]);
    expect(owners(x(0), y(0))).toEqual([SW]);
    expect(owners(x(2), midY)).toEqual([]);
    expect(owners(midX, y(2))).toEqual([]);
    expect(owners(x(2), y(2))).toEqual([]);
  });

  // A square with a hole, the hole filled by an enclave, and a MultiPolygon whose two parts meet
  // a third and fourth polygon at one vertex.
  const holed = polygon(box(x(0), y(0), x(2), y(2)), box(H[0]!, V[0]!, H[1]!, V[1]!).reverse());
  const enclave = polygon(box(H[0]!, V[0]!, H[1]!, V[1]!));
  const multi: GridGeometry = {
    type: 'MultiPolygon',
    coordinates: [[box(x(2), y(0), x(3), y(1))], [box(x(3), y(1), x(4), y(2))]],
  };
  const northWest = polygon(box(x(2), y(1), x(3), y(2)));
  const southEast = polygon(box(x(3), y(0), x(4), y(1)));
  const mixed = [holed, enclave, multi, northWest, southEast];
  const mixedOwners = bruteForceOwners(mixed);

  it('handles holes: the hole boundary goes east / north like any shared edge', () => {
    const cy = (V[0]! + V[1]!) / 2;
    const cx = (H[0]! + H[1]!) / 2;
    expect(mixedOwners(cx, cy)).toEqual([1]);
    expect(mixedOwners(H[0]!, cy)).toEqual([1]); // enclave lies east of the hole's west edge
    expect(mixedOwners(H[1]!, cy)).toEqual([0]); // the holed square lies east of its east edge
    expect(mixedOwners(cx, V[0]!)).toEqual([1]);
    expect(mixedOwners(cx, V[1]!)).toEqual([0]);
    expect(mixedOwners(H[1]!, V[1]!)).toEqual([0]);
  });

  it('gives the vertex where a MultiPolygon meets itself to the part north-east of it', () => {
    expect(mixedOwners(x(3), y(1))).toEqual([2]);
    expect(mixedOwners((x(3) + x(4)) / 2, y(1))).toEqual([2]);
    expect(mixedOwners(x(3), (y(0) + y(1)) / 2)).toEqual([4]);
  });

  it('agrees with GridIndex on every one of these points', () => {
    const features = mixed.map((geometry, g) => ({
      type: 'Feature' as const,
      geometry,
      properties: {
        level: 'group' as const,
        code: `330822100001${String(g + 1).padStart(3, '0')}`,
        name: `${g + 1}组`,
        shortName: `${g + 1}组`,
        parentCode: '330822100001',
        countyCode: '330822000000',
        synthetic: true,
      },
    }));
    const parents = [
      { level: 'village' as const, code: '330822100001', parentCode: '330822100000' },
      { level: 'township' as const, code: '330822100000', parentCode: '330822000000' },
      { level: 'county' as const, code: '330822000000', parentCode: '330800000000' },
    ].map((p) => ({
      type: 'Feature' as const,
      geometry: polygon(box(x(0), y(0), x(4), y(2))),
      properties: { ...p, name: p.code, shortName: p.code, countyCode: '330822000000', synthetic: true },
    }));
    const index = GridIndex.build([...parents, ...features]);
    for (const px of [...X, ...H, (x(0) + x(1)) / 2, (x(3) + x(4)) / 2]) {
      for (const py of [...Y, ...V, (y(0) + y(1)) / 2]) {
        const expected = mixedOwners(px, py);
        expect(expected.length).toBeLessThanOrEqual(1);
        expect(index.locateGroupIndex(px, py)).toBe(expected[0] ?? -1);
      }
    }
  });
});

describe('edge ownership rule next to a vertex (rounding)', () => {
  // Eight triangles sharing the apex V, at unit scale where rounding is coarse relative to the
  // edges. Just below V all eight edges are crossed by the ray within a few ulps of each other:
  // a crossing x computed in floating point (even with the lower endpoint first) misorders them
  // and gives some of these points to two triangles or to none; the exact side test does not.
  const random = seededRandom(1);
  const apex: Position = [0.7, 0.9];
  const base = Array.from({ length: 9 }, (_, k) => -0.3 + k * 0.25 + random() * 0.1);
  const triangles: GridGeometry[] = base.slice(1).map((bx, k) => polygon([[base[k]!, 0.1], [bx, 0.1], apex, [base[k]!, 0.1]]));
  const owners = bruteForceOwners(triangles);
  const ulp = (v: number): number => 2 ** (Math.floor(Math.log2(Math.abs(v))) - 52);

  it('owns every point within 40 ulps below the shared apex exactly once', () => {
    const [vx, vy] = apex as [number, number];
    const left = base[0]!;
    const right = base[8]!;
    let inside = 0;
    for (let i = -40; i <= 40; i++) {
      for (let j = -40; j <= -1; j++) {
        const px = vx + i * ulp(vx);
        const py = vy + j * ulp(vy);
        // Inside the fan's outline, decided exactly.
        const inFan = orientSignExact(right, 0.1, vx, vy, px, py) > 0 && orientSignExact(vx, vy, left, 0.1, px, py) > 0;
        expect(owners(px, py), `${i}, ${j}`).toHaveLength(inFan ? 1 : 0);
        if (inFan) inside++;
      }
    }
    expect(inside).toBeGreaterThan(1000);
  });
});

describe('edge ownership rule (generated partitions, property)', () => {
  const cases = [
    { name: 'jittered, 3 segments per edge, two counties', segments: 3, seed: 11 },
    { name: 'non-convex, 10 segments per edge', segments: 10, seed: 12 },
  ];
  for (const { name, segments, seed } of cases) {
    it(`owns every point on shared edges and vertices exactly once: ${name}`, () => {
      const grid = syntheticGrid({
        seed,
        counties: ['371521000000', '410923000000'],
        origin: [115.5, 36.1],
        cell: 0.005,
        cols: 20,
        rows: 14,
        village: [3, 2],
        township: [3, 3],
        segments,
      });
      const geometries = grid.groups.map((f) => f.geometry);
      const owners = bruteForceOwners(geometries);
      const index = GridIndex.build(grid.features);
      const samples = sharedBoundarySamples(geometries, 3000, seededRandom(seed));
      expect(samples.length).toBe(3000);
      let eastChecked = 0;
      for (const s of samples) {
        const found = owners(s.x, s.y);
        expect(found, `${s.kind} ${s.x},${s.y}`).toHaveLength(1);
        expect(index.locateGroupIndex(s.x, s.y)).toBe(found[0]);
        // Exactly on a segment: the owner is the polygon just east of the point.
        const [lx, ly, hx, hy] = s.edge;
        if (s.exact && Math.abs(hy - ly) > 0.05 * Math.hypot(hx - lx, hy - ly)) {
          expect(owners(s.x + 1e-8, s.y)).toEqual(found);
          eastChecked++;
        }
      }
      expect(eastChecked).toBeGreaterThan(500);
    });
  }
});
