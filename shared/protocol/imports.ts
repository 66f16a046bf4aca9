import type { GridLevel } from '../domain/grid.ts';
import type { ImportProblem } from '../domain/table-import.ts';
import type { GridCheckProgress, GridProblem } from '../grid-validation/grid-problems.ts';

/**
 * The import resources as GET /api/v1/imports/{id} and POST /imports/{id}/apply send them:
 * declared once for the server's import services and the client's import page.
 */
export type ImportKind = 'grid' | 'catalogue' | 'devolution';

export interface AppliedVersion {
  version: number;
  appliedAt: string;
  appliedBy: string;
  /** The event that carries the version. */
  seq: number;
}

export interface GridChanges {
  added: number;
  removed: number;
  kept: number;
  /** The first codes of each kind, for the report. */
  addedCodes: string[];
  removedCodes: string[];
}

export interface GridImportReport {
  ok: boolean;
  countyCode: string;
  sourceCrs: string | null;
  counts: Record<GridLevel, number> | null;
  problemCount: { error: number; warning: number };
  problems: GridProblem[];
  /** Against the grid currently served: which codes the import would add or remove. */
  changes: GridChanges | null;
}

export interface GridImportJobView {
  id: string;
  kind: 'grid';
  countyCode: string;
  createdAt: string;
  state: 'checking' | 'checked' | 'failed';
  progress: GridCheckProgress | null;
  report: GridImportReport | null;
  /** The county's grid version the upload was checked against: applying is refused once another version was applied. */
  baseVersion: number;
  /** Set when the checked grid was applied (POST /api/v1/imports/{id}/apply). */
  applied: AppliedVersion | null;
}

export interface TableImportReport {
  ok: boolean;
  format: 'csv' | 'xlsx';
  /** The worksheet read (XLSX: the first one); null for CSV. */
  sheet: string | null;
  rows: number;
  problemCount: { error: number; warning: number };
  problems: ImportProblem[];
  /** catalogue: {matters}; devolution: {batches, revocations}. */
  summary: Record<string, number>;
}

export interface TableImportJobView {
  id: string;
  kind: 'catalogue' | 'devolution';
  /** The county a devolution is for; null for the catalogue (shared by every county). */
  countyCode: string | null;
  createdAt: string;
  state: 'checked' | 'failed';
  report: TableImportReport;
  applied: AppliedVersion | null;
}

export type ImportJobView = GridImportJobView | TableImportJobView;

/** POST /api/v1/imports/{id}/apply. */
export interface ApplyResult extends AppliedVersion {
  id: string;
  kind: ImportKind;
  countyCode: string | null;
}

/** GET /api/v1/imports/options: what the signed-in account may import. */
export interface ImportOptions {
  counties: { code: string; name: string; bbox: [number, number, number, number]; devolution: boolean }[];
  catalogue: boolean;
  crs: string[];
}
