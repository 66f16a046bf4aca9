/**
 * T-junction removal: a vertex lying on an edge of another ring (within `eps` grid
 * units) is inserted into that edge, so that neighbours share identical vertices
 * along common boundaries.
 */
import { ptKey, type Pt, type Ring } from './int-geometry.ts';

const CELL = 1000;

function cellKey(cx: number, cy: number): number {
  return cx * 1_000_000 + cy;
}

/** Bucketed vertex set for "which vertices are near this segment" queries. */
export class VertexGrid {
  private readonly cells = new Map<number, Pt[]>();

  constructor(points: Iterable<Pt>) {
    for (const p of points) {
      const k = cellKey(Math.floor(p[0] / CELL), Math.floor(p[1] / CELL));
      const list = this.cells.get(k);
      if (list) list.push(p);
      else this.cells.set(k, [p]);
    }
  }

  /** Calls visit for every vertex in the cells a segment (padded by eps) passes through. */
  nearSegment(a: Pt, b: Pt, eps: number, visit: (p: Pt) => void): void {
    const x0 = Math.min(a[0], b[0]);
    const x1 = Math.max(a[0], b[0]);
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    for (let cx = Math.floor((x0 - eps) / CELL); cx <= Math.floor((x1 + eps) / CELL); cx++) {
      // The segment's y-range within this column (clamped to the segment), padded by eps.
      const lo = Math.max(x0, cx * CELL - eps);
      const hi = Math.min(x1, (cx + 1) * CELL + eps);
      let ylo: number;
      let yhi: number;
      if (dx === 0) {
        ylo = Math.min(a[1], b[1]);
        yhi = Math.max(a[1], b[1]);
      } else {
        const ya = a[1] + ((lo - a[0]) * dy) / dx;
        const yb = a[1] + ((hi - a[0]) * dy) / dx;
        ylo = Math.min(ya, yb);
        yhi = Math.max(ya, yb);
      }
      for (let cy = Math.floor((ylo - eps) / CELL); cy <= Math.floor((yhi + eps) / CELL); cy++) {
        const list = this.cells.get(cellKey(cx, cy));
        if (list) for (const p of list) visit(p);
      }
    }
  }
}

export interface SegmentHit {
  /** Projection of the point on the segment, scaled by its squared length (0 < t < len²). */
  t: number;
  /** Squared distance from the segment's line. */
  d2: number;
  p: Pt;
}

/** Vertices of the grid strictly inside segment ab (within eps of it), ordered from a to b. */
export function pointsOnSegment(grid: VertexGrid, a: Pt, b: Pt, eps: number): SegmentHit[] {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const hits: SegmentHit[] = [];
  if (len2 === 0) return hits;
  grid.nearSegment(a, b, eps, (p) => {
    const px = p[0] - a[0];
    const py = p[1] - a[1];
    const t = px * dx + py * dy;
    if (t <= 0 || t >= len2) return;
    const cross = px * dy - py * dx;
    if (cross * cross > eps * eps * len2) return;
    if ((p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1])) return;
    hits.push({ t, d2: (cross * cross) / len2, p });
  });
  hits.sort((h1, h2) => h1.t - h2.t || h1.p[0] - h2.p[0] || h1.p[1] - h2.p[1]);
  return hits;
}

/**
 * Inserts, in place, the given vertices (default: those of the rings themselves) into
 * every ring edge they lie on, ordered along the edge. Returns the number of
 * insertions; call again until it returns 0 (an insertion can bring a vertex within
 * eps of a new, shorter edge). Only use it on rings no one else shares edges with
 * (siblings being built); shared rings change through Mesh.splitEdge.
 */
export function insertTJunctions(rings: Ring[], eps: number, extra: Iterable<Pt> = []): number {
  const vertices = new Map<string, Pt>();
  for (const ring of rings) for (const p of ring) vertices.set(ptKey(p), p);
  for (const p of extra) vertices.set(ptKey(p), p);
  const grid = new VertexGrid(vertices.values());
  let inserted = 0;
  for (const ring of rings) {
    const out: Ring = [];
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[i] as Pt;
      out.push(a);
      const hits = pointsOnSegment(grid, a, ring[(i + 1) % n] as Pt, eps);
      for (const h of hits) out.push(h.p);
      inserted += hits.length;
    }
    if (out.length !== n) {
      ring.length = 0;
      for (const p of out) ring.push(p);
    }
  }
  return inserted;
}

/** Counts (without changing anything) the vertices lying inside some ring edge: 0 means no T-junctions. */
export function countTJunctions(rings: Ring[], eps: number): number {
  const vertices = new Map<string, Pt>();
  for (const ring of rings) for (const p of ring) vertices.set(ptKey(p), p);
  const grid = new VertexGrid(vertices.values());
  let count = 0;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) count += pointsOnSegment(grid, ring[i] as Pt, ring[(i + 1) % ring.length] as Pt, eps).length;
  }
  return count;
}
