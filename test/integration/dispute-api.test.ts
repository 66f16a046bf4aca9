import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/protocol/audit.ts';
import type { IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import type { DisputeView } from '../../shared/protocol/disputes.ts';
import type { OfficerRecommendations } from '../../shared/protocol/officers.ts';
import { collect, pointsIn, sessionFor, waitFor, type ClientSocket, type Session } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const TOWNSHIP = '410923100000';
const TEAM = `team-${TOWNSHIP}`;
const NEIGHBOUR = 'team-410923101000';
/** Monday 2 March 2026, 10:00 in Shanghai. */
const T0 = Date.parse('2026-03-02T02:00:00Z');

const clock = { ms: T0 };
const dataDir = mkdtempSync(join(tmpdir(), 'gd-dispute-'));
let server: TestServer;
const sockets: ClientSocket[] = [];
let operator: Session;
let officer: Session;
let neighbour: Session;

async function start(): Promise<void> {
  server = await startTestServer({ dataDir, now: () => new Date(clock.ms) });
  operator = sessionFor(server, 'nanle.operator', sockets);
  officer = sessionFor(server, `nanle.officer.${TEAM}`, sockets);
  neighbour = sessionFor(server, 'nanle.twp.410923101000', sockets);
}

beforeAll(start);
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function report(k: number): Promise<string> {
  const posted = await operator.call('POST', '/reports', { ...pointsIn(TOWNSHIP, 3)[k], description: `边界处违法搭建 ${k}`, source: 'grid-member' });
  expect(posted.body.route.unit.id).toBe(TEAM);
  return posted.body.id;
}

describe('确权: jurisdiction disputes over the API', () => {
  let caseId = '';
  let disputeId = '';

  it('lets the assigned team dispute the routing: the case returns to the dispatch center and the dispute waits for a decision', async () => {
    const county = await operator.listen({ county: '410923' });
    const raised = collect(county, 'dispute:raised');
    const steps = collect(county, 'case:transitioned');
    caseId = await report(0);
    expect((await officer.call('POST', `/incidents/${caseId}/disputes`, { claim: '' })).status).toBe(400);
    const answer = await officer.call('POST', `/incidents/${caseId}/disputes`, { claim: '该点位于韩张镇辖区，不属本镇', proposedUnitId: NEIGHBOUR });
    expect(answer.status).toBe(201);
    const view = answer.body as DisputeView & { seq: number };
    disputeId = view.dispute.id;
    expect(view.dispute).toMatchObject({ caseId, routedUnitId: TEAM, proposedUnitId: NEIGHBOUR, coordinatorUnitId: 'center-410923000000', raisedBy: { unitId: TEAM, kind: 'team' }, decision: null });
    expect(view.status).toMatchObject({ state: 'pending', dueDate: '2026-03-05' });
    const incident = (await operator.call('GET', `/incidents/${caseId}`)).body as IncidentWithOrdersView;
    expect(incident).toMatchObject({ status: 'returned', case: { assigneeId: null } });
    await waitFor(() => raised.some((e) => e.dispute.id === disputeId) && steps.some((e) => e.incident.id === caseId), 5000, 'dispute:raised');
    expect(steps.find((e) => e.incident.id === caseId)!.event).toMatchObject({ type: 'return', reason: expect.stringContaining('确权') });
    expect((await officer.call('POST', `/incidents/${caseId}/disputes`, { claim: 'again' })).body.error.code).toBe('DISPUTE_OPEN');
  });

  it('is decided by the county coordination center only, and the decision re-routes the case to the unit it names', async () => {
    const county = await operator.listen({ county: '410923' });
    const neighbourRoom = await neighbour.listen({ teams: [NEIGHBOUR] });
    const decided = collect(county, 'dispute:decided');
    const orders = collect(neighbourRoom, 'dispatch:created');
    expect((await neighbour.call('POST', `/disputes/${disputeId}/decision`, { responsibleUnitId: NEIGHBOUR, reason: '自认' })).status).toBe(403);
    expect((await officer.call('POST', `/disputes/${disputeId}/decision`, { responsibleUnitId: TEAM, reason: '自认' })).status).toBe(403);
    expect((await operator.call('POST', `/disputes/${disputeId}/decision`, { responsibleUnitId: 'nowhere-1', reason: 'x' })).body.error.code).toBe('UNKNOWN_UNIT');
    clock.ms = T0 + 3_600_000;
    const decision = await operator.call('POST', `/disputes/${disputeId}/decision`, { responsibleUnitId: NEIGHBOUR, reason: '经现场核实，点位在韩张镇界内' });
    expect(decision.status).toBe(200);
    expect(decision.body.dispute.decision).toMatchObject({ responsibleUnitId: NEIGHBOUR, deciderId: 'demo:nanle.operator', reason: '经现场核实，点位在韩张镇界内' });
    expect(decision.body.status).toMatchObject({ state: 'decided', responsibleUnitId: NEIGHBOUR });
    const incident = (await operator.call('GET', `/incidents/${caseId}`)).body as IncidentWithOrdersView;
    expect(incident).toMatchObject({ status: 'dispatched', case: { assigneeId: NEIGHBOUR } });
    expect(incident.orders.map((o) => [o.unit.id, o.status])).toEqual([
      [TEAM, 'returned'],
      [NEIGHBOUR, 'pending'],
    ]);
    await waitFor(() => decided.some((e) => e.dispute.id === disputeId) && orders.some((e) => e.incident.id === caseId), 5000, 'decision pushed');
    expect((await operator.call('POST', `/disputes/${disputeId}/decision`, { responsibleUnitId: TEAM, reason: 'again' })).body.error.code).toBe('ALREADY_DECIDED');
    // The decided unit works the case: its township commander acknowledges with two of its officers.
    const ranking = (await neighbour.call('GET', `/incidents/${caseId}/officer-recommendations`)).body as OfficerRecommendations;
    expect(ranking.unitId).toBe(NEIGHBOUR);
    const two = ranking.ranked.filter((r) => r.certified).slice(0, 2).map((r) => r.officer.id);
    expect((await neighbour.call('POST', `/incidents/${caseId}/acknowledge`, { officerIds: two })).body.incident.status).toBe('handling');
    // The whole story is in the audit trail.
    const trail = ((await operator.call('GET', `/audit?incidentId=${caseId}`)).body.items as AuditEntry[]).map((e) => e.type);
    expect(trail).toEqual(expect.arrayContaining(['dispute:raised', 'dispute:decided']));
    expect(trail.indexOf('dispute:decided')).toBeGreaterThan(trail.indexOf('dispute:raised'));
  });

  it('flags a dispute undecided past its working-day deadline as overdue, once, after a restart', async () => {
    const second = await report(1);
    const raised = await officer.call('POST', `/incidents/${second}/disputes`, { claim: '不属本镇' });
    expect(raised.status).toBe(201);
    await server.close();
    clock.ms = Date.parse('2026-03-10T09:00:00+08:00');
    await start();
    let overdue: DisputeView[] = [];
    for (let i = 0; i < 100 && overdue.length === 0; i++) {
      overdue = ((await operator.call('GET', '/disputes?open=true')).body.items as DisputeView[]).filter((v) => v.status.state === 'overdue');
      if (overdue.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(overdue.map((v) => v.dispute.caseId)).toEqual([second]);
    let flags: AuditEntry[] = [];
    for (let i = 0; i < 100 && flags.length === 0; i++) {
      flags = ((await operator.call('GET', `/audit?incidentId=${second}`)).body.items as AuditEntry[]).filter((e) => e.type === 'dispute:overdue');
      if (flags.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(flags).toHaveLength(1);
    expect((await operator.call('GET', `/disputes?caseId=${caseId}`)).body.items[0].status.state).toBe('decided');
  });
});
