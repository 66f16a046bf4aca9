import { createHash } from 'node:crypto';
import type { GridFeature } from '../../../shared/domain/grid.ts';
import type { GridProblem } from '../../../shared/grid-validation/grid-problems.ts';
import type { GridChanges, GridImportJobView, GridImportReport } from '../../../shared/protocol/imports.ts';
import type { GridSource } from '../ogc-features-service.ts';
import type { GridCheckInput, GridCheckMessage } from './grid-check-messages.ts';
import type { DeclaredCrs, UploadKind } from './grid-upload.ts';
import { IMPORT_LIMITS } from './import-limits.ts';
import { startTsWorker } from './ts-worker.ts';

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
  private readonly slots = new Slots(IMPORT_LIMITS.concurrentChecks);

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
   * Decoding (parse, unzip, reproject) and the topology check both run in one worker thread whose
   * heap is capped (IMPORT_LIMITS.workerHeapMb), one upload at a time: the server keeps only the
   * uploaded bytes, hands them over without a copy, and gets back the drawing, progress and outcome.
   */
  private async run(job: GridImportJob, bytes: Uint8Array, kind: UploadKind, crs: DeclaredCrs): Promise<void> {
    const release = await this.slots.acquire();
    try {
      await this.checkInWorker(job, bytes, kind, crs);
    } finally {
      release();
    }
  }

  private async checkInWorker(job: GridImportJob, bytes: Uint8Array, kind: UploadKind, crs: DeclaredCrs): Promise<void> {
    // The worker gets its own ArrayBuffer (transferred); a body that shares a pooled buffer is copied first.
    const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
    const input: GridCheckInput = { bytes: owned, kind, crs, countyCode: job.countyCode };
    const worker = startTsWorker(new URL('./grid-check-worker.ts', import.meta.url), {
      workerData: input,
      transferList: [owned.buffer as ArrayBuffer],
      resourceLimits: { maxOldGenerationSizeMb: IMPORT_LIMITS.workerHeapMb, maxYoungGenerationSizeMb: 64 },
    });
    let sourceCrs: string | null = null;
    let codes: string[] = [];
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: GridCheckMessage) => {
        switch (message.type) {
          case 'refused':
            this.setDrawing(job.id, { state: 'none', reason: 'unreadable' });
            job.report = emptyReport(job.countyCode, message.problems);
            job.state = 'failed';
            void worker.terminate();
            resolve();
            return;
          case 'decoded':
            sourceCrs = message.sourceCrs;
            codes = message.codes;
            this.setDrawing(job.id, { state: 'ready', json: message.drawing });
            return;
          case 'progress':
            job.progress = message.progress;
            return;
          case 'checked': {
            const { result } = message;
            const entry = this.jobs.get(job.id);
            if (entry) entry.collection = result.collection;
            job.report = {
              ok: result.collection !== null,
              countyCode: job.countyCode,
              sourceCrs,
              counts: result.counts,
              problemCount: result.problemCount,
              problems: result.problems,
              changes: this.changes(job.countyCode, codes),
            };
            job.state = 'checked';
            void worker.terminate();
            resolve();
            return;
          }
          default: {
            const never: never = message;
            reject(new Error(`unexpected worker message ${JSON.stringify(never)}`));
          }
        }
      });
      worker.on('error', (error: Error & { code?: string }) => {
        if (error.code !== 'ERR_WORKER_OUT_OF_MEMORY') return reject(error);
        // The cap did its job: this upload needs more memory than one import may take.
        if (this.drawing(job.id)?.state === 'pending') this.setDrawing(job.id, { state: 'none', reason: 'unreadable' });
        job.report = emptyReport(job.countyCode, [
          { code: 'TOO_LARGE', severity: 'error', message: `检查所需内存超过 ${IMPORT_LIMITS.workerHeapMb} MB 上限，请拆分或简化后再导入 (checking this file needs more than ${IMPORT_LIMITS.workerHeapMb} MB)` },
        ]);
        job.state = 'failed';
        resolve();
      });
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

/** At most n holders at once; the others wait in arrival order. */
class Slots {
  private free: number;
  private readonly waiting: Array<() => void> = [];
  constructor(n: number) {
    this.free = n;
  }
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}
