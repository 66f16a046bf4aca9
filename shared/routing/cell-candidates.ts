import type { CellLayout, EdgeCells } from './edge-cells.ts';
import type { FlatPolygons } from './flat-polygons.ts';
import { pointInPart } from './point-in-part.ts';

/**
 * Per-cell candidate parts, computed once at build (see ./cell-grid.ts for how they are used).
 * Cell c's parts, by header offset into coords, are list[start[c] … start[c + 1]).
 */
export interface CellLists {
  start: Int32Array;
  list: Int32Array;
  /**
   * 1 where every edge touching the cell is shared by two parts, walked in opposite directions:
   * then the candidates cover the whole cell, so a point in it that is in none of the others is
   * in the last one and that test can be skipped.
   */
  covered: Uint8Array;
}

/** 32-bit finaliser (murmur3 fmix32). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * One sweep over every ring edge collects distinct (cell, part) pairs; a counting sort groups
 * them by cell. The same sweep adds, per cell, two 32-bit hashes of each directed edge minus
 * its reverse: an edge shared by two neighbours (walked once each way) cancels exactly, so the
 * sums stay 0 only where no unshared edge — a piece of outline or of a gap — touches the cell.
 * (A false 0 needs a 64-bit collision; a false non-zero only costs the skipped test.)
 */
export function candidateLists(flat: FlatPolygons, parts: ArrayLike<number>, layout: CellLayout, raster: EdgeCells): CellLists {
  const { coords, partStart, partRingStart, ringStart, ringEnd } = flat;
  const words = new Int32Array(coords.buffer, coords.byteOffset, coords.length * 2);
  /** Hash of the vertex at coordinate index i, from the bits of its two doubles. */
  const vertexHash = (i: number): number => {
    let h = Math.imul(words[2 * i]! ^ 0x2f6b6d3a, 0x9e3779b1);
    h = Math.imul(h ^ words[2 * i + 1]!, 0x85ebca6b) ^ (h >>> 13);
    h = Math.imul(h ^ words[2 * i + 2]!, 0xc2b2ae35) ^ (h >>> 16);
    h = Math.imul(h ^ words[2 * i + 3]!, 0x27d4eb2f);
    return mix(h);
  };
  const total = layout.nx * layout.ny;
  const stamp = new Int32Array(total).fill(-1);
  const start = new Int32Array(total + 1);
  const sum1 = new Int32Array(total);
  const sum2 = new Int32Array(total);
  // About 8 (cell, part) pairs per part at the default cell size: sized so it rarely grows.
  let pairs = new Int32Array(64 + parts.length * 20);
  let n = 0;
  for (let j = 0; j < parts.length; j++) {
    const p = parts[j]!;
    const header = partStart[p]!;
    for (let r = partRingStart[p]!; r < partRingStart[p + 1]!; r++) {
      const s = ringStart[r]!;
      const e = ringEnd[r]!;
      let ax = coords[e - 2]!;
      let ay = coords[e - 1]!;
      let ha = vertexHash(e - 2);
      for (let i = s; i < e; i += 2) {
        const bx = coords[i]!;
        const by = coords[i + 1]!;
        const hb = vertexHash(i);
        const d1 = (mix(ha + Math.imul(hb, 0x165667b1)) - mix(hb + Math.imul(ha, 0x165667b1))) | 0;
        const d2 = (mix(ha ^ Math.imul(hb, 0x27d4eb2f) ^ 0x5bd1e995) - mix(hb ^ Math.imul(ha, 0x27d4eb2f) ^ 0x5bd1e995)) | 0;
        const k = raster.segment(ax, ay, bx, by);
        const touched = raster.cells;
        for (let t = 0; t < k; t++) {
          const c = touched[t]!;
          sum1[c] = (sum1[c]! + d1) | 0;
          sum2[c] = (sum2[c]! + d2) | 0;
          if (stamp[c] === j) continue;
          stamp[c] = j;
          if (n + 2 > pairs.length) {
            const grown = new Int32Array(pairs.length * 2);
            grown.set(pairs);
            pairs = grown;
          }
          pairs[n++] = c;
          pairs[n++] = header;
          start[c + 1] = start[c + 1]! + 1;
        }
        ax = bx;
        ay = by;
        ha = hb;
      }
    }
  }
  for (let c = 0; c < total; c++) start[c + 1] = start[c + 1]! + start[c]!;
  // Counting sort by cell; stamp is reused as each cell's write cursor. Parts keep their order.
  const list = new Int32Array(n / 2);
  stamp.set(start.subarray(0, total));
  for (let i = 0; i < n; i += 2) {
    const c = pairs[i]!;
    list[stamp[c]!] = pairs[i + 1]!;
    stamp[c] = stamp[c]! + 1;
  }
  const covered = new Uint8Array(total);
  for (let c = 0; c < total; c++) covered[c] = start[c + 1]! > start[c]! && sum1[c] === 0 && sum2[c] === 0 ? 1 : 0;
  return { start, list, covered };
}

/** Owner of the first part among headers list[from … to) containing (x, y), or −1. */
export function testParts(coords: Float64Array, list: Int32Array, from: number, to: number, x: number, y: number): number {
  for (let i = from; i < to; i++) {
    const h = list[i]!;
    if (pointInPart(coords, h + 2, coords[h]!, x, y)) return coords[h + 1]!;
  }
  return -1;
}

/**
 * Owners of cells no edge touches (−1 elsewhere and where no part covers them). Each connected
 * region of such cells lies in one face (no edge separates them), so the region's first cell
 * centre is tested once, against the candidates of a touched neighbour: the face's polygon has
 * edges there.
 */
export function ownersOfUntouchedCells(coords: Float64Array, layout: CellLayout, { start, list }: CellLists): Int32Array {
  const { nx, minX, minY, cellW, cellH } = layout;
  const total = layout.nx * layout.ny;
  const owner = new Int32Array(total).fill(-1);
  const seen = new Uint8Array(total);
  const queue = new Int32Array(total);
  let tail = 0;
  let border = -1;
  const visit = (c: number): void => {
    if (start[c + 1]! > start[c]!) {
      if (border < 0) border = c;
    } else if (!seen[c]) {
      seen[c] = 1;
      queue[tail++] = c;
    }
  };
  for (let first = 0; first < total; first++) {
    if (seen[first] || start[first + 1]! > start[first]!) continue;
    let head = 0;
    tail = 0;
    border = -1;
    visit(first);
    while (head < tail) {
      const c = queue[head++]!;
      const cx = c % nx;
      if (cx > 0) visit(c - 1);
      if (cx < nx - 1) visit(c + 1);
      if (c >= nx) visit(c - nx);
      if (c < total - nx) visit(c + nx);
    }
    const px = minX + ((first % nx) + 0.5) * cellW;
    const py = minY + (Math.floor(first / nx) + 0.5) * cellH;
    const o = border < 0 ? -1 : testParts(coords, list, start[border]!, start[border + 1]!, px, py);
    for (let k = 0; k < tail; k++) owner[queue[k]!] = o;
  }
  return owner;
}

/** Moves the candidate containing the cell centre to the front: it usually holds most of the cell. */
export function centreOwnerFirst(coords: Float64Array, layout: CellLayout, { start, list }: CellLists): void {
  const { nx, minX, minY, cellW, cellH } = layout;
  const total = layout.nx * layout.ny;
  for (let c = 0; c < total; c++) {
    const s = start[c]!;
    const e = start[c + 1]!;
    if (e - s < 2) continue;
    const px = minX + ((c % nx) + 0.5) * cellW;
    const py = minY + (Math.floor(c / nx) + 0.5) * cellH;
    for (let i = s; i < e; i++) {
      const h = list[i]!;
      if (pointInPart(coords, h + 2, coords[h]!, px, py)) {
        list[i] = list[s]!;
        list[s] = h;
        break;
      }
    }
  }
}
