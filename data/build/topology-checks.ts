/**
 * Build-time assertions on the integer geometry (the unit tests re-check the written
 * files independently). Predicates are exact: coordinates are integers and products of
 * differences stay far below 2^53.
 */
import { ptKey, ringArea2, type MPoly, type Pt, type Ring } from './int-geometry.ts';

function orient(a: Pt, b: Pt, c: Pt): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function onSegment(a: Pt, b: Pt, p: Pt): boolean {
  return (
    orient(a, b, p) === 0 &&
    Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
  );
}

/** True if the closed segments ab and cd share any point. */
function segmentsMeet(a: Pt, b: Pt, c: Pt, d: Pt): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return true;
  return onSegment(a, b, c) || onSegment(a, b, d) || onSegment(c, d, a) || onSegment(c, d, b);
}

/** Describes why a ring is not a simple polygon ring, or returns null if it is. */
export function ringProblem(ring: Ring): string | null {
  const n = ring.length;
  if (n < 3) return `only ${n} distinct vertices`;
  const seen = new Set<string>();
  for (const p of ring) {
    const k = ptKey(p);
    if (seen.has(k)) return `repeated vertex ${k}`;
    seen.add(k);
  }
  if (ringArea2(ring) === 0) return 'zero area';
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let nn = -Infinity;
  for (const [x, y] of ring) {
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    nn = Math.max(nn, y);
  }
  const cell = Math.max(1, Math.max(e - w, nn - s) / Math.sqrt(n));
  const buckets = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const a = ring[i] as Pt;
    const b = ring[(i + 1) % n] as Pt;
    for (let cx = Math.floor((Math.min(a[0], b[0]) - w) / cell); cx <= Math.floor((Math.max(a[0], b[0]) - w) / cell); cx++) {
      for (let cy = Math.floor((Math.min(a[1], b[1]) - s) / cell); cy <= Math.floor((Math.max(a[1], b[1]) - s) / cell); cy++) {
        const k = cx * 100_000 + cy;
        const list = buckets.get(k);
        if (list) list.push(i);
        else buckets.set(k, [i]);
      }
    }
  }
  const tested = new Set<number>();
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = Math.min(list[x] as number, list[y] as number);
        const j = Math.max(list[x] as number, list[y] as number);
        if (tested.has(i * n + j)) continue;
        tested.add(i * n + j);
        const a = ring[i] as Pt;
        const b = ring[(i + 1) % n] as Pt;
        const c = ring[j] as Pt;
        const d = ring[(j + 1) % n] as Pt;
        if (j === i + 1 || (i === 0 && j === n - 1)) {
          // Adjacent edges share one end; they must not fold back over each other.
          const [p, q, r] = j === i + 1 ? [a, b, d] : [c, a, b];
          if (onSegment(p, q, r) || onSegment(q, r, p)) return `fold-back at ${ptKey(q)}`;
          continue;
        }
        if (segmentsMeet(a, b, c, d)) return `edges ${i} and ${j} meet near ${ptKey(a)}`;
      }
    }
  }
  return null;
}

function addBoundary(counts: Map<string, number>, mp: MPoly, sign: number): void {
  for (const poly of mp) {
    for (const ring of poly) {
      for (let i = 0; i < ring.length; i++) {
        const a = ring[i] as Pt;
        const b = ring[(i + 1) % ring.length] as Pt;
        const forward = a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
        const key = forward ? `${ptKey(a)}|${ptKey(b)}` : `${ptKey(b)}|${ptKey(a)}`;
        const v = (counts.get(key) ?? 0) + (forward ? sign : -sign);
        if (v === 0) counts.delete(key);
        else counts.set(key, v);
      }
    }
  }
}

/**
 * Edges where the children's boundaries do not add up to the parent's.
 * Zero means: each interior edge is used once in each direction by two children and
 * each parent edge exactly once by one child. With simple, correctly wound rings this
 * proves the children tile the parent with shared vertices (winding numbers add up).
 */
export function boundaryMismatch(parent: MPoly, children: MPoly[]): string[] {
  const counts = new Map<string, number>();
  for (const child of children) addBoundary(counts, child, 1);
  addBoundary(counts, parent, -1);
  return [...counts].map(([edge, n]) => `${edge}×${n}`);
}
