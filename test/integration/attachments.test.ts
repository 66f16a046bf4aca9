import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const LIMIT = 5 * 1024 * 1024;
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0photo of a blocked lane'), Buffer.from([0xff, 0xd9])]);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c626001000000ffff03000006000557bfabd40000000049454e44ae426082', 'hex');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(14, 1)]);

async function fileReport(server: TestServer, username: string): Promise<string> {
  const [lon, lat] = interiorPoint(featuresAt('410923', 'group')[40]!);
  const res = await fetch(`${server.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, username)) },
    body: JSON.stringify({ lon, lat, description: '店外占道经营，附照片', source: 'grid-member' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function upload(server: TestServer, username: string, query: string, body: Buffer, contentType = 'application/octet-stream') {
  const res = await fetch(`${server.url}/api/v1/attachments?${query}`, { method: 'POST', headers: { ...bearer(await loginAs(server, username)), 'content-type': contentType }, body: new Uint8Array(body) });
  return { status: res.status, body: (await res.json()) as any };
}

/** A chunked upload (no Content-Length), so only the streaming limit can stop it. */
function chunkedUpload(server: TestServer, token: string, query: string, size: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${server.url}/api/v1/attachments?${query}`);
    const req = httpRequest(url, { method: 'POST', headers: { ...bearer(token), 'content-type': 'image/jpeg', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    const chunk = Buffer.alloc(256 * 1024, 0xff);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function suite(label: string, open: () => Promise<{ server: TestServer; database?: TestDatabase }>) {
  describe(`attachments (${label})`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      ({ server, database } = await open());
    });
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it('stores a JPEG, PNG and WebP by their bytes, whatever the header says, and serves them back to the case readers', async () => {
      const incidentId = await fileReport(server, 'nanle.grid');
      const cases: Array<[Buffer, string, string]> = [
        [JPEG, 'text/plain', 'image/jpeg'],
        [PNG, 'image/jpeg', 'image/png'],
        [WEBP, 'application/octet-stream', 'image/webp'],
      ];
      for (const [bytes, declared, sniffed] of cases) {
        const res = await upload(server, 'nanle.grid', `incident=${incidentId}`, bytes, declared);
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        expect(res.body).toMatchObject({ contentType: sniffed, size: bytes.length, subject: `incident:${incidentId}` });
        const back = await fetch(`${server.url}${res.body.url}`, { headers: bearer(await loginAs(server, 'nanle.operator')) });
        expect(back.status).toBe(200);
        expect(back.headers.get('content-type')).toBe(sniffed);
        expect(Buffer.from(await back.arrayBuffer()).equals(bytes)).toBe(true);
      }
      const list = await fetch(`${server.url}/api/v1/attachments?incident=${incidentId}`, { headers: bearer(await loginAs(server, 'nanle.operator')) });
      expect(((await list.json()) as any).items.map((i: any) => i.contentType)).toEqual(['image/jpeg', 'image/png', 'image/webp']);
      // Another county's operator reads none of it.
      const stranger = await fetch(`${server.url}/api/v1/attachments?incident=${incidentId}`, { headers: bearer(await loginAs(server, 'yanggu.operator')) });
      expect(stranger.status).toBe(403);
      const otherCountyGrid = await fetch(`${server.url}/api/v1/attachments?incident=${incidentId}`, { headers: bearer(await loginAs(server, 'yanggu.grid')) });
      expect(otherCountyGrid.status).toBe(403);
    });

    it('refuses what is not an image (415) however it is labelled', async () => {
      const incidentId = await fileReport(server, 'nanle.operator');
      for (const [bytes, declared] of [
        [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml'],
        [Buffer.from('%PDF-1.7 not a photo'), 'image/jpeg'],
        [Buffer.from('GIF89a\x01\x00\x01\x00'), 'image/gif'],
      ] as const) {
        const res = await upload(server, 'nanle.operator', `incident=${incidentId}`, Buffer.from(bytes), declared);
        expect(res.status, declared).toBe(415);
        expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
        expect(res.body.error.message).toContain('JPEG');
      }
    });

    it('refuses more than 5 MB (413), by Content-Length and while streaming', async () => {
      const incidentId = await fileReport(server, 'nanle.operator');
      const big = Buffer.alloc(LIMIT + 1, 0xff);
      big[0] = 0xff;
      big[1] = 0xd8;
      const res = await upload(server, 'nanle.operator', `incident=${incidentId}`, big, 'image/jpeg');
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      const streamed = await chunkedUpload(server, await loginAs(server, 'nanle.operator'), `incident=${incidentId}`, LIMIT + 512 * 1024);
      expect(streamed.status).toBe(413);
      // Exactly at the limit is fine.
      const atLimit = Buffer.alloc(LIMIT, 0);
      JPEG.copy(atLimit);
      expect((await upload(server, 'nanle.operator', `incident=${incidentId}`, atLimit)).status).toBe(201);
    });

    it('needs a subject the uploader may add to', async () => {
      const incidentId = await fileReport(server, 'nanle.operator');
      expect((await upload(server, 'yanggu.operator', `incident=${incidentId}`, JPEG)).status).toBe(403);
      expect((await upload(server, 'nanle.wall', `incident=${incidentId}`, JPEG)).status).toBe(403);
      expect((await upload(server, 'nanle.operator', 'incident=00000000-0000-7000-8000-000000000000', JPEG)).status).toBe(404);
      expect((await upload(server, 'nanle.operator', '', JPEG)).status).toBe(400);
      const anonymous = await fetch(`${server.url}/api/v1/attachments?incident=${incidentId}`, { method: 'POST', body: new Uint8Array(JPEG) });
      expect(anonymous.status).toBe(401);
    });

    if (label === 'PostGIS') {
      it('keeps the bytes in the blobs table (migration 010)', async () => {
        const rows = await queryDatabase<{ n: string; applied: boolean }>(database!.url, "SELECT (SELECT count(*) FROM blobs)::text AS n, EXISTS (SELECT 1 FROM schema_migrations WHERE version = '010_blobs') AS applied");
        expect(Number(rows[0]!.n)).toBeGreaterThanOrEqual(4);
        expect(rows[0]!.applied).toBe(true);
      });
    }
  });
}

suite('embedded, files', async () => ({ server: await startTestServer() }));

if (await postgisAvailable('attachments on PostGIS')) {
  suite('PostGIS', async () => {
    const database = await createTestDatabase('attachments');
    return { server: await startTestServer({ databaseUrl: database.url }), database };
  });
}
