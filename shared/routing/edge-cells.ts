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

/** Edges flatter than 1 : SLOPE_LIMIT are treated as horizontal, so interpolating x(y) never amplifies rounding. */
const SLOPE_LIMIT = 64;

/**
 * Lists the cells a segment touches, conservatively: the segment is dilated by `eps` in x and y,
 * far more than the rounding of the lookup's cell arithmetic, so any point whose computed cell
 * is not listed lies at least ~eps away from the segment. That is what lets a cell untouched by
 * every edge be answered without a point-in-polygon test.
 */
export class EdgeCells {
  /** Cells of the last segment: cells[0 … count), row by row. */
  cells = new Int32Array(64);
  // Layout copied into own fields: segment() runs for every edge of every polygon at build.
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

  private col(x: number): number {
    const c = Math.floor((x - this.minX) * this.invW);
    return c < 0 ? 0 : c >= this.nx ? this.nx - 1 : c;
  }

  private row(y: number): number {
    const r = Math.floor((y - this.minY) * this.invH);
    return r < 0 ? 0 : r >= this.ny ? this.ny - 1 : r;
  }

  /** Fills `cells` with the cells touched by segment a–b (no duplicates); returns how many. */
  segment(ax: number, ay: number, bx: number, by: number): number {
    const eps = this.eps;
    const yLo = (ay < by ? ay : by) - eps;
    const yHi = (ay < by ? by : ay) + eps;
    const xLo = (ax < bx ? ax : bx) - eps;
    const xHi = (ax < bx ? bx : ax) + eps;
    const r0 = this.row(yLo);
    const r1 = this.row(yHi);
    const dx = bx - ax;
    const dy = by - ay;
    const interpolate = r0 !== r1 && dy !== 0 && Math.abs(dy) * SLOPE_LIMIT >= Math.abs(dx);
    let count = 0;
    for (let r = r0; r <= r1; r++) {
      let x0 = xLo;
      let x1 = xHi;
      if (interpolate) {
        // The part of the segment within this row's (dilated) y-span.
        const y0 = Math.max(yLo, this.minY + r * this.cellH - eps);
        const y1 = Math.min(yHi, this.minY + (r + 1) * this.cellH + eps);
        const xa = ax + ((y0 - ay) * dx) / dy;
        const xb = ax + ((y1 - ay) * dx) / dy;
        x0 = Math.max(xLo, (xa < xb ? xa : xb) - eps);
        x1 = Math.min(xHi, (xa < xb ? xb : xa) + eps);
      }
      const c0 = this.col(x0);
      const c1 = this.col(x1);
      if (count + (c1 - c0 + 1) > this.cells.length) this.grow(count + (c1 - c0 + 1));
      const base = r * this.nx;
      for (let c = c0; c <= c1; c++) this.cells[count++] = base + c;
    }
    return count;
  }

  private grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.cells.length * 2));
    next.set(this.cells);
    this.cells = next;
  }
}
