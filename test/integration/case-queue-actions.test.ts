import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { twoStepAckLadder } from '../../shared/domain/ack-ladder.ts';
import type { IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import type { DirectoryResponse } from '../../shared/protocol/directory.ts';
import type { QueueCountsResponse } from '../../shared/protocol/incidents.ts';
import type { MeResponse } from '../../shared/protocol/auth.ts';
import type { OfficerRecommendations } from '../../shared/protocol/officers.ts';
import { collect, pointsIn, sessionFor, waitFor, type ClientSocket, type Session } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** 南乐县 城关镇 and its neighbour 元村镇. */
const TOWNSHIP = '410923100000';
const TEAM = `team-${TOWNSHIP}`;
const OTHER_TEAM = 'team-410923101000';
const ACK_MS = 800;

let server: TestServer;
const sockets: ClientSocket[] = [];
let operator: Session;
let officer: Session;
let townshipCommander: Session;
const points = pointsIn(TOWNSHIP, 8);

beforeAll(async () => {
  server = await startTestServer({ ackLadder: twoStepAckLadder(ACK_MS, 60_000) });
  operator = sessionFor(server, 'nanle.operator', sockets);
  officer = sessionFor(server, `nanle.officer.${TEAM}`, sockets);
  townshipCommander = sessionFor(server, `nanle.twp.${TOWNSHIP}`, sockets);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
});

async function report(k: number, description: string, extra: Record<string, unknown> = {}): Promise<IncidentWithOrdersView> {
  const posted = await operator.call('POST', '/reports', { ...points[k], description, source: 'hotline', ...extra });
  expect(posted.status).toBe(201);
  return (await operator.call('GET', `/incidents/${posted.body.id}`)).body;
}

async function twoCertified(session: Session, incidentId: string, unitId?: string): Promise<string[]> {
  const ranking = await session.call('GET', `/incidents/${incidentId}/officer-recommendations${unitId ? `?unitId=${unitId}` : ''}`);
  expect(ranking.status).toBe(200);
  return (ranking.body as OfficerRecommendations).ranked.filter((r) => r.certified).slice(0, 2).map((r) => r.officer.id);
}

/** Every id of a queue, following `next` to the end. */
async function allOf(session: Session, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await session.call('GET', `/incidents?${query}&limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(page.status).toBe(200);
    ids.push(...page.body.items.map((i: { id: string }) => i.id));
    cursor = page.body.next;
  } while (cursor);
  return ids;
}

describe('改派, 催办 and 撤回 are workflow steps of the holder', () => {
  it('urges the team (pushed to it, logged), reassigns to another team with two officers, recalls the order', async () => {
    const teamSocket = await officer.listen({ teams: [TEAM] });
    const teamSteps = collect(teamSocket, 'case:transitioned');
    const incident = await report(0, '占道经营，催办改派撤回');
    expect(incident.status).toBe('dispatched');

    const urged = await operator.call('POST', `/incidents/${incident.id}/urge`, { reason: '请尽快签收' });
    expect(urged.status).toBe(200);
    expect(urged.body.incident.status).toBe('dispatched');
    await waitFor(() => teamSteps.some((s) => s.event.type === 'urge' && s.event.reason === '请尽快签收'), 5000, 'the urge pushed to the team');

    // The team may not urge, reassign or recall its own order.
    expect((await officer.call('POST', `/incidents/${incident.id}/urge`, {})).status).toBe(403);

    const officers = await twoCertified(operator, incident.id);
    const other = await operator.call('GET', `/officers?unitId=${OTHER_TEAM}`);
    const otherOfficers = (other.body.items as { id: string; certificate: unknown }[]).filter((o) => o.certificate).slice(0, 2).map((o) => o.id);
    expect(officers.length).toBe(2);
    const noReason = await operator.call('POST', `/incidents/${incident.id}/reassign`, { unitId: OTHER_TEAM, officerIds: otherOfficers });
    expect(noReason.status).toBe(422);
    const reassigned = await operator.call('POST', `/incidents/${incident.id}/reassign`, { unitId: OTHER_TEAM, officerIds: otherOfficers, reason: '元村镇队伍更近' });
    expect(reassigned.status).toBe(200);
    const after = reassigned.body.incident as IncidentWithOrdersView;
    expect(after.status).toBe('dispatched');
    expect(after.case?.assigneeId).toBe(OTHER_TEAM);
    expect(after.orders.map((o) => o.status)).toEqual(['withdrawn', 'pending']);
    expect(after.orders[1]!.unit.id).toBe(OTHER_TEAM);
    expect(after.orders[1]!.officerIds).toEqual(otherOfficers);
    // The team it left hears about it.
    await waitFor(() => teamSteps.some((s) => s.event.type === 'reassign'), 5000, 'the reassignment pushed to the old team');

    const recalled = await operator.call('POST', `/incidents/${incident.id}/recall`, { reason: '信息有误，收回重派' });
    expect(recalled.status).toBe(200);
    expect(recalled.body.incident.status).toBe('registered');
    expect(recalled.body.incident.case.assigneeId).toBeNull();
    expect(recalled.body.incident.orders.map((o: { status: string }) => o.status)).toEqual(['withdrawn', 'withdrawn']);
    const audit = await operator.call('GET', `/audit?incidentId=${incident.id}&limit=50`);
    const types = audit.body.items.filter((e: { type: string }) => e.type === 'case:transitioned').map((e: { payload: { event: { type: string } } }) => e.payload.event.type);
    expect(types).toEqual(['register', 'dispatch', 'urge', 'reassign', 'recall']);
  });

  it('report-result carries the result form; the two officers present are required', async () => {
    const incident = await report(1, '乱堆乱放，反馈表单');
    const officers = await twoCertified(officer, incident.id);
    expect((await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: officers })).status).toBe(200);
    const one = await officer.call('POST', `/incidents/${incident.id}/report-result`, { result: { found: '堆放建材', done: '已清理', legalStep: 'orderCorrection', attachmentIds: [], officerIds: [officers[0]] } });
    expect(one.status).toBe(400);
    const ok = await officer.call('POST', `/incidents/${incident.id}/report-result`, { reason: '已清理', result: { found: '堆放建材', done: '已清理', legalStep: 'orderCorrection', attachmentIds: [], officerIds: officers } });
    expect(ok.status).toBe(200);
    expect(ok.body.event.result).toMatchObject({ found: '堆放建材', legalStep: 'orderCorrection', officerIds: officers });
  });
});

describe('queue counts and filtered pages agree', () => {
  it('every counter equals the number of cases the filtered list pages through, scoped to the caller', async () => {
    const a = await report(2, '待签收超时', { matterCode: 'CSHJ-001' });
    const b = await report(3, '立即签收');
    await officer.call('POST', `/incidents/${b.id}/acknowledge`, { officerIds: await twoCertified(officer, b.id) });
    const c = await report(4, '退回', { source: 'patrol' });
    await officer.call('POST', `/incidents/${c.id}/return`, { reason: '不属于本队' });
    // Past the 0.8 s acknowledgement deadline, `a` (and the first test's leftovers, if pending) are overdue.
    await waitFor(() => Date.now() - Date.parse(a.receivedAt) > ACK_MS + 100, 5000, 'the ack deadline');

    for (const who of [operator, townshipCommander]) {
      const counts = (await who.call('GET', '/incidents/counts?county=410923')).body as QueueCountsResponse;
      expect(counts.ackWithinMs).toBe(ACK_MS);
      for (const queue of ['all', 'new', 'awaitingAck', 'overdue', 'awaitingReview', 'returned'] as const) {
        const ids = await allOf(who, `county=410923&queue=${queue}`);
        expect(new Set(ids).size, `${who.username} ${queue}`).toBe(ids.length);
        expect(ids.length, `${who.username} ${queue}`).toBe(counts.counts[queue]);
      }
      expect(await allOf(who, 'county=410923&queue=overdue')).toContain(a.id);
      expect(await allOf(who, 'county=410923&queue=returned')).toContain(c.id);
    }
    // Filters by domain, source and township narrow both.
    const byDomain = (await operator.call('GET', '/incidents/counts?county=410923&domain=CSHJ')).body as QueueCountsResponse;
    expect(byDomain.counts.all).toBe(1);
    expect(await allOf(operator, 'county=410923&queue=all&domain=CSHJ')).toEqual([a.id]);
    expect(await allOf(operator, 'county=410923&queue=all&source=patrol')).toEqual([c.id]);
    const elsewhere = (await operator.call('GET', '/incidents/counts?county=410923&township=410923101000')).body as QueueCountsResponse;
    expect(elsewhere.counts.all).toBe(0);
    expect((await operator.call('GET', '/incidents/counts?county=410923&domain=bad')).status).toBe(400);
    // Another county's counters are empty for this operator, not an error.
    expect(((await operator.call('GET', '/incidents/counts?county=371521')).body as QueueCountsResponse).counts.all).toBe(0);
  });
});

describe('names and catalogue search', () => {
  it('the directory names units, officers and accounts; /auth/me says which units the person acts for', async () => {
    const dir = (await officer.call('GET', '/directory?county=410923')).body as DirectoryResponse;
    expect(dir.units.find((u) => u.id === TEAM)?.name).toMatch(/城关镇/);
    expect(dir.officers.filter((o) => o.unitId === TEAM).length).toBeGreaterThanOrEqual(2);
    expect(dir.users.find((u) => u.userId === 'demo:nanle.operator')?.displayName).toBeTruthy();
    expect((await officer.call('GET', '/directory?county=371521')).status).toBe(403);
    const me = (await operator.call('GET', '/auth/me')).body as MeResponse;
    expect(me.scope.actsFor).toContain('center-410923000000');
    const mine = (await officer.call('GET', '/auth/me')).body as MeResponse;
    expect(mine.scope.actsFor).toContain(TEAM);
  });

  it('catalogue entries carry pinyin initials for search', async () => {
    const res = await fetch(`${server.url}/api/v1/public/catalogue?county=410923&township=${TOWNSHIP}`);
    const body = (await res.json()) as { entries: { name: string; initials: string }[] };
    const entry = body.entries.find((e) => e.name.startsWith('生产经营单位'));
    expect(entry?.initials.startsWith('scjydw')).toBe(true);
  });
});
