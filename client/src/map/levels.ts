import type { GridLevel } from '../../../shared/domain/grid.ts';

/** The grid levels drawn on the map, coarse to fine. */
export const MAP_LEVELS = ['township', 'village', 'group'] as const satisfies readonly GridLevel[];
export type MapLevel = (typeof MAP_LEVELS)[number];

/**
 * Zoom band in which each level's fills and labels show: [minzoom, maxzoom).
 * Chosen so a county fitted to a ~1000 px map (zoom ≈ 10) shows townships, a few
 * villages per screen read at 11–13.5, and villager groups (a few hundred metres) above.
 */
export const LEVEL_ZOOM: Record<MapLevel, { min: number; max: number }> = {
  township: { min: 0, max: 11 },
  village: { min: 11, max: 13.5 },
  group: { min: 13.5, max: 24 },
};

/** Which level's fills and labels are shown at a zoom. */
export function levelForZoom(zoom: number): MapLevel {
  for (const level of MAP_LEVELS) {
    const band = LEVEL_ZOOM[level];
    if (zoom >= band.min && zoom < band.max) return level;
  }
  return zoom < LEVEL_ZOOM.township.min ? 'township' : 'group';
}
