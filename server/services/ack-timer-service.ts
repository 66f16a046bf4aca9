import { ackLadderState, dueEscalations, type AckLadderConfig } from '../../shared/domain/ack-ladder.ts';
import type { DispatchOrder, Incident, OrderEscalation } from '../../shared/domain/incident.ts';
import { ConcurrentUpdateError, TimerAlreadyFiredError, type Store } from '../repositories/store.ts';
import { SYSTEM_USER_ID } from './case-actor.ts';
import { publishCaseEvents } from './case-broadcast.ts';
import { caseAudience } from './case-state.ts';
import type { OrderWatcher } from './case-service.ts';
import type { Publisher } from './publisher.ts';
import { backOff, SubjectTimers, type Scheduler } from './timers.ts';

export interface AckTimerDeps {
  store: Store;
  publisher: Publisher;
  now: () => Date;
  scheduler: Scheduler;
  /** The ladder of a county (default 5 min → township commander, 10 min → county dispatch center). */
  ladderFor: (countyCode: string) => AckLadderConfig;
  log?: (message: string) => void;
  /** Checks in flight at most (default 4); the rest wait their turn. */
  maxConcurrentChecks?: number;
}

/** How often a firing retries when a person (or another server) changed the case at the same moment. */
const MAX_ATTEMPTS = 8;
/**
 * Checks (read the case, maybe commit a step) running at once. At start-up every pending order is
 * checked; unbounded, a few thousand of them took every pooled connection and intake got 503s.
 */
const DEFAULT_MAX_CONCURRENT_CHECKS = 4;

/**
 * The acknowledgement ladder of every pending dispatch order. Deadlines are absolute (createdAt +
 * step), so after a restart `start()` rebuilds every ladder from the store and fires, once and in
 * order, every step whose time has passed. Firing = one commit holding the escalation record
 * (UNIQUE per order and level: a step fires once even with several servers), the order's updated
 * escalations at the next case version, and a `dispatch:escalated` log entry; then the broadcast.
 */
export class AckTimerService implements OrderWatcher {
  private readonly timers: SubjectTimers;
  /** Which incident each watched order belongs to. */
  private readonly incidentOf = new Map<string, string>();
  private readonly slots: Slots;
  private stopped = false;
  /** One callback for every timer: a closure made inside watch() would keep the whole order alive until it fires. */
  private readonly recheck = (orderId: string) => this.check(orderId);

  constructor(private readonly deps: AckTimerDeps) {
    this.timers = new SubjectTimers(deps.scheduler, deps.now, (error) => (deps.log ?? console.error)(`[ack-timer] ${(error as Error).message}`));
    this.slots = new Slots(deps.maxConcurrentChecks ?? DEFAULT_MAX_CONCURRENT_CHECKS);
  }

  /** Rebuilds every pending order's ladder; the reads this takes run a few at a time (see `maxConcurrentChecks`). */
  async start(): Promise<void> {
    for (const order of await this.deps.store.listPendingOrders()) this.watch(order);
  }

  /**
   * Arms the order's ladder. With its county (intake knows it), an order with no step due yet —
   * every new one — is armed from the order itself, without reading the case back: the read
   * happens when a step falls due. Without it the case is read now to find the county's ladder.
   */
  watch(order: DispatchOrder, countyCode?: string): void {
    if (order.status !== 'pending') return;
    const orderId = order.id;
    this.incidentOf.set(orderId, order.incidentId);
    if (countyCode !== undefined) {
      const state = ackLadderState(order, order.escalations ?? [], this.deps.ladderFor(countyCode), this.deps.now().toISOString());
      if (state.ok && state.state === 'waiting' && !state.due) {
        this.timers.at(orderId, Date.parse(state.next.dueAt), this.recheck);
        return;
      }
    }
    this.timers.run(() => this.recheck(orderId));
  }

  /** Resolves when every firing that was due has been stored and pushed. */
  idle(): Promise<void> {
    return this.timers.idle();
  }

  stop(): Promise<void> {
    // Checks still waiting for a slot (thousands at start-up) give up instead of reading after stop.
    this.stopped = true;
    return this.timers.stop();
  }

  /** Fires what is due for the order, then sleeps until its next step. */
  private async check(orderId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.slots.run(async () => {
          if (!this.stopped) await this.fireDue(orderId);
        });
        return;
      } catch (error) {
        // A person acknowledged or another server fired meanwhile: read again and decide again.
        if (!(error instanceof ConcurrentUpdateError || error instanceof TimerAlreadyFiredError) || attempt >= MAX_ATTEMPTS) throw error;
        // The winner's commit may not be readable yet (still being made durable): give it a moment.
        await backOff(attempt);
      }
    }
  }

  private async fireDue(orderId: string): Promise<void> {
    const incidentId = this.incidentOf.get(orderId);
    const incident = incidentId ? await this.deps.store.getIncident(incidentId) : null;
    const order = incident?.orders.find((o) => o.id === orderId);
    // Records from before the workflow have no case version to guard a firing with: they are not escalated.
    if (!incident?.case || !order || order.status !== 'pending') return this.forget(orderId);
    const ladder = this.deps.ladderFor(incident.route.county.code);
    const now = this.deps.now().toISOString();
    const due = dueEscalations(order, order.escalations ?? [], ladder, now);
    if (!due.ok) throw new Error(`order ${orderId}: ${due.message}`);
    let current = incident;
    for (const step of due.steps) current = await this.escalate(current, orderId, { level: step.level, dueAt: step.dueAt, firedAt: now });
    const latest = current.orders.find((o) => o.id === orderId)!;
    const state = ackLadderState(latest, latest.escalations ?? [], ladder, now);
    if (state.ok && state.state === 'waiting') this.timers.at(orderId, Date.parse(state.next.dueAt), this.recheck);
    else this.forget(orderId);
  }

  private async escalate(incident: Incident & { orders: DispatchOrder[] }, orderId: string, escalation: OrderEscalation) {
    const { orders, ...rest } = incident;
    const order = orders.find((o) => o.id === orderId)!;
    const escalated: DispatchOrder = { ...order, escalations: [...(order.escalations ?? []), escalation] };
    const version = incident.case!.version;
    const next: Incident = { ...rest, case: { ...incident.case!, version: version + 1 } };
    const nextOrders = orders.map((o) => (o.id === orderId ? escalated : o));
    const logged = await this.deps.store.commit([
      { kind: 'incident.update', incident: next, expectedVersion: version },
      { kind: 'order.update', order: escalated },
      { kind: 'timer.fired', firing: { subjectId: orderId, step: escalation.level, kind: 'ack-escalation', dueAt: escalation.dueAt, firedAt: escalation.firedAt } },
      {
        kind: 'event.append',
        type: 'dispatch:escalated',
        at: escalation.firedAt,
        payload: {
          incidentId: incident.id,
          countyCode: incident.route.county.code,
          townshipCode: incident.route.township.code,
          actor: { userId: SYSTEM_USER_ID, unitId: order.unit.id },
          orderId,
          unitId: order.unit.id,
          escalation,
        },
      },
    ]);
    const view = { ...next, orders: nextOrders };
    publishCaseEvents(this.deps.publisher, logged, view, caseAudience(next));
    return view;
  }

  private forget(orderId: string): void {
    this.timers.cancel(orderId);
    this.incidentOf.delete(orderId);
  }
}

/** At most `max` tasks at once; the others wait in arrival order. */
class Slots {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // The slot passes straight to the next waiter (active stays the same), or is freed.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}
