/** A seeded PRNG: the build must be reproducible, so Math.random is never used. */
export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for placing synthetic seeds. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * FNV-1a hash of a string, used to derive one independent stream per unit (e.g. per
 * township code), so changing one unit's data does not reshuffle all the others.
 */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stream seeded from a label, e.g. rngFor('410923', 'villages', '410923100000'). */
export function rngFor(...labels: string[]): Rng {
  return mulberry32(hashSeed(labels.join('/')));
}

/** Integer in [lo, hi], both inclusive. */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}
