/** Latency samples in milliseconds, in a growable typed array (no per-sample objects). */
export class Samples {
  private data = new Float64Array(1024);
  private n = 0;

  add(ms: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = ms;
  }

  get count(): number {
    return this.n;
  }

  /** p50, p95, p99 and max (nearest rank); NaN when empty. */
  summary(): { p50: number; p95: number; p99: number; max: number; count: number } {
    const sorted = this.data.slice(0, this.n).sort();
    const at = (q: number) => (this.n === 0 ? NaN : sorted[Math.min(this.n - 1, Math.max(0, Math.ceil(q * this.n) - 1))]!);
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: this.n ? sorted[this.n - 1]! : NaN, count: this.n };
  }
}

export const fmtMs = (ms: number): string => (Number.isNaN(ms) ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);

export function fmtTriple(s: { p50: number; p95: number; p99: number }): string {
  return `${fmtMs(s.p50)} / ${fmtMs(s.p95)} / ${fmtMs(s.p99)}`;
}
