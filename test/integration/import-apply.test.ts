import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { GridImportJob } from '../../server/services/import/grid-import-service.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { gdal, gdalAvailable } from '../helpers/gdal.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Applying a grid import (issue 8): a round trip (export 常山's grids, convert them to a Shapefile
 * with ogr2ogr, import, apply) becomes version 2 and routes 500 points exactly as version 1 did;
 * incidents filed before keep their route and say they were routed with version 1; only the
 * county's admins may apply. (Stale applies and the replay after a restart: import-stale.test.ts,
 * so each file stays well under a minute on a busy machine.)
 */
const COUNTY = '330822';
const AT = '2025-03-01T10:00:00+08:00';
let server: TestServer;
let tmp: string;
let exported: GridCollection;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-apply-'));
  // Load shedding has its own tests; a busy 2-core machine must not turn these requests into 503s.
  server = await startTestServer({ admission: false });
  exported = (await (await fetch(`${server.url}/api/v1/exports/grids.geojson?county=${COUNTY}`)).json()) as GridCollection;
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

const as = async (username: string, target = server) => bearer(await loginAs(target, username));
const admin = () => as('changshan.admin');

async function call(method: string, path: string, headers: Record<string, string>, body?: unknown, target = server): Promise<{ status: number; body: any }> {
  const res = await fetch(`${target.url}/api/v1${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function upload(body: Uint8Array | string, type: string): Promise<GridImportJob> {
  const res = await fetch(`${server.url}/api/v1/imports/grids?county=${COUNTY}`, { method: 'POST', headers: { 'content-type': type, ...(await admin()) }, body: typeof body === 'string' ? body : Buffer.from(body) });
  const job = (await res.json()) as GridImportJob;
  expect(res.status, JSON.stringify(job)).toBe(202);
  for (const deadline = Date.now() + 50_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const polled = await call('GET', `/imports/${job.id}`, await admin());
    if (polled.body.state !== 'checking') return polled.body as GridImportJob;
  }
  throw new Error(`import ${job.id} never finished`);
}

/** 500 points over the county's bounding box (a fixed LCG: the same points every run). */
function samplePoints(): { id: string; lon: number; lat: number; at: string }[] {
  const county = exported.features.find((f) => f.properties.level === 'county')!;
  const ring = (county.geometry.type === 'Polygon' ? county.geometry.coordinates[0] : county.geometry.coordinates[0]![0])!;
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  const [w, e, s, n] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  let seed = 20260101;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 500 }, (_, i) => ({ id: `p${i}`, lon: w + (e - w) * next(), lat: s + (n - s) * next(), at: AT }));
}

/** Routes without the version stamp, to compare what was decided. */
async function routeAll(points: ReturnType<typeof samplePoints>, target = server): Promise<{ id: string; error?: unknown; route?: unknown; versions?: unknown }[]> {
  const res = await call('POST', '/route', {}, { points }, target);
  expect(res.status).toBe(200);
  return (res.body.results as { id: string; route?: { versions?: unknown }; error?: unknown }[]).map(({ route, ...rest }) => {
    if (!route) return rest;
    const { versions, ...decided } = route;
    return { ...rest, route: decided, versions };
  });
}

const haveGdal = gdalAvailable('grid apply: Shapefile made with ogr2ogr');

describe.skipIf(!haveGdal)('grid import: apply as a new version', () => {
  it('round trip: export → Shapefile (ogr2ogr) → import → apply is version 2, routing unchanged, the past explainable', async () => {
    const points = samplePoints();
    const before = await routeAll(points);
    expect(before.filter((r) => r.route).length).toBeGreaterThan(250);
    expect(before.every((r) => !r.route || JSON.stringify(r.versions) === JSON.stringify({ grid: 1, catalogue: 1, config: 1 }))).toBe(true);

    // An incident filed before the new version.
    const [first] = points.filter((_, i) => before[i]!.route);
    const filed = await call('POST', '/reports', await as('changshan.operator'), { lon: first!.lon, lat: first!.lat, description: '版本 1 时受理的报告', source: 'hotline' });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body.route.versions).toEqual({ grid: 1, catalogue: 1, config: 1 });

    // The county's grid as a Shapefile, converted by GDAL (not by our own code).
    const dir = mkdtempSync(join(tmp, 'shp-'));
    writeFileSync(join(dir, 'in.geojson'), JSON.stringify(exported));
    await gdal('ogr2ogr', ['-f', 'ESRI Shapefile', join(dir, 'changshan.shp'), join(dir, 'in.geojson'), '-lco', 'ENCODING=UTF-8']);
    const files: Record<string, Uint8Array> = {};
    for (const file of readdirSync(dir)) if (file.startsWith('changshan.')) files[file] = readFileSync(join(dir, file));
    const job = await upload(zipSync(files), 'application/zip');
    expect(job.report?.ok, JSON.stringify(job.report?.problems.slice(0, 3))).toBe(true);
    expect(job.baseVersion).toBe(1);

    // Only the county's admins may apply.
    expect((await call('POST', `/imports/${job.id}/apply`, await as('changshan.operator'))).status).toBe(403);
    expect((await call('POST', `/imports/${job.id}/apply`, await as('nanle.admin'))).status).toBe(403);
    expect((await call('POST', `/imports/${job.id}/apply`, {})).status).toBe(401);

    const applied = await call('POST', `/imports/${job.id}/apply`, await admin());
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toMatchObject({ id: job.id, kind: 'grid', countyCode: `${COUNTY}000000`, version: 2, appliedBy: 'changshan.admin' });
    expect(typeof applied.body.seq).toBe('number');

    const again = await call('POST', `/imports/${job.id}/apply`, await admin());
    expect([again.status, again.body.error.code]).toEqual([409, 'IMPORT_ALREADY_APPLIED']);

    // Routing is unchanged, and now says it used grid version 2.
    const after = await routeAll(points);
    expect(after.map(({ versions: _v, ...r }) => r)).toEqual(before.map(({ versions: _v, ...r }) => r));
    expect(after.filter((r) => r.route).every((r) => JSON.stringify(r.versions) === JSON.stringify({ grid: 2, catalogue: 1, config: 1 }))).toBe(true);

    // The incident filed before still reads back with its original route, version 1.
    const stored = await call('GET', `/incidents/${filed.body.id}`, await as('changshan.operator'));
    expect(stored.body.route).toEqual(filed.body.route);
    const newer = await call('POST', '/reports', await as('changshan.operator'), { lon: first!.lon, lat: first!.lat, description: '版本 2 时受理的报告', source: 'hotline' });
    expect(newer.body.route.versions).toEqual({ grid: 2, catalogue: 1, config: 1 });

    const listed = await call('GET', `/grid-versions?county=${COUNTY}`, await admin());
    expect(listed.status).toBe(200);
    expect(listed.body.current).toBe(2);
    expect(listed.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(listed.body.versions[1]).toMatchObject({ version: 2, appliedBy: 'changshan.admin', sourceHash: job.sourceHash, importId: job.id, counts: job.report!.counts });
    expect(listed.body.versions[0]).toMatchObject({ version: 1, appliedBy: null });
    // The export now serves version 2 (the Shapefile round trip, winding rewound): the same cells.
    const reexported = (await (await fetch(`${server.url}/api/v1/exports/grids.geojson?county=${COUNTY}`)).json()) as GridCollection;
    expect(reexported.features.map((f) => f.properties.code)).toEqual(exported.features.map((f) => f.properties.code));

  }, 58_000);
});

describe('grid import: what cannot be applied', () => {
  it('refuses an import with errors, and one that does not exist', async () => {
    // Only the townships: no county feature, villages missing under every township.
    const broken = { ...exported, features: exported.features.filter((f) => f.properties.level === 'township') };
    const job = await upload(JSON.stringify(broken), 'application/geo+json');
    expect(job.report?.ok).toBe(false);
    const res = await call('POST', `/imports/${job.id}/apply`, await admin());
    expect([res.status, res.body.error.code]).toEqual([422, 'IMPORT_HAS_ERRORS']);
    expect((await call('POST', '/imports/00000000-0000-7000-8000-000000000000/apply', await admin())).status).toBe(404);
    expect((await call('GET', `/grid-versions?county=${COUNTY}`, await admin())).body.versions.length).toBeGreaterThanOrEqual(1);
  });
});
