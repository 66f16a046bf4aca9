import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridFeature } from '../../shared/domain/grid.ts';
import type { RouteResult } from '../../shared/domain/route.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { SYSTEM_ADMIN, bearer, loginAs } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function dryRun(body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

const nanle = JSON.parse(readFileSync(`${REPO_ROOT}data/counties/410923000000.json`, 'utf8'));
const firstBatch = nanle.devolution.batches[0] as { effectiveFrom: string; matters: string[]; townships: string[] };
const DEVOLVED = firstBatch.matters[0]!;

const METRES_PER_DEGREE = 111_320;
/** Moves a point by metres east/north (local approximation; fine at these distances). */
function offset([lon, lat]: [number, number], east: number, north: number): [number, number] {
  return [lon + east / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)), lat + north / METRES_PER_DEGREE];
}

function outerRing(f: GridFeature): [number, number][] {
  return (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0]![0]) as [number, number][];
}

describe('POST /api/v1/route (dry run)', () => {
  it('routes without storing anything', async () => {
    const group = featuresAt('410923', 'group')[200]!;
    const [lon, lat] = interiorPoint(group);
    const admin = bearer(await loginAs(server, SYSTEM_ADMIN));
    const before = (await (await fetch(`${server.url}/api/v1/incidents`, { headers: admin })).json()).items.length;
    const res = await dryRun({ lon, lat, matterCode: DEVOLVED, at: '2023-05-01T10:00:00+08:00' });
    expect(res.status).toBe(200);
    expect(res.body.route.group.code).toBe(group.properties.code);
    expect(res.body.route.reasons.map((r: { code: string }) => r.code)).toContain('DEVOLVED');
    expect((await (await fetch(`${server.url}/api/v1/incidents`, { headers: admin })).json()).items.length).toBe(before);
  });

  it('keeps a matter at county level before its devolution batch took effect, and devolves it after', async () => {
    const township = featuresAt('410923', 'township').find((t) => firstBatch.townships.includes(t.properties.code))!;
    const [lon, lat] = interiorPoint(featuresAt('410923', 'group').find((g) => g.properties.code.startsWith(township.properties.code.slice(0, 9)))!);
    const dayBefore = new Date(Date.parse(`${firstBatch.effectiveFrom}T12:00:00+08:00`) - 86_400_000).toISOString();
    const before = await dryRun({ lon, lat, matterCode: DEVOLVED, at: dayBefore });
    const after = await dryRun({ lon, lat, matterCode: DEVOLVED, at: `${firstBatch.effectiveFrom}T12:00:00+08:00` });
    expect(before.body.route.unit.kind).not.toBe('township-team');
    expect(before.body.route.reasons.map((r: { code: string }) => r.code)).toContain('NOT_YET_DEVOLVED');
    expect(after.body.route.unit.id).toBe(`team-${township.properties.code}`);
  });

  it('常山: a 渣土 report in a radiated township (何家乡) goes to its hub 辉埠镇\'s team, on the real geometry', async () => {
    const changshan = JSON.parse(readFileSync(`${REPO_ROOT}data/counties/330822000000.json`, 'utf8'));
    const cluster = changshan.clusters.find((c: { hubTownship: string }) => c.hubTownship === '330822115000');
    const radiated = cluster.radiatedTownships[0] as string;
    const batch = changshan.devolution.batches[0] as { matters: string[]; effectiveFrom: string };
    const matter = batch.matters.find((m) => m === 'CSHJ-017') ?? batch.matters[0]!;
    const group = featuresAt('330822', 'group').find((g) => g.properties.code.startsWith(radiated.slice(0, 9)))!;
    const res = await dryRun({ ...toLonLat(interiorPoint(group)), matterCode: matter, at: '2022-06-01T09:00:00+08:00' });
    expect(res.status).toBe(200);
    expect(res.body.route.township.code).toBe(radiated);
    expect(res.body.route.unit.id).toBe('team-330822115000');
    expect(res.body.route.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['DEVOLVED', 'CLUSTER_HUB']));
  });

  it('routes a batch of points, answering a bad one in its place', async () => {
    const groups = featuresAt('330822', 'group');
    const points = groups.slice(0, 300).map((g, i) => {
      const [lon, lat] = interiorPoint(g);
      return { id: `p${i}`, lon, lat };
    });
    points.splice(5, 0, { id: 'far', lon: 100, lat: 30 });
    const res = await dryRun({ points: [...points, { id: 'bad-matter', lon: points[0]!.lon, lat: points[0]!.lat, matterCode: 'NOPE-999' }] });
    expect(res.status).toBe(200);
    const results = res.body.results as Array<{ id: string; route?: RouteResult; error?: { code: string } }>;
    expect(results).toHaveLength(302);
    expect(results[5]).toMatchObject({ id: 'far', error: { code: 'OUTSIDE_ALL_COUNTIES' } });
    expect(results[301]).toMatchObject({ id: 'bad-matter', error: { code: 'UNKNOWN_MATTER' } });
    const good = results.filter((r) => r.route);
    expect(good).toHaveLength(300);
    good.forEach((r, i) => expect(r.route!.group.code).toBe(groups[i]!.properties.code));
  });

  it('snaps a point just outside the outline within 50 m, sends one 1 km out to the dispatch center, refuses one far away', async () => {
    const county = featuresAt('410923', 'county')[0]!;
    const ring = outerRing(county);
    const west = ring.reduce((a, b) => (b[0] < a[0] ? b : a));
    const snapped = await dryRun({ ...toLonLat(offset(west, -20, 0)) });
    expect(snapped.status).toBe(200);
    expect(snapped.body.route.flags).toContain('snappedToNearest');
    expect(snapped.body.route.unit.kind).toBe('township-team');
    const triage = await dryRun({ ...toLonLat(offset(west, -1000, 0)) });
    expect(triage.status).toBe(200);
    expect(triage.body.route.flags).toContain('unrouted');
    expect(triage.body.route.unit.kind).toBe('dispatch-center');
    const far = await dryRun({ ...toLonLat(offset(west, -10_000, 0)) });
    expect(far.status).toBe(422);
    expect(far.body.error.code).toBe('OUTSIDE_ALL_COUNTIES');
  });

  it('flags a devolved matter reported near a township boundary for review, with the neighbour team as alternate', async () => {
    const townships = featuresAt('410923', 'township');
    const a = townships[0]!;
    const bVertices = new Set(townships.slice(1).flatMap((t) => outerRing(t).map((p) => p.join(','))));
    const shared = outerRing(a).find((p) => bVertices.has(p.join(',')))!;
    const [cx, cy] = interiorPoint(a);
    const toward = [cx - shared[0], cy - shared[1]];
    const len = Math.hypot(toward[0]!, toward[1]!);
    // ~15 m from the shared vertex toward the township's interior.
    const near: [number, number] = [shared[0] + (toward[0]! / len) * 0.00015, shared[1] + (toward[1]! / len) * 0.00015];
    const res = await dryRun({ ...toLonLat(near), matterCode: DEVOLVED, at: '2024-01-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(res.body.route.township.code).toBe(a.properties.code);
    expect(res.body.route.flags).toContain('boundaryReview');
    expect(res.body.route.alternates.some((u: { id: string; kind: string }) => u.id !== `team-${a.properties.code}` && u.kind === 'township-team')).toBe(true);
    const inside = await dryRun({ ...toLonLat(interiorPoint(featuresAt('410923', 'group').find((g) => g.properties.code.startsWith(a.properties.code.slice(0, 9)))!)), matterCode: DEVOLVED, at: '2024-01-01T00:00:00Z' });
    expect(inside.body.route.flags).not.toContain('boundaryReview');
  });

  it('refuses bad requests: unknown matter (422), bad at (400), too many points (400), wrong types (400)', async () => {
    const [lon, lat] = interiorPoint(featuresAt('410923', 'group')[0]!);
    const unknown = await dryRun({ lon, lat, matterCode: 'NOPE-999' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('UNKNOWN_MATTER');
    expect((await dryRun({ lon, lat, at: 'yesterday' })).status).toBe(400);
    expect((await dryRun({ points: [] })).status).toBe(400);
    const many = await dryRun({ points: Array.from({ length: 10_001 }, () => ({ lon, lat })) });
    expect(many.status).toBe(400);
    expect(many.body.error.message).toMatch(/10000|10,000/);
    expect((await dryRun({ lon: 'x', lat })).status).toBe(400);
  });
});

function toLonLat([lon, lat]: [number, number]): { lon: number; lat: number } {
  return { lon, lat };
}
