import type { GridChain } from '../domain/grid.ts';
import type { RouteReason, RouteResult } from '../domain/route.ts';
import { dispatchCenterId, townshipTeamId, type UnitRef } from '../domain/unit.ts';
import type { GridIndex } from './grid-index.ts';

export interface RouteOptions {
  /** A point in no polygon snaps to the nearest group within this distance (default 50 m). */
  toleranceMeters?: number;
}

export interface RouteRequest {
  lon: number;
  lat: number;
  matterCode: string | null;
  /** ISO 8601: the report's time decides which catalogue and devolution batch are in force. */
  at: string;
}

/**
 * Point → chain → responsible unit, with the reasons an operator reads.
 * Returns null when the point is in no county grid and not within tolerance of one.
 */
export function route(index: GridIndex, request: RouteRequest, options: RouteOptions = {}): RouteResult | null {
  const tolerance = options.toleranceMeters ?? 50;
  const reasons: RouteReason[] = [];
  const flags: RouteResult['flags'] = [];
  let chain = index.locate(request.lon, request.lat);
  if (chain) {
    reasons.push(locatedReason(chain));
  } else {
    const near = index.nearest(request.lon, request.lat, tolerance);
    if (!near) return null;
    chain = near.chain;
    flags.push('snappedToNearest');
    reasons.push({
      code: 'SNAPPED_TO_NEAREST',
      message: `坐标不在任何网格内，按 ${Math.round(near.distanceMeters)} 米内最近网格处理（容差 ${tolerance} 米）`,
    });
    reasons.push(locatedReason(chain));
  }
  if (!request.matterCode) flags.push('needsClassification');
  const unit: UnitRef = {
    id: townshipTeamId(chain.township.code),
    name: `${chain.township.name}综合行政执法队`,
    kind: 'township-team',
  };
  reasons.push({ code: 'TOWNSHIP_TEAM', message: `属地原则：由${unit.name}承办` });
  return {
    ...chain,
    unit,
    alternates: [{ id: dispatchCenterId(chain.county.code), name: `${chain.county.name}执法调度指挥中心`, kind: 'dispatch-center' }],
    flags,
    reasons,
  };
}

function locatedReason(chain: GridChain): RouteReason {
  return {
    code: 'LOCATED',
    message: `位于${chain.county.name}${chain.township.name}${chain.village.name}${chain.group.name}`,
  };
}
