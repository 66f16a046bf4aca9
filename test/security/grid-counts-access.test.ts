import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** Issue 13, finding 4: grid counts are not an anonymous location history. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ admission: false });
});
afterAll(async () => {
  await server?.close();
});

const counts = (query: string, headers: Record<string, string> = {}) => fetch(`${server.url}/api/v1/stats/grid-counts?${query}`, { headers });

describe('GET /api/v1/stats/grid-counts', () => {
  it('refuses anonymous callers', async () => {
    const res = await counts('county=410923');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses roles without county-wide reach and other counties', async () => {
    expect((await counts('county=410923', bearer(await loginAs(server, 'nanle.grid')))).status).toBe(403);
    expect((await counts('county=371521', bearer(await loginAs(server, 'nanle.operator')))).status).toBe(403);
    expect((await counts('county=410923', bearer(await loginAs(server, 'nanle.operator')))).status).toBe(200);
    expect((await counts('county=410923', bearer(await loginAs(server, 'nanle.wall')))).status).toBe(200);
  });

  it('widens a millisecond window to whole hours', async () => {
    const from = '2026-03-04T05:06:07.008Z';
    const to = '2026-03-04T05:06:07.009Z';
    const res = await counts(`county=410923&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, bearer(await loginAs(server, 'nanle.operator')));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ from: '2026-03-04T05:00:00.000Z', to: '2026-03-04T06:00:00.000Z' });
  });
});
