import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import type { GridGeometry } from '../domain/grid.ts';
import { flattenPolygons } from './flat-polygons.ts';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('flattenPolygons', () => {
  it('lays out parts as [end, owner] headers, open outer rings and holes bridged to the outer ring', () => {
    const geometries: GridGeometry[] = [
      { type: 'Polygon', coordinates: [square(0, 0, 4, 4), square(1, 1, 2, 2)] },
      {
        type: 'MultiPolygon',
        coordinates: [[square(5, 0, 6, 1)], [[[7, 0], [8, 0]]], [square(9, 0, 10, 1)]], // a degenerate part in between
      },
    ];
    const flat = flattenPolygons(geometries);
    expect([...flat.geometryPartStart]).toEqual([0, 1, 3]);
    expect([...flat.partRingStart]).toEqual([0, 2, 3, 4]);
    const part = (p: number): number[] => [...flat.coords.subarray(flat.partStart[p]! + 2, flat.coords[flat.partStart[p]!]!)];
    // Outer ring open; the hole, its first vertex again, then the outer ring's last vertex.
    expect(part(0)).toEqual([0, 0, 4, 0, 4, 4, 0, 4, 1, 1, 2, 1, 2, 2, 1, 2, 1, 1, 0, 4]);
    expect(part(1)).toEqual([5, 0, 6, 0, 6, 1, 5, 1]);
    expect(part(2)).toEqual([9, 0, 10, 0, 10, 1, 9, 1]);
    expect([0, 1, 2].map((p) => flat.coords[flat.partStart[p]! + 1])).toEqual([0, 1, 1]);
    const ring = (r: number): number[] => [...flat.coords.subarray(flat.ringStart[r]!, flat.ringEnd[r]!)];
    expect(ring(1)).toEqual([1, 1, 2, 1, 2, 2, 1, 2]);
    expect(flat.partStart[3]).toBe(flat.coords.length);
  });

  it('accepts rings given without the closing position', () => {
    const flat = flattenPolygons([{ type: 'Polygon', coordinates: [square(0, 0, 1, 1).slice(0, 4)] }]);
    expect([...flat.coords.subarray(2)]).toEqual([0, 0, 1, 0, 1, 1, 0, 1]);
  });

  it.each([
    ['NaN', [NaN, 1]],
    ['Infinity', [0, Infinity]],
    ['a string', ['1', 1]],
    ['a missing y', [1]],
    ['a null', null],
  ])('rejects a position with %s', (_, bad) => {
    const ring = square(0, 0, 1, 1);
    ring[2] = bad as Position;
    expect(() => flattenPolygons([{ type: 'Polygon', coordinates: [ring] }])).toThrow(/invalid position/);
  });

  it('rejects a missing position', () => {
    const ring = square(0, 0, 1, 1);
    delete ring[1];
    expect(() => flattenPolygons([{ type: 'Polygon', coordinates: [ring] }])).toThrow(/invalid position/);
  });
});
