import type { Actor } from '../../../shared/domain/capabilities.ts';
import type { Store } from '../../repositories/store.ts';
import { DomainError } from '../domain-error.ts';
import type { GridService } from '../grid-service.ts';
import type { AppliedVersion } from '../../../shared/protocol/imports.ts';
import type { GridImportJob, GridImportService } from './grid-import-service.ts';
import type { TableImportJob, TableImportService } from './table-import-service.ts';
import { VERSION_EVENTS, type CatalogueVersionPayload, type ConfigVersionPayload, type GridVersionPayload, type VersionLog } from './version-log.ts';

export type ImportJob = GridImportJob | TableImportJob;

export interface ApplyDeps {
  store: Store;
  grids: GridService;
  versions: VersionLog;
  gridImports: GridImportService;
  tableImports: TableImportService;
  now: () => Date;
}

/**
 * Step two of validate-then-apply: a checked import becomes the next version, atomically (one
 * commit of one event; the running server swaps it in whole when it reads the event back).
 * Applies in this process run one at a time; across nodes the event log decides (VersionLog).
 */
export class ImportApplier {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: ApplyDeps) {}

  find(id: string): ImportJob | null {
    return this.deps.gridImports.get(id) ?? this.deps.tableImports.get(id);
  }

  apply(job: ImportJob, actor: Actor): Promise<AppliedVersion> {
    const run = this.queue.then(() => this.applyNow(job, actor));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(job: ImportJob, actor: Actor): Promise<AppliedVersion> {
    const { grids, versions, store } = this.deps;
    if (job.applied) throw new DomainError('IMPORT_ALREADY_APPLIED', `import ${job.id} was already applied as version ${job.applied.version}`);
    if (job.kind === 'grid' && job.state === 'checking') throw new DomainError('IMPORT_NOT_READY', `import ${job.id} is still being checked; poll GET /api/v1/imports/${job.id} until its state is checked`);
    if (!job.report?.ok) throw new DomainError('IMPORT_HAS_ERRORS', `import ${job.id} has ${job.report?.problemCount.error ?? 'unknown'} error(s); fix the file and upload it again (nothing was changed)`);
    // Other nodes may have applied versions since this node last polled.
    await versions.catchUp();
    this.assertCurrent(job);
    const appliedAt = this.deps.now().toISOString();
    const base = { appliedAt, appliedBy: actor.username, actor: { userId: actor.userId, ...(actor.unitId ? { unitId: actor.unitId } : {}) }, sourceHash: job.sourceHash, importId: job.id };
    let type: string;
    let payload: GridVersionPayload | CatalogueVersionPayload | ConfigVersionPayload;
    if (job.kind === 'grid') {
      const grid = this.deps.gridImports.checkedGrid(job.id);
      if (!grid || !job.report.counts) throw new DomainError('IMPORT_NOT_READY', `import ${job.id} holds no checked grid`);
      type = VERSION_EVENTS.grid;
      payload = { ...base, countyCode: job.countyCode, version: grids.version(job.countyCode).grid + 1, counts: job.report.counts, features: grid.features };
    } else {
      const checked = this.deps.tableImports.checked(job.id);
      if (!checked) throw new DomainError('IMPORT_NOT_READY', `import ${job.id} holds no checked result`);
      if (checked.kind === 'catalogue') {
        type = VERSION_EVENTS.catalogue;
        payload = { ...base, version: grids.catalogueVersionNow() + 1, matters: checked.catalogue.matters.length, csv: checked.csv };
      } else {
        const county = checked.config.countyCode;
        type = VERSION_EVENTS.config;
        payload = { ...base, countyCode: county, version: grids.version(county).config + 1, part: 'devolution', config: checked.config };
      }
    }
    const [event] = await store.commit([{ kind: 'event.append', type, at: appliedAt, payload }]);
    if (!event) throw new DomainError('INTERNAL', 'the store appended no event');
    await versions.catchUp();
    if (versions.verdict(event.seq) !== true) {
      throw new DomainError('IMPORT_STALE', `another version was applied at the same moment (on another server); import ${job.id} was not applied — check the file again against the current version`);
    }
    job.applied = { version: payload.version, appliedAt, appliedBy: actor.username, seq: event.seq };
    return job.applied;
  }

  /** 409 unless the versions the import was checked against are still the ones served. */
  private assertCurrent(job: ImportJob): void {
    const { grids } = this.deps;
    const stale = (what: string, checked: number, now: number) =>
      new DomainError('IMPORT_STALE', `${what} is at version ${now} now, but import ${job.id} was checked against version ${checked}; upload the file again to check it against the current version`);
    if (job.kind === 'grid') {
      const now = grids.version(job.countyCode).grid;
      if (now !== job.baseVersion) throw stale(`the grid of ${job.countyCode}`, job.baseVersion, now);
      return;
    }
    const catalogue = grids.catalogueVersionNow();
    if (catalogue !== job.base.catalogue) throw stale('the matter catalogue', job.base.catalogue, catalogue);
    for (const [code, version] of Object.entries(job.base.configs)) {
      const now = grids.version(code).config;
      if (now !== version) throw stale(`the configuration of ${code}`, version, now);
    }
  }
}
