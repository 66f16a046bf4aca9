import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { GridLoadError } from '../../server/repositories/postgis/grid-sync.ts';
import { migrate, MigrationError } from '../../server/repositories/postgis/migrate.ts';
import { createPool } from '../../server/repositories/postgis/pool.ts';
import { PostgisStore } from '../../server/repositories/postgis/postgis-store.ts';
import { IdempotencyKeyTakenError } from '../../server/repositories/store.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { at, contractGrids, GRID, incidentAt, reportChanges } from '../contract/fixtures.ts';
import { REPORT_COUNTY, reportPoints } from '../contract/report-points.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';

const available = await postgisAvailable('PostGIS adapter');

describe.skipIf(!available)('PostGIS adapter', () => {
  let db: TestDatabase;
  const stores: PostgisStore[] = [];
  const open = async (grids: Map<string, GridCollection> = contractGrids()) => {
    const store = await PostgisStore.open({ url: db.url, grids });
    stores.push(store);
    return store;
  };
  const sql = <R extends Record<string, unknown>>(text: string, values: unknown[] = []) => queryDatabase<R>(db.url, text, values);
  beforeAll(async () => {
    db = await createTestDatabase('adapter');
  });
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    await sql(`DO $$ BEGIN IF to_regclass('events') IS NOT NULL THEN
      TRUNCATE events, dispatch_orders, incidents, idempotency_keys; UPDATE event_counter SET last_seq = 0; END IF; END $$`);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('applies versioned migrations once and refuses one edited after it was applied', async () => {
    await open();
    const pool = createPool(db.url);
    try {
      expect(await migrate(pool)).toEqual([]);
      const [row] = await sql<{ checksum: string }>("SELECT checksum FROM schema_migrations WHERE version = '001_initial'");
      await sql("UPDATE schema_migrations SET checksum = 'edited' WHERE version = '001_initial'");
      await expect(migrate(pool)).rejects.toThrow(MigrationError);
      await sql("UPDATE schema_migrations SET checksum = $1 WHERE version = '001_initial'", [row!.checksum]);
      expect(await migrate(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  it('stores grids as MultiPolygon 4326 and incidents as Point 4326, with GiST indexes', async () => {
    await open();
    const columns = await sql<{ f_table_name: string; type: string; srid: number }>(
      "SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_name IN ('grids', 'incidents') ORDER BY 1",
    );
    expect(columns).toEqual([
      { f_table_name: 'grids', type: 'MULTIPOLYGON', srid: 4326 },
      { f_table_name: 'incidents', type: 'POINT', srid: 4326 },
    ]);
    const gist = await sql<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE indexdef LIKE '%USING gist%' ORDER BY 1");
    expect(gist.map((r) => r.indexname)).toEqual(['grids_geom_gist', 'incidents_geom_gist', 'officers_geom_gist']);
    const counts = await sql<{ level: string; n: number }>('SELECT level, count(*)::int AS n FROM grids GROUP BY level ORDER BY level');
    expect(counts).toEqual([
      { level: 'county', n: 1 },
      { level: 'group', n: 64 },
      { level: 'township', n: 4 },
      { level: 'village', n: 16 },
    ]);
  });

  it('reloads a county grid only when its file changed, and refuses invalid geometry', async () => {
    const first = await open();
    // The previous test (or this file's first open) loaded it already: unchanged now.
    expect(first.gridSync).toEqual({ loaded: [], unchanged: [GRID.countyCode] });
    const changed = contractGrids();
    changed.get(GRID.countyCode)!.features[1]!.properties.name = '改名镇';
    expect((await open(changed)).gridSync.loaded).toEqual([GRID.countyCode]);
    expect(await sql("SELECT name FROM grids WHERE code = '990101100000'")).toEqual([{ name: '改名镇' }]);

    const broken = contractGrids();
    const group = broken.get(GRID.countyCode)!.features.find((f) => f.properties.level === 'group')!;
    // A bow-tie: the ring crosses itself.
    group.geometry = { type: 'Polygon', coordinates: [[[115, 36], [115.05, 36.05], [115.05, 36], [115, 36.05], [115, 36]]] };
    const refused = PostgisStore.open({ url: db.url, grids: broken });
    await expect(refused).rejects.toThrow(GridLoadError);
    await expect(PostgisStore.open({ url: db.url, grids: broken })).rejects.toThrow(new RegExp(`${group.properties.code}: Self-intersection`));
    // Refused as a whole: the previous grid is intact.
    expect(await sql("SELECT name FROM grids WHERE code = '990101100000'")).toEqual([{ name: '改名镇' }]);
    expect((await open()).gridSync.loaded).toEqual([GRID.countyCode]);
  });

  it('lets exactly one of two racing sessions store an idempotency key, and nothing of the other', async () => {
    const [a, b] = [await open(), await open()];
    const response = { requestHash: 'h', status: 201, body: {} };
    for (let round = 0; round < 10; round++) {
      const key = `race-${round}`;
      const results = await Promise.allSettled([
        a.commit([...reportChanges(incidentAt(`a-${round}`, at(round), 1, 1)), { kind: 'idempotency.save', key, response }]),
        b.commit([...reportChanges(incidentAt(`b-${round}`, at(round), 1, 1)), { kind: 'idempotency.save', key, response }]),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(IdempotencyKeyTakenError);
    }
    expect(await sql('SELECT count(*)::int AS n FROM incidents')).toEqual([{ n: 10 }]);
    expect(await sql('SELECT count(*)::int AS n FROM dispatch_orders')).toEqual([{ n: 10 }]);
    expect(await sql('SELECT max(seq)::int AS n, count(*)::int AS c FROM events')).toEqual([{ n: 20, c: 20 }]);
  });

  it('never shows a reader a sequence number before all lower ones are committed', async () => {
    const [a, b, reader] = [await open(), await open(), await open()];
    let writing = true;
    const writers = [a, b].map(async (store, w) => {
      for (let n = 0; n < 60; n++) await store.commit(reportChanges(incidentAt(`w${w}-${n}`, at(n), n % 8, w)));
    });
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });
    let seen = 0;
    const gaps: string[] = [];
    while (writing || seen < 240) {
      // Only a read that started after every writer returned may end the loop: one in flight while
      // the last commits landed can come back empty although they are visible now.
      const afterWriters = !writing;
      const batch = await reader.eventsAfter(seen, 1000);
      for (const event of batch) {
        if (event.seq !== seen + 1) gaps.push(`saw ${event.seq} after ${seen}`);
        seen = event.seq;
      }
      if (afterWriters && batch.length === 0) break;
    }
    await done;
    expect(gaps).toEqual([]);
    expect(seen).toBe(240);
  });

  it('keeps the event log append-only', async () => {
    const store = await open();
    await store.commit(reportChanges(incidentAt('x', at(0), 0, 0)));
    await expect(sql("UPDATE events SET type = 'forged'")).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM events')).rejects.toThrow(/append-only/);
  });

  it('answers a same-key retry racing on two servers with one incident', async () => {
    const root = mkdtempSync(join(tmpdir(), 'gd-race-'));
    const servers: RunningServer[] = [];
    try {
      for (let s = 0; s < 2; s++) {
        servers.push(await startServer({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data'), databaseUrl: db.url }));
      }
      const [point] = reportPoints(1);
      const body = JSON.stringify({ lon: point!.lon, lat: point!.lat, description: 'same report, two servers', source: 'public' });
      for (let round = 0; round < 8; round++) {
        const key = `two-servers-${round}`;
        const send = async (server: RunningServer) =>
          fetch(`${server.url}/api/v1/reports`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(await loginAs(server, operatorOf(REPORT_COUNTY))) },
            body,
          });
        const responses = await Promise.all(servers.map(send));
        const statuses = responses.map((r) => r.status).sort();
        expect(statuses).toContain(201);
        // The loser either replays the winner's answer or is told to retry for it; never a second incident.
        expect([[201, 201], [201, 409]]).toContainEqual(statuses);
        const winner = await responses.find((r) => r.status === 201)!.json();
        for (const server of servers) expect(await (await send(server)).json()).toEqual(winner);
      }
      expect(await sql("SELECT count(*)::int AS n FROM incidents WHERE doc->>'description' = 'same report, two servers'")).toEqual([{ n: 8 }]);
    } finally {
      for (const server of servers) await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
