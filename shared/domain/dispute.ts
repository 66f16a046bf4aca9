/**
 * 确权: a team or township disputes a routing ("not ours" or "ours, not theirs"). The county
 * coordination body (县级行政执法统筹协调指挥机构, 常山 seed 002) decides within a configured number
 * of working days, and its decision names the responsible unit — which may be the unit first routed.
 * The case itself waits in the lifecycle's `returned` state; the server re-dispatches it to the
 * decided unit. The state is derived: pending → decided, or overdue past the deadline.
 */
import type { WorkCalendar } from './calendar.ts';
import { instantMs, isoInstant, type Instant } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';
import { deadlineProgress, type DeadlineError } from './working-day-deadline.ts';

/**
 * No seed document fixes the period; 3 working days mirrors 乡呼县应. Counties configure their own
 * (county config) — this is only the fallback.
 */
export const DEFAULT_DISPUTE_WORKING_DAYS = 3;

export const DISPUTE_PARTY_KINDS = ['team', 'township'] as const;
export type DisputePartyKind = (typeof DISPUTE_PARTY_KINDS)[number];

export const DISPUTE_STATES = ['pending', 'decided', 'overdue'] as const;
export type DisputeState = (typeof DISPUTE_STATES)[number];
export const DISPUTE_STATE_LABELS: Record<DisputeState, string> = { pending: '待确权', decided: '已确权', overdue: '确权逾期' };

export interface DisputeDecision {
  /** The unit that must handle the case. */
  responsibleUnitId: string;
  deciderId: string;
  decidedAt: string;
  reason: string;
}

export interface JurisdictionDispute {
  id: string;
  caseId: string;
  raisedBy: { actorId: string; unitId: string; kind: DisputePartyKind };
  /** The unit the case was routed to. */
  routedUnitId: string;
  /** The unit the disputing party thinks responsible, if it names one. */
  proposedUnitId: string | null;
  claim: string;
  /** The coordination center that must decide. */
  coordinatorUnitId: string;
  raisedAt: string;
  decisionWorkingDays: number;
  decision: DisputeDecision | null;
}

export type RaiseDisputeInput = Omit<JurisdictionDispute, 'raisedAt' | 'decision' | 'decisionWorkingDays'> & { decisionWorkingDays?: number };

const invalidTime = (x: Instant) => failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(x)}`, `not an ISO 8601 instant with zone: ${String(x)}`);
const blank = (s: string | undefined | null) => typeof s !== 'string' || s.trim() === '';

export function raiseDispute(input: RaiseDisputeInput, now: Instant): { ok: true; dispute: JurisdictionDispute } | DomainFailure<'REASON_REQUIRED' | 'INVALID_COUNT' | 'INVALID_TIME'> {
  const ms = instantMs(now);
  if (ms === null) return invalidTime(now);
  if (blank(input.claim)) return failure('REASON_REQUIRED', '提出管辖争议必须说明理由', 'a jurisdiction dispute requires a stated claim');
  const days = input.decisionWorkingDays ?? DEFAULT_DISPUTE_WORKING_DAYS;
  if (!Number.isInteger(days) || days < 1) return failure('INVALID_COUNT', `确权期限应为正整数个工作日：${days}`, `decision period must be a positive whole number of working days: ${days}`);
  return { ok: true, dispute: { ...input, claim: input.claim.trim(), raisedAt: isoInstant(ms), decisionWorkingDays: days, decision: null } };
}

export interface DecideDisputeInput {
  responsibleUnitId: string;
  deciderId: string;
  deciderUnitId: string;
  reason: string;
}

export type DecideDisputeError = DomainFailure<'ALREADY_DECIDED' | 'NOT_COORDINATOR' | 'RESPONSIBLE_UNIT_REQUIRED' | 'REASON_REQUIRED' | 'INVALID_TIME' | 'DONE_BEFORE_START'>;

export function decideDispute(dispute: JurisdictionDispute, input: DecideDisputeInput, now: Instant): { ok: true; dispute: JurisdictionDispute } | DecideDisputeError {
  const ms = instantMs(now);
  if (ms === null) return invalidTime(now);
  if (dispute.decision) return failure('ALREADY_DECIDED', `该争议已确权，责任单位：${dispute.decision.responsibleUnitId}`, `dispute ${dispute.id} was already decided for ${dispute.decision.responsibleUnitId}`);
  if (input.deciderUnitId !== dispute.coordinatorUnitId) {
    return failure('NOT_COORDINATOR', `只有县级行政执法统筹协调指挥机构（${dispute.coordinatorUnitId}）可以确权`, `only the coordination center ${dispute.coordinatorUnitId} may decide, not ${input.deciderUnitId}`);
  }
  if (blank(input.responsibleUnitId)) return failure('RESPONSIBLE_UNIT_REQUIRED', '确权决定必须指定责任单位', 'the decision must name the responsible unit');
  if (blank(input.reason)) return failure('REASON_REQUIRED', '确权决定必须说明理由', 'the decision requires a reason');
  const raisedMs = Date.parse(dispute.raisedAt);
  if (ms < raisedMs) return failure('DONE_BEFORE_START', '确权时间早于争议提出时间', `decision at ${isoInstant(ms)} is before the dispute was raised at ${dispute.raisedAt}`);
  const decision: DisputeDecision = { responsibleUnitId: input.responsibleUnitId, deciderId: input.deciderId, decidedAt: isoInstant(ms), reason: input.reason.trim() };
  return { ok: true, dispute: { ...dispute, decision } };
}

export interface DisputeStatus {
  ok: true;
  state: DisputeState;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  late?: boolean;
  workingDaysLeft?: number;
  /** decided: who must handle the case. */
  responsibleUnitId?: string;
}

export function disputeStatus(dispute: JurisdictionDispute, now: Instant, calendar: WorkCalendar): DisputeStatus | DeadlineError {
  const p = deadlineProgress(dispute.raisedAt, dispute.decisionWorkingDays, dispute.decision?.decidedAt, now, calendar);
  if (!p.ok) return p;
  const { state, ...rest } = p;
  if (state === 'done') return { ...rest, state: 'decided', responsibleUnitId: dispute.decision?.responsibleUnitId };
  return { ...rest, state: state === 'open' ? 'pending' : 'overdue' };
}
