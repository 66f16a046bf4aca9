import { createHash } from 'node:crypto';
import { decide as decideAccess, resolveJurisdiction, type Actor, type Capability, type Jurisdiction, type OrgConfigs, type Scope } from '../../shared/domain/capabilities.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import { bilingual } from '../../shared/domain/domain-result.ts';
import {
  FINAL_JOINT_STATUSES,
  decide,
  decideCreate,
  evolve,
  participantOptions,
  participantsNotified,
  windowPhase,
  type ActorRef,
  type Initiator,
  type JointAction,
  type JointActionEvent,
  type JointFailure,
} from '../../shared/domain/joint-action.ts';
import { rooms } from '../../shared/protocol/events.ts';
import {
  JOINT_ACTION_SOCKET_EVENTS,
  type JointActionAreaResponse,
  type JointActionCommandSlug,
  type JointActionCreateBody,
  type JointActionResponse,
  type JointActionView,
  type ParticipantOptionsResponse,
} from '../../shared/protocol/joint-actions.ts';
import type { BlobStore } from '../repositories/blobs/blob-store.ts';
import { IdempotencyKeyTakenError, type Change, type Store } from '../repositories/store.ts';
import { unitsActedFor } from './case-actor.ts';
import { DomainError } from './domain-error.ts';
import type { GridService } from './grid-service.ts';
import { JointActionAreas } from './joint-action-area.ts';
import { JointActionProjection, type JointActionLogPayload } from './joint-action-projection.ts';
import type { Publisher } from './publisher.ts';

export interface JointActionDeps {
  store: Store;
  publisher: Publisher;
  org: OrgConfigs;
  grids: GridService;
  blobs: BlobStore;
  now: () => Date;
  newId: () => string;
}

export interface CommandBody {
  unitId?: string;
  reason?: string;
  note?: string;
  summary?: string;
  attachmentIds?: string[];
}

export interface Answer {
  status: number;
  body: JointActionResponse;
}

type Command = Exclude<JointActionEvent, { type: 'created' }>;

function toDomainError(refusal: JointFailure): DomainError {
  return new DomainError(refusal.code, refusal.message);
}

/** The subject attachments of an action are uploaded under. */
export function jointActionSubject(id: string): string {
  return `joint-action:${id}`;
}

/**
 * 联合执法 / 专项行动: commands are decided against the projection of the event log, recorded as
 * one `joint-action:*` log entry each (with the idempotency record, when the client sent a key),
 * and pushed to the county's operators, the area's townships and every participating unit.
 * Commands of this process run one at a time, so decide → commit never interleaves here.
 */
export class JointActionService {
  private readonly projection: JointActionProjection;
  private readonly areas: JointActionAreas;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly inflight = new Map<string, Promise<Answer>>();

  constructor(private readonly deps: JointActionDeps) {
    this.projection = new JointActionProjection(deps.store);
    this.areas = new JointActionAreas(deps.grids);
  }

  /** Folds the whole log once at start, so the first request does not pay for it. */
  async start(): Promise<void> {
    await this.projection.catchUp();
  }

  async options(actor: Actor, townshipCodes: string[]): Promise<ParticipantOptionsResponse> {
    const { config, ground } = this.context(actor, 'joint:command');
    const initiator = this.initiator(actor, config, ground);
    return { townshipCodes, options: participantOptions(config, townshipCodes, initiator) };
  }

  async list(actor: Actor, query: { status?: string; open?: boolean; countyCode?: string }): Promise<JointActionView[]> {
    this.holds(actor, 'case:read');
    await this.projection.catchUp();
    const ground = this.ground(actor);
    const now = this.deps.now().getTime();
    return this.projection
      .all()
      .filter((a) => (query.countyCode === undefined || a.countyCode === query.countyCode) && (query.status === undefined || a.status === query.status))
      .filter((a) => !query.open || !FINAL_JOINT_STATUSES.includes(a.status))
      .filter((a) => this.visible(actor, a, ground))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))
      .map((a) => this.view(a, now));
  }

  async get(actor: Actor, id: string): Promise<JointActionView> {
    await this.projection.catchUp();
    const action = this.find(id);
    if (!this.visible(actor, action, this.ground(actor))) throw new DomainError('FORBIDDEN', `forbidden: joint action ${id} is outside the ${actor.role}'s scope`);
    return this.view(action, this.deps.now().getTime());
  }

  /** The action's area as features (cells or drawn ring, and the townships touched), for whoever may see the action. */
  async area(actor: Actor, id: string): Promise<JointActionAreaResponse> {
    const action = await this.get(actor, id);
    return this.areas.geometry(action.countyCode, action.area, action.townshipCodes);
  }

  /** Whether the actor may see the action (its attachments follow the same rule). */
  async canSee(actor: Actor, id: string): Promise<boolean> {
    await this.projection.catchUp();
    const action = this.projection.get(id);
    return action !== undefined && this.visible(actor, action, this.ground(actor));
  }

  /** Whether the actor takes part for one of the action's units (may attach result photos). */
  async participatesIn(actor: Actor, id: string): Promise<boolean> {
    await this.projection.catchUp();
    const action = this.projection.get(id);
    const config = action && this.deps.org.get(action.countyCode);
    if (!action || !config) return false;
    const mine = unitsActedFor(actor, config);
    return action.participants.some((p) => mine.includes(p.unitId));
  }

  create(actor: Actor, body: JointActionCreateBody, key?: string): Promise<Answer> {
    return this.idempotent(actor, key, { create: body }, async () => {
      const { config, ground } = this.context(actor, 'joint:command');
      const townshipCodes = this.areas.townshipsOf(config.countyCode, body.area);
      if (!ground.countyWide && !townshipCodes.some((t) => this.allowed(actor, 'joint:command', { countyCode: config.countyCode, townshipCode: t }))) {
        throw new DomainError('FORBIDDEN', bilingual('行动区域不在本乡镇（片区）内：跨乡镇行动须从本辖区发起，报县局审批', `forbidden: the area (${townshipCodes.join(', ')}) does not touch the actor's own ground`));
      }
      const at = this.deps.now().toISOString();
      const decision = decideCreate(config, { ...body, id: this.deps.newId(), townshipCodes }, this.initiator(actor, config, ground), at);
      if (!decision.ok) throw toDomainError(decision);
      return decision.event;
    });
  }

  command(actor: Actor, id: string, slug: JointActionCommandSlug, body: CommandBody, key?: string): Promise<Answer> {
    return this.idempotent(actor, key, { id, slug, body }, async () => {
      const action = this.find(id);
      const config = this.config(action.countyCode);
      const at = this.deps.now().toISOString();
      const by = (unitId: string): ActorRef => ({ userId: actor.userId, unitId, name: actor.displayName });
      const county: Scope = { countyCode: action.countyCode };
      let event: Command;
      switch (slug) {
        case 'approve':
        case 'reject':
          // The county bureau's decision: joint:command over the whole county (a township's reach is not enough).
          this.assert(actor, 'joint:command', county);
          event = slug === 'approve' ? { type: 'approved', at, by: by(config.dispatchCenterId), id, ...(body.note ? { note: body.note } : {}) } : { type: 'rejected', at, by: by(config.dispatchCenterId), id, reason: body.reason ?? '' };
          break;
        case 'close':
        case 'cancel': {
          // The initiating unit's commanders, or the county.
          this.assert(actor, 'joint:command', { countyCode: action.countyCode, unitId: action.initiator.unitId });
          const unit = this.ground(actor).countyWide ? config.dispatchCenterId : action.initiator.unitId;
          event = slug === 'close' ? { type: 'closed', at, by: by(unit), id, ...(body.reason ? { reason: body.reason } : {}) } : { type: 'cancelled', at, by: by(unit), id, reason: body.reason ?? '' };
          break;
        }
        case 'acknowledge':
        case 'report-result': {
          this.holds(actor, 'case:handle');
          const unitId = this.participantUnit(actor, action, config, body.unitId);
          if (slug === 'acknowledge') {
            event = { type: 'acknowledged', at, by: by(unitId), id, unitId };
          } else {
            const attachmentIds = body.attachmentIds ?? [];
            await this.requireAttachments(id, attachmentIds);
            event = { type: 'resultReported', at, by: by(unitId), id, unitId, summary: body.summary ?? '', attachmentIds };
          }
          break;
        }
      }
      const decision = decide(action, event);
      if (!decision.ok) throw toDomainError(decision);
      return decision.event;
    });
  }

  /** Runs one command: decide on the caught-up projection, commit, fold our own event, push it. */
  private run(actor: Actor, decideEvent: () => Promise<JointActionEvent>, idempotency?: { key: string; requestHash: string }): Promise<JointActionResponse> {
    const work = this.queue.then(async () => {
      await this.projection.catchUp();
      const event = await decideEvent();
      const id = event.type === 'created' ? event.action.id : event.id;
      const countyCode = event.type === 'created' ? event.action.countyCode : this.find(id).countyCode;
      const townshipCode = event.type === 'created' ? event.action.townshipCodes[0] : this.find(id).townshipCodes[0];
      const payload: JointActionLogPayload = { jointActionId: id, countyCode, ...(townshipCode ? { townshipCode } : {}), actor: { userId: actor.userId, unitId: event.by.unitId, role: actor.role }, event };
      const type = JOINT_ACTION_SOCKET_EVENTS[event.type];
      // The answer is the action after this event; it is folded from the log below, so build it the same way first.
      const changes: Change[] = [{ kind: 'event.append', type, at: event.at, payload }];
      const preview = this.preview(id, event);
      const body: JointActionResponse = { jointAction: this.view(preview, Date.parse(event.at)) };
      if (idempotency) changes.push({ kind: 'idempotency.save', key: idempotency.key, response: { requestHash: idempotency.requestHash, status: event.type === 'created' ? 201 : 200, body } });
      const [logged] = await this.deps.store.commit(changes);
      await this.projection.catchUpTo(logged!.seq);
      const refused = this.projection.refusal(logged!.seq);
      if (refused) throw new DomainError('ILLEGAL_TRANSITION', bilingual(`另一处理节点刚刚更新了该行动：${refused}`, `another server changed this joint action first: ${refused}`));
      const action = this.find(id);
      const view = this.view(action, this.deps.now().getTime());
      this.deps.publisher.publish(this.audience(action), type, { seq: logged!.seq, jointAction: view, event });
      return { jointAction: view };
    });
    // A failed command must not block the ones queued after it.
    this.queue = work.catch(() => undefined);
    return work;
  }

  private preview(id: string, event: JointActionEvent): JointAction {
    const next = evolve(this.projection.get(id), event);
    if (!next.ok) throw toDomainError(next);
    return next.action;
  }

  /** Same key, same actor, same request → the first answer; another request under that key → 422. */
  private async idempotent(actor: Actor, key: string | undefined, request: unknown, decideEvent: () => Promise<JointActionEvent>): Promise<Answer> {
    const statusOf = (body: JointActionResponse) => (body.jointAction.version === 1 ? 201 : 200);
    if (!key) {
      const body = await this.run(actor, decideEvent);
      return { status: statusOf(body), body };
    }
    // Already scoped to the account and route by the HTTP edge (server/http/idempotency-key.ts).
    const storeKey = key;
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    const replay = async (): Promise<Answer> => {
      const previous = await this.deps.store.findIdempotentResponse(storeKey);
      if (!previous) throw new DomainError('INTERNAL', 'idempotent request failed; retry with the same key');
      if (previous.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request; use a new key');
      return { status: previous.status, body: previous.body as JointActionResponse };
    };
    const running = this.inflight.get(storeKey);
    if (running) return running.then(replay, replay);
    if (await this.deps.store.findIdempotentResponse(storeKey)) return replay();
    const work = this.run(actor, decideEvent, { key: storeKey, requestHash }).then(
      (body) => ({ status: statusOf(body), body }),
      async (error: unknown) => {
        if (error instanceof IdempotencyKeyTakenError) return replay();
        throw error;
      },
    );
    this.inflight.set(storeKey, work);
    try {
      return await work;
    } finally {
      this.inflight.delete(storeKey);
    }
  }

  /** The county's operators, the area's townships and every unit concerned; before approval only the county and the initiator. */
  private audience(action: JointAction): string[] {
    const county = [rooms.county(action.countyCode), rooms.team(action.initiator.unitId)];
    if (!participantsNotified(action)) return county;
    return [...new Set([...county, ...action.townshipCodes.map((t) => rooms.township(t)), ...action.participants.map((p) => rooms.team(p.unitId))])];
  }

  private view(action: JointAction, nowMs: number): JointActionView {
    return { ...action, phase: windowPhase(action, nowMs) };
  }

  private visible(actor: Actor, action: JointAction, ground: Jurisdiction): boolean {
    if (action.initiator.userId === actor.userId) return true;
    const scopes: Scope[] = [
      ...action.townshipCodes.map((townshipCode) => ({ countyCode: action.countyCode, townshipCode })),
      ...(participantsNotified(action) ? action.participants.map((p) => ({ countyCode: action.countyCode, unitId: p.unitId })) : []),
      { countyCode: action.countyCode, unitId: action.initiator.unitId },
    ];
    return scopes.some((scope) => decideAccess(actor, 'case:read', scope, this.deps.org, ground).allowed);
  }

  /** The participant unit the actor acts for: the one named, or the only one they may act for. */
  private participantUnit(actor: Actor, action: JointAction, config: CountyConfig, named: string | undefined): string {
    const mine = unitsActedFor(actor, config);
    const candidates = action.participants.filter((p) => mine.includes(p.unitId) && (named === undefined || p.unitId === named));
    if (candidates.length === 0) {
      throw new DomainError('FORBIDDEN', bilingual(`你不代表该行动的任何参与单位${named ? `（${named}）` : ''}`, `forbidden: ${actor.username} does not act for ${named ?? 'any participating unit'} of joint action ${action.id}`));
    }
    // Several (a commander for the team and its squadrons): the first still waiting.
    return (candidates.find((p) => !p.acknowledgedAt) ?? candidates.find((p) => !p.result) ?? candidates[0]!).unitId;
  }

  private async requireAttachments(id: string, attachmentIds: string[]): Promise<void> {
    for (const attachmentId of attachmentIds) {
      const meta = await this.deps.blobs.meta(attachmentId);
      if (!meta || meta.subject !== jointActionSubject(id)) {
        throw new DomainError('VALIDATION_FAILED', bilingual(`照片 ${attachmentId} 不存在或不属于该行动`, `attachment ${attachmentId} does not exist or was not uploaded for joint action ${id}`), [{ path: 'attachmentIds', message: attachmentId }]);
      }
    }
  }

  private find(id: string): JointAction {
    const action = this.projection.get(id);
    if (!action) throw new DomainError('NOT_FOUND', `no joint action with id ${id}`);
    return action;
  }

  private config(countyCode: string): CountyConfig {
    const config = this.deps.org.get(countyCode);
    if (!config) throw new DomainError('INTERNAL', `county ${countyCode} is not configured`);
    return config;
  }

  private ground(actor: Actor): Jurisdiction {
    const resolved = resolveJurisdiction(actor, this.deps.org);
    if (!resolved.ok) throw new DomainError('FORBIDDEN', `forbidden: ${resolved.message}`);
    return resolved.jurisdiction;
  }

  private context(actor: Actor, capability: Capability): { config: CountyConfig; ground: Jurisdiction } {
    this.holds(actor, capability);
    if (actor.countyCode === null) throw new DomainError('FORBIDDEN', 'forbidden: joint actions belong to a county; this account has none');
    return { config: this.config(actor.countyCode), ground: this.ground(actor) };
  }

  private initiator(actor: Actor, config: CountyConfig, ground: Jurisdiction): Initiator {
    const own = actor.role === 'township-commander' ? (actor.unitId ?? config.townships.find((t) => t.code === actor.townshipCode)?.teamId) : undefined;
    return { userId: actor.userId, unitId: own ?? config.dispatchCenterId, name: actor.displayName, countyWide: ground.countyWide, homeTownships: [...ground.townshipCodes] };
  }

  private holds(actor: Actor, capability: Capability): void {
    const decision = decideAccess(actor, capability, { countyCode: actor.countyCode ?? '' }, this.deps.org);
    if (!decision.allowed && decision.reason === 'role') throw new DomainError('FORBIDDEN', `forbidden: ${decision.message}`);
  }

  private allowed(actor: Actor, capability: Capability, scope: Scope): boolean {
    return decideAccess(actor, capability, scope, this.deps.org).allowed;
  }

  private assert(actor: Actor, capability: Capability, scope: Scope): void {
    const decision = decideAccess(actor, capability, scope, this.deps.org);
    if (!decision.allowed) throw new DomainError('FORBIDDEN', `forbidden: ${decision.message}`);
  }
}
