import type { Scope } from '../../shared/domain/capabilities.ts';
import type { CaseState } from '../../shared/domain/case-lifecycle.ts';
import type { CountyConfig } from '../../shared/domain/county-config.ts';
import type { DispatchOrder, Incident, IncidentCase } from '../../shared/domain/incident.ts';
import { rooms } from '../../shared/protocol/events.ts';

/** The case part of an incident; records stored before the workflow existed get one derived from their status. */
export function caseOf(incident: Incident, config: CountyConfig): IncidentCase {
  if (incident.case) return incident.case;
  const dispatched = incident.status === 'dispatched';
  return {
    holderId: config.dispatchCenterId,
    assigneeId: dispatched ? incident.route.unit.id : null,
    officerIds: [],
    handlerIds: [],
    reviewerIds: [],
    lastEventAt: incident.receivedAt,
    version: 0,
  };
}

export function caseStateOf(incident: Incident, config: CountyConfig): CaseState {
  const c = caseOf(incident, config);
  return { status: incident.status, holderId: c.holderId, assigneeId: c.assigneeId, handlerIds: c.handlerIds, reviewerIds: c.reviewerIds, lastEventAt: c.lastEventAt };
}

/** The unit responsible now: the assigned team, else the holder. */
export function responsibleUnit(incident: Incident): string {
  return incident.case?.assigneeId ?? incident.case?.holderId ?? incident.route.unit.id;
}

/** What permission checks see: the case's place and the unit responsible now (not only where it was first routed). */
export function caseScope(incident: Incident): Scope {
  const { route } = incident;
  return { countyCode: route.county.code, townshipCode: route.township.code, villageCode: route.village.code, unitId: responsibleUnit(incident) };
}

/** The order the case is being worked under: the latest one not returned or withdrawn. */
export function openOrder(orders: readonly DispatchOrder[]): DispatchOrder | undefined {
  for (let i = orders.length - 1; i >= 0; i--) {
    const order = orders[i]!;
    if (order.status === 'pending' || order.status === 'acknowledged') return order;
  }
  return undefined;
}

/** Rooms that follow a case: the county's operators and wall, its township, and every team it concerns. */
export function caseAudience(incident: Incident, moreUnits: ReadonlyArray<string | null | undefined> = []): string[] {
  const { route } = incident;
  const units = new Set([route.unit.id, incident.case?.assigneeId, incident.case?.holderId, ...moreUnits].filter((u): u is string => typeof u === 'string'));
  return [rooms.county(route.county.code), rooms.township(route.township.code), rooms.wall(route.county.code), ...[...units].map((u) => rooms.team(u))];
}
