import type { Page } from 'playwright-core';

/** Helpers that reach the MapLibre map through the `window.__gridDispatch` hook. */

export async function waitForGridsIdle(page: Page, county: string): Promise<void> {
  await page.waitForFunction(
    (code) => {
      const el = document.querySelector<HTMLElement>('[data-testid="map"]');
      return (
        el?.dataset.county === code &&
        el.dataset.gridLevels === 'township,village,group' &&
        el.dataset.mapIdle === 'true' &&
        window.__gridDispatch?.map.loaded() === true
      );
    },
    county,
    { timeout: 30_000 },
  );
}

/** Moves the camera and resolves once the new view is fully drawn. */
export async function jumpAndSettle(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ([lon, lat, z]) =>
      new Promise<void>((resolve) => {
        const map = window.__gridDispatch?.map;
        if (!map) throw new Error('map hook missing');
        map.once('idle', () => resolve());
        map.jumpTo({ center: [lon, lat], zoom: z });
      }),
    [center[0], center[1], zoom] as const,
  );
}

/** Page coordinates of a lon/lat on the map canvas. */
export async function pagePoint(page: Page, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return page.evaluate(([lon, lat]) => {
    const map = window.__gridDispatch?.map;
    if (!map) throw new Error('map hook missing');
    const point = map.project([lon, lat]);
    const box = map.getCanvas().getBoundingClientRect();
    return { x: box.left + point.x, y: box.top + point.y };
  }, lonLat);
}

export async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__gridDispatch?.map;
        if (!map) throw new Error('map hook missing');
        if (map.loaded() && !map.isMoving()) {
          map.once('idle', () => resolve());
          map.triggerRepaint();
        } else map.once('idle', () => resolve());
      }),
  );
}

/** Rendered features of some layers at a lon/lat (rendered, so hidden or collided ones do not count). */
export async function renderedAt(page: Page, lonLat: [number, number], layers: string[]): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    ([lon, lat, ids]) => {
      const map = window.__gridDispatch?.map;
      if (!map) throw new Error('map hook missing');
      const point = map.project([lon, lat]);
      const box: [[number, number], [number, number]] = [
        [point.x - 6, point.y - 6],
        [point.x + 6, point.y + 6],
      ];
      return map.queryRenderedFeatures(box, { layers: ids }).map((feature) => ({ ...feature.properties }));
    },
    [lonLat[0], lonLat[1], layers] as const,
  );
}

/** Label texts currently placed on screen for a layer. */
export async function placedLabels(page: Page, layer: string): Promise<string[]> {
  return page.evaluate((id) => {
    const map = window.__gridDispatch?.map;
    if (!map) throw new Error('map hook missing');
    return map.queryRenderedFeatures({ layers: [id] }).map((feature) => String(feature.properties.shortName));
  }, layer);
}
