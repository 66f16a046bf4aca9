import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { twoStepAckLadder } from '../../shared/domain/ack-ladder.ts';
import type { IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import type { OfficerRecommendations } from '../../shared/protocol/officers.ts';
import { collect, pointsIn, sessionFor, waitFor, type ClientSocket, type Session } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

/** 南乐县 城关镇: its team has a demo officer account and a township commander. */
const TOWNSHIP = '410923100000';
const TEAM = `team-${TOWNSHIP}`;
const ACK_MS = 1500;

let server: TestServer;
const sockets: ClientSocket[] = [];
let operator: Session;
let commander: Session;
let officer: Session;
let townshipCommander: Session;
let otherTownship: Session;
const points = pointsIn(TOWNSHIP, 6);

beforeAll(async () => {
  // Acknowledge within 1.5 s, county after 3 s: the ladder runs on the real clock over real sockets.
  server = await startTestServer({ ackLadder: twoStepAckLadder(ACK_MS, ACK_MS) });
  operator = sessionFor(server, 'nanle.operator', sockets);
  commander = sessionFor(server, 'nanle.commander', sockets);
  officer = sessionFor(server, `nanle.officer.${TEAM}`, sockets);
  townshipCommander = sessionFor(server, `nanle.twp.${TOWNSHIP}`, sockets);
  otherTownship = sessionFor(server, 'nanle.twp.410923101000', sockets);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
});

async function report(k: number, description: string): Promise<IncidentWithOrdersView> {
  const posted = await operator.call('POST', '/reports', { ...points[k], description, source: 'hotline' });
  expect(posted.status).toBe(201);
  expect(posted.body.route.unit.id).toBe(TEAM);
  return (await operator.call('GET', `/incidents/${posted.body.id}`)).body;
}

async function certifiedAndNot(incidentId: string): Promise<{ certified: string[]; uncertified: string[] }> {
  const ranking = await officer.call('GET', `/incidents/${incidentId}/officer-recommendations`);
  expect(ranking.status).toBe(200);
  const body = ranking.body as OfficerRecommendations;
  return { certified: body.ranked.filter((r) => r.certified).map((r) => r.officer.id), uncertified: body.ranked.filter((r) => !r.certified).map((r) => r.officer.id) };
}

describe('a case from report to closure over real sockets', () => {
  it('is received, dispatched, acknowledged by two certified officers, handled, verified by someone else and closed — every step pushed with its seq', async () => {
    const countySocket = await operator.listen({ county: '410923' });
    const teamSocket = await officer.listen({ teams: [TEAM] });
    const created = collect(teamSocket, 'dispatch:created');
    const countySteps = collect(countySocket, 'case:transitioned');
    const teamAcks = collect(teamSocket, 'dispatch:acknowledged');

    const incident = await report(0, '占道经营，摊位堵塞人行道');
    expect(incident.status).toBe('dispatched');
    expect(incident.case).toMatchObject({ holderId: 'center-410923000000', assigneeId: TEAM, version: 0 });
    expect(incident.orders).toEqual([expect.objectContaining({ unit: expect.objectContaining({ id: TEAM }), status: 'pending', acknowledgedAt: null, officerIds: [] })]);
    await waitFor(() => created.some((e) => e.incident.id === incident.id), 5000, 'dispatch:created');

    // The ranking offers the team's available officers, nearest first, and says why.
    const ranking = (await officer.call('GET', `/incidents/${incident.id}/officer-recommendations`)).body as OfficerRecommendations;
    expect(ranking.unitId).toBe(TEAM);
    const distances = ranking.ranked.map((r) => r.distanceMeters!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(ranking.ranked[0]!.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['distance', 'status']));
    const { certified, uncertified } = await certifiedAndNot(incident.id);
    expect(certified.length).toBeGreaterThanOrEqual(2);
    expect(uncertified.length).toBeGreaterThanOrEqual(1);

    // Fewer than two qualifying officers: refused, nothing stored.
    const one = await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: [certified[0]] });
    expect(one.status).toBe(422);
    expect(one.body.error.code).toBe('TWO_OFFICERS_REQUIRED');
    const withAuxiliary = await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: [certified[0], uncertified[0]] });
    expect(withAuxiliary.status).toBe(422);
    expect(withAuxiliary.body.error.code).toBe('TWO_OFFICERS_REQUIRED');
    expect(withAuxiliary.body.error.issues.map((i: { message: string }) => i.message).join(' ')).toMatch(/执法证/);
    // Another township's commander may not act for this team.
    expect((await otherTownship.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: certified.slice(0, 2) })).status).toBe(403);

    const ack = await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: certified.slice(0, 2) });
    expect(ack.status).toBe(200);
    expect(ack.body.incident.status).toBe('handling');
    expect(ack.body.incident.orders[0]).toMatchObject({ status: 'acknowledged', officerIds: certified.slice(0, 2) });
    await waitFor(() => teamAcks.some((e) => e.incident.id === incident.id), 5000, 'dispatch:acknowledged');

    // Not yet reported: verifying is illegal, and the answer says what is allowed.
    const early = await operator.call('POST', `/incidents/${incident.id}/verify`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('ILLEGAL_TRANSITION');
    expect(early.body.error.allowed).toEqual(['reportResult', 'return', 'transfer', 'reassign', 'urge', 'recall']);

    expect((await officer.call('POST', `/incidents/${incident.id}/report-result`, { reason: '已责令摊主清理，现场恢复通行' })).body.incident.status).toBe('resultReported');
    expect((await operator.call('POST', `/incidents/${incident.id}/verify`, { reason: '回访核实' })).body.incident.status).toBe('verified');
    const closed = await commander.call('POST', `/incidents/${incident.id}/close`, {});
    expect(closed.status).toBe(200);
    expect(closed.body.incident.status).toBe('closed');
    expect((await commander.call('POST', `/incidents/${incident.id}/close`, {})).body.error).toMatchObject({ code: 'ILLEGAL_TRANSITION', allowed: [] });

    // Every step reached the county room, in order, with strictly increasing seqs.
    await waitFor(() => countySteps.filter((e) => e.incident.id === incident.id).length === 4, 5000, 'four case:transitioned');
    const steps = countySteps.filter((e) => e.incident.id === incident.id);
    expect(steps.map((e) => e.event.type)).toEqual(['acknowledge', 'reportResult', 'verify', 'close']);
    expect(steps.map((e) => e.event.actorId)).toEqual([`demo:nanle.officer.${TEAM}`, `demo:nanle.officer.${TEAM}`, 'demo:nanle.operator', 'demo:nanle.commander']);
    const seqs = steps.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(4);

    // The department that sent the lead hears the outcome, once.
    const feedback = await operator.call('POST', `/incidents/${incident.id}/feedback`, { unitId: 'dept-410923-market', reason: '已查处，摊位已清理' });
    expect(feedback.status).toBe(200);
    expect(feedback.body.incident.case.feedbackTo).toEqual(['dept-410923-market']);
    expect((await operator.call('POST', `/incidents/${incident.id}/feedback`, { unitId: 'dept-410923-market', reason: 'again' })).body.error.code).toBe('FEEDBACK_ALREADY_SENT');
  });

  it('escalates an unacknowledged order to the township commander, then the county dispatch center, each step once and live', async () => {
    const townshipSocket = await townshipCommander.listen({ townships: [TOWNSHIP] });
    const countySocket = await operator.listen({ county: '410923' });
    const atTownship = collect(townshipSocket, 'dispatch:escalated');
    const atCounty = collect(countySocket, 'dispatch:escalated');
    const incident = await report(1, '违规倾倒建筑垃圾');
    await waitFor(() => atCounty.filter((e) => e.incident.id === incident.id).length === 2, 3 * ACK_MS + 5000, 'two escalations');
    const mine = atCounty.filter((e) => e.incident.id === incident.id);
    expect(mine.map((e) => e.escalation.level)).toEqual(['townshipCommander', 'countyDispatchCenter']);
    expect(mine.map((e) => e.townshipCode)).toEqual([TOWNSHIP, TOWNSHIP]);
    expect(mine[1]!.seq).toBeGreaterThan(mine[0]!.seq);
    const created = Date.parse(incident.orders[0]!.createdAt);
    expect(Date.parse(mine[0]!.escalation.firedAt) - created).toBeGreaterThanOrEqual(ACK_MS);
    expect(Date.parse(mine[1]!.escalation.firedAt) - created).toBeGreaterThanOrEqual(2 * ACK_MS);
    await waitFor(() => atTownship.filter((e) => e.incident.id === incident.id).length === 2, 2000, 'township room');
    const stored = (await operator.call('GET', `/incidents/${incident.id}`)).body as IncidentWithOrdersView;
    expect(stored.orders[0]!.escalations!.map((e) => e.level)).toEqual(['townshipCommander', 'countyDispatchCenter']);
    // Nothing more fires, and a late acknowledgement still works.
    await new Promise((r) => setTimeout(r, 500));
    expect(atCounty.filter((e) => e.incident.id === incident.id)).toHaveLength(2);
    const { certified } = await certifiedAndNot(incident.id);
    expect((await townshipCommander.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: certified.slice(0, 2) })).status).toBe(200);

    // 办审定分离: the commander who reviewed the case may not also decide it.
    expect((await officer.call('POST', `/incidents/${incident.id}/report-result`, { reason: '已清运' })).status).toBe(200);
    expect((await commander.call('POST', `/incidents/${incident.id}/verify`, {})).status).toBe(200);
    const decide = await commander.call('POST', `/incidents/${incident.id}/close`, {});
    expect(decide.status).toBe(403);
    expect(decide.body.error.code).toBe('SEPARATION_OF_DUTIES');
    expect(decide.body.error.message).toMatch(/办审定分离/);
  }, 20_000);

  it('lets the team send a case back, and the operator re-dispatch it only with two certified officers named', async () => {
    const incident = await report(2, '夜间施工噪音扰民');
    expect((await officer.call('POST', `/incidents/${incident.id}/return`, {})).body.error.code).toBe('REASON_REQUIRED');
    const returned = await officer.call('POST', `/incidents/${incident.id}/return`, { reason: '非本队职责' });
    expect(returned.body.incident).toMatchObject({ status: 'returned', case: { assigneeId: null } });
    expect(returned.body.incident.orders[0].status).toBe('returned');
    // In the dispatch center's queue.
    const queue = (await operator.call('GET', '/incidents?status=returned&county=410923')).body.items.map((i: { id: string }) => i.id);
    expect(queue).toContain(incident.id);

    const { certified } = await certifiedAndNot(incident.id);
    const few = await operator.call('POST', `/incidents/${incident.id}/dispatch`, { officerIds: [certified[0]] });
    expect(few.status).toBe(422);
    expect(few.body.error.code).toBe('TWO_OFFICERS_REQUIRED');
    expect((await operator.call('POST', `/incidents/${incident.id}/dispatch`, {})).body.error.code).toBe('TWO_OFFICERS_REQUIRED');
    // The team may not dispatch: only the holder (the dispatch center) does.
    expect((await officer.call('POST', `/incidents/${incident.id}/dispatch`, { officerIds: certified.slice(0, 2) })).status).toBe(403);
    const dispatched = await operator.call('POST', `/incidents/${incident.id}/dispatch`, { officerIds: certified.slice(0, 2), unitId: TEAM });
    expect(dispatched.status).toBe(200);
    expect(dispatched.body.incident.orders).toHaveLength(2);
    expect(dispatched.body.incident.orders[1]).toMatchObject({ status: 'pending', officerIds: certified.slice(0, 2) });
    // The order already names two officers: acknowledging needs no list.
    const ack = await officer.call('POST', `/incidents/${incident.id}/acknowledge`, {});
    expect(ack.status).toBe(200);
    expect(ack.body.incident.case.officerIds).toEqual(certified.slice(0, 2));

    // A major case goes to the county bureau: it re-opens there, registered, held by the brigade.
    // A team officer has no transfer right (the role table); the township commander acts for the team.
    expect((await officer.call('POST', `/incidents/${incident.id}/transfer`, { transferKind: 'escalateToCounty', unitId: 'brigade-410923-1', reason: '重大' })).status).toBe(403);
    const badTarget = await townshipCommander.call('POST', `/incidents/${incident.id}/transfer`, { transferKind: 'escalateToCounty', unitId: 'dept-410923-market', reason: '重大' });
    expect(badTarget.body.error.code).toBe('INVALID_TRANSFER_TARGET');
    const moved = await townshipCommander.call('POST', `/incidents/${incident.id}/transfer`, { transferKind: 'escalateToCounty', unitId: 'brigade-410923-1', reason: '涉案金额大，简易程序无法处理' });
    expect(moved.status).toBe(200);
    expect(moved.body.incident).toMatchObject({ status: 'registered', case: { holderId: 'brigade-410923-1', assigneeId: null } });
    expect(moved.body.event).toMatchObject({ type: 'transfer', transferKind: 'escalateToCounty', reason: '涉案金额大，简易程序无法处理' });
    expect(moved.body.incident.orders[1].status).toBe('withdrawn');
  });

  it('refuses unknown actions, malformed bodies and unauthenticated calls plainly', async () => {
    const incident = await report(3, '流动摊贩');
    expect((await operator.call('POST', `/incidents/${incident.id}/teleport`, {})).status).toBe(404);
    expect((await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: 'x' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { unitId: TEAM })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await operator.call('POST', '/incidents/00000000-0000-7000-8000-000000000000/register', {})).status).toBe(404);
    const anonymous = await fetch(`${server.url}/api/v1/incidents/${incident.id}/acknowledge`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
  });
});
