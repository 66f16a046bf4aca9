import type { FeatureCollection, Position } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * What the import page (/imports) asks beyond the validate-then-apply calls: which counties and
 * kinds the account may import, and the uploaded polygons to draw under the report.
 */
const COUNTY = '410923';
let server: TestServer;
let exported: GridCollection;

beforeAll(async () => {
  server = await startTestServer({ admission: false });
  exported = (await (await fetch(`${server.url}/api/v1/exports/grids.geojson?county=${COUNTY}`)).json()) as GridCollection;
});
afterAll(async () => {
  await server?.close();
});

const as = async (username: string) => bearer(await loginAs(server, username));

async function get(path: string, username?: string): Promise<{ status: number; type: string; body: any }> {
  const res = await fetch(`${server.url}/api/v1${path}`, { headers: username ? await as(username) : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.json() };
}

async function uploadGrid(fc: unknown, username = 'nanle.admin', county = COUNTY): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/imports/grids?county=${county}`, {
    method: 'POST',
    headers: { 'content-type': 'application/geo+json', ...(await as(username)) },
    body: typeof fc === 'string' ? fc : JSON.stringify(fc),
  });
  const body = (await res.json()) as { id: string };
  expect(res.status, JSON.stringify(body)).toBe(202);
  return body.id;
}

/** Polls the drawing until it is no longer being read. */
async function features(id: string, username = 'nanle.admin'): Promise<{ status: number; type: string; body: any }> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 25))) {
    const res = await get(`/imports/${id}/features`, username);
    if (res.status !== 409) return res;
    expect(res.body.error.code).toBe('IMPORT_NOT_READY');
  }
  throw new Error(`the polygons of import ${id} never came`);
}

async function settled(id: string): Promise<void> {
  for (const deadline = Date.now() + 50_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if ((await get(`/imports/${id}`, 'nanle.admin')).body.state !== 'checking') return;
  }
  throw new Error(`import ${id} never finished`);
}

describe('GET /api/v1/imports/options', () => {
  it("offers a county admin their own county and no catalogue; a system admin every county and the catalogue; others nothing", async () => {
    const nanle = await get('/imports/options', 'nanle.admin');
    expect(nanle.status).toBe(200);
    expect(nanle.body.counties.map((c: { code: string }) => c.code)).toEqual(['410923000000']);
    expect(nanle.body.counties[0]).toMatchObject({ name: '南乐县', devolution: true });
    expect(nanle.body.counties[0].bbox).toHaveLength(4);
    expect(nanle.body.catalogue).toBe(false);
    expect(nanle.body.crs).toEqual(['WGS84', 'GCJ02', 'BD09']);

    const system = await get('/imports/options', 'system.admin');
    const served = (await get('/counties')).body as { code: string }[];
    expect(system.body.counties.map((c: { code: string }) => c.code).sort()).toEqual(served.map((c) => c.code).sort());
    expect(system.body.catalogue).toBe(true);

    const operator = await get('/imports/options', 'nanle.operator');
    expect(operator.status).toBe(200);
    expect(operator.body).toMatchObject({ counties: [], catalogue: false });

    expect((await get('/imports/options')).status).toBe(401);
  });
});

describe('GET /api/v1/imports/{id}/features', () => {
  it('gives the uploaded polygons as decoded, broken ones included, each with its index in the file', async () => {
    const groups = exported.features.filter((f) => f.properties.level === 'group');
    const bow = groups[0]!;
    const ring = [...(bow.geometry.coordinates[0] as Position[])];
    [ring[1], ring[2]] = [ring[2]!, ring[1]!];
    const uploaded = [
      ...exported.features.map((f) => (f === bow ? { ...f, geometry: { type: 'Polygon', coordinates: [ring] } } : f)),
      // Not drawable: left out of the drawing, still counted by index.
      { type: 'Feature', properties: { code: 'x' }, geometry: null },
      { type: 'Feature', properties: { code: 'y' }, geometry: { type: 'Polygon', coordinates: [[[Number.NaN, 1], [2, 3]]] } },
    ];
    const id = await uploadGrid({ type: 'FeatureCollection', features: uploaded });
    const drawn = await features(id);
    expect(drawn.status, JSON.stringify(drawn.body).slice(0, 300)).toBe(200);
    expect(drawn.type).toMatch(/application\/geo\+json/);
    const fc = drawn.body as FeatureCollection;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(exported.features.length);
    const bowIndex = exported.features.indexOf(bow);
    const drawnBow = fc.features.find((f) => f.properties!.index === bowIndex)!;
    expect(drawnBow.properties).toEqual({ index: bowIndex, code: bow.properties.code, name: bow.properties.name, level: 'group', parentCode: bow.properties.parentCode });
    expect((drawnBow.geometry as { coordinates: Position[][] }).coordinates[0]).toEqual(ring);
    expect(fc.features.map((f) => f.properties!.index)).not.toContain(exported.features.length);
    await settled(id);
    // Another county's admin may not see it; a signed-out caller neither.
    expect((await get(`/imports/${id}/features`, 'changshan.admin')).status).toBe(403);
    expect((await get(`/imports/${id}/features`)).status).toBe(401);
  });

  it('says why there is nothing to draw: an unreadable file, a table import, an unknown id, an upload no longer kept', async () => {
    const unreadable = await uploadGrid('{"type": "FeatureCollection", "features": [');
    const refused = await features(unreadable);
    expect(refused.status).toBe(404);
    expect(refused.body.error.message).toMatch(/could not be read/);

    const csv = await fetch(`${server.url}/api/v1/imports/devolution?county=${COUNTY}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', ...(await as('nanle.admin')) },
      body: await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text(),
    });
    const table = (await csv.json()) as { id: string };
    expect(csv.status).toBe(201);
    const tableDrawing = await get(`/imports/${table.id}/features`, 'nanle.admin');
    expect(tableDrawing.status).toBe(404);
    expect(tableDrawing.body.error.message).toMatch(/no polygons/);

    expect((await get('/imports/no-such-import/features', 'nanle.admin')).status).toBe(404);

    // Tiny uploads (one polygon each): the first is pushed out by the newest three.
    const square = (dx: number) => ({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { code: `41092310${dx}000`, level: 'township', name: 't', parentCode: '410923000000' }, geometry: { type: 'Polygon', coordinates: [[[115 + dx, 36], [115.01 + dx, 36], [115.01 + dx, 36.01], [115 + dx, 36]]] } }],
    });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await uploadGrid(square(i)));
      expect((await features(ids[i]!)).status).toBe(200);
    }
    const expired = await get(`/imports/${ids[0]}/features`, 'nanle.admin');
    expect(expired.status).toBe(404);
    expect(expired.body.error.message).toMatch(/upload the file again/);
    for (const id of ids.slice(1)) expect((await get(`/imports/${id}/features`, 'nanle.admin')).status).toBe(200);
    for (const id of ids) await settled(id);
  });
});
