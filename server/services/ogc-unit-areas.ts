import type { Feature, MultiPolygon } from 'geojson';
import { featureCollection, union } from '@turf/turf';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { GridFeature } from '../../shared/domain/grid.ts';
import type { OrgUnit } from '../../shared/domain/org.ts';

export interface UnitProps {
  id: string;
  name: string;
  kind: OrgUnit['kind'];
  countyCode: string;
  parentId: string | null;
  /** What the geometry covers: the townships/villages the unit serves, or the whole county. */
  area: 'townships' | 'villages' | 'county';
  /** Comma-separated codes behind `area` (flat, so GIS clients show it as one column). */
  areaCodes: string;
  external: boolean;
}

export type UnitFeature = Feature<MultiPolygon, UnitProps>;

/**
 * The area each organisation unit of a county serves, as a feature for GIS clients. Township
 * teams cover their township (a "1+X" hub team also its radiated townships), stations their
 * townships, squadrons their area; county-level units (bureau, brigades, departments, the
 * dispatch center) cover the whole county. Pieces are unioned so the MultiPolygon is valid.
 */
export function unitFeatures(config: CountyConfig, grid: readonly GridFeature[]): UnitFeature[] {
  const byCode = new Map(grid.map((f) => [f.properties.code, f]));
  const county = grid.find((f) => f.properties.level === 'county');
  if (!county) return [];
  const townshipsOf = new Map<string, Set<string>>();
  const villagesOf = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, unitId: string, codes: readonly string[]) => {
    const set = map.get(unitId) ?? new Set<string>();
    for (const c of codes) set.add(c);
    map.set(unitId, set);
  };
  for (const u of config.units) if (u.townshipCodes) add(townshipsOf, u.id, u.townshipCodes);
  for (const t of config.townships) if (t.teamId) add(townshipsOf, t.teamId, [t.code]);
  for (const cl of config.clusters) {
    const hubTeam = config.townships.find((t) => t.code === cl.hubTownship)?.teamId;
    if (hubTeam) add(townshipsOf, hubTeam, cl.radiatedTownships);
  }
  for (const s of config.squadrons) {
    if (s.area.townshipCodes) add(townshipsOf, s.unitId, s.area.townshipCodes);
    if (s.area.villageCodes) add(villagesOf, s.unitId, s.area.villageCodes);
  }
  return config.units.map((u) => {
    const codes = [...(townshipsOf.get(u.id) ?? []), ...(villagesOf.get(u.id) ?? [])].sort();
    const parts = codes.map((c) => byCode.get(c)).filter((f): f is GridFeature => f !== undefined);
    const useCounty = parts.length === 0;
    const area: UnitProps['area'] = useCounty ? 'county' : villagesOf.has(u.id) && !townshipsOf.has(u.id) ? 'villages' : 'townships';
    return {
      type: 'Feature',
      id: u.id,
      geometry: useCounty ? asMulti(county) : unionOf(parts),
      properties: {
        id: u.id,
        name: u.name,
        kind: u.kind,
        countyCode: config.countyCode,
        parentId: u.parentId ?? null,
        area,
        areaCodes: useCounty ? config.countyCode : parts.map((p) => p.properties.code).join(','),
        external: u.external ?? false,
      },
    };
  });
}

function asMulti(f: GridFeature): MultiPolygon {
  return f.geometry.type === 'MultiPolygon' ? f.geometry : { type: 'MultiPolygon', coordinates: [f.geometry.coordinates] };
}

function unionOf(parts: GridFeature[]): MultiPolygon {
  if (parts.length === 1) return asMulti(parts[0] as GridFeature);
  const merged = union(featureCollection(parts));
  if (!merged) return { type: 'MultiPolygon', coordinates: [] };
  return merged.geometry.type === 'MultiPolygon' ? merged.geometry : { type: 'MultiPolygon', coordinates: [merged.geometry.coordinates] };
}
