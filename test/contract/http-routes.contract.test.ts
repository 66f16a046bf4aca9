import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentWithOrders } from '../../server/repositories/store.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { createTestDatabase, postgisAvailable, type TestDatabase } from '../helpers/postgres.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt } from '../helpers/grid-data.ts';
import { tileOf, tilePixel } from './fixtures.ts';
import { REPORT_COUNTY, reportPoints } from './report-points.ts';

const pg = await postgisAvailable('HTTP read routes: PostGIS');

/** The same HTTP behaviour from both stores: read-back, idempotency, grid counts, tiles. */
for (const adapter of ['embedded', 'postgis'] as const) {
  describe.skipIf(adapter === 'postgis' && !pg)(`HTTP routes on the ${adapter} store`, () => {
    let server: RunningServer;
    let root: string;
    let db: TestDatabase | undefined;
    /** As the report county's demo operator: files reports there and reads its cases. */
    const api = async (path: string, init?: RequestInit) =>
      fetch(`${server.url}/api/v1${path}`, { ...init, headers: { ...bearer(await loginAs(server, operatorOf(REPORT_COUNTY))), ...(init?.headers as Record<string, string> | undefined) } });
    const points = reportPoints(4);
    const report = (k: number, description: string, key?: string) =>
      api('/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify({ lon: points[k]!.lon, lat: points[k]!.lat, description, source: 'grid-member' }),
      });
    const ids: string[] = [];
    /** Township of each accepted report, as routed. */
    const townships: string[] = [];
    let t0 = '';

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), `gd-http-${adapter}-`));
      if (adapter === 'postgis') db = await createTestDatabase('http');
      server = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data'), databaseUrl: db?.url });
      expect(server.store).toBe(adapter);
      t0 = new Date().toISOString();
      for (let k = 0; k < 3; k++) {
        const response = await report(k, `report ${k}`);
        expect(response.status).toBe(201);
        const body = (await response.json()) as { id: string; route: { township: { code: string } } };
        ids.push(body.id);
        townships.push(body.route.township.code);
      }
    });
    afterAll(async () => {
      await server?.close();
      await db?.drop();
      if (root) rmSync(root, { recursive: true, force: true });
    });

    it('reads an incident back with its route and dispatch order', async () => {
      const response = await api(`/incidents/${ids[2]}`);
      expect(response.status).toBe(200);
      const incident = (await response.json()) as IncidentWithOrders;
      expect(incident.route.group.code).toBe(points[2]!.group.properties.code);
      expect(incident.description).toBe('report 2');
      expect(incident.orders).toEqual([expect.objectContaining({ incidentId: ids[2], unit: incident.route.unit, status: 'pending' })]);
      expect((await api('/incidents/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    });

    it('lists incidents by county and window, paged', async () => {
      const first = (await (await api(`/incidents?county=${REPORT_COUNTY.slice(0, 6)}&limit=2`)).json()) as { items: IncidentWithOrders[]; next: string };
      expect(first.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
      expect(first.items[0]!.orders).toHaveLength(1);
      const second = (await (await api(`/incidents?county=${REPORT_COUNTY}&limit=2&cursor=${first.next}`)).json()) as { items: IncidentWithOrders[]; next: null };
      expect(second.items.map((i) => i.id)).toEqual([ids[0]]);
      expect(second.next).toBeNull();
      const none = (await (await api(`/incidents?to=${encodeURIComponent(t0)}&status=dispatched`)).json()) as { items: unknown[] };
      expect(none.items).toEqual([]);
      expect(((await (await api('/incidents?county=371521')).json()) as { items: unknown[] }).items).toEqual([]);
    });

    it('honours Idempotency-Key: a retry gets the original answer and creates nothing', async () => {
      const first = await report(3, 'idempotent', 'http-key-1');
      expect(first.status).toBe(201);
      const again = await report(3, 'idempotent', 'http-key-1');
      expect(again.status).toBe(201);
      const body = (await first.json()) as { route: { township: { code: string } } };
      expect(await again.json()).toEqual(body);
      townships.push(body.route.township.code);
      expect((await report(3, 'another body', 'http-key-1')).status).toBe(422);
      const all = (await (await api('/incidents?limit=100')).json()) as { items: IncidentWithOrders[] };
      expect(all.items.filter((i) => i.description === 'idempotent')).toHaveLength(1);
    });

    it('counts incidents per grid cell in a window', async () => {
      const response = await api(`/stats/grid-counts?county=${REPORT_COUNTY.slice(0, 6)}&level=township&from=${encodeURIComponent(t0)}`);
      expect(response.status).toBe(200);
      const answer = (await response.json()) as { total: number; cells: Array<{ code: string; count: number }>; level: string };
      expect(answer.level).toBe('township');
      expect(answer.cells.map((c) => c.code)).toEqual(featuresAt(REPORT_COUNTY, 'township').map((f) => f.properties.code).sort());
      // The spatial count agrees with where each report was routed (three here, one from the idempotency test).
      const expected = new Map<string, number>();
      for (const code of townships) expected.set(code, (expected.get(code) ?? 0) + 1);
      expect(Object.fromEntries(answer.cells.filter((c) => c.count > 0).map((c) => [c.code, c.count]))).toEqual(Object.fromEntries(expected));
      expect(answer.total).toBe(4);
      // Windows are widened to whole hours (GRID_COUNTS_RESOLUTION_MS): a window ending before the last full hour holds none of this run's reports.
      const hourBefore = new Date(Date.parse(t0) - 3_600_000).toISOString();
      const empty = (await (await api(`/stats/grid-counts?county=${REPORT_COUNTY}&to=${encodeURIComponent(hourBefore)}`)).json()) as { total: number; cells: unknown[]; to: string };
      expect(empty.to).toBe(new Date(Math.ceil(Date.parse(hourBefore) / 3_600_000) * 3_600_000).toISOString());
      expect(empty.total).toBe(0);
      expect(empty.cells).toHaveLength(featuresAt(REPORT_COUNTY, 'group').length);
      expect((await api(`/stats/grid-counts?county=${REPORT_COUNTY}&from=${encodeURIComponent(t0)}&to=${encodeURIComponent(t0)}`)).status).toBe(400);
      expect((await api('/stats/grid-counts?county=120101')).status).toBe(404);
      expect((await api(`/stats/grid-counts?county=${REPORT_COUNTY}&level=street`)).status).toBe(400);
    });

    it('serves vector tiles of grids and incidents', async () => {
      const { z, x, y } = tileOf(points[0]!.lon, points[0]!.lat, 9);
      const grid = await api(`/tiles/township/${z}/${x}/${y}.pbf`);
      expect(grid.status).toBe(200);
      expect(grid.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
      const layer = new VectorTile(new Pbf(new Uint8Array(await grid.arrayBuffer()))).layers.township!;
      const codes = Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties.code);
      expect(codes).toContain(townships[0]);
      expect(layer.feature(0).properties).toMatchObject({ level: 'township', synthetic: expect.any(Boolean) });
      const tile = await api(`/tiles/incidents/${z}/${x}/${y}.pbf`);
      const incidents = new VectorTile(new Pbf(new Uint8Array(await tile.arrayBuffer()))).layers.incidents!;
      const inTile = points
        .slice(0, 3)
        .map((p, k) => ({ id: ids[k], px: tilePixel(p.lon, p.lat, z, x, y) }))
        .filter(({ px: [px, py] }) => px > -64 && px < 4160 && py > -64 && py < 4160)
        .map((p) => p.id);
      const tileIds = Array.from({ length: incidents.length }, (_, i) => incidents.feature(i).properties.id);
      expect(tileIds).toEqual(expect.arrayContaining(inTile));
      expect(tileIds).toContain(ids[0]);
      // Incident tiles: a signed-in, county-wide reader, cut to that county.
      const anonymous = await fetch(`${server.url}/api/v1/tiles/incidents/${z}/${x}/${y}.pbf`);
      expect(anonymous.status).toBe(401);
      const other = operatorOf('330822'); // 常山县: none of the reports is there
      const elsewhere = await fetch(`${server.url}/api/v1/tiles/incidents/${z}/${x}/${y}.pbf`, { headers: bearer(await loginAs(server, other)) });
      expect(elsewhere.status).toBe(200);
      const theirs = new Uint8Array(await elsewhere.arrayBuffer());
      expect(theirs.byteLength === 0 ? 0 : (new VectorTile(new Pbf(theirs)).layers.incidents?.length ?? 0)).toBe(0);
      const township = await fetch(`${server.url}/api/v1/tiles/incidents/${z}/${x}/${y}.pbf`, { headers: bearer(await loginAs(server, `nanle.twp.${townships[0]}`)) });
      expect(township.status).toBe(403);
      expect(((await township.json()) as { error: { message: string } }).error.message).toMatch(/GET \/api\/v1\/incidents/);
      expect((await api('/tiles/roads/1/0/0.pbf')).status).toBe(400);
      expect((await api('/tiles/group/2/4/0.pbf')).status).toBe(400);
      const empty = await api('/tiles/group/12/100/100.pbf');
      expect(empty.status).toBe(200);
      expect((await empty.arrayBuffer()).byteLength).toBe(0);
    });
  });
}
