import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position } from 'geojson';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GridCollection, GridFeature } from '../../shared/domain/grid.ts';
import type { GridProblem } from '../../shared/grid-validation/grid-problems.ts';
import { splitCsv } from '../../shared/domain/matters.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { browserTestsEnabled, ensureClientBuilt, launchChromium } from './browser.ts';
import { jumpAndSettle, pagePoint, renderedAt, waitForIdle } from './map-page.ts';
import { watchPage, type PageWatch } from './page-watch.ts';
import { signInAt } from './sign-in.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'test-results');
const COUNTY = '410923'; // 南乐县: nanle.admin manages it
const ADMIN = 'nanle.admin';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `imports-${name}.png`) });
}

type Box = [number, number, number, number];

function bboxOf(f: { geometry: GridFeature['geometry'] }): Box {
  const rings = f.geometry.type === 'Polygon' ? f.geometry.coordinates : f.geometry.coordinates.flat();
  const xs = rings.flat().map((p) => p[0]!);
  const ys = rings.flat().map((p) => p[1]!);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
const inside = (at: [number, number] | undefined, box: Box, pad = 1e-6) => !!at && at[0] >= box[0] - pad && at[0] <= box[2] + pad && at[1] >= box[1] - pad && at[1] <= box[3] + pad;

const shift = (f: GridFeature, dx: number): GridFeature =>
  ({ ...f, geometry: { type: 'Polygon', coordinates: (f.geometry.coordinates as Position[][]).map((ring) => ring.map((p) => [p[0]! + dx, p[1]!])) } }) as GridFeature;

describe.skipIf(!browserTestsEnabled())('data import page: a broken grid reported on the map, a good one applied, a catalogue with a bad row', () => {
  let server: TestServer;
  let browser: Browser;
  let exported: GridCollection;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureClientBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // Load shedding has its own tests: a busy 2-core machine must not turn the polls into 503s.
    server = await startTestServer({ clientDir: join(ROOT, 'dist/client'), admission: false });
    browser = await launchChromium();
    exported = (await (await fetch(`${server.url}/api/v1/exports/grids.geojson?county=${COUNTY}`)).json()) as GridCollection;
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  async function open(username: string): Promise<{ page: Page; watch: PageWatch }> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    contexts.push(context);
    const page = await context.newPage();
    const watch = await watchPage(page);
    await signInAt(page, server.url, '/imports', username);
    await page.waitForSelector('[data-testid="import-form"]');
    return { page, watch };
  }

  async function job(page: Page, username: string): Promise<{ id: string; report: { problems: GridProblem[] } }> {
    const id = await page.getAttribute('[data-testid="report-summary"]', 'data-job-id');
    const res = await fetch(`${server.url}/api/v1/imports/${id}`, { headers: bearer(await loginAs(server, username)) });
    expect(res.status).toBe(200);
    return res.json() as Promise<{ id: string; report: { problems: GridProblem[] } }>;
  }

  it('reports a self-intersection, a duplicate code and a polygon moved out of its village on the map; Apply stays off; a good file applies as version 2', async () => {
    const { page, watch } = await open(ADMIN);
    // The county admin is offered their county only; the catalogue is a system-wide admin's.
    expect(await page.locator('[data-testid="import-county"] option').allTextContents()).toEqual(['南乐县']);
    await page.waitForSelector('[data-testid="current-version"][data-version="1"]');

    // Three groups in three different townships, so the markers lie apart.
    const groups = exported.features.filter((f) => f.properties.level === 'group');
    const villageOf = (g: GridFeature) => exported.features.find((f) => f.properties.code === g.properties.parentCode)!;
    const townships = [...new Set(groups.map((g) => g.properties.code.slice(0, 9)))];
    const pick = (t: string, nth = 1) => groups.filter((g) => g.properties.code.startsWith(t))[nth]!;
    const bow = pick(townships[0]!);
    const dup = pick(townships[1]!);
    const moved = pick(townships[2]!);
    const movedVillage = bboxOf(villageOf(moved));
    const movedBy = movedVillage[2] - movedVillage[0] + 0.002;
    const bowRing = [...(bow.geometry.coordinates[0] as Position[])];
    [bowRing[1], bowRing[2]] = [bowRing[2]!, bowRing[1]!];
    const broken = {
      type: 'FeatureCollection',
      features: [
        ...exported.features.map((f) => (f === bow ? { ...f, geometry: { type: 'Polygon', coordinates: [bowRing] } } : f === moved ? shift(f, movedBy) : f)),
        dup,
      ],
    };

    await page.setInputFiles('[data-testid="import-file"]', { name: '南乐县网格-有误.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(broken)) });
    expect(await page.inputValue('[data-testid="import-crs"]')).toBe('WGS84');
    expect(await page.textContent('[data-testid="import-file-name"]')).toBe('南乐县网格-有误.geojson');
    await page.click('[data-testid="import-upload"]');
    // The check's stage and percent, as the API reports them while it runs.
    const stage = await (
      await page.waitForFunction(
        () => {
          const text = document.querySelector('[data-testid="import-stage"]')?.textContent ?? '';
          const percent = document.querySelector('[data-testid="import-progress"]')?.getAttribute('data-percent');
          return /正在检查/.test(text) && percent ? `${text} ${percent}%` : null;
        },
        undefined,
        { timeout: 30_000, polling: 50 },
      )
    ).jsonValue();
    await shot(page, '1-checking');
    await page.waitForSelector('[data-testid="report-summary"][data-ok="false"]', { timeout: 60_000 });
    expect(stage).toMatch(/正在检查 · (几何|属性|拓扑).* \d+%/);

    // The problem list, grouped by kind, each entry naming the feature code.
    const report = (await job(page, ADMIN)).report;
    const index = (code: string, of: string) => report.problems.findIndex((p) => p.code === code && p.codes?.[0] === of);
    const selfAt = index('SELF_INTERSECTION', bow.properties.code);
    const dupAt = index('DUPLICATE_CODE', dup.properties.code);
    const outsideAt = index('OUTSIDE_PARENT', moved.properties.code);
    expect([selfAt, dupAt, outsideAt].every((i) => i >= 0), JSON.stringify(report.problems.map((p) => [p.code, p.codes]))).toBe(true);
    for (const [key, i, code] of [['SELF_INTERSECTION', selfAt, bow], ['DUPLICATE_CODE', dupAt, dup], ['OUTSIDE_PARENT', outsideAt, moved]] as const) {
      const entry = page.locator(`[data-testid="problem-group"][data-key="${key}"] [data-testid="problem"][data-index="${i}"]`);
      expect(await entry.textContent()).toContain(code.properties.code);
    }
    expect(await page.textContent('[data-testid="problem-group"][data-key="SELF_INTERSECTION"] h3')).toContain('自相交');
    expect(await page.textContent('[data-testid="problem-group"][data-key="OUTSIDE_PARENT"] h3')).toContain('超出上级范围');
    expect(await page.locator('[data-testid="problem-group"][data-key="GAP"]').count()).toBe(1);
    // Apply is off while the report has errors.
    expect(await page.isDisabled('[data-testid="apply"]')).toBe(true);
    expect(await page.textContent('[data-testid="apply-why"]')).toContain('不能应用');

    // The uploaded polygons are drawn and every located problem has a marker.
    const located = report.problems.filter((p) => p.location).length;
    await page.waitForSelector(`[data-testid="import-map"][data-markers="${located}"][data-drawn="${broken.features.length}"]`);
    await waitForIdle(page);
    await shot(page, '2-report');

    // A list entry flies to its problem, rings its marker and outlines the feature.
    const selfLocation = report.problems[selfAt]!.location!;
    expect(inside(selfLocation, bboxOf(bow))).toBe(true);
    await page.click(`[data-testid="problem"][data-index="${selfAt}"]`);
    await page.waitForSelector(`[data-testid="import-map"][data-selected="${selfAt}"]`);
    await page.waitForFunction(() => document.querySelector<HTMLElement>('[data-testid="import-map"]')?.dataset.mapIdle === 'true' && (window.__gridDispatch?.map.getZoom() ?? 0) >= 14);
    await waitForIdle(page);
    const center = await page.evaluate(() => window.__gridDispatch!.map.getCenter().toArray());
    expect(Math.abs(center[0]! - selfLocation[0]) + Math.abs(center[1]! - selfLocation[1])).toBeLessThan(1e-4);
    const markers = await renderedAt(page, selfLocation, ['import-problem-points']);
    expect(markers.map((m) => m.i)).toContain(selfAt);
    expect((await renderedAt(page, selfLocation, ['import-problem-selected'])).map((m) => m.i)).toEqual([selfAt]);
    const outlined = await page.evaluate(() => window.__gridDispatch!.map.queryRenderedFeatures({ layers: ['import-upload-highlight-line'] }).map((f) => f.properties.code));
    expect(outlined).toContain(bow.properties.code);
    await shot(page, '3-self-intersection');

    // A marker clicked on the map selects its entry in the list.
    const outsideLocation = report.problems[outsideAt]!.location!;
    expect(inside(outsideLocation, bboxOf(shift(moved, movedBy)))).toBe(true);
    await jumpAndSettle(page, outsideLocation, 14);
    const at = await pagePoint(page, outsideLocation);
    await page.mouse.click(at.x, at.y);
    await page.waitForSelector(`[data-testid="problem"][data-index="${outsideAt}"][aria-pressed="true"]`);
    expect(await page.isVisible(`[data-testid="problem"][data-index="${outsideAt}"]`)).toBe(true);
    await waitForIdle(page);
    await shot(page, '4-marker-selected');

    // English on the switch, the same report.
    await page.click('.lang-switch');
    expect(await page.textContent('[data-testid="problem-group"][data-key="SELF_INTERSECTION"] h3')).toContain('Self-intersection');
    expect(await page.textContent('[data-testid="apply"]')).toBe('Apply as new version');
    await shot(page, '5-english');
    await page.click('.lang-switch');

    // A good file (one group renamed): no errors, Apply on, applied as version 2.
    const renamed = { type: 'FeatureCollection', features: exported.features.map((f) => (f === dup ? { ...f, properties: { ...f.properties, name: `${f.properties.name}（更名）` } } : f)) };
    await page.setInputFiles('[data-testid="import-file"]', { name: '南乐县网格.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(renamed)) });
    await page.click('[data-testid="import-upload"]');
    await page.waitForSelector('[data-testid="report-summary"][data-ok="true"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="error-count"]')).toContain('0');
    await page.waitForSelector('[data-testid="import-map"][data-markers="0"]');
    expect(await page.isEnabled('[data-testid="apply"]')).toBe(true);
    await page.click('[data-testid="apply"]');
    await page.waitForSelector('[data-testid="applied"][data-version="2"]');
    expect(await page.textContent('[data-testid="applied"]')).toContain('已应用为第 2 版');
    await page.waitForSelector('[data-testid="current-version"][data-version="2"]');
    await waitForIdle(page);
    await shot(page, '6-applied');
    const versions = await (await fetch(`${server.url}/api/v1/grid-versions?county=${COUNTY}`, { headers: bearer(await loginAs(server, ADMIN)) })).json();
    expect(versions.current).toBe(2);

    // The catalogue is not this account's to import: the page says so instead of offering an upload.
    await page.click('[data-testid="import-form"] input[value="catalogue"]');
    expect(await page.textContent('[data-testid="import-blocked"]')).toContain('系统管理员');
    expect(await page.isDisabled('[data-testid="import-upload"]')).toBe(true);

    expect(watch.external).toEqual([]);
    expect(watch.errors).toEqual([]);
  });

  it('reports a catalogue CSV with a bad row by row and column, and will not apply it', async () => {
    const csv = await (await fetch(`${server.url}/api/v1/exports/catalogue.csv`)).text();
    const split = splitCsv(csv);
    if (!Array.isArray(split)) throw new Error(split.message);
    const rows = split.map((r) => r.fields);
    const header = rows[0]!;
    // Line 5 of the file: an unknown domain and a simple_procedure that is neither Y nor N.
    rows[4]![header.indexOf('domain')] = '不存在的领域';
    rows[4]![header.indexOf('simple_procedure')] = '是';
    const text = `${rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`;

    const { page, watch } = await open('system.admin');
    await page.click('[data-testid="import-form"] input[value="catalogue"]');
    expect(await page.isDisabled('[data-testid="import-county"]')).toBe(true);
    await page.setInputFiles('[data-testid="import-file"]', { name: '执法事项清单.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.click('[data-testid="import-upload"]');
    await page.waitForSelector('[data-testid="report-summary"][data-ok="false"]');
    const domain = page.locator('[data-testid="problem-group"][data-key="domain"]');
    expect(await domain.locator('h3').textContent()).toContain('列 domain');
    expect(await domain.locator('[data-testid="problem"]').first().textContent()).toContain('C5');
    const simple = page.locator('[data-testid="problem-group"][data-key="simple_procedure"] [data-testid="problem"]');
    expect(await simple.first().textContent()).toContain('F5');
    expect(await page.isDisabled('[data-testid="apply"]')).toBe(true);
    expect(await page.locator('[data-testid="import-map"]').count()).toBe(0);
    await shot(page, '7-catalogue');

    // A file of the wrong kind is refused before it is sent, with what to do instead.
    await page.setInputFiles('[data-testid="import-file"]', { name: 'matters.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('x') });
    await page.click('[data-testid="import-upload"]');
    expect(await page.textContent('[data-testid="import-error"]')).toContain('.xlsx');

    expect(watch.external).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
