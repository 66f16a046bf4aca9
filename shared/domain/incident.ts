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

export type IncidentStatus = 'received' | 'dispatched';

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
  route: RouteResult;
}

export type DispatchStatus = 'pending' | 'acknowledged';

export interface DispatchOrder {
  id: string;
  incidentId: string;
  unit: UnitRef;
  createdAt: string;
  status: DispatchStatus;
}
