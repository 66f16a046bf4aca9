import type { WorkCalendar } from '../../shared/domain/calendar.ts';
import { decide, resolveJurisdiction, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import { answerCollaboration, collaborationStatus } from '../../shared/domain/collaboration.ts';
import { bilingual } from '../../shared/domain/domain-result.ts';
import type { CollaborationRecord, CollaborationView } from '../../shared/protocol/collaborations.ts';
import type { ErrorCode } from '../../shared/protocol/errors.ts';
import { ConcurrentUpdateError, type Store } from '../repositories/store.ts';
import { eventActor, unitsActedFor, type CaseActorContext } from './case-actor.ts';
import type { CaseService } from './case-service.ts';
import { DomainError } from './domain-error.ts';
import type { OverdueTimerService } from './overdue-timer-service.ts';
import type { Publisher } from './publisher.ts';
import { collaborationAudience } from './record-audience.ts';

export interface CollaborationDeps {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  cases: CaseService;
  calendar: WorkCalendar;
  now: () => Date;
  newId: () => string;
  overdue?: Pick<OverdueTimerService, 'watchCollaboration'>;
}

export interface CollaborationInput {
  caseId?: string;
  kind: CollaborationRecord['kind'];
  toUnitId: string;
  question: string;
}

/** 乡呼县应: a township team asks a county department for a finding; the department answers, within the county's reply deadline where it sets one. */
export class CollaborationService {
  constructor(private readonly deps: CollaborationDeps) {}

  view(request: CollaborationRecord): CollaborationView {
    const status = collaborationStatus(request, this.deps.now().toISOString(), this.deps.calendar);
    if (!status.ok) throw new DomainError(status.code as ErrorCode, status.message);
    const { ok: _ok, ...rest } = status;
    return { request, status: rest };
  }

  async request(input: CollaborationInput, actor: CaseActorContext): Promise<CollaborationView & { seq: number }> {
    const config = actor.countyCode === null ? undefined : this.deps.org.get(actor.countyCode);
    const fromUnitId = config ? unitsActedFor(actor, config)[0] : undefined;
    if (!config || !fromUnitId) throw new DomainError('FORBIDDEN', `forbidden: ${actor.role} ${actor.userId} acts for no unit that could ask for collaboration`);
    const allowed = decide(actor, 'collab:request', { countyCode: config.countyCode, unitId: fromUnitId }, this.deps.org);
    if (!allowed.allowed) throw new DomainError('FORBIDDEN', `forbidden: ${allowed.message}`);
    const target = config.units.find((u) => u.id === input.toUnitId);
    if (!target || target.external || !['department', 'department-station', 'bureau-brigade'].includes(target.kind)) {
      throw new DomainError('UNKNOWN_UNIT', bilingual(`${input.toUnitId} 不是${config.name}的县级部门`, `${input.toUnitId} is not a county department of ${config.countyCode}`));
    }
    if (input.caseId) {
      const { incident } = await this.deps.cases.load(input.caseId, actor);
      if (incident.route.county.code !== config.countyCode) throw new DomainError('COUNTY_MISMATCH', `case ${input.caseId} is not in county ${config.countyCode}`);
    }
    const now = this.deps.now().toISOString();
    const request: CollaborationRecord = {
      id: this.deps.newId(),
      caseId: input.caseId ?? null,
      kind: input.kind,
      fromUnitId,
      toUnitId: target.id,
      receivedAt: now,
      answeredAt: null,
      workingDays: config.collaboration?.replyWorkingDays ?? null,
      countyCode: config.countyCode,
      question: input.question,
      requestedBy: { userId: actor.userId, unitId: fromUnitId },
      answer: null,
      version: 1,
    };
    const view = this.view(request);
    const [event] = await this.deps.store.commit([
      { kind: 'collaboration.put', request, expectedVersion: 0 },
      {
        kind: 'event.append',
        type: 'collaboration:requested',
        at: now,
        payload: { incidentId: request.caseId ?? undefined, countyCode: config.countyCode, actor: eventActor(actor, fromUnitId), requestId: request.id, kind: request.kind, toUnitId: request.toUnitId, ...(view.status.dueAt ? { dueAt: view.status.dueAt } : {}) },
      },
    ]);
    this.deps.publisher.publish(collaborationAudience(this.deps.org, request), 'collaboration:requested', { seq: event!.seq, ...view });
    this.deps.overdue?.watchCollaboration(request);
    return { ...view, seq: event!.seq };
  }

  async answer(id: string, text: string, actor: CaseActorContext): Promise<CollaborationView & { seq: number }> {
    const request = await this.get(id, actor);
    const allowed = decide(actor, 'collab:answer', { countyCode: request.countyCode, unitId: request.toUnitId }, this.deps.org);
    if (!allowed.allowed) throw new DomainError('FORBIDDEN', `forbidden: ${allowed.message}`);
    const now = this.deps.now().toISOString();
    const answered = answerCollaboration(request, now);
    if (!answered.ok) throw new DomainError(answered.code, answered.message);
    const next: CollaborationRecord = { ...request, answeredAt: answered.request.answeredAt, answer: { text, userId: actor.userId, unitId: request.toUnitId }, version: request.version + 1 };
    const view = this.view(next);
    let seq: number;
    try {
      const [event] = await this.deps.store.commit([
        { kind: 'collaboration.put', request: next, expectedVersion: request.version },
        {
          kind: 'event.append',
          type: 'collaboration:answered',
          at: now,
          payload: { incidentId: next.caseId ?? undefined, countyCode: next.countyCode, actor: eventActor(actor, next.toUnitId), requestId: id, late: view.status.late === true },
        },
      ]);
      seq = event!.seq;
    } catch (error) {
      if (error instanceof ConcurrentUpdateError) throw new DomainError('ALREADY_ANSWERED', bilingual('协作请求刚被答复', `collaboration request ${id} was answered meanwhile`));
      throw error;
    }
    this.deps.publisher.publish(collaborationAudience(this.deps.org, next), 'collaboration:answered', { seq, ...view });
    return { ...view, seq };
  }

  /** One request the actor may see: its county-wide roles, or either side's units. */
  async get(id: string, actor: CaseActorContext): Promise<CollaborationRecord> {
    const request = await this.deps.store.getCollaboration(id);
    if (!request || !this.visible(actor, request)) throw new DomainError('NOT_FOUND', `no collaboration request ${id} visible to ${actor.username}`);
    return request;
  }

  async list(query: { caseId?: string; unitId?: string; open?: boolean }, actor: CaseActorContext): Promise<CollaborationView[]> {
    const records = await this.deps.store.listCollaborations({ ...query, countyCode: actor.countyCode ?? undefined });
    return records.filter((r) => this.visible(actor, r)).map((r) => this.view(r));
  }

  private visible(actor: CaseActorContext, request: CollaborationRecord): boolean {
    const resolved = resolveJurisdiction(actor, this.deps.org);
    if (!resolved.ok || (resolved.jurisdiction.countyCode !== null && resolved.jurisdiction.countyCode !== request.countyCode)) return false;
    const j = resolved.jurisdiction;
    return j.countyWide || j.unitIds.has(request.fromUnitId) || j.unitIds.has(request.toUnitId);
  }
}
