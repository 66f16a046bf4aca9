import type { EscalationLevel } from './ack-ladder.ts';
import type { CaseStatus } from './case-lifecycle.ts';
import type { RouteResult } from './route.ts';
import type { UnitRef } from './unit.ts';

export const CRS_VALUES = ['WGS84', 'GCJ02', 'BD09'] as const;
export type Crs = (typeof CRS_VALUES)[number];

/** Where reports come from. */
export const REPORT_SOURCES = ['hotline', 'grid-member', 'patrol', 'public', 'video', 'department', 'open311', 'other'] as const;
export type ReportSource = (typeof REPORT_SOURCES)[number];

export interface LonLat {
  lon: number;
  lat: number;
}

/** An incident is a case: its status is the case workflow's (case-lifecycle.ts). */
export type IncidentStatus = CaseStatus;

/**
 * Where a case stands in the workflow besides its status: who holds it, who is assigned, who has
 * handled or reviewed it (办审定分离) and the version every stored change bumps, so two concurrent
 * changes to one case cannot both be applied.
 */
export interface IncidentCase {
  /** The unit holding the case: the county dispatch center that received it, or a transfer target. */
  holderId: string;
  /** The unit the case is dispatched to; null before dispatch and after a return or transfer. */
  assigneeId: string | null;
  /** Officers named for the current assignment (on the order or at acknowledgement). */
  officerIds: string[];
  handlerIds: string[];
  reviewerIds: string[];
  /** ISO instant of the last case event. */
  lastEventAt: string;
  version: number;
  /** Departments told the outcome of a lead they sent (主管部门移交线索 → 执法 → 反馈主管部门). */
  feedbackTo?: string[];
}

export interface Incident {
  id: string;
  /** ISO 8601, UTC. */
  receivedAt: string;
  /** Always WGS84 (EPSG:4326). */
  location: LonLat;
  /** As submitted, before conversion. */
  reported: LonLat & { crs: Crs };
  matterCode: string | null;
  description: string;
  source: ReportSource;
  status: IncidentStatus;
  /** The routing decision as made at intake; `case` says who holds and handles the case now. */
  route: RouteResult;
  /** Absent only on records stored before the case workflow existed. */
  case?: IncidentCase;
}

/** pending → acknowledged (签收); an order the team sent back or that a transfer/decision superseded is closed. */
export type DispatchStatus = 'pending' | 'acknowledged' | 'returned' | 'withdrawn';

/** One fired step of the acknowledgement ladder. */
export interface OrderEscalation {
  level: EscalationLevel;
  dueAt: string;
  firedAt: string;
}

export interface DispatchOrder {
  id: string;
  incidentId: string;
  unit: UnitRef;
  createdAt: string;
  status: DispatchStatus;
  acknowledgedAt?: string | null;
  /** The certified officers named on the order, or by the team when it acknowledged. */
  officerIds?: string[];
  escalations?: OrderEscalation[];
}
