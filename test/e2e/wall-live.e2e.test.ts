// The command-hall wall as it is used: signed in on the page with the wall account (no token in the
// address), left alone. It goes live at once, shows a report live (latency recorded), rides out a server
// restart by itself, and its escalated/overdue tiles say what GET /api/v1/stats/wall says.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WallSnapshot } from '../../shared/protocol/stats.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { ManualTime } from '../helpers/manual-time.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { SHOTS_DIR, startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { watchPage } from './page-watch.ts';
import { pointsByTownship, postReport } from './report-seeding.ts';
import { signInAt } from './sign-in.ts';

const COUNTY = '410923';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function kpi(page: Page, key: string): Promise<string> {
  return ((await page.textContent(`[data-testid="kpi-${key}"] .wall-kpi-value`)) ?? '').trim();
}

/** Records, in the page, when each ticker line first appeared (page clock, ms since epoch). */
async function watchTicker(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, number> = {};
    (window as unknown as { __tickerSeen: Record<string, number> }).__tickerSeen = seen;
    const note = () => {
      for (const li of document.querySelectorAll<HTMLElement>('[data-testid="wall-ticker"] li[data-incident-id]')) seen[li.dataset.incidentId!] ??= Date.now();
    };
    note();
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
  });
}

async function tickerSeenAt(page: Page, id: string): Promise<number> {
  await page.locator(`[data-testid="wall-ticker"] li[data-incident-id="${id}"]`).waitFor({ timeout: 30_000 });
  return page.evaluate((incident) => (window as unknown as { __tickerSeen: Record<string, number> }).__tickerSeen[incident]!, id);
}

describe.skipIf(!browserTestsEnabled())('wall signed in on the page: live at once, unattended through a server restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gd-wall-live-'));
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let operator: string;
  let points: [number, number][];

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack({ dataDir }));
    operator = await loginAs(server, 'nanle.operator');
    points = [...(await pointsByTownship(server.url, COUNTY)).values()].flat();
  });
  afterAll(async () => {
    await context?.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('goes live as soon as the wall account signs in, shows a report live, and catches up after a server restart', async () => {
    context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const watch = await watchPage(page);
    await signInAt(page, server.url, `/wall?county=${COUNTY}`, 'nanle.wall');
    // No reload: the feed starts with the session.
    await page.waitForSelector('[data-testid="wall"][data-connected="true"]', { timeout: 30_000 });
    expect(await page.locator('.wall-banner').count()).toBe(0);
    await expect.poll(() => kpi(page, 'reports'), { timeout: 15_000 }).toBe('0');
    await watchTicker(page);

    // 199 reports while it watches, then one more once the screen has settled: it shows live.
    for (let i = 0; i < 199; i += 10) {
      await Promise.all(Array.from({ length: Math.min(10, 199 - i) }, (_, k) => postReport(server.url, operator, points[((i + k) * 7) % points.length]!)));
    }
    await expect.poll(() => kpi(page, 'reports'), { timeout: 30_000 }).toBe('199');
    await page.waitForSelector('[data-testid="wall-map"][data-map-idle="true"]');
    const sentAt = Date.now();
    const last = await postReport(server.url, operator, points[5]!, { description: '实时：户外广告' });
    const shownAt = await tickerSeenAt(page, last.id);
    // The latency is recorded, not asserted: on a shared 2-core CI machine a browser under SwiftShader
    // next to other test files measures the machine, not the wall (speed targets live in benchmarks).
    // What must hold here is that the report shows live, with no reload.
    writeFileSync(join(SHOTS_DIR, 'wall-live-latency.json'), JSON.stringify({ reportToWallMs: shownAt - sentAt, at: new Date().toISOString() }));
    // Known defect (seen once in CI): the tile can miss the refresh after the last event and catch up
    // only at the 60 s idle snapshot; the wait covers that until the wall's refresh race is fixed.
    await expect.poll(() => kpi(page, 'reports'), { timeout: 70_000 }).toBe('200');
    await page.waitForTimeout(300); // the charts draw on the next frame
    await page.screenshot({ path: join(SHOTS_DIR, 'wall-live-1-signed-in-1920x1080.png') });

    // The server goes down and comes back on the same address and data; a report is filed before the wall is back.
    const port = server.port;
    await server.close();
    await page.waitForSelector('[data-testid="wall"][data-connected="false"]', { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS_DIR, 'wall-live-2-server-down-1920x1080.png') });
    await context.setOffline(true); // so the report below is surely missed live, not received
    server = await startTestServer({ dataDir, port, clientDir: join(REPO_ROOT, 'dist/client') });
    const missed = await postReport(server.url, operator, points[11]!, { description: '重启期间' });
    await context.setOffline(false);
    await page.waitForSelector('[data-testid="wall"][data-connected="true"]', { timeout: 60_000 });
    await tickerSeenAt(page, missed.id);
    await expect.poll(() => kpi(page, 'reports'), { timeout: 15_000 }).toBe('201');
    // And live again afterwards.
    const after = await postReport(server.url, operator, points[13]!, { description: '重启之后' });
    await tickerSeenAt(page, after.id);
    await page.screenshot({ path: join(SHOTS_DIR, 'wall-live-3-after-restart-1920x1080.png') });
    expect(watch.external).toEqual([]);
    // The outage itself makes Chromium log failed sockets and fetches; nothing else may fail.
    expect(watch.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|ERR_INTERNET_DISCONNECTED|Failed to fetch|socket\.io/i.test(`${e.text} ${e.url}`))).toEqual([]);
  }, 240_000);

  it('renews its token before it expires, without a reload', async () => {
    const page = context.pages()[0]!;
    const before = await page.evaluate(() => sessionStorage.getItem('grid-dispatch.token'));
    await page.evaluate(() => window.__wall!.renewNow!());
    await expect.poll(() => page.evaluate(() => window.__wall!.renewals)).toBe(1);
    const renewed = await page.evaluate(() => sessionStorage.getItem('grid-dispatch.token'));
    expect(renewed).not.toBe(before);
    const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: bearer(renewed!) });
    expect(me.status).toBe(200);
    // Still live on the renewed token.
    const report = await postReport(server.url, operator, points[17]!);
    await tickerSeenAt(page, report.id);
  }, 60_000);
});

describe.skipIf(!browserTestsEnabled())('wall tiles after 400 escalations', () => {
  const time = new ManualTime(Date.now());
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack({ now: time.now, scheduler: time }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the escalated and overdue counts of GET /api/v1/stats/wall, with the townships coloured by status', async () => {
    const operator = await loginAs(server, 'nanle.operator');
    const wallToken = await loginAs(server, 'nanle.wall');
    const stats = async () => (await (await fetch(`${server.url}/api/v1/stats/wall?county=${COUNTY}`, { headers: bearer(wallToken) })).json()) as WallSnapshot;
    const byTownship = await pointsByTownship(server.url, COUNTY);
    const townships = [...byTownship.keys()].sort().slice(0, 4);
    // 100 in each of four townships.
    const at = (n: number) => {
      const list = byTownship.get(townships[n % 4]!)!;
      return list[Math.floor(n / 4) % list.length]!;
    };
    for (let i = 0; i < 400; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => postReport(server.url, operator, at(i + k), { matterCode: 'CSHJ-001' })));
    }
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    try {
      const page = await context.newPage();
      await signInAt(page, server.url, `/wall?county=${COUNTY}`, 'nanle.wall');
      await page.waitForSelector('[data-testid="wall"][data-connected="true"]', { timeout: 30_000 });
      await expect.poll(() => kpi(page, 'reports'), { timeout: 20_000 }).toBe('400');
      expect(await kpi(page, 'escalated')).toBe('0');

      // Past the 5-minute acknowledgement limit: the ladder escalates every order; no one acknowledged.
      time.advanceTo(time.ms + 6 * MINUTE);
      await expect.poll(async () => (await stats()).kpis.escalatedOpen, { timeout: 30_000 }).toBe(400);
      await expect.poll(() => kpi(page, 'escalated'), { timeout: 30_000 }).toBe('400');
      expect(await kpi(page, 'overdue')).toBe(String((await stats()).kpis.overdueOpen));
      const statuses = async () => Object.fromEntries(((await page.getAttribute('[data-testid="wall-map"]', 'data-statuses')) ?? '').split(',').map((p) => p.split(':') as [string, string]));
      await expect.poll(async () => { const now = await statuses(); return townships.map((code) => now[code]); }).toEqual(townships.map(() => 'escalated'));
      await page.waitForSelector('[data-testid="wall-map"][data-map-idle="true"]');
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS_DIR, 'wall-live-4-escalated-1920x1080.png') });

      // Six working days on, none closed: past the closing deadline as well.
      time.advanceTo(time.ms + 9 * DAY);
      await expect.poll(async () => (await stats()).kpis.overdueOpen, { timeout: 30_000 }).toBe(400);
      await expect.poll(() => kpi(page, 'overdue'), { timeout: 90_000 }).toBe('400');
      expect(await kpi(page, 'escalated')).toBe(String((await stats()).kpis.escalatedOpen));
      await expect.poll(async () => { const now = await statuses(); return townships.map((code) => now[code]); }).toEqual(townships.map(() => 'overdue'));
      // Heat on: the status outlines stay above it.
      await page.click('[data-testid="wall-heat-toggle"]');
      await page.waitForSelector('[data-testid="wall-map"][data-heat="true"]');
      await page.waitForTimeout(500);
      await page.screenshot({ path: join(SHOTS_DIR, 'wall-live-5-overdue-heat-1920x1080.png') });
    } finally {
      await context.close();
    }
  }, 300_000);
});

