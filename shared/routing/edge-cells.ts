/** Geometry of a uniform cell grid: cell (col, row) is row * nx + col. */
export interface CellLayout {
  readonly minX: number;
  readonly minY: number;
  readonly nx: number;
  readonly ny: number;
  readonly cellW: number;
  readonly cellH: number;
  /** Columns per unit of x: the lookup computes col = trunc((x − minX) · invW), clamped. */
  readonly invW: number;
  readonly invH: number;
}

/** Edges flatter than 1 : SLOPE_LIMIT get their whole x-range in every row, so interpolating x(y) never amplifies rounding. */
const SLOPE_LIMIT = 64;

/** i clamped to 0 … n − 1. */
function clamp(i: number, n: number): number {
  return i < 0 ? 0 : i >= n ? n - 1 : i;
}

/**
 * Lists the cells a segment touches, conservatively: the segment is dilated by `eps` in x and y,
 * far more than the rounding of the lookup's cell arithmetic, so any point whose computed cell
 * is not listed lies at least ~eps away from the segment. That is what lets a cell untouched by
 * every edge be answered without a point-in-polygon test.
 */
export class EdgeCells {
  /** Cells of the last segment: cells[0 … count), row by row (read it after segment(), which may replace it). */
  cells = new Int32Array(256);
  // Layout copied into own fields: segment() runs for every edge that spans several rows and columns.
  private readonly minX: number;
  private readonly minY: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly cellH: number;
  private readonly invW: number;
  private readonly invH: number;

  constructor(
    layout: CellLayout,
    private readonly eps: number,
  ) {
    this.minX = layout.minX;
    this.minY = layout.minY;
    this.nx = layout.nx;
    this.ny = layout.ny;
    this.cellH = layout.cellH;
    this.invW = layout.invW;
    this.invH = layout.invH;
  }

  /**
   * Fills `cells` with the cells touched by segment a–b (no duplicates); returns how many.
   * Depends only on the segment, not on its direction: both neighbours get the same cells.
   */
  segment(ax: number, ay: number, bx: number, by: number): number {
    if (by < ay || (by === ay && bx < ax)) {
      const tx = ax;
      const ty = ay;
      ax = bx;
      ay = by;
      bx = tx;
      by = ty;
    }
    const { eps, minX, minY, nx, ny, invW, invH, cellH } = this;
    const xLo = (ax < bx ? ax : bx) - eps;
    const xHi = (ax < bx ? bx : ax) + eps;
    const r0 = clamp(Math.floor((ay - eps - minY) * invH), ny);
    const r1 = clamp(Math.floor((by + eps - minY) * invH), ny);
    const cLo = clamp(Math.floor((xLo - minX) * invW), nx);
    const cHi = clamp(Math.floor((xHi - minX) * invW), nx);
    const most = (r1 - r0 + 1) * (cHi - cLo + 1);
    if (most > this.cells.length) this.cells = new Int32Array(Math.max(most, this.cells.length * 2));
    const cells = this.cells;
    let count = 0;
    const dx = bx - ax;
    const dy = by - ay;
    if (r0 === r1 || cLo === cHi || dy * SLOPE_LIMIT < Math.abs(dx)) {
      // One row or one column (the bounding box is exact), or too flat to interpolate.
      for (let r = r0; r <= r1; r++) for (let c = cLo; c <= cHi; c++) cells[count++] = r * nx + c;
      return count;
    }
    for (let r = r0; r <= r1; r++) {
      // The part of the segment within this row's (dilated) y-span.
      const y0 = Math.max(ay, minY + r * cellH - eps);
      const y1 = Math.min(by, minY + (r + 1) * cellH + eps);
      const xa = ax + ((y0 - ay) * dx) / dy;
      const xb = ax + ((y1 - ay) * dx) / dy;
      const c0 = Math.max(cLo, clamp(Math.floor(((xa < xb ? xa : xb) - eps - minX) * invW), nx));
      const c1 = Math.min(cHi, clamp(Math.floor(((xa < xb ? xb : xa) + eps - minX) * invW), nx));
      for (let c = c0; c <= c1; c++) cells[count++] = r * nx + c;
    }
    return count;
  }
}
