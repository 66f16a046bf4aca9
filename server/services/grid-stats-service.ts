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

/** Incident counts per grid cell for a time window: the heat map's and the wall's numbers. */
export class GridStatsService {
  constructor(
    private readonly spatial: SpatialQueries,
    private readonly grids: GridService,
  ) {}

  async gridCounts(request: GridCountsRequest): Promise<GridCountsAnswer> {
    if (!this.grids.hasCounty(request.countyCode)) {
      throw new DomainError('UNKNOWN_COUNTY', `county ${request.countyCode} is not served here; GET /api/v1/counties lists the ones that are`);
    }
    if (request.from && request.to && request.from >= request.to) {
      throw new DomainError('VALIDATION_FAILED', `the window is empty: from (${request.from}) must be before to (${request.to})`, [
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
