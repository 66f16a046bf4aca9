import type { FeatureCollection, Geometry, Point } from 'geojson';
import type { ImportProblem } from '../../../../shared/domain/table-import.ts';
import type { GridProblem, GridProblemCode } from '../../../../shared/grid-validation/grid-problems.ts';

/**
 * Problems are addressed by their index in the report's list: the list entry, the map marker and
 * the selection all carry it, so selecting one selects the other.
 */
export interface Indexed<P> {
  i: number;
  problem: P;
}

export interface ProblemGroup<P> {
  /** A grid problem code, or a table column name ('' for problems of the file, header or whole row). */
  key: string;
  severity: 'error' | 'warning';
  items: Indexed<P>[];
}

/** The order an editor fixes things in: the file, each shape, the codes, then how shapes fit together. */
export const GRID_PROBLEM_ORDER: readonly GridProblemCode[] = [
  'UNREADABLE_FILE',
  'TOO_LARGE',
  'MISSING_PRJ',
  'UNSUPPORTED_CRS',
  'NOT_A_FEATURE_COLLECTION',
  'NOT_POLYGON',
  'INVALID_RING',
  'SELF_INTERSECTION',
  'MISSING_CODE',
  'DUPLICATE_CODE',
  'BAD_CODE',
  'BAD_LEVEL',
  'MISSING_FIELD',
  'WRONG_COUNTY',
  'UNKNOWN_PARENT',
  'WRONG_PARENT_LEVEL',
  'MISSING_COUNTY',
  'OVERLAP',
  'GAP',
  'OUTSIDE_PARENT',
  'NO_CHILDREN',
  'TOPOLOGY_UNCHECKED',
  'REPEATED_VERTEX',
];

const worst = (items: readonly Indexed<{ severity: 'error' | 'warning' }>[]): 'error' | 'warning' => (items.some((x) => x.problem.severity === 'error') ? 'error' : 'warning');

/** Grid problems by kind, errors' kinds before warnings', each kind in GRID_PROBLEM_ORDER (unknown codes last, as sent). */
export function groupGridProblems(problems: readonly GridProblem[]): ProblemGroup<GridProblem>[] {
  const byCode = new Map<string, Indexed<GridProblem>[]>();
  problems.forEach((problem, i) => {
    const list = byCode.get(problem.code) ?? [];
    list.push({ i, problem });
    byCode.set(problem.code, list);
  });
  const rank = (code: string) => {
    const at = GRID_PROBLEM_ORDER.indexOf(code as GridProblemCode);
    return at < 0 ? GRID_PROBLEM_ORDER.length : at;
  };
  return [...byCode.entries()]
    .map(([key, items]) => ({ key, severity: worst(items), items }))
    .sort((a, b) => (a.severity === b.severity ? rank(a.key) - rank(b.key) : a.severity === 'error' ? -1 : 1));
}

/** Table problems by column (file, header and whole-row problems first), each column's rows in order. */
export function groupTableProblems(problems: readonly ImportProblem[]): ProblemGroup<ImportProblem>[] {
  const byColumn = new Map<string, Indexed<ImportProblem>[]>([['', []]]);
  problems.forEach((problem, i) => {
    const key = problem.column ?? '';
    const list = byColumn.get(key) ?? [];
    list.push({ i, problem });
    byColumn.set(key, list);
  });
  return [...byColumn.entries()]
    .filter(([, items]) => items.length > 0)
    .map(([key, items]) => ({ key, severity: worst(items), items: [...items].sort((a, b) => (a.problem.row ?? 0) - (b.problem.row ?? 0) || a.i - b.i) }));
}

export interface ProblemPointProps {
  i: number;
  code: string;
  severity: 'error' | 'warning';
}

/** One marker per located problem. */
export function problemPoints(problems: readonly GridProblem[]): FeatureCollection<Point, ProblemPointProps> {
  const features: FeatureCollection<Point, ProblemPointProps>['features'] = [];
  problems.forEach((p, i) => {
    if (p.location) features.push({ type: 'Feature', properties: { i, code: p.code, severity: p.severity }, geometry: { type: 'Point', coordinates: p.location } });
  });
  return { type: 'FeatureCollection', features };
}

/** The shapes some problems carry (an overlap, a gap, the piece outside a parent). */
export function problemAreas(problems: readonly GridProblem[]): FeatureCollection<Geometry, ProblemPointProps> {
  const features: FeatureCollection<Geometry, ProblemPointProps>['features'] = [];
  problems.forEach((p, i) => {
    if (p.geometry) features.push({ type: 'Feature', properties: { i, code: p.code, severity: p.severity }, geometry: p.geometry });
  });
  return { type: 'FeatureCollection', features };
}
