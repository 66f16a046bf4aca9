import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { browserTestsEnabled, ensureClientBuilt, launchChromium } from './browser.ts';
import { watchPage } from './page-watch.ts';
import { pointsByTownship, postReport } from './report-seeding.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const HUB = '330822115000';
const RADIATED = '330822200000';

describe.skipIf(!browserTestsEnabled())('evaluation page', () => {
  let server: TestServer;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    ensureClientBuilt();
    mkdirSync(SHOTS, { recursive: true });
    server = await startTestServer({ clientDir: join(ROOT, 'dist/client') });
    token = await loginAs(server, 'changshan.commander');
    const points = await pointsByTownship(server.url, '330822');
    const others = [...points.keys()].filter((c) => c !== HUB && c !== RADIATED).sort();
    for (let n = 0; n < 24; n++) {
      const code = n < 6 ? HUB : n < 9 ? RADIATED : others[n % others.length]!;
      const list = points.get(code)!;
      await postReport(server.url, token, list[(n * 3) % list.length]!, { matterCode: n % 3 === 0 ? 'CSHJ-001' : n % 3 === 1 ? 'STHJ-001' : undefined });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('answers GET /api/v1/stats for county readers only, as JSON or CSV', async () => {
    const res = await fetch(`${server.url}/api/v1/stats?county=330822&by=team`, { headers: bearer(token) });
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report.total.received).toBe(24);
    // Reports in 何家乡 go to the 辉埠 hub team: 6 at home + 3 radiated.
    expect(report.rows.find((r: any) => r.key === `team-${HUB}`).received).toBe(9);
    const split = report.clusters.find((c: any) => c.hubTeamId === `team-${HUB}`);
    expect(split).toMatchObject({ shares: { hub: 0.7, radiated: 0.3 }, hub: { received: 6 }, radiated: { received: 3 } });
    const csv = await fetch(`${server.url}/api/v1/stats?county=330822&by=township&format=csv`, { headers: bearer(token) });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')[0]).toContain('按期结案率');
    expect((await fetch(`${server.url}/api/v1/stats?county=330822`)).status).toBe(401);
    const township = await loginAs(server, `changshan.twp.${HUB}`);
    expect((await fetch(`${server.url}/api/v1/stats?county=330822`, { headers: bearer(township) })).status).toBe(403);
    expect((await fetch(`${server.url}/api/v1/stats?county=330822&by=officer`, { headers: bearer(token) })).status).toBe(400);
  });

  it('shows the period, charts, grades and the 七三开 split, and exports CSV', async () => {
    const me = await (await fetch(`${server.url}/api/v1/auth/me`, { headers: bearer(token) })).json();
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
    await context.addInitScript(
      ([t, m]) => {
        sessionStorage.setItem('grid-dispatch.token', t);
        sessionStorage.setItem('grid-dispatch.me', m);
      },
      [token, JSON.stringify(me)] as const,
    );
    const page = await context.newPage();
    const watch = await watchPage(page);
    try {
      await page.goto(`${server.url}/evaluation?county=330822`);
      await page.locator(`[data-testid="eval-table"] tr[data-key="team-${HUB}"]`).waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="eval-clusters"]').waitFor();
      expect(await page.locator('[data-testid="eval-clusters"] tbody tr').count()).toBe(4);
      expect(await page.textContent(`[data-testid="eval-table"] tr[data-key="team-${HUB}"] td:first-of-type`)).toBe('9');
      await page.waitForTimeout(300);
      expect(await page.locator('[role="alert"]').count(), 'no error banner').toBe(0);
      await page.screenshot({ path: join(SHOTS, 'evaluation-team.png'), fullPage: true });

      await page.click('[data-by="township"]');
      await page.locator(`[data-testid="eval-table"] tr[data-key="${RADIATED}"]`).waitFor();
      expect(await page.locator('[data-testid="eval-clusters"]').count()).toBe(0);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(SHOTS, 'evaluation-township.png'), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="eval-export"]')]);
      const text = readFileSync((await download.path())!, 'utf8');
      expect(text.startsWith('\uFEFF编码,名称,受理数')).toBe(true);
      expect(text).toContain(RADIATED);

      // Last month has nothing in a fresh store.
      await page.click('[data-preset="lastMonth"]');
      await page.locator('.eval-empty').waitFor();
      expect(watch.external).toEqual([]);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
