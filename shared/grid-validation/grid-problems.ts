import type { Geometry } from 'geojson';
import type { GridLevel } from '../domain/grid.ts';

/** What can be wrong with an uploaded county grid. Errors block applying; warnings do not. */
export const GRID_PROBLEM_CODES = {
  UNREADABLE_FILE: 'error',
  TOO_LARGE: 'error',
  MISSING_PRJ: 'error',
  UNSUPPORTED_CRS: 'error',
  NOT_A_FEATURE_COLLECTION: 'error',
  NOT_POLYGON: 'error',
  INVALID_RING: 'error',
  SELF_INTERSECTION: 'error',
  MISSING_FIELD: 'error',
  BAD_LEVEL: 'error',
  BAD_CODE: 'error',
  MISSING_CODE: 'error',
  DUPLICATE_CODE: 'error',
  WRONG_COUNTY: 'error',
  UNKNOWN_PARENT: 'error',
  WRONG_PARENT_LEVEL: 'error',
  MISSING_COUNTY: 'error',
  OVERLAP: 'error',
  GAP: 'error',
  OUTSIDE_PARENT: 'error',
  NO_CHILDREN: 'error',
  TOPOLOGY_UNCHECKED: 'warning',
  REPEATED_VERTEX: 'warning',
} as const;

export type GridProblemCode = keyof typeof GRID_PROBLEM_CODES;
export type Severity = 'error' | 'warning';

export interface GridProblem {
  code: GridProblemCode;
  severity: Severity;
  /** zh-CN first, as operators read it. */
  message: string;
  /** 0-based index of the feature in the uploaded file (the first one involved). */
  feature?: number;
  /** Grid code(s) involved, when known. */
  codes?: string[];
  level?: GridLevel;
  /** Where to show the problem on the map ([lon, lat], WGS84). */
  location?: [number, number];
  /** The offending shape (overlap, gap, piece outside the parent), for drawing. */
  geometry?: Geometry;
}

export function problem(code: GridProblemCode, message: string, extra: Omit<GridProblem, 'code' | 'severity' | 'message'> = {}): GridProblem {
  return { code, severity: GRID_PROBLEM_CODES[code], message, ...extra };
}

/** Progress of a long check, yielded between steps so a server can report it. */
export interface GridCheckProgress {
  phase: 'attributes' | 'geometry' | 'topology';
  done: number;
  total: number;
}
