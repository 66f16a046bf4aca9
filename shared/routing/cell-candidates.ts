import { EdgeCells, type CellLayout } from './edge-cells.ts';
import type { FlatPolygons } from './flat-polygons.ts';
import { pointInPart } from './point-in-part.ts';

/** Int32 slots per cell record (16 bytes); the record format is described in ./cell-grid.ts. */
export const RECORD = 4;
/** Slot value ending a record with "in no part". */
export const NONE = -1;
/** Slot 0 of a record whose candidates spilled to the overflow list (not a valid −2 − owner). */
export const OVERFLOW = -0x80000000;
/** Slot value ending a record with "in this owner's part". */
export const ownerSlot = (owner: number): number => -2 - owner;

/** Bits of the per-cell state byte used during build: candidates written so far (inline records only), touched, covered. */
const FILLED = 0x07;
const TOUCHED = 0x40;
const COVERED = 0x80;

/** 32-bit finaliser (murmur3 fmix32). */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of the vertex at coordinate index i, from the bits of its two doubles (`words` views coords). */
function vertexHash(words: Int32Array, i: number): number {
  let h = Math.imul(words[2 * i]! ^ 0x2f6b6d3a, 0x9e3779b1);
  h = Math.imul(h ^ words[2 * i + 1]!, 0x85ebca6b) ^ (h >>> 13);
  h = Math.imul(h ^ words[2 * i + 2]!, 0xc2b2ae35) ^ (h >>> 16);
  h = Math.imul(h ^ words[2 * i + 3]!, 0x27d4eb2f);
  return mix(h);
}

/**
 * Computes every cell record of a grid (format in ./cell-grid.ts) straight into the returned
 * `cells`, with few temporaries: at 400k polygons the build allocates little beyond what the
 * index keeps, because every short-lived typed array adds to V8's external-memory pressure and
 * so to the full-heap collections the caller pays for.
 *
 * 1. One sweep over every ring edge lists, per part, the distinct cells its edges touch (the
 *    cell records double as scratch here: count, last part seen, two hash sums). The hash sums
 *    add, per cell, two 32-bit hashes of each directed edge minus its reverse: an edge shared by
 *    two neighbours (walked once each way) cancels exactly, so the sums stay 0 only where no
 *    unshared edge — a piece of outline or of a gap — touches the cell; such a cell is
 *    "covered" by its candidates. (A false 0 needs a 64-bit collision; a false non-zero only
 *    costs the skipped test.)
 * 2. Candidates (part header offsets, in part order) go into their cell's record, or into the
 *    overflow list for cells with more than RECORD of them.
 * 3. Cells no edge touches get the owner of their face (see ownerOfUntouched).
 * 4. Touched cells get the candidate holding the cell centre first (it usually holds most of
 *    the cell, so a lookup usually tests only that one) and their ending: a covered cell's
 *    last candidate becomes its owner slot (never tested: a point in none of the others is in
 *    it), else "no part".
 */
export function cellRecords(flat: FlatPolygons, parts: ArrayLike<number>, layout: CellLayout, eps: number): { cells: Int32Array; overflow: Int32Array } {
  const { coords, partStart, partRingStart, ringStart, ringEnd } = flat;
  const words = new Int32Array(coords.buffer, coords.byteOffset, coords.length * 2);
  const total = layout.nx * layout.ny;
  const cells = new Int32Array(total * RECORD);

  // 1. Scratch slots per cell: [0] distinct parts, [1] last part seen + 1, [2] [3] hash sums.
  // `touched` lists, per part, ~j then the cells it touches (~9 per part at the default size,
  // so it rarely grows).
  let touched: Int32Array<ArrayBuffer> = new Int32Array(1024 + parts.length * 12);
  let n = 0;
  // Most edges lie in one row or column of cells, where their dilated bbox is exactly the cells
  // EdgeCells would list; those are handled here from per-vertex cell ranges (each vertex's
  // computed once), the others go to EdgeCells.
  const raster = new EdgeCells(layout, eps);
  const { minX, minY, nx, ny, invW, invH } = layout;
  for (let j = 0; j < parts.length; j++) {
    const p = parts[j]!;
    if (n >= touched.length) touched = grown(touched, n + 1);
    touched[n++] = ~j;
    const mark = j + 1;
    for (let r = partRingStart[p]!; r < partRingStart[p + 1]!; r++) {
      const s = ringStart[r]!;
      const e = ringEnd[r]!;
      let ax = coords[e - 2]!;
      let ay = coords[e - 1]!;
      let ha = vertexHash(words, e - 2);
      let aCol0 = cellOf((ax - eps - minX) * invW, nx);
      let aCol1 = cellOf((ax + eps - minX) * invW, nx);
      let aRow0 = cellOf((ay - eps - minY) * invH, ny);
      let aRow1 = cellOf((ay + eps - minY) * invH, ny);
      for (let i = s; i < e; i += 2) {
        const bx = coords[i]!;
        const by = coords[i + 1]!;
        const hb = vertexHash(words, i);
        const bCol0 = cellOf((bx - eps - minX) * invW, nx);
        const bCol1 = cellOf((bx + eps - minX) * invW, nx);
        const bRow0 = cellOf((by - eps - minY) * invH, ny);
        const bRow1 = cellOf((by + eps - minY) * invH, ny);
        const d1 = (mix(ha + Math.imul(hb, 0x165667b1)) - mix(hb + Math.imul(ha, 0x165667b1))) | 0;
        const d2 = (mix(ha ^ Math.imul(hb, 0x27d4eb2f) ^ 0x5bd1e995) - mix(hb ^ Math.imul(ha, 0x27d4eb2f) ^ 0x5bd1e995)) | 0;
        const col0 = aCol0 < bCol0 ? aCol0 : bCol0;
        const col1 = aCol1 > bCol1 ? aCol1 : bCol1;
        const row0 = aRow0 < bRow0 ? aRow0 : bRow0;
        const row1 = aRow1 > bRow1 ? aRow1 : bRow1;
        if (row0 === row1 || col0 === col1) {
          if (n + (row1 - row0 + 1) * (col1 - col0 + 1) > touched.length) touched = grown(touched, n + (row1 - row0 + 1) * (col1 - col0 + 1));
          for (let row = row0; row <= row1; row++) {
            for (let col = col0; col <= col1; col++) n = touch(cells, touched, n, row * nx + col, mark, d1, d2);
          }
        } else {
          const k = raster.segment(ax, ay, bx, by);
          const edgeCells = raster.cells;
          if (n + k > touched.length) touched = grown(touched, n + k);
          for (let t = 0; t < k; t++) n = touch(cells, touched, n, edgeCells[t]!, mark, d1, d2);
        }
        ax = bx;
        ay = by;
        ha = hb;
        aCol0 = bCol0;
        aCol1 = bCol1;
        aRow0 = bRow0;
        aRow1 = bRow1;
      }
    }
  }

  // 2. Lay the records out: inline, or in the overflow list; then drop in the candidates.
  const state = new Uint8Array(total);
  let overflowLength = 0;
  for (let c = 0, r4 = 0; c < total; c++, r4 += RECORD) {
    const k = cells[r4]!;
    if (k === 0) continue;
    state[c] = TOUCHED | (cells[r4 + 2] === 0 && cells[r4 + 3] === 0 ? COVERED : 0);
    if (k <= RECORD) {
      cells[r4] = cells[r4 + 1] = cells[r4 + 2] = cells[r4 + 3] = NONE;
    } else {
      cells[r4] = OVERFLOW;
      cells[r4 + 1] = overflowLength;
      cells[r4 + 2] = 0; // candidates written so far
      cells[r4 + 3] = NONE;
      overflowLength += k;
    }
  }
  const overflow = new Int32Array(overflowLength);
  let header = 0;
  for (let i = 0; i < n; i++) {
    const c = touched[i]!;
    if (c < 0) {
      header = partStart[parts[~c]!]!;
      continue;
    }
    const r4 = c * RECORD;
    if (cells[r4] === OVERFLOW) {
      overflow[cells[r4 + 1]! + cells[r4 + 2]!++] = header;
    } else {
      cells[r4 + (state[c]! & FILLED)] = header;
      state[c]!++;
    }
  }
  touched = new Int32Array(0); // not needed any more: let it go before the next collection

  // 3 and 4. Untouched cells first: they read the raw candidates of touched neighbours.
  const { cellW, cellH } = layout;
  let firstTouched = 0;
  while (firstTouched < total && !(state[firstTouched]! & TOUCHED)) firstTouched++;
  if (firstTouched === total) firstTouched = -1;
  for (let cy = 0, c = 0; cy < ny; cy++) {
    const py = minY + (cy + 0.5) * cellH;
    for (let cx = 0; cx < nx; cx++, c++) {
      if (state[c]! & TOUCHED) continue;
      cells[c * RECORD] = ownerOfUntouched(coords, cells, overflow, state, c, cx, nx, minX + (cx + 0.5) * cellW, py, firstTouched);
    }
  }
  for (let cy = 0, c = 0; cy < ny; cy++) {
    const py = minY + (cy + 0.5) * cellH;
    for (let cx = 0; cx < nx; cx++, c++) {
      const s = state[c]!;
      if (s & TOUCHED) finishTouched(coords, cells, overflow, c, s, minX + (cx + 0.5) * cellW, py);
    }
  }
  return { cells, overflow };
}

/**
 * Column or row of a scaled coordinate, clamped to 0 … n − 1: the same as EdgeCells'
 * clamp(floor(scaled)) for every finite value (truncation equals floor once negatives are
 * clamped, and n < 2^31), without the floor.
 */
function cellOf(scaled: number, n: number): number {
  return scaled < 0 ? 0 : scaled >= n ? n - 1 : scaled | 0;
}

/**
 * Adds directed edge hashes d1, d2 to cell c's sums and, the first time part `mark` touches c,
 * counts it and lists c in `touched` (which has room); returns the new length of `touched`.
 */
function touch(cells: Int32Array, touched: Int32Array, n: number, c: number, mark: number, d1: number, d2: number): number {
  const r4 = c * RECORD;
  cells[r4 + 2] = (cells[r4 + 2]! + d1) | 0;
  cells[r4 + 3] = (cells[r4 + 3]! + d2) | 0;
  if (cells[r4 + 1] === mark) return n;
  cells[r4 + 1] = mark;
  cells[r4]!++;
  touched[n] = c;
  return n + 1;
}

/** A copy of `array` with room for at least `need` entries. */
function grown(array: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(Math.max(need, array.length * 2));
  next.set(array);
  return next;
}

/**
 * The slot value of an untouched cell c: its face's owner, or NONE. No edge comes near such a
 * cell, so it lies in one face, which it shares with any untouched neighbour; a touched
 * neighbour T is partly in that face too, and the face's polygon has edges in T (else T would
 * lie wholly inside it, and the other parts whose edges touch T would overlap it). So the
 * record is copied from the left or upper neighbour when that one is untouched, and otherwise
 * the cell centre is tested against a touched neighbour's candidates. For the cells before the
 * first touched cell (row-major), that cell's candidates serve: the cells before it are all
 * untouched and connected to it.
 */
function ownerOfUntouched(
  coords: Float64Array,
  cells: Int32Array,
  overflow: Int32Array,
  state: Uint8Array,
  c: number,
  cx: number,
  nx: number,
  px: number,
  py: number,
  firstTouched: number,
): number {
  let t: number;
  if (cx > 0) {
    if (!(state[c - 1]! & TOUCHED)) return cells[(c - 1) * RECORD]!;
    if (c >= nx && !(state[c - nx]! & TOUCHED)) return cells[(c - nx) * RECORD]!;
    t = c - 1;
  } else if (c >= nx) {
    if (!(state[c - nx]! & TOUCHED)) return cells[(c - nx) * RECORD]!;
    t = c - nx;
  } else {
    if (firstTouched < 0) return NONE;
    t = firstTouched;
  }
  const r4 = t * RECORD;
  const owner =
    cells[r4] === OVERFLOW
      ? testParts(coords, overflow, cells[r4 + 1]!, cells[r4 + 1]! + cells[r4 + 2]!, px, py)
      : testParts(coords, cells, r4, r4 + (state[t]! & FILLED), px, py);
  return owner >= 0 ? ownerSlot(owner) : NONE;
}

/** Moves the candidate holding the cell centre (px, py) to the front and writes the record's ending. */
function finishTouched(coords: Float64Array, cells: Int32Array, overflow: Int32Array, c: number, s: number, px: number, py: number): void {
  const r4 = c * RECORD;
  const covered = (s & COVERED) !== 0;
  let list: Int32Array;
  let from: number;
  let k: number;
  if (cells[r4] === OVERFLOW) {
    list = overflow;
    from = cells[r4 + 1]!;
    k = cells[r4 + 2]!;
  } else {
    list = cells;
    from = r4;
    k = s & FILLED;
  }
  // Two candidates that cover the cell cost a lookup one test whichever comes first: no reordering.
  if (k > 2 || (k === 2 && !covered)) {
    // When the candidates cover the cell and none of the others holds the centre, the last does.
    const last = covered ? from + k - 1 : from + k;
    let hit = covered ? from + k - 1 : -1;
    for (let i = from; i < last; i++) {
      const h = list[i]!;
      if (pointInPart(coords, h + 2, coords[h]!, px, py)) {
        hit = i;
        break;
      }
    }
    if (hit > from) {
      const h = list[hit]!;
      list[hit] = list[from]!;
      list[from] = h;
    }
  }
  const end = covered ? ownerSlot(coords[list[from + k - 1]! + 1]!) : NONE;
  if (list === overflow) {
    cells[r4 + 2] = covered ? k - 1 : k;
    cells[r4 + 3] = end;
  } else if (covered) {
    cells[r4 + k - 1] = end;
  }
  // Inline and not covered: the slots after the candidates already hold NONE.
}

/** Owner of the first part among headers list[from … to) containing (x, y), or −1. */
export function testParts(coords: Float64Array, list: Int32Array, from: number, to: number, x: number, y: number): number {
  for (let i = from; i < to; i++) {
    const h = list[i]!;
    if (pointInPart(coords, h + 2, coords[h]!, x, y)) return coords[h + 1]!;
  }
  return -1;
}
