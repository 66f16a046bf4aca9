import type { JointActionCommandSlug, JointActionCreateBody, JointActionListResponse, JointActionResponse, ParticipantOptionsResponse } from '../../../../shared/protocol/joint-actions.ts';
import { ApiError } from '../../api/rest.ts';
import { endSession, sessionToken } from '../../api/session.ts';

/** JSON over /api/v1 with the session's token; errors are ApiError with the API's own message. */
export async function api<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<T> {
  const token = sessionToken();
  const headers: Record<string, string> = { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: init.signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const parsed = (await response.json().catch(() => null)) as { error?: { code: string; message: string; issues?: [] } } | null;
  if (response.status === 401) endSession();
  if (!response.ok) throw new ApiError(response.status, parsed?.error?.code ?? `HTTP_${response.status}`, parsed?.error?.message ?? `HTTP ${response.status}`, parsed?.error?.issues ?? []);
  return parsed as T;
}

export const jointApi = {
  list: (signal?: AbortSignal) => api<JointActionListResponse>('GET', '/joint-actions', undefined, { signal }),
  options: (townships: readonly string[], signal?: AbortSignal) => api<ParticipantOptionsResponse>('GET', `/joint-actions/options?townships=${townships.join(',')}`, undefined, { signal }),
  create: (body: JointActionCreateBody, key: string) => api<JointActionResponse>('POST', '/joint-actions', body, { headers: { 'Idempotency-Key': key } }),
  command: (id: string, slug: JointActionCommandSlug, body: Record<string, unknown>) => api<JointActionResponse>('POST', `/joint-actions/${id}/${slug}`, body),
};

/** A photo as an object URL (an <img> cannot send the Authorization header). */
export async function photoUrl(url: string, signal?: AbortSignal): Promise<string> {
  const token = sessionToken();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return URL.createObjectURL(await response.blob());
}

/** A random key for Idempotency-Key headers. */
export function newKey(): string {
  return globalThis.crypto.randomUUID();
}
