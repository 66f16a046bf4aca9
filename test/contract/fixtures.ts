import type { GridCollection } from '../../shared/domain/grid.ts';
import type { DispatchOrder, Incident } from '../../shared/domain/incident.ts';
import type { Change } from '../../server/repositories/store.ts';
import { codesAt, quadCentre, syntheticCounty } from './synthetic-grid.ts';

/** The contract's county: an unjittered 8×8 lattice of 0.05° quads, so expectations are plain arithmetic. */
export const GRID = { countyCode: '990101000000', countyName: '契约县', lon0: 115, lat0: 36, step: 0.05, jitter: 0, seed: 1 } as const;

export function contractGrids(): Map<string, GridCollection> {
  return new Map([[GRID.countyCode, syntheticCounty(GRID)]]);
}

/** An incident located at the centre of group quad (i, j), routed to that cell's township team. */
export function incidentAt(id: string, receivedAt: string, i: number, j: number, overrides: Partial<Incident> = {}): Incident {
  const codes = codesAt(GRID.countyCode, i, j);
  const location = quadCentre(GRID, i, j);
  return {
    id,
    receivedAt,
    location,
    reported: { ...location, crs: 'WGS84' },
    matterCode: null,
    description: `report ${id}`,
    source: 'patrol',
    status: 'dispatched',
    route: {
      county: { code: codes.county, name: GRID.countyName },
      township: { code: codes.township, name: 't' },
      village: { code: codes.village, name: 'v' },
      group: { code: codes.group, name: 'g' },
      unit: { id: `team-${codes.township}`, name: '执法队', kind: 'township-team' },
      alternates: [],
      flags: [],
      reasons: [{ code: 'LOCATED', message: '位于契约县' }],
    },
    ...overrides,
  };
}

export function orderFor(incident: Incident, id = `o-${incident.id}`): DispatchOrder {
  return { id, incidentId: incident.id, unit: incident.route.unit, createdAt: incident.receivedAt, status: 'pending' };
}

/** What the intake service commits for one report. */
export function reportChanges(incident: Incident): Change[] {
  const order = orderFor(incident);
  return [
    { kind: 'incident.insert', incident },
    { kind: 'order.insert', order },
    { kind: 'event.append', type: 'incident:created', at: incident.receivedAt, payload: { incidentId: incident.id } },
    { kind: 'event.append', type: 'dispatch:created', at: incident.receivedAt, payload: { orderId: order.id, incidentId: incident.id } },
  ];
}

/** ISO time `s` seconds after 2026-11-22T00:00:00Z. */
export function at(s: number): string {
  return new Date(Date.UTC(2026, 10, 22) + s * 1000).toISOString();
}

/** Web-Mercator tile pixel (extent 4096) of a lon/lat in tile z/x/y. */
export function tilePixel(lon: number, lat: number, z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const wx = ((lon + 180) / 360) * n;
  const s = Math.sin((lat * Math.PI) / 180);
  const wy = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n;
  return [(wx - x) * 4096, (wy - y) * 4096];
}

export function tileOf(lon: number, lat: number, z: number): { z: number; x: number; y: number } {
  const [px, py] = tilePixel(lon, lat, z, 0, 0);
  return { z, x: Math.floor(px / 4096), y: Math.floor(py / 4096) };
}
