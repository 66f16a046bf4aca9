/**
 * Lookup tables over a county configuration for the responsibility rules: units by id,
 * clusters by member township, squadrons and stations by the unit they act for, grid cells by
 * base grid. Built once per config object (configs are treated as immutable).
 */
import { countyHolderOf } from '../domain/case-holder.ts';
import type { CountyConfig } from '../domain/county-config.ts';
import type { Matter } from '../domain/matters.ts';
import { areaContains, type Cluster, type NetworkCell, type OrgUnit, type Squadron, type TownshipSetting } from '../domain/org.ts';

export interface CountyIndex {
  config: CountyConfig;
  unitById: ReadonlyMap<string, OrgUnit>;
  townshipByCode: ReadonlyMap<string, TownshipSetting>;
  clusterByTownship: ReadonlyMap<string, Cluster>;
  squadronsByParent: ReadonlyMap<string, Squadron[]>;
  stationsByParent: ReadonlyMap<string, OrgUnit[]>;
  patrolCellByVillage: ReadonlyMap<string, NetworkCell>;
  enforcementCellByVillage: ReadonlyMap<string, NetworkCell>;
}

const cache = new WeakMap<CountyConfig, CountyIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexCountyConfig(config: CountyConfig): CountyIndex {
  const cached = cache.get(config);
  if (cached) return cached;
  const unitById = new Map(config.units.map((u) => [u.id, u]));
  const clusterByTownship = new Map<string, Cluster>();
  for (const cluster of config.clusters) {
    for (const t of [cluster.hubTownship, ...cluster.radiatedTownships]) clusterByTownship.set(t, cluster);
  }
  const squadronsByParent = new Map<string, Squadron[]>();
  for (const s of config.squadrons) {
    const parent = unitById.get(s.unitId)?.parentId;
    if (parent) push(squadronsByParent, parent, s);
  }
  const stationsByParent = new Map<string, OrgUnit[]>();
  for (const u of config.units) if (u.kind === 'department-station' && u.parentId) push(stationsByParent, u.parentId, u);
  const cellsByVillage = (cells: NetworkCell[] | undefined) => {
    const map = new Map<string, NetworkCell>();
    for (const cell of cells ?? []) for (const v of cell.villageCodes) map.set(v, cell);
    return map;
  };
  const index: CountyIndex = {
    config,
    unitById,
    townshipByCode: new Map(config.townships.map((t) => [t.code, t])),
    clusterByTownship,
    squadronsByParent,
    stationsByParent,
    patrolCellByVillage: cellsByVillage(config.gridNetworks?.patrol.cells),
    enforcementCellByVillage: cellsByVillage(config.gridNetworks?.enforcement.cells),
  };
  cache.set(config, index);
  return index;
}

/** A unit the (validated) config is known to contain. */
export function unitOf(index: CountyIndex, unitId: string): OrgUnit {
  const unit = index.unitById.get(unitId);
  if (!unit) throw new Error(`county ${index.config.countyCode}: unit "${unitId}" missing; was the config validated by loadCountyConfig?`);
  return unit;
}

export type HolderSource = 'matter' | 'domain' | 'role';

/** Who holds a matter at county level: a per-matter override, else a per-domain one, else the role mapping. */
export function countyHolder(index: CountyIndex, matter: Matter): { unit: OrgUnit; source: HolderSource } | null {
  const holder = countyHolderOf(index.config, matter);
  return holder ? { unit: unitOf(index, holder.unitId), source: holder.source } : null;
}

/** The team that acts in a township: its own, or in a "1+X" radiated township the hub's. */
export function actingTeam(
  index: CountyIndex,
  townshipCode: string,
): { team: OrgUnit; localTeam: OrgUnit | null; cluster: Cluster | null } | null {
  const setting = index.townshipByCode.get(townshipCode);
  if (!setting) return null;
  const local = setting.teamId ? unitOf(index, setting.teamId) : null;
  const cluster = index.clusterByTownship.get(townshipCode) ?? null;
  if (cluster && cluster.hubTownship !== townshipCode) {
    const hubTeamId = index.townshipByCode.get(cluster.hubTownship)?.teamId;
    if (hubTeamId) return { team: unitOf(index, hubTeamId), localTeam: local, cluster };
  }
  return local ? { team: local, localTeam: null, cluster } : null;
}

export type Delegation =
  | { via: 'squadron'; unit: OrgUnit; squadron: Squadron; match: 'village' | 'township' }
  | { via: 'station'; unit: OrgUnit };

/**
 * The sub-unit that acts for `unit` at the place: a squadron whose area covers it (an area
 * naming the village beats one naming the township), else a station of the same department
 * serving the township. Null when the unit acts itself.
 */
export function delegateAt(index: CountyIndex, unit: OrgUnit, townshipCode: string, villageCode: string | null): Delegation | null {
  let best: Extract<Delegation, { via: 'squadron' }> | null = null;
  for (const squadron of index.squadronsByParent.get(unit.id) ?? []) {
    const match = areaContains(squadron.area, townshipCode, villageCode);
    if (match && (!best || (match === 'village' && best.match === 'township'))) {
      best = { via: 'squadron', unit: unitOf(index, squadron.unitId), squadron, match };
    }
  }
  if (best) return best;
  // A domain team and the stations of its department serve the same department.
  const owners = [unit.id, ...(unit.parentId ? [unit.parentId] : [])];
  for (const owner of owners) {
    const station = index.stationsByParent.get(owner)?.find((s) => s.townshipCodes?.includes(townshipCode));
    if (station) return { via: 'station', unit: station };
  }
  return null;
}
