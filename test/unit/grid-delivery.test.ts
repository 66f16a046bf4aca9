import { booleanValid } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import { GRID_LEVELS } from '../../shared/domain/grid.ts';
import { MAP_PRECISION, mapLevelCollection } from '../../shared/domain/grid-delivery.ts';
import { countyGrid } from '../helpers/grid-data.ts';

const COUNTIES = ['410923', '371521', '330822', '350521', '410325'];
const VALIDATED = ['330822', '410325'];

/** Undirected edge keys of a collection's rings, with how many rings use each. */
function edgeUse(features: { geometry: { type: string; coordinates: unknown } }[]): Map<string, number> {
  const use = new Map<string, number>();
  for (const f of features) {
    const polygons = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates) as number[][][][];
    for (const ring of polygons.flat()) {
      for (let i = 1; i < ring.length; i++) {
        const a = ring[i - 1]!.join(',');
        const b = ring[i]!.join(',');
        const key = a < b ? `${a}|${b}` : `${b}|${a}`;
        use.set(key, (use.get(key) ?? 0) + 1);
      }
    }
  }
  return use;
}

describe('grid levels at map precision', () => {
  it('rounds every coordinate to its level\'s decimals, keeps every polygon valid, and keeps shared edges shared', () => {
    for (const county of COUNTIES) {
      const features = countyGrid(county).features;
      for (const level of GRID_LEVELS) {
        const exact = features.filter((f) => f.properties.level === level);
        const rounded = mapLevelCollection(features, level);
        expect(rounded.features.map((f) => f.properties)).toEqual(exact.map((f) => f.properties));
        const factor = 10 ** MAP_PRECISION[level];
        for (const f of rounded.features) {
          // turf's validity check is slow: every polygon of two counties, the others' coarse levels.
          if (VALIDATED.includes(county) || level !== 'group') expect(booleanValid(f), `${county} ${level} ${f.properties.code}`).toBe(true);
          const positions = (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat(2);
          for (const [x, y] of positions) {
            expect(Math.abs(Math.round(x! * factor) - x! * factor)).toBeLessThan(1e-6);
            expect(Math.abs(Math.round(y! * factor) - y! * factor)).toBeLessThan(1e-6);
          }
        }
        // An edge two cells share before rounding is shared after it (no slivers or gaps open up).
        const sharedBefore = [...edgeUse(exact).values()].filter((n) => n === 2).length;
        const after = edgeUse(rounded.features);
        const sharedAfter = [...after.values()].filter((n) => n === 2).length;
        expect(sharedAfter, `${county} ${level}`).toBeGreaterThanOrEqual(Math.floor(sharedBefore * 0.97));
        expect([...after.values()].every((n) => n <= 2), `${county} ${level}: an edge in more than two rings`).toBe(true);
      }
    }
  });
});
