import type { GridCheckResult } from '../../../shared/grid-validation/check-grid.ts';
import type { GridCheckProgress, GridProblem } from '../../../shared/grid-validation/grid-problems.ts';
import type { DeclaredCrs, UploadKind } from './grid-upload.ts';

/** What the grid-import worker is given: the upload's bytes (transferred, not copied). */
export interface GridCheckInput {
  bytes: Uint8Array;
  kind: UploadKind;
  crs: DeclaredCrs;
  countyCode: string;
}

/** What the grid-import worker tells the server, in this order: decoded or refused, then progress, then checked. */
export type GridCheckMessage =
  | { type: 'refused'; problems: GridProblem[] }
  | { type: 'decoded'; sourceCrs: string; drawing: string; codes: string[] }
  | { type: 'progress'; progress: GridCheckProgress }
  | { type: 'checked'; result: GridCheckResult };
