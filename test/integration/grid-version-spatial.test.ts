import { VectorTile } from '@mapbox/vector-tile';
import { booleanPointInPolygon, pointOnFeature } from '@turf/turf';
import Pbf from 'pbf';
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection, GridFeature } from '../../shared/domain/grid.ts';
import { createPool } from '../../server/repositories/postgis/pool.ts';
import { replaceGridVersion } from '../../server/repositories/postgis/grid-sync.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { tileOf } from '../contract/fixtures.ts';

/**
 * After a grid import is applied, every spatial answer uses the new polygons, on both stores and
 * on every node: grid counts (PostGIS: the grids table; embedded: the in-process locator), vector
 * tiles (PostGIS: ST_AsMVT on the grids table; embedded: the geojson-vt cache, warmed before the
 * apply so a stale cache would show) and OGC items. The "change": two sibling groups swap their
 * codes and names, so group A's cell moves to where B was — the import checks (no gaps, no
 * overlaps, inside the parent) all still pass.
 */
const COUNTY = '330822';
const CODE12 = `${COUNTY}000000`;
const Z = 14;

const pg = await postgisAvailable('grid versions on PostGIS');

async function json<T>(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${server.url}${path}`, { headers });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}

/** The code of the tile feature (decoded back to lon/lat) that holds the point, in a grid layer. */
async function tileCodeAt(server: TestServer, point: [number, number], query = ''): Promise<{ code: string | null; cacheControl: string | null }> {
  const { z, x, y } = tileOf(point[0], point[1], Z);
  const res = await fetch(`${server.url}/api/v1/tiles/group/${z}/${x}/${y}.pbf${query}`);
  expect(res.status).toBe(200);
  const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers.group;
  let code: string | null = null;
  for (let i = 0; i < (layer?.length ?? 0); i++) {
    const feature = layer!.feature(i);
    const geo = feature.toGeoJSON(x, y, z) as Feature<Polygon | MultiPolygon>;
    if (booleanPointInPolygon(point, geo)) code = String(feature.properties.code);
  }
  return { code, cacheControl: res.headers.get('cache-control') };
}

/** Where the group-labels tiles put a cell's label (searched in the 3×3 zoom-11 tiles around a point). */
async function labelOf(server: TestServer, code: string, near: [number, number], query = ''): Promise<[number, number][]> {
  const centre = tileOf(near[0], near[1], 11);
  const found: [number, number][] = [];
  for (const dx of [-1, 0, 1]) {
    for (const dy of [-1, 0, 1]) {
      const [z, x, y] = [11, centre.x + dx, centre.y + dy];
      const res = await fetch(`${server.url}/api/v1/tiles/group-labels/${z}/${x}/${y}.pbf${query}`);
      const layer = new VectorTile(new Pbf(new Uint8Array(await res.arrayBuffer()))).layers['group-labels'];
      for (let i = 0; i < (layer?.length ?? 0); i++) {
        const feature = layer!.feature(i);
        if (feature.properties.code === code) found.push((feature.toGeoJSON(x, y, z).geometry as Point).coordinates as [number, number]);
      }
    }
  }
  return found;
}

async function groupCounts(server: TestServer, from: string): Promise<Map<string, number>> {
  const body = await json<{ cells: { code: string; count: number }[] }>(server, `/api/v1/stats/grid-counts?county=${COUNTY}&level=group&from=${encodeURIComponent(from)}`, bearer(await loginAs(server, operatorOf(COUNTY))));
  return new Map(body.cells.map((c) => [c.code, c.count]));
}

async function ogcContains(server: TestServer, code: string, point: [number, number]): Promise<boolean> {
  const feature = await json<Feature<Polygon | MultiPolygon>>(server, `/ogc/collections/grid-${COUNTY}-group/items/${code}`);
  return booleanPointInPolygon(point, feature);
}

async function applyGrid(server: TestServer, collection: GridCollection): Promise<number> {
  const admin = bearer(await loginAs(server, 'changshan.admin'));
  const res = await fetch(`${server.url}/api/v1/imports/grids?county=${COUNTY}`, { method: 'POST', headers: { 'content-type': 'application/geo+json', ...admin }, body: JSON.stringify(collection) });
  const job = (await res.json()) as { id: string; state: string; report?: { ok: boolean; problems: unknown[] } };
  expect(res.status, JSON.stringify(job)).toBe(202);
  let polled = job;
  for (const deadline = Date.now() + 50_000; polled.state === 'checking' && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    polled = await json(server, `/api/v1/imports/${job.id}`, admin);
  }
  expect(polled.report?.ok, JSON.stringify(polled.report?.problems.slice(0, 3))).toBe(true);
  const applied = await fetch(`${server.url}/api/v1/imports/${job.id}/apply`, { method: 'POST', headers: admin });
  const body = (await applied.json()) as { version: number };
  expect(applied.status, JSON.stringify(body)).toBe(200);
  return body.version;
}

/** Two sibling groups (same village) whose codes and names are swapped in the new version. */
function swapSiblings(grid: GridCollection): { a: GridFeature; b: GridFeature; swapped: GridCollection } {
  const groups = grid.features.filter((f) => f.properties.level === 'group');
  const a = groups[Math.floor(groups.length / 3)]!;
  const b = groups.find((f) => f !== a && f.properties.parentCode === a.properties.parentCode)!;
  const keep = (f: GridFeature, from: GridFeature): GridFeature => ({
    ...f,
    properties: { ...f.properties, code: from.properties.code, name: from.properties.name, shortName: from.properties.shortName },
  });
  return { a, b, swapped: { ...grid, features: grid.features.map((f) => (f === a ? keep(a, b) : f === b ? keep(b, a) : f)) } };
}

for (const adapter of ['embedded', 'postgis'] as const) {
  describe.skipIf(adapter === 'postgis' && !pg)(`an applied grid version on the ${adapter} store`, () => {
    let server: TestServer;
    /** PostGIS: a second node on the same database, which learns of the version from the log. */
    let other: TestServer | undefined;
    let db: TestDatabase | undefined;

    beforeAll(async () => {
      if (adapter === 'postgis') db = await createTestDatabase('gridver');
      server = await startTestServer({ admission: false, databaseUrl: db?.url });
      if (db) other = await startTestServer({ admission: false, databaseUrl: db.url, versionPollMs: 200 });
    }, 60_000);
    afterAll(async () => {
      await other?.close();
      await server?.close();
      await db?.drop();
    });

    it('moves a cell in grid counts, tiles and OGC items, on every node', async () => {
      const grid = await json<GridCollection>(server, `/api/v1/exports/grids.geojson?county=${COUNTY}`);
      const { a, b, swapped } = swapSiblings(grid);
      const point = pointOnFeature(a).geometry.coordinates as [number, number];
      const from = new Date(Date.now() - 1000).toISOString();
      const operator = bearer(await loginAs(server, operatorOf(COUNTY)));
      const filed = await fetch(`${server.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operator },
        body: JSON.stringify({ lon: point[0], lat: point[1], description: '网格版本测试', source: 'hotline' }),
      });
      expect(filed.status).toBe(201);

      // Version 1, on every node; the tile caches are warm from here on.
      const before = await json<{ generation: number; counties: { code: string; version: number; groups: number }[] }>(server, '/api/v1/grids/versions');
      expect(before.counties.find((c) => c.code === CODE12)).toMatchObject({ version: 1, groups: grid.features.filter((f) => f.properties.level === 'group').length });
      const etagBefore = (await fetch(`${server.url}/api/v1/grids?county=${COUNTY}&level=group`)).headers.get('etag');
      for (const node of [server, other].filter((n): n is TestServer => n !== undefined)) {
        const counts = await groupCounts(node, from);
        expect([counts.get(a.properties.code), counts.get(b.properties.code)]).toEqual([1, 0]);
        const tile = await tileCodeAt(node, point, `?g=${before.generation}`);
        expect(tile.code).toBe(a.properties.code);
        expect(tile.cacheControl).toBe('public, max-age=86400');
        expect(await ogcContains(node, a.properties.code, point)).toBe(true);
        const [label, ...more] = await labelOf(node, a.properties.code, point, `?g=${before.generation}`);
        expect(more, 'one label per cell').toEqual([]);
        expect(booleanPointInPolygon(label!, a)).toBe(true);
      }

      expect(await applyGrid(server, swapped)).toBe(2);

      const after = await json<typeof before>(server, '/api/v1/grids/versions');
      expect(after.generation).toBe(before.generation + 1);
      expect(after.counties.find((c) => c.code === CODE12)?.version).toBe(2);
      const groupLevel = await fetch(`${server.url}/api/v1/grids?county=${COUNTY}&level=group`, { headers: { 'if-none-match': etagBefore ?? '', 'cache-control': 'max-age=0' } });
      expect(groupLevel.status, 'the old ETag no longer matches').toBe(200);
      expect(groupLevel.headers.get('cache-control')).toBe('no-cache');
      // Same version, same ETag: a revalidation is a 304. (A browser revalidating sends no
      // Cache-Control; fetch here would add `no-cache` to a conditional request unless given one.)
      const revalidate = { 'if-none-match': groupLevel.headers.get('etag')!, 'cache-control': 'max-age=0' };
      expect((await fetch(`${server.url}/api/v1/grids?county=${COUNTY}&level=group`, { headers: revalidate })).status).toBe(304);

      for (const node of [server, other].filter((n): n is TestServer => n !== undefined)) {
        // The other node polls the log every 200 ms.
        await expect.poll(async () => (await json<typeof before>(node, '/api/v1/grids/versions')).generation, { timeout: 10_000 }).toBe(after.generation);
        const counts = await groupCounts(node, from);
        expect([counts.get(a.properties.code), counts.get(b.properties.code)]).toEqual([0, 1]);
        const tile = await tileCodeAt(node, point, `?g=${after.generation}`);
        expect(tile.code).toBe(b.properties.code);
        // B's label now sits in A's old cell.
        const [label, ...more] = await labelOf(node, b.properties.code, point, `?g=${after.generation}`);
        expect(more, 'one label per cell').toEqual([]);
        expect(booleanPointInPolygon(label!, a)).toBe(true);
        // An old generation in the URL is served (current polygons) but never cached.
        expect((await tileCodeAt(node, point, `?g=${before.generation}`)).cacheControl).toBe('no-cache');
        expect(await ogcContains(node, b.properties.code, point)).toBe(true);
        expect(await ogcContains(node, a.properties.code, point)).toBe(false);
      }

      if (db) {
        const [source] = await queryDatabase<{ content_hash: string; version: number; features: number }>(db.url, 'SELECT content_hash, version, features FROM grid_sources WHERE county_code = $1', [CODE12]);
        expect(source?.version).toBe(2);
        expect(source?.content_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(source?.features).toBe(swapped.features.length);
        const rows = await queryDatabase<{ code: string }>(db.url, 'SELECT code FROM grids WHERE county_code = $1 AND ST_Covers(geom, ST_SetSRID(ST_MakePoint($2, $3), 4326)) AND level = $4', [CODE12, point[0], point[1], 'group']);
        expect(rows.map((r) => r.code)).toEqual([b.properties.code]);
      }
    }, 90_000);

    if (adapter === 'postgis') it('keeps the applied version through a restart, and writes each version once however many nodes apply it', async () => {
      const url = db!.url;
      const loadedAt = async () => (await queryDatabase<{ loaded_at: Date }>(url, 'SELECT loaded_at FROM grid_sources WHERE county_code = $1', [CODE12]))[0]?.loaded_at.toISOString();
      const applied = await loadedAt();
      await server.close();
      server = await startTestServer({ admission: false, databaseUrl: url });
      // At open the grids table was left at version 2 (the log, not the data file, says what is served).
      const [source] = await queryDatabase<{ version: number }>(url, 'SELECT version FROM grid_sources WHERE county_code = $1', [CODE12]);
      expect(source?.version).toBe(2);
      expect(await loadedAt(), 'not reloaded from the file, nor again from the log').toBe(applied);
      expect((await json<{ counties: { code: string; version: number }[] }>(server, '/api/v1/grids/versions')).counties.find((c) => c.code === CODE12)?.version).toBe(2);

      const pool = createPool(url);
      try {
        const grid = await json<GridCollection>(server, `/api/v1/exports/grids.geojson?county=${COUNTY}`);
        // Older or equal versions change nothing.
        expect(await replaceGridVersion(pool, CODE12, 2, grid)).toBe(false);
        expect(await replaceGridVersion(pool, CODE12, 1, grid)).toBe(false);
        // Three nodes applying version 3 at once: one loads it, the others find it there.
        const loaded = await Promise.all([1, 2, 3].map(() => replaceGridVersion(pool, CODE12, 3, grid)));
        expect(loaded.filter(Boolean)).toHaveLength(1);
        const [count] = await queryDatabase<{ n: number }>(url, 'SELECT count(*)::int AS n FROM grids WHERE county_code = $1', [CODE12]);
        expect(count?.n).toBe(grid.features.length);
      } finally {
        await pool.end();
      }
    }, 60_000);
  });
}
