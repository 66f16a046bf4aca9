import type { Position } from 'geojson';
import type { GridGeometry } from '../domain/grid.ts';

/** Horizontal lines tried per polygon. */
const SCANLINES = 15;

/**
 * A point strictly inside a (multi)polygon, well away from its boundary: among the midpoints of
 * the interior spans on a few evenly spaced horizontal lines through the largest part, the one
 * farthest from the boundary. Lines avoid vertex latitudes, so the even-odd spans are
 * unambiguous. (A centroid can fall outside a concave polygon; turf's pointOnFeature can return
 * a vertex.) Returns null for a geometry without area.
 */
export function interiorPoint(geometry: GridGeometry): [number, number] | null {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let best: Position[][] | null = null;
  let bestArea = 0;
  for (const part of parts) {
    const area = Math.abs(ringArea(part[0] ?? []));
    if (area > bestArea) {
      bestArea = area;
      best = part;
    }
  }
  if (!best) return null;

  const ys = [...new Set(best.flatMap((ring) => ring.map((p) => p[1]!)))].sort((a, b) => a - b);
  const vertexYs = new Set(ys);
  const minY = ys[0]!;
  const maxY = ys[ys.length - 1]!;
  // Distances in degrees of latitude; longitude shrinks by cos(latitude).
  const kx = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  let point: [number, number] | null = null;
  let clearance = 0;
  for (let k = 1; k <= SCANLINES; k++) {
    let y = minY + ((maxY - minY) * k) / (SCANLINES + 1);
    if (vertexYs.has(y)) y = (y + ys[ys.indexOf(y) + 1]!) / 2;
    const xs = crossings(best, y);
    for (let j = 0; j + 1 < xs.length; j += 2) {
      const x = (xs[j]! + xs[j + 1]!) / 2;
      const d = distanceSquaredToRings(best, x, y, kx);
      if (d > clearance) {
        clearance = d;
        point = [x, y];
      }
    }
  }
  return point;
}

/** Squared distance from (x, y) to the rings, x scaled by kx. */
function distanceSquaredToRings(rings: Position[][], x: number, y: number, kx: number): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0, n = ring.length; i < n; i++) {
      const a = ring[i]!;
      const b = ring[(i + 1) % n]!;
      const ax = (a[0]! - x) * kx;
      const ay = a[1]! - y;
      const dx = (b[0]! - a[0]!) * kx;
      const dy = b[1]! - a[1]!;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, -(ax * dx + ay * dy) / len2)) : 0;
      const px = ax + t * dx;
      const py = ay + t * dy;
      best = Math.min(best, px * px + py * py);
    }
  }
  return best;
}

/** Sorted x where the rings cross the horizontal line y (no vertex lies on it). */
function crossings(rings: Position[][], y: number): number[] {
  const xs: number[] = [];
  for (const ring of rings) {
    for (let i = 0, n = ring.length; i < n; i++) {
      const a = ring[i]!;
      const b = ring[(i + 1) % n]!;
      const ay = a[1]!;
      const by = b[1]!;
      if (ay < y !== by < y) xs.push(a[0]! + ((y - ay) * (b[0]! - a[0]!)) / (by - ay));
    }
  }
  return xs.sort((p, q) => p - q);
}

/** Shoelace area (signed). */
function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    sum += a[0]! * b[1]! - b[0]! * a[1]!;
  }
  return sum / 2;
}
