/**
 * Who holds a case (案件主办单位), and where a major case goes. Pure.
 *
 * The holder follows the routing answer, because the body that holds the power is the body that
 * decides in its own name:
 * - a devolved matter is held by the township team acting there — its own, or on the radiated
 *   ground of a "1+X" cluster the hub township's team (常山: 「以本级人民政府名义开展执法工作」;
 *   惠安: 镇级综合执法队居主体地位; 车村镇: 镇综合执法办公室作为指挥平台);
 * - a matter the county keeps is held by the unit the matter belongs to: a bureau brigade or a
 *   department (not by a squadron or a station working it on the spot: they act for that unit);
 * - an unclassified report, or one the router leaves with the dispatch center, is held by the
 *   dispatch center until someone decides what it is.
 * The county center sees every case and supervises (督办); it holds only what nobody else does.
 */
import type { CountyConfig } from './county-config.ts';
import type { EnforcementDomain, Matter } from './matters.ts';
import type { OrgUnit } from './org.ts';

/** Units that can hold a case in their own name. */
const HOLDING_KINDS: readonly OrgUnit['kind'][] = ['township-team', 'bureau-brigade', 'department', 'dispatch-center'];

/** The unit a routed unit acts for: itself if it can hold, else up its parents (squadron → team or brigade, station → department). */
export function holdingUnitOf(config: CountyConfig, unitId: string): string {
  let id: string | undefined = unitId;
  for (let hops = 0; id !== undefined && hops < 10; hops++) {
    const unit = config.units.find((u) => u.id === id);
    if (!unit) break;
    if (HOLDING_KINDS.includes(unit.kind)) return unit.id;
    id = unit.parentId;
  }
  return unitId;
}

/** The holder of a new case: the routed unit's holding unit when the report names a matter, else the dispatch center. */
export function caseHolderFor(config: CountyConfig, route: { unit: { id: string } }, matterCode: string | null): string {
  if (matterCode === null) return config.dispatchCenterId;
  return holdingUnitOf(config, route.unit.id);
}

/** The county unit holding a matter: the matter override, the domain override, then the role mapping. */
export function countyHolderOf(config: CountyConfig, matter: Pick<Matter, 'code' | 'domain' | 'defaultHolder'>): { unitId: string; source: 'matter' | 'domain' | 'role' } | null {
  const { byMatter, byDomain } = config.holderOverrides;
  const byMatterId = byMatter[matter.code];
  if (byMatterId) return { unitId: byMatterId, source: 'matter' };
  const byDomainId = (byDomain as Partial<Record<EnforcementDomain, string>>)[matter.domain];
  if (byDomainId) return { unitId: byDomainId, source: 'domain' };
  const roleId = config.holders[matter.defaultHolder];
  return roleId ? { unitId: roleId, source: 'role' } : null;
}

/**
 * 重大案件 (涉嫌重大违法、简易程序无法处理、专业技术性强、疑难复杂): the one rule for where such a
 * case goes, asked by routing (a report flagged major) and by the workflow (移交 escalateToCounty)
 * alike. It goes to the county unit holding the matter — the bureau brigade or the department
 * (常山: 「可移送部门处理」) — or, with no matter known yet, to any of the bureau's brigades.
 * `atIntake` says whether routing sends it there at once: only where the county's document says
 * so (南乐, 常山); elsewhere a township may still hand it over during handling.
 */
export function majorCaseDestination(config: CountyConfig, matter: Pick<Matter, 'code' | 'domain' | 'defaultHolder'> | null): { unitIds: string[]; atIntake: boolean } {
  const atIntake = config.majorCases.escalateToCountyHolder;
  if (matter) {
    const holder = countyHolderOf(config, matter);
    if (holder) return { unitIds: [holder.unitId], atIntake };
  }
  return { unitIds: config.units.filter((u) => u.kind === 'bureau-brigade').map((u) => u.id), atIntake };
}
