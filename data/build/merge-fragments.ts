/**
 * A concave parent can cut a Voronoi cell into several pieces, leaving stray fragments
 * (some only a few m²) far from the cell's seed. Each child keeps its largest piece;
 * every other piece is dissolved into the sibling it shares the longest boundary with.
 * The union of the children, and so the parent's boundary, does not change.
 */
import { ptKey, ringArea2, type MPoly, type Poly, type Pt, type Ring } from './int-geometry.ts';
import { ringProblem } from './topology-checks.ts';

function edgeId(a: Pt, b: Pt): string {
  return `${ptKey(a)}>${ptKey(b)}`;
}

function sharedLength(part: Ring, other: Ring): number {
  const reversed = new Set<string>();
  for (let i = 0; i < other.length; i++) reversed.add(edgeId(other[(i + 1) % other.length] as Pt, other[i] as Pt));
  let len = 0;
  for (let i = 0; i < part.length; i++) {
    const a = part[i] as Pt;
    const b = part[(i + 1) % part.length] as Pt;
    if (reversed.has(edgeId(a, b))) len += Math.hypot(b[0] - a[0], b[1] - a[1]);
  }
  return len;
}

/** Dissolves two CCW rings sharing edges into one ring, or returns null if the result is not one simple ring. */
function dissolve(a: Ring, b: Ring): Ring | null {
  const edges = new Map<string, [Pt, Pt]>();
  for (const ring of [a, b]) {
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i] as Pt;
      const q = ring[(i + 1) % ring.length] as Pt;
      const back = edgeId(q, p);
      if (edges.has(back)) edges.delete(back);
      else edges.set(edgeId(p, q), [p, q]);
    }
  }
  const next = new Map<string, Pt>();
  for (const [p, q] of edges.values()) {
    if (next.has(ptKey(p))) return null; // pinch vertex: ambiguous
    next.set(ptKey(p), q);
  }
  const first = [...edges.values()][0]?.[0];
  if (!first) return null;
  const ring: Ring = [first];
  for (let p = next.get(ptKey(first)); p && ptKey(p) !== ptKey(first); p = next.get(ptKey(p))) {
    ring.push(p);
    if (ring.length > next.size) return null;
  }
  if (ring.length !== next.size || ringArea2(ring) <= 0 || ringProblem(ring)) return null;
  return ring;
}

export function mergeFragments(children: MPoly[]): MPoly[] {
  const out: MPoly[] = children.map((c) => c.map((poly) => poly.map((ring) => ring.slice())));
  for (let i = 0; i < out.length; i++) {
    const child = out[i] as MPoly;
    if (child.length < 2) continue;
    const largest = child.reduce((best, poly, k) => (ringArea2(poly[0] as Ring) > ringArea2(child[best]?.[0] as Ring) ? k : best), 0);
    const keep: Poly[] = [child[largest] as Poly];
    for (let k = 0; k < child.length; k++) {
      if (k === largest) continue;
      const frag = child[k] as Poly;
      const fragRing = frag[0] as Ring;
      let target: { j: number; m: number; len: number } | null = null;
      if (frag.length === 1) {
        out.forEach((other, j) => {
          if (j === i) return;
          other.forEach((poly, m) => {
            if (poly.length !== 1) return;
            const len = sharedLength(fragRing, poly[0] as Ring);
            if (len > 0 && (!target || len > target.len)) target = { j, m, len };
          });
        });
      }
      const t = target as { j: number; m: number; len: number } | null;
      const merged = t ? dissolve(fragRing, (out[t.j] as MPoly)[t.m]?.[0] as Ring) : null;
      if (t && merged) (out[t.j] as MPoly)[t.m] = [merged];
      else keep.push(frag);
    }
    out[i] = keep;
  }
  return out;
}
