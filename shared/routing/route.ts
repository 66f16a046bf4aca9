import type { CountyConfig } from '../domain/county-config.ts';
import type { GridChain, PlaceRef } from '../domain/grid.ts';
import type { Catalogue } from '../domain/matters.ts';
import type { RouteFlag, RouteReason, RouteResult } from '../domain/route.ts';
import type { GridIndex } from './grid-index.ts';
import { decideResponsibility, type ResponsibilityErrorCode } from './responsibility.ts';

/** The rules a router applies: the matter catalogue and each county's configuration. */
export interface Jurisdiction {
  catalogue: Catalogue;
  /** By 12-digit county code. */
  configs: ReadonlyMap<string, CountyConfig>;
}

export interface RouteOptions {
  /** A point in no polygon snaps to the nearest group within this distance. */
  toleranceMeters: number;
  /** Within this distance of a township boundary, a township-level decision is flagged for review. */
  boundaryBufferMeters: number;
  /**
   * Beyond the tolerance but within this distance of a county, the report goes to that county's
   * dispatch center to triage (flag `unrouted`); farther away it is refused.
   */
  triageMeters: number;
}

export const DEFAULT_ROUTE_OPTIONS: RouteOptions = { toleranceMeters: 50, boundaryBufferMeters: 100, triageMeters: 2000 };

export interface RouteRequest {
  lon: number;
  lat: number;
  matterCode: string | null;
  /** ISO 8601 with zone: the report's time decides which catalogue and devolution batch are in force. */
  at: string;
  /** A major or complex case (重大、复杂): may go up to the county holder. */
  major?: boolean;
}

export type RouteErrorCode = 'OUTSIDE_ALL_COUNTIES' | 'COUNTY_NOT_CONFIGURED' | ResponsibilityErrorCode;

export type RouteOutcome = { ok: true; route: RouteResult } | { ok: false; error: { code: RouteErrorCode; message: string } };

/**
 * Point → grid chain → responsible unit, with the reasons an operator reads.
 * Pure: the same index, rules, request and options always give the same answer.
 */
export function route(index: GridIndex, jurisdiction: Jurisdiction, request: RouteRequest, options: RouteOptions = DEFAULT_ROUTE_OPTIONS): RouteOutcome {
  const { lon, lat } = request;
  const pre: RouteReason[] = [];
  const preFlags: RouteFlag[] = [];
  let chain = index.locate(lon, lat);
  let triage = false;
  if (!chain) {
    const near = index.nearest(lon, lat, Math.max(options.toleranceMeters, options.triageMeters));
    if (!near) {
      return { ok: false, error: { code: 'OUTSIDE_ALL_COUNTIES', message: `point (${lon}, ${lat}) is more than ${options.triageMeters} m from every county grid this center serves` } };
    }
    chain = near.chain;
    const metres = Math.round(near.distanceMeters);
    if (near.distanceMeters <= options.toleranceMeters) {
      preFlags.push('snappedToNearest');
      pre.push({ code: 'SNAPPED_TO_NEAREST', message: `坐标不在任何网格内，按 ${metres} 米外最近的网格${chain.group.name}处理（容差 ${options.toleranceMeters} 米）` });
    } else {
      triage = true;
      preFlags.push('unrouted');
      pre.push({ code: 'OUTSIDE_TOLERANCE', message: `坐标在${chain.county.name}网格外 ${metres} 米，超出 ${options.toleranceMeters} 米容差，无法确定属地` });
    }
  }
  const config = jurisdiction.configs.get(chain.county.code);
  if (!config) {
    return { ok: false, error: { code: 'COUNTY_NOT_CONFIGURED', message: `county ${chain.county.name} (${chain.county.code}) has grids but no jurisdiction configuration` } };
  }
  if (triage) {
    const center = config.units.find((u) => u.id === config.dispatchCenterId);
    const unit = { id: config.dispatchCenterId, name: center?.name ?? `${chain.county.name}执法调度指挥中心`, kind: 'dispatch-center' as const };
    pre.push({ code: 'CENTER_TRIAGE', message: `由${unit.name}人工分拣` });
    return { ok: true, route: { ...chain, unit, alternates: [], flags: preFlags, reasons: pre } };
  }

  const boundaryDistance = index.distanceToTownshipBoundary(lon, lat, chain.township.code);
  const nearBoundary = boundaryDistance <= options.boundaryBufferMeters;
  const decision = decideResponsibility({
    chain,
    matterCode: request.matterCode,
    at: request.at,
    config,
    catalogue: jurisdiction.catalogue,
    nearBoundary,
    neighbourTownship: nearBoundary ? neighbourTownship(index, lon, lat, chain, options.boundaryBufferMeters) : null,
    major: request.major ?? false,
  });
  if (!decision.ok) return decision;
  return {
    ok: true,
    route: {
      ...chain,
      unit: decision.unit,
      alternates: decision.alternates,
      flags: [...preFlags, ...decision.flags],
      reasons: [...pre, ...decision.reasons],
    },
  };
}

/** Probe directions, enough to find the township across a boundary within the buffer. */
const PROBES = Array.from({ length: 16 }, (_, i) => [Math.cos((i * Math.PI) / 8), Math.sin((i * Math.PI) / 8)] as const);
const METRES_PER_DEGREE = 111_320;

/**
 * The nearest other township within `radius` metres, found by probing rings around the point.
 * Only runs for points already known to be near a boundary, so the cost stays off the hot path.
 */
function neighbourTownship(index: GridIndex, lon: number, lat: number, chain: GridChain, radius: number): PlaceRef | null {
  const cosLat = Math.cos((lat * Math.PI) / 180);
  for (const fraction of [0.25, 0.5, 1]) {
    const dLat = (radius * fraction) / METRES_PER_DEGREE;
    const dLon = dLat / cosLat;
    for (const [dx, dy] of PROBES) {
      const other = index.locate(lon + dx * dLon, lat + dy * dLat);
      if (other && other.township.code !== chain.township.code) return other.township;
    }
  }
  return null;
}
