/**
 * Seed placement for the Voronoi tilings: best-candidate sampling gives well spread
 * points, then a couple of Lloyd steps (estimated on random sample points instead of
 * exact clipped cells, which is cheap and good enough) even out the cell sizes so
 * that cells are not slivers.
 */
import { mpolyBBox, pointInMPoly, type MPoly } from './int-geometry.ts';
import type { Rng } from './prng.ts';

/** A seed position in grid units (not rounded: seeds are never output). */
export type Seed = [number, number];

/** Uniform random points inside mp, by rejection from its bounding box. */
export function samplePointsIn(mp: MPoly, count: number, rng: Rng): Seed[] {
  const [w, s, e, n] = mpolyBBox(mp);
  const out: Seed[] = [];
  let tries = 0;
  while (out.length < count) {
    if (++tries > count * 2000 + 10000) throw new Error('samplePointsIn: polygon too thin for rejection sampling');
    const x = w + rng() * (e - w);
    const y = s + rng() * (n - s);
    if (pointInMPoly(x, y, mp)) out.push([x, y]);
  }
  return out;
}

/** Squared distance with longitude shrunk by kx = cos(latitude), so cells are round on the ground. */
function dist2(a: Seed, b: Seed, kx: number): number {
  const dx = (a[0] - b[0]) * kx;
  const dy = a[1] - b[1];
  return dx * dx + dy * dy;
}

/** Adds `count` new seeds inside mp, each the best of a few candidates (farthest from all seeds so far). */
export function bestCandidateSeeds(mp: MPoly, existing: Seed[], count: number, rng: Rng, kx: number, candidates = 12): Seed[] {
  const all = [...existing];
  const added: Seed[] = [];
  for (let i = 0; i < count; i++) {
    let best: Seed | null = null;
    let bestD = -1;
    for (const c of samplePointsIn(mp, all.length === 0 ? 1 : candidates, rng)) {
      let d = Infinity;
      for (const p of all) d = Math.min(d, dist2(c, p, kx));
      if (d > bestD) {
        bestD = d;
        best = c;
      }
    }
    if (!best) throw new Error('bestCandidateSeeds: no candidate');
    all.push(best);
    added.push(best);
  }
  return added;
}

/**
 * Sample-based Lloyd relaxation: each movable seed moves to the mean of the sample
 * points nearest to it (its cell's centroid, estimated). If the mean falls outside a
 * concave parent, the seed takes the nearest sample of its own cell instead.
 */
export function relaxSeeds(mp: MPoly, seeds: Seed[], movable: boolean[], rng: Rng, kx: number, iterations = 2): Seed[] {
  const samples = samplePointsIn(mp, Math.max(300, seeds.length * 40), rng);
  let current = seeds.map((s) => [s[0], s[1]] as Seed);
  for (let it = 0; it < iterations; it++) {
    const sums = current.map(() => ({ x: 0, y: 0, n: 0, members: [] as Seed[] }));
    for (const p of samples) {
      let bi = 0;
      let bd = Infinity;
      for (let i = 0; i < current.length; i++) {
        const d = dist2(p, current[i] as Seed, kx);
        if (d < bd) {
          bd = d;
          bi = i;
        }
      }
      const acc = sums[bi];
      if (!acc) continue;
      acc.x += p[0];
      acc.y += p[1];
      acc.n += 1;
      acc.members.push(p);
    }
    current = current.map((seed, i) => {
      const acc = sums[i];
      if (!movable[i] || !acc || acc.n === 0) return seed;
      const mean: Seed = [acc.x / acc.n, acc.y / acc.n];
      if (pointInMPoly(mean[0], mean[1], mp)) return mean;
      let best = seed;
      let bd = Infinity;
      for (const m of acc.members) {
        const d = dist2(m, mean, kx);
        if (d < bd) {
          bd = d;
          best = m;
        }
      }
      return best;
    });
  }
  return current;
}
