import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { GEOJSON_LEVELS_IN_TILE_MODE, TILE_MODE_MIN_GROUPS, gridLevelPath } from '../../shared/domain/grid-delivery.ts';
import { GRID_LEVELS } from '../../shared/domain/grid.ts';
import type { PageBoot } from '../../shared/protocol/page-boot.ts';
import type { GridService } from '../services/grid-service.ts';

/**
 * Runs in the page's <head> before the stylesheet and the bundle: on the console (`/`,
 * `/console`) it starts fetching the grid levels of the county the console will show (`?county=`
 * or the first) in parallel with the bundle. ES5 on purpose: it is not compiled.
 */
const PREFETCH = `(function(b){var p=location.pathname;if(p!=='/'&&p!=='/console'&&p.indexOf('/console/')!==0)return;
var q=new URLSearchParams(location.search),w=q.get('county')||'',t=q.get('tiles'),c=null,i,l;
if(/^\\d{6}$/.test(w))w+='000000';
for(i=0;i<b.counties.length;i++)if(b.counties[i].code===w)c=w;
if(!c&&b.counties.length)c=b.counties[0].code;if(!c)return;
var u=b.levels[c]||{};b.prefetched={};
for(l in u){if((t==='1'||t==='true')&&(l==='village'||l==='group'))continue;
b.prefetched[u[l]]=fetch(u[l],{headers:{accept:'application/json'}}).then(function(r){return r.ok?r.json():null},function(){return null});}
})(window.__gridBoot)`;

/** The boot data for the grids as served now. */
export function pageBoot(grids: GridService): PageBoot {
  const counties = grids.counties;
  const levels: PageBoot['levels'] = {};
  for (const county of counties) {
    const version = grids.version(county.code).grid;
    const drawn = county.counts.group > TILE_MODE_MIN_GROUPS ? GEOJSON_LEVELS_IN_TILE_MODE : GRID_LEVELS;
    levels[county.code] = Object.fromEntries(drawn.map((level) => [level, gridLevelPath(county.code, level, version)]));
  }
  return {
    counties,
    versions: { generation: grids.gridGeneration(), counties: counties.map((c) => ({ code: c.code, version: grids.version(c.code).grid, groups: c.counts.group })) },
    levels,
  };
}

/** JSON inside <script>: nothing in it may close the element or start a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The single page (dist/client/index.html) with the boot data and the early grid fetch written
 * into its head, rendered once per grid generation. Revalidated on every load (an ETag, so a
 * reload is a 304); the hashed assets it names are cached for good (see app.ts).
 */
export function clientPage(clientDir: string, grids: GridService): RequestHandler {
  const template = readFileSync(join(clientDir, 'index.html'), 'utf8');
  let rendered: { generation: number; html: string } | null = null;
  return (_req, res) => {
    const generation = grids.gridGeneration();
    if (rendered?.generation !== generation) {
      const script = `<script>window.__gridBoot=${scriptJson(pageBoot(grids))};${PREFETCH}</script>`;
      rendered = { generation, html: injectIntoHead(template, script) };
    }
    res.set('Cache-Control', 'no-cache').type('html').send(rendered.html);
  };
}

/** Right after the charset declaration (it must come first), before any stylesheet or script. */
export function injectIntoHead(html: string, script: string): string {
  const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(html);
  if (charset) return html.slice(0, charset.index + charset[0].length) + script + html.slice(charset.index + charset[0].length);
  return html.replace(/<head>/i, `<head>${script}`);
}
