/**
 * The one palette behind every map and chart legend: a township's status, the case markers and the
 * chart series. A map layer, a chart bar and the legend beside them all read their colour from
 * here, so a colour means the same thing wherever it is drawn.
 */
import type { TownshipStatus } from '../../../shared/evaluation/wall-snapshot.ts';

/** Township status: all in order, acknowledgement overdue / escalated, past the closing deadline. */
export const TOWNSHIP_STATUS_COLORS: Readonly<Record<TownshipStatus, string>> = { normal: '#2f9e44', escalated: '#f59f00', overdue: '#e03131' };

/** Case markers on the wall: reported in the last five minutes, or earlier in the last 24 hours. */
export const MARKER_COLORS = { fresh: '#ffe066', recent: '#66d9e8' } as const;

/** Open joint-action areas (dashed orange on the commander's, console's and phone's maps). */
export const JOINT_AREA_COLORS = { fill: '#f08c00', line: '#e8590c' } as const;

/** Chart series: the lighter shade of a bar's colour shows cases still open. */
export const OPEN_SHADE_OPACITY = 0.45;
/** Bars without a status of their own (e.g. per domain). */
export const SERIES_COLORS = { today: '#4dabf7', open: '#868e96' } as const;

/** `#rrggbb` at an opacity, as `rgba(…)` (for the "open" shade of a status colour). */
export function withOpacity(hex: string, opacity: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${opacity})`;
}

export type LegendSwatch = 'square' | 'dot' | 'heat' | 'dashed';

export interface LegendItem {
  key: string;
  label: string;
  color: string;
  swatch?: LegendSwatch;
}
