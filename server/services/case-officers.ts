import { checkDispatchOfficers } from '../../shared/domain/dispatch-rules.ts';
import type { Officer } from '../../shared/domain/officer.ts';
import type { ApiIssue, ErrorCode } from '../../shared/protocol/errors.ts';
import type { Store } from '../repositories/store.ts';
import { DomainError } from './domain-error.ts';

/**
 * The two-officer rule (行政处罚法 art. 42) applied to ids from a request: at least two distinct,
 * certified, available officers of `unitId`. Fewer than two that qualify is always
 * TWO_OFFICERS_REQUIRED; every problem is listed in `issues` so the order is fixed in one pass.
 */
export async function requireEnforcementOfficers(store: Store, officerIds: readonly string[], unitId: string, now: string): Promise<string[]> {
  const found: Officer[] = [];
  const issues: ApiIssue[] = [];
  for (const id of officerIds) {
    const officer = await store.getOfficer(id);
    if (officer) found.push(officer);
    else issues.push({ path: 'officerIds', message: `未找到执法人员 ${id} / no officer ${id}` });
  }
  const result = checkDispatchOfficers(found, unitId, now);
  if (result.ok && issues.length === 0) return result.officerIds;
  if (!result.ok && !('issues' in result)) throw new DomainError('INTERNAL', result.message);
  const domainIssues = result.ok ? [] : result.issues;
  const all = [...issues, ...domainIssues.map((i) => ({ path: i.officerId ? `officerIds.${i.officerId}` : 'officerIds', message: i.message }))];
  const tooFew = domainIssues.some((i) => i.code === 'TWO_OFFICERS_REQUIRED');
  const code: ErrorCode = tooFew ? 'TWO_OFFICERS_REQUIRED' : issues.length > 0 ? 'UNKNOWN_OFFICER' : (domainIssues[0]?.code ?? 'TWO_OFFICERS_REQUIRED');
  throw new DomainError(code, all.map((i) => i.message).join('; '), all);
}
