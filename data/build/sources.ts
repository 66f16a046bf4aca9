/** Reads the committed division sources (data/sources/divisions/, see SOURCES.md there). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The five demo counties, in index order, with their source file stems. */
export const DEMO_COUNTIES = [
  { code6: '410923', stem: '410923-nanle' },
  { code6: '371521', stem: '371521-yanggu' },
  { code6: '330822', stem: '330822-changshan' },
  { code6: '350521', stem: '350521-huian' },
  { code6: '410325', stem: '410325-songxian' },
] as const;

export interface DivisionRow {
  level: 'county' | 'township' | 'village';
  code: string;
  name: string;
  parentCode: string;
}

export type LonLat = [number, number];

/** One county's raw input, still in GCJ-02 as published. */
export interface CountySource {
  code: string;
  name: string;
  parentCode: string;
  /** MultiPolygon coordinates of the county outline (GCJ-02, source winding). */
  outlineGcj: LonLat[][][];
  countySeatGcj: LonLat | null;
  /** Approximate township seats keyed by 12-digit code (GCJ-02); some townships have none. */
  townshipSeatsGcj: Map<string, LonLat>;
  townships: DivisionRow[];
  villages: DivisionRow[];
}

export function parseDivisionCsv(text: string): DivisionRow[] {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines[0] !== 'level,code,name,parent_code') throw new Error(`unexpected CSV header: ${lines[0]}`);
  return lines.slice(1).map((line) => {
    const [level, code, name, parentCode] = line.split(',');
    if ((level !== 'county' && level !== 'township' && level !== 'village') || !code || !name || !parentCode) {
      throw new Error(`bad CSV row: ${line}`);
    }
    return { level, code, name, parentCode };
  });
}

interface OutlineFeature {
  properties: { feature_type?: string; code?: string };
  geometry: { type: string; coordinates: unknown };
}

function asLonLat(value: unknown): LonLat {
  if (!Array.isArray(value) || typeof value[0] !== 'number' || typeof value[1] !== 'number') {
    throw new Error('bad position in outline file');
  }
  return [value[0], value[1]];
}

export function readCountySource(dir: string, code6: string, stem: string): CountySource {
  const rows = parseDivisionCsv(readFileSync(join(dir, `${stem}.csv`), 'utf8'));
  const county = rows.find((r) => r.level === 'county');
  if (!county || county.code !== `${code6}000000`) throw new Error(`${stem}.csv: missing county row ${code6}`);

  const outline = JSON.parse(readFileSync(join(dir, `${stem}-outline.geojson`), 'utf8')) as { features: OutlineFeature[] };
  let outlineGcj: LonLat[][][] | null = null;
  let countySeatGcj: LonLat | null = null;
  const townshipSeatsGcj = new Map<string, LonLat>();
  for (const f of outline.features) {
    const type = f.properties.feature_type;
    if (type === 'county_outline') {
      const c = f.geometry.coordinates as unknown[][][] | unknown[][][][];
      const polys = (f.geometry.type === 'Polygon' ? [c] : c) as unknown[][][];
      outlineGcj = polys.map((poly) => poly.map((ring) => ring.map(asLonLat)));
    } else if (type === 'county_seat_approx') {
      countySeatGcj = asLonLat(f.geometry.coordinates);
    } else if (type === 'township_seat_approx' && f.properties.code) {
      townshipSeatsGcj.set(f.properties.code, asLonLat(f.geometry.coordinates));
    }
  }
  if (!outlineGcj) throw new Error(`${stem}-outline.geojson: no county_outline feature`);
  return {
    code: county.code,
    name: county.name,
    parentCode: county.parentCode,
    outlineGcj,
    countySeatGcj,
    townshipSeatsGcj,
    townships: rows.filter((r) => r.level === 'township'),
    villages: rows.filter((r) => r.level === 'village'),
  };
}
