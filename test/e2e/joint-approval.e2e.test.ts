// A township commander's joint action that crosses into the next township: the form shows the
// county's rule and ticks the units the area needs; the card waits as 待审批; the county commander
// approves it; the participating squadron's officer then has it on the phone, with a map of the area.
import { join } from 'node:path';
import { pointOnFeature } from '@turf/turf';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { SHOTS_DIR, startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { jumpAndSettle, pagePoint, waitForGridsIdle } from './map-page.ts';
import { watchPage, type PageWatch } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

// 阳谷县: 博济桥街道's commander reaches into 侨润街道 (not their ground): the county bureau decides.
const COUNTY = '371521000000';
const BOJI = '371521001000';
const QIAORUN = '371521002000';
const SQUADRON = 'squadron-371521-01';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS_DIR, `joint-approval-${name}.png`) });
}

describe.skipIf(!browserTestsEnabled())('cross-township joint action: county approval, then on the participant’s phone with its map', () => {
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

  async function open(viewport: { width: number; height: number }, phone = false): Promise<{ page: Page; watch: PageWatch }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
    contexts.push(context);
    const page = await context.newPage();
    return { page, watch: await watchPage(page) };
  }

  it('goes to the county for approval, then reaches the phone with its area', async () => {
    const villages = (await (await fetch(`${server.url}/api/v1/grids?county=371521&level=village`)).json()) as GridCollection;
    const cell = (township: string) => pointOnFeature(villages.features.find((f) => f.properties.parentCode === township)!).geometry.coordinates as [number, number];
    const [a, b] = [cell(BOJI), cell(QIAORUN)];

    const officer = await open({ width: 390, height: 844 }, true);
    await signInAt(officer.page, server.url, '/field', `yanggu.officer.${SQUADRON}`);
    await officer.page.waitForSelector('[data-testid="field-page"] [data-testid="live-status"][data-connected="true"]');

    const commander = await open({ width: 1440, height: 900 });
    await signInAt(commander.page, server.url, '/commander', `yanggu.twp.${BOJI}`);
    await waitForGridsIdle(commander.page, COUNTY);
    await commander.page.waitForSelector('[data-testid="live-status"][data-connected="true"]');
    // The county's rule is on the form before anything is chosen.
    expect(await commander.page.textContent('[data-testid="county-rule"]')).toContain('须报县综合行政执法局审批');

    // One village cell in 博济桥, one in 侨润.
    await jumpAndSettle(commander.page, [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], 11.5);
    for (const point of [a, b]) {
      const at = await pagePoint(commander.page, point);
      await commander.page.mouse.click(at.x, at.y);
    }
    await expect.poll(() => commander.page.textContent('[data-testid="area-summary"]')).toMatch(/博济桥街道.*侨润街道|侨润街道.*博济桥街道/);
    await commander.page.waitForSelector('[data-testid="participant-options"] [data-group="neighbour"]');
    // Grouped, and what the area needs is ticked: the neighbour's team, the squadrons and stations there, the county brigade.
    for (const group of ['hub', 'neighbour', 'station', 'brigade', 'department']) await commander.page.waitForSelector(`[data-testid="participant-options"] [data-group="${group}"]`);
    for (const unit of [`team-${QIAORUN}`, SQUADRON, `station-${BOJI}-market`, `station-${QIAORUN}-market`, 'brigade-371521']) {
      expect(await commander.page.isChecked(`[data-testid="participant-options"] input[value="${unit}"]`), unit).toBe(true);
    }
    expect(await commander.page.isChecked('[data-testid="participant-options"] input[value="dept-371521-market"]')).toBe(false);
    await commander.page.waitForSelector('[data-testid="needs-approval"]');
    // The date-time fields show the whole value (not clipped) in zh-CN.
    for (const name of ['startsAt', 'endsAt']) {
      const clipped = await commander.page.$eval(`[data-testid="joint-action-form"] input[name="${name}"]`, (el) => (el as HTMLInputElement).scrollWidth > (el as HTMLInputElement).clientWidth + 1);
      expect(clipped, name).toBe(false);
    }
    const title = `跨街道夜市联合整治 #${Date.now().toString(36)}`;
    await commander.page.fill('[data-testid="joint-action-form"] input[name="title"]', title);
    await commander.page.fill('[data-testid="joint-action-form"] textarea[name="brief"]', '19:00 在侨润街道办门口集合');
    await shot(commander.page, '1-form');
    await commander.page.click('[data-testid="joint-action-form"] button[type="submit"]');
    const card = commander.page.locator('[data-testid="joint-action"]', { hasText: title });
    await card.waitFor();
    const id = (await card.getAttribute('data-id'))!;
    expect(await card.getAttribute('data-status')).toBe('proposed');
    expect((await card.locator('[data-testid="joint-action-status"]').textContent())?.trim()).toBe('待审批');
    await shot(commander.page, '2-awaiting-approval');

    // Not yet on the phone as something to act on.
    expect(await officer.page.locator(`[data-testid="joint-action"][data-id="${id}"] [data-testid="ack-joint"]`).count()).toBe(0);

    const county = await open({ width: 1440, height: 900 });
    await signInAt(county.page, server.url, '/commander', 'yanggu.commander');
    const countyCard = county.page.locator(`[data-testid="joint-action"][data-id="${id}"]`);
    await county.page.click('[data-testid="tab-list"]');
    await countyCard.waitFor({ timeout: 15_000 });
    await countyCard.locator('[data-testid="approve"]').click();
    await county.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"][data-status="active"]`);
    // Who approved, with the verb: 「已由阳谷县指挥长批准（…）」.
    expect(await countyCard.locator('[data-testid="joint-action-approved-by"]').textContent()).toMatch(/已由阳谷县指挥长批准（.+）/);
    expect((await countyCard.locator('[data-testid="joint-action-status"]').textContent())?.trim()).toBe('进行中');
    await shot(county.page, '3-approved');
    // The initiator's card follows live.
    await commander.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"][data-status="active"] [data-testid="joint-action-approved-by"]`, { timeout: 15_000 });

    // The squadron's officer: the action with its ack button and the map of its two cells.
    const phoneCard = officer.page.locator(`[data-testid="joint-action"][data-id="${id}"]`);
    await phoneCard.locator('[data-testid="ack-joint"]').waitFor({ timeout: 20_000 });
    const map = phoneCard.locator('[data-testid="joint-area-map"]');
    await map.waitFor();
    await expect.poll(() => map.getAttribute('data-area-features'), { timeout: 20_000 }).toBe('2');
    await officer.page.waitForSelector(`[data-testid="joint-action"][data-id="${id}"] [data-testid="joint-area-map"][data-map-idle="true"]`);
    await phoneCard.scrollIntoViewIfNeeded();
    await shot(officer.page, '4-phone-390x844');

    for (const { watch, page } of [officer, commander, county]) {
      expect(watch.external, `external requests from ${page.url()}`).toEqual([]);
      expect(watch.errors, `console errors on ${page.url()}`).toEqual([]);
    }
  }, 180_000);
});
