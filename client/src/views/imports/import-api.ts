import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { ApiError } from '../../api/rest.ts';
import { endSession, sessionToken } from '../../api/session.ts';
import type { ApplyResult, ImportJobView as ImportJob, ImportOptions } from '../../../../shared/protocol/imports.ts';

/** The uploaded polygons (GET /imports/{id}/features). */
export type UploadDrawing = FeatureCollection<Polygon | MultiPolygon, { index: number; code: string | null; name: string | null; level: string | null; parentCode: string | null }>;

function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
}

function failure(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; issues?: [] } } | null)?.error;
  // The token expired or was refused: back to the sign-in page.
  if (status === 401) endSession();
  return new ApiError(status, error?.code ?? (status === 0 ? 'NETWORK' : `HTTP_${status}`), error?.message ?? `HTTP ${status}`, error?.issues ?? []);
}

async function call<T>(method: 'GET' | 'POST', path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, { method, headers: authHeaders(), signal });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failure(response.status, body);
  return body as T;
}

export const importApi = {
  options: (signal?: AbortSignal) => call<ImportOptions>('GET', '/imports/options', signal),
  job: (id: string, signal?: AbortSignal) => call<ImportJob>('GET', `/imports/${encodeURIComponent(id)}`, signal),
  drawing: (id: string, signal?: AbortSignal) => call<UploadDrawing>('GET', `/imports/${encodeURIComponent(id)}/features`, signal),
  apply: (id: string) => call<ApplyResult>('POST', `/imports/${encodeURIComponent(id)}/apply`),
  gridVersion: (county: string, signal?: AbortSignal) => call<{ current: number }>('GET', `/grid-versions?county=${county.slice(0, 6)}`, signal),
  ruleVersions: (county: string, signal?: AbortSignal) => call<{ current: { catalogue: number; config: number } }>('GET', `/jurisdiction-versions?county=${county.slice(0, 6)}`, signal),
};

/**
 * Uploads a file as the request body. XMLHttpRequest rather than fetch: a county's Shapefile can
 * be a hundred megabytes, and only XHR reports how much of it has been sent.
 */
export function uploadFile(path: string, file: Blob, contentType: string, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1${path}`);
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // A proxy's HTML error page: the status says enough.
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ImportJob);
      else reject(failure(xhr.status, body));
    };
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'the upload did not reach the server'));
    xhr.onabort = () => reject(new DOMException('upload aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
