import type { PublicBodiesResponse, PublicCatalogueResponse } from '../../../../shared/protocol/public.ts';

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const body = (await res.json().catch(() => null)) as (T & { error?: { message: string } }) | null;
  if (!res.ok || !body) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
  return body;
}

export function fetchBodies(county: string, signal?: AbortSignal): Promise<PublicBodiesResponse> {
  return getJson(`/api/v1/public/bodies?county=${encodeURIComponent(county)}`, signal);
}

export function fetchCatalogue(county: string, township: string, date: string, signal?: AbortSignal): Promise<PublicCatalogueResponse> {
  const query = new URLSearchParams({ county, township, date });
  return getJson(`/api/v1/public/catalogue?${query}`, signal);
}
