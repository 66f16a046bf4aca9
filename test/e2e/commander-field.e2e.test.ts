import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointOnFeature } from '@turf/turf';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import { loginAs } from '../helpers/auth.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { jumpAndSettle, pagePoint, waitForGridsIdle } from './map-page.ts';
import { watchPage, type PageWatch } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
// 阳谷县 博济桥街道: the street office coordinates, 一中队 works the street, the 市场监管所 joins (1+1+X).
const COUNTY = '371521000000';
const BOJI = '371521001000';
const SQUADRON = 'squadron-371521-01';
const STATION = `station-${BOJI}-market`;

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `commander-field-${name}.png`) });
}

describe.skipIf(!browserTestsEnabled())('joint action: commander → officer phone → operator, live', () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack());
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function open(viewport: { width: number; height: number }, phone = false): Promise<{ page: Page; watch: PageWatch; context: BrowserContext }> {
    const context = await browser.newContext({
      viewport,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2, geolocation: { longitude: 115.79, latitude: 36.12 }, permissions: ['geolocation'] } : {}),
    });
    contexts.push(context);
    const page = await context.newPage();
    return { page, watch: await watchPage(page), context };
  }

  it('a township commander launches a joint action over chosen grids; the officer acknowledges on the phone through a dead zone; the operator sees it live', async () => {
    const villages = (await (await fetch(`${server.url}/api/v1/grids?county=371521&level=village`)).json()) as GridCollection;
    const village = villages.features.find((f) => f.properties.parentCode === BOJI)!;
    const [lon, lat] = pointOnFeature(village).geometry.coordinates as [number, number];

    const operator = await open({ width: 1440, height: 900 });
    await signInAt(operator.page, server.url, '/?county=371521', 'yanggu.operator');
    await operator.page.waitForSelector('[data-testid="live-status"][data-connected="true"]');
    await operator.page.click('[data-testid="tab-joint"]');

    const officer = await open({ width: 390, height: 844 }, true);
    await signInAt(officer.page, server.url, '/field', `yanggu.officer.${SQUADRON}`);
    await officer.page.waitForSelector('[data-testid="field-page"] [data-testid="live-status"][data-connected="true"]');

    const commander = await open({ width: 1440, height: 900 });
    await signInAt(commander.page, server.url, '/commander', `yanggu.twp.${BOJI}`);
    await waitForGridsIdle(commander.page, COUNTY);
    await commander.page.waitForSelector('[data-testid="live-status"][data-connected="true"]');
    expect(await commander.page.textContent('[data-testid="commander-place"]')).toContain('博济桥');
    await shot(commander.page, '1-commander');

    // Pick a village cell on the map; the 1+1+X units of the street are offered and preselected.
    await jumpAndSettle(commander.page, [lon, lat], 12.5);
    const at = await pagePoint(commander.page, [lon, lat]);
    await commander.page.mouse.click(at.x, at.y);
    await expect.poll(() => commander.page.textContent('[data-testid="area-summary"]')).toContain('博济桥街道');
    await commander.page.waitForSelector(`[data-testid="participant-options"] input[value="${SQUADRON}"]`);
    expect(await commander.page.isChecked(`[data-testid="participant-options"] input[value="${SQUADRON}"]`)).toBe(true);
    expect(await commander.page.isChecked(`[data-testid="participant-options"] input[value="${STATION}"]`)).toBe(true);
    expect(await commander.page.locator('[data-testid="needs-approval"]').count()).toBe(0);
    const title = `夜市占道经营联合整治 #${Date.now().toString(36)}`;
    await commander.page.fill('[data-testid="joint-action-form"] input[name="title"]', title);
    await commander.page.fill('[data-testid="joint-action-form"] textarea[name="brief"]', '19:00 在街道办门口集合，重点检查夜市出店经营');
    await shot(commander.page, '2-form');
    await commander.page.click('[data-testid="joint-action-form"] button[type="submit"]');
    const card = commander.page.locator('[data-testid="joint-action"]', { hasText: title });
    await card.waitFor();
    const id = await card.getAttribute('data-id');
    expect(id).toBeTruthy();
    expect(await card.getAttribute('data-status')).toBe('active');
    await shot(commander.page, '3-launched');

    // The operator's console shows it live.
    const opCard = operator.page.locator(`[data-testid="joint-action"][data-id="${id}"]`);
    await opCard.waitFor({ timeout: 15_000 });
    expect(await opCard.textContent()).toContain(title);
    // …and its area on the console map (the village cell chosen), drawn under the incidents.
    await expect
      .poll(() =>
        operator.page.evaluate(() => {
          const map = window.__gridDispatch?.map;
          return map ? map.querySourceFeatures('console-joint-areas').length : -1;
        }),
      )
      .toBeGreaterThan(0);

    // The officer's phone shows it live; the officer acknowledges while the phone is offline.
    const phoneCard = officer.page.locator(`[data-testid="joint-action"][data-id="${id}"]`);
    await phoneCard.waitFor({ timeout: 15_000 });
    await shot(officer.page, '4-phone-notified');
    await officer.context.setOffline(true);
    await officer.page.click(`[data-testid="joint-action"][data-id="${id}"] [data-testid="ack-joint"]`);
    await officer.page.waitForSelector('[data-testid="outbox"][data-pending="1"]');
    await shot(officer.page, '5-phone-offline-queued');
    expect(await operator.page.locator(`[data-testid="joint-action"][data-id="${id}"] li[data-unit-id="${SQUADRON}"]`).getAttribute('data-acknowledged')).toBe('false');
    await officer.context.setOffline(false);
    await officer.page.waitForSelector('[data-testid="outbox"]', { state: 'detached', timeout: 20_000 });
    await officer.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"] li[data-unit-id="${SQUADRON}"][data-acknowledged="true"]`);
    await officer.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"] [data-testid="result-form"]`);
    await shot(officer.page, '6-phone-acknowledged');

    // Live on the operator's console and the commander's list: acknowledged once.
    await operator.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"] li[data-unit-id="${SQUADRON}"][data-acknowledged="true"]`, { timeout: 15_000 });
    await commander.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"] li[data-unit-id="${SQUADRON}"][data-acknowledged="true"]`, { timeout: 15_000 });
    await shot(operator.page, '7-operator-live');
    await shot(commander.page, '8-commander-live');

    const audit = await fetch(`${server.url}/api/v1/joint-actions/${id}`, { headers: { authorization: `Bearer ${await loginAs(server, 'yanggu.commander')}` } });
    const body = (await audit.json()) as { jointAction: { version: number } };
    expect(body.jointAction.version).toBe(2); // created + one acknowledgement, however often the phone resent it

    for (const { watch, page } of [operator, officer, commander]) {
      expect(watch.external, `external requests from ${page.url()}`).toEqual([]);
      // The offline spell makes Chromium log failed fetches/sockets on the phone; nothing else may fail.
      const errors = watch.errors.filter((e) => !(page === officer.page && /ERR_INTERNET_DISCONNECTED|WebSocket|Failed to fetch|socket\.io/i.test(`${e.text} ${e.url}`)));
      expect(errors, `console errors on ${page.url()}`).toEqual([]);
    }
  }, 180_000); // three browsers with WebGL maps (one on the phone card) on a loaded 2-core machine
});
