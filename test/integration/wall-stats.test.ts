// GET /api/v1/stats/wall against the acknowledgement ladder running on a hand-moved clock: the
// 签收超时/升级 and 超期 tiles count exactly the open cases past their limits, however old.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallSnapshot } from '../../shared/protocol/stats.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { ManualTime } from '../helpers/manual-time.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { pointsByTownship, postReport } from '../e2e/report-seeding.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// A Tuesday morning in Shanghai.
const T0 = Date.parse('2026-03-03T02:00:00Z');

describe('wall snapshot: escalated and overdue', () => {
  const time = new ManualTime(T0 - 40 * DAY);
  let server: TestServer;
  let operator: string;
  let wall: string;

  beforeAll(async () => {
    server = await startTestServer({ now: time.now, scheduler: time });
    operator = await loginAs(server, 'nanle.operator');
    wall = await loginAs(server, 'nanle.wall');
  });
  afterAll(async () => {
    await server?.close();
  });

  async function snapshot(): Promise<WallSnapshot> {
    const res = await fetch(`${server.url}/api/v1/stats/wall?county=410923`, { headers: bearer(wall) });
    expect(res.status).toBe(200);
    return (await res.json()) as WallSnapshot;
  }

  it('counts 400 escalated cases on the escalated tile, and an open case from 40 days ago as overdue', async () => {
    const points = [...(await pointsByTownship(server.url, '410923')).values()].flat();
    // 40 days ago: never acknowledged, never closed.
    await postReport(server.url, operator, points[0]!, { matterCode: 'CSHJ-001' });
    time.advanceTo(T0);
    for (let i = 0; i < 400; i += 8) {
      await Promise.all(Array.from({ length: 8 }, (_, k) => postReport(server.url, operator, points[(i + k) * 3 % points.length]!, { matterCode: 'CSHJ-001' })));
    }
    let before = await snapshot();
    expect(before.kpis.escalatedOpen).toBe(1);
    expect(before.kpis.overdueOpen).toBe(1);
    // Past the 5-minute acknowledgement limit: the ladder escalates all 400 to the township commanders.
    time.advanceTo(T0 + 6 * MINUTE);
    await expect.poll(async () => (await snapshot()).kpis.escalatedOpen, { timeout: 20_000 }).toBe(401);
    before = await snapshot();
    expect(before.kpis.overdueOpen).toBe(1);
    expect(before.townships.reduce((n, t) => n + t.escalated, 0)).toBe(401);
    expect(before.townships.some((t) => t.status === 'escalated')).toBe(true);
    // Six working days later, none closed: all past their closing deadline too.
    time.advanceTo(T0 + 8 * DAY);
    await expect.poll(async () => (await snapshot()).kpis.overdueOpen, { timeout: 20_000 }).toBe(401);
  }, 120_000);
});
