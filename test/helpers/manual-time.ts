import type { Scheduler } from '../../server/services/timers.ts';

/** A clock and scheduler the test moves by hand: tasks run, in time order, only when the clock reaches them. */
export class ManualTime implements Scheduler {
  private tasks: Array<{ at: number; seq: number; task: () => void; cancelled: boolean }> = [];
  private seq = 0;

  constructor(public ms: number) {}

  readonly now = (): Date => new Date(this.ms);

  schedule(delayMs: number, task: () => void): () => void {
    const entry = { at: this.ms + Math.max(0, delayMs), seq: this.seq++, task, cancelled: false };
    this.tasks.push(entry);
    return () => {
      entry.cancelled = true;
    };
  }

  /** Moves the clock to `ms`, running every task due by then (each at its own time). */
  advanceTo(ms: number): void {
    for (;;) {
      const due = this.tasks.filter((t) => !t.cancelled && t.at <= ms).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      this.ms = Math.max(this.ms, due.at);
      due.task();
    }
    this.ms = ms;
  }

  get scheduled(): number {
    return this.tasks.filter((t) => !t.cancelled).length;
  }
}
