import { booleanPointInPolygon } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import type { GridCollection, GridFeature, GridGeometry } from '../../../shared/domain/grid.ts';
import { labelPoint, labelPoints } from './label-points.ts';
import { withTints } from './tints.ts';

function cell(code: string, geometry: GridGeometry): GridFeature {
  return {
    type: 'Feature',
    geometry,
    properties: { level: 'village', code, name: `${code}村民委员会`, shortName: `${code}村`, parentCode: 'p', countyCode: '410923000000', synthetic: true },
  };
}

const square = (x: number, y: number, size = 1): GridGeometry => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

describe('grid label points', () => {
  it('puts the label inside a concave cell whose centre of mass falls outside it', () => {
    // A "U": the centre of mass sits in the notch.
    const u = cell('u', {
      type: 'Polygon',
      coordinates: [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]],
    });
    const point = labelPoint(u);
    expect(point).not.toBeNull();
    expect(booleanPointInPolygon(point as number[], u)).toBe(true);
  });

  it('labels a multipolygon once, in its largest part, and ranks big cells first', () => {
    const multi = cell('m', { type: 'MultiPolygon', coordinates: [square(10, 10, 0.1).coordinates as number[][][], square(0, 0, 2).coordinates as number[][][]] });
    const small = cell('s', square(5, 5, 0.5));
    const labels = labelPoints({ type: 'FeatureCollection', features: [multi, small] });
    expect(labels.features).toHaveLength(2);
    const [first, second] = labels.features;
    expect(first?.geometry.coordinates[0]).toBeLessThan(2);
    expect(first?.properties.shortName).toBe('m村');
    expect(first?.properties.sortKey).toBeLessThan(second?.properties.sortKey ?? 0);
  });
});

describe('grid tints', () => {
  it('gives neighbours sharing a boundary different tints', () => {
    // A 3×3 block of unit squares: every cell touches its 8 surroundings at shared vertices.
    const features: GridFeature[] = [];
    for (let x = 0; x < 3; x += 1) for (let y = 0; y < 3; y += 1) features.push(cell(`${x}${y}`, square(x, y)));
    const tinted = withTints({ type: 'FeatureCollection', features } satisfies GridCollection);
    const tintAt = (x: number, y: number) => tinted.features.find((f) => f.properties.code === `${x}${y}`)?.properties.tint;
    for (let x = 0; x < 3; x += 1) {
      for (let y = 0; y < 3; y += 1) {
        if (x < 2) expect(tintAt(x, y)).not.toBe(tintAt(x + 1, y));
        if (y < 2) expect(tintAt(x, y)).not.toBe(tintAt(x, y + 1));
      }
    }
  });
});
