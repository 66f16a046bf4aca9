import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/protocol/audit.ts';
import type { CollaborationView } from '../../shared/protocol/collaborations.ts';
import { collect, pointsIn, sessionFor, waitFor, type ClientSocket, type Session } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// 阳谷 (seeds/001) sets the 3-working-day reply: 「县级业务主管部门自收到执法协作文书后3个工作日内书面反馈」.
const TOWNSHIP = '371521001000';
const MARKET = 'dept-371521-market';
/** Tuesday 30 September 2025, 10:00 in Shanghai: the National Day holiday starts the next day. */
const T0 = Date.parse('2025-09-30T02:00:00Z');
const DAY = 86_400_000;

const clock = { ms: T0 };
const dataDir = mkdtempSync(join(tmpdir(), 'gd-collab-'));
let server: TestServer;
const sockets: ClientSocket[] = [];
let township: Session;
let liaison: Session;
let operator: Session;

async function start(): Promise<void> {
  server = await startTestServer({ dataDir, now: () => new Date(clock.ms) });
  township = sessionFor(server, `yanggu.twp.${TOWNSHIP}`, sockets);
  liaison = sessionFor(server, 'yanggu.liaison.market', sockets);
  operator = sessionFor(server, 'yanggu.operator', sockets);
}

beforeAll(start);
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('乡呼县应: collaboration requests over the API', () => {
  let answeredId = '';
  let openId = '';
  let caseId = '';

  it('lets a township ask a county department; due in 3 working days, counted over the holiday and its make-up day', async () => {
    const department = await liaison.listen({ teams: [MARKET] });
    const requested = collect(department, 'collaboration:requested');
    caseId = (await operator.call('POST', '/reports', { ...pointsIn(TOWNSHIP, 1)[0], description: '疑似销售过期食品', source: 'hotline' })).body.id;
    const asked = await township.call('POST', '/collaborations', { caseId, kind: 'finding', toUnitId: MARKET, question: '请对涉案食品是否过期作出认定' });
    expect(asked.status).toBe(201);
    const view = asked.body as CollaborationView & { seq: number };
    answeredId = view.request.id;
    expect(view.request).toMatchObject({ caseId, kind: 'finding', fromUnitId: `team-${TOWNSHIP}`, toUnitId: MARKET, answeredAt: null, version: 1 });
    expect(view.status).toMatchObject({ state: 'requested', dueDate: '2025-10-11', workingDaysLeft: 3 });
    const calendar = await (await fetch(`${server.url}/api/v1/calendar/add-working-days?from=2025-09-30&days=3`)).json();
    expect(calendar.date).toBe(view.status.dueDate);
    await waitFor(() => requested.some((e) => e.request.id === answeredId), 5000, 'collaboration:requested');
    expect(requested.find((e) => e.request.id === answeredId)!.seq).toBe(view.seq);

    const second = await township.call('POST', '/collaborations', { kind: 'consultation', toUnitId: MARKET, question: '咨询：无照经营的认定标准' });
    openId = second.body.request.id;
    expect(second.body.request.caseId).toBeNull();
  });

  it('refuses requests from roles that may not ask, to units that are not county departments, or malformed', async () => {
    const officer = sessionFor(server, 'yanggu.officer.team-371521001000', sockets);
    expect((await officer.call('POST', '/collaborations', { kind: 'finding', toUnitId: MARKET, question: '?' })).status).toBe(403);
    expect((await township.call('POST', '/collaborations', { kind: 'finding', toUnitId: 'team-371521002000', question: '?' })).body.error.code).toBe('UNKNOWN_UNIT');
    expect((await township.call('POST', '/collaborations', { kind: 'verdict', toUnitId: MARKET, question: '?' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await township.call('POST', '/collaborations', { kind: 'finding', toUnitId: MARKET, question: '' })).status).toBe(400);
  });

  it('takes the department’s written answer once, from the department only', async () => {
    const requester = await township.listen({ townships: [TOWNSHIP] });
    const answered = collect(requester, 'collaboration:answered');
    clock.ms = T0 + 2 * DAY;
    expect((await operator.call('POST', `/collaborations/${answeredId}/answer`, { answer: '属实' })).status).toBe(403);
    const answer = await liaison.call('POST', `/collaborations/${answeredId}/answer`, { answer: '经检验，涉案食品已过保质期，认定属实' });
    expect(answer.status).toBe(200);
    expect(answer.body.status).toMatchObject({ state: 'answered', late: false });
    expect(answer.body.request.answer).toMatchObject({ text: '经检验，涉案食品已过保质期，认定属实', userId: 'demo:yanggu.liaison.market', unitId: MARKET });
    await waitFor(() => answered.some((e) => e.request.id === answeredId), 5000, 'collaboration:answered');
    expect((await liaison.call('POST', `/collaborations/${answeredId}/answer`, { answer: 'again' })).body.error.code).toBe('ALREADY_ANSWERED');
    const listed = (await liaison.call('GET', '/collaborations')).body.items as CollaborationView[];
    expect(listed.map((v) => [v.request.id, v.status.state])).toEqual([
      [answeredId, 'answered'],
      [openId, 'requested'],
    ]);
    expect((await sessionFor(server, 'yanggu.twp.371521002000', sockets).call('GET', '/collaborations')).body.items).toEqual([]);
    expect((await township.call('GET', `/collaborations?caseId=${caseId}`)).body.items).toHaveLength(1);
  });

  it('flags an unanswered request overdue after its deadline, once, across restarts', async () => {
    await server.close();
    clock.ms = Date.parse('2025-10-12T00:30:00+08:00'); // the day after the due date
    await start();
    const overdueLog = async () =>
      ((await operator.call('GET', '/audit?limit=500')).body.items as AuditEntry[]).filter((e) => e.type === 'collaboration:overdue');
    let flagged: AuditEntry[] = [];
    for (let i = 0; i < 100 && flagged.length === 0; i++) {
      flagged = await overdueLog();
      if (flagged.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(flagged.map((e) => (e.payload as { requestId: string }).requestId)).toEqual([openId]);
    const open = (await township.call('GET', '/collaborations?open=true')).body.items as CollaborationView[];
    expect(open.map((v) => [v.request.id, v.status.state])).toEqual([[openId, 'overdue']]);
    // Another restart: the flag is not raised again.
    await server.close();
    await start();
    await new Promise((r) => setTimeout(r, 300));
    expect(await overdueLog()).toHaveLength(1);
    // Answering late is still possible, and says so.
    expect((await liaison.call('POST', `/collaborations/${openId}/answer`, { answer: '迟复' })).body.status).toMatchObject({ state: 'answered', late: true });
  });

  it('sets no reply deadline where the county document sets none (南乐), so nothing there is ever overdue', async () => {
    const nanleTownship = sessionFor(server, 'nanle.twp.410923100000', sockets);
    const asked = await nanleTownship.call('POST', '/collaborations', { kind: 'finding', toUnitId: 'dept-410923-market', question: '请认定' });
    expect(asked.status).toBe(201);
    expect(asked.body.request.workingDays).toBeNull();
    expect(asked.body.status).toMatchObject({ state: 'requested', dueDate: null, dueAt: null });
    clock.ms += 60 * DAY;
    const later = (await nanleTownship.call('GET', '/collaborations')).body.items as CollaborationView[];
    expect(later.map((v) => v.status.state)).toEqual(['requested']);
  });
});
