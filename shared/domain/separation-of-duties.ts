/**
 * 办审定分离: the officer who handled (办) a case may not review (审) it, and neither the handler
 * nor the reviewer may decide (定) it. Here review = 核查 (verify or send back for rework) and
 * decide = 结案. Handlers are the officers named on a dispatch order and everyone who acted for the
 * assigned team (acknowledged, returned, reported, or transferred it during handling).
 */
import type { CaseEvent } from './case-lifecycle.ts';
import { failure, type DomainFailure } from './domain-result.ts';

export type DutyRole = 'review' | 'decide';

export interface CaseDuties {
  handlerIds: readonly string[];
  reviewerIds: readonly string[];
}

/** The duty ids one event adds: the single source for both the state machine and history checks. */
export function dutiesOfEvent(event: CaseEvent): { handlers: string[]; reviewers: string[] } {
  switch (event.type) {
    case 'dispatch':
    case 'reassign':
      return { handlers: [...(event.officerIds ?? [])], reviewers: [] };
    case 'acknowledge':
    case 'return':
    case 'reportResult':
      return { handlers: [event.actorId], reviewers: [] };
    case 'transfer':
      return { handlers: event.from === 'handling' ? [event.actorId] : [], reviewers: [] };
    case 'verify':
    case 'rework':
      return { handlers: [], reviewers: [event.actorId] };
    default:
      return { handlers: [], reviewers: [] };
  }
}

export function addDuties(duties: CaseDuties, event: CaseEvent): CaseDuties {
  const { handlers, reviewers } = dutiesOfEvent(event);
  const merge = (ids: readonly string[], more: string[]) => [...ids, ...more.filter((id) => !ids.includes(id))];
  return { handlerIds: merge(duties.handlerIds, handlers), reviewerIds: merge(duties.reviewerIds, reviewers) };
}

export function dutiesFromHistory(history: readonly CaseEvent[]): CaseDuties {
  return history.reduce<CaseDuties>(addDuties, { handlerIds: [], reviewerIds: [] });
}

export function separationFailure(duties: CaseDuties, actorId: string, role: DutyRole): DomainFailure<'SEPARATION_OF_DUTIES'> | null {
  if (duties.handlerIds.includes(actorId)) {
    return role === 'review'
      ? failure('SEPARATION_OF_DUTIES', `办审定分离：${actorId} 办理过本案，不能核查`, `separation of duties: ${actorId} handled this case and may not review it`)
      : failure('SEPARATION_OF_DUTIES', `办审定分离：${actorId} 办理过本案，不能决定结案`, `separation of duties: ${actorId} handled this case and may not decide it`);
  }
  if (role === 'decide' && duties.reviewerIds.includes(actorId)) {
    return failure('SEPARATION_OF_DUTIES', `办审定分离：${actorId} 核查过本案，不能决定结案`, `separation of duties: ${actorId} reviewed this case and may not decide it`);
  }
  return null;
}

/** May `actorId` take `role` on a case with this history? */
export function checkSeparationOfDuties(history: readonly CaseEvent[], actorId: string, role: DutyRole): { ok: true } | DomainFailure<'SEPARATION_OF_DUTIES'> {
  return separationFailure(dutiesFromHistory(history), actorId, role) ?? { ok: true };
}
