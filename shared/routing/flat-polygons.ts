import type { Position } from 'geojson';
import type { GridGeometry } from '../domain/grid.ts';

/**
 * Polygons flattened into typed arrays: no per-polygon objects, so 400k polygons cost a few
 * contiguous buffers instead of millions of small arrays, and a point-in-polygon test reads one
 * contiguous range of doubles.
 *
 * Indices into `coords` are coordinate indices (2 per vertex).
 */
export interface FlatPolygons {
  /**
   * Interleaved x, y. Each part starts with a two-slot header [end, owner] followed by its
   * vertices in the layout pointInPart() expects, so a reference to a part is one offset and the
   * header shares a cache line with the first vertices.
   */
  readonly coords: Float64Array;
  /** Offset of part p's header: its vertices are [partStart[p] + 2, coords[partStart[p]]). */
  readonly partStart: Int32Array;
  /** Rings of part p: [partRingStart[p], partRingStart[p + 1]). */
  readonly partRingStart: Int32Array;
  /** Ring r is [ringStart[r], ringEnd[r]), stored open: its closing edge is last → first. */
  readonly ringStart: Int32Array;
  readonly ringEnd: Int32Array;
  /** Parts of geometry g: [geometryPartStart[g], geometryPartStart[g + 1]). */
  readonly geometryPartStart: Int32Array;
}

/** Number of polygon parts of a geometry. */
const partCountOf = (geometry: GridGeometry): number => (geometry.type === 'Polygon' ? 1 : geometry.coordinates.length);

/** Rings of part k (no wrapper arrays: this runs for every polygon of a 400k grid). */
const partOf = (geometry: GridGeometry, k: number): Position[][] =>
  (geometry.type === 'Polygon' ? geometry.coordinates : geometry.coordinates[k]) ?? [];

/** Vertex count without GeoJSON's repeated closing position; rings of < 3 vertices count as absent. */
function openLength(ring: Position[]): number {
  let n = ring.length;
  const first = ring[0];
  const last = ring[n - 1];
  if (n > 1 && first && last && first[0] === last[0] && first[1] === last[1]) n--;
  return n >= 3 ? n : 0;
}

function invalid(p: Position | undefined): never {
  throw new RangeError(`flattenPolygons: invalid position ${JSON.stringify(p)}`);
}

/** Copies the first `n` positions of a ring to coords[c …]; returns the index after them. */
function copyRing(coords: Float64Array, c: number, ring: Position[], n: number): number {
  for (let i = 0; i < n; i++) {
    const pos = ring[i];
    if (!pos) invalid(pos);
    const x = pos[0];
    const y = pos[1];
    // x − x is 0 only for finite numbers. Written without optional chaining or Number.isFinite
    // on a maybe-undefined value, which made this loop (every vertex of the grid) twice as slow.
    if (typeof x !== 'number' || typeof y !== 'number' || x - x !== 0 || y - y !== 0) invalid(pos);
    coords[c++] = x;
    coords[c++] = y;
  }
  return c;
}

/**
 * Flattens geometries (index = owner id). Parts keep input order; degenerate rings are dropped,
 * and a part whose outer ring is degenerate is dropped with its holes.
 */
export function flattenPolygons(geometries: readonly GridGeometry[]): FlatPolygons {
  let partCount = 0;
  let ringCount = 0;
  let vertexCount = 0;
  for (const geometry of geometries) {
    for (let k = 0, n = partCountOf(geometry); k < n; k++) {
      const part = partOf(geometry, k);
      const outer = part[0] ? openLength(part[0]) : 0;
      if (outer === 0) continue;
      partCount++;
      ringCount++;
      vertexCount += 1 + outer; // header + outer ring
      for (let hole = 1; hole < part.length; hole++) {
        const len = openLength(part[hole] ?? []);
        if (len === 0) continue;
        ringCount++;
        vertexCount += len + 2; // + closing copy of r0 + bridge back to the outer ring's last vertex
      }
    }
  }

  const coords = new Float64Array(vertexCount * 2);
  const partStart = new Int32Array(partCount + 1);
  const partRingStart = new Int32Array(partCount + 1);
  const ringStart = new Int32Array(ringCount);
  const ringEnd = new Int32Array(ringCount);
  const geometryPartStart = new Int32Array(geometries.length + 1);
  let c = 0;
  let p = 0;
  let r = 0;
  // Plain loops, no closures: this copies every vertex of a 400k-polygon grid.
  for (let g = 0; g < geometries.length; g++) {
    const geometry = geometries[g]!;
    geometryPartStart[g] = p;
    for (let k = 0, n = partCountOf(geometry); k < n; k++) {
      const part = partOf(geometry, k);
      const outerRing = part[0] ?? [];
      const outer = openLength(outerRing);
      if (outer === 0) continue;
      const header = c;
      partStart[p] = header;
      coords[header + 1] = g;
      c = copyRing(coords, header + 2, outerRing, outer);
      partRingStart[p] = r;
      ringStart[r] = header + 2;
      ringEnd[r++] = c;
      const last = outerRing[outer - 1]!;
      for (let hole = 1; hole < part.length; hole++) {
        const ring = part[hole] ?? [];
        const len = openLength(ring);
        if (len === 0) continue;
        ringStart[r] = c;
        c = copyRing(coords, c, ring, len);
        ringEnd[r++] = c;
        c = copyRing(coords, c, ring, 1);
        coords[c++] = last[0]!;
        coords[c++] = last[1]!;
      }
      coords[header] = c;
      p++;
    }
  }
  geometryPartStart[geometries.length] = p;
  partStart[p] = c;
  partRingStart[p] = r;
  return { coords, partStart, partRingStart, ringStart, ringEnd, geometryPartStart };
}

/** Total bytes of the typed arrays. */
export function flatByteLength(flat: FlatPolygons): number {
  return (
    flat.coords.byteLength +
    flat.partStart.byteLength +
    flat.partRingStart.byteLength +
    flat.ringStart.byteLength +
    flat.ringEnd.byteLength +
    flat.geometryPartStart.byteLength
  );
}
