/**
 * The core synthesis: one county's sources in, all four grid levels out.
 *
 * County outline (real, GCJ-02 → WGS84) → townships (Voronoi cells around the real
 * township seats, plus spread points for townships without a seat, clipped to the
 * outline) → villages (Voronoi inside each township) → villager groups (Voronoi inside
 * each village). Every level is rounded to a 1e-6° grid, snapped, and attached to its
 * parent through a mesh of shared edges, so all neighbours at every level share
 * identical vertices; the result is asserted before anything is written.
 */
import gcoord from 'gcoord';
import type { CountySummary, GridFeature, GridGeometry, GridLevel } from '../../shared/domain/grid.ts';
import {
  mpolyBBox,
  pointInMPoly,
  ringArea2,
  toDegrees,
  toUnits,
  UNITS_PER_DEGREE,
  type MPoly,
  type Pt,
  type Ring,
} from './int-geometry.ts';
import { groupCode, groupNames, isPseudoTownshipCode, shortNameOf } from './names.ts';
import { randInt, rngFor, type Rng } from './prng.ts';
import { cleanMPoly } from './ring-clean.ts';
import { bestCandidateSeeds, relaxSeeds, type Seed } from './seeds.ts';
import { snapChildren } from './snap.ts';
import type { CountySource, DivisionRow, LonLat } from './sources.ts';
import { attachChildren } from './attach-children.ts';
import { Mesh } from './mesh.ts';
import { countTJunctions } from './t-junctions.ts';
import { boundaryMismatch, ringProblem } from './topology-checks.ts';
import { voronoiPieces } from './voronoi-pieces.ts';

/**
 * Townships whose 村民小组 total is fixed by the seed documents instead of drawn at random:
 * 车村镇 (嵩县) "辖26个行政村、381个村民组" (seeds/004). The total is spread over the
 * administrative villages only; a 社区 (居民委员会) in the division list — 车村镇 has one,
 * 幸福家园社区 — is not one of the 26 and gets its own 居民小组 at random, outside the 381.
 */
export const GROUP_TOTAL_OVERRIDES: ReadonlyMap<string, number> = new Map([['410325103000', 381]]);

/** Groups per village where no total is fixed. */
export const GROUPS_PER_VILLAGE = { min: 3, max: 12 } as const;

/** A vertex closer than this to an edge (grid units, 1.5 × 1e-6°) counts as lying on it. */
export const T_JUNCTION_EPS = 1.5;

interface Unit {
  level: GridLevel;
  code: string;
  name: string;
  shortName: string;
  parentCode: string;
  geom: MPoly;
  children: Unit[];
}

export interface SynthesizedCounty {
  features: GridFeature[];
  summary: CountySummary;
}

function gcjToWgs(p: LonLat): LonLat {
  const out = gcoord.transform([p[0], p[1]], gcoord.GCJ02, gcoord.WGS84);
  return [out[0], out[1]];
}

function shoelace(ring: LonLat[]): number {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const a = ring[i] as LonLat;
    const b = ring[i + 1] as LonLat;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/**
 * The county outline in WGS84 grid units. Only the largest part of a MultiPolygon is
 * kept: for 惠安县 that drops 26 islets (about 4 km² of 775) whose Voronoi slivers
 * would be useless as dispatch grids. The county feature is this same mainland ring,
 * so the townships tile the county feature exactly.
 */
function mainlandOutline(src: CountySource): MPoly {
  let best: LonLat[] | null = null;
  for (const poly of src.outlineGcj) {
    const outer = poly[0];
    if (outer && (!best || shoelace(outer) > shoelace(best))) best = outer;
  }
  if (!best) throw new Error(`${src.code}: empty outline`);
  const ring: Ring = best.map((p) => {
    const [lon, lat] = gcjToWgs(p);
    return toUnits(lon, lat);
  });
  const outline = cleanMPoly([[ring]]);
  const outer = outline[0]?.[0];
  if (!outer) throw new Error(`${src.code}: outline collapsed`);
  const problem = ringProblem(outer);
  if (problem) throw new Error(`${src.code}: outline ring is not simple: ${problem}`);
  return outline;
}

function seedOf(p: LonLat): Seed {
  const [lon, lat] = gcjToWgs(p);
  return [lon * UNITS_PER_DEGREE, lat * UNITS_PER_DEGREE];
}

/** Real township seats where known; the others are spread out and relaxed among them. */
function townshipSeeds(src: CountySource, townships: DivisionRow[], outline: MPoly, kx: number): Seed[] {
  const known = townships.map((t) => {
    const seat = src.townshipSeatsGcj.get(t.code);
    if (!seat) return null;
    const s = seedOf(seat);
    // A seat outside the (mainland) outline cannot seed a cell of it.
    return pointInMPoly(s[0], s[1], outline) ? s : null;
  });
  const fixed = known.filter((s): s is Seed => s !== null);
  const rng = rngFor(src.code, 'townships');
  const extra = bestCandidateSeeds(outline, fixed, known.length - fixed.length, rng, kx);
  let next = 0;
  const initial = known.map((s) => s ?? (extra[next++] as Seed));
  return relaxSeeds(outline, initial, known.map((s) => s === null), rng, kx);
}

function spreadSeeds(geom: MPoly, count: number, rng: Rng, kx: number): Seed[] {
  const initial = bestCandidateSeeds(geom, [], count, rng, kx);
  return relaxSeeds(geom, initial, initial.map(() => true), rng, kx);
}

/** A 社区 (residents' committee) rather than an administrative village (村民委员会). */
export function isCommunityName(shortName: string): boolean {
  return shortName.endsWith('社区');
}

/**
 * Group counts per village: 3–12 at random, or a fixed township total of 村民小组 spread over its
 * administrative villages (communities then draw their 居民小组 at random, outside that total).
 */
function planGroupCounts(countyCode: string, townshipCode: string, villageShortNames: readonly string[]): number[] {
  const rng = rngFor(countyCode, 'group-counts', townshipCode);
  const total = GROUP_TOTAL_OVERRIDES.get(townshipCode);
  const random = () => randInt(rng, GROUPS_PER_VILLAGE.min, GROUPS_PER_VILLAGE.max);
  if (total === undefined) return villageShortNames.map(random);
  const villageSlots = villageShortNames.flatMap((n, i) => (isCommunityName(n) ? [] : [i]));
  const villageCounts = spreadTotal(rng, townshipCode, total, villageSlots.length);
  const counts = villageShortNames.map(() => 0);
  villageSlots.forEach((slot, k) => (counts[slot] = villageCounts[k] as number));
  villageShortNames.forEach((n, i) => {
    if (isCommunityName(n)) counts[i] = random();
  });
  return counts;
}

function spreadTotal(rng: Rng, townshipCode: string, total: number, villageCount: number): number[] {
  const spare = total - GROUPS_PER_VILLAGE.min * villageCount;
  if (spare < 0) throw new Error(`${townshipCode}: ${total} groups cannot cover ${villageCount} villages`);
  const weights = Array.from({ length: villageCount }, () => 0.5 + rng());
  const sumW = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (spare * w) / sumW);
  const counts = shares.map((s) => GROUPS_PER_VILLAGE.min + Math.floor(s));
  // Largest remainder, ties by position, so the total is exact.
  const order = shares.map((s, i) => ({ i, frac: s - Math.floor(s) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

function partition(parent: MPoly, seeds: Seed[], kx: number, mesh: Mesh): MPoly[] {
  return attachChildren(parent, snapChildren(parent, voronoiPieces(parent, seeds, kx)), mesh, T_JUNCTION_EPS);
}

function allUnits(root: Unit): Unit[] {
  const out: Unit[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const u = stack.pop() as Unit;
    out.push(u);
    for (let i = u.children.length - 1; i >= 0; i--) stack.push(u.children[i] as Unit);
  }
  return out;
}

function assertTopology(countyCode: string, units: Unit[]): void {
  const problems: string[] = [];
  for (const u of units) {
    if (u.geom.length === 0) problems.push(`${u.code}: empty geometry`);
    for (const poly of u.geom) {
      poly.forEach((ring, r) => {
        const p = ringProblem(ring);
        if (p) problems.push(`${u.code} ring ${r}: ${p}`);
        if (ringArea2(ring) > 0 !== (r === 0)) problems.push(`${u.code} ring ${r}: wrong winding`);
      });
    }
    if (u.children.length > 0) {
      const bad = boundaryMismatch(u.geom, u.children.map((c) => c.geom));
      if (bad.length > 0) problems.push(`${u.code}: ${bad.length} edges where children do not tile it: ${bad.slice(0, 6).join(' ')}`);
    }
  }
  const rings: Ring[] = [];
  for (const u of units) for (const poly of u.geom) for (const ring of poly) rings.push(ring);
  // Stricter than the tests' tolerance (1e-6°): nothing may lie on anyone's edge.
  const tj = countTJunctions(rings, T_JUNCTION_EPS);
  if (tj > 0) problems.push(`${tj} vertices lie inside an edge (T-junctions)`);
  if (problems.length > 0) {
    throw new Error(`${countyCode}: ${problems.length} topology problems:\n${problems.slice(0, 20).join('\n')}`);
  }
}

function toGeometry(mp: MPoly): GridGeometry {
  const polys = mp.map((poly) =>
    poly.map((ring) => {
      const coords = ring.map(toDegrees);
      coords.push(toDegrees(ring[0] as Pt));
      return coords;
    }),
  );
  if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0] as [number, number][][] };
  return { type: 'MultiPolygon', coordinates: polys };
}

export function synthesizeCounty(src: CountySource): SynthesizedCounty {
  const outline = mainlandOutline(src);
  const [, s0, , n0] = mpolyBBox(outline);
  const kx = Math.cos((((s0 + n0) / 2) / UNITS_PER_DEGREE) * (Math.PI / 180));

  const county: Unit = {
    level: 'county',
    code: src.code,
    name: src.name,
    shortName: src.name,
    parentCode: src.parentCode,
    geom: outline,
    children: [],
  };
  const townships = src.townships.filter((t) => !isPseudoTownshipCode(t.code));
  const mesh = new Mesh();
  for (const poly of outline) for (const ring of poly) mesh.add(ring);
  const townshipGeoms = partition(outline, townshipSeeds(src, townships, outline, kx), kx, mesh);
  townships.forEach((t, ti) => {
    const tUnit: Unit = { level: 'township', code: t.code, name: t.name, shortName: shortNameOf(t.name), parentCode: src.code, geom: townshipGeoms[ti] as MPoly, children: [] };
    county.children.push(tUnit);
    const villages = src.villages.filter((v) => v.parentCode === t.code);
    if (villages.length === 0) return;
    const villageGeoms = partition(tUnit.geom, spreadSeeds(tUnit.geom, villages.length, rngFor(src.code, 'villages', t.code), kx), kx, mesh);
    const groupCounts = planGroupCounts(src.code, t.code, villages.map((v) => shortNameOf(v.name)));
    villages.forEach((v, vi) => {
      const vShort = shortNameOf(v.name);
      const vUnit: Unit = { level: 'village', code: v.code, name: v.name, shortName: vShort, parentCode: t.code, geom: villageGeoms[vi] as MPoly, children: [] };
      tUnit.children.push(vUnit);
      const count = groupCounts[vi] as number;
      const groupGeoms = partition(vUnit.geom, spreadSeeds(vUnit.geom, count, rngFor(src.code, 'groups', v.code), kx), kx, mesh);
      groupGeoms.forEach((g, gi) => {
        const names = groupNames(vShort, gi + 1);
        vUnit.children.push({ level: 'group', code: groupCode(v.code, gi + 1), ...names, parentCode: v.code, geom: g, children: [] });
      });
    });
  });

  const units = allUnits(county);
  assertTopology(src.code, units);

  const order: GridLevel[] = ['county', 'township', 'village', 'group'];
  const sorted = order.flatMap((level) => units.filter((u) => u.level === level));
  const features: GridFeature[] = sorted.map((u) => ({
    type: 'Feature',
    properties: {
      level: u.level,
      code: u.code,
      name: u.name,
      shortName: u.shortName,
      parentCode: u.parentCode,
      countyCode: src.code,
      synthetic: u.level !== 'county',
    },
    geometry: toGeometry(u.geom),
  }));

  // After attaching: the outline gained the townships' boundary crossings.
  const [w, s, e, n] = mpolyBBox(county.geom);
  const [bw, bs] = toDegrees([w, s]);
  const [be, bn] = toDegrees([e, n]);
  const seat = src.countySeatGcj ? seedOf(src.countySeatGcj) : null;
  const centerPt: Pt = seat && pointInMPoly(seat[0], seat[1], outline) ? [Math.round(seat[0]), Math.round(seat[1])] : [Math.round((w + e) / 2), Math.round((s + n) / 2)];
  const count = (level: GridLevel) => units.filter((u) => u.level === level).length;
  return {
    features,
    summary: {
      code: src.code,
      name: src.name,
      bbox: [bw, bs, be, bn],
      center: toDegrees(centerPt),
      counts: { township: count('township'), village: count('village'), group: count('group') },
    },
  };
}
