/**
 * Checks the committed demo grids (data/grids/) against their sources and against the
 * topology promises: exact tiling at every level with shared vertices, valid RFC 7946
 * rings, WGS84 coordinates. The checks are written independently of the build code.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { area, distance, kinks } from '@turf/turf';
import gcoord from 'gcoord';
import polygonClipping from 'polygon-clipping';
import type { Geom } from 'polygon-clipping';
import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { GRID_LEVELS, type CountySummary, type GridCollection, type GridFeature, type GridLevel } from '../../shared/domain/grid.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const COUNTIES = [
  { code6: '410923', stem: '410923-nanle' },
  { code6: '371521', stem: '371521-yanggu' },
  { code6: '330822', stem: '330822-changshan' },
  { code6: '350521', stem: '350521-huian' },
  { code6: '410325', stem: '410325-songxian' },
];
const CHECUN = '410325103000';
const PROP_KEYS = ['level', 'code', 'name', 'shortName', 'parentCode', 'countyCode', 'synthetic'];
/** Coordinates are rounded to 1e-6°; "on an edge" means within this distance of it. */
const ON_EDGE_TOL = 1e-6;

type Ring = Position[];
type Polys = Ring[][];

interface CsvRow {
  level: string;
  code: string;
  name: string;
  parentCode: string;
}

function readCsv(stem: string): CsvRow[] {
  const lines = readFileSync(resolve(ROOT, 'data/sources/divisions', `${stem}.csv`), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => {
    const [level = '', code = '', name = '', parentCode = ''] = l.split(',');
    return { level, code, name, parentCode };
  });
}

function polysOf(f: GridFeature): Polys {
  return f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
}

function ringsOf(f: GridFeature): Ring[] {
  return polysOf(f).flat();
}

function key(p: Position): string {
  return `${p[0]},${p[1]}`;
}

function planarArea2(ring: Ring): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as Position;
    const b = ring[i + 1] as Position;
    s += (a[0] as number) * (b[1] as number) - (b[0] as number) * (a[1] as number);
  }
  return s;
}

function bboxOf(f: GridFeature): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const ring of ringsOf(f)) {
    for (const [x = 0, y = 0] of ring) {
      w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
    }
  }
  return [w, s, e, n];
}

function bboxesOverlap(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/**
 * Signed edge balance: children's directed edges minus the parent's. An empty result
 * means each interior edge is used once each way and each parent edge once by a child,
 * i.e. (with simple, CCW rings) the children tile the parent with shared vertices.
 */
function unbalancedEdges(parent: GridFeature, children: GridFeature[]): string[] {
  const counts = new Map<string, number>();
  const add = (f: GridFeature, sign: number) => {
    for (const ring of ringsOf(f)) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const a = key(ring[i] as Position);
        const b = key(ring[i + 1] as Position);
        const k = a < b ? `${a}|${b}` : `${b}|${a}`;
        const v = (counts.get(k) ?? 0) + (a < b ? sign : -sign);
        if (v === 0) counts.delete(k);
        else counts.set(k, v);
      }
    }
  };
  for (const c of children) add(c, 1);
  add(parent, -1);
  return [...counts.keys()];
}

/** Vertices (of any ring in the county) lying strictly inside some ring edge. */
function tJunctions(features: GridFeature[]): string[] {
  const CELL = 0.002;
  const grid = new Map<string, Position[]>();
  const seen = new Set<string>();
  for (const f of features) {
    for (const ring of ringsOf(f)) {
      for (const p of ring) {
        const k = key(p);
        if (seen.has(k)) continue;
        seen.add(k);
        const ck = `${Math.floor((p[0] as number) / CELL)},${Math.floor((p[1] as number) / CELL)}`;
        const list = grid.get(ck);
        if (list) list.push(p);
        else grid.set(ck, [p]);
      }
    }
  }
  const found: string[] = [];
  const checkedEdges = new Set<string>();
  for (const f of features) {
    for (const ring of ringsOf(f)) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax = 0, ay = 0] = ring[i] as Position;
        const [bx = 0, by = 0] = ring[i + 1] as Position;
        const ek = ax < bx || (ax === bx && ay < by) ? `${ax},${ay},${bx},${by}` : `${bx},${by},${ax},${ay}`;
        if (checkedEdges.has(ek)) continue;
        checkedEdges.add(ek);
        const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        for (let cx = Math.floor((Math.min(ax, bx) - ON_EDGE_TOL) / CELL); cx <= Math.floor((Math.max(ax, bx) + ON_EDGE_TOL) / CELL); cx++) {
          for (let cy = Math.floor((Math.min(ay, by) - ON_EDGE_TOL) / CELL); cy <= Math.floor((Math.max(ay, by) + ON_EDGE_TOL) / CELL); cy++) {
            for (const p of grid.get(`${cx},${cy}`) ?? []) {
              const px = (p[0] as number) - ax, py = (p[1] as number) - ay;
              const t = (px * dx + py * dy) / len2;
              if (t <= 0 || t >= 1) continue;
              const cross = px * dy - py * dx;
              if ((cross * cross) / len2 > ON_EDGE_TOL * ON_EDGE_TOL) continue;
              if ((p[0] === ax && p[1] === ay) || (p[0] === bx && p[1] === by)) continue;
              found.push(`${key(p)} on ${f.properties.code} edge ${ax},${ay}→${bx},${by}`);
            }
          }
        }
      }
    }
  }
  return found;
}

function pcGeom(f: GridFeature): Geom {
  return polysOf(f) as Geom;
}

function pcArea(mp: ReturnType<typeof polygonClipping.intersection>): number {
  return mp.length === 0 ? 0 : area({ type: 'MultiPolygon', coordinates: mp });
}

const index = JSON.parse(readFileSync(resolve(ROOT, 'data/grids/index.json'), 'utf8')) as CountySummary[];

describe('data/grids/index.json', () => {
  it('lists the five demo counties in order with consistent summaries', () => {
    expect(index.map((c) => c.code)).toEqual(COUNTIES.map((c) => `${c.code6}000000`));
    for (const c of index) {
      const [w, s, e, n] = c.bbox;
      expect(w).toBeLessThan(e);
      expect(s).toBeLessThan(n);
      expect(c.center[0]).toBeGreaterThan(w);
      expect(c.center[0]).toBeLessThan(e);
      expect(c.center[1]).toBeGreaterThan(s);
      expect(c.center[1]).toBeLessThan(n);
    }
  });
});

describe.each(COUNTIES)('data/grids/$code6.geojson', ({ code6, stem }) => {
  const countyCode = `${code6}000000`;
  const fc = JSON.parse(readFileSync(resolve(ROOT, 'data/grids', `${code6}.geojson`), 'utf8')) as GridCollection;
  const features = fc.features;
  const byLevel = (level: GridLevel) => features.filter((f) => f.properties.level === level);
  const byCode = new Map(features.map((f) => [f.properties.code, f]));
  const childrenOf = new Map<string, GridFeature[]>();
  for (const f of features) {
    const list = childrenOf.get(f.properties.parentCode);
    if (list) list.push(f);
    else childrenOf.set(f.properties.parentCode, [f]);
  }
  const csv = readCsv(stem);
  const county = byLevel('county')[0] as GridFeature;
  const summary = index.find((c) => c.code === countyCode);

  it('has exactly the GridProps on every feature, with unique codes', () => {
    expect(fc.type).toBe('FeatureCollection');
    expect(byLevel('county')).toHaveLength(1);
    expect(byCode.size).toBe(features.length);
    const problems: string[] = [];
    for (const f of features) {
      const p = f.properties;
      if (Object.keys(p).join() !== PROP_KEYS.join()) problems.push(`${p.code}: keys ${Object.keys(p).join()}`);
      if (!GRID_LEVELS.includes(p.level)) problems.push(`${p.code}: level ${p.level}`);
      if (p.countyCode !== countyCode) problems.push(`${p.code}: countyCode ${p.countyCode}`);
      if (p.synthetic !== (p.level !== 'county')) problems.push(`${p.code}: synthetic ${p.synthetic}`);
      if (p.shortName.length === 0 || p.name.length === 0) problems.push(`${p.code}: empty name`);
      const parent = byCode.get(p.parentCode);
      const parentLevel = GRID_LEVELS[GRID_LEVELS.indexOf(p.level) - 1];
      if (p.level !== 'county' && parent?.properties.level !== parentLevel) problems.push(`${p.code}: parent ${p.parentCode} is not a ${parentLevel}`);
      if (p.level !== 'county' && !p.code.startsWith(p.parentCode.replace(/0+$/, ''))) problems.push(`${p.code}: not under ${p.parentCode}`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('keeps the real townships and villages (no 4xx pseudo-townships) with official names and codes', () => {
    const csvCounty = csv.find((r) => r.level === 'county');
    expect(county.properties).toMatchObject({ code: countyCode, name: csvCounty?.name, parentCode: csvCounty?.parentCode });
    const realTownships = csv.filter((r) => r.level === 'township' && r.code.charAt(6) !== '4');
    const realCodes = new Set(realTownships.map((t) => t.code));
    const realVillages = csv.filter((r) => r.level === 'village' && realCodes.has(r.parentCode));
    const pick = (f: GridFeature) => ({ code: f.properties.code, name: f.properties.name, parentCode: f.properties.parentCode });
    expect(byLevel('township').map(pick)).toEqual(realTownships.map(({ code, name, parentCode }) => ({ code, name, parentCode })));
    expect(byLevel('village').map(pick)).toEqual(realVillages.map(({ code, name, parentCode }) => ({ code, name, parentCode })));
    expect(features.some((f) => /虚拟|工业区$|林场$/.test(f.properties.name))).toBe(false);
    for (const v of byLevel('village')) {
      expect(v.properties.shortName).toMatch(/(村|社区)$/);
      expect(v.properties.shortName).not.toMatch(/委员会|居委会|村委会/);
    }
    expect(summary?.counts).toEqual({ township: realTownships.length, village: realVillages.length, group: byLevel('group').length });
  });

  it('gives every village 3–12 villager groups (车村镇: 381 村民小组 over its 26 administrative villages, as seeds/004 counts them), coded village + 001…', () => {
    const problems: string[] = [];
    for (const v of byLevel('village')) {
      const vc = v.properties.code;
      const groups = childrenOf.get(vc) ?? [];
      groups.forEach((g, i) => {
        const p = g.properties;
        if (p.level !== 'group') problems.push(`${p.code}: level ${p.level}`);
        if (p.code !== `${vc}${String(i + 1).padStart(3, '0')}`) problems.push(`${p.code}: expected ${vc} + ${i + 1}`);
        if (!p.name.startsWith(v.properties.shortName) || !/第[一二三四五六七八九十百零]+(村民|居民)小组$/.test(p.name)) problems.push(`${p.code}: name ${p.name}`);
      });
      const ok = v.properties.parentCode === CHECUN ? groups.length >= 1 : groups.length >= 3 && groups.length <= 12;
      if (!ok) problems.push(`${vc}: ${groups.length} groups`);
    }
    expect(problems.slice(0, 5)).toEqual([]);
    if (code6 === '410325') {
      // 「辖26个行政村、381个村民组」: a 社区 may exist beside them, with 居民小组 that are not counted in the 381.
      const units = childrenOf.get(CHECUN) ?? [];
      const villages = units.filter((v) => v.properties.shortName.endsWith('村'));
      const communities = units.filter((v) => v.properties.shortName.endsWith('社区'));
      expect(villages).toHaveLength(26);
      expect(villages.length + communities.length).toBe(units.length);
      const villagerGroups = villages.flatMap((v) => childrenOf.get(v.properties.code) ?? []);
      expect(villagerGroups).toHaveLength(381);
      expect(villagerGroups.every((g) => g.properties.name.endsWith('村民小组'))).toBe(true);
      const residentGroups = communities.flatMap((v) => childrenOf.get(v.properties.code) ?? []);
      expect(residentGroups.every((g) => g.properties.name.endsWith('居民小组'))).toBe(true);
    }
  });

  it('has valid RFC 7946 rings: closed, ≥ 4 positions, exterior CCW / holes CW, no repeated vertex, no self-intersection', () => {
    const problems: string[] = [];
    for (const f of features) {
      const code = f.properties.code;
      for (const poly of polysOf(f)) {
        poly.forEach((ring, r) => {
          if (ring.length < 4) problems.push(`${code}: ring of ${ring.length}`);
          if (key(ring[0] as Position) !== key(ring[ring.length - 1] as Position)) problems.push(`${code}: ring not closed`);
          if (new Set(ring.slice(0, -1).map(key)).size !== ring.length - 1) problems.push(`${code}: repeated vertex`);
          if (planarArea2(ring) > 0 !== (r === 0)) problems.push(`${code}: ring ${r} wound the wrong way`);
        });
        const k = kinks({ type: 'Polygon', coordinates: poly });
        if (k.features.length > 0) problems.push(`${code}: self-intersects at ${JSON.stringify(k.features[0]?.geometry.coordinates)}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('uses WGS84 coordinates on the 1e-6° grid inside the county bbox', () => {
    expect(summary).toBeDefined();
    const [w, s, e, n] = summary?.bbox ?? [0, 0, 0, 0];
    expect(bboxOf(county)).toEqual([w, s, e, n]);
    const problems: string[] = [];
    for (const f of features) {
      for (const ring of ringsOf(f)) {
        for (const [x = NaN, y = NaN] of ring) {
          if (x < w || x > e || y < s || y > n) problems.push(`${f.properties.code}: ${x},${y} outside the county bbox`);
          if (Math.abs(x * 1e6 - Math.round(x * 1e6)) > 1e-3 || Math.abs(y * 1e6 - Math.round(y * 1e6)) > 1e-3) problems.push(`${x},${y} not rounded to 1e-6°`);
        }
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
  });

  it('converted the GCJ-02 outline to WGS84 (a few hundred metres away, every source vertex kept)', () => {
    const src = JSON.parse(readFileSync(resolve(ROOT, 'data/sources/divisions', `${stem}-outline.geojson`), 'utf8')) as {
      features: { properties: { feature_type: string }; geometry: { type: string; coordinates: unknown } }[];
    };
    const outline = src.features.find((f) => f.properties.feature_type === 'county_outline');
    const parts = (outline?.geometry.type === 'Polygon' ? [outline.geometry.coordinates] : outline?.geometry.coordinates) as Ring[][];
    // The grid keeps the largest part only (惠安县: mainland without its islets).
    const mainland = parts.reduce((a, b) => (Math.abs(planarArea2(b[0] as Ring)) > Math.abs(planarArea2(a[0] as Ring)) ? b : a))[0] as Ring;
    const outputVertices = new Set((ringsOf(county)[0] as Ring).map(key));
    expect(ringsOf(county)).toHaveLength(1);
    let minShift = Infinity, maxShift = 0;
    for (const p of mainland) {
      const wgs = gcoord.transform([p[0] as number, p[1] as number], gcoord.GCJ02, gcoord.WGS84);
      const rounded = [Math.round(wgs[0] * 1e6) / 1e6, Math.round(wgs[1] * 1e6) / 1e6];
      if (!outputVertices.has(key(rounded))) expect.fail(`source vertex ${key(p)} missing from the outline`);
      const shift = distance(p, rounded, { units: 'meters' });
      minShift = Math.min(minShift, shift);
      maxShift = Math.max(maxShift, shift);
    }
    expect(minShift).toBeGreaterThan(200);
    expect(maxShift).toBeLessThan(900);
    if (code6 === '350521') expect(parts.length).toBe(27);
  });

  it('tiles every parent exactly with its children (edge balance and areas)', () => {
    for (const parent of features.filter((f) => f.properties.level !== 'group')) {
      const children = childrenOf.get(parent.properties.code) ?? [];
      expect(children.length, parent.properties.code).toBeGreaterThan(0);
      const bad = unbalancedEdges(parent, children);
      if (bad.length > 0) expect.fail(`${parent.properties.code}: children do not tile it along ${bad.slice(0, 3).join(', ')}`);
      const sum = children.reduce((a, c) => a + area(c), 0);
      expect(Math.abs(sum - area(parent)) / area(parent), parent.properties.code).toBeLessThan(1e-6);
    }
    const union = polygonClipping.union(pcGeom(county), ...byLevel('township').map(pcGeom));
    expect(Math.abs(pcArea(union) - area(county)) / area(county)).toBeLessThan(1e-6);
  });

  it('has no T-junctions: a vertex on any edge (any level) is a vertex of that edge’s ring', () => {
    expect(tJunctions(features).slice(0, 5)).toEqual([]);
  });

  it('self-check: the tiling and T-junction detectors flag a vertex added to one side of a shared edge', () => {
    const village = byLevel('village')[0] as GridFeature;
    const groups = structuredClone(childrenOf.get(village.properties.code) ?? []);
    expect(unbalancedEdges(village, groups)).toEqual([]);
    expect(tJunctions([village, ...groups])).toEqual([]);
    const ring = ringsOf(groups[0] as GridFeature)[0] as Ring;
    const shared = groups.slice(1).flatMap(ringsOf).flatMap((r) => r.slice(0, -1).map((p, i) => `${key(r[i + 1] as Position)}|${key(p)}`));
    const i = ring.findIndex((p, j) => j + 1 < ring.length && shared.includes(`${key(p)}|${key(ring[j + 1] as Position)}`));
    expect(i).toBeGreaterThanOrEqual(0);
    const [ax = 0, ay = 0] = ring[i] as Position;
    const [bx = 0, by = 0] = ring[i + 1] as Position;
    ring.splice(i + 1, 0, [(ax + bx) / 2, (ay + by) / 2]);
    expect(unbalancedEdges(village, groups).length).toBeGreaterThan(0);
    expect(tJunctions([village, ...groups]).length).toBeGreaterThan(0);
  });

  it('has no overlaps between siblings and no child outside its parent (areas by polygon clipping)', () => {
    const tolerance = (f: GridFeature) => area(f) * 1e-6 + 1e-3;
    for (const level of ['township', 'village', 'group'] as const) {
      // Groups: one village in four keeps the run time modest; the edge-balance test covers all.
      const parents = features.filter((f) => f.properties.level === GRID_LEVELS[GRID_LEVELS.indexOf(level) - 1]);
      parents.forEach((parent, pi) => {
        if (level === 'group' && pi % 4 !== 0) return;
        const kids = (childrenOf.get(parent.properties.code) ?? []).map((f) => ({ f, bbox: bboxOf(f), geom: pcGeom(f) }));
        for (let i = 0; i < kids.length; i++) {
          const a = kids[i] as (typeof kids)[number];
          const outside = pcArea(polygonClipping.difference(a.geom, pcGeom(parent)));
          expect(outside, `${a.f.properties.code} outside its parent`).toBeLessThan(tolerance(a.f));
          for (let j = i + 1; j < kids.length; j++) {
            const b = kids[j] as (typeof kids)[number];
            if (!bboxesOverlap(a.bbox, b.bbox)) continue;
            const overlap = pcArea(polygonClipping.intersection(a.geom, b.geom));
            expect(overlap, `${a.f.properties.code} ∩ ${b.f.properties.code}`).toBeLessThan(tolerance(a.f));
          }
        }
      });
    }
  });
});
