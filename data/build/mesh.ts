/**
 * Registry of every ring already placed, indexed by edge, so that a vertex added to a
 * boundary edge is added to *every* ring using that exact edge (the parent, its
 * neighbour, ancestors and the neighbour's descendants). Matching edges by identical
 * endpoints, not by distance, keeps all levels consistent.
 */
import { ptKey, type Pt, type Ring } from './int-geometry.ts';

function edgeKey(a: Pt, b: Pt): string {
  const ka = ptKey(a);
  const kb = ptKey(b);
  return ka < kb ? `${ka}|${kb}` : `${kb}|${ka}`;
}

export class Mesh {
  private readonly edges = new Map<string, Set<Ring>>();

  private link(a: Pt, b: Pt, ring: Ring): void {
    const k = edgeKey(a, b);
    const set = this.edges.get(k);
    if (set) set.add(ring);
    else this.edges.set(k, new Set([ring]));
  }

  private unlink(a: Pt, b: Pt, ring: Ring): void {
    const k = edgeKey(a, b);
    const set = this.edges.get(k);
    if (!set) return;
    set.delete(ring);
    if (set.size === 0) this.edges.delete(k);
  }

  /** Registers a ring; it must not be replaced afterwards, only changed through splitEdge. */
  add(ring: Ring): void {
    for (let i = 0; i < ring.length; i++) this.link(ring[i] as Pt, ring[(i + 1) % ring.length] as Pt, ring);
  }

  /**
   * Inserts `points` (ordered from p to q) between p and q in every registered ring
   * that has the edge p–q, in either direction. Returns how many rings changed.
   */
  splitEdge(p: Pt, q: Pt, points: Pt[]): number {
    const rings = this.edges.get(edgeKey(p, q));
    if (!rings || points.length === 0) return 0;
    let changed = 0;
    for (const ring of [...rings]) {
      const n = ring.length;
      for (let i = 0; i < n; i++) {
        const a = ring[i] as Pt;
        const b = ring[(i + 1) % n] as Pt;
        const forward = a[0] === p[0] && a[1] === p[1] && b[0] === q[0] && b[1] === q[1];
        const backward = a[0] === q[0] && a[1] === q[1] && b[0] === p[0] && b[1] === p[1];
        if (!forward && !backward) continue;
        const inserted = forward ? points : points.slice().reverse();
        this.unlink(a, b, ring);
        ring.splice(i + 1, 0, ...inserted);
        let prev = a;
        for (const v of [...inserted, b]) {
          this.link(prev, v, ring);
          prev = v;
        }
        changed++;
        break;
      }
    }
    return changed;
  }
}
