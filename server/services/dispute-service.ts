import type { WorkCalendar } from '../../shared/domain/calendar.ts';
import { decide, resolveJurisdiction, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import { decideDispute, disputeStatus, raiseDispute } from '../../shared/domain/dispute.ts';
import { bilingual } from '../../shared/domain/domain-result.ts';
import type { DisputeRecord, DisputeView } from '../../shared/protocol/disputes.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import { ConcurrentUpdateError, type Change, type EventRecord, type Store } from '../repositories/store.ts';
import { caseActorFor, eventActor, type CaseActorContext } from './case-actor.ts';
import type { CaseService } from './case-service.ts';
import { caseStateOf } from './case-state.ts';
import { planTransition } from './case-transition.ts';
import { DomainError } from './domain-error.ts';
import type { OverdueTimerService } from './overdue-timer-service.ts';
import type { Publisher } from './publisher.ts';
import { disputeAudience } from './record-audience.ts';

export interface DisputeDeps {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  cases: CaseService;
  calendar: WorkCalendar;
  now: () => Date;
  newId: () => string;
  overdue?: Pick<OverdueTimerService, 'watchDispute'>;
  /** Working days the coordination center has to decide (default: the domain's 3). */
  decisionWorkingDays?: number;
}

/** Units a decision may name: those that handle cases. */
const RESPONSIBLE_KINDS = ['township-team', 'squadron', 'bureau-brigade', 'department', 'department-station'];

/**
 * 确权: the assigned team (or its township commander) disputes the routing. Raising it returns the
 * case (退回, with the claim as reason) to the dispatch center's queue; the county coordination
 * center (the dispatch center) decides, and its decision re-dispatches the case to the unit it
 * names — each step one commit with its log entries, pushed live; the decision deadline has its
 * own timer (OverdueTimerService).
 */
export class DisputeService {
  constructor(private readonly deps: DisputeDeps) {}

  view(dispute: DisputeRecord): DisputeView {
    const status = disputeStatus(dispute, this.deps.now().toISOString(), this.deps.calendar);
    if (!status.ok) throw new DomainError(status.code as ErrorCode, status.message);
    const { ok: _ok, ...rest } = status;
    return { dispute, status: rest };
  }

  async raise(incidentId: string, input: { claim: string; proposedUnitId?: string }, actor: CaseActorContext): Promise<DisputeView & { seq: number }> {
    const { cases, store } = this.deps;
    const loaded = await cases.load(incidentId, actor);
    const { incident, config } = loaded;
    cases.assertCan(actor, 'case:handle', loaded);
    if ((await store.listDisputes({ caseId: incidentId, open: true })).length > 0) {
      throw new DomainError('DISPUTE_OPEN', bilingual('本案已有待确权的争议', `case ${incidentId} already has an undecided jurisdiction dispute`));
    }
    if (input.proposedUnitId !== undefined && !config.units.some((u) => u.id === input.proposedUnitId)) {
      throw new DomainError('UNKNOWN_UNIT', `no unit ${input.proposedUnitId} in county ${config.countyCode}`);
    }
    const state = caseStateOf(incident, config);
    const caseActor = caseActorFor(actor, config, state.assigneeId);
    const at = this.deps.now().toISOString();
    const plan = planTransition({
      current: incident,
      config,
      command: { action: 'return', reason: `管辖争议（确权）：${input.claim}` },
      actor: caseActor,
      logActor: eventActor(actor, caseActor.unitId),
      at,
      newId: this.deps.newId,
    });
    const raised = raiseDispute(
      {
        id: this.deps.newId(),
        caseId: incidentId,
        raisedBy: { actorId: actor.userId, unitId: caseActor.unitId, kind: actor.role === 'township-commander' ? 'township' : 'team' },
        routedUnitId: state.assigneeId!,
        proposedUnitId: input.proposedUnitId ?? null,
        claim: input.claim,
        coordinatorUnitId: config.dispatchCenterId,
        decisionWorkingDays: this.deps.decisionWorkingDays,
      },
      at,
    );
    if (!raised.ok) throw new DomainError(raised.code, raised.message);
    const dispute: DisputeRecord = { ...raised.dispute, countyCode: config.countyCode, version: 1 };
    const view = this.view(dispute);
    const logged = await cases.commitPlan(plan, [
      { kind: 'dispute.put', dispute, expectedVersion: 0 },
      { kind: 'event.append', type: 'dispute:raised', at, payload: { ...this.logBase(dispute), actor: eventActor(actor, caseActor.unitId), dueAt: view.status.dueAt } },
    ]);
    const seq = this.publish(logged, 'dispute:raised', view);
    this.deps.overdue?.watchDispute(dispute);
    return { ...view, seq };
  }

  async decide(disputeId: string, input: { responsibleUnitId: string; reason: string }, actor: CaseActorContext): Promise<DisputeView & { seq: number }> {
    const { cases } = this.deps;
    const dispute = await this.get(disputeId, actor);
    const loaded = await cases.load(dispute.caseId, actor);
    const { incident, config } = loaded;
    // The coordination center decides: whoever may dispatch county-wide acts for it.
    cases.assertCan(actor, 'case:dispatch', loaded);
    const decider = caseActorFor(actor, config, dispute.coordinatorUnitId);
    const target = config.units.find((u) => u.id === input.responsibleUnitId);
    if (!target || target.external || !RESPONSIBLE_KINDS.includes(target.kind)) {
      throw new DomainError('UNKNOWN_UNIT', bilingual(`${input.responsibleUnitId} 不是可承办案件的单位`, `${input.responsibleUnitId} is not a unit that handles cases in ${config.countyCode}`));
    }
    const at = this.deps.now().toISOString();
    const decided = decideDispute(dispute, { responsibleUnitId: target.id, deciderId: actor.userId, deciderUnitId: decider.unitId, reason: input.reason }, at);
    if (!decided.ok) throw new DomainError(decided.code, decided.message);
    const next: DisputeRecord = { ...dispute, ...decided.dispute, version: dispute.version + 1 };
    const view = this.view(next);
    const records: Change[] = [
      { kind: 'dispute.put', dispute: next, expectedVersion: dispute.version },
      { kind: 'event.append', type: 'dispute:decided', at, payload: { ...this.logBase(next), actor: eventActor(actor, decider.unitId), responsibleUnitId: target.id, reason: input.reason } },
    ];
    let logged: EventRecord[];
    try {
      if (incident.status === 'returned') {
        // The decision re-routes the case: dispatched to the decided unit, whose team names its officers at 签收.
        const state = caseStateOf(incident, config);
        const holder = caseActorFor(actor, config, state.holderId);
        const plan = planTransition({
          current: incident,
          config,
          command: { action: 'dispatch', targetUnitId: target.id, reason: `确权决定：${input.reason}`, officerIds: [] },
          actor: holder,
          logActor: eventActor(actor, holder.unitId),
          at,
          newId: this.deps.newId,
        });
        logged = await cases.commitPlan(plan, records);
      } else {
        // Someone already re-dispatched it meanwhile: the decision is recorded, the case left as it is.
        logged = await this.deps.store.commit(records);
      }
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && error.entity === 'dispute') throw new DomainError('ALREADY_DECIDED', `dispute ${disputeId} was decided meanwhile`);
      throw error;
    }
    const seq = this.publish(logged, 'dispute:decided', view);
    return { ...view, seq };
  }

  async get(id: string, actor: CaseActorContext): Promise<DisputeRecord> {
    const dispute = await this.deps.store.getDispute(id);
    if (!dispute || !this.visible(actor, dispute)) throw new DomainError('NOT_FOUND', `no dispute ${id} visible to ${actor.username}`);
    return dispute;
  }

  async list(query: { caseId?: string; open?: boolean }, actor: CaseActorContext): Promise<DisputeView[]> {
    const records = await this.deps.store.listDisputes({ ...query, countyCode: actor.countyCode ?? undefined });
    return records.filter((d) => this.visible(actor, d)).map((d) => this.view(d));
  }

  private visible(actor: CaseActorContext, dispute: DisputeRecord): boolean {
    const resolved = resolveJurisdiction(actor, this.deps.org);
    if (!resolved.ok) return false;
    const j = resolved.jurisdiction;
    if (j.countyCode !== null && j.countyCode !== dispute.countyCode) return false;
    const units = [dispute.raisedBy.unitId, dispute.routedUnitId, dispute.proposedUnitId, dispute.decision?.responsibleUnitId];
    return j.countyWide || units.some((u) => typeof u === 'string' && j.unitIds.has(u)) || decide(actor, 'case:read', { countyCode: dispute.countyCode, unitId: dispute.routedUnitId }, this.deps.org).allowed;
  }

  private logBase(dispute: DisputeRecord) {
    return { incidentId: dispute.caseId, countyCode: dispute.countyCode, disputeId: dispute.id };
  }

  private publish(logged: EventRecord[], type: 'dispute:raised' | 'dispute:decided', view: DisputeView): number {
    const seq = logged.find((e) => e.type === type)!.seq;
    this.deps.publisher.publish(disputeAudience(this.deps.org, view.dispute), type, { seq, ...view });
    return seq;
  }
}
