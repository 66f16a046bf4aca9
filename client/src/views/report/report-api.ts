import type { LonLat } from '../../../../shared/domain/incident.ts';
import type { RouteResult } from '../../../../shared/domain/route.ts';
import type { ApiErrorBody } from '../../../../shared/protocol/errors.ts';
import type { CaseStatus } from '../../../../shared/domain/case-lifecycle.ts';

export type RoutePreview = { kind: 'route'; route: RouteResult } | { kind: 'error'; code: string; params?: Readonly<Record<string, string | number>> };

/** Where a report at this point would go (POST /api/v1/route: the intake's router, no side effects). */
export async function previewRoute(at: LonLat, matterCode: string | null, signal: AbortSignal): Promise<RoutePreview> {
  const res = await fetch('/api/v1/route', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ lon: at.lon, lat: at.lat, crs: 'WGS84', ...(matterCode ? { matterCode } : {}) }),
    signal,
  });
  const body = (await res.json().catch(() => null)) as ({ route: RouteResult } & Partial<ApiErrorBody>) | null;
  if (res.ok && body?.route) return { kind: 'route', route: body.route };
  return { kind: 'error', code: body?.error?.code ?? `HTTP_${res.status}`, ...(body?.error?.params ? { params: body.error.params } : {}) };
}

export interface FollowedCase {
  status: CaseStatus;
  unitName: string;
  receivedAt: string;
  updatedAt: string;
  expectedBy: string | null;
}

/** A filed report's progress, from the public Open311 request (what any reporter may see). */
export async function followCase(id: string, signal: AbortSignal): Promise<FollowedCase | null> {
  const res = await fetch(`/open311/v2/requests/${encodeURIComponent(id)}.json?extensions=true`, { signal, headers: { accept: 'application/json' } });
  if (!res.ok) return null;
  const [request] = (await res.json()) as {
    agency_responsible: string;
    requested_datetime: string;
    updated_datetime: string;
    expected_datetime?: string;
    extended_attributes?: { status?: CaseStatus };
  }[];
  if (!request?.extended_attributes?.status) return null;
  return {
    status: request.extended_attributes.status,
    unitName: request.agency_responsible,
    receivedAt: request.requested_datetime,
    updatedAt: request.updated_datetime,
    expectedBy: request.expected_datetime ?? null,
  };
}
