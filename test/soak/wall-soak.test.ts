/**
 * Soak: a day of incidents, replayed accelerated into a real server, with a headless wall open.
 * The server's clock walks through the last 23 hours while reports pour in; the wall must show
 * them all, repaint at most 4 times a second, and its heap (after forced GC) must not keep growing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { browserTestsEnabled, launchChromium } from '../e2e/browser.ts';
import { pointsByTownship, postReport } from '../e2e/report-seeding.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOUR = 3_600_000;
/** Reports in the replayed day (40 an hour over 23 hours, at several a second). */
const DAY_OF_REPORTS = 920;
const CONCURRENCY = 4;
const MB = 1024 * 1024;

async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

async function probe(page: Page): Promise<{ commitTimes: number[]; events: number; incidents: number }> {
  return page.evaluate(() => ({
    commitTimes: [...(window.__wall?.commitTimes ?? [])],
    events: window.__wall?.events ?? 0,
    incidents: Number(document.querySelector<HTMLElement>('[data-testid="wall-map"]')?.dataset.incidents ?? 0),
  }));
}

/** Most commits inside any one-second window. */
function peakPerSecond(times: readonly number[]): number {
  let peak = 0;
  for (let i = 0; i < times.length; i++) peak = Math.max(peak, times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length);
  return peak;
}

describe.skipIf(!browserTestsEnabled())('wall soak: an accelerated day of incidents', () => {
  let server: TestServer;
  let browser: Browser;
  let offset = 0;

  beforeAll(async () => {
    execFileSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'server/build-client-if-needed.ts')], { cwd: ROOT, stdio: 'inherit' });
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    server = await startTestServer({ clientDir: join(ROOT, 'dist/client'), now: () => new Date(Date.now() + offset) });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('keeps up, coalesces to ≤ 4 repaints a second and does not grow its heap', { timeout: 180_000 }, async () => {
    const wallToken = await loginAs(server, 'nanle.wall');
    const operator = await loginAs(server, 'nanle.operator');
    const points = [...(await pointsByTownship(server.url, '410923')).values()].flat();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/wall?county=410923&token=${encodeURIComponent(wallToken)}`);
    await page.waitForSelector('[data-testid="wall"][data-connected="true"]', { timeout: 30_000 });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.enable');

    const heaps: number[] = [];
    let next = 0;
    const fileOne = async (k: number) => {
      // Report k of the day happens at (k / N) of the way through the last 23 hours.
      offset = -23 * HOUR + Math.round((k / DAY_OF_REPORTS) * 23 * HOUR);
      await postReport(server.url, operator, points[(k * 37) % points.length]!, { matterCode: k % 4 === 0 ? undefined : 'CSHJ-001', description: `回放 #${k}` });
    };
    for (const quarter of [1, 2, 3, 4]) {
      const end = (DAY_OF_REPORTS * quarter) / 4;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < end) await fileOne(next++);
        }),
      );
      // Let the wall catch up (its coalescing window, then a snapshot), then measure.
      await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-testid="wall-map"]')?.dataset.incidents ?? 0) >= n, end, { timeout: 30_000 });
      await page.waitForTimeout(500);
      heaps.push(await heapAfterGc(cdp));
    }
    offset = 0;

    const state = await probe(page);
    expect(state.incidents).toBe(DAY_OF_REPORTS);
    expect(state.events).toBeGreaterThanOrEqual(DAY_OF_REPORTS);
    const peak = peakPerSecond(state.commitTimes);
    console.log(`wall soak: ${DAY_OF_REPORTS} reports, ${state.events} live events, peak ${peak} repaints/s, heap after GC at 25/50/75/100 %: ${heaps.map((h) => (h / MB).toFixed(1)).join(' / ')} MB`);
    expect(peak).toBeLessThanOrEqual(4);
    // Markers and the ticker are bounded; what may grow is the 920 markers' own data (≈ 0.3 MB).
    const [q1, q2, q3, q4] = heaps as [number, number, number, number];
    expect(q4 - q1).toBeLessThan(8 * MB);
    // No sustained growth: the second half grows no faster than the first (plus noise).
    expect(q4 - q2).toBeLessThan(Math.max(0, q2 - q1) + 3 * MB);
    expect(Math.max(q2, q3, q4)).toBeLessThan(q1 + 8 * MB);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ROOT, 'test-results/wall-soak-end.png') });
    await context.close();
  });
});
