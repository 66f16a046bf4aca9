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
}

/** How often a firing retries when a person (or another server) changed the case at the same moment. */
const MAX_ATTEMPTS = 8;

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

  constructor(private readonly deps: AckTimerDeps) {
    this.timers = new SubjectTimers(deps.scheduler, deps.now, (error) => (deps.log ?? console.error)(`[ack-timer] ${(error as Error).message}`));
  }

  async start(): Promise<void> {
    for (const order of await this.deps.store.listPendingOrders()) this.watch(order);
  }

  watch(order: DispatchOrder): void {
    if (order.status !== 'pending') return;
    this.incidentOf.set(order.id, order.incidentId);
    this.timers.run(() => this.check(order.id));
  }

  /** Resolves when every firing that was due has been stored and pushed. */
  idle(): Promise<void> {
    return this.timers.idle();
  }

  stop(): Promise<void> {
    return this.timers.stop();
  }

  /** Fires what is due for the order, then sleeps until its next step. */
  private async check(orderId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.fireDue(orderId);
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
    if (state.ok && state.state === 'waiting') this.timers.at(orderId, Date.parse(state.next.dueAt), (id) => this.check(id));
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
