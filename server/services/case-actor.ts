import { PERMISSIONS, type Actor, type Capability } from '../../shared/domain/capabilities.ts';
import type { CaseActor } from '../../shared/domain/case-lifecycle.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { EventActor } from '../../shared/protocol/cases.ts';

/**
 * Who is acting, as the workflow services need it. Built from the signed-in Actor by
 * server/http/actor.ts (the one place that knows where the actor comes from).
 */
export type CaseActorContext = Actor;

/** The server itself: intake's registration and first dispatch, timers. */
export const SYSTEM_USER_ID = 'system';

const COUNTY_OPERATING_ROLES = new Set<Actor['role']>(['dispatch-operator', 'county-commander']);
/** Roles that act for the unit on their account (and the units below it). */
const UNIT_ROLES = new Set<Actor['role']>(['team-officer', 'department-liaison', 'legal-reviewer', 'responsible-leader']);

/** The unit and every unit below it (a team's squadrons, a department's stations). */
function withDescendants(config: CountyConfig, unitId: string): string[] {
  const ids = [unitId];
  for (let i = 0; i < ids.length; i++) for (const u of config.units) if (u.parentId === ids[i] && !ids.includes(u.id)) ids.push(u.id);
  return ids;
}

/**
 * The units an actor may act for in a county's workflow. County operators and commanders act for
 * the dispatch center (the holder of every new case, and the 确权 coordination center) and for
 * the bureau's brigades (the holder after a 移交 to the county); township commanders and officers
 * for their team and its squadrons; liaisons for their department and its stations.
 */
export function unitsActedFor(actor: CaseActorContext, config: CountyConfig): string[] {
  if (actor.countyCode !== config.countyCode) return [];
  if (COUNTY_OPERATING_ROLES.has(actor.role)) {
    return [config.dispatchCenterId, ...config.units.filter((u) => u.kind === 'bureau-brigade').map((u) => u.id)];
  }
  if (actor.role === 'township-commander') {
    const team = actor.unitId ?? config.townships.find((t) => t.code === actor.townshipCode)?.teamId;
    return team ? withDescendants(config, team) : [];
  }
  if (UNIT_ROLES.has(actor.role) && actor.unitId) return withDescendants(config, actor.unitId);
  return [];
}

/** The lifecycle's actor: acting for `expectedUnit` when the actor may, else for its first unit (the domain then says WRONG_UNIT). */
export function caseActorFor(actor: CaseActorContext, config: CountyConfig, expectedUnit: string | null): CaseActor {
  const units = unitsActedFor(actor, config);
  const unitId = expectedUnit !== null && units.includes(expectedUnit) ? expectedUnit : (units[0] ?? `(${actor.role})`);
  return { id: actor.userId, unitId };
}

export function eventActor(actor: CaseActorContext | null, unitId: string): EventActor {
  return actor ? { userId: actor.userId, unitId, role: actor.role } : { userId: SYSTEM_USER_ID, unitId };
}

export function holdsCapability(actor: CaseActorContext, capability: Capability): boolean {
  return PERMISSIONS[actor.role]?.[capability] !== undefined;
}
