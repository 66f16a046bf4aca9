import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointOnFeature } from '@turf/turf';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { watchPage } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const TOWNSHIP = '410923100000'; // 南乐县城关镇: the demo grid member's township
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c626001000000ffff03000006000557bfabd40000000049454e44ae426082', 'hex');

describe.skipIf(!browserTestsEnabled())('grid member report page on a phone', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('files a report from the device location with a matter from the catalogue and a photo, and sees where it went and why', async () => {
    const groups = (await (await fetch(`${server.url}/api/v1/grids?county=410923&level=group`)).json()) as GridCollection;
    const group = groups.features.filter((f) => f.properties.code.startsWith(TOWNSHIP.slice(0, 9)))[3]!;
    const [lon, lat] = pointOnFeature(group).geometry.coordinates as [number, number];

    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', geolocation: { longitude: lon, latitude: lat }, permissions: ['geolocation'] });
    const page = await context.newPage();
    const watch = await watchPage(page);
    try {
      await signInAt(page, server.url, '/report', 'nanle.grid');
      await page.waitForSelector('[data-testid="report-page"] [data-testid="map"][data-grid-levels="township,village,group"]');
      await page.click('[data-testid="use-location"]');
      // Before sending: the village and group of the point (each name once) and who will handle it.
      await page.waitForSelector(`[data-testid="report-where"][data-group="${group.properties.code}"]`);
      const place = (await page.textContent('[data-testid="report-place"]')) ?? '';
      expect(place).toContain(group.properties.shortName);
      for (const name of place.split(' ')) expect(place.indexOf(name), `${name} said twice in ${place}`).toBe(place.lastIndexOf(name));
      expect(await page.textContent('[data-testid="report-unit"]')).toMatch(/^将由 .+ 处理$/);
      expect(await page.textContent('[data-testid="report-where"]')).not.toContain(lon.toFixed(5));

      // The matter, found by searching the township's catalogue.
      await page.fill('[data-testid="report-form"] input[name="matterSearch"]', '占道');
      const match = page.locator('[data-testid="matter-matches"] button').first();
      await match.waitFor();
      const code = await match.getAttribute('data-code');
      await match.click();
      expect(await page.getAttribute('[data-testid="report-matter"]', 'data-code')).toBe(code);
      await page.fill('[data-testid="report-form"] textarea[name="description"]', '商铺门前占道经营，堆放货物影响通行');
      await page.setInputFiles('[data-testid="report-form"] input[name="photo"]', { name: 'scene.png', mimeType: 'image/png', buffer: PNG });
      await page.screenshot({ path: join(SHOTS, 'report-page-1-form.png'), fullPage: true });
      await page.click('[data-testid="report-form"] button[type="submit"]');

      const answer = await page.waitForSelector('[data-testid="route-answer"]');
      const incidentId = await answer.getAttribute('data-incident-id');
      expect(await page.getAttribute('[data-testid="route-group"]', 'data-code')).toBe(group.properties.code);
      expect(await page.locator('[data-testid="route-answer"] .reasons li').count()).toBeGreaterThan(0);
      await page.waitForSelector('[data-testid="photo-state"][data-state="stored"]');
      await page.screenshot({ path: join(SHOTS, 'report-page-2-routed.png'), fullPage: true });
      // After sending: the case number to quote, and a link to follow it.
      expect(await page.textContent('[data-testid="report-sent"] [data-case-number]')).toBe(incidentId);
      const follow = await page.getAttribute('[data-testid="follow-link"]', 'href');
      expect(follow).toBe(`/report?case=${incidentId}`);

      // What the page showed is what the server stored: the matter, and the photo under the incident.
      const token = await loginAs(server, 'nanle.operator');
      const incident = (await (await fetch(`${server.url}/api/v1/incidents/${incidentId}`, { headers: bearer(token) })).json()) as { matterCode: string; source: string; route: { reasons: { message: string }[] } };
      expect(incident).toMatchObject({ matterCode: code, source: 'grid-member' });
      const reasons = await page.locator('[data-testid="route-answer"] .reasons li').allTextContents();
      expect(reasons).toEqual(incident.route.reasons.map((r) => r.message));
      const photos = (await (await fetch(`${server.url}/api/v1/attachments?incident=${incidentId}`, { headers: bearer(token) })).json()) as { items: { contentType: string; size: number }[] };
      expect(photos.items).toEqual([expect.objectContaining({ contentType: 'image/png', size: PNG.length })]);

      await page.click('[data-testid="follow-link"]');
      await page.waitForSelector('[data-testid="report-follow"] [data-testid="follow-status"][data-status="dispatched"]');
      expect(await page.textContent('[data-testid="follow-status"]')).toBe('已派遣');
      await page.screenshot({ path: join(SHOTS, 'report-page-3-follow.png'), fullPage: true });

      expect(watch.external).toEqual([]);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
