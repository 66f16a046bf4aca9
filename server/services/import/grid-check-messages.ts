import type { GridCheckResult } from '../../../shared/grid-validation/check-grid.ts';
import type { GridCheckProgress } from '../../../shared/grid-validation/grid-problems.ts';

/** What the grid-check worker tells the server. */
export type GridCheckMessage = { type: 'progress'; progress: GridCheckProgress } | { type: 'checked'; result: GridCheckResult };
