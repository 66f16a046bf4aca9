import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointOnFeature } from '@turf/turf';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CountySummary, GridCollection } from '../../shared/domain/grid.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { MESSAGES } from '../../client/src/i18n/catalogue.ts';
import { startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { jumpAndSettle, pagePoint, placedLabels, renderedAt, waitForGridsIdle, waitForIdle } from './map-page.ts';
import { watchPage, type PageWatch } from './page-watch.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const COUNTY = '410923000000';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `walking-skeleton-${name}.png`) });
}

describe.skipIf(!browserTestsEnabled())('walking skeleton in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('files a report by clicking the map and sees it routed, listed and drawn live', async () => {
    const counties = (await (await fetch(`${server.url}/api/v1/counties`)).json()) as CountySummary[];
    const county = counties.find((item) => item.code === COUNTY);
    expect(county, 'county 410923 is served').toBeDefined();
    const groups = (await (await fetch(`${server.url}/api/v1/grids?county=410923&level=group`)).json()) as GridCollection;
    // A group in the middle of the list: deterministic, and not the county's first township.
    const target = groups.features[Math.floor(groups.features.length / 2)];
    if (!target) throw new Error('no group grids served');
    const [lon, lat] = pointOnFeature(target).geometry.coordinates as [number, number];

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const watch: PageWatch = await watchPage(page);
    try {
      // Demo mode: the sign-in page lists the seeded accounts; pick the 南乐 dispatch operator.
      await page.goto(`${server.url}/?county=410923`);
      await page.waitForSelector('[data-testid="demo-accounts"]');
      await shot(page, '0-sign-in');
      await page.click('[data-testid="demo-account"][data-username="nanle.operator"]');
      expect(await page.inputValue('[data-testid="signin-form"] input[name="password"]')).toBe(await page.textContent('[data-testid="demo-password"]'));
      await page.click('[data-testid="signin-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="session-badge"] [data-username="nanle.operator"]');
      await expect.poll(() => page.locator('h1').textContent()).toBe('网格执法调度指挥中心');
      await waitForGridsIdle(page, COUNTY);
      await page.waitForSelector('[data-testid="live-status"][data-connected="true"]');

      // County view: townships, each labelled once, in Chinese.
      const townshipLabels = await placedLabels(page, 'grid-label-township');
      expect(townshipLabels.length).toBeGreaterThanOrEqual(Math.min(8, county?.counts.township ?? 8));
      expect(new Set(townshipLabels).size).toBe(townshipLabels.length);
      expect(townshipLabels.every((label) => /\p{Script=Han}/u.test(label))).toBe(true);
      await shot(page, '1-county');

      await jumpAndSettle(page, [lon, lat], 12);
      expect((await placedLabels(page, 'grid-label-village')).length).toBeGreaterThan(3);
      await shot(page, '2-village');

      await jumpAndSettle(page, [lon, lat], 14.5);
      const groupLabels = await placedLabels(page, 'grid-label-group');
      expect(groupLabels).toContain(target.properties.shortName);
      expect(await renderedAt(page, [lon, lat], ['grid-fill-group'])).toContainEqual(expect.objectContaining({ code: target.properties.code }));

      // A rejected report shows the API's own message and keeps the form.
      const bad = await pagePoint(page, [lon, lat]);
      await page.mouse.click(bad.x, bad.y);
      await page.fill('[data-testid="report-form"] textarea[name="description"]', '测试：错误的事项编码');
      await page.fill('[data-testid="report-form"] input[name="matterCode"]', '编码错误');
      await page.click('[data-testid="report-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="report-error"]');
      const rejected = await fetch(`${server.url}/api/v1/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, 'nanle.operator')) },
        body: JSON.stringify({ lon, lat, crs: 'WGS84', description: 'x', source: 'hotline', matterCode: '编码错误' }),
      });
      expect(rejected.status).toBe(400);
      const { error } = (await rejected.json()) as { error: { code: string; message: string } };
      // The page says it in the user's language from the code, not with the server's (developer) message.
      expect(await page.getAttribute('[data-testid="report-error"]', 'data-code')).toBe(error.code);
      expect(await page.textContent('[data-testid="report-error"]')).toContain(MESSAGES['zh-CN'].errVALIDATION_FAILED);
      expect(await page.textContent('[data-testid="report-error"]')).toContain(`${MESSAGES['zh-CN'].fieldMatterCode}：${MESSAGES['zh-CN'].issueInvalidFormat}`);
      await page.click('[data-testid="report-form"] button[type="button"]');

      // The real report.
      const description = `主干道旁占道经营，影响通行 #${Date.now().toString(36)}`;
      const at = await pagePoint(page, [lon, lat]);
      await page.mouse.click(at.x, at.y);
      await page.fill('[data-testid="report-form"] textarea[name="description"]', description);
      await page.selectOption('[data-testid="report-form"] select[name="source"]', 'grid-member');
      await expect.poll(() => page.textContent('[data-testid="report-form"] select[name="source"] option:checked')).toBe('网格员');
      await shot(page, '3-form');
      await page.click('[data-testid="report-form"] button[type="submit"]');
      const answer = await page.waitForSelector('[data-testid="route-answer"]');
      const incidentId = await answer.getAttribute('data-incident-id');
      expect(incidentId).toBeTruthy();
      expect(await page.getAttribute('[data-testid="route-group"]', 'data-code')).toBe(target.properties.code);
      expect(await page.getAttribute('[data-testid="route-village"]', 'data-code')).toBe(target.properties.parentCode);
      expect((await page.textContent('[data-testid="route-unit"]'))?.trim()).not.toBe('');
      expect(await page.locator('[data-testid="route-answer"] .reasons li').count()).toBeGreaterThan(0);

      // Live: the list item (highlighted as new) and the marker.
      const item = page.locator(`[data-testid="incident-item"][data-incident-id="${incidentId}"]`);
      await item.waitFor();
      expect(await item.textContent()).toContain(description);
      expect(await item.getAttribute('class')).toContain('is-fresh');
      expect(await page.getAttribute('[data-testid="incident-item"]', 'data-incident-id')).toBe(incidentId);
      await waitForIdle(page);
      expect(await renderedAt(page, [lon, lat], ['incident-points'])).toContainEqual(expect.objectContaining({ id: incidentId }));
      await shot(page, '4-reported');

      // Clicking the list entry flies the map back to the incident.
      await page.click('[data-testid="route-answer"] button.primary');
      await jumpAndSettle(page, [county?.center[0] ?? lon, county?.center[1] ?? lat], 10);
      await item.click();
      await page.waitForFunction(
        ([x, y]) => {
          const map = window.__gridDispatch?.map;
          if (!map || map.isMoving()) return false;
          const centre = map.getCenter();
          return Math.abs(centre.lng - x) < 1e-4 && Math.abs(centre.lat - y) < 1e-4 && map.getZoom() >= 14;
        },
        [lon, lat] as const,
        { timeout: 15_000 },
      );
      await waitForIdle(page);
      await shot(page, '5-flown-to');

      // English switch.
      await page.click('.lang-switch');
      await expect.poll(() => page.locator('h1').textContent()).toBe('Grid Enforcement Dispatch Center');
      await shot(page, '6-english');

      expect(watch.external, 'requests to hosts other than localhost').toEqual([]);
      // The one deliberately rejected POST shows up as Chromium's "Failed to load resource"; nothing else may.
      const [rejectedPost, ...otherErrors] = watch.errors;
      expect(rejectedPost?.url).toBe(`${server.url}/api/v1/reports`);
      expect(rejectedPost?.text).toContain('400');
      expect(otherErrors, 'console errors').toEqual([]);
    } finally {
      await context.close();
    }
  });
});
