import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/test-server.ts';
import { startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { watchPage } from './page-watch.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
// 常山: "1+X" clusters; 何家乡 is radiated from 辉埠镇, whose batch took effect on 2021-08-01.
const HUB = '330822115000';
const RADIATED = '330822200000';

describe.skipIf(!browserTestsEnabled())('public disclosure page', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves bodies and the dated catalogue without sign-in', async () => {
    const bodies = (await (await fetch(`${server.url}/api/v1/public/bodies?county=330822`)).json()) as any;
    const radiated = bodies.townships.find((t: any) => t.code === RADIATED);
    expect(radiated).toMatchObject({ teamId: `team-${HUB}`, cluster: { hubTownship: HUB } });
    expect(bodies.bodies.find((b: any) => b.id === `team-${HUB}`).townshipCodes).toEqual([HUB, RADIATED].sort());

    const before = (await (await fetch(`${server.url}/api/v1/public/catalogue?county=330822&township=${RADIATED}&date=2021-07-31`)).json()) as any;
    const after = (await (await fetch(`${server.url}/api/v1/public/catalogue?county=330822&township=${RADIATED}&date=2021-08-01`)).json()) as any;
    // Before the first batch everything is held at county level; from its first day the hub's team holds the devolved ones.
    expect(before.counts.township).toBe(0);
    expect(after.counts.township).toBeGreaterThan(50);
    const devolved = after.entries.find((e: any) => e.level === 'township');
    expect(devolved.holder.id).toBe(`team-${HUB}`);
    expect(devolved.legalBasis).toMatch(/《/);
    expect(devolved.devolution.effectiveFrom).toBe('2021-08-01');
    expect((await fetch(`${server.url}/api/v1/public/catalogue?county=330822&township=410923100000`)).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/public/catalogue?county=330822&township=${RADIATED}&date=2021-02-30`)).status).toBe(400);
  });

  it('shows the bodies on a map, the catalogue of a township and how to report', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const watch = await watchPage(page);
    try {
      await page.goto(`${server.url}/public?county=330822`);
      await page.waitForFunction(() => {
        const map = document.querySelector<HTMLElement>('[data-testid="public-map"]');
        return map?.dataset.county === '330822000000' && map.dataset.mapIdle === 'true' && window.__publicMap?.loaded() === true;
      }, undefined, { timeout: 30_000 });
      await page.locator('[data-testid="public-catalogue-table"] tbody tr').first().waitFor();
      expect(await page.locator('[data-testid="public-how-to-report"] li').count()).toBe(3);
      expect(await page.textContent('[data-testid="public-bodies"]')).toContain('辉埠镇综合行政执法队');

      await page.selectOption('[data-testid="public-township"]', RADIATED);
      await page.fill('[data-testid="public-date"]', '2021-08-01');
      await expect.poll(() => page.textContent('.pub-township-info')).toContain('辉埠');
      await expect.poll(async () => page.locator('[data-testid="public-catalogue-table"] .pub-level.is-township').count()).toBeGreaterThan(50);
      const labels = await page.evaluate(() => window.__publicMap!.queryRenderedFeatures({ layers: ['pub-labels'] }).map((f) => String(f.properties.shortName)));
      expect(labels.length).toBeGreaterThanOrEqual(10);
      expect(new Set(labels).size).toBe(labels.length);
      await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="public-map"]')?.dataset.mapIdle === 'true');
      expect(await page.locator('[role="alert"]').count(), 'no error banner').toBe(0);
      await page.screenshot({ path: join(SHOTS, 'public-330822.png') });
      await page.screenshot({ path: join(SHOTS, 'public-330822-full.png'), fullPage: true });
      expect(watch.external).toEqual([]);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
