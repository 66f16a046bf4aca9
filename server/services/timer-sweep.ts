import { ackLadderState, type AckLadderConfig } from '../../shared/domain/ack-ladder.ts';
import type { DispatchOrder } from '../../shared/domain/incident.ts';
import type { Store } from '../repositories/store.ts';

export interface TimerSweepOptions {
  /** How often the sweep runs (default 10 s). */
  intervalMs?: number;
  /**
   * A step overdue by less than this is left to the node that holds its timer (default 5 s).
   * Negative: look ahead — arm steps due within that long, so this node races the owner at the
   * due moment (used by tests to show a step fires once when two nodes hold its timer).
   */
  graceMs?: number;
  /** Orders handed over per pass at most, oldest first (default 200): after an outage thousands can be overdue, and each firing reads and writes the store. */
  maxPerPass?: number;
}

export interface TimerSweepDeps extends TimerSweepOptions {
  store: Pick<Store, 'listPendingOrders'>;
  /** The ack timer service: watching an order fires what is due and schedules the rest. */
  ackTimers: { watch(order: DispatchOrder): void };
  ladder: AckLadderConfig;
  now: () => Date;
  /** Several nodes: true only on the one node that holds the cluster's sweep lock. Absent: always sweep. */
  leader?: () => Promise<boolean>;
  log?: (message: string) => void;
  /** Told how many orders each pass handed over (a metric). */
  onHanded?: (count: number) => void;
}

/**
 * Ack-ladder timers live in the memory of the node that issued the order (and of any node started
 * later, which rebuilds them from the store). When that node dies, its orders' ladders would wait
 * for the next restart. The sweep closes the gap: every interval, one node — the holder of a
 * PostgreSQL advisory lock, so the cluster sweeps once, and another node takes over when the holder
 * dies — lists the pending orders and hands those with a step overdue beyond the grace period to its
 * own ack timer service. Firing stays exactly-once across nodes because the firing itself is guarded
 * by the store (UNIQUE (order, level) escalation record and the case version): a second node that
 * tries the same step is refused and re-reads. The count of orders with a step due at sweep time is
 * the timer backlog metric.
 */
export class AckTimerSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  /** Orders with an escalation step due but not fired, at the last sweep (this node's view). */
  private backlog = 0;
  private sweptAt = -Infinity;

  constructor(private readonly deps: TimerSweepDeps) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(() => undefined)
        .catch((error: unknown) => (this.deps.log ?? console.warn)(`[timer-sweep] ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.deps.intervalMs ?? 10_000);
    this.timer.unref();
  }

  /**
   * Orders with an escalation step due and not fired, for the metric: the last sweep's count when
   * this node swept in the last two intervals, else counted now (a single node does not sweep:
   * its own timers are all there are).
   */
  async currentBacklog(): Promise<number> {
    if (performance.now() - this.sweptAt < 2 * (this.deps.intervalMs ?? 10_000)) return this.backlog;
    const now = this.deps.now().toISOString();
    let due = 0;
    for (const order of await this.deps.store.listPendingOrders()) {
      const state = ackLadderState(order, order.escalations ?? [], this.deps.ladder, now);
      if (state.ok && state.state === 'waiting' && state.due) due++;
    }
    return due;
  }

  /** One pass; resolves with the number of orders handed to the ack timers. */
  async sweep(): Promise<number> {
    if (this.deps.leader && !(await this.deps.leader())) return 0;
    this.sweptAt = performance.now();
    const nowMs = this.deps.now().getTime();
    const now = new Date(nowMs).toISOString();
    const grace = this.deps.graceMs ?? 5000;
    let due = 0;
    let handed = 0;
    for (const order of await this.deps.store.listPendingOrders()) {
      const state = ackLadderState(order, order.escalations ?? [], this.deps.ladder, now);
      if (!state.ok || state.state !== 'waiting') continue;
      if (state.due) due++;
      if (Date.parse(state.next.dueAt) + grace <= nowMs && handed < (this.deps.maxPerPass ?? 200)) {
        this.deps.ackTimers.watch(order);
        handed++;
      }
    }
    this.backlog = due;
    if (handed > 0) this.deps.onHanded?.(handed);
    return handed;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
