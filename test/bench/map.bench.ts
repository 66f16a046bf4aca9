/**
 * npm run bench:map — how fast an operator sees the county map.
 *
 * For each seed county, headless Chromium (SwiftShader, 1920×1080) opens the operator console
 * signed in, and — in the same run, interleaved — a minimal MapLibre page that draws the very same
 * sources (the console's own style, its GeoJSON written out as static, precompressed files) in a map
 * of the same size at the same camera. Time = navigation start → the first frame the map is idle
 * with every grid level's polygons drawn. Cold: a fresh browser context (empty cache); warm: the
 * same URL opened again in that context. Also: bytes on the wire (all, grids, JS) and the bundle.
 *
 * Flags: --quick (1 round instead of 3), --no-write (do not touch BENCHMARKS.md).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip } from 'node:zlib';
import express from 'express';
import type { Browser, BrowserContext } from 'playwright-core';
import { REPO_ROOT } from '../../server/paths.ts';
import { pickEncoding } from '../../server/services/grid-bodies.ts';
import { GRID_LEVELS } from '../../shared/domain/grid.ts';
import { ensureClientBuilt, launchChromium } from '../e2e/browser.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { loginAs, operatorOf } from '../helpers/auth.ts';
import { formatMs, table, writeSection } from './bench-report.ts';

const QUICK = process.argv.includes('--quick');
const WRITE = !process.argv.includes('--no-write');
const ROUNDS = QUICK ? 1 : 3;
const VIEWPORT = { width: 1920, height: 1080 };
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const MAPLIBRE_DIST = join(REPO_ROOT, 'node_modules/maplibre-gl/dist');

/** Records, in the page, the first frame at which `drawn()` holds (performance.now(), ms from navigation start). */
const probe = (drawn: string) => `(() => {
  const drawn = ${drawn};
  const tick = () => { if (drawn()) window.__drawnAt = performance.now(); else requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
})()`;

const CONSOLE_DRAWN = `() => {
  const el = document.querySelector('[data-testid="map"]');
  const map = window.__gridDispatch && window.__gridDispatch.map;
  return !!el && !!el.dataset.county && el.dataset.gridLevels === 'township,village,group' && el.dataset.mapIdle === 'true' && !!map && map.loaded()
    && !!map.getSource('county-outline') && map.querySourceFeatures('grids-township').length > 0;
}`;

const MINIMAL_DRAWN = `() => {
  const map = window.__minimal;
  return !!map && map.__idle === true && map.loaded() && map.querySourceFeatures('grids-township').length > 0;
}`;

interface Load {
  ms: number;
  bytes: number;
  gridBytes: number;
  jsBytes: number;
  jsDecoded: number;
}

interface Camera {
  center: [number, number];
  zoom: number;
  width: number;
  height: number;
}

/** The console's style with each GeoJSON source's data replaced by a static file of it. */
interface MinimalSite {
  style: Record<string, unknown>;
  camera: Camera;
  files: Map<string, Buffer>;
}

async function measure(context: BrowserContext, url: string, drawn: string): Promise<Load> {
  const page = await context.newPage();
  await page.addInitScript(probe(drawn));
  try {
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as { __drawnAt?: number }).__drawnAt === 'number', undefined, { timeout: 240_000, polling: 100 });
    // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
    return (await page.evaluate(`(() => {
      const entries = performance.getEntriesByType('resource');
      const nav = performance.getEntriesByType('navigation')[0];
      const sum = (list, key) => list.reduce((s, e) => s + e[key], 0);
      const js = entries.filter((e) => /\\.m?js(\\?|$)/.test(e.name));
      return {
        ms: window.__drawnAt,
        bytes: nav.transferSize + sum(entries, 'transferSize'),
        gridBytes: sum(entries.filter((e) => e.name.includes('/api/v1/grids?') || e.name.includes('/static/grids-')), 'transferSize'),
        jsBytes: sum(js, 'transferSize'),
        jsDecoded: sum(js, 'decodedBodySize'),
      };
    })()`)) as Load;
  } finally {
    await page.close();
  }
}

async function signedInContext(browser: Browser, server: TestServer, county: string): Promise<BrowserContext> {
  const token = await loginAs(server, operatorOf(county));
  const me = await (await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(
    ([t, m]) => {
      sessionStorage.setItem('grid-dispatch.token', t);
      sessionStorage.setItem('grid-dispatch.me', m);
    },
    [token, JSON.stringify(me)] as const,
  );
  return context;
}

/** Opens the console once and takes its style, its sources' data and its camera. */
async function captureSite(browser: Browser, server: TestServer, county: string): Promise<MinimalSite> {
  const context = await signedInContext(browser, server, county);
  const page = await context.newPage();
  await page.addInitScript(probe(CONSOLE_DRAWN));
  await page.goto(`${server.url}/?county=${county}`);
  await page.waitForFunction(() => typeof (window as { __drawnAt?: number }).__drawnAt === 'number', undefined, { timeout: 240_000, polling: 100 });
  const captured = await page.evaluate(() => {
    const map = (window as unknown as { __gridDispatch: { map: import('maplibre-gl').Map } }).__gridDispatch.map;
    const canvas = map.getCanvas().getBoundingClientRect();
    const c = map.getCenter();
    return { style: map.getStyle(), camera: { center: [c.lng, c.lat] as [number, number], zoom: map.getZoom(), width: Math.round(canvas.width), height: Math.round(canvas.height) } };
  });
  await context.close();
  const files = new Map<string, Buffer>();
  const sources = captured.style.sources as Record<string, { type: string; data?: unknown }>;
  for (const [id, source] of Object.entries(sources)) {
    if (source.type !== 'geojson' || typeof source.data !== 'object') continue;
    const name = `/static/grids-${county}-${id}.geojson`;
    files.set(name, Buffer.from(JSON.stringify(source.data)));
    source.data = name;
  }
  return { style: captured.style as unknown as Record<string, unknown>, camera: captured.camera, files };
}

function minimalHtml(site: MinimalSite): string {
  const { camera } = site;
  // Absolute data URLs: MapLibre's worker resolves them.
  return `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/maplibre/maplibre-gl.css">
<style>html,body{margin:0}#map{width:${camera.width}px;height:${camera.height}px}</style></head><body><div id="map"></div>
<script type="module">
import { Map, setWorkerUrl } from '/maplibre/maplibre-gl.mjs';
setWorkerUrl('/maplibre/maplibre-gl-worker.mjs');
const style = ${JSON.stringify(site.style)};
for (const source of Object.values(style.sources)) if (typeof source.data === 'string') source.data = location.origin + source.data;
const map = new Map({ container: 'map', style, center: ${JSON.stringify(camera.center)}, zoom: ${camera.zoom}, localIdeographFontFamily: ${JSON.stringify('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif')}, renderWorldCopies: false });
map.on('idle', () => { map.__idle = true; });
window.__minimal = map;
</script></body></html>`;
}

/** A static host at its best: every file precompressed once, brotli or gzip as accepted, cached for good. */
async function startStaticHost(sites: Map<string, MinimalSite>): Promise<{ url: string; close: () => Promise<void> }> {
  const files = new Map<string, { type: string; raw: Buffer; br: Buffer; gzip: Buffer }>();
  const pending: Promise<unknown>[] = [];
  // Compressed off the event loop: the console's server shares this process (and sheds load when its loop stalls).
  const add = (name: string, type: string, raw: Buffer) =>
    pending.push(
      Promise.all([brotliAsync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }), gzipAsync(raw, { level: 9 })]).then(([br, gzip]) => files.set(name, { type, raw, br, gzip })),
    );
  for (const file of ['maplibre-gl.mjs', 'maplibre-gl-worker.mjs', 'maplibre-gl-shared.mjs']) add(`/maplibre/${file}`, 'text/javascript', readFileSync(join(MAPLIBRE_DIST, file)));
  add('/maplibre/maplibre-gl.css', 'text/css', readFileSync(join(MAPLIBRE_DIST, 'maplibre-gl.css')));
  for (const [county, site] of sites) {
    add(`/minimal/${county}.html`, 'text/html', Buffer.from(minimalHtml(site)));
    for (const [name, body] of site.files) add(name, 'application/geo+json', body);
  }
  await Promise.all(pending);
  const app = express();
  app.get(/.*/, (req, res) => {
    const file = files.get(req.path);
    if (!file) return void res.status(404).end();
    const encoding = pickEncoding(req.get('accept-encoding'));
    res.set({ 'Content-Type': file.type, 'Cache-Control': file.type === 'text/html' ? 'no-cache' : 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding' });
    if (encoding !== 'identity') res.set('Content-Encoding', encoding);
    res.send(encoding === 'identity' ? file.raw : file[encoding]);
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KB`;

/** What the map's grid requests weighed before this benchmark's issue: each level's full-precision GeoJSON, uncompressed. */
function gridBytesBefore(county: string): number {
  const grid = JSON.parse(readFileSync(join(REPO_ROOT, `data/grids/${county}.geojson`), 'utf8')) as { features: { properties: { level: string } }[] };
  return GRID_LEVELS.reduce((sum, level) => sum + Buffer.byteLength(JSON.stringify({ type: 'FeatureCollection', features: grid.features.filter((f) => f.properties.level === level) })), 0);
}

function bundleReport(): string {
  const dir = join(REPO_ROOT, 'dist/client/assets');
  const rows = readdirSync(dir)
    .filter((name) => name.endsWith('.js') || name.endsWith('.mjs') || name.endsWith('.css'))
    .map((name) => {
      const raw = readFileSync(join(dir, name));
      return { name, size: statSync(join(dir, name)).size, br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }).length };
    })
    .sort((a, b) => b.size - a.size);
  return table(
    ['asset (dist/client/assets)', 'size', 'brotli'],
    rows.map((r) => [r.name.replace(/-[A-Za-z0-9_-]{8}\./, '.'), kb(r.size), kb(r.br)]),
  );
}

async function main(): Promise<void> {
  ensureClientBuilt();
  const load0 = loadavg();
  const server = await startTestServer({ clientDir: join(REPO_ROOT, 'dist/client') });
  const browser = await launchChromium();
  const summaries = (await (await fetch(`${server.url}/api/v1/counties`)).json()) as { code: string; name: string }[];
  const counties = summaries.map((c) => c.code.slice(0, 6));
  try {
    const sites = new Map<string, MinimalSite>();
    for (const county of counties) sites.set(county, await captureSite(browser, server, county));
    const host = await startStaticHost(sites);
    const results = new Map<string, { console: { cold: Load[]; warm: Load[] }; minimal: { cold: Load[]; warm: Load[] } }>();
    for (const county of counties) results.set(county, { console: { cold: [], warm: [] }, minimal: { cold: [], warm: [] } });
    for (let round = 0; round < ROUNDS; round++) {
      for (const county of counties) {
        const r = results.get(county)!;
        const minimalContext = await browser.newContext({ viewport: VIEWPORT });
        r.minimal.cold.push(await measure(minimalContext, `${host.url}/minimal/${county}.html`, MINIMAL_DRAWN));
        r.minimal.warm.push(await measure(minimalContext, `${host.url}/minimal/${county}.html`, MINIMAL_DRAWN));
        await minimalContext.close();
        const consoleContext = await signedInContext(browser, server, county);
        r.console.cold.push(await measure(consoleContext, `${server.url}/?county=${county}`, CONSOLE_DRAWN));
        r.console.warm.push(await measure(consoleContext, `${server.url}/?county=${county}`, CONSOLE_DRAWN));
        await consoleContext.close();
        const last = (l: Load[]) => formatMs(l[l.length - 1]!.ms);
        console.log(`round ${round + 1} ${county}: console cold ${last(r.console.cold)} warm ${last(r.console.warm)}; minimal cold ${last(r.minimal.cold)} warm ${last(r.minimal.warm)}`);
      }
    }
    await host.close();

    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const county of counties) {
      const r = results.get(county)!;
      const m = (l: Load[]) => median(l.map((x) => x.ms));
      const cold = m(r.console.cold);
      const warm = m(r.console.warm);
      const peerCold = m(r.minimal.cold);
      const peerWarm = m(r.minimal.warm);
      const grid = median(r.console.cold.map((x) => x.gridBytes));
      const before = gridBytesBefore(county);
      const coldLoad = r.console.cold[0]!;
      const name = summaries.find((c) => c.code.startsWith(county))?.name ?? county;
      rows.push([
        `${name} (${county})`,
        formatMs(cold),
        formatMs(peerCold),
        `${(cold / peerCold).toFixed(2)}×`,
        formatMs(warm),
        formatMs(peerWarm),
        `${(warm / peerWarm).toFixed(2)}×`,
        kb(median(r.console.cold.map((x) => x.bytes))),
        kb(median(r.minimal.cold.map((x) => x.bytes))),
        `${kb(grid)} (was ${kb(before)}, ${(before / grid).toFixed(1)}× less)`,
        `${kb(coldLoad.jsBytes)} (${kb(coldLoad.jsDecoded)} decoded)`,
      ]);
      const ok = (b: boolean) => (b ? '✓' : '✗');
      verdicts.push(
        `${county}: cold ${formatMs(cold)} = ${(cold / peerCold).toFixed(2)}× the minimal page (≤ 1.3× ${ok(cold <= 1.3 * peerCold)}; < 1.5 s ${ok(cold < 1500)}); warm ${formatMs(warm)} (< 0.8 s ${ok(warm < 800)}); grid bytes ${(before / grid).toFixed(1)}× less than before (≥ 4× ${ok(before / grid >= 4)})`,
      );
    }
    const load1 = loadavg();
    const body = [
      `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, Node ${process.version}, ${process.platform}/${process.arch}; Chromium ${browser.version()} headless, SwiftShader WebGL, ${VIEWPORT.width}×${VIEWPORT.height}. Date: ${new Date().toISOString().slice(0, 10)}. ${QUICK ? 'Quick run (1 round)' : `Full run (median of ${ROUNDS} rounds)`}. Load average (1/5/15 min) ${load0.map((v) => v.toFixed(1)).join(' / ')} at the start, ${load1.map((v) => v.toFixed(1)).join(' / ')} at the end — other work shares the 2 cores, so compare the ratios (measured interleaved in the same run), not the absolute times.`,
      '',
      'Time from navigation start to the first frame in which the map is idle with every grid level\'s polygons drawn (county outline, townships, villages, groups) at the county\'s fitted view. *Console*: the operator console, signed in (session set before the page runs), served by the real server (`startServer`, embedded store). *Minimal*: a page that is only MapLibre (the npm package\'s own build) drawing the same sources — the console\'s style as `map.getStyle()` returns it, each GeoJSON source written to a static file — in a map of the same size at the same camera, from a static host that sends every file precompressed (brotli) with a year\'s max-age. Cold: a new browser context (empty cache); warm: the same URL opened again in that context. Bytes are what went over the wire in the cold load (`transferSize` of the page and every resource); grid bytes "was" is each level\'s full-precision GeoJSON uncompressed, as `/grids` sent it before.',
      '',
      table(['county', 'console cold', 'minimal cold', 'ratio', 'console warm', 'minimal warm', 'ratio', 'bytes (console)', 'bytes (minimal)', 'grid bytes on the wire', 'JS on the wire'], rows),
      '',
      ...verdicts.map((v) => `- ${v}`),
      '',
      'Bundle (`npm run build`; the console loads the entry chunk and MapLibre\'s worker; the wall, evaluation, public, commander, field, report and import views are separate chunks loaded when visited):',
      '',
      bundleReport(),
    ].join('\n');
    console.log(body);
    if (WRITE) writeSection(fileURLToPath(new URL('../../BENCHMARKS.md', import.meta.url)), '## Map load (npm run bench:map)', body);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
