import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { REPORT_COUNTY, reportPoints } from '../contract/report-points.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { createTestDatabase, PG_ADMIN_URL, postgisAvailable, queryDatabase, withDatabase, type TestDatabase } from '../helpers/postgres.ts';

const available = await postgisAvailable('database outage');

/**
 * A TCP proxy in front of PostgreSQL that the test can take down and bring back, so an outage is
 * real (refused connections, connections cut mid-session) without touching the shared cluster.
 */
class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  /** Refuses new connections and cuts every open one, like a database that went away. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe.skipIf(!available)('PostgreSQL outage', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: RunningServer | undefined;
  let root: string;
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase('outage');
    const target = new URL(PG_ADMIN_URL);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.start();
    const proxied = new URL(withDatabase(PG_ADMIN_URL, db.name));
    proxied.port = String(proxy.port);
    url = proxied.toString();
    root = mkdtempSync(join(tmpdir(), 'gd-outage-'));
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.stop();
    await db?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const [point] = reportPoints(1);
  const body = (description: string) => JSON.stringify({ lon: point!.lon, lat: point!.lat, description, source: 'hotline' });
  /** As the report county's demo operator, who also reads its cases below. */
  const auth = async () => bearer(await loginAs(server!, operatorOf(REPORT_COUNTY)));
  const post = async (description: string, key?: string) =>
    fetch(`${server!.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}), ...(await auth()) },
      body: body(description),
    });
  const stored = async () => (await queryDatabase<{ description: string }>(db.url, "SELECT doc->>'description' AS description FROM incidents ORDER BY 1")).map((r) => r.description);

  it('waits at start-up for a database that is not there yet', async () => {
    await proxy.stop();
    const starting = startServer({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data'), databaseUrl: url });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await proxy.start();
    server = await starting;
    expect(server.store).toBe('postgis');
  });

  it('answers 503 with Retry-After while the database is down, never 201, and recovers by itself', async () => {
    const before = await post('before the outage');
    expect(before.status).toBe(201);
    const { id } = (await before.json()) as { id: string };

    await proxy.stop();
    const write = await post('during the outage', 'outage-key-1');
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toMatch(/^\d+$/);
    const error = ((await write.json()) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toMatch(/NOT recorded/);
    for (const path of [`/incidents/${id}`, `/incidents?county=${REPORT_COUNTY}`, `/stats/grid-counts?county=${REPORT_COUNTY}`, '/tiles/incidents/6/52/25.pbf']) {
      const read = await fetch(`${server!.url}/api/v1${path}`, { headers: await auth() });
      expect(read.status, path).toBe(503);
      expect(((await read.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'STORE_UNAVAILABLE',
        message: expect.stringMatching(/cannot be read/),
      });
    }
    // The grids come from files: the map still draws while the database is away.
    expect((await fetch(`${server!.url}/api/v1/grids?county=${REPORT_COUNTY}`)).status).toBe(200);

    await proxy.start();
    // Recovery needs no restart: the pool reconnects on the next request.
    const deadline = Date.now() + 15_000;
    let retried = await post('during the outage', 'outage-key-1');
    while (retried.status === 503 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      retried = await post('during the outage', 'outage-key-1');
    }
    expect(retried.status).toBe(201);
    const replay = await post('during the outage', 'outage-key-1');
    expect(replay.status).toBe(201);
    expect(await replay.json()).toEqual(await retried.json());
    expect((await fetch(`${server!.url}/api/v1/incidents/${id}`, { headers: await auth() })).status).toBe(200);
    expect(await stored()).toEqual(['before the outage', 'during the outage']);
  });

  it('survives connections cut while requests are in flight', async () => {
    const results = Promise.all(Array.from({ length: 20 }, (_, i) => post(`cut ${i}`, `cut-key-${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 5));
    await proxy.stop();
    await proxy.start();
    const statuses = (await results).map((r) => r.status);
    // Each one either made it or was refused clearly; none is a 500.
    expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
    for (let i = 0; i < 20; i++) {
      let status = 503;
      for (let tries = 0; status === 503 && tries < 50; tries++) {
        status = (await post(`cut ${i}`, `cut-key-${i}`)).status;
        if (status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(201);
    }
    const cut = (await stored()).filter((d) => d.startsWith('cut '));
    expect(cut.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `cut ${i}`).sort());
  });
});
