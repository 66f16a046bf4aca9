import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { pointsIn } from '../helpers/case-flow.ts';
import { createTestDatabase, postgisAvailable, type TestDatabase } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { parsePrometheus } from '../bench/load/prom-text.ts';

/** Issue 13, finding 9: token encoding, idempotency key scope, version metadata scope, bounded metric labels. */
const TOWNSHIP = '410923100000';
const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function suite(name: string, start: () => Promise<{ server: TestServer; database?: TestDatabase }>) {
  describe(`the edge (${name})`, () => {
    let server: TestServer;
    let database: TestDatabase | undefined;
    beforeAll(async () => {
      ({ server, database } = await start());
    });
    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it('refuses a token whose signature is spelled non-canonically (last character, low bits changed)', async () => {
      const token = await loginAs(server, 'nanle.operator');
      const last = token.at(-1)!;
      const index = BASE64URL.indexOf(last);
      const twins = [1, 2, 3].map((low) => BASE64URL[(index & ~3) | ((index + low) & 3)]!).filter((c) => c !== last);
      expect(twins).toHaveLength(3);
      expect((await fetch(`${server.url}/api/v1/auth/me`, { headers: bearer(token) })).status).toBe(200);
      for (const twin of twins) {
        const forged = `${token.slice(0, -1)}${twin}`;
        expect(Buffer.from(forged.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'));
        expect((await fetch(`${server.url}/api/v1/auth/me`, { headers: bearer(forged) })).status).toBe(401);
      }
    });

    it('scopes an Idempotency-Key to the account: another account with the same key files its own report', async () => {
      const [point] = pointsIn(TOWNSHIP, 1);
      const post = async (username: string, description: string) =>
        fetch(`${server.url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': `shared-key-${name}`, ...bearer(await loginAs(server, username)) },
          body: JSON.stringify({ lon: point!.lon, lat: point!.lat, description, source: 'patrol' }),
        });
      const first = await post(operatorOf('410923'), 'first account');
      expect(first.status).toBe(201);
      const firstBody = (await first.json()) as { id: string };
      // Another account, same key, different body: neither the first answer nor "key reused".
      const other = await post('nanle.grid', 'second account');
      expect(other.status).toBe(201);
      const otherBody = (await other.json()) as { id: string };
      expect(otherBody.id).not.toBe(firstBody.id);
      const stored = (await (await fetch(`${server.url}/api/v1/incidents/${otherBody.id}`, { headers: bearer(await loginAs(server, operatorOf('410923'))) })).json()) as { incident?: { description: string }; description?: string };
      expect(stored.incident?.description ?? stored.description).toBe('second account');
      // The same account retrying still gets its first answer.
      const retry = await post(operatorOf('410923'), 'first account');
      expect(((await retry.json()) as { id: string }).id).toBe(firstBody.id);
    });

    it('shows grid and jurisdiction version history only to those who manage the county', async () => {
      for (const path of ['/grid-versions?county=410923', '/jurisdiction-versions?county=410923']) {
        expect((await fetch(`${server.url}/api/v1${path}`, { headers: bearer(await loginAs(server, 'changshan.admin')) })).status, path).toBe(403);
        expect((await fetch(`${server.url}/api/v1${path}`, { headers: bearer(await loginAs(server, 'nanle.grid')) })).status, path).toBe(403);
        expect((await fetch(`${server.url}/api/v1${path}`, { headers: bearer(await loginAs(server, 'nanle.admin')) })).status, path).toBe(200);
      }
    });

    it('labels /metrics series by route pattern: unknown paths and ids add no series', async () => {
      const labels = async () => new Set(parsePrometheus(await (await fetch(`${server.url}/metrics`)).text()).filter((s) => s.name === 'grid_dispatch_http_requests_total').map((s) => s.labels.route));
      await fetch(`${server.url}/ogc/collections/zz1/items`);
      await fetch(`${server.url}/api/v1/nothing1`);
      const before = await labels();
      for (let i = 0; i < 30; i++) {
        await fetch(`${server.url}/ogc/collections/zz${i}${name.length}/items`);
        await fetch(`${server.url}/api/v1/nothing${i}`);
        await fetch(`${server.url}/api/v1/incidents/not-an-id-${i}`);
        await fetch(`${server.url}/open311/v2/requests/x${i}.json`);
      }
      const after = await labels();
      const added = [...after].filter((l) => !before.has(l));
      expect(added.every((l) => l === '/metrics' || l === '/api/v1/incidents/:id' || l === '/open311/v2/requests/:id.:format'), added.join(', ')).toBe(true);
      expect(after).toContain('/ogc/collections/:collectionId/items');
      expect(after).toContain('unrouted');
      expect([...after].some((l) => l?.includes('zz') || l?.includes('nothing'))).toBe(false);
    });
  });
}

suite('embedded', async () => ({ server: await startTestServer({ admission: false }) }));
if (await postgisAvailable('edge hardening on PostGIS')) {
  suite('postgis', async () => {
    const database = await createTestDatabase('edge');
    return { server: await startTestServer({ databaseUrl: database.url, admission: false }), database };
  });
}
