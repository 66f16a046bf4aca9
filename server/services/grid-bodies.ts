import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { GridLevel } from '../../shared/domain/grid.ts';
import { MAP_FORMAT, mapLevelCollection } from '../../shared/domain/grid-delivery.ts';
import type { GridService } from './grid-service.ts';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type GridEncoding = 'br' | 'gzip' | 'identity';

/** One grid level at one version, serialised once and compressed once per encoding. */
export interface GridBody {
  /** The county's grid version these bytes are cut from. */
  version: number;
  /** Strong validator of the content (the encoding is appended per representation). */
  etag: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

/**
 * Brotli at quality 9: a county's group level (~1.1 MB) compresses ~11× in about a second of a
 * thread-pool thread, once per grid version; quality 11 takes 5–8 s for a few percent more.
 */
const BROTLI_QUALITY = 9;

/**
 * The grid levels the map loads, as ready-to-send bytes: rounded to the level's precision
 * (shared/domain/grid-delivery.ts), serialised once and compressed with gzip and brotli off the
 * event loop (zlib's thread pool), kept until the county gets a new grid version. Concurrent first
 * requests share one build.
 */
export class GridBodies {
  private readonly bodies = new Map<string, { version: number; body: Promise<GridBody> }>();

  constructor(private readonly grids: GridService) {}

  /** null: the county is not served here. */
  body(countyCode: string, level: GridLevel): Promise<GridBody> | null {
    const features = this.grids.features(countyCode);
    if (!features) return null;
    const version = this.grids.version(countyCode).grid;
    const key = `${countyCode}/${level}`;
    const cached = this.bodies.get(key);
    if (cached?.version === version) return cached.body;
    const body = build(countyCode, level, version, Buffer.from(JSON.stringify(mapLevelCollection(features, level))));
    this.bodies.set(key, { version, body });
    // A failed build is not kept: the next request tries again.
    body.catch(() => {
      if (this.bodies.get(key)?.body === body) this.bodies.delete(key);
    });
    return body;
  }
}

async function build(countyCode: string, level: GridLevel, version: number, identity: Buffer): Promise<GridBody> {
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotli(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } }),
  ]);
  return { version, etag: `grid-${countyCode}-${level}-v${version}-${MAP_FORMAT}`, identity, gzip: gz, br };
}

/**
 * The encoding to send for an Accept-Encoding header: brotli, then gzip, among those the client
 * accepts with q > 0 (explicitly or through `*`); identity otherwise.
 */
export function pickEncoding(acceptEncoding: string | undefined): GridEncoding {
  if (!acceptEncoding) return 'identity';
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  const accepts = (name: string) => (q.get(name) ?? q.get('*') ?? 0) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return 'identity';
}

/** The representation's strong ETag: the content's, marked with its encoding. */
export function representationTag(body: GridBody, encoding: GridEncoding): string {
  return encoding === 'identity' ? `"${body.etag}"` : `"${body.etag}-${encoding}"`;
}

/**
 * Whether If-None-Match names this content in any encoding (a cache that holds the gzip copy
 * revalidating while the client now accepts brotli still has the same GeoJSON).
 */
export function matchesContent(ifNoneMatch: string | undefined, body: GridBody): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
    return tag === body.etag || tag === `${body.etag}-br` || tag === `${body.etag}-gzip`;
  });
}
