/**
 * The permission matrix: every role × every capability × inside / outside its scope, asked of
 * `can()` for the demo accounts of all five seed counties (real configurations), then over real
 * REST and socket.io rooms for a representative set in 常山 (whose "1+X" clusters make township
 * scopes interesting) and 南乐.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAPABILITIES, ROLES, can, type Actor, type Capability, type Role, type Scope } from '../../shared/domain/capabilities.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import type { ClientToServerEvents, IncidentCreatedEvent, ServerToClientEvents, SubscribeRequest } from '../../shared/protocol/events.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { readJurisdictionFiles } from '../../server/repositories/jurisdiction-files.ts';
import { demoActors } from '../../server/services/demo-accounts.ts';
import { incidentScope } from '../../server/services/scoped-incidents.ts';
import { bearer, loginAs, operatorOf } from '../helpers/auth.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const org = readJurisdictionFiles(`${REPO_ROOT}data`).configs;
const actors = demoActors(org);

/** What each role holds: written out here so a change to the table in capabilities.ts must be made twice, on purpose. */
const EXPECTED: Record<Role, readonly Capability[]> = {
  'dispatch-operator': ['case:read', 'report:create', 'case:register', 'case:dispatch', 'case:verify', 'case:transfer', 'officer:locate', 'wall:view'],
  'county-commander': ['case:read', 'report:create', 'case:register', 'case:dispatch', 'case:verify', 'case:close', 'case:transfer', 'joint:command', 'officer:locate', 'wall:view'],
  'township-commander': ['case:read', 'report:create', 'case:dispatch', 'case:handle', 'case:transfer', 'joint:command', 'collab:request', 'officer:locate'],
  'team-officer': ['case:read', 'report:create', 'case:handle', 'officer:self'],
  'department-liaison': ['case:read', 'report:create', 'case:handle', 'case:transfer', 'collab:answer'],
  'legal-reviewer': ['case:read', 'report:create', 'case:verify'],
  'responsible-leader': ['case:read', 'report:create', 'case:close'],
  'grid-member': ['report:create'],
  'wall-display': ['case:read', 'wall:view'],
  admin: ['case:read', 'officer:locate', 'wall:view', 'account:manage', 'config:manage'],
};
/** Capabilities that reach the whole county whatever the role's own ground. */
const COUNTY_REACH: readonly Capability[] = ['report:create'];

function config(code: string): CountyConfig {
  const c = org.get(code);
  if (!c) throw new Error(`no config ${code}`);
  return c;
}

/** A case in a township, assigned to the township's own team (or the dispatch center where it has none). */
function caseIn(c: CountyConfig, townshipCode: string, unitId?: string): Scope {
  const t = c.townships.find((x) => x.code === townshipCode)!;
  // Village 999 belongs to no squadron area, so only the township decides.
  return { countyCode: c.countyCode, townshipCode, villageCode: `${townshipCode.slice(0, 9)}999`, unitId: unitId ?? t.teamId ?? c.dispatchCenterId };
}

/**
 * Scopes inside and outside an actor's ground, derived from the configuration directly (not from
 * capabilities.ts): county roles own every township; a township commander their township plus the
 * radiated townships of a cluster they are the hub of; an officer the cases assigned to their unit
 * (and a township team's townships); a liaison the cases assigned to their department's units.
 */
function groundOf(actor: Actor): { inside: Scope[]; outside: Scope[] } {
  const other = [...org.keys()].find((k) => k !== actor.countyCode)!;
  const elsewhere = caseIn(config(other), config(other).townships[0]!.code);
  if (actor.countyCode === null) return { inside: [...org.values()].map((c) => caseIn(c, c.townships[0]!.code)), outside: [] };
  const c = config(actor.countyCode);
  const all = c.townships.map((t) => t.code);
  switch (actor.role) {
    case 'dispatch-operator':
    case 'county-commander':
    case 'wall-display':
    case 'admin':
      return { inside: [...all.map((t) => caseIn(c, t)), { countyCode: c.countyCode }], outside: [elsewhere, { countyCode: other }] };
    case 'township-commander': {
      const own = [actor.townshipCode!, ...c.clusters.filter((cl) => cl.hubTownship === actor.townshipCode).flatMap((cl) => cl.radiatedTownships)];
      return {
        inside: own.map((t) => caseIn(c, t)),
        outside: [...all.filter((t) => !own.includes(t)).map((t) => caseIn(c, t, c.dispatchCenterId)), { countyCode: c.countyCode }, elsewhere],
      };
    }
    case 'legal-reviewer':
    case 'responsible-leader':
    case 'team-officer': {
      const unit = c.units.find((u) => u.id === actor.unitId)!;
      const places = unit.kind === 'township-team' ? c.townships.filter((t) => t.teamId === unit.id).map((t) => t.code) : [];
      const area = c.squadrons.find((s) => s.unitId === unit.id)?.area;
      const served =
        unit.kind === 'township-team'
          ? [...places, ...(unit.townshipCodes ?? []), ...c.clusters.filter((cl) => places.includes(cl.hubTownship)).flatMap((cl) => cl.radiatedTownships)]
          : (area?.townshipCodes ?? []);
      const areaVillages = (area?.villageCodes ?? []).map((v) => ({ ...caseIn(c, `${v.slice(0, 9)}000`, c.dispatchCenterId), villageCode: v }));
      return {
        inside: [caseIn(c, all[all.length - 1]!, unit.id), ...served.map((t) => caseIn(c, t)), ...areaVillages],
        outside: [...all.filter((t) => !served.includes(t)).map((t) => caseIn(c, t, c.dispatchCenterId)), { countyCode: c.countyCode }, elsewhere],
      };
    }
    case 'department-liaison': {
      const mine = c.units.filter((u) => u.id === actor.unitId || u.parentId === actor.unitId).map((u) => u.id);
      return {
        inside: mine.map((id) => caseIn(c, all[0]!, id)),
        outside: [caseIn(c, all[0]!), caseIn(c, all[0]!, c.dispatchCenterId), { countyCode: c.countyCode }, elsewhere],
      };
    }
    case 'grid-member':
      return { inside: [], outside: [caseIn(c, all[0]!), elsewhere] };
  }
}

describe('can(): every role × capability × inside / outside, for the demo accounts of every seed county', () => {
  it('has demo accounts for every role in every county', () => {
    for (const code of org.keys()) expect(new Set(actors.filter((a) => a.countyCode === code).map((a) => a.role)).size).toBe(ROLES.length);
  });

  it('grants exactly the expected capabilities, inside the ground and never outside it', () => {
    let checks = 0;
    for (const actor of actors) {
      const { inside, outside } = groundOf(actor);
      for (const capability of CAPABILITIES) {
        const holds = EXPECTED[actor.role].includes(capability);
        const countyReach = COUNTY_REACH.includes(capability);
        for (const scope of inside) {
          expect(can(actor, capability, scope, org), `${actor.username} ${capability} inside ${JSON.stringify(scope)}`).toBe(holds);
          checks++;
        }
        for (const scope of outside) {
          const sameCounty = scope.countyCode === actor.countyCode;
          // A county-reach capability (filing a report) is allowed anywhere in the actor's own county.
          expect(can(actor, capability, scope, org), `${actor.username} ${capability} outside ${JSON.stringify(scope)}`).toBe(holds && countyReach && sameCounty);
          checks++;
        }
        if (countyReach && actor.countyCode !== null) {
          expect(can(actor, capability, { countyCode: actor.countyCode }, org)).toBe(holds);
          checks++;
        }
      }
    }
    expect(checks).toBeGreaterThan(5000);
  });
});

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const CS = '330822000000';
const HUB = '330822115000'; // 辉埠镇, hub of the 辉埠片区 cluster
const RADIATED = '330822200000'; // 何家乡, radiated from 辉埠镇
const OUTSIDE = '330822111000'; // 球川镇, another cluster's hub
const NANLE_TOWNSHIP = '410923100000';

function pointIn(townshipCode: string): [number, number] {
  const group = featuresAt(townshipCode.slice(0, 6), 'group').find((g) => g.properties.code.startsWith(townshipCode.slice(0, 9)));
  if (!group) throw new Error(`no group in ${townshipCode}`);
  return interiorPoint(group);
}

describe('over REST and socket.io', () => {
  let server: TestServer;
  const incidents = new Map<string, Incident>();
  const sockets: ClientSocket[] = [];
  const representative = actors.filter((a) => a.countyCode === CS || a.username === 'system.admin' || a.username === 'nanle.operator' || a.username === `nanle.twp.${NANLE_TOWNSHIP}`);

  async function report(token: string, townshipCode: string, description: string): Promise<{ status: number; body: any }> {
    const [lon, lat] = pointIn(townshipCode);
    const res = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({ lon, lat, description, source: 'grid-member' }),
    });
    return { status: res.status, body: await res.json() };
  }

  async function connect(username: string): Promise<ClientSocket> {
    const socket: ClientSocket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token: await loginAs(server, username) } });
    sockets.push(socket);
    return socket;
  }

  beforeAll(async () => {
    server = await startTestServer();
    const operator = await loginAs(server, operatorOf(CS));
    for (const township of [HUB, RADIATED, OUTSIDE]) {
      const res = await report(operator, township, `matrix ${township}`);
      expect(res.status).toBe(201);
      const incident = (await (await fetch(`${server.url}/api/v1/incidents/${res.body.id}`, { headers: bearer(operator) })).json()) as Incident;
      incidents.set(township, incident);
    }
    const nanle = await report(await loginAs(server, operatorOf('410923')), NANLE_TOWNSHIP, 'matrix nanle');
    expect(nanle.status).toBe(201);
    incidents.set(NANLE_TOWNSHIP, (await (await fetch(`${server.url}/api/v1/incidents/${nanle.body.id}`, { headers: bearer(await loginAs(server, 'system.admin')) })).json()) as Incident);
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.disconnect();
    await server?.close();
  });

  it('refuses every protected route without a token and keeps the public ones open', async () => {
    for (const path of ['/incidents', `/incidents/${incidents.get(HUB)!.id}`]) expect((await fetch(`${server.url}/api/v1${path}`)).status, path).toBe(401);
    const post = await fetch(`${server.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(post.status).toBe(401);
    for (const path of ['/health', '/counties', `/grids?county=330822&level=township`]) expect((await fetch(`${server.url}/api/v1${path}`)).status, path).toBe(200);
    const [lon, lat] = pointIn(HUB);
    const dry = await fetch(`${server.url}/api/v1/route`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lon, lat }) });
    expect(dry.status).toBe(200);
  });

  it('reads single incidents (200 / 403) and filtered lists exactly as can() decides, with the cluster rule by hand', async () => {
    const seen = new Map<string, string[]>();
    for (const actor of representative) {
      const token = await loginAs(server, actor.username);
      const visible: string[] = [];
      for (const [township, incident] of incidents) {
        const res = await fetch(`${server.url}/api/v1/incidents/${incident.id}`, { headers: bearer(token) });
        const allowed = can(actor, 'case:read', incidentScope(incident), org);
        expect(res.status, `${actor.username} reads ${township}`).toBe(allowed ? 200 : 403);
        if (!allowed) {
          const body = await res.json();
          expect(body.error.code).toBe('FORBIDDEN');
          expect(body.error.message).toContain('case:read');
        } else visible.push(township);
      }
      const list = await fetch(`${server.url}/api/v1/incidents?limit=500`, { headers: bearer(token) });
      if (!EXPECTED[actor.role].includes('case:read')) {
        expect(list.status, actor.username).toBe(403);
        expect(visible).toEqual([]);
      } else {
        expect(list.status, actor.username).toBe(200);
        const ids = ((await list.json()) as { items: Incident[] }).items.map((i) => i.id);
        expect(ids.sort(), actor.username).toEqual(visible.map((t) => incidents.get(t)!.id).sort());
      }
      seen.set(actor.username, visible.sort());
    }
    // The rules in plain words, independent of can():
    expect(seen.get(`changshan.twp.${HUB}`)).toEqual([HUB, RADIATED].sort());
    expect(seen.get(`changshan.twp.${RADIATED}`)).toEqual([RADIATED]);
    expect(seen.get('changshan.operator')).toEqual([HUB, RADIATED, OUTSIDE].sort());
    expect(seen.get('changshan.wall')).toEqual([HUB, RADIATED, OUTSIDE].sort());
    expect(seen.get('changshan.grid')).toEqual([]);
    expect(seen.get('nanle.operator')).toEqual([NANLE_TOWNSHIP]);
    expect(seen.get('system.admin')).toEqual([HUB, RADIATED, OUTSIDE, NANLE_TOWNSHIP].sort());
    // A list asked for another county is empty, not an error.
    const other = await fetch(`${server.url}/api/v1/incidents?county=410923`, { headers: bearer(await loginAs(server, 'changshan.operator')) });
    expect((await other.json()).items).toEqual([]);
  });

  it('files reports in the actor\'s own county only, and only with report:create', async () => {
    for (const actor of representative.filter((a) => a.countyCode === CS)) {
      const token = await loginAs(server, actor.username);
      const inside = await report(token, OUTSIDE, `by ${actor.username}`);
      expect(inside.status, `${actor.username} in 常山`).toBe(EXPECTED[actor.role].includes('report:create') ? 201 : 403);
      const outside = await report(token, NANLE_TOWNSHIP, `by ${actor.username}`);
      expect(outside.status, `${actor.username} in 南乐`).toBe(403);
      expect(outside.body.error.message).toContain('report:create');
    }
  });

  it('joins socket rooms exactly as can() decides', async () => {
    const c = config(CS);
    const requests: Array<{ name: string; request: SubscribeRequest; capability: Capability; scope: Scope }> = [
      { name: 'county room', request: { county: '330822' }, capability: 'case:read', scope: { countyCode: CS } },
      { name: 'wall room', request: { wall: '330822' }, capability: 'wall:view', scope: { countyCode: CS } },
      { name: 'other county room', request: { county: '410923' }, capability: 'case:read', scope: { countyCode: '410923000000' } },
      ...[HUB, RADIATED, OUTSIDE].map((t) => ({ name: `township ${t}`, request: { townships: [t] }, capability: 'case:read' as const, scope: { countyCode: CS, townshipCode: t } })),
      ...[`team-${HUB}`, `team-${RADIATED}`, `team-${OUTSIDE}`, 'dept-330822-market', 'brigade-330822-1'].map((u) => ({ name: `team ${u}`, request: { teams: [u] }, capability: 'case:read' as const, scope: { countyCode: CS, unitId: u } })),
    ];
    expect(c.units.some((u) => u.id === 'dept-330822-market')).toBe(true);
    for (const actor of representative) {
      const socket = await connect(actor.username);
      for (const { name, request, capability, scope } of requests) {
        const answer = await socket.timeout(5000).emitWithAck('session:subscribe', request);
        const allowed = can(actor, capability, scope, org);
        expect(answer.ok, `${actor.username} → ${name}`).toBe(allowed);
        if (!answer.ok) expect(answer.error.code).toBe('FORBIDDEN');
      }
      socket.disconnect();
    }
    // By hand: the hub commander joins the radiated township's room, the radiated commander not the hub's.
    const hub = await connect(`changshan.twp.${HUB}`);
    expect((await hub.timeout(5000).emitWithAck('session:subscribe', { townships: [HUB, RADIATED], teams: [`team-${HUB}`] })).ok).toBe(true);
    const radiated = await connect(`changshan.twp.${RADIATED}`);
    const refused = await radiated.timeout(5000).emitWithAck('session:subscribe', { townships: [RADIATED, HUB] });
    expect(refused).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining(`township:${HUB}`) } });
  });

  it('delivers live events only to the rooms a scope allows', async () => {
    const hub = await connect(`changshan.twp.${HUB}`);
    expect((await hub.timeout(5000).emitWithAck('session:subscribe', { townships: [HUB, RADIATED] })).ok).toBe(true);
    const radiated = await connect(`changshan.twp.${RADIATED}`);
    expect((await radiated.timeout(5000).emitWithAck('session:subscribe', { townships: [RADIATED] })).ok).toBe(true);
    // The county room as the reference (wall rooms get their own batched events).
    const county = await connect('changshan.operator');
    expect((await county.timeout(5000).emitWithAck('session:subscribe', { county: '330822' })).ok).toBe(true);
    const got = new Map<ClientSocket, string[]>([[hub, []], [radiated, []], [county, []]]);
    for (const [socket, list] of got) socket.on('incident:created', (e: IncidentCreatedEvent) => list.push(e.incident.route.township.code));
    const operator = await loginAs(server, operatorOf(CS));
    for (const township of [HUB, RADIATED, OUTSIDE]) expect((await report(operator, township, `live ${township}`)).status).toBe(201);
    const until = Date.now() + 5000;
    while (got.get(county)!.length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200)); // anything misdirected would have arrived by now
    expect(got.get(county)).toEqual([HUB, RADIATED, OUTSIDE]);
    expect(got.get(hub)).toEqual([HUB, RADIATED]);
    expect(got.get(radiated)).toEqual([RADIATED]);
  });
});
