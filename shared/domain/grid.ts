import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';

/** The three grid levels below the county (乡、村、村民小组 三级网格), plus the county itself. */
export const GRID_LEVELS = ['county', 'township', 'village', 'group'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

/**
 * Properties every grid feature carries, in data/grids/*.geojson and over the API.
 * Codes are 12-digit strings (NBS 统计用区划代码); a villager group's code is its
 * village's code + a 3-digit sequence (15 digits), since groups have no official code.
 */
export interface GridProps {
  level: GridLevel;
  code: string;
  /** Official name as published by NBS (e.g. 「…村民委员会」). */
  name: string;
  /** Short display name (suffix like 村民委员会 replaced by 村). */
  shortName: string;
  /** Parent's code; the county's parent is its prefecture. */
  parentCode: string;
  /** 12-digit code of the county the feature belongs to. */
  countyCode: string;
  /** True where the geometry was synthesized (township, village and group polygons). */
  synthetic: boolean;
}

export type GridGeometry = Polygon | MultiPolygon;
export type GridFeature = Feature<GridGeometry, GridProps>;
export type GridCollection = FeatureCollection<GridGeometry, GridProps>;

/** A place reference: code plus display name, as used in routes and events. */
export interface PlaceRef {
  code: string;
  name: string;
}

/** point → group → village → township → county. */
export interface GridChain {
  county: PlaceRef;
  township: PlaceRef;
  village: PlaceRef;
  group: PlaceRef;
}

/** A county listed by data/grids/index.json and GET /api/v1/counties. */
export interface CountySummary {
  code: string;
  name: string;
  /** [west, south, east, north] in WGS84. */
  bbox: [number, number, number, number];
  center: [number, number];
  counts: { township: number; village: number; group: number };
}

/** Accepts a 6-digit county code (410923) or a 12-digit one (410923000000); returns 12 digits or null. */
export function normalizeCountyCode(input: string): string | null {
  if (/^\d{6}$/.test(input)) return `${input}000000`;
  if (/^\d{6}0{6}$/.test(input)) return input;
  return null;
}
