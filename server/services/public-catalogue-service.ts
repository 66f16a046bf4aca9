import { pinyinInitials } from './pinyin-initials.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import { shanghaiDate, shanghaiDayStart, withinDays } from '../../shared/domain/devolution.ts';
import type { UnitKind } from '../../shared/domain/unit.ts';
import type { PublicBodiesResponse, PublicBody, PublicCatalogueEntry, PublicCatalogueResponse, PublicTownship } from '../../shared/protocol/public.ts';
import { decideResponsibility } from '../../shared/routing/responsibility.ts';
import type { Jurisdiction } from '../../shared/routing/route.ts';
import { DomainError } from './domain-error.ts';

const KIND_LABELS: Record<UnitKind, string> = {
  'dispatch-center': '执法调度指挥中心',
  'bureau-brigade': '县综合行政执法局（大队）',
  'township-team': '乡镇（街道）综合行政执法队',
  squadron: '中队',
  department: '县级业务主管部门',
  'department-station': '部门派驻机构',
};

/** Answers per (county, township, day) are the same for everyone; the catalogue only changes on restart. */
const CACHE_LIMIT = 500;

/**
 * What the public may know (公示): the enforcement bodies of a county and where they act, and
 * for each township which body holds each matter of the catalogue on a given day, decided by the
 * same responsibility rules that route reports, so the published list cannot differ from practice.
 */
export class PublicCatalogueService {
  private readonly cache = new Map<string, PublicCatalogueResponse>();

  constructor(
    private readonly jurisdiction: Jurisdiction,
    private readonly now: () => Date,
  ) {}

  private config(countyCode: string): CountyConfig {
    const config = this.jurisdiction.configs.get(countyCode);
    if (!config) throw new DomainError('UNKNOWN_COUNTY', `county ${countyCode} is not served here; GET /api/v1/counties lists the ones that are`);
    return config;
  }

  bodies(countyCode: string): PublicBodiesResponse {
    const config = this.config(countyCode);
    const townshipsOf = new Map<string, Set<string>>();
    const villagesOf = new Map<string, Set<string>>();
    const areasOf = new Map<string, string[]>();
    const add = (map: Map<string, Set<string>>, id: string, codes: readonly string[]) => {
      const set = map.get(id) ?? new Set<string>();
      for (const c of codes) set.add(c);
      map.set(id, set);
    };
    for (const u of config.units) if (u.townshipCodes) add(townshipsOf, u.id, u.townshipCodes);
    for (const t of config.townships) if (t.teamId) add(townshipsOf, t.teamId, [t.code]);
    for (const c of config.clusters) {
      const hub = config.townships.find((t) => t.code === c.hubTownship)?.teamId;
      if (hub) add(townshipsOf, hub, c.radiatedTownships);
    }
    for (const s of config.squadrons) {
      add(townshipsOf, s.unitId, s.area.townshipCodes ?? []);
      add(villagesOf, s.unitId, s.area.villageCodes ?? []);
      areasOf.set(s.unitId, [...(areasOf.get(s.unitId) ?? []), s.area.name]);
    }
    const bodies: PublicBody[] = config.units
      .filter((u) => !u.external)
      .map((u) => {
        const townshipCodes = [...(townshipsOf.get(u.id) ?? [])].sort();
        const villageCodes = [...(villagesOf.get(u.id) ?? [])].sort();
        return {
          id: u.id,
          name: u.name,
          kind: u.kind,
          kindLabel: KIND_LABELS[u.kind],
          parentId: u.parentId ?? null,
          townshipCodes,
          villageCodes,
          areaNames: areasOf.get(u.id) ?? [],
          countyWide: townshipCodes.length === 0 && villageCodes.length === 0,
          note: u.note ?? null,
        };
      });
    const unitName = (id: string) => config.units.find((u) => u.id === id)?.name ?? id;
    const townships: PublicTownship[] = config.townships.map((t) => {
      const cluster = config.clusters.find((c) => c.hubTownship === t.code || c.radiatedTownships.includes(t.code)) ?? null;
      const hubTeam = cluster ? config.townships.find((x) => x.code === cluster.hubTownship)?.teamId : undefined;
      // In a radiated township the hub's team enforces (the local team works with it).
      const teamId = cluster && hubTeam ? hubTeam : (t.teamId ?? null);
      return {
        code: t.code,
        name: t.name,
        teamId,
        teamName: teamId ? unitName(teamId) : null,
        cluster: cluster ? { id: cluster.id, name: cluster.name, hubTownship: cluster.hubTownship } : null,
        administeredBy: t.administeredBy ? { unitId: t.administeredBy.unitId, name: unitName(t.administeredBy.unitId), note: t.administeredBy.note } : null,
      };
    });
    return {
      county: { code: config.countyCode, name: config.name },
      bureauName: config.bureauName,
      dispatchCenter: { id: config.dispatchCenterId, name: unitName(config.dispatchCenterId) },
      bodies,
      townships,
      source: config.source,
      assumptions: [...config.assumptions],
    };
  }

  catalogue(countyCode: string, townshipCode: string, date?: string): PublicCatalogueResponse {
    const config = this.config(countyCode);
    const township = config.townships.find((t) => t.code === townshipCode);
    if (!township) throw new DomainError('NOT_FOUND', `township ${townshipCode} is not in county ${config.name} (${countyCode})`);
    const day = date ?? shanghaiDate(this.now().getTime());
    const dayMs = shanghaiDayStart(day);
    if (Number.isNaN(dayMs) || shanghaiDate(dayMs) !== day) throw new DomainError('VALIDATION_FAILED', `date ${day} is not a calendar day`, [{ path: 'date', message: 'not a calendar day' }]);
    const key = `${countyCode}/${townshipCode}/${day}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    const at = new Date(dayMs).toISOString();
    const chain = {
      county: { code: config.countyCode, name: config.name },
      township: { code: township.code, name: township.name },
      village: { code: '', name: '' },
      group: { code: '', name: '' },
    };
    const entries: PublicCatalogueEntry[] = [];
    for (const matter of this.jurisdiction.catalogue.matters) {
      if (!withinDays(dayMs, matter.effectiveFrom, matter.effectiveTo)) continue;
      const decision = decideResponsibility({ chain, matterCode: matter.code, at, config, catalogue: this.jurisdiction.catalogue });
      if (!decision.ok) continue;
      const deciding = decision.reasons.filter((r) => r.code !== 'LOCATION' && r.code !== 'MATTER' && r.code !== 'GRID_NETWORKS');
      entries.push({
        code: matter.code,
        name: matter.name,
        initials: pinyinInitials(matter.name),
        domain: matter.domain,
        legalBasis: matter.legalBasis,
        holder: decision.unit,
        level: decision.level,
        devolution: decision.devolution ? { batchName: decision.devolution.batchName, effectiveFrom: decision.devolution.effectiveFrom } : null,
        simpleProcedure: matter.simpleProcedure,
        reason: deciding.map((r) => r.message).join('；'),
      });
    }
    const answer: PublicCatalogueResponse = {
      county: { code: config.countyCode, name: config.name },
      township: { code: township.code, name: township.name },
      date: day,
      entries,
      counts: { township: entries.filter((e) => e.level === 'township').length, county: entries.filter((e) => e.level === 'county').length },
    };
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, answer);
    return answer;
  }
}
