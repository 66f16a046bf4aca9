import type { GridLevel } from '../../shared/domain/grid.ts';
import type { GridCount, SpatialQueries } from '../repositories/store.ts';
import { DomainError } from './domain-error.ts';
import type { GridService } from './grid-service.ts';

export interface GridCountsRequest {
  countyCode: string;
  level: GridLevel;
  from?: string;
  to?: string;
}

export interface GridCountsAnswer {
  county: string;
  level: GridLevel;
  from: string | null;
  to: string | null;
  /** Incidents inside the county's cells in the window (an incident outside every cell is not counted). */
  total: number;
  cells: GridCount[];
}

/**
 * The time resolution of grid counts: a window is widened outward to whole UTC hours, so no window is
 * shorter than an hour and two windows never differ by less than one — counts cannot be sliced down
 * to one report's time and villager group.
 */
export const GRID_COUNTS_RESOLUTION_MS = 3_600_000;

function snap(iso: string | undefined, round: typeof Math.floor): string | undefined {
  if (iso === undefined) return undefined;
  return new Date(round(Date.parse(iso) / GRID_COUNTS_RESOLUTION_MS) * GRID_COUNTS_RESOLUTION_MS).toISOString();
}

/** Incident counts per grid cell for a time window: the heat map's and the wall's numbers. */
export class GridStatsService {
  constructor(
    private readonly spatial: SpatialQueries,
    private readonly grids: GridService,
  ) {}

  /** 404 UNKNOWN_COUNTY unless the county is served here (asked before who may read it: an unknown county is not a permission question). */
  assertServed(countyCode: string): void {
    if (!this.grids.hasCounty(countyCode)) {
      throw new DomainError('UNKNOWN_COUNTY', `county ${countyCode} is not served here; GET /api/v1/counties lists the ones that are`);
    }
  }

  async gridCounts(asked: GridCountsRequest): Promise<GridCountsAnswer> {
    const request = { ...asked, from: snap(asked.from, Math.floor), to: snap(asked.to, Math.ceil) };
    this.assertServed(request.countyCode);
    if (asked.from && asked.to && Date.parse(asked.from) >= Date.parse(asked.to)) {
      throw new DomainError('VALIDATION_FAILED', `the window is empty: from (${asked.from}) must be before to (${asked.to})`, [
        { path: 'from', message: 'must be before to' },
      ]);
    }
    const cells = await this.spatial.gridCounts(request);
    return {
      county: request.countyCode,
      level: request.level,
      from: request.from ?? null,
      to: request.to ?? null,
      total: cells.reduce((sum, cell) => sum + cell.count, 0),
      cells,
    };
  }
}
