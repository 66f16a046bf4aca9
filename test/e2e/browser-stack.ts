import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { REPO_ROOT } from '../../server/paths.ts';
import type { StartOptions } from '../../server/start-server.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { ensureClientBuilt, launchChromium } from './browser.ts';

/** Where every browser test writes its screenshots (looked at by people, not compared). */
export const SHOTS_DIR = join(REPO_ROOT, 'test-results');

export interface BrowserStack {
  server: TestServer;
  browser: Browser;
}

/** The built client served by a fresh test server (own data directory), and one headless Chromium. */
export async function startBrowserStack(options: Partial<StartOptions> = {}): Promise<BrowserStack> {
  ensureClientBuilt();
  mkdirSync(SHOTS_DIR, { recursive: true });
  const server = await startTestServer({ clientDir: join(REPO_ROOT, 'dist/client'), ...options });
  try {
    return { server, browser: await launchChromium() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
