import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { RouteResult } from '../../shared/domain/route.ts';
import { SYSTEM_ADMIN, bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const COUNTIES = ['410923000000', '371521000000', '330822000000', '350521000000', '410325000000'];

/** Posts as the demo operator of the county the point is in (南乐 unless said otherwise). */
async function post(body: unknown, headers: Record<string, string> = {}, county = '410923'): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, operatorOf(county))), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** Reads as the all-county admin. */
async function read(path: string): Promise<Response> {
  return fetch(`${server.url}/api/v1${path}`, { headers: bearer(await loginAs(server, SYSTEM_ADMIN)) });
}

async function incidentCount(): Promise<number> {
  const res = await read('/incidents?limit=500');
  return ((await res.json()) as { items: unknown[] }).items.length;
}

const valid = { lon: 0, lat: 0, description: '占道经营，摊位堵塞人行道', source: 'patrol' };

describe('GET /api/v1/health, /counties, /grids', () => {
  it('reports the embedded store and the five seed counties', async () => {
    const res = await fetch(`${server.url}/api/v1/health`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe('ok');
    expect(body.store).toBe('embedded');
    expect([...body.counties].sort()).toEqual([...COUNTIES].sort());
  });

  it('lists counties with names and bounding boxes', async () => {
    const counties = (await (await fetch(`${server.url}/api/v1/counties`)).json()) as Array<{ code: string; name: string; bbox: number[] }>;
    expect(counties.find((c) => c.code === '410923000000')?.name).toBe('南乐县');
    for (const c of counties) expect(c.bbox[0]).toBeLessThan(c.bbox[2]!);
  });

  it('serves each level of a county as GeoJSON, by 6- or 12-digit code', async () => {
    for (const [level, count] of [
      ['township', 12],
      ['village', featuresAt('410923', 'village').length],
      ['group', featuresAt('410923', 'group').length],
    ] as const) {
      const res = await fetch(`${server.url}/api/v1/grids?county=410923&level=${level}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
      const fc = (await res.json()) as GridCollection;
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(count);
      expect(fc.features.every((f) => f.properties.level === level && f.properties.countyCode === '410923000000')).toBe(true);
    }
    const long = (await (await fetch(`${server.url}/api/v1/grids?county=410923000000&level=township`)).json()) as GridCollection;
    expect(long.features).toHaveLength(12);
  });

  it('refuses bad grid queries with a code and an actionable message', async () => {
    const cases: Array<[string, number, string]> = [
      ['county=abc', 400, 'VALIDATION_FAILED'],
      ['county=410923&level=street', 400, 'VALIDATION_FAILED'],
      ['county=999999', 404, 'UNKNOWN_COUNTY'],
      ['level=township', 400, 'VALIDATION_FAILED'],
      ['county=410923&extra=1', 400, 'VALIDATION_FAILED'],
    ];
    for (const [query, status, code] of cases) {
      const res = await fetch(`${server.url}/api/v1/grids?${query}`);
      expect(res.status, query).toBe(status);
      const body = await res.json();
      expect(body.error.code, query).toBe(code);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });
});

describe('POST /api/v1/reports', () => {
  it('routes a report to the group it lies in and answers 201 with the chain and the team', async () => {
    for (const county of COUNTIES) {
      const group = featuresAt(county, 'group')[17]!;
      const [lon, lat] = interiorPoint(group);
      const res = await post({ ...valid, lon, lat }, {}, county);
      expect(res.status).toBe(201);
      expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(res.body.receivedAt)).not.toBeNaN();
      const route = res.body.route as RouteResult;
      expect(route.group.code).toBe(group.properties.code);
      expect(route.village.code).toBe(group.properties.parentCode);
      expect(route.county.code).toBe(county);
      expect(route.group.code.startsWith(route.village.code)).toBe(true);
      expect(route.village.code.slice(0, 9)).toBe(route.township.code.slice(0, 9));
      expect(route.unit.id).toBeTruthy();
      expect(route.reasons.length).toBeGreaterThan(0);
      expect(route.reasons.every((r) => r.code && r.message)).toBe(true);
    }
  });

  it('converts GCJ-02 and BD-09 input to WGS84 before routing', async () => {
    const group = featuresAt('330822', 'group')[40]!;
    const [lon, lat] = interiorPoint(group);
    for (const crs of ['GCJ02', 'BD09'] as const) {
      const [x, y] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord[crs]) as [number, number];
      expect(Math.abs(x - lon) + Math.abs(y - lat)).toBeGreaterThan(0.002); // the offset is real
      const res = await post({ ...valid, lon: x, lat: y, crs }, {}, '330822');
      expect(res.status).toBe(201);
      expect(res.body.route.group.code).toBe(group.properties.code);
    }
  });

  it('answers 422 for a point outside every county, and stores nothing', async () => {
    const before = await incidentCount();
    const res = await post({ ...valid, lon: 116.39, lat: 39.9 }); // Beijing
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('OUTSIDE_ALL_COUNTIES');
    expect(res.body.error.message).toMatch(/outside every county/);
    expect(await incidentCount()).toBe(before);
  });

  it('refuses bad input with 4xx, a code and the offending fields, and stores nothing', async () => {
    const [lon, lat] = interiorPoint(featuresAt('410923', 'group')[0]!);
    const ok = { ...valid, lon, lat };
    const before = await incidentCount();
    const cases: Array<[string, unknown, number, string, string?]> = [
      ['missing lon', { ...ok, lon: undefined }, 400, 'VALIDATION_FAILED', 'lon'],
      ['missing description', { ...ok, description: undefined }, 400, 'VALIDATION_FAILED', 'description'],
      ['blank description', { ...ok, description: '   ' }, 400, 'VALIDATION_FAILED', 'description'],
      ['lon as string', { ...ok, lon: String(lon) }, 400, 'VALIDATION_FAILED', 'lon'],
      ['lat out of range', { ...ok, lat: 91 }, 400, 'VALIDATION_FAILED', 'lat'],
      ['lon out of range', { ...ok, lon: -181 }, 400, 'VALIDATION_FAILED', 'lon'],
      ['unknown crs', { ...ok, crs: 'EPSG:3857' }, 400, 'VALIDATION_FAILED', 'crs'],
      ['unknown source', { ...ok, source: 'twitter' }, 400, 'VALIDATION_FAILED', 'source'],
      ['unknown field', { ...ok, priority: 'high' }, 400, 'VALIDATION_FAILED'],
      ['bad matter code', { ...ok, matterCode: 'a b;drop' }, 400, 'VALIDATION_FAILED', 'matterCode'],
      ['array body', [ok], 400, 'VALIDATION_FAILED'],
      ['NaN literal', `{"lon": NaN, "lat": ${lat}, "description": "x", "source": "patrol"}`, 400, 'INVALID_JSON'],
      ['truncated JSON', '{"lon": 115.1, "lat"', 400, 'INVALID_JSON'],
      ['oversized body', { ...ok, description: '很'.repeat(20_000) }, 413, 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [name, body, status, code, field] of cases) {
      const res = await post(body);
      expect(res.status, name).toBe(status);
      expect(res.body.error.code, name).toBe(code);
      expect(typeof res.body.error.message, name).toBe('string');
      if (field) expect(res.body.error.issues.map((i: { path: string }) => i.path), name).toContain(field);
      // Every issue carries a stable code for the client's own words.
      for (const issue of res.body.error.issues ?? []) expect(typeof issue.code, name).toBe('string');
    }
    // …with the values those words need: the client says 「事件描述：不能为空」 from this, not from the message.
    const blank = await post({ ...ok, description: '   ' });
    expect(blank.body.error.issues).toContainEqual(expect.objectContaining({ path: 'description', code: 'too_small', params: expect.objectContaining({ origin: 'string', minimum: 1 }) }));
    const form = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...bearer(await loginAs(server, operatorOf('410923'))) },
      body: `lon=${lon}&lat=${lat}`,
    });
    expect(form.status).toBe(415);
    expect((await form.json()).error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(await incidentCount()).toBe(before);
  });

  it('honours Idempotency-Key: a retry returns the original answer and creates nothing new', async () => {
    const [lon, lat] = interiorPoint(featuresAt('371521', 'group')[3]!);
    const body = { ...valid, lon, lat };
    const before = await incidentCount();
    const [a, b] = await Promise.all([post(body, { 'idempotency-key': 'retry-1' }, '371521'), post(body, { 'idempotency-key': 'retry-1' }, '371521')]);
    const c = await post(body, { 'idempotency-key': 'retry-1' }, '371521');
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(c.status).toBe(201);
    expect(b.body).toEqual(a.body);
    expect(c.body).toEqual(a.body);
    expect(await incidentCount()).toBe(before + 1);
    const reused = await post({ ...body, description: '另一件事' }, { 'idempotency-key': 'retry-1' }, '371521');
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const badKey = await post(body, { 'idempotency-key': 'x'.repeat(300) }, '371521');
    expect(badKey.status).toBe(400);
  });
});

describe('GET /api/v1/incidents', () => {
  it('reads back a stored incident with its route and dispatch order', async () => {
    const [lon, lat] = interiorPoint(featuresAt('350521', 'group')[5]!);
    const created = await post({ ...valid, lon, lat, matterCode: 'CSHJ-001' }, {}, '350521');
    const res = await read(`/incidents/${created.body.id}`);
    expect(res.status).toBe(200);
    const incident = await res.json();
    expect(incident.route).toEqual(created.body.route);
    expect(incident.matterCode).toBe('CSHJ-001');
    expect(incident.orders).toHaveLength(1);
    expect(incident.orders[0].unit).toEqual(created.body.route.unit);
    expect(incident.orders[0].status).toBe('pending');
  });

  it('pages newest first by county with a cursor', async () => {
    const groups = featuresAt('410325', 'group');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [lon, lat] = interiorPoint(groups[i * 50]!);
      ids.push((await post({ ...valid, lon, lat }, {}, '410325')).body.id);
    }
    const first = (await (await read(`/incidents/${ids[0]}`)).json()).receivedAt;
    const page1 = await (await read(`/incidents?county=410325&limit=3&from=${first}`)).json();
    expect(page1.items.map((i: { id: string }) => i.id)).toEqual(ids.slice(2).reverse());
    const page2 = await (await read(`/incidents?county=410325&limit=3&from=${first}&cursor=${page1.next}`)).json();
    expect(page2.items.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 2).reverse());
    expect(page2.next).toBeNull();
  });

  it('answers 404 for an unknown id and 400 for a malformed one or a bad cursor', async () => {
    expect((await read('/incidents/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    expect((await read('/incidents/not-an-id')).status).toBe(400);
    const bad = await read('/incidents?cursor=zzz');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_CURSOR');
    expect((await read('/incidents?limit=0')).status).toBe(400);
  });

  it('answers unknown API paths with a JSON 404', async () => {
    const res = await fetch(`${server.url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('NOT_FOUND');
  });
});
