import type { CountySummary, GridCollection, GridLevel } from '../../../shared/domain/grid.ts';
import type { Incident } from '../../../shared/domain/incident.ts';
import type { RouteResult } from '../../../shared/domain/route.ts';
import type { DemoAccountsResponse, LoginResponse, MeResponse } from '../../../shared/protocol/auth.ts';
import type { ApiErrorBody, ApiIssue, MessageParams } from '../../../shared/protocol/errors.ts';
import type { ReportInput } from '../../../shared/protocol/reports.ts';
import { endSession, sessionToken } from './session.ts';
import { gridLevelPath } from '../../../shared/domain/grid-delivery.ts';
import { takePrefetched } from './page-boot.ts';

const BASE = '/api/v1';

/** The API's `{error:{code,message,issues?}}`, or a transport failure with code NETWORK. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: ApiIssue[] = [],
    /** Values for the client's text of `code`. */
    readonly params?: MessageParams,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ReportAccepted {
  id: string;
  receivedAt: string;
  route: RouteResult;
}

export interface IncidentPage {
  items: Incident[];
  next: string | null;
}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    const token = sessionToken();
    const auth: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
    response = await fetch(`${BASE}${path}`, { ...init, headers: { accept: 'application/json', ...auth, ...init?.headers } });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => null);
  // The token expired or was refused: back to the sign-in page.
  if (response.status === 401 && !path.startsWith('/auth/login')) endSession();
  if (!response.ok) {
    const apiError = isApiErrorBody(body) ? body.error : null;
    throw new ApiError(
      response.status,
      apiError?.code ?? `HTTP_${response.status}`,
      apiError?.message ?? `${response.status} ${response.statusText}`,
      apiError?.issues ?? [],
      apiError?.params,
    );
  }
  return body as T;
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

export function getCounties(signal?: AbortSignal): Promise<CountySummary[]> {
  return request('/counties', { signal });
}

/**
 * One grid level. With the county's grid version the URL names it, so the answer is cached for
 * good and an import is a new URL; the page may have started this very request already.
 */
export async function getGrids(county: string, level: GridLevel, signal?: AbortSignal, version?: number): Promise<GridCollection> {
  if (version === undefined) return request(`/grids?${new URLSearchParams({ county, level })}`, { signal });
  const path = gridLevelPath(county, level, version);
  const early = (await takePrefetched(path)) as GridCollection | null | undefined;
  signal?.throwIfAborted();
  return early ?? request(path.slice(BASE.length), { signal });
}

export function getIncidents(county: string, limit: number, signal?: AbortSignal): Promise<IncidentPage> {
  const query = new URLSearchParams({ county, limit: String(limit) });
  return request(`/incidents?${query}`, { signal });
}

export function postReport(input: ReportInput): Promise<ReportAccepted> {
  return request('/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
}

export function signIn(username: string, password: string): Promise<LoginResponse> {
  return request('/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** Who the given token belongs to (called right after signing in, before the session is stored). */
export function getMe(token: string): Promise<MeResponse> {
  return request('/auth/me', { headers: { authorization: `Bearer ${token}` } });
}

/** The demo accounts, or null outside demo mode (the endpoint does not exist there). */
export async function getDemoAccounts(signal?: AbortSignal): Promise<DemoAccountsResponse | null> {
  try {
    return await request<DemoAccountsResponse>('/demo/accounts', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}
