import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../server/paths.ts';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; .ci/run installs it together with fonts-noto-cjk for the labels. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL without a GPU: MapLibre needs it, SwiftShader provides it.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

export const isCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';

/**
 * Whether the browser tests can run here. Under CI a missing Chromium must fail the run, so
 * this says "yes" there and lets the launch throw; locally it skips with a loud message.
 */
export function browserTestsEnabled(): boolean {
  if (existsSync(CHROMIUM_PATH) || isCi()) return true;
  console.warn(
    `\n!!! SKIPPING browser end-to-end tests: no Chromium at ${CHROMIUM_PATH}.\n` +
      '!!! Install it with `apt-get install -y chromium fonts-noto-cjk` or set CHROMIUM_PATH.\n',
  );
  return false;
}

/** A fresh browser on a throw-away profile (playwright's default temp user-data-dir). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`Chromium not found at ${CHROMIUM_PATH} (required under CI)`);
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

/** Builds dist/client when its sources are newer (the same check `npm start` makes). */
export function ensureClientBuilt(): void {
  execFileSync(join(REPO_ROOT, 'node_modules/.bin/tsx'), [join(REPO_ROOT, 'server/build-client-if-needed.ts')], { cwd: REPO_ROOT, stdio: 'inherit' });
}
