import type { SpatialQueries, TileFilter, TileLayer } from '../repositories/store.ts';
import { DomainError } from './domain-error.ts';

export const MAX_TILE_ZOOM = 20;

/** Vector tiles of the grids and incidents, from whichever engine the store has (PostGIS or in process). */
export class TilesService {
  constructor(
    private readonly spatial: SpatialQueries,
    /** GridService.gridGeneration: which grid versions the tiles are cut from (1 per county = the files). */
    readonly gridGeneration: () => number = () => 0,
  ) {}

  async tile(layer: TileLayer, z: number, x: number, y: number, filter?: TileFilter): Promise<Uint8Array> {
    const size = 2 ** z;
    if (z > MAX_TILE_ZOOM || x >= size || y >= size) {
      throw new DomainError('VALIDATION_FAILED', `no tile ${z}/${x}/${y}: zoom goes up to ${MAX_TILE_ZOOM} and x, y must be below 2^z`, [
        { path: 'z/x/y', message: 'tile out of range' },
      ]);
    }
    return this.spatial.tile(layer, z, x, y, filter);
  }
}
