import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/bench/synthetic-grid.ts';
import { isStrictlyLeft, orientSignExact } from './orient.ts';

describe('orientation predicate', () => {
  // Kettner et al., "Classroom examples of robustness problems": points within a few ulps of the
  // line y = x, where a plain float determinant returns wrong and inconsistent signs.
  const u = 2 ** -53;
  const near = (i: number, j: number): [number, number] => [0.5 + i * u, 0.5 + j * u];

  it('is exact next to a line, where the float determinant fails', () => {
    let naiveWrong = 0;
    for (let i = 0; i < 64; i++) {
      for (let j = 0; j < 64; j++) {
        const [px, py] = near(i, j);
        // p is left of (12,12)→(24,24) exactly when it lies above the diagonal.
        expect(orientSignExact(12, 12, 24, 24, px, py)).toBe(Math.sign(j - i));
        expect(isStrictlyLeft(12, 12, 24, 24, px, py)).toBe(j > i);
        const naive = (12 - px) * (24 - py) - (12 - py) * (24 - px);
        if (naive > 0 !== j > i) naiveWrong++;
      }
    }
    // The data really is hard: the naive formula gets many of these wrong.
    expect(naiveWrong).toBeGreaterThan(100);
  });

  it('agrees with the exact sign on random and on collinear points', () => {
    const random = seededRandom(7);
    for (let k = 0; k < 5000; k++) {
      const ax = 115 + random();
      const ay = 36 + random();
      const bx = 115 + random();
      const by = 36 + random();
      const t = random();
      // Every third point is the rounded lerp: on or within an ulp of the line.
      const onLine = k % 3 === 0;
      const cx = onLine ? ax + t * (bx - ax) : 115 + random();
      const cy = onLine ? ay + t * (by - ay) : 36 + random();
      expect(isStrictlyLeft(ax, ay, bx, by, cx, cy)).toBe(orientSignExact(ax, ay, bx, by, cx, cy) > 0);
    }
  });

  it('handles exact zeros, signs and subnormal coordinates', () => {
    expect(orientSignExact(0, 0, 3, 3, 1, 1)).toBe(0);
    expect(orientSignExact(0, 0, 1, 0, 0.5, 5e-324)).toBe(1);
    expect(orientSignExact(0, 0, 1, 0, 0.5, -5e-324)).toBe(-1);
    expect(orientSignExact(-120.5, -30.25, -119.5, -30.25, -120, -30.25)).toBe(0);
    expect(isStrictlyLeft(0, 0, 0, 1, -1e-300, 0.5)).toBe(true);
    expect(isStrictlyLeft(0, 0, 0, 1, 0, 0.5)).toBe(false);
    expect(() => orientSignExact(0, 0, 1, 1, NaN, 0)).toThrow(RangeError);
  });
});
