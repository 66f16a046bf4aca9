/**
 * Rules of the administrative penalty procedure (《行政处罚法》2021) that a case system must check
 * before it records a step. Pure: times and the work calendar are passed in.
 *
 * - 办、审、定: the people who handled a case (立案, 调查取证, 告知) may not review it (法制审核,
 *   art. 58) nor decide it (art. 57); the reviewer may not decide it. Three different people, and a
 *   refusal names the conflict.
 * - 简易程序 (art. 51): on the spot only for a warning, or a fine of up to 200 元 for a citizen or
 *   3 000 元 for a legal person or other organisation.
 * - 听证 (art. 63–64): requested within 5 working days of the notice (art. 85).
 * - 决定 within 90 days of 立案 (art. 60), unless extended with approval and a reason.
 */
import type { WorkCalendar } from './calendar.ts';
import { instantMs } from './civil-date.ts';
import { failure, type DomainFailure } from './domain-result.ts';
import { clockDeadline, DEFAULT_DECISION_EXTENSION_DAYS, STATUTORY_CLOCKS, type ClockDeadline, type ClockRule } from './procedure-clocks.ts';

export type DutyConflict = 'HANDLER_REVIEWS' | 'HANDLER_DECIDES' | 'REVIEWER_DECIDES';

export interface ProcedureDuties {
  /** Everyone who handled the case: filed it, took evidence, signed an inquiry record, gave notice. */
  handlerIds: readonly string[];
  /** The legal reviewer(s). */
  reviewerIds: readonly string[];
}

export type SeparationFailure = DomainFailure<'SEPARATION_OF_DUTIES'> & { conflict: DutyConflict };

/** May `userId` review (审) or decide (定) a case with these duties? */
export function procedureSeparation(duties: ProcedureDuties, userId: string, duty: 'review' | 'decide'): SeparationFailure | null {
  const refuse = (conflict: DutyConflict, zh: string, en: string): SeparationFailure => ({ ...failure('SEPARATION_OF_DUTIES', zh, en), conflict });
  if (duties.handlerIds.includes(userId)) {
    return duty === 'review'
      ? refuse('HANDLER_REVIEWS', `办审定分离：${userId} 办理过本案，不能进行法制审核`, `separation of duties: ${userId} handled this case and may not review it`)
      : refuse('HANDLER_DECIDES', `办审定分离：${userId} 办理过本案，不能作出决定`, `separation of duties: ${userId} handled this case and may not decide it`);
  }
  if (duty === 'decide' && duties.reviewerIds.includes(userId)) {
    return refuse('REVIEWER_DECIDES', `办审定分离：${userId} 审核过本案，不能作出决定`, `separation of duties: ${userId} reviewed this case and may not decide it`);
  }
  return null;
}

export type PartyKind = 'individual' | 'organisation';
export type Penalty = { kind: 'warning' } | { kind: 'fine'; amountYuan: number };

/** 简易程序 limits (art. 51), in 元. */
export const SIMPLE_PROCEDURE_FINE_LIMIT: Readonly<Record<PartyKind, number>> = { individual: 200, organisation: 3000 };

/** Whether a penalty may be decided on the spot (当场处罚) under art. 51. */
export function checkSimpleProcedure(party: PartyKind, penalty: Penalty): { ok: true } | DomainFailure<'SIMPLE_PROCEDURE_LIMIT' | 'INVALID_PENALTY'> {
  if (penalty.kind === 'warning') return { ok: true };
  if (!Number.isFinite(penalty.amountYuan) || penalty.amountYuan <= 0) {
    return failure('INVALID_PENALTY', `罚款金额应为正数：${penalty.amountYuan}`, `a fine must be a positive amount: ${penalty.amountYuan}`);
  }
  const limit = SIMPLE_PROCEDURE_FINE_LIMIT[party];
  if (penalty.amountYuan > limit) {
    const who = party === 'individual' ? { zh: '公民', en: 'a citizen' } : { zh: '法人或者其他组织', en: 'an organisation' };
    return failure(
      'SIMPLE_PROCEDURE_LIMIT',
      `简易程序（第五十一条）对${who.zh}只能当场处以${limit}元以下罚款或者警告；${penalty.amountYuan}元须适用普通程序`,
      `the simple procedure (art. 51) allows a fine of at most ${limit} yuan for ${who.en}, or a warning; ${penalty.amountYuan} yuan needs the general procedure`,
    );
  }
  return { ok: true };
}

/** A hearing request (听证申请) counts only within 5 working days of the notice (art. 64, art. 85). */
export function checkHearingRequest(notifiedAt: string, requestedAt: string, cal: WorkCalendar, rule: ClockRule = STATUTORY_CLOCKS.hearingRequest): { ok: true; deadline: ClockDeadline } | DomainFailure<'HEARING_REQUEST_LATE' | 'INVALID_TIME' | 'INVALID_DATE' | 'OUTSIDE_CALENDAR' | 'INVALID_COUNT'> {
  const notified = instantMs(notifiedAt);
  const requested = instantMs(requestedAt);
  if (notified === null || requested === null || requested < notified) return failure('INVALID_TIME', `听证申请时间无效：${requestedAt}`, `invalid hearing request time ${requestedAt} for a notice at ${notifiedAt}`);
  const deadline = clockDeadline(notified, rule, cal);
  if (!deadline.ok) return deadline;
  if (requested >= Date.parse(deadline.value.dueAt)) {
    return failure('HEARING_REQUEST_LATE', `听证申请应在告知后${rule.amount}个工作日内（${deadline.value.dueDate} 前）提出`, `a hearing must be requested within ${rule.amount} working days of the notice (by ${deadline.value.dueDate})`);
  }
  return { ok: true, deadline: deadline.value };
}

export interface DecisionExtension {
  /** Approved by (the responsible leader: not a handler of the case). */
  approvedBy: string;
  reason: string;
  days: number;
}

/**
 * The decision deadline (art. 60): the county's limit (default 90 calendar days) from 立案, plus
 * every approved extension. An extension needs a reason and an approver who did not handle the case.
 */
export function decisionDeadline(
  filedAt: string,
  extensions: readonly DecisionExtension[],
  duties: ProcedureDuties,
  cal: WorkCalendar,
  rule: ClockRule = STATUTORY_CLOCKS.decision,
): { ok: true; deadline: ClockDeadline } | DomainFailure<'EXTENSION_REASON_REQUIRED' | 'INVALID_TIME' | 'INVALID_DATE' | 'OUTSIDE_CALENDAR' | 'INVALID_COUNT'> | SeparationFailure {
  const filed = instantMs(filedAt);
  if (filed === null) return failure('INVALID_TIME', `立案时间无效：${filedAt}`, `invalid filing time ${filedAt}`);
  let days = rule.amount;
  for (const e of extensions) {
    if (e.reason.trim().length === 0) return failure('EXTENSION_REASON_REQUIRED', '延长办案期限须写明理由', 'an extension of the decision limit needs a reason');
    const conflict = procedureSeparation({ handlerIds: duties.handlerIds, reviewerIds: [] }, e.approvedBy, 'decide');
    if (conflict) return conflict;
    days += e.days > 0 ? e.days : DEFAULT_DECISION_EXTENSION_DAYS;
  }
  const deadline = clockDeadline(filed, { amount: days, unit: rule.unit }, cal);
  return deadline.ok ? { ok: true, deadline: deadline.value } : deadline;
}
