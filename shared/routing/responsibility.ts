/**
 * "Who must act, and why": given where a report is (the grid chain), what it is about (a
 * catalogue matter, or none yet) and when it was made, decide the responsible unit from the
 * county configuration, with readable zh-CN reasons. Pure: no clock, no I/O.
 *
 * Order of rules: location → matter in force → devolved to the township (or to its "1+X" hub)
 * at that time → otherwise the county holder → a squadron or station acting for that unit
 * at the place → major-case hand-over → boundary review.
 */
import { majorCaseDestination } from '../domain/case-holder.ts';
import type { CountyConfig } from '../domain/county-config.ts';
import { devolutionStatus, shanghaiDate, withinDays, type DevolutionStatus } from '../domain/devolution.ts';
import type { GridChain, PlaceRef } from '../domain/grid.ts';
import type { Catalogue, Matter } from '../domain/matters.ts';
import { toUnitRef, type Cluster, type NetworkCell, type OrgArea, type OrgUnit } from '../domain/org.ts';
import type { RouteFlag, RouteReason } from '../domain/route.ts';
import type { UnitRef } from '../domain/unit.ts';
import { actingTeam, countyHolder, delegateAt, indexCountyConfig, unitOf, type CountyIndex } from './responsibility-index.ts';

export interface ResponsibilityInput {
  chain: GridChain;
  /** Catalogue code; absent or null when the reporter did not classify the report. */
  matterCode?: string | null;
  /** When the report was made (ISO 8601 with zone): decides which devolution batches apply. */
  at: string;
  /** A config accepted by loadCountyConfig. */
  config: CountyConfig;
  catalogue: Catalogue;
  /** The point lies near a township boundary (from the spatial index). */
  nearBoundary?: boolean;
  /** The township across that boundary, when the spatial index knows it. */
  neighbourTownship?: PlaceRef | null;
  /** A major case (涉嫌重大违法、简易程序无法处理): may go up to the county holder. */
  major?: boolean;
}

/** Stable reason codes, in the order they usually appear. */
export type ResponsibilityReasonCode =
  | 'LOCATION'
  | 'GRID_NETWORKS'
  | 'TOWNSHIP_NOT_CONFIGURED'
  | 'EXTERNAL_ADMINISTRATION'
  | 'NO_TEAM'
  | 'NEEDS_CLASSIFICATION'
  | 'MATTER'
  | 'DEVOLVED'
  | 'NOT_YET_DEVOLVED'
  | 'DEVOLUTION_ENDED'
  | 'CLUSTER_HUB'
  | 'RETAINED'
  | 'NO_HOLDER'
  | 'SQUADRON_AREA'
  | 'DEPARTMENT_STATION'
  | 'MAJOR_CASE'
  | 'BOUNDARY_REVIEW'
  | 'BOUNDARY_SAME_UNIT';

export type ResponsibilityErrorCode = 'INVALID_TIME' | 'COUNTY_MISMATCH' | 'UNKNOWN_MATTER' | 'MATTER_NOT_IN_FORCE';

export interface ResponsibilityDecision {
  ok: true;
  unit: UnitRef;
  alternates: UnitRef[];
  flags: RouteFlag[];
  reasons: RouteReason[];
  /** `township` when the place chose the unit (township team, hub, area squadron, station). */
  level: 'township' | 'county';
  matter: Matter | null;
  /** The devolution batch applied, if any. */
  devolution: { batchId: string; batchName: string; effectiveFrom: string } | null;
  /** The "1+X" cluster the place belongs to: evaluation (七三开) needs it. */
  cluster: Pick<Cluster, 'id' | 'name' | 'hubTownship' | 'evaluation'> | null;
  squadronArea: Pick<OrgArea, 'id' | 'name' | 'synthetic'> | null;
  /** 三网合一 cells of the base grid (village), where the county has grid networks. */
  gridCells: { patrol: Pick<NetworkCell, 'id' | 'name'> | null; enforcement: Pick<NetworkCell, 'id' | 'name'> | null } | null;
}

export interface ResponsibilityError {
  ok: false;
  error: { code: ResponsibilityErrorCode; message: string };
}

export type ResponsibilityResult = ResponsibilityDecision | ResponsibilityError;

function fail(code: ResponsibilityErrorCode, message: string): ResponsibilityError {
  return { ok: false, error: { code, message } };
}

const matterLabel = (m: Matter) => `事项 ${m.code}「${m.name}」`;

/** Where the unit for one township ends up, without the boundary step (also used for the neighbour). */
interface Placement {
  unit: OrgUnit;
  alternates: OrgUnit[];
  reasons: RouteReason[];
  level: 'township' | 'county';
  devolution: ResponsibilityDecision['devolution'];
  cluster: Cluster | null;
  squadronArea: OrgArea | null;
}

function center(index: CountyIndex): OrgUnit {
  return unitOf(index, index.config.dispatchCenterId);
}

function placeAtCounty(index: CountyIndex, matter: Matter, township: PlaceRef, village: PlaceRef | null, reasons: RouteReason[]): Placement {
  const holder = countyHolder(index, matter);
  if (!holder) {
    const c = center(index);
    reasons.push({ code: 'NO_HOLDER', message: `${matterLabel(matter)}的持有角色 ${matter.defaultHolder} 未在本县配置中对应单位，由${c.name}分办` });
    return { unit: c, alternates: [], reasons, level: 'county', devolution: null, cluster: null, squadronArea: null };
  }
  const why = { matter: '（本县按事项调整）', domain: `（本县${matter.domain}领域调整）`, role: '' }[holder.source];
  const verb = holder.unit.kind === 'bureau-brigade' ? '保留' : '承办';
  reasons.push({ code: 'RETAINED', message: `${matterLabel(matter)}未赋权${township.name}，由${holder.unit.name}${verb}${why}` });
  const delegation = delegateAt(index, holder.unit, township.code, village?.code ?? null);
  if (!delegation) return { unit: holder.unit, alternates: [], reasons, level: 'county', devolution: null, cluster: null, squadronArea: null };
  if (delegation.via === 'squadron') {
    const placeName = delegation.match === 'village' && village ? village.name : township.name;
    reasons.push({ code: 'SQUADRON_AREA', message: `${placeName}属于责任区「${delegation.squadron.area.name}」，由${delegation.unit.name}承办` });
    return { unit: delegation.unit, alternates: [holder.unit], reasons, level: 'township', devolution: null, cluster: null, squadronArea: delegation.squadron.area };
  }
  reasons.push({ code: 'DEPARTMENT_STATION', message: `${holder.unit.name}所持事项在${township.name}由派驻机构${delegation.unit.name}承办` });
  return { unit: delegation.unit, alternates: [holder.unit], reasons, level: 'township', devolution: null, cluster: null, squadronArea: null };
}

function statusFor(index: CountyIndex, townshipCode: string, matter: Matter, atMs: number): { status: DevolutionStatus; grantee: string } {
  const own = devolutionStatus(index.config.devolution, townshipCode, matter.code, atMs);
  const cluster = index.clusterByTownship.get(townshipCode);
  // A radiated township is covered by what its hub received, unless a batch names it directly.
  if (own.state === 'none' && cluster && cluster.hubTownship !== townshipCode) {
    return { status: devolutionStatus(index.config.devolution, cluster.hubTownship, matter.code, atMs), grantee: cluster.hubTownship };
  }
  return { status: own, grantee: townshipCode };
}

function townshipName(index: CountyIndex, code: string): string {
  return index.townshipByCode.get(code)?.name ?? code;
}

/** Places a classified matter in one township (no boundary step). */
function placeMatter(index: CountyIndex, matter: Matter, township: PlaceRef, village: PlaceRef | null, atMs: number, major: boolean): Placement {
  const reasons: RouteReason[] = [];
  const { status, grantee } = statusFor(index, township.code, matter, atMs);
  const granteeName = townshipName(index, grantee);
  if (status.state === 'pending') {
    reasons.push({
      code: 'NOT_YET_DEVOLVED',
      message: `${matterLabel(matter)}将于 ${status.batch.effectiveFrom} 随「${status.batch.name}」赋权${granteeName}；报告时间早于生效日期，仍由县级承办`,
    });
  } else if (status.state === 'ended') {
    const how = status.revocation ? `依${status.revocation.name}收回` : `${status.batch.name}到期`;
    reasons.push({ code: 'DEVOLUTION_ENDED', message: `${matterLabel(matter)}对${granteeName}的赋权自 ${status.endedOn} 起终止（${how}），回归县级承办` });
  }
  if (status.state !== 'devolved') return placeAtCounty(index, matter, township, village, reasons);

  const acting = actingTeam(index, township.code);
  if (!acting) return placeAtCounty(index, matter, township, village, reasons);
  const devolution = { batchId: status.batch.id, batchName: status.batch.name, effectiveFrom: status.batch.effectiveFrom };
  reasons.push({ code: 'DEVOLVED', message: `${matterLabel(matter)}已于 ${status.batch.effectiveFrom} 随「${status.batch.name}」赋权${granteeName}` });
  const alternates: OrgUnit[] = [];
  if (acting.cluster && acting.localTeam) {
    reasons.push({
      code: 'CLUSTER_HUB',
      message: `${township.name}属于「1+X」${acting.cluster.name}，由中心镇${townshipName(index, acting.cluster.hubTownship)}的执法队「${acting.team.name}」承办`,
    });
    alternates.push(acting.localTeam);
  }
  const majorTo = major ? majorCaseDestination(index.config, matter) : null;
  if (majorTo?.atIntake && majorTo.unitIds[0] !== undefined) {
    const target = unitOf(index, majorTo.unitIds[0]);
    reasons.push({ code: 'MAJOR_CASE', message: `重大案件：由${acting.team.name}移交${target.name}处理` });
    return { unit: target, alternates: [acting.team, ...alternates], reasons, level: 'county', devolution, cluster: acting.cluster, squadronArea: null };
  }
  const delegation = delegateAt(index, acting.team, township.code, village?.code ?? null);
  if (delegation?.via === 'squadron') {
    const placeName = delegation.match === 'village' && village ? village.name : township.name;
    reasons.push({ code: 'SQUADRON_AREA', message: `${placeName}属于责任区「${delegation.squadron.area.name}」，由${delegation.unit.name}分片负责` });
    return { unit: delegation.unit, alternates: [acting.team, ...alternates], reasons, level: 'township', devolution, cluster: acting.cluster, squadronArea: delegation.squadron.area };
  }
  return { unit: acting.team, alternates, reasons, level: 'township', devolution, cluster: acting.cluster, squadronArea: null };
}

/** Places an unclassified report: the team acting in the township receives and classifies it. */
function placeUnclassified(index: CountyIndex, township: PlaceRef, village: PlaceRef | null): Placement {
  const reasons: RouteReason[] = [];
  const acting = actingTeam(index, township.code);
  if (!acting) {
    const c = center(index);
    reasons.push({ code: 'NO_TEAM', message: `${township.name}未设乡镇执法队，未分类报告由${c.name}分办` });
    return { unit: c, alternates: [], reasons, level: 'county', devolution: null, cluster: null, squadronArea: null };
  }
  const alternates: OrgUnit[] = [];
  if (acting.cluster && acting.localTeam) {
    reasons.push({
      code: 'CLUSTER_HUB',
      message: `${township.name}属于「1+X」${acting.cluster.name}，由中心镇${townshipName(index, acting.cluster.hubTownship)}的执法队「${acting.team.name}」承办`,
    });
    alternates.push(acting.localTeam);
  }
  const delegation = delegateAt(index, acting.team, township.code, village?.code ?? null);
  if (delegation?.via === 'squadron') alternates.push(delegation.unit);
  reasons.push({ code: 'NEEDS_CLASSIFICATION', message: `报告未指定执法事项，由${acting.team.name}接收并分类` });
  return {
    unit: acting.team,
    alternates,
    reasons,
    level: 'township',
    devolution: null,
    cluster: acting.cluster,
    squadronArea: delegation?.via === 'squadron' ? delegation.squadron.area : null,
  };
}

/** Townships outside the county's own system go to the dispatch center for hand-over. */
function placeOutsideSystem(index: CountyIndex, township: PlaceRef): Placement | null {
  const setting = index.townshipByCode.get(township.code);
  const c = center(index);
  if (!setting) {
    const reasons = [{ code: 'TOWNSHIP_NOT_CONFIGURED', message: `${township.name}（${township.code}）不在本县执法配置中，由${c.name}分办` }];
    return { unit: c, alternates: [], reasons, level: 'county', devolution: null, cluster: null, squadronArea: null };
  }
  if (setting.administeredBy) {
    const external = unitOf(index, setting.administeredBy.unitId);
    const reasons = [{ code: 'EXTERNAL_ADMINISTRATION', message: `${township.name}${setting.administeredBy.note}（统计代码仍属本县），由${c.name}移送${external.name}` }];
    return { unit: c, alternates: [external], reasons, level: 'county', devolution: null, cluster: null, squadronArea: null };
  }
  return null;
}

function place(index: CountyIndex, matter: Matter | null, township: PlaceRef, village: PlaceRef | null, atMs: number, major: boolean): Placement {
  return (
    placeOutsideSystem(index, township) ??
    (matter ? placeMatter(index, matter, township, village, atMs, major) : placeUnclassified(index, township, village))
  );
}

function uniqueRefs(units: OrgUnit[], except: OrgUnit): UnitRef[] {
  const seen = new Set([except.id]);
  const out: UnitRef[] = [];
  for (const u of units) {
    if (seen.has(u.id)) continue;
    seen.add(u.id);
    out.push(toUnitRef(u));
  }
  return out;
}

/** Decides the responsible unit. Never throws for bad input: errors come back as `{ok: false}`. */
export function decideResponsibility(input: ResponsibilityInput): ResponsibilityResult {
  const { chain, config, catalogue } = input;
  const atMs = Date.parse(input.at);
  if (Number.isNaN(atMs)) return fail('INVALID_TIME', `报告时间「${input.at}」不是有效的 ISO 8601 时间`);
  if (chain.county.code !== config.countyCode) {
    return fail('COUNTY_MISMATCH', `位置属于${chain.county.name}（${chain.county.code}），与配置的${config.name}（${config.countyCode}）不符`);
  }
  const code = input.matterCode?.trim() || null;
  let matter: Matter | null = null;
  if (code) {
    matter = catalogue.byCode.get(code) ?? null;
    if (!matter) return fail('UNKNOWN_MATTER', `执法事项清单中没有编码为「${code}」的事项`);
    if (!withinDays(atMs, matter.effectiveFrom, matter.effectiveTo)) {
      const span = `${matter.effectiveFrom ?? '……'} 至 ${matter.effectiveTo ?? '今'}`;
      return fail('MATTER_NOT_IN_FORCE', `${matterLabel(matter)}的有效期为 ${span}，报告日期 ${shanghaiDate(atMs)} 不在其内`);
    }
  }
  const index = indexCountyConfig(config);
  const villageCode = chain.village.code || null;

  const reasons: RouteReason[] = [
    { code: 'LOCATION', message: `位于${chain.county.name}${chain.township.name}${chain.village.name}${chain.group.name}` },
  ];
  const patrol = villageCode ? (index.patrolCellByVillage.get(villageCode) ?? null) : null;
  const enforcement = villageCode ? (index.enforcementCellByVillage.get(villageCode) ?? null) : null;
  if (patrol || enforcement) {
    const cells = [patrol?.name, enforcement?.name].filter(Boolean).join('、');
    reasons.push({ code: 'GRID_NETWORKS', message: `基础网格${chain.village.name}对应${cells}` });
  }
  if (matter) reasons.push({ code: 'MATTER', message: `${matterLabel(matter)}属${matter.domain}领域，依据${matter.legalBasis}` });

  const major = input.major === true;
  const placed = place(index, matter, chain.township, villageCode ? chain.village : null, atMs, major);
  reasons.push(...placed.reasons);
  const flags: RouteFlag[] = matter ? [] : ['needsClassification'];
  const alternates = [...placed.alternates];

  if (input.nearBoundary && placed.level === 'township') {
    const neighbour = input.neighbourTownship;
    if (neighbour && neighbour.code !== chain.township.code) {
      const other = place(index, matter, neighbour, null, atMs, major);
      if (other.unit.id === placed.unit.id) {
        reasons.push({ code: 'BOUNDARY_SAME_UNIT', message: `靠近与${neighbour.name}的边界，但两侧同由${placed.unit.name}承办，无需复核` });
      } else {
        flags.push('boundaryReview');
        alternates.push(other.unit);
        reasons.push({ code: 'BOUNDARY_REVIEW', message: `靠近与${neighbour.name}的边界，需人工确认属地；${neighbour.name}一侧由${other.unit.name}承办` });
      }
    } else {
      flags.push('boundaryReview');
      reasons.push({ code: 'BOUNDARY_REVIEW', message: '靠近乡镇边界，需人工确认属地' });
    }
  }

  return {
    ok: true,
    unit: toUnitRef(placed.unit),
    alternates: uniqueRefs(alternates, placed.unit),
    flags,
    reasons,
    level: placed.level,
    matter,
    devolution: placed.devolution,
    cluster: placed.cluster
      ? { id: placed.cluster.id, name: placed.cluster.name, hubTownship: placed.cluster.hubTownship, evaluation: placed.cluster.evaluation }
      : null,
    squadronArea: placed.squadronArea ? { id: placed.squadronArea.id, name: placed.squadronArea.name, synthetic: placed.squadronArea.synthetic } : null,
    gridCells: patrol || enforcement ? { patrol: patrol ? { id: patrol.id, name: patrol.name } : null, enforcement: enforcement ? { id: enforcement.id, name: enforcement.name } : null } : null,
  };
}
