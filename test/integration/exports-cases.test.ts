import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsv } from '../../shared/domain/matters.ts';
import { dispatchCenterId } from '../../shared/domain/unit.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { pointsIn } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** GET /api/v1/exports/cases.csv|.geojson: the list filters and scope, plus each case's status history from the event log. */
const CENTER = dispatchCenterId('330822000000');
let server: TestServer;
const filed: string[] = [];

beforeAll(async () => {
  server = await startTestServer({ admission: false });
  const headers = { 'content-type': 'application/json', ...bearer(await loginAs(server, 'changshan.operator')) };
  for (const point of pointsIn('330822115000', 2)) {
    const res = await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers, body: JSON.stringify({ ...point, description: '占道经营, "带引号", =1+1', source: 'hotline' }) });
    expect(res.status).toBe(201);
    filed.push(((await res.json()) as { id: string }).id);
  }
});
afterAll(async () => {
  await server?.close();
});

const get = async (path: string, username?: string) => fetch(`${server.url}/api/v1${path}`, { headers: username ? bearer(await loginAs(server, username)) : {} });

describe('case exports', () => {
  it('CSV: one row per case with who holds it and its status history', async () => {
    const res = await get('/exports/cases.csv?county=330822', 'changshan.operator');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const records = splitCsv(await res.text());
    if (!Array.isArray(records)) throw new Error(records.message);
    const [header, ...rows] = records.map((r) => r.fields);
    expect(header).toEqual(expect.arrayContaining(['id', 'status', 'holderId', 'assigneeId', 'gridVersion', 'history']));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => r[col('id')]).sort()).toEqual([...filed].sort());
    for (const row of rows) {
      expect(row[col('status')]).toBe('dispatched');
      expect(row[col('assigneeId')]).toBe('team-330822115000');
      expect(row[col('gridVersion')]).toBe('1');
      // 受理 → 立案 → 派遣, in order, with the acting unit.
      expect(row[col('history')]).toBe(`${row[col('receivedAt')]} register received→registered (${CENTER}) | ${row[col('receivedAt')]} dispatch registered→dispatched (${CENTER})`);
      expect(row[col('description')]).toBe('占道经营, "带引号", =1+1');
    }
  });

  it('GeoJSON: the history as an array of steps', async () => {
    const res = await get('/exports/cases.geojson?county=330822', 'changshan.operator');
    expect(res.status).toBe(200);
    const fc = (await res.json()) as { features: { id: string; properties: { history: { action: string; from: string; to: string; at: string }[]; holderId: string } }[] };
    expect(fc.features.map((f) => f.id).sort()).toEqual([...filed].sort());
    for (const f of fc.features) {
      expect(f.properties.history.map((h) => [h.action, h.from, h.to])).toEqual([
        ['register', 'received', 'registered'],
        ['dispatch', 'registered', 'dispatched'],
      ]);
      expect(f.properties.holderId).toBe(CENTER);
    }
  });

  it('keeps to the caller’s scope and the list filters', async () => {
    expect((await get('/exports/cases.csv')).status).toBe(401);
    const other = await (await get('/exports/cases.geojson?county=330822', 'nanle.operator')).json();
    expect(other.features).toEqual([]);
    const none = await (await get('/exports/cases.geojson?county=330822&status=closed', 'changshan.operator')).json();
    expect(none.features).toEqual([]);
  });
});
