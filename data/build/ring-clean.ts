/** Ring clean-up after rounding and snapping: rounding can make points coincide or fold back. */
import { ringArea2, type MPoly, type Pt, type Ring } from './int-geometry.ts';

function same(a: Pt, b: Pt): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** True if b is a zero-width fold: a, b, c collinear and the path turns back at b. */
function isFoldBack(a: Pt, b: Pt, c: Pt): boolean {
  const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  if (cross !== 0) return false;
  const dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1]);
  return dot < 0;
}

/**
 * Removes repeated consecutive points and zero-width spikes (a→b→a or a→b→c folding
 * back on a line), cyclically, until none is left. Collinear vertices that go on
 * straight are kept: they are shared with neighbours.
 */
export function cleanRing(input: Ring): Ring {
  let ring = input.slice();
  let changed = true;
  while (changed && ring.length >= 3) {
    changed = false;
    const out: Ring = [];
    for (const p of ring) {
      const last = out[out.length - 1];
      if (last && same(last, p)) {
        changed = true;
        continue;
      }
      out.push(p);
    }
    while (out.length > 1 && same(out[0] as Pt, out[out.length - 1] as Pt)) {
      out.pop();
      changed = true;
    }
    ring = out;
    for (let i = 0; i < ring.length && ring.length >= 3; i++) {
      const a = ring[(i - 1 + ring.length) % ring.length] as Pt;
      const b = ring[i] as Pt;
      const c = ring[(i + 1) % ring.length] as Pt;
      if (same(a, c) || isFoldBack(a, b, c)) {
        ring.splice(i, 1);
        changed = true;
        i = Math.max(-1, i - 2);
      }
    }
  }
  return ring.length >= 3 ? ring : [];
}

/**
 * Cleans every ring, drops collapsed ones (and polygons whose exterior collapsed),
 * and enforces RFC 7946 winding: exterior counter-clockwise, holes clockwise.
 */
export function cleanMPoly(mp: MPoly): MPoly {
  const out: MPoly = [];
  for (const poly of mp) {
    const rings: Ring[] = [];
    for (let r = 0; r < poly.length; r++) {
      const ring = cleanRing(poly[r] as Ring);
      const a2 = ring.length >= 3 ? ringArea2(ring) : 0;
      if (a2 === 0) {
        if (r === 0) break;
        continue;
      }
      const wantCcw = r === 0;
      rings.push(a2 > 0 === wantCcw ? ring : ring.slice().reverse());
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}
