import { area, booleanPointInPolygon, difference, featureCollection, intersect, union } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { GridFeature, GridGeometry, GridLevel } from '../domain/grid.ts';
import { interiorPoint } from '../routing/interior-point.ts';
import { readGridAttributes } from './grid-attributes.ts';
import { problem, type GridCheckProgress, type GridProblem } from './grid-problems.ts';
import { repeatedVertex, ringArea2, ringDefect, selfIntersection } from './ring-checks.ts';

export interface GridCheckOptions {
  /** Overlaps, gaps and pieces outside the parent smaller than this (m²) are rounding, not errors. */
  toleranceM2?: number;
  /** Stop listing problems after this many (the count still says how many there were). */
  maxProblems?: number;
}

export interface GridCheckResult {
  problems: GridProblem[];
  /** Problems found, including those not listed. */
  problemCount: { error: number; warning: number };
  /** The grid ready to apply (RFC 7946 winding); null when any error was found. */
  collection: { type: 'FeatureCollection'; features: GridFeature[] } | null;
  counts: Record<GridLevel, number>;
}

type Poly = Feature<Polygon | MultiPolygon>;

function partsOf(g: GridGeometry): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Exterior rings counter-clockwise, holes clockwise (RFC 7946), as the routing index expects. */
function rewound(g: GridGeometry): GridGeometry {
  const fix = (rings: Position[][]) => rings.map((ring, i) => ((ringArea2(ring) > 0) === (i === 0) ? ring : [...ring].reverse()));
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: fix(g.coordinates) } : { type: 'MultiPolygon', coordinates: g.coordinates.map(fix) };
}

function pieces(f: Poly | null): Poly[] {
  if (!f) return [];
  if (f.geometry.type === 'Polygon') return [f];
  return f.geometry.coordinates.map((coordinates) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates } }));
}

function where(g: Polygon | MultiPolygon): [number, number] | undefined {
  return interiorPoint(g) ?? undefined;
}

/**
 * Checks an uploaded county grid (already in WGS84) before anything changes: geometry (rings,
 * self-intersections), attributes and codes, then topology between siblings and parents
 * (overlaps, gaps, children outside their parent). A generator: it yields progress between
 * steps so a server can report it and stay responsive; the return value is the report.
 */
export function* checkGrid(input: unknown, countyCode: string, options: GridCheckOptions = {}): Generator<GridCheckProgress, GridCheckResult> {
  const tolerance = options.toleranceM2 ?? 1;
  const max = options.maxProblems ?? 500;
  const problems: GridProblem[] = [];
  const problemCount = { error: 0, warning: 0 };
  const add = (p: GridProblem) => {
    problemCount[p.severity]++;
    if (problems.length < max) problems.push(p);
  };
  const counts: Record<GridLevel, number> = { county: 0, township: 0, village: 0, group: 0 };
  const fc = input as { type?: unknown; features?: unknown };
  if (!fc || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    add(problem('NOT_A_FEATURE_COLLECTION', '文件不是 GeoJSON FeatureCollection (not a FeatureCollection)'));
    return { problems, problemCount, collection: null, counts };
  }
  const raw = fc.features as { geometry?: unknown; properties?: unknown }[];
  const total = raw.length;

  // Geometry first: nothing else may read a broken ring.
  const geometries: (GridGeometry | null)[] = [];
  for (let i = 0; i < total; i++) {
    const g = (raw[i]?.geometry ?? null) as GridGeometry | null;
    const code = (raw[i]?.properties as { code?: unknown } | undefined)?.code;
    const codes = typeof code === 'string' || typeof code === 'number' ? [String(code)] : undefined;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates)) {
      add(problem('NOT_POLYGON', `第 ${i + 1} 个要素不是面 (Polygon/MultiPolygon)：${g ? String((g as { type?: unknown }).type) : '无几何'}`, { feature: i, codes }));
      geometries.push(null);
      continue;
    }
    let ok = true;
    const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const part of parts) {
      if (!Array.isArray(part) || part.length === 0) ok = false;
      for (const ring of Array.isArray(part) ? part : []) {
        const defect = ringDefect(ring);
        if (defect) {
          const first = Array.isArray(ring) && Array.isArray(ring[0]) ? (ring[0] as number[]) : null;
          const location: [number, number] | undefined = first && Number.isFinite(first[0]) && Number.isFinite(first[1]) ? [first[0]!, first[1]!] : undefined;
          add(problem('INVALID_RING', `第 ${i + 1} 个要素${codes ? `（${codes[0]}）` : ''}：${defect}`, { feature: i, codes, location }));
          ok = false;
          break;
        }
      }
      if (!ok) break;
      const at = selfIntersection(part);
      if (at) {
        add(problem('SELF_INTERSECTION', `第 ${i + 1} 个要素${codes ? `（${codes[0]}）` : ''}自相交 (self-intersection) 于 ${at[0].toFixed(6)}, ${at[1].toFixed(6)}`, { feature: i, codes, location: at }));
        ok = false;
        break;
      }
      for (const ring of part) {
        const r = repeatedVertex(ring);
        if (r >= 0) add(problem('REPEATED_VERTEX', `第 ${i + 1} 个要素有重复顶点（已忽略）`, { feature: i, codes, location: [ring[r]![0]!, ring[r]![1]!] }));
      }
    }
    geometries.push(ok ? rewound(g) : null);
    if (i % 200 === 199) yield { phase: 'geometry', done: i + 1, total };
  }
  yield { phase: 'geometry', done: total, total };

  const { props, problems: attributeProblems } = readGridAttributes(raw.map((f) => f?.properties), countyCode);
  attributeProblems.forEach((p) => add(p.location || p.feature === undefined ? p : { ...p, location: geometries[p.feature] ? where(geometries[p.feature]!) : undefined }));
  yield { phase: 'attributes', done: total, total };

  const features: (GridFeature | null)[] = props.map((p, i) => (p && geometries[i] ? { type: 'Feature', properties: p, geometry: geometries[i]! } : null));
  for (const f of features) if (f) counts[f.properties.level]++;

  // Topology, parent by parent: siblings must not overlap, must cover the parent, and stay inside it.
  const childrenOf = new Map<string, GridFeature[]>();
  for (const f of features) {
    if (!f || f.properties.level === 'county') continue;
    const list = childrenOf.get(f.properties.parentCode) ?? [];
    list.push(f);
    childrenOf.set(f.properties.parentCode, list);
  }
  const parents = features.filter((f): f is GridFeature => f !== null && f.properties.level !== 'group');
  let done = 0;
  for (const parent of parents) {
    const children = childrenOf.get(parent.properties.code) ?? [];
    const label = (f: GridFeature) => `${f.properties.name}（${f.properties.code}）`;
    if (children.length === 0) {
      add(problem('NO_CHILDREN', `${label(parent)} 没有下级网格：该范围内的报告无法定位到村民小组`, { codes: [parent.properties.code], level: parent.properties.level, location: where(parent.geometry) }));
    } else {
      try {
        const covered = children.length === 1 ? (children[0] as Poly) : union(featureCollection(children as Poly[]));
        // Siblings overlap exactly when their areas add up to more than their union's: only then
        // is the pairwise search (slow) needed to say where.
        const excess = children.reduce((sum, c) => sum + area(c), 0) - (covered ? area(covered) : 0);
        if (excess > tolerance) checkSiblings(children, tolerance, add, label);
        for (const gap of pieces(covered ? difference(featureCollection([parent as Poly, covered])) : (parent as Poly))) {
          const m2 = area(gap);
          if (m2 > tolerance) {
            add(problem('GAP', `${label(parent)} 内有 ${Math.round(m2)} m² 未被下级网格覆盖（缝隙 gap）`, { codes: [parent.properties.code], level: parent.properties.level, location: where(gap.geometry), geometry: gap.geometry }));
          }
        }
        for (const out of pieces(covered ? difference(featureCollection([covered, parent as Poly])) : null)) {
          const m2 = area(out);
          if (m2 <= tolerance) continue;
          const at = where(out.geometry);
          // The piece belongs to the child that contains a point of it.
          const child = at ? children.find((c) => booleanPointInPolygon(at, c)) : undefined;
          const codes = child ? [child.properties.code, parent.properties.code] : [parent.properties.code];
          add(problem('OUTSIDE_PARENT', `${child ? label(child) : '下级网格'} 有 ${Math.round(m2)} m² 超出上级 ${label(parent)}`, { codes, level: child?.properties.level, location: at, geometry: out.geometry }));
        }
      } catch (error) {
        add(problem('TOPOLOGY_UNCHECKED', `${label(parent)} 的下级拓扑无法计算：${(error as Error).message}`, { codes: [parent.properties.code], location: where(parent.geometry) }));
      }
    }
    done++;
    if (done % 10 === 0) yield { phase: 'topology', done, total: parents.length };
  }
  yield { phase: 'topology', done: parents.length, total: parents.length };

  const clean = problemCount.error === 0;
  return { problems, problemCount, counts, collection: clean ? { type: 'FeatureCollection', features: features as GridFeature[] } : null };
}

function bboxOf(f: GridFeature): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const part of partsOf(f.geometry)) {
    for (const [x, y] of part[0] ?? []) {
      if (x! < w) w = x!;
      if (x! > e) e = x!;
      if (y! < s) s = y!;
      if (y! > n) n = y!;
    }
  }
  return [w, s, e, n];
}

function checkSiblings(children: GridFeature[], tolerance: number, add: (p: GridProblem) => void, label: (f: GridFeature) => string): void {
  const boxes = children.map(bboxOf);
  for (let i = 0; i < children.length; i++) {
    for (let j = i + 1; j < children.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a[0] > b[2] || b[0] > a[2] || a[1] > b[3] || b[1] > a[3]) continue;
      const x = intersect(featureCollection([children[i] as Poly, children[j] as Poly]));
      for (const piece of pieces(x)) {
        const m2 = area(piece);
        if (m2 > tolerance) {
          const [ci, cj] = [children[i]!, children[j]!];
          add(problem('OVERLAP', `${label(ci)} 与 ${label(cj)} 重叠 ${Math.round(m2)} m²`, { codes: [ci.properties.code, cj.properties.code], level: ci.properties.level, location: where(piece.geometry), geometry: piece.geometry }));
        }
      }
    }
  }
}

