import type { WorkCalendar } from '../../shared/domain/calendar.ts';
import type { OrgConfigs } from '../../shared/domain/capabilities.ts';
import { collaborationStatus } from '../../shared/domain/collaboration.ts';
import { disputeStatus } from '../../shared/domain/dispute.ts';
import type { CollaborationRecord } from '../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../shared/protocol/disputes.ts';
import { TimerAlreadyFiredError, type Store } from '../repositories/store.ts';
import { SYSTEM_USER_ID } from './case-actor.ts';
import type { Publisher } from './publisher.ts';
import { collaborationAudience, disputeAudience } from './record-audience.ts';
import { SubjectTimers, type Scheduler } from './timers.ts';

export interface OverdueTimerDeps {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  now: () => Date;
  scheduler: Scheduler;
  calendar: WorkCalendar;
  log?: (message: string) => void;
}

/**
 * Working-day deadlines that flag themselves: a 乡呼县应 request unanswered after 3 working days,
 * a 确权 dispute undecided after its period. At the deadline the flag is stored once (UNIQUE
 * subject + 'overdue'; a restart or a second server finds it taken and stays quiet) and pushed as
 * `collaboration:overdue` / `dispute:overdue`. The state itself stays derived from the times.
 */
export class OverdueTimerService {
  private readonly timers: SubjectTimers;

  constructor(private readonly deps: OverdueTimerDeps) {
    this.timers = new SubjectTimers(deps.scheduler, deps.now, (error) => (deps.log ?? console.error)(`[overdue-timer] ${(error as Error).message}`));
  }

  async start(): Promise<void> {
    for (const r of await this.deps.store.listCollaborations({ open: true })) this.watchCollaboration(r);
    for (const d of await this.deps.store.listDisputes({ open: true })) this.watchDispute(d);
  }

  watchCollaboration(request: CollaborationRecord): void {
    if (request.answeredAt === null) this.timers.run(() => this.checkCollaboration(request.id));
  }

  watchDispute(dispute: DisputeRecord): void {
    if (dispute.decision === null) this.timers.run(() => this.checkDispute(dispute.id));
  }

  idle(): Promise<void> {
    return this.timers.idle();
  }

  stop(): Promise<void> {
    return this.timers.stop();
  }

  private async checkCollaboration(id: string): Promise<void> {
    const key = `collaboration:${id}`;
    const request = await this.deps.store.getCollaboration(id);
    if (!request || request.answeredAt !== null) return this.timers.cancel(key);
    const status = collaborationStatus(request, this.deps.now().toISOString(), this.deps.calendar);
    if (!status.ok) throw new Error(`collaboration ${id}: ${status.message}`);
    if (status.dueAt === null) return this.timers.cancel(key); // the county sets no reply deadline
    const dueAt = status.dueAt;
    if (status.state === 'requested') return this.timers.at(key, Date.parse(dueAt), () => this.checkCollaboration(id));
    const { ok: _ok, ...view } = status;
    const seq = await this.flag(id, 'collaboration-overdue', 'collaboration:overdue', dueAt, { incidentId: request.caseId ?? undefined, countyCode: request.countyCode, requestId: id });
    if (seq !== null) this.deps.publisher.publish(collaborationAudience(this.deps.org, request), 'collaboration:overdue', { seq, request, status: view });
  }

  private async checkDispute(id: string): Promise<void> {
    const key = `dispute:${id}`;
    const dispute = await this.deps.store.getDispute(id);
    if (!dispute || dispute.decision !== null) return this.timers.cancel(key);
    const status = disputeStatus(dispute, this.deps.now().toISOString(), this.deps.calendar);
    if (!status.ok) throw new Error(`dispute ${id}: ${status.message}`);
    if (status.state === 'pending') return this.timers.at(key, Date.parse(status.dueAt), () => this.checkDispute(id));
    const { ok: _ok, ...view } = status;
    const seq = await this.flag(id, 'dispute-overdue', 'dispute:overdue', status.dueAt, { incidentId: dispute.caseId, countyCode: dispute.countyCode, disputeId: id });
    if (seq !== null) this.deps.publisher.publish(disputeAudience(this.deps.org, dispute), 'dispute:overdue', { seq, dispute, status: view });
  }

  /** Stores the overdue flag once; null when it was already stored (nothing to push again). */
  private async flag(subjectId: string, kind: 'collaboration-overdue' | 'dispute-overdue', type: string, dueAt: string, payload: Record<string, unknown>): Promise<number | null> {
    const firedAt = this.deps.now().toISOString();
    try {
      const [event] = await this.deps.store.commit([
        { kind: 'timer.fired', firing: { subjectId, step: 'overdue', kind, dueAt, firedAt } },
        { kind: 'event.append', type, at: firedAt, payload: { ...payload, actor: { userId: SYSTEM_USER_ID, unitId: 'system' }, dueAt } },
      ]);
      return event!.seq;
    } catch (error) {
      if (error instanceof TimerAlreadyFiredError) return null;
      throw error;
    }
  }
}
