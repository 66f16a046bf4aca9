/**
 * Who holds, who reviews (审), who decides and closes (定) — per seed county, as its document says,
 * through the HTTP API with that county's demo accounts:
 * - 南乐 (seeds/000): a devolved matter is held and closed by the township brigade's own roles; 渣土车/
 *   油烟 stay with 一大队; a major case goes to the bureau by the same rule routing uses.
 * - 常山 (seeds/002): townships enforce in their own name; on radiated ground the hub township holds.
 * - 嵩县 车村镇 (seeds/004): the town office is the command platform; its squadrons work the case.
 * - 阳谷 (seeds/001): no devolution; the bureau's 市政管理 and a department's matter are held there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficerRecommendations } from '../../shared/protocol/officers.ts';
import type { IncidentWithOrdersView } from '../../shared/protocol/cases.ts';
import { pointsIn, sessionFor, type ClientSocket, type Session } from '../helpers/case-flow.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'gd-held-'));
let server: TestServer;
const sockets: ClientSocket[] = [];
const as = (username: string): Session => sessionFor(server, username, sockets);

beforeAll(async () => {
  server = await startTestServer({ dataDir });
});
afterAll(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function file(reporter: Session, townshipCode: string, k: number, matterCode: string): Promise<IncidentWithOrdersView> {
  const posted = await reporter.call('POST', '/reports', { ...pointsIn(townshipCode, k + 1)[k], matterCode, description: `事项 ${matterCode}`, source: 'hotline' });
  expect(posted.status, JSON.stringify(posted.body)).toBe(201);
  return (await reporter.call('GET', `/incidents/${posted.body.id}`)).body;
}

/** The assigned unit's officer acknowledges with two certified officers and reports the result. */
async function handle(officer: Session, incident: IncidentWithOrdersView): Promise<void> {
  const ranking = (await officer.call('GET', `/incidents/${incident.id}/officer-recommendations`)).body as OfficerRecommendations;
  const certified = ranking.ranked.filter((r) => r.certified).map((r) => r.officer.id);
  const ack = await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: certified.slice(0, 2) });
  expect(ack.status, JSON.stringify(ack.body)).toBe(200);
  expect((await officer.call('POST', `/incidents/${incident.id}/report-result`, { reason: '已责令改正，现场恢复' })).status).toBe(200);
}

/** 审 by `reviewer`, 定 by `decider`; `notReviewer`/`notDecider` are refused. */
async function reviewAndClose(incident: IncidentWithOrdersView, who: { reviewer: Session; decider: Session; refused: Session[] }): Promise<void> {
  for (const other of who.refused) expect((await other.call('POST', `/incidents/${incident.id}/verify`, {})).status).toBe(403);
  const verified = await who.reviewer.call('POST', `/incidents/${incident.id}/verify`, { reason: '审核通过' });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  for (const other of who.refused) expect((await other.call('POST', `/incidents/${incident.id}/close`, {})).status).toBe(403);
  const closed = await who.decider.call('POST', `/incidents/${incident.id}/close`, {});
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
  expect(closed.body.incident.status).toBe('closed');
}

describe('南乐县: township brigades hold devolved matters; 一大队 keeps 渣土车 and 油烟', () => {
  const TOWNSHIP = '410923100000';
  const TEAM = `team-${TOWNSHIP}`;

  it('占道经营 (devolved): held by 城关镇, reviewed by its legal reviewer, decided and closed by its leader; the county sees it', async () => {
    const operator = as('nanle.operator');
    const incident = await file(operator, TOWNSHIP, 0, 'CSHJ-001');
    expect(incident.case).toMatchObject({ holderId: TEAM, assigneeId: TEAM });
    await handle(as(`nanle.officer.${TEAM}`), incident);
    await reviewAndClose(incident, {
      reviewer: as(`nanle.reviewer.${TOWNSHIP}`),
      decider: as(`nanle.leader.${TOWNSHIP}`),
      refused: [operator, as(`nanle.twp.${TOWNSHIP}`), as('nanle.twp.410923101000')],
    });
    // The county center still sees (and could supervise) the closed case.
    expect((await operator.call('GET', `/incidents/${incident.id}`)).body.status).toBe('closed');
  });

  it('餐饮油烟 (not devolved): held by 一大队, reviewed by the county operator and closed by the county commander', async () => {
    const incident = await file(as('nanle.operator'), TOWNSHIP, 1, 'STHJ-001');
    expect(incident.case?.holderId).toBe('brigade-410923-1');
    expect(incident.case?.assigneeId).toBe('brigade-410923-1');
    // The holder's steps are the county's: the township commander may not urge it, the operator (for 一大队) may.
    const refused = await as(`nanle.twp.${TOWNSHIP}`).call('POST', `/incidents/${incident.id}/urge`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('WRONG_UNIT');
    expect((await as('nanle.operator').call('POST', `/incidents/${incident.id}/urge`, {})).status).toBe(200);
  });

  it('a major case goes where the one major-case rule says, for routing and for 移交 alike', async () => {
    const routed = await as('nanle.operator').call('POST', '/route', { lon: pointsIn(TOWNSHIP, 3)[2]!.lon, lat: pointsIn(TOWNSHIP, 3)[2]!.lat, matterCode: 'CSHJ-001', major: true });
    expect(routed.status, JSON.stringify(routed.body)).toBe(200);
    expect(routed.body.route.unit.id).toBe('brigade-410923-1');
    const incident = await file(as('nanle.operator'), TOWNSHIP, 2, 'CSHJ-001');
    const officer = as(`nanle.officer.${TEAM}`);
    const ranking = (await officer.call('GET', `/incidents/${incident.id}/officer-recommendations`)).body as OfficerRecommendations;
    await officer.call('POST', `/incidents/${incident.id}/acknowledge`, { officerIds: ranking.ranked.filter((r) => r.certified).slice(0, 2).map((r) => r.officer.id) });
    const commander = as(`nanle.twp.${TOWNSHIP}`);
    const wrong = await commander.call('POST', `/incidents/${incident.id}/transfer`, { transferKind: 'escalateToCounty', unitId: 'brigade-410923-2', reason: '涉嫌重大违法' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe('INVALID_TRANSFER_TARGET');
    const moved = await commander.call('POST', `/incidents/${incident.id}/transfer`, { transferKind: 'escalateToCounty', unitId: 'brigade-410923-1', reason: '涉嫌重大违法' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.incident.case).toMatchObject({ holderId: 'brigade-410923-1', assigneeId: null });
  });
});

describe('常山县: on radiated ground the hub township holds, in its own name', () => {
  it('a devolved matter in 何家乡 is held by 辉埠镇, reviewed and closed by 辉埠镇’s roles', async () => {
    const HUB = '330822115000';
    const incident = await file(as('changshan.operator'), '330822200000', 0, 'CSHJ-001');
    expect(incident.case).toMatchObject({ holderId: `team-${HUB}`, assigneeId: `team-${HUB}` });
    await handle(as(`changshan.officer.team-${HUB}`), incident);
    await reviewAndClose(incident, { reviewer: as(`changshan.reviewer.${HUB}`), decider: as(`changshan.leader.${HUB}`), refused: [as('changshan.operator')] });
  });

  it('a matter the county keeps (食品, 市场监管) is held and closed by the department’s own roles', async () => {
    const incident = await file(as('changshan.operator'), '330822115000', 1, 'GSGL-003');
    expect(incident.case?.holderId).toBe('dept-330822-market');
    expect(incident.case?.assigneeId).toMatch(/^(dept|station)-330822/);
    // The township's commander is not the holder; the department's liaison is.
    expect((await as('changshan.twp.330822115000').call('POST', `/incidents/${incident.id}/urge`, {})).status).toBe(403);
    expect((await as('changshan.liaison.market').call('GET', `/incidents/${incident.id}`)).status).toBe(200);
  });
});

describe('嵩县 车村镇: the town office commands, its squadrons work, the town decides', () => {
  it('a devolved matter is held by 车村镇 and closed by its own roles', async () => {
    const TOWN = '410325103000';
    const incident = await file(as('songxian.operator'), TOWN, 0, 'CSLH-001');
    expect(incident.case?.holderId).toBe(`team-${TOWN}`);
    const assignee = incident.case!.assigneeId!;
    expect(assignee).toMatch(/^squadron-410325103000-[123]$/);
    await handle(as(`songxian.officer.${assignee}`), incident);
    await reviewAndClose(incident, { reviewer: as(`songxian.reviewer.${TOWN}`), decider: as(`songxian.leader.${TOWN}`), refused: [as(`songxian.twp.${TOWN}`)] });
  });

  it('another 嵩县 township (not devolved) leaves the matter with the county', async () => {
    const incident = await file(as('songxian.operator'), '410325100000', 1, 'CSLH-001');
    expect(incident.case?.holderId).toBe('brigade-410325-1');
  });
});

describe('阳谷县: no devolution; the bureau keeps 市政管理, the departments their own matters', () => {
  it('市政 is held by the bureau brigade, food by the market-supervision team', async () => {
    const operator = as('yanggu.operator');
    const municipal = await file(operator, '371521106000', 0, 'SZGY-001');
    expect(municipal.case?.holderId).toBe('brigade-371521');
    const food = await file(operator, '371521106000', 1, 'GSGL-003');
    // Worked by the township's 市场监管所, held by the 局 the station belongs to.
    expect(food.case?.holderId).toBe('dept-371521-market');
    // 阳谷's townships have no legal reviewer: the account type does not exist there.
    expect((await operator.call('GET', '/demo/accounts')).body.items?.some?.((a: { username: string }) => a.username.startsWith('yanggu.reviewer.3715'))).not.toBe(true);
  });
});
