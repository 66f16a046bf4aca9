/**
 * Joint enforcement actions (联合执法) and special campaigns (专项行动), as an event-sourced state
 * machine. A township commander (or the county) launches an action over an area — chosen grid
 * cells or a drawn polygon — with participating units picked the "1+1+X" way (阳谷: 1个机构统筹执法、
 * 1支队伍综合执法、X个机构联合执法): the township's own enforcement office coordinates, the
 * comprehensive enforcement team/squadron working there acts, and the department stations posted
 * in the township (派出所, 市场监管所, 交警中队 …) join.
 *
 *   create ─(needs approval: the area or a unit reaches past the initiator's own ground)→ proposed
 *      │                                   ├─ approve (county) → active
 *      │                                   └─ reject (county)  → rejected (final)
 *      └─(within own ground)→ active ─ every participant acknowledged → acknowledged
 *                                      ─ every participant reported   → reported ─ close → closed (final)
 *   proposed/active/acknowledged ─ cancel (reason) → cancelled (final)
 *   active/acknowledged ─ close early (reason) → closed
 *
 * `decide*` checks a command against the current state and returns the event to record; `evolve`
 * applies a recorded event and refuses one that no longer fits (the first of two racing events
 * in log order wins on every node). Pure: ids, times and the county configuration are passed in.
 */
import { instantMs } from './civil-date.ts';
import type { CountyConfig } from './county-config.ts';
import { failure, type DomainFailure } from './domain-result.ts';
import type { OrgUnit } from './org.ts';
import type { UnitKind } from './unit.ts';

export const JOINT_ACTION_KINDS = ['joint', 'campaign'] as const;
export type JointActionKind = (typeof JOINT_ACTION_KINDS)[number];
export const JOINT_ACTION_KIND_LABELS: Record<JointActionKind, string> = { joint: '联合执法', campaign: '专项行动' };

export const JOINT_ACTION_STATUSES = ['proposed', 'active', 'acknowledged', 'reported', 'closed', 'rejected', 'cancelled'] as const;
export type JointActionStatus = (typeof JOINT_ACTION_STATUSES)[number];
export const JOINT_ACTION_STATUS_LABELS: Record<JointActionStatus, string> = {
  proposed: '待县局审批',
  active: '已下达',
  acknowledged: '各单位已签收',
  reported: '各单位已反馈',
  closed: '已结束',
  rejected: '未获批准',
  cancelled: '已撤销',
};
export const FINAL_JOINT_STATUSES: readonly JointActionStatus[] = ['closed', 'rejected', 'cancelled'];

/** Where a participant stands in the 1+1+X pattern (and beyond it). */
export const PARTICIPANT_ROLES = ['coordinator', 'team', 'station', 'neighbour', 'county'] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];
export const PARTICIPANT_ROLE_LABELS: Record<ParticipantRole, string> = {
  coordinator: '统筹（乡镇综合执法机构）',
  team: '综合执法队伍',
  station: '派驻机构',
  neighbour: '相邻乡镇执法队伍',
  county: '县级执法力量',
};

/** A joint action lasts at most a week; a campaign at most a year. */
export const MAX_WINDOW_MS: Record<JointActionKind, number> = { joint: 7 * 86_400_000, campaign: 366 * 86_400_000 };
export const MAX_PARTICIPANTS = 30;
export const MAX_RESULT_ATTACHMENTS = 9;

export type LonLatPair = [number, number];

/** Grid cells (township, village or group codes) or one drawn ring (WGS84, closed or not). */
export type JointActionArea = { kind: 'grids'; codes: string[] } | { kind: 'polygon'; ring: LonLatPair[] };

export interface ActorRef {
  userId: string;
  /** The unit acted for. */
  unitId: string;
  name?: string;
}

export interface ParticipantResult {
  summary: string;
  attachmentIds: string[];
  reportedAt: string;
  reportedBy: ActorRef;
  /** Reported after the window closed. */
  late: boolean;
}

export interface Participant {
  unitId: string;
  name: string;
  kind: UnitKind;
  role: ParticipantRole;
  acknowledgedAt: string | null;
  acknowledgedBy: ActorRef | null;
  result: ParticipantResult | null;
}

export interface JointAction {
  id: string;
  countyCode: string;
  kind: JointActionKind;
  title: string;
  /** What to do, where to muster, what to look for. */
  brief: string;
  area: JointActionArea;
  /** Townships the area touches (resolved by the server from the grids). */
  townshipCodes: string[];
  startsAt: string;
  endsAt: string;
  /** Optional matter codes a campaign targets (e.g. 占道经营). */
  matterCodes: string[];
  initiator: ActorRef;
  participants: Participant[];
  status: JointActionStatus;
  /** Why county approval is needed (empty when it is not). */
  approvalReasons: string[];
  approval: { by: ActorRef; at: string; note?: string } | null;
  rejection: { by: ActorRef; at: string; reason: string } | null;
  closing: { by: ActorRef; at: string; reason?: string; kind: 'closed' | 'cancelled' } | null;
  createdAt: string;
  updatedAt: string;
  /** Recorded events applied (a concurrency token for clients). */
  version: number;
}

/**
 * How the form groups the units on offer: the hub (or own) township's team with its squadrons, the
 * teams of the townships a hub radiates to, neighbouring townships' teams, the department stations
 * posted in the area (派驻机构), the county bureau's brigades and squadrons, the county departments.
 */
export const PARTICIPANT_GROUPS = ['hub', 'radiated', 'neighbour', 'station', 'brigade', 'department'] as const;
export type ParticipantGroup = (typeof PARTICIPANT_GROUPS)[number];

/** A unit that may take part, with its role relative to the area. */
export interface ParticipantOption {
  unitId: string;
  name: string;
  kind: UnitKind;
  role: ParticipantRole;
  group: ParticipantGroup;
  /** The township(s) of the area it is tied to. */
  townshipCodes: string[];
  /** Taking this unit needs the county's approval when the initiator is a township. */
  outsideOwnGround: boolean;
}

/** The initiator's ground: county-wide (county commander) or a township (plus its "1+X" cluster). */
export interface Initiator extends ActorRef {
  countyWide: boolean;
  homeTownships: readonly string[];
}

export type JointActionEvent =
  | { type: 'created'; at: string; by: ActorRef; action: Omit<JointAction, 'status' | 'approval' | 'rejection' | 'closing' | 'updatedAt' | 'version'> }
  | { type: 'approved'; at: string; by: ActorRef; id: string; note?: string }
  | { type: 'rejected'; at: string; by: ActorRef; id: string; reason: string }
  | { type: 'acknowledged'; at: string; by: ActorRef; id: string; unitId: string }
  | { type: 'resultReported'; at: string; by: ActorRef; id: string; unitId: string; summary: string; attachmentIds: string[] }
  | { type: 'closed'; at: string; by: ActorRef; id: string; reason?: string }
  | { type: 'cancelled'; at: string; by: ActorRef; id: string; reason: string };
export type JointActionEventType = JointActionEvent['type'];

export type JointErrorCode = 'VALIDATION_FAILED' | 'ILLEGAL_TRANSITION' | 'UNKNOWN_UNIT' | 'FORBIDDEN' | 'REASON_REQUIRED' | 'NOT_FOUND' | 'INVALID_TIME';
export type JointFailure = DomainFailure<JointErrorCode>;
export type Decision = { ok: true; event: JointActionEvent } | JointFailure;
export type Evolution = { ok: true; action: JointAction } | JointFailure;

/** The township a grid code belongs to: 12-digit township/village codes and 15-digit group codes share the first 9 digits. */
export function townshipOfCode(code: string): string {
  return `${code.slice(0, 9)}000`;
}

function descendants(config: CountyConfig, unitId: string): OrgUnit[] {
  const out: OrgUnit[] = [];
  const ids = [unitId];
  for (let i = 0; i < ids.length; i++) {
    for (const u of config.units) {
      if (u.parentId === ids[i] && !ids.includes(u.id)) {
        ids.push(u.id);
        out.push(u);
      }
    }
  }
  return out;
}

/**
 * The units that can join an action over these townships, 1+1+X first: each township's own team
 * (and its squadrons), the squadrons whose area covers it, the hub team of its "1+X" cluster, then
 * the department stations posted there; county brigades and departments last. `outsideOwnGround`
 * marks what a township initiator may only take with the county's approval.
 */
export function participantOptions(config: CountyConfig, townshipCodes: readonly string[], initiator: Pick<Initiator, 'countyWide' | 'homeTownships'> & { unitId?: string }): ParticipantOption[] {
  const byId = new Map<string, ParticipantOption>();
  const home = new Set(initiator.homeTownships);
  const radiated = new Set(config.clusters.flatMap((c) => c.radiatedTownships));
  const add = (unit: OrgUnit, role: ParticipantRole, group: ParticipantGroup, township: string | null, outside: boolean) => {
    if (unit.external) return;
    const existing = byId.get(unit.id);
    if (existing) {
      if (township && !existing.townshipCodes.includes(township)) existing.townshipCodes.push(township);
      existing.outsideOwnGround &&= outside;
      return;
    }
    byId.set(unit.id, { unitId: unit.id, name: unit.name, kind: unit.kind, role, group, townshipCodes: township ? [township] : [], outsideOwnGround: !initiator.countyWide && outside });
  };
  const unit = (id: string | undefined) => (id === undefined ? undefined : config.units.find((u) => u.id === id));
  /** The initiator's own unit coordinates; without one (a county-wide initiator), each township's own team does. */
  const coordinates = (id: string) => (initiator.unitId === undefined || initiator.unitId === config.dispatchCenterId ? undefined : initiator.unitId === id);
  for (const code of townshipCodes) {
    const setting = config.townships.find((t) => t.code === code);
    const ownTownship = home.has(code);
    const team = unit(setting?.teamId);
    if (team) {
      const group: ParticipantGroup = !ownTownship ? 'neighbour' : radiated.has(code) ? 'radiated' : 'hub';
      const role: ParticipantRole = !ownTownship ? 'neighbour' : (coordinates(team.id) ?? true) ? 'coordinator' : 'team';
      add(team, role, group, code, !ownTownship);
      for (const sub of descendants(config, team.id)) add(sub, ownTownship ? 'team' : 'neighbour', group, code, !ownTownship);
    }
    for (const cluster of config.clusters) {
      if (!cluster.radiatedTownships.includes(code)) continue;
      const hubTeam = unit(config.townships.find((t) => t.code === cluster.hubTownship)?.teamId);
      if (hubTeam) add(hubTeam, home.has(cluster.hubTownship) ? 'coordinator' : 'team', home.has(cluster.hubTownship) ? 'hub' : 'neighbour', code, !ownTownship);
    }
    for (const squadron of config.squadrons) {
      const squad = unit(squadron.unitId);
      const covers = squadron.area.townshipCodes?.includes(code) || squadron.area.villageCodes?.some((v) => townshipOfCode(v) === code);
      const underBrigade = unit(squad?.parentId)?.kind === 'bureau-brigade';
      if (squad && covers) add(squad, ownTownship ? 'team' : 'neighbour', underBrigade ? 'brigade' : ownTownship ? 'hub' : 'neighbour', code, !ownTownship);
    }
    for (const station of config.units) {
      if (station.kind === 'department-station' && station.townshipCodes?.includes(code)) add(station, 'station', 'station', code, !ownTownship);
    }
  }
  for (const u of config.units) {
    if (u.kind === 'bureau-brigade') add(u, 'county', 'brigade', null, true);
    else if (u.kind === 'department') add(u, 'county', 'department', null, true);
  }
  const order: Record<ParticipantRole, number> = { coordinator: 0, team: 1, station: 2, neighbour: 3, county: 4 };
  return [...byId.values()].sort((a, b) => order[a.role] - order[b.role] || a.unitId.localeCompare(b.unitId));
}

/**
 * What the form ticks before the commander changes anything: every unit tied to the area (its
 * teams and squadrons, the radiated and neighbouring townships' teams, the stations posted there);
 * the county bureau's brigades too when the action needs the county's approval anyway (it reaches
 * past the initiator's ground), since a cross-township operation is the county's to staff. County
 * departments are specialists: offered, never ticked for the commander.
 */
export function defaultParticipants(options: readonly ParticipantOption[], townshipCodes: readonly string[], initiator: Pick<Initiator, 'countyWide' | 'homeTownships'>): string[] {
  const crosses = !initiator.countyWide && townshipCodes.some((t) => !initiator.homeTownships.includes(t));
  return options.filter((o) => (o.group === 'department' ? false : o.townshipCodes.length > 0 || (o.group === 'brigade' && crosses))).map((o) => o.unitId);
}

export interface CreateInput {
  id: string;
  kind: JointActionKind;
  title: string;
  brief: string;
  area: JointActionArea;
  townshipCodes: string[];
  startsAt: string;
  endsAt: string;
  matterCodes?: string[];
  participantUnitIds: string[];
}

function bad(code: JointErrorCode, zh: string, en: string): JointFailure {
  return failure(code, zh, en);
}

/**
 * 发起: checks the window, the area and the participants; the initiator's own unit is always a
 * participant (it coordinates). Reaching past the initiator's ground makes it `proposed`.
 */
export function decideCreate(config: CountyConfig, input: CreateInput, initiator: Initiator, at: string): Decision {
  const start = instantMs(input.startsAt);
  const end = instantMs(input.endsAt);
  if (start === null || end === null) return bad('INVALID_TIME', '开始、结束时间应为带时区的 ISO 8601', 'startsAt and endsAt must be ISO 8601 instants with a zone');
  if (end <= start) return bad('VALIDATION_FAILED', '结束时间应晚于开始时间', 'endsAt must be after startsAt');
  if (end - start > MAX_WINDOW_MS[input.kind]) {
    const days = MAX_WINDOW_MS[input.kind] / 86_400_000;
    return bad('VALIDATION_FAILED', `${JOINT_ACTION_KIND_LABELS[input.kind]}时长不能超过 ${days} 天`, `a ${input.kind} action lasts at most ${days} days`);
  }
  if (input.townshipCodes.length === 0) return bad('VALIDATION_FAILED', '行动区域未覆盖任何乡镇网格', 'the area covers no township grid');
  const prefix = config.countyCode.slice(0, 6);
  const strange = input.townshipCodes.find((t) => !t.startsWith(prefix) || !config.townships.some((s) => s.code === t));
  if (strange) return bad('VALIDATION_FAILED', `区域中的乡镇 ${strange} 不属于${config.name}`, `township ${strange} of the area is not in county ${config.countyCode}`);
  if (input.area.kind === 'grids') {
    const outside = input.area.codes.find((c) => !input.townshipCodes.includes(townshipOfCode(c)));
    if (outside) return bad('VALIDATION_FAILED', `网格 ${outside} 不在所列乡镇内`, `grid ${outside} is not in the listed townships`);
  }
  const options = participantOptions(config, input.townshipCodes, initiator);
  const chosen = [...new Set([...(config.units.some((u) => u.id === initiator.unitId && u.kind !== 'dispatch-center') ? [initiator.unitId] : []), ...input.participantUnitIds])];
  if (chosen.length === 0) return bad('VALIDATION_FAILED', '至少选择一个参与单位', 'pick at least one participating unit');
  if (chosen.length > MAX_PARTICIPANTS) return bad('VALIDATION_FAILED', `参与单位不能超过 ${MAX_PARTICIPANTS} 个`, `at most ${MAX_PARTICIPANTS} participating units`);
  const participants: Participant[] = [];
  const reasons: string[] = [];
  for (const unitId of chosen) {
    const option = options.find((o) => o.unitId === unitId);
    const unit = config.units.find((u) => u.id === unitId);
    if (!option || !unit) {
      return bad('UNKNOWN_UNIT', `单位 ${unitId} 不能参加该区域的行动（不在区域内或不属于本县）`, `unit ${unitId} cannot join an action over this area (not posted there, or not in the county)`);
    }
    const own = unitId === initiator.unitId;
    const role: ParticipantRole = own ? 'coordinator' : option.role;
    // The initiating unit launched it: it has acknowledged by doing so.
    const by = own ? { userId: initiator.userId, unitId, ...(initiator.name ? { name: initiator.name } : {}) } : null;
    participants.push({ unitId, name: unit.name, kind: unit.kind, role, acknowledgedAt: own ? at : null, acknowledgedBy: by, result: null });
    if (option.outsideOwnGround && unitId !== initiator.unitId) reasons.push(`调用${unit.name}（${PARTICIPANT_ROLE_LABELS[option.role]}）`);
  }
  if (!initiator.countyWide) {
    const away = input.townshipCodes.filter((t) => !initiator.homeTownships.includes(t));
    if (away.length > 0) {
      const names = away.map((t) => config.townships.find((s) => s.code === t)?.name ?? t);
      reasons.unshift(`跨乡镇：区域涉及${names.join('、')}`);
    }
  }
  return {
    ok: true,
    event: {
      type: 'created',
      at,
      by: { userId: initiator.userId, unitId: initiator.unitId, ...(initiator.name ? { name: initiator.name } : {}) },
      action: {
        id: input.id,
        countyCode: config.countyCode,
        kind: input.kind,
        title: input.title,
        brief: input.brief,
        area: input.area,
        townshipCodes: [...input.townshipCodes],
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(end).toISOString(),
        matterCodes: input.matterCodes ?? [],
        initiator: { userId: initiator.userId, unitId: initiator.unitId, ...(initiator.name ? { name: initiator.name } : {}) },
        participants,
        approvalReasons: reasons,
        createdAt: at,
      },
    },
  };
}

function illegal(action: JointAction, what: string, whatEn: string): JointFailure {
  return bad('ILLEGAL_TRANSITION', `行动处于「${JOINT_ACTION_STATUS_LABELS[action.status]}」，不能${what}`, `cannot ${whatEn} a joint action that is ${action.status}`);
}

function participant(action: JointAction, unitId: string): Participant | undefined {
  return action.participants.find((p) => p.unitId === unitId);
}

/** The one place each event's preconditions live: deciding and replaying ask the same question. */
function check(action: JointAction, event: Exclude<JointActionEvent, { type: 'created' }>): JointFailure | null {
  switch (event.type) {
    case 'approved':
      if (action.status !== 'proposed') return illegal(action, '审批', 'approve');
      if (event.by.userId === action.initiator.userId) return bad('FORBIDDEN', '发起人不能审批自己发起的行动', 'the initiator cannot approve their own action');
      return null;
    case 'rejected':
      if (action.status !== 'proposed') return illegal(action, '驳回', 'reject');
      if (!event.reason.trim()) return bad('REASON_REQUIRED', '驳回需说明理由', 'a rejection needs a reason');
      return null;
    case 'acknowledged': {
      if (action.status !== 'active' && action.status !== 'acknowledged') return illegal(action, '签收', 'acknowledge');
      const p = participant(action, event.unitId);
      if (!p) return bad('FORBIDDEN', `${event.unitId} 不是该行动的参与单位`, `${event.unitId} does not take part in this action`);
      if (p.acknowledgedAt) return bad('ILLEGAL_TRANSITION', `${p.name}已签收`, `${event.unitId} has already acknowledged`);
      return null;
    }
    case 'resultReported': {
      if (action.status !== 'acknowledged' && action.status !== 'active') return illegal(action, '反馈结果', 'report a result of');
      const p = participant(action, event.unitId);
      if (!p) return bad('FORBIDDEN', `${event.unitId} 不是该行动的参与单位`, `${event.unitId} does not take part in this action`);
      if (!p.acknowledgedAt) return bad('ILLEGAL_TRANSITION', `${p.name}尚未签收，请先签收`, `${event.unitId} must acknowledge before reporting`);
      if (p.result) return bad('ILLEGAL_TRANSITION', `${p.name}已反馈结果`, `${event.unitId} has already reported`);
      const at = instantMs(event.at);
      const start = instantMs(action.startsAt);
      if (at !== null && start !== null && at < start) return bad('ILLEGAL_TRANSITION', '行动尚未开始，不能反馈结果', 'the action has not started yet');
      if (!event.summary.trim()) return bad('VALIDATION_FAILED', '结果说明不能为空', 'the result summary must not be empty');
      if (event.attachmentIds.length > MAX_RESULT_ATTACHMENTS) return bad('VALIDATION_FAILED', `照片不能超过 ${MAX_RESULT_ATTACHMENTS} 张`, `at most ${MAX_RESULT_ATTACHMENTS} photos`);
      return null;
    }
    case 'closed':
      if (action.status === 'reported') return null;
      if (action.status !== 'active' && action.status !== 'acknowledged') return illegal(action, '结束', 'close');
      if (!event.reason?.trim()) return bad('REASON_REQUIRED', '尚有单位未反馈结果，提前结束需说明理由', 'closing before every unit reported needs a reason');
      return null;
    case 'cancelled':
      if (FINAL_JOINT_STATUSES.includes(action.status) || action.status === 'reported') return illegal(action, '撤销', 'cancel');
      if (!event.reason.trim()) return bad('REASON_REQUIRED', '撤销需说明理由', 'cancelling needs a reason');
      return null;
  }
}

/** Decides a command on an existing action: the event to record, or why not. */
export function decide(action: JointAction, event: Exclude<JointActionEvent, { type: 'created' }>): Decision {
  const refused = check(action, event);
  return refused ?? { ok: true, event };
}

/** After acknowledgements and results: all acknowledged → acknowledged; all reported → reported. */
function progress(action: JointAction): JointActionStatus {
  if (action.status !== 'active' && action.status !== 'acknowledged') return action.status;
  if (action.participants.every((p) => p.result)) return 'reported';
  if (action.participants.every((p) => p.acknowledgedAt)) return 'acknowledged';
  return 'active';
}

/** Applies a recorded event. `current` is undefined only for `created`. */
export function evolve(current: JointAction | undefined, event: JointActionEvent): Evolution {
  if (event.type === 'created') {
    if (current) return bad('ILLEGAL_TRANSITION', `行动 ${event.action.id} 已存在`, `joint action ${event.action.id} already exists`);
    const status: JointActionStatus = event.action.approvalReasons.length > 0 ? 'proposed' : 'active';
    return { ok: true, action: { ...event.action, status, approval: null, rejection: null, closing: null, updatedAt: event.at, version: 1 } };
  }
  if (!current) return bad('NOT_FOUND', `没有行动 ${event.id}`, `no joint action ${event.id}`);
  const refused = check(current, event);
  if (refused) return refused;
  const next: JointAction = { ...current, participants: current.participants.map((p) => ({ ...p })), updatedAt: event.at, version: current.version + 1 };
  switch (event.type) {
    case 'approved':
      next.status = 'active';
      next.approval = { by: event.by, at: event.at, ...(event.note ? { note: event.note } : {}) };
      break;
    case 'rejected':
      next.status = 'rejected';
      next.rejection = { by: event.by, at: event.at, reason: event.reason };
      break;
    case 'acknowledged': {
      const p = participant(next, event.unitId)!;
      p.acknowledgedAt = event.at;
      p.acknowledgedBy = event.by;
      next.status = progress(next);
      break;
    }
    case 'resultReported': {
      const p = participant(next, event.unitId)!;
      const end = instantMs(current.endsAt);
      const at = instantMs(event.at);
      p.result = { summary: event.summary, attachmentIds: event.attachmentIds, reportedAt: event.at, reportedBy: event.by, late: end !== null && at !== null && at > end };
      next.status = progress(next);
      break;
    }
    case 'closed':
      next.status = 'closed';
      next.closing = { by: event.by, at: event.at, kind: 'closed', ...(event.reason ? { reason: event.reason } : {}) };
      break;
    case 'cancelled':
      next.status = 'cancelled';
      next.closing = { by: event.by, at: event.at, kind: 'cancelled', reason: event.reason };
      break;
  }
  return { ok: true, action: next };
}

/** Where the action stands against its window at `nowMs`. */
export function windowPhase(action: Pick<JointAction, 'startsAt' | 'endsAt'>, nowMs: number): 'upcoming' | 'underway' | 'ended' {
  const start = instantMs(action.startsAt) ?? 0;
  const end = instantMs(action.endsAt) ?? 0;
  if (nowMs < start) return 'upcoming';
  return nowMs <= end ? 'underway' : 'ended';
}

/** Participants are told once the action is launched (not while it waits for approval). */
export function participantsNotified(action: JointAction): boolean {
  return action.status !== 'proposed' && action.status !== 'rejected';
}

