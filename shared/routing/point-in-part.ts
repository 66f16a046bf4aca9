import { isStrictlyLeft } from './orient.ts';

/**
 * Point-in-polygon test with a deterministic edge-ownership rule, so that the polygons of a
 * partition (neighbours share bit-identical vertices along common edges) own every point of the
 * covered area exactly once — including points exactly on shared edges and vertices.
 *
 * Rule: crossing number (even-odd) of a ray cast from the point towards +x (east).
 *  1. Canonical orientation: every edge is taken with its lower-y endpoint as the start `lo`,
 *     whichever way the ring walks it, so two polygons sharing an edge evaluate the identical
 *     expression on the identical numbers.
 *  2. Half-open in y: an edge takes part iff lo.y ≤ p.y < hi.y. Horizontal edges never do.
 *  3. It is crossed iff p is strictly left of lo→hi (the crossing lies strictly east of p).
 *     The side test is an exact predicate (./orient.ts), not a rounded intersection x: with a
 *     rounded x, edges that share only their upper endpoint can swap order within a few ulps
 *     below that vertex and give a point to two polygons or to none (rare with county-scale
 *     coordinates, easy to provoke at unit scale: see the fan test beside this file).
 *
 * This equals the exact even-odd test at the perturbed point p + (ε, ε²) for an infinitesimal
 * ε > 0, which lies on no edge. Hence:
 *  - a point on a shared edge belongs to the polygon on its EAST side (greater longitude);
 *  - on a horizontal shared edge, to the polygon on its NORTH side;
 *  - at a shared vertex, to the polygon containing the points just east of it (ties: just
 *    north-east);
 *  - points on the outline of the union belong to the adjacent polygon only if it lies east
 *    (or, on horizontal outline edges, north) of them.
 *
 * Layout of a part in `coords` (see ./flat-polygons.ts): interleaved x, y; the outer ring is
 * stored open (its closing edge is last → first of the range); each further ring r is appended as
 * r0 … r(n−1), r0, L where L is the outer ring's last vertex. The bridges L→r0 and r0→L are the
 * same segment walked twice, so with rule 1 they flip the parity twice or not at all.
 */
export function pointInPart(coords: Float64Array, start: number, end: number, px: number, py: number): boolean {
  let inside = false;
  let ax = coords[end - 2]!;
  let ay = coords[end - 1]!;
  for (let i = start; i < end; i += 2) {
    const bx = coords[i]!;
    const by = coords[i + 1]!;
    if (ay <= py !== by <= py) {
      const crossed = ay < by ? isStrictlyLeft(ax, ay, bx, by, px, py) : isStrictlyLeft(bx, by, ax, ay, px, py);
      if (crossed) inside = !inside;
    }
    ax = bx;
    ay = by;
  }
  return inside;
}
