import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, homeViewOf, viewsOf } from '../../shared/domain/capabilities.ts';
import type { DemoAccountsResponse } from '../../shared/protocol/auth.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { SHOTS_DIR, startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { watchPage } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

const COUNTY = '410923000000'; // 南乐县

async function navViews(page: Page): Promise<string[]> {
  return page.locator('[data-testid="shell-nav"] a').evaluateAll((links) => links.map((a) => a.getAttribute('data-view') ?? ''));
}

describe.skipIf(!browserTestsEnabled())('one application for every role', () => {
  let server: TestServer;
  let browser: Browser;
  let accounts: DemoAccountsResponse['accounts'];

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack());
    const demo = (await (await fetch(`${server.url}/api/v1/demo/accounts`)).json()) as DemoAccountsResponse;
    accounts = demo.accounts.filter((a) => a.countyCode === COUNTY);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lands each role of one county on its view, with links to exactly the views it may open', async () => {
    // Every role has a demo account in this county, so every landing view and link set is walked.
    expect(new Set(accounts.map((a) => a.role))).toEqual(new Set(ROLES));
    for (const account of accounts) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const watch = await watchPage(page);
      try {
        await signInAt(page, server.url, '/?county=410923', account.username);
        const home = homeViewOf(account.role);
        await page.waitForSelector(`[data-testid="app-shell"][data-view="${home}"]`);
        await expect.poll(() => new URL(page.url()).pathname).toBe(`/${home}`);
        expect(new URL(page.url()).searchParams.get('county')).toBe('410923');
        expect(await navViews(page), account.username).toEqual(viewsOf(account.role));
        expect(await page.getAttribute('[data-testid="shell-nav"] a[aria-current="page"]', 'data-view')).toBe(home);
        // Who is signed in, as what, where: names, never codes or ids.
        expect(await page.textContent('[data-testid="session-badge"] [data-username]')).toBe(account.displayName);
        expect((await page.textContent('[data-testid="shell-where"]')) ?? '').toContain('南乐县');
        expect((await page.textContent('[data-testid="session-badge"]')) ?? '').not.toMatch(/\d{6}|[a-z]+-[a-z0-9-]+/);
        await page.screenshot({ path: join(SHOTS_DIR, `app-shell-${account.role}.png`) });
        expect(watch.errors.filter((e) => !/Failed to load resource/.test(e.text)), `${account.username} console errors`).toEqual([]);
      } finally {
        await context.close();
      }
    }
  }, 600_000);

  it('keeps deep links, and says in the user\'s language when a view is not theirs, offering the ones that are', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    try {
      await signInAt(page, server.url, '/console?county=410923', 'nanle.grid');
      await page.waitForSelector('[data-testid="not-allowed"]');
      expect(new URL(page.url()).pathname).toBe('/console');
      expect(await page.textContent('[data-testid="not-allowed"] h1')).toBe('无权打开此页面');
      expect(await page.textContent('[data-testid="not-allowed"] p')).toContain('「网格员」账号不能打开「调度台」');
      expect(await page.locator('[data-testid="not-allowed"] a').evaluateAll((links) => links.map((a) => a.getAttribute('data-view')))).toEqual(viewsOf('grid-member'));
      await page.screenshot({ path: join(SHOTS_DIR, 'app-shell-not-allowed-zh.png') });
      await page.click('.lang-switch');
      await expect.poll(() => page.textContent('[data-testid="not-allowed"] h1')).toBe('You may not open this view');
      expect(await page.textContent('[data-testid="not-allowed"] p')).toContain('A "Grid member" account cannot open "Dispatch console"');
      // On a phone the views sit behind the menu button.
      expect(await page.isVisible('[data-testid="shell-nav"]')).toBe(false);
      await page.click('.shell-menu-toggle');
      expect(await page.isVisible('[data-testid="shell-nav"] a[data-view="report"]')).toBe(true);
      await page.screenshot({ path: join(SHOTS_DIR, 'app-shell-not-allowed-en-menu.png') });
      // Following a link opens the view, signed in still.
      await page.click('[data-testid="shell-nav"] a[data-view="report"]');
      await page.waitForSelector('[data-testid="app-shell"][data-view="report"] [data-testid="report-page"]');
      expect(new URL(page.url()).search).toBe('?county=410923');
      // Signing out goes back to the sign-in page at /, so the next person lands on their own view.
      await page.click('.shell-menu-toggle');
      await page.click('[data-testid="sign-out"]');
      await page.waitForSelector('[data-testid="signin-form"]');
      expect(new URL(page.url()).pathname).toBe('/');
    } finally {
      await context.close();
    }
  }, 180_000);

  it('opens the public disclosure to anyone, with a way to sign in', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/public?county=410923`);
      await page.waitForSelector('[data-testid="app-shell"][data-view="public"] [data-testid="shell-sign-in"]');
      expect(await navViews(page)).toEqual(['public']);
    } finally {
      await context.close();
    }
  }, 120_000);
});
