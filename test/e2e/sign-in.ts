import type { Page } from 'playwright-core';

/** Opens `path` and signs in through the sign-in page with a demo account (password shown on the page). */
export async function signInAt(page: Page, url: string, path: string, username: string): Promise<void> {
  await page.goto(`${url}${path}`);
  await page.waitForSelector('[data-testid="demo-password"]');
  const password = (await page.textContent('[data-testid="demo-password"]'))?.trim() ?? '';
  await page.fill('[data-testid="signin-form"] input[name="username"]', username);
  await page.fill('[data-testid="signin-form"] input[name="password"]', password);
  await page.click('[data-testid="signin-form"] button[type="submit"]');
  // Attached, not visible: the phone pages hide the desktop badge and sign out from their header.
  await page.waitForSelector(`[data-testid="session-badge"] [data-username="${username}"]`, { state: 'attached' });
}
