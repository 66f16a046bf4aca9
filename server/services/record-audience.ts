import type { OrgConfigs } from '../../shared/domain/capabilities.ts';
import { rooms } from '../../shared/protocol/events.ts';
import type { CollaborationRecord } from '../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../shared/protocol/disputes.ts';

/** The county's operators and wall, every unit named, and the townships those units serve. */
function audience(org: OrgConfigs, countyCode: string, unitIds: ReadonlyArray<string | null | undefined>): string[] {
  const config = org.get(countyCode);
  const units = [...new Set(unitIds.filter((u): u is string => typeof u === 'string'))];
  const townships = new Set<string>();
  for (const id of units) {
    for (const code of config?.units.find((u) => u.id === id)?.townshipCodes ?? []) townships.add(code);
    for (const t of config?.townships ?? []) if (t.teamId === id) townships.add(t.code);
  }
  return [rooms.county(countyCode), rooms.wall(countyCode), ...[...townships].map((t) => rooms.township(t)), ...units.map((u) => rooms.team(u))];
}

export function collaborationAudience(org: OrgConfigs, request: CollaborationRecord): string[] {
  return audience(org, request.countyCode, [request.fromUnitId, request.toUnitId]);
}

export function disputeAudience(org: OrgConfigs, dispute: DisputeRecord): string[] {
  return audience(org, dispute.countyCode, [dispute.raisedBy.unitId, dispute.routedUnitId, dispute.proposedUnitId, dispute.decision?.responsibleUnitId, dispute.coordinatorUnitId]);
}
