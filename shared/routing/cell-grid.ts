import { cellRecords, NONE, OVERFLOW, RECORD, testParts } from './cell-candidates.ts';
import type { CellLayout } from './edge-cells.ts';
import type { FlatPolygons } from './flat-polygons.ts';
import { pointInPart } from './point-in-part.ts';

/**
 * Target cells per polygon part (by mean part bbox area): finer cells mean more cells wholly
 * inside one part and fewer candidates per boundary cell, at 16 bytes per cell.
 */
const CELLS_PER_PART = 4;

/**
 * A uniform grid over the parts of one cluster of polygons (one county), precomputed per cell.
 * The record of cell c is 4 Int32 slots from 4c, read in order: a header offset (≥ 0) is a
 * candidate part to test; −1 ends with "no part", −2 − owner ends with that owner; four
 * candidates that all fail mean "no part". For example:
 *
 *  [−2 − owner]               wholly inside one part: answered without a point-in-polygon test;
 *  [−1]                       meets no part;
 *  [h1, h2, −1]               candidate parts (header offsets into coords) to test in order;
 *  [h1, h2, h3, −2 − owner]   the candidates cover the cell: if the point is in none of h1…h3,
 *                             it is in the last one, whose test is skipped;
 *  [OVERFLOW, offset, m, end] m candidates in overflow[offset …], then `end` as above.
 *
 * A candidate is just the offset of its part header in coords ([end, owner], then vertices), so
 * a lookup reads one 16-byte record and the coordinates of the part it tests; the candidate
 * containing the cell centre comes first, so it is usually the only one tested. Assumes the
 * parts do not overlap, as grid data guarantees.
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

  /** Indexes the given parts of `flat` (part indices); owners are those in the part headers. */
  static build(flat: FlatPolygons, parts: ArrayLike<number>, cellsPerPart = CELLS_PER_PART): CellGrid {
    const layout = chooseLayout(flat, parts, cellsPerPart);
    // Dilation of edges: ~1e-10 relative to the coordinate magnitude, orders above the rounding
    // of the cell arithmetic, orders below any cell size.
    const { minX, minY, maxX, maxY } = layout;
    const eps = 1e-10 * Math.max(1, Math.abs(minX), Math.abs(maxX), Math.abs(minY), Math.abs(maxY));
    const { cells, overflow } = cellRecords(flat, parts, layout, eps);
    const { nx, ny, cellW, cellH, invW, invH } = layout;
    return new CellGrid(minX, minY, maxX, maxY, nx, ny, cellW, cellH, invW, invH, cells, overflow, flat.coords);
  }

  /** Owner of the part containing (x, y), or −1. */
  locate(x: number, y: number): number {
    // Written so that NaN fails the bounds check.
    if (!(x >= this.minX && x <= this.maxX && y >= this.minY && y <= this.maxY)) return NONE;
    let cx = ((x - this.minX) * this.invW) | 0;
    if (cx >= this.nx) cx = this.nx - 1;
    let cy = ((y - this.minY) * this.invH) | 0;
    if (cy >= this.ny) cy = this.ny - 1;
    const r = (cy * this.nx + cx) * RECORD;
    const cells = this.cells;
    if (cells[r] === OVERFLOW) {
      const from = cells[r + 1]!;
      const hit = testParts(this.coords, this.overflow, from, from + cells[r + 2]!, x, y);
      return hit >= 0 ? hit : slotOwner(cells[r + 3]!);
    }
    for (let i = r; i < r + RECORD; i++) {
      const v = cells[i]!;
      if (v < 0) return slotOwner(v);
      if (pointInPart(this.coords, v + 2, this.coords[v]!, x, y)) return this.coords[v + 1]!;
    }
    return NONE;
  }

  /** Calls visit(owner) for each owner with area in the cells meeting the box (owners may repeat). */
  forEachOwnerIn(x0: number, y0: number, x1: number, y1: number, visit: (owner: number) => void): void {
    if (x1 < this.minX || x0 > this.maxX || y1 < this.minY || y0 > this.maxY) return;
    const col = (x: number): number => Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.minX) * this.invW)));
    const row = (y: number): number => Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.minY) * this.invH)));
    const owner = (h: number): number => this.coords[h + 1]!;
    const c0 = col(x0);
    const c1 = col(x1);
    for (let cy = row(y0), cy1 = row(y1); cy <= cy1; cy++) {
      for (let cx = c0; cx <= c1; cx++) {
        const r = (cy * this.nx + cx) * RECORD;
        if (this.cells[r] === OVERFLOW) {
          for (let o = this.cells[r + 1]!, to = o + this.cells[r + 2]!; o < to; o++) visit(owner(this.overflow[o]!));
          if (this.cells[r + 3]! <= -2) visit(slotOwner(this.cells[r + 3]!));
          continue;
        }
        for (let i = r; i < r + RECORD; i++) {
          const v = this.cells[i]!;
          if (v >= 0) visit(owner(v));
          else {
            if (v <= -2) visit(slotOwner(v));
            break;
          }
        }
      }
    }
  }

  /** How the cells are answered: counts per record kind and the mean parts tested per boundary cell. */
  get stats(): CellStats {
    const stats = { cells: this.nx * this.ny, inside: 0, empty: 0, boundary: 0, covered: 0, overflow: 0, testsPerBoundaryCell: 0 };
    let tests = 0;
    for (let r = 0; r < this.cells.length; r += RECORD) {
      const first = this.cells[r]!;
      if (first === NONE) stats.empty++;
      else if (first < 0 && first !== OVERFLOW) stats.inside++;
      else {
        stats.boundary++;
        let m = 0;
        let end = NONE;
        if (first === OVERFLOW) {
          stats.overflow++;
          m = this.cells[r + 2]!;
          end = this.cells[r + 3]!;
        } else {
          while (m < RECORD && this.cells[r + m]! >= 0) m++;
          if (m < RECORD) end = this.cells[r + m]!;
        }
        tests += m;
        if (end <= -2) stats.covered++;
      }
    }
    stats.testsPerBoundaryCell = stats.boundary ? tests / stats.boundary : 0;
    return stats;
  }
}

export interface CellStats {
  cells: number;
  /** Wholly inside one part (answered without a test). */
  inside: number;
  /** Meeting no part. */
  empty: number;
  /** Touched by edges; of those, `covered` skip their last test and `overflow` spill to the overflow list. */
  boundary: number;
  covered: number;
  overflow: number;
  testsPerBoundaryCell: number;
}

/** Bounds of the parts and a cell size giving about `cellsPerPart` cells per part. */
function chooseLayout(flat: FlatPolygons, parts: ArrayLike<number>, cellsPerPart: number): CellLayout & { maxX: number; maxY: number } {
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
      // Branch-free min/max: wiggled edges make the branches unpredictable.
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
    areaSum += (x1 - x0) * (y1 - y0);
    if (x0 < minX) minX = x0;
    if (y0 < minY) minY = y0;
    if (x1 > maxX) maxX = x1;
    if (y1 > maxY) maxY = y1;
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
  return { minX, minY, maxX, maxY, nx, ny, cellW: w / nx, cellH: h / ny, invW: w > 0 ? nx / w : 0, invH: h > 0 ? ny / h : 0 };
}

/** Owner encoded in a record's end slot (−1 stays −1). */
function slotOwner(v: number): number {
  return v === NONE ? NONE : -2 - v;
}
