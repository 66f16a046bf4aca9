import { request } from 'node:http';
import { createDeflateRaw, crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridImportJobView as GridImportJob } from '../../shared/protocol/imports.ts';
import { IMPORT_LIMITS } from '../../server/services/import/import-limits.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/**
 * Issue 13, finding 7: an oversized grid import, a zip bomb and a million-vertex polygon are refused
 * within the memory budget (IMPORT_LIMITS: body ≤ 64 MB, decoding and checking in a worker whose heap
 * is capped), and the server answers /api/v1/health all along.
 */
const COUNTY = '410923';
const MB = 1024 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ admission: false });
});
afterAll(async () => {
  await server?.close();
});

const admin = async () => bearer(await loginAs(server, 'nanle.admin'));

/** Health answers while `work` runs: every answer must be 200. Returns the latencies (ms). */
async function whileHealthy<T>(work: Promise<T>): Promise<{ value: T; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t = performance.now();
      const res = await fetch(`${server.url}/api/v1/health`);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    return { value: await work, latencies };
  } finally {
    done = true;
    await probe;
  }
}

async function finished(id: string): Promise<GridImportJob> {
  return expect
    .poll(
      async () => {
        const job = (await (await fetch(`${server.url}/api/v1/imports/${id}`, { headers: await admin() })).json()) as GridImportJob;
        return job.state === 'checking' ? null : job;
      },
      { timeout: 120_000, interval: 100 },
    )
    .not.toBeNull()
    .then(async () => (await (await fetch(`${server.url}/api/v1/imports/${id}`, { headers: await admin() })).json()) as GridImportJob);
}

/** Sends `total` bytes of GeoJSON-ish text in 1 MB chunks (declared up front or chunked) and stops as soon as the server answers. */
function streamUpload(total: number, declare: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    void admin().then((auth) => {
      const url = new URL(`${server.url}/api/v1/imports/grids?county=${COUNTY}`);
      const req = request(url, { method: 'POST', headers: { 'content-type': 'application/geo+json', ...auth, ...(declare ? { 'content-length': String(total) } : {}) } });
      let answered = false;
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      const chunk = Buffer.alloc(MB, 0x20);
      let sent = 0;
      const pump = () => {
        while (!answered && sent < total) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    }, reject);
  });
}

/** A zip holding one `grid.shp` that inflates to `size` bytes of zeros (plus .dbf/.prj), about 1 MB compressed per GiB. */
async function zipBomb(size: number): Promise<Buffer> {
  const deflate = createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const zeros = Buffer.alloc(16 * MB);
  let crc = 0;
  for (let written = 0; written < size; written += zeros.length) {
    crc = crc32(zeros, crc);
    if (!deflate.write(zeros)) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  const data = Buffer.concat(parts);
  const entries = [
    { name: 'grid.shp', data, crc, size },
    { name: 'grid.dbf', data: Buffer.alloc(0), crc: 0, size: 0 },
    { name: 'grid.prj', data: Buffer.alloc(0), crc: 0, size: 0 },
  ];
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const method = e.size > 0 ? 8 : 0;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(method, 8);
    header.writeUInt32LE(e.crc >>> 0, 14);
    header.writeUInt32LE(e.data.length, 18);
    header.writeUInt32LE(e.size, 22);
    header.writeUInt16LE(name.length, 26);
    local.push(header, name, e.data);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(e.crc >>> 0, 16);
    dir.writeUInt32LE(e.data.length, 20);
    dir.writeUInt32LE(e.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += 30 + name.length + e.data.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, dirBytes, end]);
}

async function startImport(body: Uint8Array | string, type: string): Promise<GridImportJob> {
  const res = await fetch(`${server.url}/api/v1/imports/grids?county=${COUNTY}`, { method: 'POST', headers: { 'content-type': type, ...(await admin()) }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  expect(res.status).toBe(202);
  return (await res.json()) as GridImportJob;
}

const rssMb = () => process.memoryUsage().rss / MB;

describe('grid imports stay within the memory budget', () => {
  it('refuses a 200 MB upload with 413 before reading it (declared length) and after 64 MB (chunked)', async () => {
    const before = rssMb();
    const declared = await whileHealthy(streamUpload(200 * MB, true));
    expect(declared.value).toBe(413);
    const chunked = await whileHealthy(streamUpload(200 * MB, false));
    expect(chunked.value).toBe(413);
    // At most one body limit was buffered.
    expect(rssMb() - before).toBeLessThan(IMPORT_LIMITS.bodyBytes / MB + 128);
  }, 180_000);

  it('refuses a zip bomb (a 1 MB zip holding a 1 GiB .shp) without inflating it', async () => {
    const bomb = await zipBomb(1024 * MB);
    expect(bomb.length).toBeLessThan(2 * MB);
    const before = rssMb();
    const { value: job } = await whileHealthy(startImport(bomb, 'application/zip').then((started) => finished(started.id)));
    expect(job.state).toBe('failed');
    expect(job.report?.problems.map((p) => p.code)).toEqual(['TOO_LARGE']);
    expect(rssMb() - before).toBeLessThan(256);
  }, 180_000);

  it('refuses a polygon of a million vertices in the worker, before any topology check', async () => {
    const ring: [number, number][] = [];
    const n = 1_000_000;
    for (let i = 0; i < n; i++) {
      const a = (2 * Math.PI * i) / n;
      ring.push([115.2 + 0.05 * Math.cos(a), 36.07 + 0.05 * Math.sin(a)]);
    }
    ring.push(ring[0]!);
    const body = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { code: '410923000000', level: 'county', name: '南乐县' }, geometry: { type: 'Polygon', coordinates: [ring] } }] });
    expect(body.length).toBeLessThan(IMPORT_LIMITS.bodyBytes);
    const { value: job } = await whileHealthy(startImport(body, 'application/geo+json').then((started) => finished(started.id)));
    expect(job.state).toBe('failed');
    expect(job.report?.problems).toEqual([expect.objectContaining({ code: 'TOO_LARGE', feature: 0 })]);
  }, 180_000);
});
