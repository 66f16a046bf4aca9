/**
 * Which workflow steps a person may take on a case now: the lifecycle table (state → action, by the
 * holder or the assignee), the role → capability table and 办审定分离, asked together. The server
 * refuses exactly what this leaves out, so a screen that offers only these never shows a button that
 * ends in 403 or 409. Pure.
 */
import { PERMISSIONS, type Capability, type Role } from './capabilities.ts';
import { CASE_TRANSITIONS, type CaseAction, type CaseStatus } from './case-lifecycle.ts';
import { separationFailure } from './separation-of-duties.ts';

/** What each action needs from the role table (shared/domain/capabilities.ts). */
export const ACTION_CAPABILITY: Record<CaseAction, Capability> = {
  register: 'case:register',
  reject: 'case:register',
  dispatch: 'case:dispatch',
  acknowledge: 'case:handle',
  return: 'case:handle',
  reportResult: 'case:handle',
  verify: 'case:verify',
  rework: 'case:verify',
  close: 'case:close',
  transfer: 'case:transfer',
  reassign: 'case:dispatch',
  urge: 'case:dispatch',
  recall: 'case:dispatch',
};

export interface CaseSnapshot {
  status: CaseStatus;
  holderId: string;
  assigneeId: string | null;
  handlerIds: readonly string[];
  reviewerIds: readonly string[];
}

export interface CaseParticipant {
  userId: string;
  role: Role;
  /** The units this person acts for in the county's workflow (GET /auth/me `scope.actsFor`). */
  actsFor: readonly string[];
}

/** The actions `who` may take on the case, in table order. */
export function permittedActions(snapshot: CaseSnapshot, who: CaseParticipant): CaseAction[] {
  const actions: CaseAction[] = [];
  for (const rule of CASE_TRANSITIONS) {
    if (rule.from !== snapshot.status || actions.includes(rule.action)) continue;
    if (PERMISSIONS[who.role]?.[ACTION_CAPABILITY[rule.action]] === undefined) continue;
    const unit = rule.by === 'holder' ? snapshot.holderId : snapshot.assigneeId;
    if (unit === null || !who.actsFor.includes(unit)) continue;
    if (rule.duty && separationFailure(snapshot, who.userId, rule.duty)) continue;
    actions.push(rule.action);
  }
  return actions;
}
