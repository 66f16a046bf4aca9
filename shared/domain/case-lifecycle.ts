/**
 * The case workflow (办案流程) as a table-driven state machine:
 *
 *   受理 received ─立案→ registered ─派遣→ dispatched ─签收→ handling ─反馈→ resultReported
 *      └─不予立案→ rejected (final)                                     ├─核查通过→ verified ─结案→ closed (final)
 *                                                                        └─返工→ handling
 *   dispatched/handling ─退回 (team: not ours)→ returned ─派遣→ dispatched (another team)
 *   registered/returned (holder) or handling (team) ─移交→ registered at the new holder
 *   dispatched/handling (holder) ─改派→ dispatched (another unit or other officers: a new order)
 *                                ─撤回→ registered (the order is withdrawn; back at the center)
 *                                ─催办→ unchanged (a reminder to the team, pushed and logged)
 *
 * Transfer (移交): a township case that is 重大、复杂 or cannot be handled by the simplified
 * procedure goes to the county bureau; a case needing a professional department is referred to it.
 * The case keeps its id (the reporter and the hotline follow one case) but this holder's handling
 * ends: the target unit becomes the holder and the case re-opens there as `registered`, because the
 * new holder makes its own dispatch decision (its brigade, its station) — it is not pre-assigned.
 *
 * Who acts: 'holder' actions are taken by the unit holding the case (the dispatch center or, after
 * a transfer, the bureau/department); 'assignee' actions by the team the case is dispatched to.
 * Reviews and the closing decision also obey 办审定分离 (separation-of-duties.ts).
 */
import { instantMs, isoInstant, type Instant } from './civil-date.ts';
import { bilingual, failure, type DomainFailure } from './domain-result.ts';
import { addDuties, separationFailure, type DutyRole } from './separation-of-duties.ts';

export const CASE_STATUSES = ['received', 'registered', 'rejected', 'dispatched', 'handling', 'returned', 'resultReported', 'verified', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  received: '已受理',
  registered: '已立案',
  rejected: '不予立案',
  dispatched: '已派遣',
  handling: '处置中',
  returned: '退回待重新派遣',
  resultReported: '已反馈',
  verified: '已核查',
  closed: '已结案',
};

export const CASE_ACTIONS = ['register', 'reject', 'dispatch', 'acknowledge', 'return', 'reportResult', 'verify', 'rework', 'close', 'transfer', 'reassign', 'urge', 'recall'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  register: '立案',
  reject: '不予立案',
  dispatch: '派遣',
  acknowledge: '签收',
  return: '退回',
  reportResult: '反馈',
  verify: '核查通过',
  rework: '返工',
  close: '结案',
  transfer: '移交',
  reassign: '改派',
  urge: '催办',
  recall: '撤回',
};

export const TRANSFER_KINDS = ['escalateToCounty', 'referToDepartment'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];
export const TRANSFER_KIND_LABELS: Record<TransferKind, string> = {
  escalateToCounty: '移交县综合行政执法局（重大、复杂或简易程序无法处理）',
  referToDepartment: '移送业务主管部门',
};

/** The legal step the officers took on the spot (反馈): from nothing needed to a case opened under the general procedure. */
export const LEGAL_STEPS = ['none', 'orderCorrection', 'onSitePenalty', 'generalProcedure', 'referral'] as const;
export type LegalStep = (typeof LEGAL_STEPS)[number];
export const LEGAL_STEP_LABELS: Record<LegalStep, string> = {
  none: '无需执法措施',
  orderCorrection: '责令改正',
  onSitePenalty: '当场处罚（简易程序）',
  generalProcedure: '立案调查（普通程序）',
  referral: '移送有关部门',
};

/** What the officers report back (反馈): what they found, what they did, the legal step, photos, who was there. */
export interface CaseResult {
  found: string;
  done: string;
  legalStep: LegalStep;
  /** Photos uploaded to the case (POST /attachments?incident=…). */
  attachmentIds: string[];
  /** The (at least two) certified officers present. */
  officerIds: string[];
}

type Side = 'holder' | 'assignee';

interface Rule {
  from: CaseStatus;
  action: CaseAction;
  to: CaseStatus;
  by: Side;
  /** The procedure requires a written reason (refusals, send-backs, hand-overs). */
  reason?: true;
  /** The action names a unit: the team dispatched to, or the transfer target. */
  target?: true;
  duty?: DutyRole;
}

/** The whole workflow. Anything not listed here is illegal. */
export const CASE_TRANSITIONS: readonly Rule[] = [
  { from: 'received', action: 'register', to: 'registered', by: 'holder' },
  { from: 'received', action: 'reject', to: 'rejected', by: 'holder', reason: true },
  { from: 'registered', action: 'dispatch', to: 'dispatched', by: 'holder', target: true },
  { from: 'registered', action: 'transfer', to: 'registered', by: 'holder', reason: true, target: true },
  { from: 'dispatched', action: 'acknowledge', to: 'handling', by: 'assignee' },
  { from: 'dispatched', action: 'return', to: 'returned', by: 'assignee', reason: true },
  { from: 'handling', action: 'reportResult', to: 'resultReported', by: 'assignee' },
  { from: 'handling', action: 'return', to: 'returned', by: 'assignee', reason: true },
  { from: 'handling', action: 'transfer', to: 'registered', by: 'assignee', reason: true, target: true },
  { from: 'returned', action: 'dispatch', to: 'dispatched', by: 'holder', target: true },
  { from: 'returned', action: 'transfer', to: 'registered', by: 'holder', reason: true, target: true },
  { from: 'resultReported', action: 'verify', to: 'verified', by: 'holder', duty: 'review' },
  { from: 'resultReported', action: 'rework', to: 'handling', by: 'holder', reason: true, duty: 'review' },
  { from: 'verified', action: 'close', to: 'closed', by: 'holder', duty: 'decide' },
  // The holder's hand on an order that is out: another unit or other officers, a reminder, or taking it back.
  { from: 'dispatched', action: 'reassign', to: 'dispatched', by: 'holder', reason: true, target: true },
  { from: 'handling', action: 'reassign', to: 'dispatched', by: 'holder', reason: true, target: true },
  { from: 'dispatched', action: 'urge', to: 'dispatched', by: 'holder' },
  { from: 'handling', action: 'urge', to: 'handling', by: 'holder' },
  { from: 'dispatched', action: 'recall', to: 'registered', by: 'holder', reason: true },
  { from: 'handling', action: 'recall', to: 'registered', by: 'holder', reason: true },
];

export const FINAL_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !CASE_TRANSITIONS.some((r) => r.from === s));

export interface CaseState {
  status: CaseStatus;
  /** The unit holding the case: the dispatch center that received it, or the transfer target. */
  holderId: string;
  /** The team the case is dispatched to; null before dispatch and after a return or transfer. */
  assigneeId: string | null;
  /** Kept in the state so review and closing can refuse them without reloading the history. */
  handlerIds: readonly string[];
  reviewerIds: readonly string[];
  /** ISO instant of the last event: a later event may not be dated before it. */
  lastEventAt: string;
}

export interface CaseActor {
  id: string;
  unitId: string;
}

export interface CaseCommand {
  action: CaseAction;
  reason?: string;
  /** dispatch, reassign: the team; transfer: the new holder (county bureau or department). */
  targetUnitId?: string;
  transferKind?: TransferKind;
  /** dispatch: the certified officers named on the order (see dispatch-rules.ts). */
  officerIds?: readonly string[];
  /** reportResult: the result form. */
  result?: CaseResult;
}

export interface CaseEvent {
  type: CaseAction;
  from: CaseStatus;
  to: CaseStatus;
  actorId: string;
  actorUnitId: string;
  /** ISO 8601 UTC. */
  at: string;
  reason?: string;
  targetUnitId?: string;
  transferKind?: TransferKind;
  officerIds?: string[];
  result?: CaseResult;
}

export type TransitionErrorCode =
  | 'INVALID_TIME'
  | 'TIME_BEFORE_LAST_EVENT'
  | 'ILLEGAL_TRANSITION'
  | 'WRONG_UNIT'
  | 'SEPARATION_OF_DUTIES'
  | 'REASON_REQUIRED'
  | 'TARGET_REQUIRED'
  | 'TRANSFER_KIND_REQUIRED'
  | 'TARGET_IS_HOLDER';

export type TransitionResult =
  | { ok: true; next: CaseState; event: CaseEvent }
  | (DomainFailure<TransitionErrorCode> & { allowed: CaseAction[] });

/** A new case as 受理 creates it. */
export function openCase(holderId: string, receivedAt: Instant): { ok: true; state: CaseState } | DomainFailure<'INVALID_TIME'> {
  const ms = instantMs(receivedAt);
  if (ms === null) return invalidTime(receivedAt);
  return { ok: true, state: { status: 'received', holderId, assigneeId: null, handlerIds: [], reviewerIds: [], lastEventAt: isoInstant(ms) } };
}

export function allowedActions(status: CaseStatus): CaseAction[] {
  return CASE_TRANSITIONS.filter((r) => r.from === status).map((r) => r.action);
}

export function isFinalStatus(status: CaseStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

function invalidTime(at: Instant): DomainFailure<'INVALID_TIME'> {
  return failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(at)}`, `not an ISO 8601 instant with zone: ${String(at)}`);
}

function allowedText(status: CaseStatus): { zh: string; en: string } {
  const actions = allowedActions(status);
  if (actions.length === 0) return { zh: '无（已是终态）', en: 'none (final state)' };
  return { zh: actions.map((a) => `「${CASE_ACTION_LABELS[a]}」`).join('、'), en: actions.join(', ') };
}

function hasText(s: string | undefined): s is string {
  return typeof s === 'string' && s.trim().length > 0;
}

/** Checks a command against the table and the state; on success returns the event it produces. */
export function transition(state: CaseState, command: CaseCommand, actor: CaseActor, now: Instant): TransitionResult {
  const allowed = allowedActions(state.status);
  const refuse = (code: TransitionErrorCode, zh: string, en: string) => ({ ok: false as const, code, message: bilingual(zh, en), allowed });
  const ms = instantMs(now);
  if (ms === null) return { ...invalidTime(now), allowed };

  const rule = CASE_TRANSITIONS.find((r) => r.from === state.status && r.action === command.action);
  const stateZh = CASE_STATUS_LABELS[state.status];
  const actionZh = CASE_ACTION_LABELS[command.action];
  if (!rule) {
    const can = allowedText(state.status);
    return refuse(
      'ILLEGAL_TRANSITION',
      `案件处于「${stateZh}」，不能「${actionZh}」；当前可执行：${can.zh}`,
      `cannot ${command.action} a case in state ${state.status}; allowed: ${can.en}`,
    );
  }
  if (ms < Date.parse(state.lastEventAt)) {
    return refuse('TIME_BEFORE_LAST_EVENT', `「${actionZh}」的时间早于上一环节（${state.lastEventAt}）`, `${command.action} at ${isoInstant(ms)} is before the last event at ${state.lastEventAt}`);
  }
  const expectedUnit = rule.by === 'holder' ? state.holderId : state.assigneeId;
  if (actor.unitId !== expectedUnit) {
    const who = rule.by === 'holder' ? { zh: '案件承办单位', en: 'the holding unit' } : { zh: '被派遣的队伍', en: 'the assigned team' };
    return refuse('WRONG_UNIT', `「${actionZh}」只能由${who.zh}（${expectedUnit ?? '无'}）执行`, `${command.action} may only be taken by ${who.en} (${expectedUnit ?? 'none'}), not ${actor.unitId}`);
  }
  if (rule.duty) {
    const separation = separationFailure(state, actor.id, rule.duty);
    if (separation) return { ...separation, allowed };
  }
  if (rule.reason && !hasText(command.reason)) {
    return refuse('REASON_REQUIRED', `「${actionZh}」必须填写理由`, `${command.action} requires a reason`);
  }
  if (rule.target && !hasText(command.targetUnitId)) {
    return refuse('TARGET_REQUIRED', `「${actionZh}」必须指定单位`, `${command.action} requires a target unit`);
  }
  if (command.action === 'transfer') {
    if (!command.transferKind || !TRANSFER_KINDS.includes(command.transferKind)) {
      return refuse('TRANSFER_KIND_REQUIRED', `「移交」必须说明类型：${TRANSFER_KINDS.join('、')}`, `transfer requires a transferKind: ${TRANSFER_KINDS.join(', ')}`);
    }
    if (command.targetUnitId === state.holderId) {
      return refuse('TARGET_IS_HOLDER', '不能移交给本单位', `cannot transfer a case to its own holder ${state.holderId}`);
    }
  }

  const event: CaseEvent = { type: rule.action, from: rule.from, to: rule.to, actorId: actor.id, actorUnitId: actor.unitId, at: isoInstant(ms) };
  if (hasText(command.reason)) event.reason = command.reason.trim();
  if (rule.target) event.targetUnitId = command.targetUnitId;
  if (command.action === 'transfer') event.transferKind = command.transferKind;
  if ((command.action === 'dispatch' || command.action === 'reassign') && command.officerIds) event.officerIds = [...command.officerIds];
  if (command.action === 'reportResult' && command.result) event.result = { ...command.result, attachmentIds: [...command.result.attachmentIds], officerIds: [...command.result.officerIds] };
  return { ok: true, next: applyCaseEvent(state, event), event };
}

/** The state after an event that `transition` produced. Pure bookkeeping: no checks. */
export function applyCaseEvent(state: CaseState, event: CaseEvent): CaseState {
  const duties = addDuties(state, event);
  let { holderId, assigneeId } = state;
  if (event.type === 'dispatch' || event.type === 'reassign') assigneeId = event.targetUnitId ?? null;
  if (event.type === 'return' || event.type === 'recall') assigneeId = null;
  if (event.type === 'transfer') {
    holderId = event.targetUnitId ?? holderId;
    assigneeId = null;
  }
  return { status: event.to, holderId, assigneeId, handlerIds: duties.handlerIds, reviewerIds: duties.reviewerIds, lastEventAt: event.at };
}

/**
 * Rebuilds a case from its stored events, re-checking every step, so a server restart or an
 * imported history cannot smuggle in a transition the table forbids.
 */
export function replayCase(
  holderId: string,
  receivedAt: Instant,
  events: readonly CaseEvent[],
): { ok: true; state: CaseState } | (DomainFailure<TransitionErrorCode | 'EVENT_MISMATCH'> & { index: number }) {
  const opened = openCase(holderId, receivedAt);
  if (!opened.ok) return { ...opened, index: -1 };
  let state = opened.state;
  for (const [index, e] of events.entries()) {
    const command: CaseCommand = { action: e.type, reason: e.reason, targetUnitId: e.targetUnitId, transferKind: e.transferKind, officerIds: e.officerIds, result: e.result };
    const r = transition(state, command, { id: e.actorId, unitId: e.actorUnitId }, e.at);
    if (!r.ok) return { ok: false, code: r.code, message: r.message, index };
    if (r.event.from !== e.from || r.event.to !== e.to) {
      return { ...failure('EVENT_MISMATCH', `第 ${index + 1} 个事件的状态与流程不符`, `event ${index} says ${e.from}→${e.to}, the workflow gives ${r.event.from}→${r.event.to}`), index };
    }
    state = r.next;
  }
  return { ok: true, state };
}
