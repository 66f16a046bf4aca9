import { createHash } from 'node:crypto';
import type { GridFeature } from '../../../shared/domain/grid.ts';
import type { GridProblem } from '../../../shared/grid-validation/grid-problems.ts';
import type { GridChanges, GridImportJobView, GridImportReport } from '../../../shared/protocol/imports.ts';
import type { GridSource } from '../ogc-features-service.ts';
import type { GridCheckMessage } from './grid-check-messages.ts';
import { decodeGridUpload, type DeclaredCrs, type UploadKind } from './grid-upload.ts';
import { startTsWorker } from './ts-worker.ts';
import { uploadDrawing } from './upload-drawing.ts';

export interface GridImportJob extends GridImportJobView {
  /** sha256 of the uploaded bytes. */
  sourceHash: string;
}

/** Jobs kept in memory; the oldest go first (a validated grid holds the whole county). */
const MAX_JOBS = 20;
/** Uploads whose polygons are kept for drawing (each is the size of the file): only the newest few are looked at. */
const MAX_DRAWINGS = 3;

/** The uploaded polygons of a grid job, for the import page's map. */
export type UploadDrawingState = { state: 'pending' } | { state: 'ready'; json: string } | { state: 'none'; reason: 'unreadable' | 'expired' };

interface JobEntry {
  job: GridImportJob;
  collection: { type: 'FeatureCollection'; features: GridFeature[] } | null;
  /** Serialized once: a string holds a county's coordinates in a fraction of the memory the objects take. */
  drawing: UploadDrawingState;
}

/**
 * Validate-then-apply for county grids, step one: an upload is decoded (GeoJSON, or a zipped
 * Shapefile reprojected through its .prj; GCJ-02/BD-09 when declared) and checked in a worker
 * thread, reporting progress as it goes so it can be polled. Nothing
 * served changes here; the checked grid is kept with the job for the apply step.
 */
export class GridImportService {
  private readonly jobs = new Map<string, JobEntry>();

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
    this.jobs.set(job.id, { job, collection: null, drawing: { state: 'pending' } });
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    void this.run(job, bytes, kind, crs).catch((error: unknown) => {
      console.error('[imports] grid check crashed:', error);
      job.state = 'failed';
      if (this.drawing(job.id)?.state === 'pending') this.setDrawing(job.id, { state: 'none', reason: 'unreadable' });
      job.report = emptyReport(countyCode, [{ code: 'UNREADABLE_FILE', severity: 'error', message: `检查中断：${(error as Error).message}` }]);
    });
    return job;
  }

  get(id: string): GridImportJob | null {
    return this.jobs.get(id)?.job ?? null;
  }

  /** The uploaded polygons as decoded (WGS84), or why there are none; null for an unknown job. */
  drawing(id: string): UploadDrawingState | null {
    return this.jobs.get(id)?.drawing ?? null;
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
      this.setDrawing(job.id, { state: 'none', reason: 'unreadable' });
      job.report = emptyReport(job.countyCode, decoded.problems);
      job.state = 'failed';
      return;
    }
    this.setDrawing(job.id, { state: 'ready', json: JSON.stringify(uploadDrawing(decoded.collection.features)) });
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

  private setDrawing(id: string, drawing: UploadDrawingState): void {
    const entry = this.jobs.get(id);
    if (!entry) return;
    entry.drawing = drawing;
    const kept = [...this.jobs.values()].filter((e) => e.drawing.state === 'ready');
    for (const old of kept.slice(0, Math.max(0, kept.length - MAX_DRAWINGS))) old.drawing = { state: 'none', reason: 'expired' };
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
