import type { GridChain, PlaceRef } from './grid.ts';
import type { UnitRef } from './unit.ts';

/** A readable routing step: a stable code for machines and a zh-CN sentence for people. */
export interface RouteReason {
  code: string;
  message: string;
}

export type RouteFlag =
  | 'boundaryReview' // near a township boundary: an operator confirms
  | 'needsClassification' // no matter code given
  | 'snappedToNearest' // in no polygon; nearest one within tolerance was used
  | 'unrouted'; // no polygon within tolerance: the county dispatch center triages

/** The routing decision stored with every incident. */
export interface RouteResult extends GridChain {
  unit: UnitRef;
  alternates: UnitRef[];
  flags: RouteFlag[];
  reasons: RouteReason[];
  /** The rule versions it was routed with (absent on incidents stored before versions existed). */
  versions?: RouteVersions;
}

/**
 * Which versions of the rules decided a route, so a past routing stays explainable after an
 * import: the county's grid, the matter catalogue (one for all counties) and the county's
 * configuration (devolution batches …). 1 = the data files the servers started from.
 */
export interface RouteVersions {
  grid: number;
  catalogue: number;
  config: number;
}

export type { PlaceRef };
