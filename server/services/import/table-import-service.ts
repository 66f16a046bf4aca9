import { createHash } from 'node:crypto';
import { checkCatalogueTable } from '../../../shared/domain/catalogue-import.ts';
import type { CountyConfig } from '../../../shared/domain/county-config.ts';
import { checkDevolutionTable } from '../../../shared/domain/devolution-import.ts';
import type { Catalogue } from '../../../shared/domain/matters.ts';
import { countProblems, type ImportProblem } from '../../../shared/domain/table-import.ts';
import type { GridService } from '../grid-service.ts';
import type { TableImportJobView } from '../../../shared/protocol/imports.ts';
import { decodeTable, type TableKind } from './table-upload.ts';

export interface TableImportJob extends TableImportJobView {
  sourceHash: string;
  /** Rule versions the file was checked against; applying is refused once any of them moved on. */
  base: { catalogue: number; configs: Record<string, number> };
}

/** What applying needs beyond the job: the checked result. */
export type CheckedTable = { kind: 'catalogue'; catalogue: Catalogue; csv: string } | { kind: 'devolution'; config: CountyConfig };

const MAX_JOBS = 20;

/**
 * Validate-then-apply for the matter catalogue and a county's devolution, step one: the upload
 * (CSV or XLSX) is read and checked at once (these files are small) against the rules served now.
 * Nothing changes here; the checked result is kept with the job for the apply step.
 */
export class TableImportService {
  private readonly jobs = new Map<string, { job: TableImportJob; checked: CheckedTable | null }>();

  constructor(private readonly deps: { grids: GridService; newId: () => string; now: () => Date }) {}

  async check(kind: TableImportJob['kind'], countyCode: string | null, bytes: Uint8Array, format: TableKind): Promise<TableImportJob> {
    const { grids } = this.deps;
    const configs = grids.jurisdiction.configs;
    const base = {
      catalogue: grids.catalogueVersionNow(),
      configs: Object.fromEntries([...configs.keys()].filter((code) => kind === 'catalogue' || code === countyCode).map((code) => [code, grids.version(code).config])),
    };
    const decoded = await decodeTable(bytes, format);
    let problems: ImportProblem[];
    let checked: CheckedTable | null = null;
    let summary: Record<string, number> = {};
    if (!decoded.ok) problems = decoded.problems;
    else if (kind === 'catalogue') {
      const result = checkCatalogueTable(decoded.table, configs.values());
      problems = result.problems;
      if (result.catalogue && result.csv) checked = { kind, catalogue: result.catalogue, csv: result.csv };
      summary = { matters: result.catalogue?.matters.length ?? 0 };
    } else {
      const config = configs.get(countyCode ?? '');
      if (!config) throw new Error(`county ${countyCode} has no configuration`);
      const result = checkDevolutionTable(decoded.table, config, grids.jurisdiction.catalogue);
      problems = result.problems;
      if (result.config) checked = { kind, config: result.config };
      summary = { batches: result.batches, revocations: result.revocations };
    }
    const job: TableImportJob = {
      id: this.deps.newId(),
      kind,
      countyCode,
      createdAt: this.deps.now().toISOString(),
      state: checked ? 'checked' : 'failed',
      sourceHash: createHash('sha256').update(bytes).digest('hex'),
      base,
      report: {
        ok: checked !== null,
        format,
        sheet: decoded.ok ? decoded.table.sheet : null,
        rows: decoded.ok ? decoded.table.rows.length : 0,
        problemCount: countProblems(problems),
        problems,
        summary,
      },
      applied: null,
    };
    this.jobs.set(job.id, { job, checked });
    while (this.jobs.size > MAX_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
    return job;
  }

  get(id: string): TableImportJob | null {
    return this.jobs.get(id)?.job ?? null;
  }

  checked(id: string): CheckedTable | null {
    return this.jobs.get(id)?.checked ?? null;
  }
}
