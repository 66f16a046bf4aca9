import type { GridCheckProgress } from '../../../../shared/grid-validation/grid-problems.ts';
import type { MessageKey } from '../../i18n/catalogue.ts';
import type { ImportJobView as ImportJob, ImportKind } from '../../../../shared/protocol/imports.ts';

/** What the uploader says about the coordinates; `prj` means "as the file itself declares" (.prj, GeoJSON crs, else WGS84). */
export const CRS_CHOICES = ['prj', 'WGS84', 'GCJ02', 'BD09'] as const;
export type CrsChoice = (typeof CRS_CHOICES)[number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The API's `crs` names only the Chinese web-map offsets (they cannot be written in a .prj);
 * a projection in a .prj is applied whatever is chosen here.
 */
export function apiCrs(choice: CrsChoice): 'WGS84' | 'GCJ02' | 'BD09' {
  return choice === 'prj' ? 'WGS84' : choice;
}

/** A Shapefile brings its .prj; a GeoJSON file is WGS84 unless said otherwise. */
export function defaultCrs(fileName: string): CrsChoice {
  return /\.zip$/i.test(fileName) ? 'prj' : 'WGS84';
}

export type FileCheck = { ok: true; contentType: string } | { ok: false; error: MessageKey };

/** The Content-Type to upload a chosen file with, or why that file cannot be this kind of import. */
export function fileContentType(kind: ImportKind, fileName: string): FileCheck {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (kind === 'grid') {
    if (ext === 'zip') return { ok: true, contentType: 'application/zip' };
    if (ext === 'geojson' || ext === 'json') return { ok: true, contentType: 'application/geo+json' };
    if (['shp', 'shx', 'dbf', 'prj', 'cpg'].includes(ext)) return { ok: false, error: 'impErrShpNeedsZip' };
    return { ok: false, error: 'impErrGridFileType' };
  }
  if (ext === 'csv') return { ok: true, contentType: 'text/csv' };
  if (ext === 'xlsx') return { ok: true, contentType: XLSX_TYPE };
  if (ext === 'xls') return { ok: false, error: 'impErrXls' };
  return { ok: false, error: 'impErrTableFileType' };
}

/** The upload endpoint below /api/v1. */
export function uploadPath(kind: ImportKind, county: string, crs: CrsChoice): string {
  const c = county.slice(0, 6);
  if (kind === 'grid') return `/imports/grids?${new URLSearchParams({ county: c, crs: apiCrs(crs) })}`;
  if (kind === 'catalogue') return '/imports/catalogue';
  return `/imports/devolution?${new URLSearchParams({ county: c })}`;
}

/** Where the current data can be downloaded in the import format (a template to edit). */
export function templatePath(kind: ImportKind, county: string): string {
  const c = county.slice(0, 6);
  if (kind === 'grid') return `/api/v1/exports/grids.geojson?county=${c}`;
  if (kind === 'catalogue') return '/api/v1/exports/catalogue.csv';
  return `/api/v1/exports/devolution.csv?county=${c}`;
}

export const PHASES: readonly GridCheckProgress['phase'][] = ['geometry', 'attributes', 'topology'];

/** Percent of the current phase, as the API counts it (done of total). */
export function phasePercent(progress: GridCheckProgress): number {
  if (progress.total <= 0) return 100;
  return Math.max(0, Math.min(100, Math.round((progress.done / progress.total) * 100)));
}

/** Errors block applying, warnings do not: the API's report.ok says which, and only a finished, unapplied check can be applied. */
export function canApply(job: ImportJob | null): boolean {
  return !!job && job.state === 'checked' && job.report?.ok === true && job.applied === null;
}

/** API error codes → what to tell the user (the server's own message is shown beneath). */
const ERROR_KEYS: Record<string, MessageKey> = {
  NETWORK: 'impErrNetwork',
  UNAUTHENTICATED: 'impErrUnauthenticated',
  FORBIDDEN: 'impErrForbidden',
  PAYLOAD_TOO_LARGE: 'impErrTooLarge',
  UNSUPPORTED_MEDIA_TYPE: 'impErrMediaType',
  NOT_FOUND: 'impErrNotFound',
  UNKNOWN_COUNTY: 'impErrUnknownCounty',
  VALIDATION_FAILED: 'impErrValidation',
  IMPORT_STALE: 'impErrStale',
  IMPORT_HAS_ERRORS: 'impErrHasErrors',
  IMPORT_ALREADY_APPLIED: 'impErrAlreadyApplied',
  IMPORT_NOT_READY: 'impErrNotReady',
  OVERLOADED: 'impErrBusy',
  TOO_MANY_REQUESTS: 'impErrBusy',
  STORE_UNAVAILABLE: 'impErrBusy',
};

export function errorKey(code: string): MessageKey {
  return ERROR_KEYS[code] ?? 'impErrOther';
}
