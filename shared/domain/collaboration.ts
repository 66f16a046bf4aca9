/**
 * 乡呼县应 (执法协作文书): a township that needs a county department's 认定, 技术鉴定 or 咨询意见
 * sends it a collaboration request. A reply deadline exists only where a county's rules set one:
 * 阳谷 says the department answers in writing within 3 working days of receiving it (seed 001);
 * 常山 has 乡呼县应 without a deadline (seed 002). The county file carries it
 * (`collaboration.replyWorkingDays`), and each request records the days in force when it was sent.
 * The state is derived from the times, never stored, so it cannot drift: requested → answered, or
 * overdue once a deadline passes unanswered (a request without a deadline is never overdue).
 */
import type { WorkCalendar } from './calendar.ts';
import { instantMs, isoInstant, type Instant } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';
import { deadlineProgress, type DeadlineError } from './working-day-deadline.ts';

export const COLLABORATION_KINDS = ['finding', 'appraisal', 'consultation'] as const;
export type CollaborationKind = (typeof COLLABORATION_KINDS)[number];
export const COLLABORATION_KIND_LABELS: Record<CollaborationKind, string> = { finding: '认定', appraisal: '技术鉴定', consultation: '咨询意见' };

export const COLLABORATION_STATES = ['requested', 'answered', 'overdue'] as const;
export type CollaborationState = (typeof COLLABORATION_STATES)[number];
export const COLLABORATION_STATE_LABELS: Record<CollaborationState, string> = { requested: '待反馈', answered: '已反馈', overdue: '逾期未反馈' };

/** 阳谷's figure (seed 001); kept for requests stored before the deadline became per county. */
export const COLLABORATION_WORKING_DAYS = 3;

export interface CollaborationRequest {
  id: string;
  caseId: string | null;
  kind: CollaborationKind;
  /** The township (team) asking. */
  fromUnitId: string;
  /** The county department asked. */
  toUnitId: string;
  /** When the department received the 执法协作文书: the clock starts here. ISO 8601. */
  receivedAt: string;
  answeredAt: string | null;
  /**
   * The reply deadline in working days, from the county's rules when the request was sent; null =
   * the county sets none. Absent (requests stored before it was per county): COLLABORATION_WORKING_DAYS.
   */
  workingDays?: number | null;
}

export interface CollaborationStatus {
  ok: true;
  state: CollaborationState;
  /** null: the county sets no reply deadline. */
  dueDate: string | null;
  dueAt: string | null;
  provisional: boolean;
  /** answered: came at or after dueAt. */
  late?: boolean;
  /** requested: working days after today up to the due date (0 = due today). */
  workingDaysLeft?: number;
}

export function collaborationStatus(request: CollaborationRequest, now: Instant, calendar: WorkCalendar): CollaborationStatus | DeadlineError {
  if (request.workingDays === null) {
    const nowMs = instantMs(now);
    const answeredMs = request.answeredAt === null ? null : instantMs(request.answeredAt);
    if (nowMs === null) return failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(now)}`, `not an ISO 8601 instant with zone: ${String(now)}`);
    const answered = answeredMs !== null && answeredMs <= nowMs;
    return { ok: true, state: answered ? 'answered' : 'requested', dueDate: null, dueAt: null, provisional: false };
  }
  const p = deadlineProgress(request.receivedAt, request.workingDays ?? COLLABORATION_WORKING_DAYS, request.answeredAt, now, calendar);
  if (!p.ok) return p;
  const { state, ...rest } = p;
  return { ...rest, state: state === 'done' ? 'answered' : state === 'open' ? 'requested' : 'overdue' };
}

/** Records the written answer; a request is answered once. */
export function answerCollaboration(
  request: CollaborationRequest,
  answeredAt: Instant,
): { ok: true; request: CollaborationRequest } | DomainFailure<'ALREADY_ANSWERED' | 'INVALID_TIME' | 'DONE_BEFORE_START'> {
  if (request.answeredAt !== null) return failure('ALREADY_ANSWERED', `协作请求已于 ${request.answeredAt} 反馈`, `collaboration request ${request.id} was already answered at ${request.answeredAt}`);
  const ms = instantMs(answeredAt);
  const receivedMs = instantMs(request.receivedAt);
  if (ms === null || receivedMs === null) return failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(answeredAt)}`, `not an ISO 8601 instant with zone: ${String(ms === null ? answeredAt : request.receivedAt)}`);
  if (ms < receivedMs) return failure('DONE_BEFORE_START', '反馈时间早于收件时间', `answer at ${isoInstant(ms)} is before receipt at ${request.receivedAt}`);
  return { ok: true, request: { ...request, answeredAt: isoInstant(ms) } };
}
