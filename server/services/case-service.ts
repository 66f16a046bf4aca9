import { createHash } from 'node:crypto';
import { decide, type Capability, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import { ACTION_CAPABILITY } from '../../shared/domain/case-actions.ts';
import { allowedActions, CASE_ACTION_LABELS, CASE_STATUS_LABELS, CASE_TRANSITIONS, type CaseAction, type CaseCommand } from '../../shared/domain/case-lifecycle.ts';
import { majorCaseDestination } from '../../shared/domain/case-holder.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { Catalogue } from '../../shared/domain/matters.ts';
import type { DispatchOrder } from '../../shared/domain/incident.ts';
import { bilingual } from '../../shared/domain/domain-result.ts';
import type { CaseActionBody, CaseActionResponse, FeedbackBody, IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import { ConcurrentUpdateError, IdempotencyKeyTakenError, type Change, type EventRecord, type IdempotentResponse, type Store } from '../repositories/store.ts';
import { caseActorFor, eventActor, type CaseActorContext } from './case-actor.ts';
import { publishCaseEvents } from './case-broadcast.ts';
import { requireEnforcementOfficers } from './case-officers.ts';
import { caseAudience, caseOf, caseScope, caseStateOf, openOrder } from './case-state.ts';
import { planTransition, type TransitionPlan } from './case-transition.ts';
import { DomainError } from './domain-error.ts';
import type { Publisher } from './publisher.ts';
import { backOff } from './timers.ts';

/** Told about every order issued, so its acknowledgement ladder starts (the ack timer service). */
export interface OrderWatcher {
  /** countyCode, when known, arms the ladder without reading the case back. */
  watch(order: DispatchOrder, countyCode?: string): void;
}

export interface CaseDeps {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  now: () => Date;
  newId: () => string;
  orders?: OrderWatcher;
  /** The matter catalogue in force, for the major-case rule. */
  catalogue?: () => Catalogue;
}

export interface LoadedCase {
  incident: IncidentWithOrdersView;
  config: CountyConfig;
}

/**
 * The case workflow: checks who may act (role table, then unit and 办审定分离 in the lifecycle),
 * stores the step with its order changes and log entries in one versioned commit, then pushes it.
 */
export class CaseService {
  constructor(private readonly deps: CaseDeps) {}

  /** The case, if the actor may read it (404 / 403 otherwise). */
  async load(incidentId: string, actor: CaseActorContext | null): Promise<LoadedCase> {
    const incident = await this.deps.store.getIncident(incidentId);
    if (!incident) throw new DomainError('NOT_FOUND', `no incident with id ${incidentId}`);
    const config = this.deps.org.get(incident.route.county.code);
    if (!config) throw new DomainError('INTERNAL', `county ${incident.route.county.code} is not configured`);
    if (actor) this.assertCan(actor, 'case:read', { incident, config });
    return { incident, config };
  }

  assertCan(actor: CaseActorContext, capability: Capability, { incident }: LoadedCase): void {
    const decision = decide(actor, capability, caseScope(incident), this.deps.org);
    if (!decision.allowed) throw new DomainError('FORBIDDEN', `forbidden: ${decision.message}`);
  }

  /**
   * One workflow step. If the case changed between reading and storing (a timer's escalation, a
   * colleague), the step is checked again against the new state and retried, like pressing again.
   */
  async act(incidentId: string, action: CaseAction, body: CaseActionBody, actor: CaseActorContext, idempotencyKey?: string): Promise<CaseActionResponse> {
    const idempotency = idempotencyKey ? { key: idempotencyKey, requestHash: hashAction(incidentId, action, body, actor.userId) } : undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        if (idempotency) {
          const previous = await this.deps.store.findIdempotentResponse(idempotency.key);
          if (previous) return await this.replay(incidentId, previous, idempotency.requestHash, actor);
        }
        return await this.actOnce(incidentId, action, body, actor, idempotency);
      } catch (error) {
        // A twin request with the same key may have won the race: it changed the case first (CASE_CHANGED, or
        // ILLEGAL_TRANSITION when we read the case after its commit) or stored the key first. Answer as it did.
        if (idempotency && error instanceof DomainError && error.code === 'ILLEGAL_TRANSITION') {
          const previous = await this.deps.store.findIdempotentResponse(idempotency.key);
          if (previous) return await this.replay(incidentId, previous, idempotency.requestHash, actor);
        }
        const raced = error instanceof IdempotencyKeyTakenError || (error instanceof DomainError && error.code === 'CASE_CHANGED');
        if (!raced || attempt >= 3) throw error;
        await backOff(attempt);
      }
    }
  }

  /**
   * The answer to a retried step: the stored incident and event of the first answer, with the seq it
   * was logged at (looked up, since the seq is only known once that commit was made).
   */
  private async replay(incidentId: string, previous: IdempotentResponse, requestHash: string, actor: CaseActorContext): Promise<CaseActionResponse> {
    if (previous.requestHash !== requestHash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request; use a new key');
    }
    await this.load(incidentId, actor); // the replay is still subject to who may read the case
    const stored = previous.body as Omit<CaseActionResponse, 'seq'>;
    const logged = await this.deps.store.audit({ incidentId, limit: 10_000 });
    const entry = logged.find((e) => {
      const payload = e.payload as { event?: { at?: string; type?: string } };
      return e.type === 'case:transitioned' && payload.event?.at === stored.event.at && payload.event?.type === stored.event.type;
    });
    if (!entry) throw new DomainError('INTERNAL', 'the first answer to this Idempotency-Key is stored but its log entry is missing');
    return { ...stored, seq: entry.seq };
  }

  private async actOnce(
    incidentId: string,
    action: CaseAction,
    body: CaseActionBody,
    actor: CaseActorContext,
    idempotency?: { key: string; requestHash: string },
  ): Promise<CaseActionResponse> {
    const loaded = await this.load(incidentId, actor);
    const { incident, config } = loaded;
    // Say what the case allows before who may do it: the operator learns the state either way.
    const allowed = allowedActions(incident.status);
    if (!allowed.includes(action)) {
      const can = allowed.length ? allowed.map((a) => `「${CASE_ACTION_LABELS[a]}」`).join('、') : '无（已是终态）';
      throw new DomainError(
        'ILLEGAL_TRANSITION',
        bilingual(`案件处于「${CASE_STATUS_LABELS[incident.status]}」，不能「${CASE_ACTION_LABELS[action]}」；当前可执行：${can}`, `cannot ${action} a case in state ${incident.status}; allowed: ${allowed.join(', ') || 'none (final state)'}`),
        undefined,
        allowed,
      );
    }
    this.assertCan(actor, ACTION_CAPABILITY[action], loaded);
    const at = this.deps.now().toISOString();
    const state = caseStateOf(incident, config);
    const rule = CASE_TRANSITIONS.find((r) => r.from === state.status && r.action === action)!;
    const caseActor = caseActorFor(actor, config, rule.by === 'holder' ? state.holderId : state.assigneeId);
    const command: CaseCommand = { action, reason: body.reason };
    let ackOfficerIds: string[] | undefined;
    if (action === 'dispatch' || action === 'reassign') {
      // 改派 without a unit keeps the team and names other officers.
      command.targetUnitId = body.unitId ?? (action === 'reassign' ? (state.assigneeId ?? undefined) : incident.route.unit.id);
      if (command.targetUnitId) this.requireUnit(config, command.targetUnitId, ['township-team', 'squadron', 'bureau-brigade', 'department', 'department-station']);
      // Only the unit may be wrong here; WRONG_UNIT etc. come from the lifecycle, officers are checked after it.
      command.officerIds = body.officerIds ?? [];
    }
    if (action === 'transfer') {
      command.transferKind = body.transferKind;
      command.targetUnitId = body.unitId;
      if (body.unitId && body.transferKind === 'escalateToCounty') this.requireMajorCaseDestination(config, incident.matterCode, body.unitId);
      else if (body.unitId && body.transferKind) this.requireUnit(config, body.unitId, ['department', 'department-station'], 'INVALID_TRANSFER_TARGET');
    }
    // The lifecycle first (state, unit, separation, reasons), then the officers, so the most basic refusal wins.
    planTransition({ current: incident, config, command, actor: caseActor, logActor: eventActor(actor, caseActor.unitId), at, newId: this.deps.newId });
    if (action === 'reportResult' && body.result) command.result = body.result;
    if (action === 'dispatch' || action === 'reassign') command.officerIds = await requireEnforcementOfficers(this.deps.store, command.officerIds ?? [], command.targetUnitId!, at);
    if (action === 'acknowledge') ackOfficerIds = await this.ackOfficers(incident, body, state.assigneeId!, at);
    const plan = planTransition({ current: incident, config, command, actor: caseActor, logActor: eventActor(actor, caseActor.unitId), at, newId: this.deps.newId, ackOfficerIds });
    const answer = { incident: { ...plan.incident, orders: plan.orders }, event: plan.event };
    // The answer is saved in the same commit as the step: a retry after a lost reply finds one or the other, never half.
    const extra: Change[] = idempotency ? [{ kind: 'idempotency.save', key: idempotency.key, response: { requestHash: idempotency.requestHash, status: 200, body: answer } }] : [];
    const logged = await this.commitPlan(plan, extra);
    return { ...answer, seq: logged.find((e) => e.type === 'case:transitioned')!.seq };
  }

  /** Stores a plan (plus changes of the caller's, e.g. a dispute record), then pushes it and starts the new order's ladder. */
  async commitPlan(plan: TransitionPlan, extra: Change[] = []): Promise<EventRecord[]> {
    let logged: EventRecord[];
    try {
      logged = await this.deps.store.commit([...plan.changes, ...extra]);
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) {
        throw new DomainError('CASE_CHANGED', bilingual('案件刚被他人更新，请刷新后重试', `${error.message}; reload the case and try again`));
      }
      throw error;
    }
    const view = { ...plan.incident, orders: plan.orders };
    publishCaseEvents(this.deps.publisher, logged, view, caseAudience(plan.incident, [plan.previousAssignee]));
    if (plan.newOrder) this.deps.orders?.watch(plan.newOrder, plan.incident.route.county.code);
    return logged;
  }

  /**
   * 反馈主管部门: once a case is closed (or refused), the holder tells the department that sent the
   * lead what came of it. Recorded on the case (once per department) and pushed to that department.
   */
  async sendFeedback(incidentId: string, body: FeedbackBody, actor: CaseActorContext): Promise<{ incident: IncidentWithOrdersView; seq: number }> {
    const loaded = await this.load(incidentId, actor);
    const { incident, config } = loaded;
    if (incident.status !== 'closed' && incident.status !== 'rejected') {
      throw new DomainError('ILLEGAL_TRANSITION', bilingual('结案（或不予立案）后才能反馈主管部门', `feedback goes to the department once the case is closed or rejected; it is ${incident.status}`), undefined, allowedActions(incident.status));
    }
    this.assertCan(actor, 'case:register', loaded);
    this.requireUnit(config, body.unitId, ['department', 'department-station']);
    const current = caseOf(incident, config);
    if (current.feedbackTo?.includes(body.unitId)) throw new DomainError('FEEDBACK_ALREADY_SENT', bilingual(`已向 ${body.unitId} 反馈过`, `feedback was already sent to ${body.unitId}`));
    const at = this.deps.now().toISOString();
    const { orders, ...rest } = incident;
    const next = { ...rest, case: { ...current, feedbackTo: [...(current.feedbackTo ?? []), body.unitId], version: current.version + 1 } };
    const actorUnit = caseActorFor(actor, config, current.holderId).unitId;
    const payload = { incidentId, countyCode: config.countyCode, townshipCode: incident.route.township.code, actor: eventActor(actor, actorUnit), toUnitId: body.unitId, summary: body.reason };
    const plan: TransitionPlan = {
      incident: next,
      orders,
      event: { type: 'close', from: incident.status, to: incident.status, actorId: actor.userId, actorUnitId: actorUnit, at },
      changes: [{ kind: 'incident.update', incident: next, expectedVersion: current.version }, { kind: 'event.append', type: 'feedback:sent', at, payload }],
      previousAssignee: body.unitId,
    };
    const logged = await this.commitPlan(plan);
    return { incident: { ...next, orders }, seq: logged[0]!.seq };
  }

  /** 移交 a major case: only where the one major-case rule (shared/domain/case-holder.ts) sends it, as routing does. */
  private requireMajorCaseDestination(config: CountyConfig, matterCode: string | null, unitId: string): void {
    const matter = matterCode === null ? null : (this.deps.catalogue?.().byCode.get(matterCode) ?? null);
    const destination = majorCaseDestination(config, matter);
    this.requireUnit(config, unitId, ['bureau-brigade', 'department'], 'INVALID_TRANSFER_TARGET');
    if (!destination.unitIds.includes(unitId)) {
      const names = destination.unitIds.map((id) => config.units.find((u) => u.id === id)?.name ?? id);
      throw new DomainError(
        'INVALID_TRANSFER_TARGET',
        bilingual(`重大案件应移交${names.join('或')}（与路由规则一致），不是 ${unitId}`, `a major case goes to ${destination.unitIds.join(' or ')} (the same rule routing uses), not ${unitId}`),
      );
    }
  }

  private requireUnit(config: CountyConfig, unitId: string, kinds: readonly string[], code: 'UNKNOWN_UNIT' | 'INVALID_TRANSFER_TARGET' = 'UNKNOWN_UNIT'): void {
    const unit = config.units.find((u) => u.id === unitId);
    if (!unit) throw new DomainError('UNKNOWN_UNIT', bilingual(`${config.name}没有单位 ${unitId}`, `no unit ${unitId} in county ${config.countyCode}`));
    if (!kinds.includes(unit.kind) || unit.external) {
      throw new DomainError(code, bilingual(`${unit.name}（${unit.kind}）不能作为此处的单位`, `${unitId} is a ${unit.kind}${unit.external ? ' outside the county system' : ''}; expected ${kinds.join(' or ')}`));
    }
  }

  /** 签收 names the officers who go: the request's, or the order's when the dispatcher already named two. */
  private async ackOfficers(incident: IncidentWithOrdersView, body: CaseActionBody, unitId: string, at: string): Promise<string[]> {
    if (body.officerIds) return requireEnforcementOfficers(this.deps.store, body.officerIds, unitId, at);
    const named = openOrder(incident.orders)?.officerIds ?? [];
    if (named.length >= 2) return [...named];
    return requireEnforcementOfficers(this.deps.store, [], unitId, at);
  }
}

/** Same key, same step: the case, the action, the body and who sends it. */
function hashAction(incidentId: string, action: CaseAction, body: CaseActionBody, userId: string): string {
  return createHash('sha256').update(JSON.stringify([incidentId, action, body, userId])).digest('hex');
}
