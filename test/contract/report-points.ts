import type { GridFeature } from '../../shared/domain/grid.ts';
import { featuresAt, interiorPoint } from '../helpers/grid-data.ts';

/** The county the server-level tests report in: a real one, so its jurisdiction is configured. */
export const REPORT_COUNTY = '410923000000';

export interface ReportPoint {
  lon: number;
  lat: number;
  group: GridFeature;
}

/** `n` points strictly inside distinct groups of the county, spread over its list of groups. */
export function reportPoints(n: number): ReportPoint[] {
  const groups = featuresAt(REPORT_COUNTY, 'group');
  return Array.from({ length: n }, (_, k) => {
    const group = groups[Math.floor((k * groups.length) / n)]!;
    const [lon, lat] = interiorPoint(group);
    return { lon, lat, group };
  });
}
