import { certificationAt, isDispatchable } from '../../../../shared/domain/officer.ts';
import type { OfficerRecord } from '../../../../shared/protocol/officers.ts';

/** The two officers a team sends when it signs for an order: certified and free, the one on this phone first. */
export function pickPair(roster: readonly OfficerRecord[], self: string | null, nowMs: number): string[] {
  const eligible = roster.filter((o) => certificationAt(o, nowMs) === 'valid' && isDispatchable(o.status));
  eligible.sort((a, b) => (a.id === self ? -1 : b.id === self ? 1 : a.id.localeCompare(b.id)));
  return eligible.slice(0, 2).map((o) => o.id);
}
