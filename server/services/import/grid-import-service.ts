import { createHash } from 'node:crypto';
import type { GridFeature, GridLevel } from '../../../shared/domain/grid.ts';
import type { GridCheckProgress, GridProblem } from '../../../shared/grid-validation/grid-problems.ts';
import type { GridSource } from '../ogc-features-service.ts';
import type { GridCheckMessage } from './grid-check-messages.ts';
import { decodeGridUpload, type DeclaredCrs, type UploadKind } from './grid-upload.ts';
import { startTsWorker } from './ts-worker.ts';

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

export interface GridImportJob {
  id: string;
  kind: 'grid';
  countyCode: string;
  createdAt: string;
  state: 'checking' | 'checked' | 'failed';
  progress: GridCheckProgress | null;
  report: GridImportReport | null;
  /** sha256 of the uploaded bytes. */
  sourceHash: string;
  /** The county's grid version the upload was checked against: applying is refused once another version was applied. */
  baseVersion: number;
  /** Set when the checked grid was applied (POST /api/v1/imports/{id}/apply). */
  applied: AppliedVersion | null;
}

export interface AppliedVersion {
  version: number;
  appliedAt: string;
  appliedBy: string;
  /** The event that carries the version. */
  seq: number;
}

/** Jobs kept in memory; the oldest go first (a validated grid holds the whole county). */
const MAX_JOBS = 20;

/**
 * Validate-then-apply for county grids, step one: an upload is decoded (GeoJSON, or a zipped
 * Shapefile reprojected through its .prj; GCJ-02/BD-09 when declared) and checked in a worker
 * thread, reporting progress as it goes so it can be polled. Nothing
 * served changes here; the checked grid is kept with the job for the apply step.
 */
export class GridImportService {
  private readonly jobs = new Map<string, { job: GridImportJob; collection: { type: 'FeatureCollection'; features: GridFeature[] } | null }>();

  constructor(private readonly deps: { grids: GridSource; newId: () => string; now: () => Date; versionOf?: (countyCode: string) => number }) {}

  start(countyCode: string, bytes: Uint8Array, kind: UploadKind, crs: DeclaredCrs): GridImportJob {
    const job: GridImportJob = {
      id: this.deps.newId(),
      kind: 'grid',
      countyCode,
      createdAt: this.deps.now().toISOString(),
      state: 'checking',
      progress: null,
      report: null,
      sourceHash: createHash('sha256').update(bytes).digest('hex'),
      baseVersion: this.deps.versionOf?.(countyCode) ?? 1,
      applied: null,
    };
    this.jobs.set(job.id, { job, collection: null });
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    void this.run(job, bytes, kind, crs).catch((error: unknown) => {
      console.error('[imports] grid check crashed:', error);
      job.state = 'failed';
      job.report = emptyReport(countyCode, [{ code: 'UNREADABLE_FILE', severity: 'error', message: `检查中断：${(error as Error).message}` }]);
    });
    return job;
  }

  get(id: string): GridImportJob | null {
    return this.jobs.get(id)?.job ?? null;
  }

  /** The checked, error-free grid of a job (for applying), or null. */
  checkedGrid(id: string): { type: 'FeatureCollection'; features: GridFeature[] } | null {
    return this.jobs.get(id)?.collection ?? null;
  }

  /**
   * Decoding (parse, unzip, reproject: light) runs here, so an unreadable file is reported at once;
   * the topology check (heavy) runs in a worker thread and only sends progress and the outcome back.
   */
  private async run(job: GridImportJob, bytes: Uint8Array, kind: UploadKind, crs: DeclaredCrs): Promise<void> {
    const decoded = await decodeGridUpload(bytes, kind, crs);
    if (!decoded.ok) {
      job.report = emptyReport(job.countyCode, decoded.problems);
      job.state = 'failed';
      return;
    }
    const codes = decoded.collection.features.map((f) => String((f as { properties?: { code?: unknown } } | null)?.properties?.code ?? '')).filter(Boolean);
    const worker = startTsWorker(new URL('./grid-check-worker.ts', import.meta.url), { workerData: { collection: decoded.collection, countyCode: job.countyCode } });
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: GridCheckMessage) => {
        if (message.type === 'progress') {
          job.progress = message.progress;
          return;
        }
        const { result } = message;
        const entry = this.jobs.get(job.id);
        if (entry) entry.collection = result.collection;
        job.report = {
          ok: result.collection !== null,
          countyCode: job.countyCode,
          sourceCrs: decoded.sourceCrs,
          counts: result.counts,
          problemCount: result.problemCount,
          problems: result.problems,
          changes: this.changes(job.countyCode, codes),
        };
        job.state = 'checked';
        void worker.terminate();
        resolve();
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (job.state === 'checking') reject(new Error(`the check stopped (worker exit code ${code})`));
      });
    });
  }

  private changes(countyCode: string, codes: string[]): GridChanges {
    const current = new Set((this.deps.grids.features(countyCode) ?? []).map((f) => f.properties.code));
    const incoming = new Set(codes);
    const added = [...incoming].filter((c) => !current.has(c)).sort();
    const removed = [...current].filter((c) => !incoming.has(c)).sort();
    return { added: added.length, removed: removed.length, kept: incoming.size - added.length, addedCodes: added.slice(0, 50), removedCodes: removed.slice(0, 50) };
  }
}

function emptyReport(countyCode: string, problems: GridProblem[]): GridImportReport {
  return { ok: false, countyCode, sourceCrs: null, counts: null, problemCount: { error: problems.length, warning: 0 }, problems, changes: null };
}
