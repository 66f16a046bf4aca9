import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticGrid } from '../../test/bench/synthetic-grid.ts';
import { CellGrid } from './cell-grid.ts';
import { EdgeCells } from './edge-cells.ts';
import type { GridGeometry } from '../domain/grid.ts';
import { flattenPolygons } from './flat-polygons.ts';
import { bruteForceOwners, sharedBoundarySamples } from './partition-check.ts';

// A partition with gaps: every 7th group left out, so some cells meet outline-like edges in the
// middle of the grid and must not be treated as covered.
const grid = syntheticGrid({
  seed: 77,
  counties: ['350521000000'],
  origin: [118.8, 25.0],
  cell: 0.004,
  cols: 30,
  rows: 22,
  village: [3, 2],
  township: [3, 3],
  segments: 4,
});
const kept = grid.groups.filter((_, g) => g % 7 !== 3);
const geometries = kept.map((f) => f.geometry);
const flat = flattenPolygons(geometries);
const parts = Int32Array.from({ length: flat.partStart.length - 1 }, (_, p) => p);
const owners = bruteForceOwners(geometries);
const [west, south, east, north] = grid.bbox;

describe('CellGrid', () => {
  // From cells much larger than a polygon (long candidate lists, overflow) to much smaller
  // (mostly cells wholly inside one polygon).
  for (const cellsPerPart of [0.1, 1, 4, 32]) {
    it(`answers like a brute-force test of every polygon, ${cellsPerPart} cells per polygon`, () => {
      const cellGrid = CellGrid.build(flat, parts, cellsPerPart);
      const random = seededRandom(cellsPerPart * 1000);
      for (let k = 0; k < 4000; k++) {
        const x = west - 0.001 + (east - west + 0.002) * random();
        const y = south - 0.001 + (north - south + 0.002) * random();
        expect(cellGrid.locate(x, y), `${x},${y}`).toBe(owners(x, y)[0] ?? -1);
      }
      for (const s of sharedBoundarySamples(geometries, 1500, random)) {
        expect(cellGrid.locate(s.x, s.y), `${s.kind} ${s.x},${s.y}`).toBe(owners(s.x, s.y)[0] ?? -1);
      }
    });
  }

  it('uses every kind of cell record on these grids', () => {
    const coarse = CellGrid.build(flat, parts, 0.1).stats;
    expect(coarse.overflow).toBeGreaterThan(0);
    const fine = CellGrid.build(flat, parts, 32).stats;
    expect(fine.inside).toBeGreaterThan(fine.cells / 4);
    expect(fine.empty).toBeGreaterThan(0); // inside the gaps
    expect(fine.covered).toBeGreaterThan(0);
    expect(fine.covered).toBeLessThan(fine.boundary); // cells on the gaps' edges are not covered
    const standard = CellGrid.build(flat, parts).stats;
    expect(standard.testsPerBoundaryCell).toBeLessThan(2);
  });

  it('rasterises an edge to the same cells whichever way it is walked, covering every point on it', () => {
    const layout = { minX: 118.8, minY: 25, nx: 40, ny: 30, cellW: 0.003, cellH: 0.002, invW: 1 / 0.003, invH: 1 / 0.002 };
    const raster = new EdgeCells(layout, 1e-8);
    const random = seededRandom(8);
    const cellOf = (x: number, y: number): number =>
      Math.min(layout.ny - 1, Math.floor((y - layout.minY) * layout.invH)) * layout.nx + Math.min(layout.nx - 1, Math.floor((x - layout.minX) * layout.invW));
    for (let k = 0; k < 500; k++) {
      const [ax, ay, bx, by] = [0, 0, 0, 0].map((_, i) => (i % 2 ? 25 + 0.06 * random() : 118.8 + 0.12 * random())) as [number, number, number, number];
      // `cells` may be replaced by a larger buffer during segment(): read it afterwards.
      const cellsOf = (n: number): number[] => [...raster.cells.subarray(0, n)].sort((p, q) => p - q);
      const forward = cellsOf(raster.segment(ax, ay, bx, by));
      const backward = cellsOf(raster.segment(bx, by, ax, ay));
      expect(backward).toEqual(forward);
      for (let t = 0; t <= 1; t += 1 / 64) expect(forward).toContain(cellOf(ax + t * (bx - ax), ay + t * (by - ay)));
    }
  });

  it('answers −1 outside its bounds and for NaN', () => {
    const cellGrid = CellGrid.build(flat, parts);
    expect(cellGrid.locate(west - 1, south)).toBe(-1);
    expect(cellGrid.locate(NaN, south + 0.01)).toBe(-1);
    expect(cellGrid.locate(west + 0.01, Infinity)).toBe(-1);
  });
});

describe('CellGrid on polygons with holes, enclaves and empty corners', () => {
  // A ring-shaped square with two holes, one filled by an enclave; a diamond whose bbox corners
  // are outside it (the grid's first cell is untouched and in no polygon); a two-part
  // MultiPolygon beside them; gaps in between. Coordinates on a 1/64 lattice, so every
  // shared vertex is bit-identical.
  const at = (i: number, j: number): Position => [121 + i / 64, 31 + j / 64];
  const ring = (...points: [number, number][]): Position[] => [...points, points[0]!].map(([i, j]) => at(i, j));
  const square = (i0: number, j0: number, i1: number, j1: number): Position[] => ring([i0, j0], [i1, j0], [i1, j1], [i0, j1]);
  const shapes: GridGeometry[] = [
    { type: 'Polygon', coordinates: [square(0, 20, 40, 60), square(4, 24, 16, 36), square(24, 44, 36, 56).reverse()] },
    { type: 'Polygon', coordinates: [square(24, 44, 36, 56)] },
    { type: 'Polygon', coordinates: [ring([60, 0], [80, 20], [60, 40], [40, 20])] },
    { type: 'MultiPolygon', coordinates: [[square(44, 44, 52, 52)], [square(52, 52, 60, 60)]] },
  ];
  const shapeFlat = flattenPolygons(shapes);
  const shapeParts = Int32Array.from({ length: shapeFlat.partStart.length - 1 }, (_, p) => p);
  const shapeOwners = bruteForceOwners(shapes);

  for (const cellsPerPart of [0.5, 4, 64, 400]) {
    it(`answers like a brute-force test of every polygon, ${cellsPerPart} cells per polygon`, () => {
      const cellGrid = CellGrid.build(shapeFlat, shapeParts, cellsPerPart);
      const random = seededRandom(31 + cellsPerPart);
      const [x0, y0] = at(-2, -2) as [number, number];
      const [x1, y1] = at(82, 62) as [number, number];
      for (let k = 0; k < 6000; k++) {
        const x = x0 + (x1 - x0) * random();
        const y = y0 + (y1 - y0) * random();
        expect(cellGrid.locate(x, y), `${x},${y}`).toBe(shapeOwners(x, y)[0] ?? -1);
      }
      // Every lattice point (vertices, points on edges, hole and gap interiors).
      for (let i = -1; i <= 81; i++) {
        for (let j = -1; j <= 61; j++) {
          const [x, y] = at(i, j) as [number, number];
          expect(cellGrid.locate(x, y), `lattice ${i},${j}`).toBe(shapeOwners(x, y)[0] ?? -1);
        }
      }
    });
  }

  it('answers cells wholly inside the hole-free enclave and in the empty corner without a test', () => {
    const stats = CellGrid.build(shapeFlat, shapeParts, 400).stats;
    expect(stats.inside).toBeGreaterThan(0);
    expect(stats.empty).toBeGreaterThan(0);
    expect(stats.boundary - stats.covered).toBeGreaterThan(0); // the outlines and the empty hole
  });
});

