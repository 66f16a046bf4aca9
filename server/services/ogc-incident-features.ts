import type { Feature, Point } from 'geojson';
import type { IncidentWithOrders } from '../repositories/store.ts';

/**
 * An incident as one flat row: GIS clients (QGIS, ogr2ogr) and spreadsheets show nested objects
 * poorly, so the route is spread into columns. Used by OGC API Features and by the exports.
 */
export interface IncidentRow {
  id: string;
  receivedAt: string;
  status: string;
  source: string;
  matterCode: string | null;
  description: string;
  lon: number;
  lat: number;
  countyCode: string;
  countyName: string;
  townshipCode: string;
  townshipName: string;
  villageCode: string;
  villageName: string;
  groupCode: string;
  groupName: string;
  unitId: string;
  unitName: string;
  unitKind: string;
  /** Comma-separated route flags. */
  flags: string;
  orderCount: number;
}

export const INCIDENT_COLUMNS: readonly (keyof IncidentRow)[] = [
  'id', 'receivedAt', 'status', 'source', 'matterCode', 'description', 'lon', 'lat',
  'countyCode', 'countyName', 'townshipCode', 'townshipName', 'villageCode', 'villageName', 'groupCode', 'groupName',
  'unitId', 'unitName', 'unitKind', 'flags', 'orderCount',
];

export function incidentRow(i: IncidentWithOrders): IncidentRow {
  const r = i.route;
  return {
    id: i.id,
    receivedAt: i.receivedAt,
    status: i.status,
    source: i.source,
    matterCode: i.matterCode,
    description: i.description,
    lon: i.location.lon,
    lat: i.location.lat,
    countyCode: r.county.code,
    countyName: r.county.name,
    townshipCode: r.township.code,
    townshipName: r.township.name,
    villageCode: r.village.code,
    villageName: r.village.name,
    groupCode: r.group.code,
    groupName: r.group.name,
    unitId: r.unit.id,
    unitName: r.unit.name,
    unitKind: r.unit.kind,
    flags: r.flags.join(','),
    orderCount: i.orders.length,
  };
}

export type IncidentFeature = Feature<Point, Omit<IncidentRow, 'lon' | 'lat'>>;

export function incidentFeature(i: IncidentWithOrders): IncidentFeature {
  const { lon, lat, ...properties } = incidentRow(i);
  return { type: 'Feature', id: i.id, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}
