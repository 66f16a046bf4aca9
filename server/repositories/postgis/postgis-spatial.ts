import type { GridCollection } from '../../../shared/domain/grid.ts';
import { type GridCount, type GridCountQuery, type SpatialQueries, type TileFilter, type TileLayer } from '../store.ts';
import { replaceGridVersion } from './grid-sync.ts';
import { read, type Pool } from './pool.ts';

/** Tile geometry parameters, the same as the in-process tiles: 4096 units, 64-unit buffer. */
const EXTENT = 4096;
const BUFFER = 64;

/**
 * Selects the features of a layer that touch the tile (plus its buffer), in tile coordinates.
 * The bbox test runs against the GiST index in 4326; only the survivors are transformed to 3857.
 */
const LAYER_ROWS: Record<TileLayer, string> = {
  county: gridRows('county'),
  township: gridRows('township'),
  village: gridRows('village'),
  group: gridRows('group'),
  'county-labels': labelRows('county'),
  'township-labels': labelRows('township'),
  'village-labels': labelRows('village'),
  'group-labels': labelRows('group'),
  incidents: `SELECT i.id, i.status, i.doc->>'receivedAt' AS "receivedAt", i.county_code AS "countyCode",
      i.township_code AS "townshipCode", i.unit_id AS "unitId", i.matter_code AS "matterCode",
      ST_AsMVTGeom(ST_Transform(i.geom, 3857), b.env, ${EXTENT}, ${BUFFER}, true) AS geom
    FROM incidents i, bounds b WHERE i.geom && b.env4326 AND ($5::text IS NULL OR i.county_code = $5::text)`,
};

function gridRows(level: string): string {
  return `SELECT g.code, g.name, g.short_name AS "shortName", g.level, g.parent_code AS "parentCode",
      g.county_code AS "countyCode", g.synthetic,
      ST_AsMVTGeom(ST_Transform(g.geom, 3857), b.env, ${EXTENT}, ${BUFFER}, true) AS geom
    FROM grids g, bounds b WHERE g.level = '${level}' AND g.geom && b.env4326`;
}

/**
 * One label point per cell touching the tile, kept only in the tile that holds it (buffer 0):
 * MapLibre draws a symbol across tile edges, and a point per tile piece would repeat the name.
 * Larger cells sort first (MapLibre places lower sort keys first), as in the client's GeoJSON mode.
 */
function labelRows(level: string): string {
  return `SELECT g.code, g.short_name AS "shortName", g.level, -round(ST_Area(g.geom::geography))::float8 AS "sortKey",
      ST_AsMVTGeom(ST_Transform(ST_PointOnSurface(g.geom), 3857), b.env, ${EXTENT}, 0, true) AS geom
    FROM grids g, bounds b WHERE g.level = '${level}' AND g.geom && b.env4326`;
}

/** Grid counts as a spatial join and vector tiles with ST_AsMVT, answered by PostGIS. */
export class PostgisSpatial implements SpatialQueries {
  constructor(private readonly pool: Pool) {}

  async gridCounts(query: GridCountQuery): Promise<GridCount[]> {
    const { rows } = await read<GridCount>(
      this.pool,
      `SELECT g.code, g.name, count(i.id)::int AS count
       FROM grids g
       LEFT JOIN incidents i ON ST_Covers(g.geom, i.geom)
         AND ($3::timestamptz IS NULL OR i.received_at >= $3::timestamptz)
         AND ($4::timestamptz IS NULL OR i.received_at < $4::timestamptz)
       WHERE g.county_code = $1 AND g.level = $2
       GROUP BY g.code, g.name
       ORDER BY g.code`,
      [query.countyCode, query.level, query.from ?? null, query.to ?? null],
    );
    return rows;
  }

  async tile(layer: TileLayer, z: number, x: number, y: number, filter?: TileFilter): Promise<Uint8Array> {
    const { rows } = await read<{ mvt: Buffer | null }>(
      this.pool,
      `WITH bounds AS (
         SELECT ST_TileEnvelope($1, $2, $3) AS env,
                ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${BUFFER / EXTENT}), 4326) AS env4326
       )
       SELECT ST_AsMVT(t, $4, ${EXTENT}, 'geom') AS mvt
       FROM (${LAYER_ROWS[layer]}) AS t
       WHERE t.geom IS NOT NULL`,
      // Only the incidents query takes the county ($5): an unused parameter has no type PostgreSQL could infer.
      layer === 'incidents' ? [z, x, y, layer, filter?.countyCode ?? null] : [z, x, y, layer],
    );
    return new Uint8Array(rows[0]?.mvt ?? Buffer.alloc(0));
  }

  async replaceGrids(countyCode: string, version: number, collection: GridCollection): Promise<void> {
    await replaceGridVersion(this.pool, countyCode, version, collection);
  }
}
