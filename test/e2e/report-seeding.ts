import { pointOnFeature } from '@turf/turf';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { bearer } from '../helpers/auth.ts';

/** Interior points of a county's villager groups, by township code (deterministic order). */
export async function pointsByTownship(url: string, county: string): Promise<Map<string, [number, number][]>> {
  const groups = (await (await fetch(`${url}/api/v1/grids?county=${county}&level=group`)).json()) as GridCollection;
  const byTownship = new Map<string, [number, number][]>();
  for (const feature of groups.features) {
    const township = `${feature.properties.code.slice(0, 9)}000`;
    const list = byTownship.get(township) ?? [];
    list.push(pointOnFeature(feature).geometry.coordinates as [number, number]);
    byTownship.set(township, list);
  }
  return byTownship;
}

export interface PostedReport {
  id: string;
  receivedAt: string;
  route: { township: { code: string; name: string }; unit: { id: string; name: string } };
}

let keys = 0;

/** Files a report; a 503 (load shedding on a busy test machine) is retried with the same Idempotency-Key. */
export async function postReport(url: string, token: string, at: [number, number], extra: { matterCode?: string; description?: string } = {}): Promise<PostedReport> {
  const key = `seed-${process.pid}-${Date.now().toString(36)}-${(keys += 1)}`;
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(token) },
      body: JSON.stringify({ lon: at[0], lat: at[1], crs: 'WGS84', source: 'hotline', description: extra.description ?? '占道经营', ...(extra.matterCode ? { matterCode: extra.matterCode } : {}) }),
    });
    const body = (await res.json()) as PostedReport & { error?: { message: string } };
    if (res.status === 201) return body;
    if (res.status !== 503 || attempt >= 20) throw new Error(`report refused (${res.status}): ${body.error?.message}`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 1000 * Number(res.headers.get('retry-after') ?? 1))));
  }
}
