import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeRequest } from '../../shared/protocol/events.ts';
import type { JointActionBroadcast } from '../../shared/protocol/joint-actions.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { featuresAt } from '../helpers/grid-data.ts';
import { createTestDatabase, postgisAvailable, queryDatabase, type TestDatabase } from '../helpers/postgres.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// 阳谷县, "1+1+X": 博济桥街道's own enforcement office coordinates, 一中队 works the street, the
// 市场监管所 posted there joins. 侨润街道 is the neighbour.
const COUNTY = '371521000000';
const BOJI = '371521001000';
const QIAORUN = '371521002000';
const COMMANDER = `yanggu.twp.${BOJI}`;
const NEIGHBOUR = `yanggu.twp.${QIAORUN}`;
const SQUADRON = 'squadron-371521-01';
const OFFICER = `yanggu.officer.${SQUADRON}`;
const STATION = `station-${BOJI}-market`;

let server: TestServer;
// Our own data directory, so the restart test can start a second server on the same log.
const dataDir = mkdtempSync(join(tmpdir(), 'gd-joint-'));
const sockets: ClientSocket[] = [];
beforeAll(async () => {
  server = await startTestServer({ dataDir });
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function listen(username: string, request: SubscribeRequest) {
  const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, auth: { token: await loginAs(server, username) } });
  sockets.push(socket);
  const result = await socket.timeout(5000).emitWithAck('session:subscribe', request);
  if (!result.ok) throw new Error(result.error.message);
  const seen: Array<{ event: string; payload: JointActionBroadcast }> = [];
  socket.onAny((event: string, payload: JointActionBroadcast) => {
    if (event.startsWith('joint-action:')) seen.push({ event, payload });
  });
  return seen;
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function call(username: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { ...bearer(await loginAs(server, username)), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

function villageOf(township: string): string {
  const village = featuresAt('371521', 'village').find((f) => f.properties.parentCode === township);
  if (!village) throw new Error(`no village in ${township}`);
  return village.properties.code;
}

function window(hours = 4) {
  const start = new Date(Date.now() - 60_000);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + hours * 3_600_000).toISOString() };
}

// A 1×1 PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c626001000000ffff03000006000557bfabd40000000049454e44ae426082', 'hex');

describe('joint actions over REST and sockets', () => {
  it('offers the 1+1+X units of the township', async () => {
    const { status, body } = await call(COMMANDER, 'GET', `/joint-actions/options?townships=${BOJI}`);
    expect(status).toBe(200);
    const roles = Object.fromEntries(body.options.map((o: any) => [o.unitId, o.role]));
    expect(roles[`team-${BOJI}`]).toBe('coordinator');
    expect(roles[SQUADRON]).toBe('team');
    expect(roles[STATION]).toBe('station');
    expect(body.options.find((o: any) => o.unitId === `team-${QIAORUN}`)).toBeUndefined();
  });

  it('launches an action in the own township: participants notified live, acknowledge, report with a photo; others see nothing', async () => {
    const operator = await listen('yanggu.operator', { county: COUNTY });
    const squadron = await listen(OFFICER, { teams: [SQUADRON] });
    const neighbour = await listen(NEIGHBOUR, { townships: [QIAORUN], teams: [`team-${QIAORUN}`] });

    const created = await call(COMMANDER, 'POST', '/joint-actions', {
      kind: 'joint',
      title: '夜市占道经营联合整治',
      brief: '19:00 在街道办门口集合',
      area: { kind: 'grids', codes: [villageOf(BOJI)] },
      ...window(),
      participantUnitIds: [SQUADRON, STATION],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const action = created.body.jointAction;
    expect(action.status).toBe('active');
    expect(action.townshipCodes).toEqual([BOJI]);
    expect(action.participants.map((p: any) => [p.unitId, p.role])).toEqual([
      [`team-${BOJI}`, 'coordinator'],
      [SQUADRON, 'team'],
      [STATION, 'station'],
    ]);

    await waitFor(() => operator.length === 1 && squadron.length === 1);
    expect(operator[0]).toMatchObject({ event: 'joint-action:created', payload: { jointAction: { id: action.id } } });
    expect(typeof operator[0]!.payload.seq).toBe('number');

    // The officer acknowledges on behalf of the squadron; a retry with the same key changes nothing.
    const key = { 'Idempotency-Key': `ack-${action.id}` };
    const ack = await call(OFFICER, 'POST', `/joint-actions/${action.id}/acknowledge`, {}, key);
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    expect(ack.body.jointAction.participants.find((p: any) => p.unitId === SQUADRON).acknowledgedAt).not.toBeNull();
    const retry = await call(OFFICER, 'POST', `/joint-actions/${action.id}/acknowledge`, {}, key);
    expect(retry).toEqual(ack);
    const twice = await call(OFFICER, 'POST', `/joint-actions/${action.id}/acknowledge`, {});
    expect(twice.status).toBe(409);
    await waitFor(() => operator.length === 2);
    expect(operator[1]!.event).toBe('joint-action:acknowledged');
    expect(operator[1]!.payload.seq).toBeGreaterThan(operator[0]!.payload.seq);
    await new Promise((r) => setTimeout(r, 200));
    expect(operator.filter((e) => e.event === 'joint-action:acknowledged')).toHaveLength(1);

    // A result with a photo uploaded for this action.
    const upload = await fetch(`${server.url}/api/v1/attachments?jointAction=${action.id}`, { method: 'POST', headers: { ...bearer(await loginAs(server, OFFICER)), 'content-type': 'application/octet-stream' }, body: new Uint8Array(PNG) });
    expect(upload.status).toBe(201);
    const photo = (await upload.json()) as any;
    expect(photo.contentType).toBe('image/png');
    const reported = await call(OFFICER, 'POST', `/joint-actions/${action.id}/report-result`, { summary: '劝离流动摊点 12 处，立案 1 起', attachmentIds: [photo.id] });
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    expect(reported.body.jointAction.participants.find((p: any) => p.unitId === SQUADRON).result).toMatchObject({ attachmentIds: [photo.id], late: false });
    await waitFor(() => operator.some((e) => e.event === 'joint-action:result-reported'));
    const bytes = await fetch(`${server.url}${photo.url}`, { headers: bearer(await loginAs(server, COMMANDER)) });
    expect(Buffer.from(await bytes.arrayBuffer()).equals(PNG)).toBe(true);

    // The neighbouring township was told nothing and may not read it.
    expect(neighbour).toEqual([]);
    expect((await call(NEIGHBOUR, 'GET', `/joint-actions/${action.id}`)).status).toBe(403);
    expect((await call(NEIGHBOUR, 'GET', '/joint-actions')).body.items.map((a: any) => a.id)).not.toContain(action.id);
    expect((await call(OFFICER, 'GET', '/joint-actions')).body.items.map((a: any) => a.id)).toContain(action.id);

    // Closing before every unit reported needs a reason.
    expect((await call(COMMANDER, 'POST', `/joint-actions/${action.id}/close`, {})).status).toBe(422);
    const closed = await call(COMMANDER, 'POST', `/joint-actions/${action.id}/close`, { reason: '市场监管所另有任务，未到场' });
    expect(closed.body.jointAction.status).toBe('closed');
  });

  it('a cross-township action waits for the county bureau; participants hear of it only once approved', async () => {
    const neighbourTeam = await listen(NEIGHBOUR, { teams: [`team-${QIAORUN}`] });
    const created = await call(COMMANDER, 'POST', '/joint-actions', {
      kind: 'campaign',
      title: '背街小巷环境整治专项行动',
      area: { kind: 'grids', codes: [villageOf(BOJI), villageOf(QIAORUN)] },
      ...window(24 * 30),
      participantUnitIds: [SQUADRON, `team-${QIAORUN}`],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const action = created.body.jointAction;
    expect(action.status).toBe('proposed');
    expect(action.approvalReasons.join('；')).toContain('跨乡镇');

    // Not yet: the participants cannot acknowledge, and neither the township nor the operator may approve.
    expect((await call(OFFICER, 'POST', `/joint-actions/${action.id}/acknowledge`, {})).status).toBe(409);
    expect((await call(COMMANDER, 'POST', `/joint-actions/${action.id}/approve`, {})).status).toBe(403);
    expect((await call('yanggu.operator', 'POST', `/joint-actions/${action.id}/approve`, {})).status).toBe(403);
    await new Promise((r) => setTimeout(r, 200));
    expect(neighbourTeam).toEqual([]);

    const approved = await call('yanggu.commander', 'POST', `/joint-actions/${action.id}/approve`, { note: '同意，注意安全' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.jointAction).toMatchObject({ status: 'active', approval: { note: '同意，注意安全' } });
    await waitFor(() => neighbourTeam.length === 1);
    expect(neighbourTeam[0]!.event).toBe('joint-action:approved');
    const ack = await call(NEIGHBOUR, 'POST', `/joint-actions/${action.id}/acknowledge`, {});
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);

    // A participant's phone draws the area: the two chosen cells and the two townships they lie in.
    const area = await call(NEIGHBOUR, 'GET', `/joint-actions/${action.id}/area`);
    expect(area.status).toBe(200);
    expect(area.body.area.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual([villageOf(BOJI), villageOf(QIAORUN)].sort());
    expect(area.body.townships.features.map((f: { properties: { code: string } }) => f.properties.code).sort()).toEqual([BOJI, QIAORUN]);
    expect(area.body.area.features[0].properties.name).not.toBe('');
    // Someone who may not see the action may not see its area either.
    expect((await call('huian.commander', 'GET', `/joint-actions/${action.id}/area`)).status).toBe(403);
  });

  it('refuses by the capability table: joint:command to launch, and only over own ground', async () => {
    const body = { kind: 'joint', title: '联合检查', area: { kind: 'grids', codes: [villageOf(BOJI)] }, ...window() };
    for (const who of ['yanggu.operator', OFFICER, 'yanggu.grid', 'yanggu.wall']) {
      const res = await call(who, 'POST', '/joint-actions', body);
      expect(res.status, who).toBe(403);
      expect(res.body.error.message).toContain('joint:command');
    }
    const elsewhere = await call(COMMANDER, 'POST', '/joint-actions', { ...body, area: { kind: 'grids', codes: [villageOf(QIAORUN)] } });
    expect(elsewhere.status).toBe(403);
    const strangerUnit = await call(COMMANDER, 'POST', '/joint-actions', { ...body, participantUnitIds: [`station-${QIAORUN}-market`] });
    expect(strangerUnit.status).toBe(422);
    expect(strangerUnit.body.error.code).toBe('UNKNOWN_UNIT');
    // A county commander launches anywhere in the county, with no approval step.
    const county = await call('yanggu.commander', 'POST', '/joint-actions', { ...body, area: { kind: 'grids', codes: [villageOf(QIAORUN)] }, participantUnitIds: [`team-${QIAORUN}`] });
    expect(county.status).toBe(201);
    expect(county.body.jointAction.status).toBe('active');
  });

  it('a drawn area is resolved to the townships it touches', async () => {
    const village = featuresAt('371521', 'village').find((f) => f.properties.parentCode === BOJI)!;
    const ring = (village.geometry.type === 'Polygon' ? village.geometry.coordinates[0]! : village.geometry.coordinates[0]![0]!) as [number, number][];
    const res = await call(COMMANDER, 'POST', '/joint-actions', { kind: 'joint', title: '划定区域巡查', area: { kind: 'polygon', ring: ring.slice(0, 40) }, ...window(), participantUnitIds: [SQUADRON] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.jointAction.townshipCodes).toContain(BOJI);
  });

  it('rebuilds every action from the event log after a restart', async () => {
    const before = (await call('yanggu.commander', 'GET', '/joint-actions')).body.items;
    expect(before.length).toBeGreaterThanOrEqual(3);
    await server.close();
    server = await startTestServer({ dataDir });
    const after = (await call('yanggu.commander', 'GET', '/joint-actions')).body.items;
    const strip = (items: any[]) => items.map(({ phase: _phase, ...rest }) => rest);
    expect(strip(after)).toEqual(strip(before));
  });
});

describe('joint actions on PostGIS, two servers on one database', async () => {
  const available = await postgisAvailable('joint actions on PostGIS');
  let database: TestDatabase;
  let nodeA: TestServer;
  let nodeB: TestServer;
  beforeAll(async () => {
    if (!available) return;
    database = await createTestDatabase('joint_actions');
    nodeA = await startTestServer({ databaseUrl: database.url });
    nodeB = await startTestServer({ databaseUrl: database.url });
  });
  afterAll(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await database?.drop();
  });

  it.skipIf(!available)('each node folds the other’s events from the shared log before answering', async () => {
    const on = async (node: TestServer, username: string, method: string, path: string, body?: unknown) => {
      const res = await fetch(`${node.url}/api/v1${path}`, { method, headers: { ...bearer(await loginAs(node, username)), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
      return { status: res.status, body: (await res.json()) as any };
    };
    const created = await on(nodeA, COMMANDER, 'POST', '/joint-actions', { kind: 'joint', title: '跨节点', area: { kind: 'grids', codes: [villageOf(BOJI)] }, ...window(), participantUnitIds: [SQUADRON, STATION] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.jointAction.id;
    // Acknowledged on B, which never saw the create request.
    const ack = await on(nodeB, OFFICER, 'POST', `/joint-actions/${id}/acknowledge`, {});
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    // A sees B's acknowledgement, and refuses a second one as B would.
    const onA = await on(nodeA, COMMANDER, 'GET', `/joint-actions/${id}`);
    expect(onA.body.jointAction.participants.find((p: any) => p.unitId === SQUADRON).acknowledgedAt).not.toBeNull();
    expect(onA.body.jointAction.version).toBe(2);
    expect((await on(nodeA, OFFICER, 'POST', `/joint-actions/${id}/acknowledge`, {})).status).toBe(409);
    // The log is the audit trail: both entries, in order, with who did it.
    const rows = await queryDatabase<{ type: string; user_id: string }>(database.url, "SELECT type, payload->'actor'->>'userId' AS user_id FROM events WHERE type LIKE 'joint-action:%' AND payload->>'jointActionId' = $1 ORDER BY seq", [id]);
    expect(rows.map((r) => r.type)).toEqual(['joint-action:created', 'joint-action:acknowledged']);
    expect(rows[1]!.user_id).toBe(`demo:${OFFICER}`);
  });
});
