/** Runs `task` after `delayMs`; returns a cancel function. Injected so tests drive time by hand. */
export interface Scheduler {
  schedule(delayMs: number, task: () => void): () => void;
}

/** setTimeout caps delays at 2^31-1 ms (~24.8 days); a longer wait wakes early and re-checks. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export const realScheduler: Scheduler = {
  schedule(delayMs, task) {
    const handle = setTimeout(task, Math.min(Math.max(0, delayMs), MAX_DELAY_MS));
    handle.unref();
    return () => clearTimeout(handle);
  },
};

/**
 * One pending wake-up per subject (order, request, dispute), plus the work in flight, so a service
 * can stop cleanly and a test can wait until everything that was due has been stored.
 */
export class SubjectTimers {
  private readonly cancels = new Map<string, () => void>();
  private readonly running = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly now: () => Date,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** (Re)schedules `fire(id)` at `atMs` (now if past). */
  at(id: string, atMs: number, fire: (id: string) => Promise<void>): void {
    if (this.stopped) return;
    this.cancel(id);
    const cancel = this.scheduler.schedule(atMs - this.now().getTime(), () => {
      this.cancels.delete(id);
      this.run(() => fire(id));
    });
    this.cancels.set(id, cancel);
  }

  cancel(id: string): void {
    this.cancels.get(id)?.();
    this.cancels.delete(id);
  }

  /** Work started outside a timer (start-up catch-up) is tracked the same way. */
  run(work: () => Promise<void>): void {
    if (this.stopped) return;
    const p = work().catch(this.onError);
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  /** Resolves once nothing is in flight (work may schedule more work; waits for that too). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get pending(): number {
    return this.cancels.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const cancel of this.cancels.values()) cancel();
    this.cancels.clear();
    await this.idle();
  }
}

/** A short, growing, jittered pause before retrying a commit that lost a race (the winner may still be being made durable). */
export function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 * 2 ** attempt + Math.random() * 10));
}
