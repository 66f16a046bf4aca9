import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { browserTestsEnabled, ensureClientBuilt, launchChromium } from './browser.ts';
import { watchPage } from './page-watch.ts';
import { pointsByTownship, postReport } from './report-seeding.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const COUNTY = '410923000000';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function waitForWall(page: Page, minIncidents: number): Promise<void> {
  await page.waitForFunction(
    ([code, min]) => {
      const wall = document.querySelector<HTMLElement>('[data-testid="wall"]');
      const map = document.querySelector<HTMLElement>('[data-testid="wall-map"]');
      return wall?.dataset.connected === 'true' && map?.dataset.county === code && Number(map.dataset.incidents ?? 0) >= (min as number) && (map.dataset.statuses ?? '') !== '' && map.dataset.mapIdle === 'true';
    },
    [COUNTY, minIncidents] as const,
    { timeout: 60_000 },
  ).catch(async (error: unknown) => {
    const state = await page.evaluate(() => ({ ...document.querySelector<HTMLElement>('[data-testid="wall-map"]')?.dataset, connected: document.querySelector<HTMLElement>('[data-testid="wall"]')?.dataset.connected }));
    throw new Error(`wall not ready: ${JSON.stringify(state)}`, { cause: error });
  });
  // Charts draw on the next frame after their option changes.
  await page.waitForTimeout(400);
}

async function kpi(page: Page, key: string): Promise<string> {
  return ((await page.textContent(`[data-testid="kpi-${key}"] .wall-kpi-value`)) ?? '').trim();
}

describe.skipIf(!browserTestsEnabled())('command-hall wall display', () => {
  let server: TestServer;
  let browser: Browser;
  // The server's clock: moved back to file reports "in the past", then forward again.
  let offset = 0;
  let wallToken: string;
  let operatorToken: string;
  let township: { overdue: string; escalated: string };
  /** Reports received today (Shanghai) once seeding is done. */
  let today = 0;

  beforeAll(async () => {
    ensureClientBuilt();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ clientDir: join(ROOT, 'dist/client'), now: () => new Date(Date.now() + offset) });
    // Tokens are issued at the real time, so they stay valid while the clock is moved back.
    wallToken = await loginAs(server, 'nanle.wall');
    operatorToken = await loginAs(server, 'nanle.operator');
    const points = await pointsByTownship(server.url, '410923');
    const codes = [...points.keys()].sort();
    township = { overdue: codes[1]!, escalated: codes[2]! };
    const at = (code: string, n: number) => points.get(code)![(n * 7) % points.get(code)!.length]!;
    // Eight days ago: past the 5-working-day closing deadline, never closed → overdue.
    offset = -8 * DAY;
    for (let n = 0; n < 3; n++) await postReport(server.url, operatorToken, at(township.overdue, n), { matterCode: 'CSHJ-001' });
    // Twenty minutes ago: dispatched, never acknowledged → past the 5-minute limit.
    offset = -20 * MINUTE;
    for (let n = 0; n < 4; n++) await postReport(server.url, operatorToken, at(township.escalated, n), { matterCode: 'SZGY-001' });
    offset = 0;
    const shanghaiDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
    today = 40 + (shanghaiDay(Date.now() - 20 * MINUTE) === shanghaiDay(Date.now()) ? 4 : 0);
    const matters = ['CSHJ-001', 'CSHJ-002', 'STHJ-001', 'AQSC-003', undefined];
    for (let n = 0; n < 40; n++) {
      const code = codes[(n * 5) % codes.length]!;
      await postReport(server.url, operatorToken, at(code, n), { matterCode: matters[n % matters.length] });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses the snapshot without a display token', async () => {
    expect((await fetch(`${server.url}/api/v1/stats/wall?county=410923`)).status).toBe(401);
    const officer = await loginAs(server, 'nanle.grid');
    expect((await fetch(`${server.url}/api/v1/stats/wall?county=410923`, { headers: { authorization: `Bearer ${officer}` } })).status).toBe(403);
  });

  for (const [width, height] of [
    [1920, 1080],
    [3840, 2160],
  ] as const) {
    it(`fills a ${width}×${height} wall: status colours, markers, KPIs, charts, ticker`, async () => {
      const context = await browser.newContext({ viewport: { width, height }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const watch = await watchPage(page);
      try {
        await page.goto(`${server.url}/wall?county=410923&token=${encodeURIComponent(wallToken)}`);
        await waitForWall(page, 44);
        await page.screenshot({ path: join(SHOTS, `wall-${width}x${height}.png`) });
        // The token leaves the address bar but stays for reloads.
        expect(page.url()).not.toContain('token=');
        const statuses = Object.fromEntries(
          ((await page.getAttribute('[data-testid="wall-map"]', 'data-statuses')) ?? '').split(',').map((pair) => pair.split(':') as [string, string]),
        );
        expect(statuses[township.overdue]).toBe('overdue');
        expect(statuses[township.escalated]).toBe('escalated');
        expect(Object.values(statuses)).toContain('normal');
        expect(await kpi(page, 'reports')).toBe(String(today));
        expect(await kpi(page, 'dispatched')).toBe(String(today));
        expect(await kpi(page, 'overdue')).toBe('3');
        expect(await page.locator('[data-testid="wall-ticker"] li').count()).toBe(12);
        // Readable from across the hall: the KPI numbers are at least 1/25 of the screen height.
        const box = await page.locator('[data-testid="kpi-reports"] .wall-kpi-value').boundingBox();
        expect(box!.height).toBeGreaterThan(height / 25);
        // Township labels are placed, each once, in Chinese.
        const labels = await page.evaluate(() => window.__wallMap!.queryRenderedFeatures({ layers: ['wall-township-labels'] }).map((f) => String(f.properties.shortName)));
        // Every township of 南乐 (12) is named on the wall.
        expect(labels.length).toBe(12);
        expect(new Set(labels).size).toBe(labels.length);
        expect(watch.external).toEqual([]);
        expect(watch.errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 120_000); // a 4K WebGL frame on SwiftShader on a shared 2-core machine
  }

  it('shows a new report live and catches up after the connection drops', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/wall?county=410923&token=${encodeURIComponent(wallToken)}`);
      await waitForWall(page, 44);
      const points = await pointsByTownship(server.url, '410923');
      const target = [...points.values()][0]![3]!;
      const live = await postReport(server.url, operatorToken, target, { matterCode: 'CSHJ-003', description: '实时：户外广告' });
      await page.locator(`[data-testid="wall-ticker"] li[data-incident-id="${live.id}"]`).waitFor({ timeout: 10_000 });
      await expect.poll(() => kpi(page, 'reports'), { timeout: 10_000 }).toBe(String(today + 1));

      // Offline: the socket drops; reports filed meanwhile arrive with the snapshot after reconnecting.
      await context.setOffline(true);
      await page.evaluate(() => window.__wall?.dropLink?.());
      await page.waitForSelector('[data-testid="wall"][data-connected="false"]', { timeout: 30_000 });
      const missed = await postReport(server.url, operatorToken, target, { matterCode: 'CSHJ-001', description: '断线期间' });
      await context.setOffline(false);
      await page.waitForSelector('[data-testid="wall"][data-connected="true"]', { timeout: 30_000 });
      await page.locator(`[data-testid="wall-ticker"] li[data-incident-id="${missed.id}"]`).waitFor({ timeout: 15_000 });
      await expect.poll(() => kpi(page, 'reports'), { timeout: 10_000 }).toBe(String(today + 2));
    } finally {
      await context.close();
    }
  });
});
