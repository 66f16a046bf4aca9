import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { GridIndex } from '../../shared/routing/grid-index.ts';
import { readGridFiles } from '../../server/repositories/grid-files.ts';
import { PostgisStore } from '../../server/repositories/postgis/postgis-store.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { syntheticCounty } from '../contract/synthetic-grid.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { mulberry32 } from '../../data/build/prng.ts';

const POINTS = 20_000;
/** Closer than this (degrees, about 1 cm) to any cell edge, a point is a boundary point, not an interior one. */
const EDGE_EPSILON = 1e-7;

const available = await postgisAvailable('PostGIS cross-check');

/** The real county grids when generated; otherwise an irregular synthetic one (said so, loudly). */
function grids(): Map<string, GridCollection> {
  const dir = `${REPO_ROOT}data/grids`;
  if (existsSync(`${dir}/index.json`)) return readGridFiles(dir).collections;
  console.warn('postgis-crosscheck: data/grids is missing; cross-checking a synthetic jittered grid instead');
  const options = { countyName: '抖动县', lon0: 115, lat0: 36, step: 0.05, jitter: 0.2 };
  return new Map([
    ['990201000000', syntheticCounty({ ...options, countyCode: '990201000000', seed: 7 })],
    ['990202000000', syntheticCounty({ ...options, countyCode: '990202000000', lon0: 115.4, seed: 8 })],
  ]);
}

describe.skipIf(!available)('in-process router vs PostGIS ST_Covers', () => {
  let db: TestDatabase;
  let collections: Map<string, GridCollection>;
  beforeAll(async () => {
    db = await createTestDatabase('crosscheck');
    collections = grids();
    const store = await PostgisStore.open({ url: db.url, grids: collections });
    await store.close();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it(`agree on the group (and its chain) of every interior point of ${POINTS} random points`, async () => {
    const index = GridIndex.build([...collections.values()].flatMap((c) => c.features));
    // Uniform over each county's bbox (grown 5 %), counties in turn: most land inside, some outside.
    const random = mulberry32(20261122);
    const boxes = [...collections.values()].map(bboxOf);
    const lon: number[] = [];
    const lat: number[] = [];
    for (let n = 0; n < POINTS; n++) {
      const [w, s, e, north] = boxes[n % boxes.length]!;
      const dx = (e - w) * 0.05;
      const dy = (north - s) * 0.05;
      lon.push(w - dx + random() * (e - w + 2 * dx));
      lat.push(s - dy + random() * (north - s + 2 * dy));
    }

    // Every group within EDGE_EPSILON of each point: whether it covers the point, and whether the point is on its edge.
    const near = await queryDatabase<{ n: number; code: string; covers: boolean; on_edge: boolean }>(
      db.url,
      `WITH p AS (
         SELECT t.n, ST_SetSRID(ST_MakePoint(t.lon, t.lat), 4326) AS geom
         FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t(lon, lat, n)
       )
       SELECT p.n::int AS n, g.code, ST_Covers(g.geom, p.geom) AS covers, ST_DWithin(ST_Boundary(g.geom), p.geom, $3) AS on_edge
       FROM p JOIN grids g ON g.level = 'group' AND ST_DWithin(g.geom, p.geom, $3)`,
      [lon, lat, EDGE_EPSILON],
    );
    const parents = new Map(
      (await queryDatabase<{ code: string; parent_code: string }>(db.url, 'SELECT code, parent_code FROM grids')).map((r) => [r.code, r.parent_code]),
    );
    const byPoint = new Map<number, typeof near>();
    for (const row of near) byPoint.set(row.n - 1, [...(byPoint.get(row.n - 1) ?? []), row]);

    let interior = 0;
    let inside = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < POINTS; i++) {
      const groups = byPoint.get(i) ?? [];
      // Interior: clear of every group, or covered by exactly one and clear of its edges.
      const only = groups[0];
      if (groups.length > 1 || (only && (!only.covers || only.on_edge))) continue;
      interior++;
      const theirs = only ? chainOf(only.code, parents) : null;
      const chain = index.locate(lon[i]!, lat[i]!);
      const ours = chain ? [chain.county.code, chain.township.code, chain.village.code, chain.group.code] : null;
      if (ours) inside++;
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) {
        disagreements.push(`(${lon[i]}, ${lat[i]}): router ${JSON.stringify(ours)} vs PostGIS ${JSON.stringify(theirs)}`);
      }
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    // The comparison must be about real work: nearly every point is interior, many lie in some group.
    expect(interior).toBeGreaterThan(POINTS * 0.99);
    expect(inside).toBeGreaterThan(POINTS * 0.3);
  });
});

/** county, township, village, group codes, following parent links up from the group. */
function chainOf(group: string, parents: Map<string, string>): string[] {
  const village = parents.get(group)!;
  const township = parents.get(village)!;
  return [parents.get(township)!, township, village, group];
}

function bboxOf(collection: GridCollection): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of collection.features) {
    if (f.properties.level !== 'county') continue;
    const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
    for (const [x, y] of rings.flat() as Array<[number, number]>) {
      [w, s, e, n] = [Math.min(w, x), Math.min(s, y), Math.max(e, x), Math.max(n, y)];
    }
  }
  return [w, s, e, n];
}

