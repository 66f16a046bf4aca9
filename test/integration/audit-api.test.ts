import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/protocol/audit.ts';
import type { OfficerRecommendations } from '../../shared/protocol/officers.ts';
import { pointsIn, sessionFor, type ClientSocket, type Session } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const TOWNSHIP = '410923100000';
const TEAM = `team-${TOWNSHIP}`;
const OFFICER_USER = `demo:nanle.officer.${TEAM}`;

let server: TestServer;
const sockets: ClientSocket[] = [];
let operator: Session;
let officer: Session;
let incidentId = '';
let afterReport = '';

beforeAll(async () => {
  server = await startTestServer();
  operator = sessionFor(server, 'nanle.operator', sockets);
  officer = sessionFor(server, `nanle.officer.${TEAM}`, sockets);
  const posted = await operator.call('POST', '/reports', { ...pointsIn(TOWNSHIP, 1)[0], description: '占道堆放', source: 'patrol' });
  incidentId = posted.body.id;
  await new Promise((r) => setTimeout(r, 5));
  afterReport = new Date().toISOString();
  const ranking = (await officer.call('GET', `/incidents/${incidentId}/officer-recommendations`)).body as OfficerRecommendations;
  const two = ranking.ranked.filter((r) => r.certified).slice(0, 2).map((r) => r.officer.id);
  expect((await officer.call('POST', `/incidents/${incidentId}/acknowledge`, { officerIds: two })).status).toBe(200);
  expect((await officer.call('POST', `/incidents/${incidentId}/report-result`, { reason: '已清理' })).status).toBe(200);
});
afterAll(async () => {
  await server?.close();
});

async function audit(session: Session, query: string): Promise<{ status: number; body: any }> {
  return session.call('GET', `/audit?${query}`);
}

describe('GET /api/v1/audit', () => {
  it('lists every action on a case in order: who, when, what and why', async () => {
    const { status, body } = await audit(operator, `incidentId=${incidentId}`);
    expect(status).toBe(200);
    const items = body.items as AuditEntry[];
    const steps = items.map((e) => [e.type, (e.payload as { event?: { type: string } }).event?.type ?? null]);
    expect(steps).toEqual([
      ['incident:created', null],
      ['case:transitioned', 'register'],
      ['case:transitioned', 'dispatch'],
      ['dispatch:created', null],
      ['case:transitioned', 'acknowledge'],
      ['dispatch:acknowledged', null],
      ['case:transitioned', 'reportResult'],
    ]);
    const seqs = items.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const reported = items[6]!.payload as { actor: { userId: string; unitId: string }; event: { reason: string; at: string } };
    expect(reported.actor).toMatchObject({ userId: OFFICER_USER, unitId: TEAM });
    expect(reported.event.reason).toBe('已清理');
    expect((items[1]!.payload as { actor: { userId: string } }).actor.userId).toBe('system');
    expect(body.next).toBeNull();
  });

  it('filters by user and time, and pages with `after`', async () => {
    const byOfficer = (await audit(operator, `userId=${encodeURIComponent(OFFICER_USER)}`)).body.items as AuditEntry[];
    expect(byOfficer.map((e) => e.type)).toEqual(['case:transitioned', 'dispatch:acknowledged', 'case:transitioned']);
    const later = (await audit(operator, `incidentId=${incidentId}&from=${encodeURIComponent(afterReport)}`)).body.items as AuditEntry[];
    expect(later).toHaveLength(3);
    const earlier = (await audit(operator, `incidentId=${incidentId}&to=${encodeURIComponent(afterReport)}`)).body.items as AuditEntry[];
    expect(earlier).toHaveLength(4);
    const first = (await audit(operator, `incidentId=${incidentId}&limit=3`)).body;
    expect(first.items).toHaveLength(3);
    expect(first.next).toBe(first.items[2].seq);
    const rest = (await audit(operator, `incidentId=${incidentId}&limit=10&after=${first.next}`)).body.items as AuditEntry[];
    expect(rest.map((e) => e.seq)).toEqual([...((await audit(operator, `incidentId=${incidentId}`)).body.items as AuditEntry[]).slice(3).map((e) => e.seq)]);
  });

  it('is for county-wide roles of the county only, and refuses bad queries', async () => {
    expect((await audit(officer, `incidentId=${incidentId}`)).status).toBe(403);
    const elsewhere = await audit(sessionFor(server, 'yanggu.operator', sockets), `incidentId=${incidentId}`);
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items).toEqual([]);
    expect((await audit(sessionFor(server, 'system.admin', sockets), `incidentId=${incidentId}`)).body.items).toHaveLength(7);
    expect((await audit(operator, 'limit=0')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await audit(operator, 'from=yesterday')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await audit(operator, 'incidentId=x')).body.error.code).toBe('VALIDATION_FAILED');
    expect((await fetch(`${server.url}/api/v1/audit`)).status).toBe(401);
  });
});
