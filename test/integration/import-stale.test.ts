import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { GridImportJob } from '../../server/services/import/grid-import-service.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { pointsIn } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Two imports checked against the same version: applying the first makes the second stale, and
 * applying it is refused with 409 (nothing changes) — for grids and for a county's devolution.
 * Then a restarted server replays both applied versions from the event log.
 */
const COUNTY = '330822';
let server: TestServer;
/** Ours, not the helper's: the store must outlive the first server. */
let dataDir: string;
let exported: GridCollection;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gd-stale-'));
  server = await startTestServer({ admission: false, dataDir });
  exported = (await (await fetch(`${server.url}/api/v1/exports/grids.geojson?county=${COUNTY}`)).json()) as GridCollection;
});
afterAll(async () => {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const admin = async () => bearer(await loginAs(server, 'changshan.admin'));

async function post(path: string, type: string, body: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': type, ...(await admin()) }, body });
  return { status: res.status, body: await res.json() };
}

const apply = (id: string) => post(`/imports/${id}/apply`, 'application/json', '{}');

async function checkedGrid(): Promise<GridImportJob> {
  const started = await post(`/imports/grids?county=${COUNTY}`, 'application/geo+json', JSON.stringify(exported));
  expect(started.status).toBe(202);
  for (const deadline = Date.now() + 50_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    const job = (await (await fetch(`${server.url}/api/v1/imports/${started.body.id}`, { headers: await admin() })).json()) as GridImportJob;
    if (job.state !== 'checking') return job;
  }
  throw new Error('the grid check never finished');
}

describe('stale imports', () => {
  it('a grid checked against version 1 cannot be applied once version 2 is', async () => {
    const [first, second] = await Promise.all([checkedGrid(), checkedGrid()]);
    expect([first.report?.ok, second.report?.ok, first.baseVersion, second.baseVersion]).toEqual([true, true, 1, 1]);
    expect((await apply(first.id)).body.version).toBe(2);
    const stale = await apply(second.id);
    expect([stale.status, stale.body.error.code]).toEqual([409, 'IMPORT_STALE']);
    expect(stale.body.error.message).toMatch(/version 2 now.*version 1/);
    const versions = (await (await fetch(`${server.url}/api/v1/grid-versions?county=${COUNTY}`, { headers: await admin() })).json()) as { current: number; versions: unknown[] };
    expect([versions.current, versions.versions.length]).toEqual([2, 2]);
  }, 55_000);

  it('a devolution checked against configuration version 1 cannot be applied once version 2 is', async () => {
    const csv = await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text();
    const moved = csv.replace(/,2021-08-01,/g, ',2021-09-01,');
    expect(moved).not.toBe(csv);
    const [a, b] = [await post(`/imports/devolution?county=${COUNTY}`, 'text/csv', moved), await post(`/imports/devolution?county=${COUNTY}`, 'text/csv', csv)];
    expect([a.status, a.body.report.ok, b.status, b.body.report.ok]).toEqual([201, true, 201, true]);
    expect((await apply(a.body.id)).body).toMatchObject({ kind: 'devolution', version: 2 });
    const stale = await apply(b.body.id);
    expect([stale.status, stale.body.error.code]).toEqual([409, 'IMPORT_STALE']);
    // Still the applied one.
    expect(await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text()).toBe(moved);
  });

  it('a restarted server replays the applied versions from the event log', async () => {
    const get = async (path: string) => (await fetch(`${server.url}/api/v1${path}`, { headers: await admin() })).json() as Promise<any>;
    const [grid, rules, devolution] = [await get(`/grid-versions?county=${COUNTY}`), await get(`/jurisdiction-versions?county=${COUNTY}`), await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text()];
    expect([grid.current, rules.current]).toEqual([2, { catalogue: 1, config: 2 }]);
    await server.close();
    server = await startTestServer({ admission: false, dataDir });
    expect(await get(`/grid-versions?county=${COUNTY}`)).toEqual(grid);
    expect(await get(`/jurisdiction-versions?county=${COUNTY}`)).toEqual(rules);
    expect(await (await fetch(`${server.url}/api/v1/exports/devolution.csv?county=${COUNTY}`)).text()).toBe(devolution);
    // What is routed now says so.
    const [point] = pointsIn('330822115000', 1);
    const routed = await (await fetch(`${server.url}/api/v1/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(point) })).json();
    expect(routed.route?.versions ?? routed).toEqual({ grid: 2, catalogue: 1, config: 2 });
  });
});
