import type { FeatureCollection, Point } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsv } from '../../shared/domain/matters.ts';
import type { IncidentWithOrders } from '../../server/repositories/store.ts';
import { SYSTEM_ADMIN, bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const T0 = Date.parse('2025-04-01T00:00:00Z');
/** Each report is received one minute after the previous one (time only moves forward). */
let tick = 0;
let server: TestServer;

const TRICKY = '店主称"明天就搬"，\n但占道仍在';
const FORMULA = '=HYPERLINK("http://example.org","点我")';

beforeAll(async () => {
  // Load shedding has its own tests; here a busy 2-core machine must not turn requests into 503s.
  server = await startTestServer({ now: () => new Date(T0 + tick++ * 60_000), admission: false });
  const post = async (county: string, i: number, description: string) => {
    const [lon, lat] = interiorPoint(featuresAt(county, 'group')[i % 300]!);
    return fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, operatorOf(county))) },
      body: JSON.stringify({ lon, lat, description, source: 'hotline' }),
    }).then((r) => expect(r.status).toBe(201));
  };
  // 南乐: 620 reports (more than one store page of 500), one per minute; 常山: 3.
  for (let i = 0; i < 620; i += 40) {
    await Promise.all(
      Array.from({ length: Math.min(40, 620 - i) }, (_, j) => post('410923', i + j, i + j === 7 ? TRICKY : i + j === 8 ? FORMULA : `南乐 第${i + j}件`)),
    );
  }
  for (let i = 0; i < 3; i++) await post('330822', i, `常山 第${i}件`);
});
afterAll(async () => {
  await server?.close();
});

/** Exports are read as the all-county admin unless a test says otherwise. */
const get = async (path: string) => fetch(`${server.url}${path}`, { headers: bearer(await loginAs(server, SYSTEM_ADMIN)) });

/** Every incident the list API returns for a filter, walking its pages. */
async function listed(query: string): Promise<IncidentWithOrders[]> {
  const out: IncidentWithOrders[] = [];
  let cursor: string | null = null;
  do {
    const res = await fetch(`${server.url}/api/v1/incidents?limit=500${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(await loginAs(server, SYSTEM_ADMIN)) });
    const page = (await res.json()) as { items: IncidentWithOrders[]; next: string | null };
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

describe('GET /api/v1/exports/incidents.csv', () => {
  it('streams every match with a BOM, a header row and one row per incident', async () => {
    const res = await get('/api/v1/exports/incidents.csv?county=410923');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="incidents-410923\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = splitCsv(new TextDecoder().decode(bytes));
    if (!Array.isArray(records)) throw new Error(records.message);
    const [header, ...rows] = records;
    expect(header!.fields.slice(0, 6)).toEqual(['id', 'receivedAt', 'status', 'source', 'matterCode', 'description']);
    const expected = await listed('county=410923');
    expect(rows).toHaveLength(620);
    expect(rows.map((r) => r.fields[0]).sort()).toEqual(expected.map((i) => i.id).sort());
    const col = (name: string) => header!.fields.indexOf(name);
    // Quotes, commas and newlines survive; Chinese text is intact.
    const tricky = rows.find((r) => r.fields[col('description')] === TRICKY);
    expect(tricky).toBeDefined();
    const incident = expected.find((i) => i.id === tricky!.fields[0])!;
    expect(tricky!.fields[col('townshipName')]).toBe(incident.route.township.name);
    expect(Number(tricky!.fields[col('lon')])).toBe(incident.location.lon);
    // A formula typed by a reporter is neutralised for spreadsheets.
    expect(rows.some((r) => r.fields[col('description')] === `'${FORMULA}`)).toBe(true);
  });

  it('applies the same status and time filters as the list endpoint', async () => {
    const from = new Date(T0 + 100 * 60_000).toISOString();
    const to = new Date(T0 + 200 * 60_000).toISOString();
    const query = `county=410923&status=dispatched&from=${from}&to=${to}`;
    const text = await (await get(`/api/v1/exports/incidents.csv?${query}`)).text();
    const records = splitCsv(text) as { fields: string[] }[];
    const ids = records.slice(1).map((r) => r.fields[0]).sort();
    // The clock ticks once per reading, so the window holds some but not all 620 南乐 reports.
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(620);
    expect(ids).toEqual((await listed(query)).map((i) => i.id).sort());
    const none = splitCsv(await (await get('/api/v1/exports/incidents.csv?status=received')).text()) as unknown[];
    expect(none).toHaveLength(1); // the header alone
  });
});

describe('GET /api/v1/exports/incidents.geojson', () => {
  it('streams a valid FeatureCollection of points with flat properties', async () => {
    const res = await get('/api/v1/exports/incidents.geojson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/);
    const fc = (await res.json()) as FeatureCollection<Point>;
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(623);
    const changshan = fc.features.filter((f) => f.properties!.countyCode === '330822000000');
    expect(changshan).toHaveLength(3);
    const all = await listed('');
    const one = all.find((i) => i.id === changshan[0]!.id)!;
    expect(changshan[0]!.geometry.coordinates).toEqual([one.location.lon, one.location.lat]);
    expect(changshan[0]!.properties).toMatchObject({ unitId: one.route.unit.id, groupCode: one.route.group.code, description: one.description });
  });

  it('refuses bad filters with the API error shape before streaming anything', async () => {
    for (const q of ['county=abc', 'status=lost', 'from=yesterday', 'limit=5', 'colour=red']) {
      const res = await get(`/api/v1/exports/incidents.geojson?${q}`);
      expect(res.status, q).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code, q).toBe('VALIDATION_FAILED');
    }
    expect((await get('/api/v1/exports/incidents.kml')).status).toBe(404);
  });

  it('exports only to signed-in callers, and only their county', async () => {
    expect((await fetch(`${server.url}/api/v1/exports/incidents.csv`)).status).toBe(401);
    const changshan = bearer(await loginAs(server, operatorOf('330822')));
    const fc = (await (await fetch(`${server.url}/api/v1/exports/incidents.geojson`, { headers: changshan })).json()) as FeatureCollection;
    expect(fc.features).toHaveLength(3);
    const other = (await (await fetch(`${server.url}/api/v1/exports/incidents.geojson?county=410923`, { headers: changshan })).json()) as FeatureCollection;
    expect(other.features).toEqual([]);
  });
});
