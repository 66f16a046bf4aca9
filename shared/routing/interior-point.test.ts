import { booleanPointInPolygon, centroid, lineString, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { syntheticGrid } from '../../test/bench/synthetic-grid.ts';
import type { GridGeometry } from '../domain/grid.ts';
import { interiorPoint } from './interior-point.ts';

function boundaryDistance(geometry: GridGeometry, point: [number, number]): number {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  return Math.min(...rings.map((ring) => pointToLineDistance(point, lineString(ring), { units: 'meters' })));
}

describe('interiorPoint', () => {
  it('lies strictly inside a U-shaped polygon whose centroid is outside it', () => {
    const u: GridGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [120, 30],
          [120.03, 30],
          [120.03, 30.03],
          [120.02, 30.03],
          [120.02, 30.01],
          [120.01, 30.01],
          [120.01, 30.03],
          [120, 30.03],
          [120, 30],
        ],
      ],
    };
    expect(booleanPointInPolygon(centroid(u), u)).toBe(false);
    const p = interiorPoint(u)!;
    expect(booleanPointInPolygon(p, u, { ignoreBoundary: true })).toBe(true);
    expect(boundaryDistance(u, p)).toBeGreaterThan(100);
  });

  it('picks the largest part of a MultiPolygon and avoids its hole', () => {
    const square = (x: number, y: number, s: number): number[][] => [
      [x, y],
      [x + s, y],
      [x + s, y + s],
      [x, y + s],
      [x, y],
    ];
    const big = [square(120, 30, 0.04), square(120.005, 30.005, 0.03).reverse()];
    const multi: GridGeometry = { type: 'MultiPolygon', coordinates: [[square(121, 31, 0.01)], big] };
    const p = interiorPoint(multi)!;
    expect(booleanPointInPolygon(p, { type: 'Polygon', coordinates: big }, { ignoreBoundary: true })).toBe(true);
    expect(p[0]).toBeLessThan(120.05);
  });

  it('lies inside every non-convex generated polygon, away from its boundary', () => {
    const grid = syntheticGrid({
      seed: 5,
      counties: ['410325000000'],
      origin: [112, 34],
      cell: 0.01,
      cols: 12,
      rows: 10,
      village: [3, 2],
      township: [2, 2],
      segments: 10,
    });
    for (const f of grid.features) {
      const p = interiorPoint(f.geometry)!;
      expect(booleanPointInPolygon(p, f.geometry, { ignoreBoundary: true }), f.properties.code).toBe(true);
      expect(boundaryDistance(f.geometry, p)).toBeGreaterThan(10);
    }
  });

  it('returns null without area', () => {
    expect(interiorPoint({ type: 'Polygon', coordinates: [[[120, 30], [120.01, 30], [120, 30]]] })).toBeNull();
    expect(interiorPoint({ type: 'MultiPolygon', coordinates: [] })).toBeNull();
  });
});
