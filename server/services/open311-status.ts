import { CASE_STATUS_LABELS, type CaseStatus } from '../../shared/domain/case-lifecycle.ts';

export type Open311Status = 'open' | 'closed';

/**
 * GeoReport v2 knows only open and closed; the case lifecycle's own state goes along as the
 * extended status (and, in zh-CN, as status_notes). Incident statuses are a subset of the case
 * statuses, so this one table serves both until incidents carry the full lifecycle.
 */
const OPEN311_STATUS: Record<CaseStatus, Open311Status> = {
  received: 'open',
  registered: 'open',
  dispatched: 'open',
  handling: 'open',
  returned: 'open',
  resultReported: 'open',
  verified: 'open',
  rejected: 'closed',
  closed: 'closed',
};

export interface MappedStatus {
  status: Open311Status;
  /** The lifecycle state, e.g. `dispatched`. */
  detail: CaseStatus;
  /** zh-CN label, e.g. 已派遣. */
  label: string;
}

export function mapStatus(status: CaseStatus): MappedStatus {
  return { status: OPEN311_STATUS[status], detail: status, label: CASE_STATUS_LABELS[status] };
}

/** Lifecycle states behind an Open311 status filter value. */
export function statusesFor(wanted: Open311Status): CaseStatus[] {
  return (Object.keys(OPEN311_STATUS) as CaseStatus[]).filter((s) => OPEN311_STATUS[s] === wanted);
}
