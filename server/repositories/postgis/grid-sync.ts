import { createHash } from 'node:crypto';
import type { GridCollection } from '../../../shared/domain/grid.ts';
import { transaction, type Pool, type PoolClient } from './pool.ts';

/** Arbitrary constant: servers starting together load a county's grid once. */
const GRID_LOCK = 4_712_002;

export class GridLoadError extends Error {
  override name = 'GridLoadError';
}

export interface GridSyncResult {
  loaded: string[];
  unchanged: string[];
}

/**
 * Makes the grids table hold exactly these counties' features: a county whose file changed (or
 * was never loaded) is replaced in one transaction; an unchanged one is left alone, so a restart
 * costs one hash per county. Geometry is checked with ST_IsValid before anything is replaced.
 */
export async function syncGrids(pool: Pool, collections: Map<string, GridCollection>): Promise<GridSyncResult> {
  const result: GridSyncResult = { loaded: [], unchanged: [] };
  for (const [countyCode, collection] of collections) {
    const json = JSON.stringify(collection);
    const hash = createHash('sha256').update(json).digest('hex');
    const changed = await transaction(pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [GRID_LOCK]);
      const { rows } = await client.query<{ content_hash: string; version: number }>('SELECT content_hash, version FROM grid_sources WHERE county_code = $1', [countyCode]);
      if (rows[0]?.content_hash === hash) return false;
      // An imported version is in the table: the event log, not the file, says what is served,
      // and replaying it (replaceGridVersion) finds it already there. Reloading the file here
      // would show other nodes the old polygons until this node had replayed the log.
      if (rows[0] && rows[0].version > 1) return false;
      await loadCounty(client, countyCode, json, hash, 1, collection.features.length);
      return true;
    });
    (changed ? result.loaded : result.unchanged).push(countyCode);
  }
  return result;
}

/**
 * Puts an applied grid version of one county in the table, replacing the county's rows in one
 * transaction. Every node applies every version it reads from the event log, so this is keyed by
 * county + version: under the lock, a version already there (or a newer one, from a node further
 * ahead in the log) is left alone. Resolves true when this call loaded it.
 */
export async function replaceGridVersion(pool: Pool, countyCode: string, version: number, collection: GridCollection): Promise<boolean> {
  return transaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [GRID_LOCK]);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM grid_sources WHERE county_code = $1', [countyCode]);
    if (rows[0] && rows[0].version >= version) return false;
    const json = JSON.stringify(collection);
    const hash = createHash('sha256').update(json).digest('hex');
    await loadCounty(client, countyCode, json, hash, version, collection.features.length);
    return true;
  });
}

async function loadCounty(client: PoolClient, countyCode: string, json: string, hash: string, version: number, features: number): Promise<void> {
  await client.query(`CREATE TEMP TABLE grid_staging (
    code text, level text, name text, short_name text, parent_code text, county_code text, synthetic boolean, geom geometry
  ) ON COMMIT DROP`);
  await client.query(
    `INSERT INTO grid_staging
     SELECT f->'properties'->>'code', f->'properties'->>'level', f->'properties'->>'name', f->'properties'->>'shortName',
            f->'properties'->>'parentCode', f->'properties'->>'countyCode', (f->'properties'->>'synthetic')::boolean,
            ST_SetSRID(ST_GeomFromGeoJSON(f->>'geometry'), 4326)
     FROM json_array_elements($1::json->'features') AS f`,
    [json],
  );
  const bad = await client.query<{ code: string; problem: string }>(
    `SELECT coalesce(code, '(no code)') AS code,
            CASE WHEN GeometryType(geom) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN 'not a polygon: ' || GeometryType(geom)
                 WHEN county_code IS DISTINCT FROM $1 THEN 'countyCode is ' || coalesce(county_code, 'missing')
                 ELSE ST_IsValidReason(geom) END AS problem
     FROM grid_staging
     WHERE GeometryType(geom) NOT IN ('POLYGON', 'MULTIPOLYGON') OR county_code IS DISTINCT FROM $1 OR NOT ST_IsValid(geom)
     ORDER BY code LIMIT 20`,
    [countyCode],
  );
  if (bad.rows.length > 0) {
    throw new GridLoadError(`grid of county ${countyCode} refused: ${bad.rows.map((r) => `${r.code}: ${r.problem}`).join('; ')}`);
  }
  await client.query('DELETE FROM grids WHERE county_code = $1', [countyCode]);
  await client.query(
    `INSERT INTO grids (code, level, name, short_name, parent_code, county_code, synthetic, geom)
     SELECT code, level, name, short_name, parent_code, county_code, synthetic, ST_Multi(geom) FROM grid_staging`,
  );
  await client.query(
    `INSERT INTO grid_sources (county_code, content_hash, version, features) VALUES ($1, $2, $3, $4)
     ON CONFLICT (county_code) DO UPDATE SET content_hash = EXCLUDED.content_hash, version = EXCLUDED.version, features = EXCLUDED.features, loaded_at = now()`,
    [countyCode, hash, version, features],
  );
}
