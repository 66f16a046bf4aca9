import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { booleanPointInPolygon } from '@turf/turf';
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ADMIN, bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { gdal, gdalAvailable } from '../helpers/gdal.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** A settable clock: each report is received at the time the test chooses. */
let clock = new Date('2025-03-01T02:00:00Z');
let server: TestServer;
let tmp: string;
const reports: { id: string; at: string; lonlat: [number, number] }[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'gd-ogc-'));
  // Load shedding has its own tests; here a busy 2-core machine must not turn requests into 503s.
  server = await startTestServer({ now: () => clock, admission: false });
  // Three reports in 南乐 on three days, one in 常山.
  const points: [string, number, string][] = [
    ['410923', 5, '2025-03-01T02:00:00Z'],
    ['410923', 200, '2025-03-02T02:00:00Z'],
    ['410923', 900, '2025-03-03T02:00:00Z'],
    ['330822', 50, '2025-03-03T05:00:00Z'],
  ];
  for (const [county, index, at] of points) {
    clock = new Date(at);
    const [lon, lat] = interiorPoint(featuresAt(county, 'group')[index]!);
    const res = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, operatorOf(county))) },
      body: JSON.stringify({ lon, lat, description: '占道经营', source: 'patrol' }),
    });
    expect(res.status).toBe(201);
    reports.push({ id: ((await res.json()) as { id: string }).id, at, lonlat: [lon, lat] });
  }
});
afterAll(async () => {
  await server?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Signed in as the all-county admin: grids are public, incidents are not. */
const asAdmin = async () => bearer(await loginAs(server, SYSTEM_ADMIN));
const ogc = async (path: string) => fetch(`${server.url}/ogc${path}`, { headers: await asAdmin() });
async function json<T = any>(path: string): Promise<T> {
  const res = await ogc(path);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

interface Page extends FeatureCollection {
  numberMatched?: number;
  numberReturned: number;
  links: { rel: string; href: string; type?: string }[];
}

/** Follows next links from a first page; returns every feature seen. */
async function allPages(path: string): Promise<{ features: Feature[]; pages: number }> {
  let page = await json<Page>(path);
  const features = [...page.features];
  let pages = 1;
  for (let next = page.links.find((l) => l.rel === 'next'); next; next = page.links.find((l) => l.rel === 'next')) {
    const res = await fetch(next.href, { headers: await asAdmin() });
    expect(res.status).toBe(200);
    page = (await res.json()) as Page;
    features.push(...page.features);
    pages++;
  }
  return { features, pages };
}

describe('OGC API Features: landing page, conformance, collections', () => {
  it('links the API definition, conformance and collections from the landing page', async () => {
    const landing = await json<{ title: string; links: { rel: string; href: string }[] }>('');
    const rels = Object.fromEntries(landing.links.map((l) => [l.rel, l.href]));
    expect(rels.conformance).toBe(`${server.url}/ogc/conformance`);
    expect(rels.data).toBe(`${server.url}/ogc/collections`);
    const api = await fetch(rels['service-desc']!);
    expect(api.status).toBe(200);
    expect(api.headers.get('content-type')).toMatch(/openapi/);
    const doc = (await api.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(Object.keys(doc.paths)).toContain('/collections/{collectionId}/items');
  });

  it('declares Core and GeoJSON conformance', async () => {
    const { conformsTo } = await json<{ conformsTo: string[] }>('/conformance');
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
  });

  it('offers every grid level of every county, incidents and units, each with an extent and an items link', async () => {
    const { collections } = await json<{ collections: { id: string; extent: { spatial: { bbox: number[][] } }; links: { rel: string; href: string }[] }[] }>('/collections');
    const ids = collections.map((c) => c.id);
    for (const county of ['410923', '371521', '330822', '350521', '410325']) {
      for (const level of ['county', 'township', 'village', 'group']) expect(ids).toContain(`grid-${county}-${level}`);
    }
    expect(ids).toContain('incidents');
    expect(ids).toContain('units');
    expect(ids).toHaveLength(22);
    for (const c of collections) {
      const [w, s, e, n] = c.extent.spatial.bbox[0]!;
      expect(w! < e! && s! < n!, c.id).toBe(true);
      expect(c.links.find((l) => l.rel === 'items')?.href).toBe(`${server.url}/ogc/collections/${c.id}/items`);
    }
    const one = await json<{ id: string }>('/collections/grid-410923-township');
    expect(one.id).toBe('grid-410923-township');
  });
});

describe('OGC API Features: items', () => {
  it('pages a grid level with limit and next links, every feature exactly once', async () => {
    const expected = featuresAt('410923', 'village').map((f) => f.properties.code).sort();
    const first = await json<Page>('/collections/grid-410923-village/items?limit=100');
    expect(first.numberMatched).toBe(expected.length);
    expect(first.numberReturned).toBe(100);
    const { features, pages } = await allPages('/collections/grid-410923-village/items?limit=100');
    expect(pages).toBe(Math.ceil(expected.length / 100));
    expect(features.map((f) => f.id).sort()).toEqual(expected);
    expect(features.every((f) => (f.properties as { level: string }).level === 'village')).toBe(true);
  });

  it('answers with GeoJSON and uses the maximum when limit is above it', async () => {
    const res = await ogc('/collections/grid-410923-group/items?limit=5000');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const page = (await res.json()) as Page;
    expect(page.numberReturned).toBe(1000);
    expect(page.numberMatched).toBe(featuresAt('410923', 'group').length);
  });

  it('keeps only features touching the bbox', async () => {
    const village = featuresAt('410923', 'village')[30]!;
    const [lon, lat] = interiorPoint(village);
    const d = 0.0005;
    const page = await json<Page>(`/collections/grid-410923-village/items?bbox=${lon - d},${lat - d},${lon + d},${lat + d}`);
    const codes = page.features.map((f) => f.id);
    expect(codes).toContain(village.properties.code);
    expect(page.numberMatched).toBeLessThan(5);
    // A box far away (Beijing) matches nothing.
    const empty = await json<Page>('/collections/grid-410923-village/items?bbox=116.3,39.8,116.4,39.9');
    expect(empty.numberMatched).toBe(0);
    expect(empty.features).toEqual([]);
  });

  it('filters incidents by datetime and bbox, with flat route columns', async () => {
    const all = await json<Page>('/collections/incidents/items');
    expect(all.features.map((f) => f.id).sort()).toEqual(reports.map((r) => r.id).sort());
    const day2 = await json<Page>('/collections/incidents/items?datetime=2025-03-02T00:00:00Z/2025-03-03T00:00:00Z');
    expect(day2.features.map((f) => f.id)).toEqual([reports[1]!.id]);
    const since = await json<Page>('/collections/incidents/items?datetime=2025-03-03T00:00:00Z/..');
    expect(since.features.map((f) => f.id).sort()).toEqual([reports[2]!.id, reports[3]!.id].sort());
    const instant = await json<Page>(`/collections/incidents/items?datetime=${reports[0]!.at}`);
    expect(instant.features.map((f) => f.id)).toEqual([reports[0]!.id]);
    // 南乐's bbox holds the three 南乐 reports, not the 常山 one.
    const nanle = featuresAt('410923', 'county')[0]!;
    const xs = (nanle.geometry.coordinates as number[][][]).flat().map((c) => c[0]!);
    const ys = (nanle.geometry.coordinates as number[][][]).flat().map((c) => c[1]!);
    const inNanle = await json<Page>(`/collections/incidents/items?bbox=${Math.min(...xs)},${Math.min(...ys)},${Math.max(...xs)},${Math.max(...ys)}`);
    expect(inNanle.features.map((f) => f.id).sort()).toEqual(reports.slice(0, 3).map((r) => r.id).sort());
    const props = inNanle.features[0]!.properties as Record<string, unknown>;
    expect(props.countyCode).toBe('410923000000');
    expect(typeof props.unitName).toBe('string');
    expect((inNanle.features[0]!.geometry as Point).type).toBe('Point');
  });

  it('shows incidents only to signed-in callers, within their county', async () => {
    const anonymous = await fetch(`${server.url}/ogc/collections/incidents/items`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${server.url}/ogc/collections/incidents/items/${reports[0]!.id}`)).status).toBe(401);
    expect((await fetch(`${server.url}/ogc/collections/grid-410923-township/items`)).status).toBe(200);
    const changshan = bearer(await loginAs(server, operatorOf('330822')));
    const page = (await (await fetch(`${server.url}/ogc/collections/incidents/items`, { headers: changshan })).json()) as Page;
    expect(page.features.map((f) => f.id)).toEqual([reports[3]!.id]);
    expect((await fetch(`${server.url}/ogc/collections/incidents/items/${reports[0]!.id}`, { headers: changshan })).status).toBe(404);
  });

  it('pages incidents with a cursor in the next link', async () => {
    const { features, pages } = await allPages('/collections/incidents/items?limit=1');
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(features.map((f) => f.id).sort()).toEqual(reports.map((r) => r.id).sort());
  });

  it('returns single features of each collection kind', async () => {
    const village = featuresAt('330822', 'village')[3]!;
    const res = await ogc(`/collections/grid-330822-village/items/${village.properties.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const feature = (await res.json()) as Feature & { links: { rel: string }[] };
    expect(feature.properties).toMatchObject({ code: village.properties.code, name: village.properties.name });
    expect(feature.geometry).toEqual(village.geometry);
    expect(feature.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'collection']));
    const incident = await json<Feature<Point>>(`/collections/incidents/items/${reports[3]!.id}`);
    expect(incident.geometry.coordinates).toEqual(reports[3]!.lonlat);
  });

  it('gives each unit the area it serves: a hub team covers its radiated townships', async () => {
    // 常山 辉埠镇 (330822115000) is the hub of 何家乡 (330822200000).
    const hub = await json<Feature<MultiPolygon>>('/collections/units/items/team-330822115000');
    for (const code of ['330822115000', '330822200000']) {
      const township = featuresAt('330822', 'township').find((f) => f.properties.code === code)!;
      expect(booleanPointInPolygon(interiorPoint(township), hub.geometry), code).toBe(true);
    }
    const other = featuresAt('330822', 'township').find((f) => f.properties.code === '330822001000')!;
    expect(booleanPointInPolygon(interiorPoint(other), hub.geometry)).toBe(false);
    const center = await json<Feature<MultiPolygon>>('/collections/units/items/center-330822000000');
    expect(center.properties).toMatchObject({ kind: 'dispatch-center', area: 'county' });
  });

  it('refuses what it cannot answer with 400/404 and the API error shape', async () => {
    const cases: [string, number][] = [
      ['/collections/nope', 404],
      ['/collections/nope/items', 404],
      ['/collections/grid-410923-village/items/999', 404],
      ['/collections/incidents/items/00000000-0000-7000-8000-000000000000', 404],
      ['/collections/incidents/items/not-a-uuid', 404],
      ['/no/such/path', 404],
      ['/collections/grid-410923-village/items?bbox=1,2,3', 400],
      ['/collections/grid-410923-village/items?bbox=a,b,c,d', 400],
      ['/collections/grid-410923-village/items?bbox=0,50,1,40', 400],
      ['/collections/grid-410923-village/items?limit=0', 400],
      ['/collections/grid-410923-village/items?limit=ten', 400],
      ['/collections/grid-410923-village/items?datetime=yesterday', 400],
      ['/collections/grid-410923-village/items?datetime=2025-03-02T00:00:00Z/2025-03-01T00:00:00Z', 400],
      ['/collections/grid-410923-village/items?colour=red', 400],
      ['/collections/grid-410923-village/items?f=html', 400],
      ['/collections/incidents/items?cursor=garbage', 400],
    ];
    for (const [path, status] of cases) {
      const res = await ogc(path);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code, path).toMatch(/^[A-Z_]+$/);
      expect(body.error.message.length, path).toBeGreaterThan(5);
    }
  });
});

const haveGdal = gdalAvailable('OGC API Features: GDAL client');

describe.skipIf(!haveGdal)('OGC API Features: GDAL (ogrinfo, ogr2ogr) as a real client', () => {
  it('ogrinfo lists every collection as a layer', async () => {
    const out = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${server.url}/ogc`]);
    const layers = [...out.matchAll(/^\d+: (\S+)/gm)].map((m) => m[1]);
    const { collections } = await json<{ collections: { id: string }[] }>('/collections');
    expect(layers.sort()).toEqual(collections.map((c) => c.id).sort());
  });

  it('ogr2ogr fetches the features inside a bbox, across pages, the same ones the API lists', async () => {
    const village = featuresAt('410923', 'village')[100]!;
    const [lon, lat] = interiorPoint(village);
    const box = [lon - 0.03, lat - 0.03, lon + 0.03, lat + 0.03];
    const out = join(tmp, 'bbox.geojson');
    await gdal('ogr2ogr', ['-f', 'GeoJSON', out, `OAPIF:${server.url}/ogc`, 'grid-410923-village', '-spat', ...box.map(String)]);
    const fetched = JSON.parse(readFileSync(out, 'utf8')) as FeatureCollection;
    const api = await allPages(`/collections/grid-410923-village/items?bbox=${box.join(',')}&limit=1000`);
    const codes = fetched.features.map((f) => (f.properties as { code: string }).code).sort();
    // More than GDAL's first page of 10: it followed next links.
    expect(codes.length).toBeGreaterThan(10);
    expect(codes).toEqual(api.features.map((f) => f.id as string).sort());
    expect(codes).toContain(village.properties.code);
  });
});
