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
}

export type { PlaceRef };
