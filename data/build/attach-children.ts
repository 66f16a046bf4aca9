/**
 * Makes freshly clipped children agree exactly with their parent and with each other,
 * then registers them in the mesh. Two directions:
 * - parent (and sibling) vertices lying on a child edge are inserted into the child
 *   (polygon-clipping drops collinear vertices; rounding moves crossings off lines);
 * - child vertices lying on a parent edge (the crossings of the Voronoi edges with the
 *   parent boundary) are inserted into that parent edge through the mesh, i.e. into
 *   every ring sharing the edge, at every level.
 */
import { ptKey, type MPoly, type Pt, type Ring } from './int-geometry.ts';
import type { Mesh } from './mesh.ts';
import { mergeFragments } from './merge-fragments.ts';
import { cleanMPoly } from './ring-clean.ts';
import { insertTJunctions, pointsOnSegment, VertexGrid } from './t-junctions.ts';

function ringsOf(mps: MPoly[]): Ring[] {
  const out: Ring[] = [];
  for (const mp of mps) for (const poly of mp) for (const ring of poly) out.push(ring);
  return out;
}

/** Child vertices on parent edges → mesh-wide edge splits. Returns the number of vertices attached. */
function attachToParentEdges(parent: MPoly, children: MPoly[], mesh: Mesh, eps: number): number {
  const parentKeys = new Set<string>();
  for (const ring of ringsOf([parent])) for (const p of ring) parentKeys.add(ptKey(p));
  const loose = new Map<string, Pt>();
  for (const ring of ringsOf(children)) for (const p of ring) if (!parentKeys.has(ptKey(p))) loose.set(ptKey(p), p);
  if (loose.size === 0) return 0;
  const grid = new VertexGrid(loose.values());

  // Each loose vertex goes to its nearest parent edge only.
  const best = new Map<string, { edge: number; t: number; d2: number; p: Pt }>();
  const edges: [Pt, Pt][] = [];
  for (const ring of ringsOf([parent])) {
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i] as Pt;
      const b = ring[(i + 1) % ring.length] as Pt;
      const edge = edges.length;
      edges.push([a, b]);
      for (const h of pointsOnSegment(grid, a, b, eps)) {
        const k = ptKey(h.p);
        const prev = best.get(k);
        if (!prev || h.d2 < prev.d2) best.set(k, { edge, t: h.t, d2: h.d2, p: h.p });
      }
    }
  }
  const byEdge = new Map<number, { t: number; p: Pt }[]>();
  for (const hit of best.values()) {
    const list = byEdge.get(hit.edge);
    if (list) list.push(hit);
    else byEdge.set(hit.edge, [hit]);
  }
  for (const [edge, hits] of [...byEdge].sort((x, y) => x[0] - y[0])) {
    const [a, b] = edges[edge] as [Pt, Pt];
    hits.sort((h1, h2) => h1.t - h2.t || h1.p[0] - h2.p[0] || h1.p[1] - h2.p[1]);
    if (mesh.splitEdge(a, b, hits.map((h) => h.p)) === 0) throw new Error(`parent edge ${ptKey(a)}–${ptKey(b)} is not in the mesh`);
  }
  return best.size;
}

export function attachChildren(parent: MPoly, pieces: MPoly[], mesh: Mesh, eps: number): MPoly[] {
  let children = pieces;
  for (let round = 0; round < 10; round++) {
    const parentPts = ringsOf([parent]).flat();
    const local = insertTJunctions(ringsOf(children), eps, parentPts);
    children = children.map((c) => cleanMPoly(c));
    const attached = attachToParentEdges(parent, children, mesh, eps);
    if (local === 0 && attached === 0) {
      // Only now are sibling edges identical, which dissolving stray fragments relies on.
      const merged = mergeFragments(children);
      for (const ring of ringsOf(merged)) mesh.add(ring);
      return merged;
    }
  }
  throw new Error('attachChildren did not converge');
}
