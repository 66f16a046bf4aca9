import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoAccount } from '../../shared/protocol/auth.ts';
import { reportPoints } from '../contract/report-points.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { parsePrometheus, sampleValue, scrape } from '../bench/load/prom-text.ts';

let server: TestServer;
const sockets: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.close();
});

async function connect(username: string, request: Record<string, unknown>): Promise<Socket> {
  const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: await loginAs(server, username) } });
  sockets.push(socket);
  const result = (await socket.timeout(5000).emitWithAck('session:subscribe', request)) as { ok: boolean };
  expect(result.ok).toBe(true);
  return socket;
}

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('GET /metrics', () => {
  it('exposes the named series in Prometheus text format, without signing in', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const name of [
      'grid_dispatch_reports_accepted_total',
      'grid_dispatch_routing_seconds',
      'grid_dispatch_dispatch_seconds',
      'grid_dispatch_store_commit_seconds',
      'grid_dispatch_http_requests_total',
      'grid_dispatch_http_request_seconds',
      'grid_dispatch_socket_clients',
      'grid_dispatch_timer_backlog',
      'grid_dispatch_admission_in_flight',
      'grid_dispatch_requests_shed_total',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(text, name).toContain(`# TYPE ${name} `);
    }
    expect(parsePrometheus(text).length).toBeGreaterThan(20);
  });

  it('moves when a report is posted and when clients of each role connect and leave', async () => {
    const accounts = (await (await fetch(`${server.url}/api/v1/demo/accounts`)).json()) as { accounts?: DemoAccount[] } | DemoAccount[];
    const list = Array.isArray(accounts) ? accounts : (accounts.accounts ?? []);
    const point = reportPoints(4)[1]!;
    const token = await loginAs(server, 'nanle.operator');
    // Who the point routes to, so an officer of that team can listen.
    const dry = await fetch(`${server.url}/api/v1/route`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ lon: point.lon, lat: point.lat }),
    });
    expect(dry.status).toBe(200);
    const unitId = ((await dry.json()) as { route: { unit: { id: string } } }).route.unit.id;
    const officer = list.find((a) => a.role === 'team-officer' && a.countyCode === '410923000000');
    expect(officer, 'a demo officer in 南乐').toBeDefined();

    const before = await scrape(server.url);
    const operatorSocket = await connect('nanle.operator', { county: '410923', teams: [unitId] });
    await connect('nanle.wall', { wall: '410923' });
    await connect(officer!.username, { teams: [officer!.unitId!] });
    const orders: unknown[] = [];
    operatorSocket.on('dispatch:created', (event) => orders.push(event));

    const response = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'metrics-1', ...bearer(token) },
      body: JSON.stringify({ lon: point.lon, lat: point.lat, description: 'metrics test', source: 'patrol' }),
    });
    expect(response.status).toBe(201);
    await waitFor(() => orders.length === 1);

    const after = await scrape(server.url);
    const delta = (name: string, labels: Record<string, string> = {}) => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta('grid_dispatch_reports_accepted_total')).toBe(1);
    expect(delta('grid_dispatch_routing_seconds_count')).toBe(1);
    expect(delta('grid_dispatch_dispatch_seconds_count', { event: 'dispatch:created' })).toBe(1);
    expect(delta('grid_dispatch_dispatch_seconds_count', { event: 'incident:created' })).toBe(1);
    expect(delta('grid_dispatch_store_commit_seconds_count', { store: 'embedded' })).toBe(1);
    expect(delta('grid_dispatch_http_requests_total', { method: 'POST', route: '/api/v1/reports', status: '201' })).toBe(1);
    expect(sampleValue(after, 'grid_dispatch_dispatch_seconds_sum', { event: 'dispatch:created' })).toBeGreaterThan(0);
    expect(sampleValue(after, 'grid_dispatch_socket_clients', { role: 'dispatch-operator' })).toBe(1);
    expect(sampleValue(after, 'grid_dispatch_socket_clients', { role: 'wall-display' })).toBe(1);
    expect(sampleValue(after, 'grid_dispatch_socket_clients', { role: 'team-officer' })).toBe(1);

    // A replay of the same key is answered from the idempotency record: nothing new is accepted.
    const replay = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'metrics-1', ...bearer(token) },
      body: JSON.stringify({ lon: point.lon, lat: point.lat, description: 'metrics test', source: 'patrol' }),
    });
    expect(replay.status).toBe(201);
    expect(sampleValue(await scrape(server.url), 'grid_dispatch_reports_accepted_total') - sampleValue(before, 'grid_dispatch_reports_accepted_total')).toBe(1);

    for (const socket of sockets.splice(0)) socket.disconnect();
    await waitFor(async () => sampleValue(await scrape(server.url), 'grid_dispatch_socket_clients', { role: 'dispatch-operator' }) === 0);
  });

  it('labels paths with bounded patterns, so ids do not create new series', async () => {
    for (const id of ['0192f3a0-0000-7000-8000-000000000001', '0192f3a0-0000-7000-8000-000000000002']) {
      await fetch(`${server.url}/api/v1/incidents/${id}`);
    }
    await fetch(`${server.url}/some/random/${Math.random()}`);
    const samples = await scrape(server.url);
    const routes = new Set(samples.filter((s) => s.name === 'grid_dispatch_http_requests_total').map((s) => s.labels.route));
    expect(routes).toContain('/api/v1/incidents/:id');
    expect(routes).toContain('other');
    expect([...routes].some((r) => r?.includes('0192f3a0'))).toBe(false);
  });
});
