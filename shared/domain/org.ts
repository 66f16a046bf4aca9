/**
 * A county's enforcement organisation: the bureau and its brigades, the dispatch center,
 * professional departments and their township stations, township teams, squadrons with their
 * areas, "1+X" clusters and (惠安) the three overlapping grid networks. Data lives in
 * data/counties/<12-digit code>.json; the zod schema is in county-config.ts.
 */
import type { UnitKind, UnitRef } from './unit.ts';

/** A unit of the organisation: a UnitRef plus where it sits. */
export interface OrgUnit extends UnitRef {
  kind: UnitKind;
  /** The unit this one belongs to (a brigade's bureau, a station's department, a squadron's brigade or team). */
  parentId?: string;
  /** Township codes a township team or a department station serves. */
  townshipCodes?: string[];
  /** Outside the county's own system (e.g. 泉州台商投资区): reachable only by hand-over. */
  external?: boolean;
  note?: string;
}

/**
 * A named area: whole townships and/or single villages. Areas without an official code
 * (开发区, 工业园, 车村镇's 片区) are `synthetic`; their geometry is the union of the grids.
 */
export interface OrgArea {
  id: string;
  name: string;
  synthetic: boolean;
  townshipCodes?: string[];
  villageCodes?: string[];
}

/** A squadron (中队) that acts for its parent unit inside its area. */
export interface Squadron {
  unitId: string;
  area: OrgArea;
}

/** "1+X": a hub township's team also serves 1–2 radiated neighbours. */
export interface Cluster {
  id: string;
  name: string;
  hubTownship: string;
  radiatedTownships: string[];
  /** 七三开: the hub team is evaluated 70 % on its own township, 30 % on the radiated ones. */
  evaluation: { hub: number; radiated: number };
  note?: string;
}

export type TownshipKind = 'subdistrict' | 'town' | 'township' | 'ethnic-township' | 'industrial-zone' | 'forest-farm';

/** How a township of the county takes part in enforcement. */
export interface TownshipSetting {
  code: string;
  name: string;
  kind: TownshipKind;
  /** Its own team's unit id (`team-<code>`); absent where the township has none. */
  teamId?: string;
  /** Run by another body although coded under this county (惠安's towns under 台商投资区). */
  administeredBy?: { unitId: string; note: string };
}

/** A cell of an overlay grid network: a named set of base grids (villages) of one township. */
export interface NetworkCell {
  id: string;
  name: string;
  townshipCode: string;
  villageCodes: string[];
  /** The unit (or sub-team) that works this cell, when one is named. */
  unitId?: string;
}

/**
 * 三网合一 (惠安): the base grid is the village (管理网格, kept by 综治网格员); over it lie a
 * 巡查网格 network and a 综合执法网格 network. Every base grid maps to exactly one cell of each.
 */
export interface GridNetworks {
  base: { name: string; level: 'village' };
  patrol: { name: string; cells: NetworkCell[] };
  enforcement: { name: string; cells: NetworkCell[] };
}

export function toUnitRef(unit: OrgUnit): UnitRef {
  return { id: unit.id, name: unit.name, kind: unit.kind };
}

/** Does an area contain the place? Village membership is checked before township membership. */
export function areaContains(area: OrgArea, townshipCode: string, villageCode: string | null): 'village' | 'township' | null {
  if (villageCode && area.villageCodes?.includes(villageCode)) return 'village';
  if (area.townshipCodes?.includes(townshipCode)) return 'township';
  return null;
}
