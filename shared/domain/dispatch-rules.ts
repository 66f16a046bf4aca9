/**
 * Who may be named on an enforcement dispatch order. 行政处罚法 (2021) art. 42: a penalty is
 * carried out by officers qualified for administrative enforcement, no fewer than two. So the order
 * names at least two distinct officers of the responsible unit, each holding a valid 执法证 and free
 * to go now. All problems are reported at once so the commander fixes the order in one pass.
 */
import { instantMs, type Instant } from './civil-date.ts';
import { bilingual, failure, type DomainFailure } from './domain-result.ts';
import { OFFICER_STATUS_LABELS, certificationAt, isDispatchable, type Officer } from './officer.ts';

export const MIN_ENFORCEMENT_OFFICERS = 2;

export type DispatchOfficerCode = 'TWO_OFFICERS_REQUIRED' | 'OFFICER_NOT_CERTIFIED' | 'OFFICER_NOT_IN_UNIT' | 'OFFICER_UNAVAILABLE' | 'DUPLICATE_OFFICER';

export interface DispatchOfficerIssue {
  code: DispatchOfficerCode;
  officerId?: string;
  message: string;
}

export type DispatchOfficersResult =
  | { ok: true; officerIds: string[] }
  | { ok: false; code: DispatchOfficerCode; message: string; issues: DispatchOfficerIssue[] }
  | DomainFailure<'INVALID_TIME'>;

export function checkDispatchOfficers(officers: readonly Officer[], unitId: string, now: Instant): DispatchOfficersResult {
  const nowMs = instantMs(now);
  if (nowMs === null) return failure('INVALID_TIME', `时间应为带时区的 ISO 8601：${String(now)}`, `not an ISO 8601 instant with zone: ${String(now)}`);
  const issues: DispatchOfficerIssue[] = [];
  const seen = new Set<string>();
  const valid: string[] = [];
  for (const o of officers) {
    const issue = (code: DispatchOfficerCode, zh: string, en: string) => issues.push({ code, officerId: o.id, message: bilingual(zh, en) });
    if (seen.has(o.id)) {
      issue('DUPLICATE_OFFICER', `${o.name}（${o.id}）重复列入`, `officer ${o.id} is listed twice`);
      continue;
    }
    seen.add(o.id);
    const before = issues.length;
    if (o.unitId !== unitId) issue('OFFICER_NOT_IN_UNIT', `${o.name}（${o.id}）不属于承办单位 ${unitId}`, `officer ${o.id} belongs to ${o.unitId}, not ${unitId}`);
    const cert = certificationAt(o, nowMs);
    if (cert === 'none') issue('OFFICER_NOT_CERTIFIED', `${o.name}（${o.id}）未持执法证`, `officer ${o.id} holds no enforcement certificate`);
    if (cert === 'expired') issue('OFFICER_NOT_CERTIFIED', `${o.name}（${o.id}）执法证已过期（有效期至 ${o.certificate?.expiresOn ?? ''}）`, `officer ${o.id}'s certificate expired (${o.certificate?.expiresOn ?? ''})`);
    if (!isDispatchable(o.status)) issue('OFFICER_UNAVAILABLE', `${o.name}（${o.id}）当前「${OFFICER_STATUS_LABELS[o.status]}」`, `officer ${o.id} is ${o.status}`);
    if (issues.length === before) valid.push(o.id);
  }
  if (valid.length < MIN_ENFORCEMENT_OFFICERS) {
    issues.push({
      code: 'TWO_OFFICERS_REQUIRED',
      message: bilingual(
        `执法人员不得少于两人，符合条件的只有 ${valid.length} 人`,
        `an enforcement action needs at least ${MIN_ENFORCEMENT_OFFICERS} certified officers of the unit; ${valid.length} qualify`,
      ),
    });
  }
  const first = issues[0];
  if (first) return { ok: false, code: first.code, message: issues.map((i) => i.message).join('; '), issues };
  return { ok: true, officerIds: valid };
}
