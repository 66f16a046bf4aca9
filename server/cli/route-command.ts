import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GRID_LEVELS, normalizeCountyCode, type GridFeature } from '../../shared/domain/grid.ts';
import { routePointSchema } from '../../shared/protocol/route.ts';
import { GridIndex } from '../../shared/routing/grid-index.ts';
import { DEFAULT_ROUTE_OPTIONS, route, type Jurisdiction } from '../../shared/routing/route.ts';
import { readGridFiles } from '../repositories/grid-files.ts';
import { readJurisdictionFiles } from '../repositories/jurisdiction-files.ts';
import { toWgs84 } from '../services/coordinates.ts';
import { REPO_ROOT } from '../paths.ts';

export const ROUTE_USAGE = `usage: npm run -s cli -- route --county CODE [--grids FILE.geojson] < points.ndjson > routes.ndjson
  Each input line {"id", "lon", "lat", "matterCode"?, "at"?, "crs"?} gives one output line
  {"id", "township", "village", "group", "unit", "flags"} (codes), or {"id", "line", "error"} for a bad line.
  --grids takes a FeatureCollection in the data/grids format (level, code, parentCode, name) instead of the built-in county.
  Exit status: 0 all routed, 1 some lines failed, 2 usage or input file error.`;

export class UsageError extends Error {
  override name = 'UsageError';
}

const lineSchema = routePointSchema.extend({ id: z.union([z.string().max(100), z.number()]) });

/** A FeatureCollection from outside: only the properties routing needs are required. */
const importedFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }),
  properties: z.object({
    level: z.enum(GRID_LEVELS),
    code: z.string().regex(/^\d{12}(\d{3})?$/, 'a 12-digit division code, or 15 digits for a villager group'),
    parentCode: z.string().regex(/^\d{12}$/, 'a 12-digit division code'),
    name: z.string().min(1),
    shortName: z.string().min(1).optional(),
  }),
});
const importedCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(importedFeature).min(1) });

function readGridsFile(path: string, countyCode: string): GridFeature[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--grids ${path}: ${(e as Error).message}`);
  }
  const parsed = importedCollection.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UsageError(`--grids ${path} is not a grid FeatureCollection:\n  ${first.join('\n  ')}`);
  }
  return parsed.data.features.map((f) => ({
    type: 'Feature',
    geometry: f.geometry as GridFeature['geometry'],
    properties: { ...f.properties, shortName: f.properties.shortName ?? f.properties.name, countyCode, synthetic: false },
  }));
}

/** `route`: re-attributes historical records with the current rules (or `at` per line). */
export async function runRouteCommand(argv: string[], input: Readable, output: Writable, errors: Writable, now: () => Date): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { county: { type: 'string' }, grids: { type: 'string' } }, strict: true });
  const countyCode = values.county ? normalizeCountyCode(values.county) : null;
  if (!countyCode) throw new UsageError(`--county is required: a 6- or 12-digit county code such as 410923\n${ROUTE_USAGE}`);
  const jurisdiction: Jurisdiction = readJurisdictionFiles(`${REPO_ROOT}data`);
  let features: GridFeature[];
  if (values.grids) {
    features = readGridsFile(values.grids, countyCode);
  } else {
    const { collections } = readGridFiles(`${REPO_ROOT}data/grids`);
    const collection = collections.get(countyCode);
    if (!collection) throw new UsageError(`county ${values.county} has no built-in grids; served: ${[...collections.keys()].join(', ')}`);
    features = collection.features;
  }
  const index = GridIndex.build(features);
  const at = now().toISOString();
  let lineNo = 0;
  let failed = 0;
  let routed = 0;
  const write = (value: unknown) => output.write(`${JSON.stringify(value)}\n`);
  for await (const text of createInterface({ input, crlfDelay: Infinity })) {
    lineNo++;
    if (text.trim() === '') continue;
    const fail = (id: unknown, code: string, message: string) => {
      failed++;
      write({ ...(id === undefined ? {} : { id }), line: lineNo, error: { code, message } });
    };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      fail(undefined, 'INVALID_JSON', (e as Error).message);
      continue;
    }
    const id = (json as { id?: unknown } | null)?.id;
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      fail(id, 'VALIDATION_FAILED', parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; '));
      continue;
    }
    const point = parsed.data;
    const wgs = toWgs84(point, point.crs);
    const outcome = route(index, jurisdiction, { lon: wgs.lon, lat: wgs.lat, matterCode: point.matterCode ?? null, at: point.at ?? at, major: point.major }, DEFAULT_ROUTE_OPTIONS);
    if (!outcome.ok) {
      fail(id, outcome.error.code, outcome.error.message);
      continue;
    }
    const r = outcome.route;
    routed++;
    write({ id: point.id, township: r.township.code, village: r.village.code, group: r.group.code, unit: r.unit.id, flags: r.flags });
  }
  errors.write(`routed ${routed} line(s), ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
