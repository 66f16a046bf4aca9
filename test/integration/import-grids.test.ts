import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import gcoord from 'gcoord';
import type { Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection, GridFeature } from '../../shared/domain/grid.ts';
import type { GridImportJob } from '../../server/services/import/grid-import-service.ts';
import { countySlug } from '../../server/services/demo-accounts.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { gdal, gdalAvailable } from '../helpers/gdal.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const COUNTY = '330822';
let server: TestServer;
let tmp: string;
let exported: GridCollection;
let groupsBefore: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-import-'));
  // Load shedding has its own tests; here a busy 2-core machine must not turn requests into 503s.
  server = await startTestServer({ admission: false });
  const res = await fetch(`${server.url}/api/v1/exports/grids.geojson?county=${COUNTY}`);
  expect(res.status).toBe(200);
  exported = (await res.json()) as GridCollection;
  groupsBefore = await (await fetch(`${server.url}/api/v1/grids?county=${COUNTY}&level=group`)).text();
});
afterAll(async () => {
  // Nothing an upload did changed what is served.
  if (server) expect(await (await fetch(`${server.url}/api/v1/grids?county=${COUNTY}&level=group`)).text()).toBe(groupsBefore);
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The county's demo admin holds config:manage there. */
const admin = async (county = COUNTY) => bearer(await loginAs(server, `${countySlug(`${county}000000`)}.admin`));

async function upload(body: Uint8Array | string, type: string, query = `county=${COUNTY}`, as?: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/imports/grids?${query}`, { method: 'POST', headers: { 'content-type': type, ...(as ?? (await admin())) }, body: typeof body === 'string' ? body : Buffer.from(body) });
  return { status: res.status, body: await res.json() };
}

/** Polls a job until it is no longer checking; returns it with every progress seen on the way. */
async function finished(id: string): Promise<{ job: GridImportJob; seen: NonNullable<GridImportJob['progress']>[] }> {
  const seen: NonNullable<GridImportJob['progress']>[] = [];
  for (const deadline = Date.now() + 55_000; Date.now() < deadline; ) {
    const res = await fetch(`${server.url}/api/v1/imports/${id}`, { headers: await admin() });
    expect(res.status).toBe(200);
    const job = (await res.json()) as GridImportJob;
    if (job.progress) seen.push(job.progress);
    if (job.state !== 'checking') return { job, seen };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`import ${id} never finished`);
}

async function check(body: Uint8Array | string, type: string, query?: string) {
  const started = await upload(body, type, query);
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.state).toBe('checking');
  return finished(started.body.id as string);
}

/** Writes a FeatureCollection, converts it with ogr2ogr to a Shapefile (options go to ogr2ogr) and zips it. */
async function shapefileZip(name: string, fc: unknown, options: string[] = [], drop: string[] = []): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmp, `${name}-`));
  writeFileSync(join(dir, 'in.geojson'), JSON.stringify(fc));
  await gdal('ogr2ogr', ['-f', 'ESRI Shapefile', join(dir, `${name}.shp`), join(dir, 'in.geojson'), '-lco', 'ENCODING=UTF-8', ...options]);
  const files: Record<string, Uint8Array> = {};
  for (const file of readdirSync(dir)) {
    if (file.startsWith(`${name}.`) && !drop.some((ext) => file.endsWith(ext))) files[file] = readFileSync(join(dir, file));
  }
  return zipSync(files);
}

const codes = (job: GridImportJob, code: string) => job.report!.problems.filter((p) => p.code === code);
const groupsOf = (villageCode: string) => exported.features.filter((f) => f.properties.parentCode === villageCode);

function bboxOf(f: GridFeature): [number, number, number, number] {
  const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0]![0]) as Position[];
  const xs = ring.map((p) => p[0]!);
  const ys = ring.map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
const inside = (at: [number, number] | undefined, box: [number, number, number, number], pad = 1e-6) =>
  !!at && at[0] >= box[0] - pad && at[0] <= box[2] + pad && at[1] >= box[1] - pad && at[1] <= box[3] + pad;

const haveGdal = gdalAvailable('grid import: test files made with ogr2ogr');

describe.skipIf(!haveGdal)('grid import: Shapefile round trip (files made with ogr2ogr)', () => {
  it('exports a county grid, reprojects it to EPSG:3857 as a Shapefile, and imports it back without a problem', async () => {
    const zip = await shapefileZip('changshan', exported, ['-t_srs', 'EPSG:3857']);
    const { job, seen } = await check(zip, 'application/zip');
    expect(job.state).toBe('checked');
    expect(job.report!.problems).toEqual([]);
    expect(job.report!.ok).toBe(true);
    expect(job.report!.sourceCrs).toMatch(/Mercator/);
    const levels = { county: 0, township: 0, village: 0, group: 0 };
    for (const f of exported.features) levels[f.properties.level]++;
    expect(job.report!.counts).toEqual(levels);
    expect(job.report!.changes).toMatchObject({ added: 0, removed: 0, kept: exported.features.length });
    // Progress was reported while the file was checked.
    expect(seen.some((p) => p.phase === 'topology' && p.done < p.total)).toBe(true);
  });

  it('names each problem of a broken Shapefile, and where it is', async () => {
    const villages = exported.features.filter((f) => f.properties.level === 'village' && groupsOf(f.properties.code).length >= 3);
    const [vOverlap, vGap, vDup, vMissing, vBow] = villages as [GridFeature, GridFeature, GridFeature, GridFeature, GridFeature];
    const overlapper = groupsOf(vOverlap.properties.code)[0]!;
    const removed = groupsOf(vGap.properties.code)[1]!;
    const duplicated = groupsOf(vDup.properties.code)[0]!;
    const nameless = groupsOf(vMissing.properties.code)[2]!;
    const bow = groupsOf(vBow.properties.code)[0]!;
    const [w, s, e, n] = bboxOf(vOverlap);
    const features = exported.features
      .filter((f) => f !== removed)
      .map((f) => {
        if (f === overlapper) return { ...f, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } };
        if (f === nameless) return { ...f, properties: { ...f.properties, code: '' } };
        if (f === bow) {
          const ring = [...(f.geometry.coordinates[0] as Position[])];
          [ring[1], ring[2]] = [ring[2]!, ring[1]!];
          return { ...f, geometry: { type: 'Polygon', coordinates: [ring] } };
        }
        return f;
      });
    features.push(duplicated);
    const { job } = await check(await shapefileZip('broken', { type: 'FeatureCollection', features }), 'application/zip');
    expect(job.state).toBe('checked');
    expect(job.report!.ok).toBe(false);
    const overlaps = codes(job, 'OVERLAP').filter((p) => p.codes!.includes(overlapper.properties.code));
    expect(overlaps.length).toBeGreaterThan(0);
    expect(overlaps.every((p) => inside(p.location, bboxOf(vOverlap)))).toBe(true);
    expect(codes(job, 'OUTSIDE_PARENT').some((p) => p.codes![0] === overlapper.properties.code && p.codes![1] === vOverlap.properties.code)).toBe(true);
    const gap = codes(job, 'GAP').find((p) => p.codes![0] === vGap.properties.code);
    expect(inside(gap?.location, bboxOf(removed))).toBe(true);
    expect(codes(job, 'DUPLICATE_CODE').map((p) => p.codes![0])).toEqual([duplicated.properties.code]);
    expect(codes(job, 'MISSING_CODE')).toHaveLength(1);
    const self = codes(job, 'SELF_INTERSECTION');
    expect(self.map((p) => p.codes![0])).toEqual([bow.properties.code]);
    expect(inside(self[0]!.location, bboxOf(bow))).toBe(true);
    for (const p of job.report!.problems) expect(p.message.length, p.code).toBeGreaterThan(5);
  });

  it('refuses a Shapefile without its .prj', async () => {
    const { job } = await check(await shapefileZip('noprj', exported, [], ['.prj']), 'application/zip');
    expect(job.state).toBe('failed');
    expect(job.report!.problems.map((p) => p.code)).toEqual(['MISSING_PRJ']);
  });
});

describe('grid import: GeoJSON', () => {
  it('accepts GCJ-02 coordinates when the upload declares them', async () => {
    const gcj = {
      type: 'FeatureCollection',
      features: exported.features.map((f) => ({
        ...f,
        geometry: { ...f.geometry, coordinates: (f.geometry.coordinates as Position[][]).map((ring) => ring.map((p) => gcoord.transform([p[0]!, p[1]!], gcoord.WGS84, gcoord.GCJ02))) },
      })),
    };
    const { job } = await check(JSON.stringify(gcj), 'application/geo+json', `county=${COUNTY}&crs=GCJ02`);
    expect(job.report!.problems).toEqual([]);
    expect(job.report!.ok).toBe(true);
    expect(job.report!.sourceCrs).toBe('EPSG:4326 (GCJ02)');
  });

  it('reports unreadable and unsupported files without checking further', async () => {
    const cases: [string, string | Uint8Array, string, string][] = [
      ['invalid JSON', '{"type": "FeatureCollection", "features": [', 'application/geo+json', 'UNREADABLE_FILE'],
      ['not a collection', JSON.stringify({ type: 'Feature', properties: {}, geometry: null }), 'application/json', 'NOT_A_FEATURE_COLLECTION'],
      ['unknown crs', JSON.stringify({ type: 'FeatureCollection', crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2385' } }, features: [] }), 'application/geo+json', 'UNSUPPORTED_CRS'],
      ['not a zip', new TextEncoder().encode('PK but not really a zip'), 'application/zip', 'UNREADABLE_FILE'],
      ['zip without a .shp', zipSync({ 'readme.txt': new TextEncoder().encode('hello') }), 'application/zip', 'UNREADABLE_FILE'],
    ];
    for (const [name, body, type, code] of cases) {
      const { job } = await check(body, type);
      expect(job.state, name).toBe('failed');
      expect(job.report!.problems.map((p) => p.code), name).toEqual([code]);
    }
  });

  it('refuses uploads it cannot take with the API error shape', async () => {
    const cases: [string, number, string][] = [
      ['county=999999', 404, 'UNKNOWN_COUNTY'],
      ['county=abc', 400, 'VALIDATION_FAILED'],
      [`county=${COUNTY}&crs=EPSG3857`, 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of cases) {
      const res = await upload('{}', 'application/geo+json', query);
      expect(res.status, query).toBe(status);
      expect(res.body.error.code, query).toBe(code);
    }
    const csv = await upload('a,b', 'text/csv');
    expect(csv.status).toBe(415);
    const empty = await upload('', 'application/geo+json');
    expect(empty.status).toBe(400);
    expect((await upload('{}', 'application/geo+json', `county=${COUNTY}`, {})).status).toBe(401);
    const nanle = await upload('{}', 'application/geo+json', `county=${COUNTY}`, await admin('410923'));
    expect(nanle.status).toBe(403);
    expect(nanle.body.error.code).toBe('FORBIDDEN');
    const missing = await fetch(`${server.url}/api/v1/imports/00000000-0000-7000-8000-000000000000`, { headers: await admin() });
    expect(missing.status).toBe(404);
  });
});
