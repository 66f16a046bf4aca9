import { describe, expect, it } from 'vitest';
import { LEVEL_ZOOM, MAP_LEVELS, levelForZoom } from './levels.ts';

describe('zoom → grid level', () => {
  it('shows townships at county zoom, villages in the middle, groups close up', () => {
    expect(levelForZoom(9)).toBe('township');
    expect(levelForZoom(10.5)).toBe('township');
    expect(levelForZoom(12)).toBe('village');
    expect(levelForZoom(14.5)).toBe('group');
    expect(levelForZoom(22)).toBe('group');
  });

  it('has contiguous, non-overlapping bands covering 0–24, coarse to fine', () => {
    let expectedMin = 0;
    for (const level of MAP_LEVELS) {
      const band = LEVEL_ZOOM[level];
      expect(band.min).toBe(expectedMin);
      expect(band.max).toBeGreaterThan(band.min);
      expectedMin = band.max;
    }
    expect(expectedMin).toBe(24);
  });

  it('agrees with the bands at every step, edges included', () => {
    for (let zoom = 0; zoom < 24; zoom += 0.25) {
      const level = levelForZoom(zoom);
      expect(zoom).toBeGreaterThanOrEqual(LEVEL_ZOOM[level].min);
      expect(zoom).toBeLessThan(LEVEL_ZOOM[level].max);
    }
  });
});
