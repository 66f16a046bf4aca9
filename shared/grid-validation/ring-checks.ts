import type { Position } from 'geojson';
import { isStrictlyLeft } from '../routing/orient.ts';

/** Exact sign of orient(a, b, c): 1 when c is left of a→b, -1 right, 0 on the line. */
function orient(a: Position, b: Position, c: Position): -1 | 0 | 1 {
  if (isStrictlyLeft(a[0]!, a[1]!, b[0]!, b[1]!, c[0]!, c[1]!)) return 1;
  if (isStrictlyLeft(b[0]!, b[1]!, a[0]!, a[1]!, c[0]!, c[1]!)) return -1;
  return 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0]!, b[0]!) <= p[0]! && p[0]! <= Math.max(a[0]!, b[0]!) && Math.min(a[1]!, b[1]!) <= p[1]! && p[1]! <= Math.max(a[1]!, b[1]!);
}

/** Do segments ab and cd share at least one point? */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4 && o1 * o2 <= 0 && o3 * o4 <= 0 && !(o1 === 0 && o2 === 0)) return true;
  if (o1 === 0 && onSegment(a, b, c)) return true;
  if (o2 === 0 && onSegment(a, b, d)) return true;
  if (o3 === 0 && onSegment(c, d, a)) return true;
  if (o4 === 0 && onSegment(c, d, b)) return true;
  return false;
}

/** Why a ring cannot be a polygon ring, or null. Checked before anything else reads it. */
export function ringDefect(ring: unknown): string | null {
  if (!Array.isArray(ring)) return '环不是坐标数组 (ring is not an array of positions)';
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return '坐标不是有限数值 (a position is not two finite numbers)';
    if (Math.abs(p[0] as number) > 180 || Math.abs(p[1] as number) > 90) return `坐标超出经纬度范围 (${p[0]}, ${p[1]})：数据是否未投影到 WGS84？`;
  }
  if (ring.length < 4) return `环只有 ${ring.length} 个点，至少需要 4 个 (a ring needs at least 4 positions)`;
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) return '环未闭合 (first and last positions differ)';
  if (ringArea2(ring as Position[]) === 0) return '环面积为零 (the ring has no area)';
  return null;
}

/** Twice the signed planar area (shoelace), in degrees². */
export function ringArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s;
}

/** Index of a position equal to the one before it (a repeated vertex), or -1. */
export function repeatedVertex(ring: readonly Position[]): number {
  for (let i = 1; i < ring.length; i++) if (ring[i]![0] === ring[i - 1]![0] && ring[i]![1] === ring[i - 1]![1]) return i;
  return -1;
}

interface Segment {
  a: Position;
  b: Position;
  ring: number;
  index: number;
  /** Segments in the ring, for the wrap-around adjacency of the last and first. */
  count: number;
  minX: number;
  maxX: number;
}

/**
 * The first point where the rings of one polygon touch or cross themselves or each other,
 * apart from consecutive segments meeting at their shared vertex. A sweep over x keeps it
 * near-linear for grid cells. Repeated vertices are skipped (reported separately).
 */
export function selfIntersection(rings: readonly Position[][]): [number, number] | null {
  const segments: Segment[] = [];
  rings.forEach((ring, r) => {
    const pts = ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
    const count = pts.length - 1;
    for (let i = 0; i < count; i++) {
      const a = pts[i]!;
      const b = pts[i + 1]!;
      segments.push({ a, b, ring: r, index: i, count, minX: Math.min(a[0]!, b[0]!), maxX: Math.max(a[0]!, b[0]!) });
    }
  });
  segments.sort((s, t) => s.minX - t.minX);
  let active: Segment[] = [];
  for (const s of segments) {
    active = active.filter((t) => t.maxX >= s.minX);
    for (const t of active) {
      if (s.ring === t.ring) {
        const gap = Math.abs(s.index - t.index);
        if (gap === 1 || gap === s.count - 1) {
          // Neighbours share a vertex; they are wrong only when they fold back onto each other.
          const [shared, sOther, tOther] = s.a === t.b || (s.a[0] === t.b[0] && s.a[1] === t.b[1]) ? [s.a, s.b, t.a] : [s.b, s.a, t.b];
          if (orient(shared, sOther, tOther) === 0 && (onSegment(shared, sOther, tOther) || onSegment(shared, tOther, sOther))) return [shared[0]!, shared[1]!];
          continue;
        }
      }
      if (segmentsMeet(s.a, s.b, t.a, t.b)) return crossingPoint(s, t);
    }
    active.push(s);
  }
  return null;
}

/** Where two meeting segments meet (an endpoint when they only touch or overlap). */
function crossingPoint(s: Segment, t: Segment): [number, number] {
  const [x1, y1] = s.a as [number, number];
  const [x2, y2] = s.b as [number, number];
  const [x3, y3] = t.a as [number, number];
  const [x4, y4] = t.b as [number, number];
  const den = (x1 - x2) * (y3 - y4) - (y1 - y2) * (x3 - x4);
  if (den === 0) return [x3, y3];
  const u = ((x1 - x3) * (y3 - y4) - (y1 - y3) * (x3 - x4)) / den;
  return [x1 + u * (x2 - x1), y1 + u * (y2 - y1)];
}
