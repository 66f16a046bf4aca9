import { unzipSync } from 'fflate';
import gcoord from 'gcoord';
import type { Position } from 'geojson';
import proj4 from 'proj4';
import { read as readShapefile } from 'shapefile';
import { problem, type GridProblem } from '../../../shared/grid-validation/grid-problems.ts';
import { IMPORT_LIMITS } from './import-limits.ts';

/** Chinese web-map offsets a file may be in; they cannot be stated in a .prj, so the uploader declares them. */
export const DECLARED_CRS = ['WGS84', 'GCJ02', 'BD09'] as const;
export type DeclaredCrs = (typeof DECLARED_CRS)[number];

export type UploadKind = 'geojson' | 'zip';

export type Decoded = { ok: true; collection: { type: 'FeatureCollection'; features: unknown[] }; sourceCrs: string } | { ok: false; problems: GridProblem[] };

type Transform = (p: Position) => Position;

const fail = (...problems: GridProblem[]): Decoded => ({ ok: false, problems });

/** EPSG codes a GeoJSON `crs` member may name that mean plain lon/lat (CGCS2000 is within centimetres of WGS84). */
const GEOGRAPHIC = new Set(['4326', '4490', 'CRS84']);

function mapPositions(geometry: unknown, f: Transform): void {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) return;
  const walk = (c: unknown[]): unknown[] => (typeof c[0] === 'number' ? f(c as Position) : c.map((x) => (Array.isArray(x) ? walk(x) : x)));
  g.coordinates = walk(g.coordinates);
}

/** 1e-7° ≈ 1 cm: removes reprojection noise without moving a shared vertex differently on either side. */
const round = (p: Position): Position => [Math.round(p[0]! * 1e7) / 1e7, Math.round(p[1]! * 1e7) / 1e7];

function offsetTransform(crs: DeclaredCrs): Transform | null {
  if (crs === 'WGS84') return null;
  const from = crs === 'GCJ02' ? gcoord.GCJ02 : gcoord.BD09;
  return (p) => gcoord.transform([p[0]!, p[1]!], from, gcoord.WGS84) as Position;
}

/** Feature count and vertices per ring and in all, checked before any reprojection or topology work. */
function overLimits(features: unknown[]): GridProblem | null {
  if (features.length > IMPORT_LIMITS.features) return problem('TOO_LARGE', `要素超过 ${IMPORT_LIMITS.features} 个（${features.length}） (more than ${IMPORT_LIMITS.features} features)`);
  let total = 0;
  for (const [index, f] of features.entries()) {
    const g = (f as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
    if (!g || !Array.isArray(g.coordinates)) continue;
    const polygons = (g.type === 'MultiPolygon' ? g.coordinates : [g.coordinates]) as unknown[];
    for (const polygon of polygons) {
      if (!Array.isArray(polygon)) continue;
      for (const ring of polygon) {
        if (!Array.isArray(ring)) continue;
        if (ring.length > IMPORT_LIMITS.verticesPerRing) {
          return problem('TOO_LARGE', `第 ${index + 1} 个要素的一个环有 ${ring.length} 个顶点，上限 ${IMPORT_LIMITS.verticesPerRing} (a ring with more than ${IMPORT_LIMITS.verticesPerRing} vertices)`, { feature: index });
        }
        total += ring.length;
      }
    }
  }
  if (total > IMPORT_LIMITS.vertices) return problem('TOO_LARGE', `顶点总数超过 ${IMPORT_LIMITS.vertices}（${total}） (more than ${IMPORT_LIMITS.vertices} vertices in all)`);
  return null;
}

function finish(features: unknown[], project: Transform | null, crs: DeclaredCrs, sourceCrs: string): Decoded {
  const over = overLimits(features);
  if (over) return fail(over);
  const offset = offsetTransform(crs);
  for (const f of features) {
    const geometry = (f as { geometry?: unknown } | null)?.geometry;
    mapPositions(geometry, (p) => {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return p; // the checker reports it
      let q = project ? project(p) : p;
      if (offset) q = offset(q);
      return round(q);
    });
  }
  return { ok: true, collection: { type: 'FeatureCollection', features }, sourceCrs: crs === 'WGS84' ? sourceCrs : `${sourceCrs} (${crs})` };
}

function decodeGeoJson(bytes: Uint8Array, crs: DeclaredCrs): Decoded {
  let json: { type?: unknown; features?: unknown; crs?: { properties?: { name?: unknown } } };
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    return fail(problem('UNREADABLE_FILE', `不是有效的 UTF-8 GeoJSON：${(error as Error).message}`));
  }
  if (json?.type !== 'FeatureCollection' || !Array.isArray(json.features)) return fail(problem('NOT_A_FEATURE_COLLECTION', '文件不是 GeoJSON FeatureCollection'));
  // RFC 7946 GeoJSON is lon/lat WGS84; the old `crs` member is honoured for 3857 and the geographic codes.
  const name = json.crs?.properties?.name;
  let project: Transform | null = null;
  let source = 'EPSG:4326';
  if (typeof name === 'string') {
    const code = /(?:EPSG::?|EPSG:)(\d+)$|(CRS84)$/i.exec(name);
    const epsg = code?.[1] ?? code?.[2]?.toUpperCase();
    if (epsg && GEOGRAPHIC.has(epsg)) source = epsg === 'CRS84' ? 'CRS84' : `EPSG:${epsg}`;
    else if (epsg === '3857' || epsg === '900913') {
      const toWgs = proj4('EPSG:3857', 'EPSG:4326');
      project = (p) => toWgs.forward([p[0]!, p[1]!]);
      source = 'EPSG:3857';
    } else return fail(problem('UNSUPPORTED_CRS', `GeoJSON 的 crs "${name}" 无法换算：请转为 EPSG:4326，或上传带 .prj 的 Shapefile 压缩包`));
  }
  return finish(json.features, project, crs, source);
}

/** The .cpg names the DBF's code page; Chinese GIS files are often GBK. */
function dbfEncoding(cpg: Uint8Array | undefined): string {
  const name = cpg ? new TextDecoder().decode(cpg).trim().toLowerCase() : '';
  if (!name) return 'utf-8';
  if (/^(utf-?8|65001)$/.test(name)) return 'utf-8';
  if (/^(gbk|936|cp936|gb2312|gb18030)$/.test(name)) return 'gbk';
  return name;
}

async function decodeZip(bytes: Uint8Array, crs: DeclaredCrs): Promise<Decoded> {
  let entries: Record<string, Uint8Array>;
  // Zip bombs: the declared sizes are added up before anything is inflated, and fflate inflates each
  // entry into a buffer of its declared size, so no entry can produce more than it announced.
  let declared = 0;
  let count = 0;
  let over: string | null = null;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        count++;
        declared += file.originalSize;
        if (count > IMPORT_LIMITS.zipEntries) over = `压缩包中文件超过 ${IMPORT_LIMITS.zipEntries} 个 (more than ${IMPORT_LIMITS.zipEntries} entries)`;
        else if (declared > IMPORT_LIMITS.unzippedBytes) over = `解压后超过 ${IMPORT_LIMITS.unzippedBytes / 1048576} MB (unzips to more than ${IMPORT_LIMITS.unzippedBytes / 1048576} MB)`;
        return over === null;
      },
    });
  } catch (error) {
    return fail(problem('UNREADABLE_FILE', `不是有效的 zip 压缩包：${(error as Error).message}`));
  }
  if (over !== null) return fail(problem('TOO_LARGE', over));
  const names = Object.keys(entries).filter((n) => !n.startsWith('__MACOSX/'));
  const shps = names.filter((n) => /\.shp$/i.test(n));
  if (shps.length !== 1) {
    return fail(problem('UNREADABLE_FILE', shps.length === 0 ? '压缩包中没有 .shp 文件' : `压缩包中有 ${shps.length} 个 .shp（${shps.join('、')}），每次只导入一个图层`));
  }
  const base = (shps[0] as string).slice(0, -4);
  const part = (ext: string) => {
    const name = names.find((n) => n.toLowerCase() === `${base}.${ext}`.toLowerCase());
    return name ? entries[name] : undefined;
  };
  const dbf = part('dbf');
  const prj = part('prj');
  const missing: GridProblem[] = [];
  if (!dbf) missing.push(problem('UNREADABLE_FILE', `缺少 ${base}.dbf（属性表）`));
  if (!prj) missing.push(problem('MISSING_PRJ', `缺少 ${base}.prj：没有坐标系说明就无法换算到 WGS84`));
  if (missing.length > 0) return fail(...missing);
  const wkt = new TextDecoder().decode(prj).trim();
  let project: Transform;
  try {
    const converter = proj4(wkt, 'EPSG:4326');
    project = (p) => converter.forward([p[0]!, p[1]!]);
  } catch (error) {
    return fail(problem('UNSUPPORTED_CRS', `无法识别 .prj 中的坐标系：${(error as Error).message}`));
  }
  let collection;
  try {
    collection = await readShapefile(toArrayBuffer(entries[shps[0] as string] as Uint8Array), toArrayBuffer(dbf as Uint8Array), { encoding: dbfEncoding(part('cpg')) });
  } catch (error) {
    return fail(problem('UNREADABLE_FILE', `Shapefile 无法读取：${(error as Error).message}`));
  }
  const projName = /^(?:PROJCS|GEOGCS|PROJCRS|GEOGCRS)\["([^"]+)"/.exec(wkt)?.[1] ?? 'from .prj';
  return finish(collection.features as unknown[], project, crs, projName);
}

function toArrayBuffer(u: Uint8Array): ArrayBuffer {
  return u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;
}

/** Reads an upload into a WGS84 FeatureCollection, or says why it cannot. */
export async function decodeGridUpload(bytes: Uint8Array, kind: UploadKind, crs: DeclaredCrs): Promise<Decoded> {
  return kind === 'zip' ? decodeZip(bytes, crs) : decodeGeoJson(bytes, crs);
}
