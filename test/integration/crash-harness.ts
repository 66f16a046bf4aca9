import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import type { IncidentWithOrders } from '../../server/repositories/store.ts';
import { openStore } from '../../server/repositories/open-store.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { REPORT_COUNTY, reportPoints } from '../contract/report-points.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';

/** kill -9 rounds before the final restart; concurrent clients posting during each round. */
const ROUNDS = 3;
const CLIENTS = 6;

/** Registered by setup(); run after the test file. */
const cleanup: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<void>;
}

/** The real server, as `npm start` runs it, in its own process. */
async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/localhost:(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening:\n${output}`));
    });
  });
  return { url, child, exited };
}

const POINTS = reportPoints(16);

function report(key: string, k: number) {
  const point = POINTS[k % POINTS.length]!;
  return { lon: point.lon, lat: point.lat, crs: 'WGS84', description: `crash ${key}`, source: 'patrol' };
}

async function post(url: string, key: string, k: number): Promise<{ status: number; body: { id: string } }> {
  const response = await fetch(`${url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...bearer(await loginAs(url, operatorOf(REPORT_COUNTY))) },
    body: JSON.stringify(report(key, k)),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, body: (await response.json()) as { id: string } };
}

async function allIncidents(url: string): Promise<IncidentWithOrders[]> {
  const items: IncidentWithOrders[] = [];
  let cursor: string | null = null;
  do {
    const response = await fetch(`${url}/api/v1/incidents?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: bearer(await loginAs(url, operatorOf(REPORT_COUNTY))) });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: IncidentWithOrders[]; next: string | null };
    items.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return items;
}

/** Deterministic "random" kill moments, so a failing run can be replayed. */
function killDelays(seed: number): number[] {
  let a = seed;
  return Array.from({ length: ROUNDS }, () => {
    a = (Math.imul(a, 1103515245) + 12345) >>> 0;
    return 250 + (a % 700);
  });
}

/**
 * Runs the server as a child process ROUNDS times, kill -9 at a random moment while CLIENTS post
 * concurrently, then restarts it and checks that every 201 is stored exactly once with its order.
 */
export async function crashAndRecover(env: Record<string, string>, storage: { dataDir: string; databaseUrl?: string }) {
  const accepted = new Map<string, { id: string; k: number; body: unknown }>();
  const unknown = new Map<string, number>();
  let k = 0;
  for (const delay of killDelays(env.DATABASE_URL ? 2 : 1)) {
    const server = await spawnServer(env);
    // Signed in before the kill clock starts, so the round's time goes to posting.
    await loginAs(server.url, operatorOf(REPORT_COUNTY));
    let stop = false;
    const clients = Array.from({ length: CLIENTS }, async (_, c) => {
      for (let n = 0; !stop; n++) {
        const key = `crash-${k}-${c}-${n}`;
        const mine = k++;
        try {
          const { status, body } = await post(server.url, key, mine);
          if (status !== 201) throw new Error(`unexpected ${status}: ${JSON.stringify(body)}`);
          accepted.set(key, { id: body.id, k: mine, body });
        } catch (error) {
          if ((error as Error).message.startsWith('unexpected')) throw error;
          unknown.set(key, mine); // killed mid-request: maybe stored, maybe not
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, delay));
    server.child.kill('SIGKILL');
    stop = true;
    await server.exited;
    await Promise.all(clients);
  }
  expect(accepted.size).toBeGreaterThan(ROUNDS * 5);
  // The kills must have hit requests in flight, or this proved little.
  expect(unknown.size).toBeGreaterThan(0);

  const server = await spawnServer(env);
  try {
    const stored = await allIncidents(server.url);
    const byId = new Map(stored.map((i) => [i.id, i]));
    expect(byId.size).toBe(stored.length);
    const perKey = new Map<string, number>();
    for (const incident of stored) perKey.set(incident.description, (perKey.get(incident.description) ?? 0) + 1);
    // Every 201 is there exactly once, with its dispatch order.
    for (const [key, { id }] of accepted) {
      const incident = byId.get(id);
      expect(incident, `201 for ${key} (${id}) lost`).toBeDefined();
      expect(incident!.description).toBe(`crash ${key}`);
      expect(perKey.get(`crash ${key}`)).toBe(1);
      expect(incident!.orders).toHaveLength(1);
      expect(incident!.orders[0]!.incidentId).toBe(id);
      const one = await fetch(`${server.url}/api/v1/incidents/${id}`, { headers: bearer(await loginAs(server.url, operatorOf(REPORT_COUNTY))) });
      expect(((await one.json()) as IncidentWithOrders).orders).toHaveLength(1);
    }
    // Nothing else but requests that were in flight at a kill.
    for (const incident of stored) {
      const key = incident.description.replace(/^crash /, '');
      expect(accepted.has(key) || unknown.has(key), `unexpected incident ${incident.description}`).toBe(true);
    }
    // Retries after the crash: a 201'd key replays its answer; an in-flight one lands exactly once.
    for (const [key, { k: mine, body }] of [...accepted].slice(0, 20)) {
      const again = await post(server.url, key, mine);
      expect(again).toEqual({ status: 201, body });
    }
    for (const [key, mine] of unknown) expect((await post(server.url, key, mine)).status).toBe(201);
    const after = await allIncidents(server.url);
    expect(after).toHaveLength(accepted.size + unknown.size);
    expect(new Set(after.map((i) => i.description)).size).toBe(after.length);
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
  }

  // The event log: sequence 1..n without a gap; per incident one incident:created and one dispatch:created
  // (intake also logs the case's registration and dispatch as case:transitioned).
  const store = await openStore({ ...storage, grids: new Map() });
  try {
    const events = await store.eventsAfter(0, 100_000);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    for (const type of ['incident:created', 'dispatch:created']) expect(events.filter((e) => e.type === type)).toHaveLength(accepted.size + unknown.size);
  } finally {
    await store.close();
  }
}

/** A temporary data directory, removed after the file; `later` runs at the same time. */
export function setup(label: string, later?: () => Promise<void>) {
  const root = mkdtempSync(join(tmpdir(), `gd-crash-${label}-`));
  cleanup.push(() => rmSync(root, { recursive: true, force: true }));
  if (later) cleanup.push(later);
  return { dataDir: join(root, 'data') };
}

