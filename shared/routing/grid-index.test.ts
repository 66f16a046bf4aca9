import { booleanPointInPolygon, destination, lineString, pointToLineDistance } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { seededRandom, syntheticGrid } from '../../test/bench/synthetic-grid.ts';
import type { GridFeature, GridGeometry } from '../domain/grid.ts';
import { GridIndex } from './grid-index.ts';

// Two counties side by side, nested group → village → township → county, wiggled shared edges.
const grid = syntheticGrid({
  seed: 42,
  counties: ['330822000000', '350521000000'],
  origin: [118.5, 28.9],
  cell: 0.01,
  cols: 24,
  rows: 18,
  village: [3, 2],
  township: [4, 3],
  segments: 3,
});
const index = GridIndex.build(grid.features);
const byCode = new Map(grid.features.map((f) => [f.properties.code, f]));
const [west, south, east, north] = grid.bbox;

/** Distance in metres from a point to the nearest ring of a geometry, geodesic (turf). */
function turfDistanceToBoundary(geometry: GridGeometry, point: [number, number]): number {
  const rings = geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates.flat();
  return Math.min(...rings.map((ring) => pointToLineDistance(point, lineString(ring), { units: 'meters' })));
}

describe('GridIndex.locate', () => {
  it('routes an interior point of every group to its own chain', () => {
    expect(index.groupCount).toBe(grid.groups.length);
    grid.groups.forEach((group, g) => {
      const chain = index.locate(grid.interior[2 * g]!, grid.interior[2 * g + 1]!);
      const village = byCode.get(group.properties.parentCode)!;
      const township = byCode.get(village.properties.parentCode)!;
      const county = byCode.get(township.properties.parentCode)!;
      expect(chain).toEqual({
        group: { code: group.properties.code, name: group.properties.shortName },
        village: { code: village.properties.code, name: village.properties.shortName },
        township: { code: township.properties.code, name: township.properties.shortName },
        county: { code: county.properties.code, name: county.properties.shortName },
      });
      expect(index.locateGroupIndex(grid.interior[2 * g]!, grid.interior[2 * g + 1]!)).toBe(g);
    });
  });

  it('agrees with turf on random points, and answers null outside every group', () => {
    const random = seededRandom(3);
    let outside = 0;
    for (let k = 0; k < 3000; k++) {
      // 10 % margin around the bbox, so some points fall outside.
      const x = west - 0.1 * (east - west) + 1.2 * (east - west) * random();
      const y = south - 0.1 * (north - south) + 1.2 * (north - south) * random();
      const containing = grid.groups.flatMap((f, g) => (booleanPointInPolygon([x, y], f.geometry) ? [g] : []));
      expect(containing.length).toBeLessThanOrEqual(1);
      expect(index.locateGroupIndex(x, y)).toBe(containing[0] ?? -1);
      if (containing.length === 0) {
        expect(index.locate(x, y)).toBeNull();
        outside++;
      }
    }
    expect(outside).toBeGreaterThan(300);
    expect(index.locate(NaN, 29)).toBeNull();
    expect(index.locate(0, 0)).toBeNull();
  });

  it('returns equal frozen chains every time, sharing the township and county PlaceRefs', () => {
    const [x, y] = [grid.interior[0]!, grid.interior[1]!];
    const chain = index.locate(x, y);
    const again = index.locate(x, y);
    expect(again).toEqual(chain);
    expect(again?.township).toBe(chain?.township);
    expect(again?.county).toBe(chain?.county);
    for (const part of [chain, chain?.county, chain?.township, chain?.village, chain?.group]) expect(Object.isFrozen(part)).toBe(true);
    const group = grid.groups[0]!.properties;
    expect(index.locate(x, y)?.group).toEqual({ code: group.code, name: group.shortName });
  });

  it('keeps counties apart: groups on both sides of the county border route to their own county', () => {
    const counties = new Set(grid.groups.map((_, g) => index.locate(grid.interior[2 * g]!, grid.interior[2 * g + 1]!)?.county.code));
    expect(counties).toEqual(new Set(['330822000000', '350521000000']));
  });
});

describe('GridIndex.nearest', () => {
  // A point on the straight west outline, at the latitude of the first group's interior point.
  const lat = grid.interior[1]!;
  const westGroup = index.locate(west + 1e-9, lat)!;

  it('snaps a point 20 m outside the outline to the group there, at ≈ 20 m', () => {
    const [x, y] = destination([west, lat], 20, 270, { units: 'meters' }).geometry.coordinates as [number, number];
    expect(index.locate(x, y)).toBeNull();
    const near = index.nearest(x, y, 50);
    expect(near?.chain).toEqual(westGroup);
    expect(near?.distanceMeters).toBeCloseTo(20, 1);
  });

  it('gives up beyond the tolerance: 200 m outside with 50 m tolerance is null', () => {
    const [x, y] = destination([west, lat], 200, 270, { units: 'meters' }).geometry.coordinates as [number, number];
    expect(index.nearest(x, y, 50)).toBeNull();
    const far = index.nearest(x, y, 250);
    expect(far?.chain).toEqual(westGroup);
    expect(far?.distanceMeters).toBeGreaterThan(199);
    expect(far?.distanceMeters).toBeLessThan(201);
  });

  it('answers a point inside a group with that group at distance 0', () => {
    expect(index.nearest(grid.interior[0]!, grid.interior[1]!, 10)).toEqual({ chain: index.locate(grid.interior[0]!, grid.interior[1]!), distanceMeters: 0 });
  });

  it('finds the closest group from inside a gap, matching a brute-force geodesic search', () => {
    // Leave one group out: its area becomes a gap surrounded by its neighbours.
    const missing = 5 * 24 + 7;
    const holed = GridIndex.build(grid.features.filter((f) => f !== grid.groups[missing]));
    const random = seededRandom(9);
    const gap = grid.groups[missing]!.geometry;
    let checked = 0;
    for (let k = 0; k < 200; k++) {
      const x = grid.interior[2 * missing]! + (random() - 0.5) * 0.008;
      const y = grid.interior[2 * missing + 1]! + (random() - 0.5) * 0.008;
      if (!booleanPointInPolygon([x, y], gap, { ignoreBoundary: true })) continue;
      expect(holed.locate(x, y)).toBeNull();
      const near = holed.nearest(x, y, 5000);
      // Groups beyond three lattice cells cannot be closer than the gap's own neighbours.
      const distances = grid.groups.map((f, g) =>
        g === missing || Math.abs(grid.interior[2 * g]! - x) > 0.03 || Math.abs(grid.interior[2 * g + 1]! - y) > 0.03
          ? Infinity
          : turfDistanceToBoundary(f.geometry, [x, y]),
      );
      const best = Math.min(...distances);
      expect(near).not.toBeNull();
      expect(Math.abs(near!.distanceMeters - best)).toBeLessThanOrEqual(0.005 * best + 0.05);
      // The chosen group is (within the approximation) as close as the best one.
      const chosen = grid.groups.findIndex((f) => f.properties.code === near!.chain.group.code);
      expect(distances[chosen]!).toBeLessThanOrEqual(best * 1.005 + 0.05);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('GridIndex.distanceToTownshipBoundary', () => {
  const townships = grid.features.filter((f) => f.properties.level === 'township');

  it('matches a geodesic point-to-boundary distance within 0.5 %', () => {
    const random = seededRandom(4);
    for (let k = 0; k < 300; k++) {
      const x = west + (east - west) * random();
      const y = south + (north - south) * random();
      const chain = index.locate(x, y)!;
      const township = byCode.get(chain.township.code)!;
      const expected = turfDistanceToBoundary(township.geometry, [x, y]);
      const actual = index.distanceToTownshipBoundary(x, y, chain.township.code);
      expect(Math.abs(actual - expected)).toBeLessThanOrEqual(0.005 * expected + 0.05);
    }
  });

  it('is 0 on the boundary and grows away from it; unknown townships throw', () => {
    const township = townships[3]!;
    const ring = (township.geometry.type === 'Polygon' ? township.geometry.coordinates[0] : [])!;
    const [vx, vy] = ring[5] as [number, number];
    expect(index.distanceToTownshipBoundary(vx, vy, township.properties.code)).toBe(0);
    // A point 20 m west of the county's straight west outline is 20 m from its township's boundary.
    const lat = grid.interior[1]!;
    const chain = index.locate(west + 1e-9, lat)!;
    const [x, y] = destination([west, lat], 20, 270, { units: 'meters' }).geometry.coordinates as [number, number];
    expect(index.distanceToTownshipBoundary(x, y, chain.township.code)).toBeCloseTo(20, 1);
    expect(() => index.distanceToTownshipBoundary(x, y, '999999999999')).toThrow(RangeError);
  });
});

describe('GridIndex.build', () => {
  const group = grid.groups[0]!;

  it('rejects a group whose village is missing', () => {
    const orphan: GridFeature = { ...group, properties: { ...group.properties, code: '330822999001001', parentCode: '330822999001' } };
    expect(() => GridIndex.build([...grid.features, orphan])).toThrow(/has no village 330822999001/);
  });

  it('rejects a group whose village is missing when it comes first in the input', () => {
    const orphan: GridFeature = { ...group, properties: { ...group.properties, code: '330822999001001', parentCode: '330822999001' } };
    expect(() => GridIndex.build([orphan, ...grid.features])).toThrow(/group 330822999001001 has no village 330822999001/);
  });

  it('links groups listed before their villages, townships and counties (any input order)', () => {
    // Levels from the bottom up: every group precedes its village; group indices follow the input.
    const reversed = [...grid.features].reverse();
    const upsideDown = GridIndex.build(reversed);
    const groups = reversed.filter((f) => f.properties.level === 'group');
    expect(upsideDown.groupCount).toBe(groups.length);
    for (let g = 0; g < grid.groups.length; g++) {
      const [x, y] = [grid.interior[2 * g]!, grid.interior[2 * g + 1]!];
      expect(upsideDown.locate(x, y)).toEqual(index.locate(x, y));
      expect(groups[upsideDown.locateGroupIndex(x, y)]).toBe(grid.groups[g]);
    }
  });

  it('rejects duplicate codes above the group level', () => {
    const village = grid.features.find((f) => f.properties.level === 'village')!;
    expect(() => GridIndex.build([...grid.features, village])).toThrow(/duplicate village code/);
  });

  it('indexes an empty grid', () => {
    const empty = GridIndex.build([]);
    expect(empty.groupCount).toBe(0);
    expect(empty.locate(118.6, 29)).toBeNull();
    expect(empty.nearest(118.6, 29, 100)).toBeNull();
  });
});
