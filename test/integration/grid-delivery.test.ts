import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { mapLevelCollection } from '../../shared/domain/grid-delivery.ts';
import { errorHandler } from '../../server/http/errors.ts';
import { gridsRoutes } from '../../server/http/grids.routes.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { readGridFiles } from '../../server/repositories/grid-files.ts';
import { readJurisdictionFiles } from '../../server/repositories/jurisdiction-files.ts';
import { GridBodies } from '../../server/services/grid-bodies.ts';
import { GridService } from '../../server/services/grid-service.ts';

const COUNTY = '330822';
const CODE12 = '330822000000';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET without any decoding (fetch would decompress and hide the encoding). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let grids: GridService;
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const { counties, collections } = readGridFiles(`${REPO_ROOT}data/grids`);
  grids = new GridService(counties, collections, readJurisdictionFiles(`${REPO_ROOT}data`));
  const app = express();
  app.set('query parser', 'simple');
  app.use('/api/v1', gridsRoutes(grids, new GridBodies(grids)));
  app.use(errorHandler);
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await close?.();
});

describe('GET /api/v1/grids: compression, validators, caching', () => {
  it('answers brotli, gzip or identity as accepted, each decoding to the same GeoJSON (the level at its map precision)', async () => {
    for (const level of ['county', 'township', 'village', 'group'] as const) {
      const plain = await get(base, `/api/v1/grids?county=${COUNTY}&level=${level}`);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const expected = JSON.parse(plain.body.toString('utf8')) as GridCollection;
      expect(expected).toEqual(JSON.parse(JSON.stringify(mapLevelCollection(grids.features(CODE12)!, level))));
      expect(expected.features.length).toBeGreaterThan(0);

      const br = await get(base, `/api/v1/grids?county=${COUNTY}&level=${level}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/Accept-Encoding/i);
      expect(JSON.parse(brotliDecompressSync(br.body).toString('utf8'))).toEqual(expected);

      const gz = await get(base, `/api/v1/grids?county=${COUNTY}&level=${level}`, { 'accept-encoding': 'gzip, deflate' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(JSON.parse(gunzipSync(gz.body).toString('utf8'))).toEqual(expected);

      // Refused encodings are not sent.
      const noBr = await get(base, `/api/v1/grids?county=${COUNTY}&level=${level}`, { 'accept-encoding': 'br;q=0, gzip' });
      expect(noBr.headers['content-encoding']).toBe('gzip');
      const none = await get(base, `/api/v1/grids?county=${COUNTY}&level=${level}`, { 'accept-encoding': 'identity' });
      expect(none.headers['content-encoding']).toBeUndefined();
      expect(none.body.equals(plain.body)).toBe(true);

      // Compressed, the finest level is a fraction of its size.
      if (level === 'group') expect(br.body.length * 6).toBeLessThan(plain.body.length);
    }
  });

  it('answers 304 to a matching If-None-Match, in any encoding of the same content, and 200 otherwise', async () => {
    const path = `/api/v1/grids?county=${COUNTY}&level=village`;
    const first = await get(base, path, { 'accept-encoding': 'gzip' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[^"]+"$/);
    const again = await get(base, path, { 'accept-encoding': 'gzip', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    // The same content held as gzip, now revalidated by a client that accepts brotli.
    const other = await get(base, path, { 'accept-encoding': 'br', 'if-none-match': `"x", ${etag}` });
    expect(other.status).toBe(304);
    expect(other.headers.etag).not.toBe(etag);
    const stale = await get(base, path, { 'accept-encoding': 'gzip', 'if-none-match': '"grid-330822000000-village-v0-m1-gzip"' });
    expect(stale.status).toBe(200);
  });

  it('keeps a URL naming the served version for a year; without it or with another version, revalidates every use', async () => {
    const version = grids.version(CODE12).grid;
    const named = await get(base, `/api/v1/grids?county=${COUNTY}&level=township&v=${version}`);
    expect(named.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get(base, `/api/v1/grids?county=${COUNTY}&level=township`)).headers['cache-control']).toBe('no-cache');
    expect((await get(base, `/api/v1/grids?county=${COUNTY}&level=township&v=${version + 7}`)).headers['cache-control']).toBe('no-cache');
    expect((await get(base, `/api/v1/grids?county=${COUNTY}&level=township&v=x`)).status).toBe(400);
  });

  it('a new grid version changes the validator and the bytes; the old ETag no longer matches', async () => {
    const path = `/api/v1/grids?county=${COUNTY}&level=group`;
    const before = await get(base, path, { 'accept-encoding': 'br' });
    const oldTag = before.headers.etag as string;
    const collection = grids.features(CODE12)!;
    // Version 2: one group renamed.
    const renamedIndex = collection.findIndex((f) => f.properties.level === 'group');
    const features = collection.map((f, i) => (i === renamedIndex ? { ...f, properties: { ...f.properties, shortName: '改名组' } } : f));
    grids.applyGridVersions(new Map([[CODE12, { collection: { type: 'FeatureCollection', features }, version: 2 }]]));

    const after = await get(base, path, { 'accept-encoding': 'br', 'if-none-match': oldTag });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(oldTag);
    const body = JSON.parse(brotliDecompressSync(after.body).toString('utf8')) as GridCollection;
    expect(body.features.some((f) => f.properties.shortName === '改名组')).toBe(true);
    expect((await get(base, path, { 'accept-encoding': 'br', 'if-none-match': after.headers.etag as string })).status).toBe(304);
    expect((await get(base, `${path}&v=2`)).headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });
});
