import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { checkGrid, type GridCheckResult } from './check-grid.ts';
import type { GridProblemCode } from './grid-problems.ts';

const C = '410923000000';
const box = (w: number, s: number, e: number, n: number): Position[][] => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const f = (level: string, code: string, parentCode: string, coordinates: Position[][], extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  properties: { level, code, name: `名${code.slice(-3)}`, parentCode, ...extra },
  geometry: { type: 'Polygon', coordinates },
});

/** A 0.02° × 0.01° county: two townships, one village each, two groups per village. */
function grid() {
  return [
    f('county', C, '410900000000', box(115, 36, 115.02, 36.01)),
    f('township', '410923100000', C, box(115, 36, 115.01, 36.01)),
    f('township', '410923101000', C, box(115.01, 36, 115.02, 36.01)),
    f('village', '410923100201', '410923100000', box(115, 36, 115.01, 36.01)),
    f('village', '410923101201', '410923101000', box(115.01, 36, 115.02, 36.01)),
    f('group', '410923100201001', '410923100201', box(115, 36, 115.005, 36.01)),
    f('group', '410923100201002', '410923100201', box(115.005, 36, 115.01, 36.01)),
    f('group', '410923101201001', '410923101201', box(115.01, 36, 115.015, 36.01)),
    f('group', '410923101201002', '410923101201', box(115.015, 36, 115.02, 36.01)),
  ];
}

function run(features: unknown[]): GridCheckResult {
  const gen = checkGrid({ type: 'FeatureCollection', features }, C);
  let r = gen.next();
  while (!r.done) r = gen.next();
  return r.value;
}

function only(result: GridCheckResult, code: GridProblemCode) {
  const found = result.problems.filter((p) => p.code === code);
  expect(found.length, JSON.stringify(result.problems.map((p) => p.code))).toBeGreaterThan(0);
  return found;
}

describe('checkGrid', () => {
  it('accepts a clean nested grid, rewinds clockwise rings and defaults the optional fields', () => {
    const features = grid();
    (features[5]!.geometry.coordinates[0] as Position[]).reverse(); // clockwise, as Shapefiles store it
    const result = run(features);
    expect(result.problems).toEqual([]);
    expect(result.counts).toEqual({ county: 1, township: 2, village: 2, group: 4 });
    const g = result.collection!.features[5]!;
    expect(g.properties).toEqual({ level: 'group', code: '410923100201001', name: '名001', shortName: '名001', parentCode: '410923100201', countyCode: C, synthetic: false });
    expect((g.geometry.coordinates[0] as Position[])[1]).toEqual([115.005, 36]); // counter-clockwise again
  });

  it('finds overlapping siblings and says where', () => {
    const features = grid();
    features[5] = f('group', '410923100201001', '410923100201', box(115, 36, 115.006, 36.01));
    const result = run(features);
    const [overlap] = only(result, 'OVERLAP');
    expect(overlap!.codes).toEqual(['410923100201001', '410923100201002']);
    expect(overlap!.location![0]).toBeGreaterThan(115.005);
    expect(overlap!.location![0]).toBeLessThan(115.006);
    expect(overlap!.geometry?.type).toBe('Polygon');
    expect(result.collection).toBeNull();
  });

  it('finds gaps between siblings and children outside their parent', () => {
    const gap = grid();
    gap[5] = f('group', '410923100201001', '410923100201', box(115, 36, 115.004, 36.01));
    const [g] = only(run(gap), 'GAP');
    expect(g!.codes).toEqual(['410923100201']);
    expect(g!.location![0]).toBeGreaterThan(115.004);
    expect(g!.location![0]).toBeLessThan(115.005);
    const outside = grid();
    outside[8] = f('group', '410923101201002', '410923101201', box(115.015, 36, 115.021, 36.01));
    const problems = run(outside).problems;
    const out = problems.find((p) => p.code === 'OUTSIDE_PARENT' && p.codes?.[1] === '410923101201')!;
    expect(out.codes).toEqual(['410923101201002', '410923101201']);
    expect(out.location![0]).toBeGreaterThan(115.02);
  });

  it('reports broken rings and self-intersections with their place, and skips them in topology', () => {
    const features = grid();
    features[6] = f('group', '410923100201002', '410923100201', [[[115.005, 36], [115.01, 36.01], [115.01, 36], [115.005, 36.008], [115.005, 36]]]);
    features[7] = f('group', '410923101201001', '410923101201', [[[115.01, 36], [115.015, 36], [115.015, 36.01]]]);
    const result = run(features);
    const [bow] = only(result, 'SELF_INTERSECTION');
    expect(bow!.codes).toEqual(['410923100201002']);
    expect(bow!.location![0]).toBeCloseTo(115.005 + 0.005 * (4 / 9), 9);
    expect(bow!.location![1]).toBeCloseTo(36 + 0.01 * (4 / 9), 9);
    expect(only(result, 'INVALID_RING')[0]!.feature).toBe(7);
  });

  it('reports missing, malformed and duplicate codes, unknown parents and foreign features', () => {
    const features = grid();
    features.push(f('group', '410923100201001', '410923100201', box(115, 36, 115.001, 36.001)));
    features.push({ ...f('group', '', '410923100201', box(115, 36, 115.001, 36.001)) });
    features.push(f('group', '410923100299001', '410923100299', box(115, 36, 115.001, 36.001)));
    features.push(f('village', '12345', '410923100000', box(115, 36, 115.001, 36.001)));
    features.push(f('township', '371521100000', C, box(115, 36, 115.001, 36.001)));
    features.push(f('hamlet', '410923100202', '410923100000', box(115, 36, 115.001, 36.001)));
    const result = run(features);
    expect(only(result, 'DUPLICATE_CODE')[0]!.message).toMatch(/第 6 个与第 10 个/);
    expect(only(result, 'MISSING_CODE')[0]!.feature).toBe(10);
    expect(only(result, 'UNKNOWN_PARENT')[0]!.codes).toEqual(['410923100299001', '410923100299']);
    expect(only(result, 'BAD_CODE')[0]!.codes).toEqual(['12345']);
    expect(only(result, 'WRONG_COUNTY')[0]!.codes).toEqual(['371521100000']);
    expect(only(result, 'BAD_LEVEL')[0]!.feature).toBe(14);
    for (const p of result.problems) if (p.feature !== undefined && p.code !== 'MISSING_CODE') expect(p.location, p.code).toBeDefined();
  });

  it('needs the county feature and children under every cell', () => {
    const result = run(grid().filter((g) => g.properties.level !== 'county' && g.properties.code !== '410923101201001' && g.properties.code !== '410923101201002'));
    only(result, 'MISSING_COUNTY');
    expect(only(result, 'NO_CHILDREN')[0]!.codes).toEqual(['410923101201']);
    expect(run([{ type: 'Feature' }]).collection).toBeNull();
    expect(run([]).problems.map((p) => p.code)).toContain('MISSING_COUNTY');
  });
});
