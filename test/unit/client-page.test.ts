import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Request, Response } from 'express';
import { clientPage } from '../../server/http/client-page.ts';
import { REPO_ROOT } from '../../server/paths.ts';
import { readGridFiles } from '../../server/repositories/grid-files.ts';
import { readJurisdictionFiles } from '../../server/repositories/jurisdiction-files.ts';
import { GridService } from '../../server/services/grid-service.ts';
import type { PageBoot } from '../../shared/protocol/page-boot.ts';

const TEMPLATE = '<!doctype html><html><head><meta charset="UTF-8" /><link rel="stylesheet" href="/assets/a.css"><script type="module" src="/assets/a.js"></script></head><body></body></html>';

let dir: string;
let grids: GridService;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gd-page-'));
  writeFileSync(join(dir, 'index.html'), TEMPLATE);
  const { counties, collections } = readGridFiles(`${REPO_ROOT}data/grids`);
  grids = new GridService(counties, collections, readJurisdictionFiles(`${REPO_ROOT}data`));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function render(): string {
  let html = '';
  const res = { set: () => res, type: () => res, send: (body: string) => (html = body) } as unknown as Response;
  void clientPage(dir, grids)({} as Request, res, () => undefined);
  return html;
}

/** Runs the page's inline script as a browser would at `url`; returns the boot object and the URLs fetched. */
function runAt(html: string, url: string): { boot: PageBoot; fetched: string[] } {
  const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
  const fetched: string[] = [];
  const window: { __gridBoot?: PageBoot } = {};
  const { pathname, search } = new URL(url, 'http://console.test');
  runInNewContext(script, {
    window,
    location: { pathname, search },
    URLSearchParams,
    fetch: (u: string) => {
      fetched.push(u);
      return new Promise(() => undefined);
    },
  });
  return { boot: window.__gridBoot!, fetched };
}

describe('the served page', () => {
  it('carries the counties and grid versions and fetches the shown county\'s levels before the stylesheet and bundle', () => {
    const html = render();
    expect(html.indexOf('<script>')).toBeLessThan(html.indexOf('<link rel="stylesheet"'));
    expect(html.indexOf('<meta charset')).toBeLessThan(html.indexOf('<script>'));

    const first = grids.counties[0]!.code;
    const { boot, fetched } = runAt(html, '/');
    expect(boot.counties.map((c) => c.code)).toEqual(grids.counties.map((c) => c.code));
    expect(boot.versions.generation).toBe(grids.gridGeneration());
    expect(fetched).toEqual(['county', 'township', 'village', 'group'].map((level) => `/api/v1/grids?county=${first.slice(0, 6)}&level=${level}&v=1`));
    expect(Object.keys(boot.prefetched!)).toEqual(fetched);

    expect(runAt(html, '/console?county=330822').fetched[0]).toBe('/api/v1/grids?county=330822&level=county&v=1');
    expect(runAt(html, '/?county=330822&tiles=1').fetched).toEqual(['/api/v1/grids?county=330822&level=county&v=1', '/api/v1/grids?county=330822&level=township&v=1']);
    // Other pages get the data but fetch nothing early.
    expect(runAt(html, '/wall').fetched).toEqual([]);
  });

  it('names the new version after an import and cannot be broken out of by grid names', () => {
    const code = '330822000000';
    const features = grids.features(code)!.map((f, i) => (i === 1 ? { ...f, properties: { ...f.properties, shortName: '</script><script>alert(1)</script>' } } : f));
    grids.applyGridVersions(new Map([[code, { collection: { type: 'FeatureCollection', features }, version: 3 }]]));
    const html = render();
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(runAt(html, '/?county=330822').fetched[0]).toBe('/api/v1/grids?county=330822&level=county&v=3');
  });
});
