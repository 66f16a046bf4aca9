import { EdgeCells, type CellLayout } from './edge-cells.ts';
import type { FlatPolygons } from './flat-polygons.ts';
import { pointInPart } from './point-in-part.ts';

/**
 * Target cells per polygon part (by mean part bbox area): finer cells mean more cells wholly
 * inside one part and fewer candidates per boundary cell, at 16 bytes per cell.
 */
const CELLS_PER_PART = 4;
/** Int32 slots per cell record: a code and up to three inline candidates. */
const RECORD = 4;
const INLINE = RECORD - 1;

/** Record codes (slot 0). */
const EMPTY = -1;
const OVERFLOW = -2;
/** Inline candidate count k ∈ 1…3 is stored as −2 − k. */
const inlineCode = (k: number): number => -2 - k;

/** Candidates per cell in compressed-row form: cell c's part headers are list[start[c] … start[c + 1]). */
interface CellLists {
  start: Int32Array;
  list: Int32Array;
}

/**
 * A uniform grid over the parts of one cluster of polygons (one county), precomputed per cell.
 * Record of cell c in `cells` (4 Int32 slots from 4c):
 *
 *  [owner ≥ 0]               the cell lies wholly inside one part: no point-in-polygon test;
 *  [−1]                      the cell meets no part;
 *  [−2 − k, h1 … hk]         k ≤ 3 candidate parts, by header offset into coords;
 *  [−2, offset, count]       more candidates: overflow[offset … offset + count).
 *
 * A candidate is just the offset of its part header in coords ([end, owner], then vertices), so
 * a typical lookup touches the record (one cache line) and the coordinates of one part; the
 * candidate containing the cell centre comes first, so it is usually the only one tested.
 * Assumes the parts do not overlap, as grid data guarantees.
 */
export class CellGrid implements CellLayout {
  private constructor(
    readonly minX: number,
    readonly minY: number,
    readonly maxX: number,
    readonly maxY: number,
    readonly nx: number,
    readonly ny: number,
    readonly cellW: number,
    readonly cellH: number,
    readonly invW: number,
    readonly invH: number,
    private readonly cells: Int32Array,
    private readonly overflow: Int32Array,
    private readonly coords: Float64Array,
  ) {}

  get byteLength(): number {
    return this.cells.byteLength + this.overflow.byteLength;
  }

  /** Cells wholly inside a part, cells with candidates, and the mean candidates per such cell. */
  get stats(): { cells: number; inside: number; boundary: number; candidatesPerBoundaryCell: number } {
    let inside = 0;
    let boundary = 0;
    let candidates = 0;
    for (let r = 0; r < this.cells.length; r += RECORD) {
      const code = this.cells[r]!;
      if (code >= 0) inside++;
      else if (code <= OVERFLOW) {
        boundary++;
        candidates += code === OVERFLOW ? this.cells[r + 2]! : -2 - code;
      }
    }
    return { cells: this.nx * this.ny, inside, boundary, candidatesPerBoundaryCell: boundary ? candidates / boundary : 0 };
  }

  /** Indexes the given parts of `flat` (part indices); owners are those in the part headers. */
  static build(flat: FlatPolygons, parts: ArrayLike<number>, cellsPerPart = CELLS_PER_PART): CellGrid {
    const { coords, partRingStart, ringStart, ringEnd } = flat;
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let areaSum = 0;
    for (let j = 0; j < parts.length; j++) {
      const outer = partRingStart[parts[j]!]!;
      let x0 = Infinity;
      let y0 = Infinity;
      let x1 = -Infinity;
      let y1 = -Infinity;
      for (let i = ringStart[outer]!; i < ringEnd[outer]!; i += 2) {
        const x = coords[i]!;
        const y = coords[i + 1]!;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      areaSum += (x1 - x0) * (y1 - y0);
      minX = Math.min(minX, x0);
      minY = Math.min(minY, y0);
      maxX = Math.max(maxX, x1);
      maxY = Math.max(maxY, y1);
    }
    if (parts.length === 0) minX = minY = maxX = maxY = 0;
    const w = maxX - minX;
    const h = maxY - minY;
    const maxCells = Math.max(64, Math.ceil(parts.length * cellsPerPart * 4));
    let side = Math.sqrt(areaSum / Math.max(1, parts.length) / cellsPerPart);
    if (!(side > 0)) side = Math.max(w, h, Number.MIN_VALUE);
    let nx = Math.max(1, Math.ceil(w / side));
    let ny = Math.max(1, Math.ceil(h / side));
    while (nx * ny > maxCells) {
      side *= 1.25;
      nx = Math.max(1, Math.ceil(w / side));
      ny = Math.max(1, Math.ceil(h / side));
    }
    const layout: CellLayout = {
      minX,
      minY,
      nx,
      ny,
      cellW: w / nx,
      cellH: h / ny,
      invW: w > 0 ? nx / w : 0,
      invH: h > 0 ? ny / h : 0,
    };
    // Dilation of edges: ~1e-10 relative to the coordinate magnitude, orders above the rounding
    // of the cell arithmetic, orders below any cell size.
    const eps = 1e-10 * Math.max(1, Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY));
    const lists = candidateLists(flat, parts, layout, new EdgeCells(layout, eps));
    const regionOwner = ownersOfUntouchedCells(coords, layout, lists);
    centreOwnerFirst(coords, layout, lists);
    const { cells, overflow } = encodeRecords(lists, regionOwner);
    return new CellGrid(
      minX,
      minY,
      maxX,
      maxY,
      nx,
      ny,
      layout.cellW,
      layout.cellH,
      layout.invW,
      layout.invH,
      cells,
      overflow,
      coords,
    );
  }

  /** Owner of the part containing (x, y), or −1. */
  locate(x: number, y: number): number {
    // Written so that NaN fails the bounds check.
    if (!(x >= this.minX && x <= this.maxX && y >= this.minY && y <= this.maxY)) return EMPTY;
    let cx = ((x - this.minX) * this.invW) | 0;
    if (cx >= this.nx) cx = this.nx - 1;
    let cy = ((y - this.minY) * this.invH) | 0;
    if (cy >= this.ny) cy = this.ny - 1;
    const r = (cy * this.nx + cx) * RECORD;
    const code = this.cells[r]!;
    if (code >= EMPTY) return code;
    return code === OVERFLOW
      ? testParts(this.coords, this.overflow, this.cells[r + 1]!, this.cells[r + 1]! + this.cells[r + 2]!, x, y)
      : testParts(this.coords, this.cells, r + 1, r - 1 - code, x, y);
  }

  /** Calls visit(owner) for each part owner in cells meeting the box (owners may repeat). */
  forEachOwnerIn(x0: number, y0: number, x1: number, y1: number, visit: (owner: number) => void): void {
    if (x1 < this.minX || x0 > this.maxX || y1 < this.minY || y0 > this.maxY) return;
    const col = (x: number): number => Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.minX) * this.invW)));
    const row = (y: number): number => Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.minY) * this.invH)));
    const c0 = col(x0);
    const c1 = col(x1);
    for (let cy = row(y0), cy1 = row(y1); cy <= cy1; cy++) {
      for (let cx = c0; cx <= c1; cx++) {
        const r = (cy * this.nx + cx) * RECORD;
        const code = this.cells[r]!;
        if (code >= 0) visit(code);
        else if (code === OVERFLOW) {
          for (let o = this.cells[r + 1]!, end = o + this.cells[r + 2]!; o < end; o++) visit(this.coords[this.overflow[o]! + 1]!);
        } else if (code < OVERFLOW) {
          for (let o = r + 1; o < r - 1 - code; o++) visit(this.coords[this.cells[o]! + 1]!);
        }
      }
    }
  }
}

/** Owner of the first part among headers list[from … to) containing (x, y), or −1. */
function testParts(coords: Float64Array, list: Int32Array, from: number, to: number, x: number, y: number): number {
  for (let i = from; i < to; i++) {
    const h = list[i]!;
    if (pointInPart(coords, h + 2, coords[h]!, x, y)) return coords[h + 1]!;
  }
  return EMPTY;
}

/** One sweep over every ring edge collects distinct (cell, part) pairs; a counting sort groups them by cell. */
function candidateLists(flat: FlatPolygons, parts: ArrayLike<number>, layout: CellLayout, raster: EdgeCells): CellLists {
  const { coords, partStart, partRingStart, ringStart, ringEnd } = flat;
  const total = layout.nx * layout.ny;
  const stamp = new Int32Array(total).fill(-1);
  const start = new Int32Array(total + 1);
  let pairs = new Int32Array(Math.max(64, parts.length * 8));
  let n = 0;
  for (let j = 0; j < parts.length; j++) {
    const p = parts[j]!;
    const header = partStart[p]!;
    for (let r = partRingStart[p]!; r < partRingStart[p + 1]!; r++) {
      const s = ringStart[r]!;
      const e = ringEnd[r]!;
      let ax = coords[e - 2]!;
      let ay = coords[e - 1]!;
      for (let i = s; i < e; i += 2) {
        const bx = coords[i]!;
        const by = coords[i + 1]!;
        const k = raster.segment(ax, ay, bx, by);
        const touched = raster.cells;
        for (let t = 0; t < k; t++) {
          const c = touched[t]!;
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
  return { start, list };
}

/**
 * Owners of cells no edge touches. Each connected region of such cells lies in one face (no edge
 * separates them), so the region's first cell centre is tested once, against the candidates of
 * a touched neighbour: the face's polygon has edges there.
 */
function ownersOfUntouchedCells(coords: Float64Array, layout: CellLayout, { start, list }: CellLists): Int32Array {
  const { nx, minX, minY, cellW, cellH } = layout;
  const total = layout.nx * layout.ny;
  const owner = new Int32Array(total).fill(EMPTY);
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
    const o = border < 0 ? EMPTY : testParts(coords, list, start[border]!, start[border + 1]!, px, py);
    for (let k = 0; k < tail; k++) owner[queue[k]!] = o;
  }
  return owner;
}

/** Moves the candidate containing the cell centre to the front: it usually holds most of the cell. */
function centreOwnerFirst(coords: Float64Array, layout: CellLayout, { start, list }: CellLists): void {
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

function encodeRecords({ start, list }: CellLists, regionOwner: Int32Array): { cells: Int32Array; overflow: Int32Array } {
  const total = regionOwner.length;
  let spilled = 0;
  for (let c = 0; c < total; c++) if (start[c + 1]! - start[c]! > INLINE) spilled += start[c + 1]! - start[c]!;
  const cells = new Int32Array(total * RECORD);
  const overflow = new Int32Array(spilled);
  let o = 0;
  for (let c = 0; c < total; c++) {
    const s = start[c]!;
    const k = start[c + 1]! - s;
    const r = c * RECORD;
    if (k === 0) {
      cells[r] = regionOwner[c]!;
    } else if (k <= INLINE) {
      cells[r] = inlineCode(k);
      for (let i = 0; i < k; i++) cells[r + 1 + i] = list[s + i]!;
    } else {
      cells[r] = OVERFLOW;
      cells[r + 1] = o;
      cells[r + 2] = k;
      overflow.set(list.subarray(s, s + k), o);
      o += k;
    }
  }
  return { cells, overflow };
}
