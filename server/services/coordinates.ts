import gcoord from 'gcoord';
import type { Crs, LonLat } from '../../shared/domain/incident.ts';

const SYSTEMS = { WGS84: gcoord.WGS84, GCJ02: gcoord.GCJ02, BD09: gcoord.BD09 } as const;

/** Everything is stored in WGS84; GCJ-02 (AMap/Tencent) and BD-09 (Baidu) are converted at the edge. */
export function toWgs84(point: LonLat, crs: Crs): LonLat {
  if (crs === 'WGS84') return { lon: point.lon, lat: point.lat };
  const [lon, lat] = gcoord.transform([point.lon, point.lat], SYSTEMS[crs], gcoord.WGS84) as [number, number];
  return { lon, lat };
}
