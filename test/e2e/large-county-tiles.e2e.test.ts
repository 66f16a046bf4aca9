import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pointOnFeature } from '@turf/turf';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection } from '../../shared/domain/grid.ts';
import type { TestServer } from '../helpers/test-server.ts';
import { startBrowserStack } from './browser-stack.ts';
import { browserTestsEnabled } from './browser.ts';
import { jumpAndSettle, pagePoint, placedLabels, renderedAt, waitForGridsIdle } from './map-page.ts';
import { watchPage } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const COUNTY = '410923000000';

/**
 * A county drawn from vector tiles (forced with ?tiles=1: the bundled counties are all below the
 * threshold): the village and group levels come from /api/v1/tiles, never as whole-county
 * GeoJSON, and still render, label, and route a click to the right chain.
 */
describe.skipIf(!browserTestsEnabled())('large county: grids from vector tiles in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    ({ server, browser } = await startBrowserStack({ admission: false }));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('draws villages and groups from tiles, labels them, and a click on a group routes to its chain', async () => {
    const groups = (await (await fetch(`${server.url}/api/v1/grids?county=410923&level=group`)).json()) as GridCollection;
    const target = groups.features[Math.floor(groups.features.length / 3)];
    if (!target) throw new Error('no group grids served');
    const [lon, lat] = pointOnFeature(target).geometry.coordinates as [number, number];
    const { generation } = (await (await fetch(`${server.url}/api/v1/grids/versions`)).json()) as { generation: number };

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    const watch = await watchPage(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname + new URL(request.url()).search));
    try {
      await signInAt(page, server.url, '/?county=410923&tiles=1', 'nanle.operator');
      await waitForGridsIdle(page, COUNTY);
      expect(await page.getAttribute('[data-testid="map"]', 'data-grid-mode')).toBe('tiles');

      await jumpAndSettle(page, [lon, lat], 12);
      expect((await placedLabels(page, 'grid-label-village')).length).toBeGreaterThan(3);
      await jumpAndSettle(page, [lon, lat], 14.5);
      const rendered = await renderedAt(page, [lon, lat], ['grid-fill-group']);
      expect(rendered).toContainEqual(expect.objectContaining({ code: target.properties.code }));
      const labels = await placedLabels(page, 'grid-label-group');
      expect(labels).toContain(target.properties.shortName);
      expect(new Set(labels).size, 'each group labelled once').toBe(labels.length);
      await page.screenshot({ path: join(SHOTS, 'large-county-tiles-1-groups.png') });

      // Tiles at the served generation, with the village and group levels never fetched whole.
      const tiles = requests.filter((path) => path.startsWith('/api/v1/tiles/'));
      for (const layer of ['village', 'village-labels', 'group', 'group-labels']) {
        expect(tiles.some((path) => path.startsWith(`/api/v1/tiles/${layer}/`) && path.endsWith(`.pbf?g=${generation}`)), `${layer} tiles requested`).toBe(true);
      }
      expect(requests.filter((path) => path.startsWith('/api/v1/grids?') && /level=(village|group)/.test(path))).toEqual([]);
      expect(requests.some((path) => path.startsWith('/api/v1/grids?') && path.includes('level=township'))).toBe(true);

      // A click on the group: the report form there, and the answer names the group's chain.
      const at = await pagePoint(page, [lon, lat]);
      await page.mouse.click(at.x, at.y);
      await page.fill('[data-testid="report-form"] textarea[name="description"]', '瓦片模式：点击村民小组上报');
      await page.click('[data-testid="report-form"] button[type="submit"]');
      await page.waitForSelector('[data-testid="route-answer"]');
      expect(await page.getAttribute('[data-testid="route-group"]', 'data-code')).toBe(target.properties.code);
      expect(await page.getAttribute('[data-testid="route-village"]', 'data-code')).toBe(target.properties.parentCode);
      await page.screenshot({ path: join(SHOTS, 'large-county-tiles-2-routed.png') });

      expect(watch.external, 'requests to hosts other than localhost').toEqual([]);
      expect(watch.errors, 'console errors').toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
