/**
 * Distances in metres by a local equirectangular approximation centred on the query point:
 * x scaled by cos(latitude), a sphere of the mean Earth radius (6 371 008.8 m). Within a county
 * (tens of km) the error against the geodesic is well under 0.5 %, far below GPS and
 * boundary-drawing error; it keeps nearest() and boundary distances cheap and allocation-free.
 */
export const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/** Metres per degree of longitude at a latitude. */
export function metresPerDegreeLon(lat: number): number {
  return METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180);
}

/**
 * Distance in metres from (px, py) to the nearest edge of rings r0 … r1−1, each stored open in
 * coords[ringStart[r], ringEnd[r]) (closing edge last → first); kx = metres per degree of longitude.
 */
export function distanceToRings(
  coords: Float64Array,
  ringStart: Int32Array,
  ringEnd: Int32Array,
  r0: number,
  r1: number,
  px: number,
  py: number,
  kx: number,
): number {
  const ky = METRES_PER_DEGREE;
  let best = Infinity;
  for (let r = r0; r < r1; r++) {
    const s = ringStart[r]!;
    const e = ringEnd[r]!;
    let ax = (coords[e - 2]! - px) * kx;
    let ay = (coords[e - 1]! - py) * ky;
    for (let i = s; i < e; i += 2) {
      const bx = (coords[i]! - px) * kx;
      const by = (coords[i + 1]! - py) * ky;
      const d2 = originToSegmentSquared(ax, ay, bx, by);
      if (d2 < best) best = d2;
      ax = bx;
      ay = by;
    }
  }
  return Math.sqrt(best);
}

/** Squared distance from the origin to segment a–b. */
function originToSegmentSquared(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  if (t < 0) t = 0;
  else if (t > 1) t = 1;
  const x = ax + t * dx;
  const y = ay + t * dy;
  return x * x + y * y;
}
