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
import { waitForGridsIdle } from './map-page.ts';
import { watchPage } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const COUNTY = '410923000000';
const TOWNSHIP = '410923100000';
const TEAM = `team-${TOWNSHIP}`;

describe.skipIf(!browserTestsEnabled())('operator console: keyboard queue, case panel, dispatch with recommendations', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function report(at: [number, number], description: string): Promise<string> {
    const res = await fetch(`${server.url}/api/v1/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, 'nanle.operator')) },
      body: JSON.stringify({ lon: at[0], lat: at[1], description, source: 'hotline' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('works the queue from the keyboard, opens the case with its routing and history, and dispatches the recommended officers', async () => {
    const groups = (await (await fetch(`${server.url}/api/v1/grids?county=410923&level=group`)).json()) as GridCollection;
    const points = groups.features.filter((f) => f.properties.code.startsWith(TOWNSHIP.slice(0, 9))).map((f) => pointOnFeature(f).geometry.coordinates as [number, number]);
    await report(points[1]!, '夜间施工噪音扰民');
    const returned = await report(points[2]!, '店外经营占用人行道');
    // The team sends the second one back: it waits in the center's "new" queue for another dispatch.
    const back = await fetch(`${server.url}/api/v1/incidents/${returned}/return`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(await loginAs(server, `nanle.officer.${TEAM}`)) },
      body: JSON.stringify({ reason: '现场为县城主干道，请指挥中心另行派遣' }),
    });
    expect(back.status, await back.clone().text()).toBe(200);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const watch = await watchPage(page);
    try {
      await signInAt(page, server.url, '/?county=410923', 'nanle.operator');
      await waitForGridsIdle(page, COUNTY);
      await page.waitForSelector('[data-testid="live-status"][data-connected="true"]');
      await expect.poll(() => page.locator('[data-testid="incident-item"]').count()).toBe(2);
      expect(await page.textContent('[data-testid="queue-new"] .count')).toBe('1');
      expect(await page.textContent('[data-testid="queue-awaiting"] .count')).toBe('1');
      await page.screenshot({ path: join(SHOTS, 'console-1-queue.png') });

      // Keyboard only: 2 = the "new" queue, ↓ selects, Enter opens the case.
      await page.focus('[data-testid="queue"]');
      await page.keyboard.press('2');
      await expect.poll(() => page.locator('[data-testid="incident-item"]').count()).toBe(1);
      await page.keyboard.press('ArrowDown');
      await page.waitForSelector(`[data-testid="incident-item"][data-incident-id="${returned}"].is-selected`);
      await page.keyboard.press('Enter');
      const panel = page.locator(`[data-testid="case-panel"][data-incident-id="${returned}"]`);
      await panel.waitFor();
      expect(await panel.getAttribute('data-status')).toBe('returned');
      expect(await page.locator('[data-testid="case-reasons"] li').count()).toBeGreaterThan(0);
      await expect.poll(() => page.locator('[data-testid="case-history"] li').count()).toBeGreaterThanOrEqual(4);
      const history = (await page.textContent('[data-testid="case-history"]')) ?? '';
      expect(history).toContain('现场为县城主干道');
      // The record reads as steps (受理登记, 派遣指令, 退回 …), never as raw log types.
      expect(history).toContain('受理登记');
      expect(history).toContain('退回');
      expect(history).not.toMatch(/case:transitioned|dispatch:created|incident:created/);

      // Recommendations: the team's free officers, nearest first, two certified ones preselected.
      await expect.poll(() => page.locator('[data-testid="recommendations"] input').count()).toBeGreaterThanOrEqual(2);
      const recommended = (await (
        await fetch(`${server.url}/api/v1/incidents/${returned}/officer-recommendations`, { headers: bearer(await loginAs(server, 'nanle.operator')) })
      ).json()) as { ranked: { officer: { id: string }; certified: boolean }[] };
      const expected = recommended.ranked.filter((r) => r.certified).slice(0, 2).map((r) => r.officer.id);
      const checked = await page.locator('[data-testid="recommendations"] input:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).dataset.officerId));
      expect(checked).toEqual(expected);
      expect(await page.inputValue('[data-testid="dispatch-unit"]')).toBe(TEAM);
      await page.screenshot({ path: join(SHOTS, 'console-2-case.png') });

      await page.click('[data-testid="dispatch-submit"]');
      await page.waitForSelector(`[data-testid="case-panel"][data-incident-id="${returned}"][data-status="dispatched"]`);
      const stored = (await (await fetch(`${server.url}/api/v1/incidents/${returned}`, { headers: bearer(await loginAs(server, 'nanle.operator')) })).json()) as { status: string; orders: { status: string; officerIds?: string[] }[] };
      expect(stored.status).toBe('dispatched');
      expect(stored.orders.at(-1)).toMatchObject({ status: 'pending', officerIds: expected });
      // It left the "new" queue and joined "awaiting acknowledgement".
      await expect.poll(() => page.textContent('[data-testid="queue-awaiting"] .count')).toBe('2');
      expect(await page.textContent('[data-testid="queue-new"] .count')).toBe('0');
      await page.screenshot({ path: join(SHOTS, 'console-3-dispatched.png') });

      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="case-panel"]', { state: 'detached' });
      expect(watch.external).toEqual([]);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
