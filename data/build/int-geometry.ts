/**
 * Planar helpers on an integer grid. All synthesis works in integer units of
 * 1e-6 degree (about 0.1 m) so that "the same vertex" means bit-identical numbers
 * and equality/hashing is exact. Rings are kept open (no repeated closing point)
 * until serialization.
 */

/** Grid units per degree: coordinates are rounded to 1e-6°. */
export const UNITS_PER_DEGREE = 1e6;

export type Pt = [number, number];
export type Ring = Pt[];
export type Poly = Ring[];
export type MPoly = Poly[];
export type BBox = [number, number, number, number];

export function toUnits(lon: number, lat: number): Pt {
  return [Math.round(lon * UNITS_PER_DEGREE), Math.round(lat * UNITS_PER_DEGREE)];
}

/** Exact for integer inputs: division by a power of ten gives the double nearest the decimal. */
export function toDegrees(p: Pt): [number, number] {
  return [p[0] / UNITS_PER_DEGREE, p[1] / UNITS_PER_DEGREE];
}

export function ptKey(p: Pt): string {
  return `${p[0]},${p[1]}`;
}

/** Twice the signed area (shoelace); positive for counter-clockwise rings. */
export function ringArea2(ring: Ring): number {
  let sum = 0;
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Pt;
    const b = ring[(i + 1) % n] as Pt;
    // Relative to the first vertex, keeps the products small and exact.
    const a0 = ring[0] as Pt;
    sum += (a[0] - a0[0]) * (b[1] - a0[1]) - (b[0] - a0[0]) * (a[1] - a0[1]);
  }
  return sum;
}

export function pointInRing(x: number, y: number, ring: Ring): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i] as Pt;
    const [xj, yj] = ring[j] as Pt;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInMPoly(x: number, y: number, mp: MPoly): boolean {
  for (const poly of mp) {
    const [outer, ...holes] = poly;
    if (!outer || !pointInRing(x, y, outer)) continue;
    if (!holes.some((h) => pointInRing(x, y, h))) return true;
  }
  return false;
}

export function mpolyBBox(mp: MPoly): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const poly of mp) {
    for (const ring of poly) {
      for (const [x, y] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
    }
  }
  return [w, s, e, n];
}

/** Drops a repeated closing point, if present (GeoJSON / polygon-clipping rings are closed). */
export function openRing(ring: Ring): Ring {
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (ring.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) return ring.slice(0, -1);
  return ring;
}
