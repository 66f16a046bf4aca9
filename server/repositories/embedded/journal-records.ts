import type { CollaborationRecord } from '../../../shared/protocol/collaborations.ts';
import type { DisputeRecord } from '../../../shared/protocol/disputes.ts';
import type { OfficerRecord } from '../../../shared/protocol/officers.ts';
import {
  ConcurrentUpdateError,
  TimerAlreadyFiredError,
  type AuditQuery,
  type Change,
  type EventRecord,
  type OfficerQuery,
  type RecordQuery,
  type TimerFiring,
} from '../store.ts';

/**
 * The journal store's officers, collaboration requests, disputes and timer firings, plus the
 * version bookkeeping that makes `incident.update`, `*.put` and `timer.fired` conditional.
 *
 * Two views: `reserve*` state is advanced when a commit is *accepted* (call order = log order, and a
 * failed write stops the store), so a second commit checked while the first is still being fsynced
 * already sees its versions and firings; the maps are only changed by `apply`, after the write.
 */
export class JournalRecords {
  readonly officers = new Map<string, OfficerRecord>();
  readonly collaborations = new Map<string, CollaborationRecord>();
  readonly disputes = new Map<string, DisputeRecord>();
  private readonly firings = new Map<string, TimerFiring[]>();
  private readonly incidentVersions = new Map<string, number>();
  private readonly recordVersions = new Map<string, number>();
  private readonly firedKeys = new Set<string>();

  /** Why this change set must be refused, or null. Checks against accepted (not only applied) commits. */
  check(changes: readonly Change[]): Error | null {
    for (const change of changes) {
      switch (change.kind) {
        case 'incident.update': {
          const current = this.incidentVersions.get(change.incident.id);
          if (current !== change.expectedVersion || change.incident.case?.version !== change.expectedVersion + 1) {
            return new ConcurrentUpdateError('incident', change.incident.id);
          }
          break;
        }
        case 'collaboration.put':
        case 'dispute.put': {
          const record = change.kind === 'collaboration.put' ? change.request : change.dispute;
          const entity = change.kind === 'collaboration.put' ? 'collaboration' : 'dispute';
          const current = this.recordVersions.get(`${entity}:${record.id}`) ?? 0;
          if (current !== change.expectedVersion || record.version !== change.expectedVersion + 1) return new ConcurrentUpdateError(entity, record.id);
          break;
        }
        case 'timer.fired':
          if (this.firedKeys.has(firingKey(change.firing))) return new TimerAlreadyFiredError(change.firing.subjectId, change.firing.step);
          break;
        default:
          break;
      }
    }
    return null;
  }

  /** Advances the accepted view (commit time, and on replay). */
  reserve(changes: readonly Change[]): void {
    for (const change of changes) {
      switch (change.kind) {
        case 'incident.insert':
          if (!this.incidentVersions.has(change.incident.id)) this.incidentVersions.set(change.incident.id, change.incident.case?.version ?? 0);
          break;
        case 'incident.update':
          this.incidentVersions.set(change.incident.id, change.expectedVersion + 1);
          break;
        case 'collaboration.put':
          this.recordVersions.set(`collaboration:${change.request.id}`, change.request.version);
          break;
        case 'dispute.put':
          this.recordVersions.set(`dispute:${change.dispute.id}`, change.dispute.version);
          break;
        case 'timer.fired':
          this.firedKeys.add(firingKey(change.firing));
          break;
        default:
          break;
      }
    }
  }

  /** Applies a written change to the maps (incidents and orders are the store's own). */
  apply(change: Change): void {
    switch (change.kind) {
      case 'officer.insert':
        if (!this.officers.has(change.officer.id)) this.officers.set(change.officer.id, change.officer);
        break;
      case 'officer.status': {
        const officer = this.officers.get(change.officerId);
        if (officer) this.officers.set(officer.id, { ...officer, status: change.status });
        break;
      }
      case 'officer.position': {
        const officer = this.officers.get(change.officerId);
        if (officer) this.officers.set(officer.id, { ...officer, lastPosition: change.position });
        break;
      }
      case 'collaboration.put':
        this.collaborations.set(change.request.id, change.request);
        break;
      case 'dispute.put':
        this.disputes.set(change.dispute.id, change.dispute);
        break;
      case 'timer.fired': {
        const list = this.firings.get(change.firing.subjectId) ?? [];
        list.push(change.firing);
        this.firings.set(change.firing.subjectId, list);
        break;
      }
      default:
        break;
    }
  }

  listOfficers(query: OfficerQuery): OfficerRecord[] {
    return [...this.officers.values()]
      .filter((o) => (query.countyCode === undefined || o.countyCode === query.countyCode) && (query.unitId === undefined || o.unitId === query.unitId))
      .sort((a, b) => compare(a.id, b.id));
  }

  listCollaborations(query: RecordQuery): CollaborationRecord[] {
    return [...this.collaborations.values()]
      .filter((r) => matches(query, r.countyCode, r.caseId, [r.fromUnitId, r.toUnitId], r.answeredAt === null))
      .sort((a, b) => compare(a.receivedAt, b.receivedAt) || compare(a.id, b.id));
  }

  listDisputes(query: RecordQuery): DisputeRecord[] {
    return [...this.disputes.values()]
      .filter((d) => {
        const units = [d.raisedBy.unitId, d.routedUnitId, d.proposedUnitId, d.decision?.responsibleUnitId].filter((u): u is string => typeof u === 'string');
        return matches(query, d.countyCode, d.caseId, units, d.decision === null);
      })
      .sort((a, b) => compare(a.raisedAt, b.raisedAt) || compare(a.id, b.id));
  }

  timerFirings(subjectIds: readonly string[]): TimerFiring[] {
    return subjectIds.flatMap((id) => this.firings.get(id) ?? []);
  }
}

function firingKey(firing: TimerFiring): string {
  return `${firing.subjectId}\u0000${firing.step}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function matches(query: RecordQuery, countyCode: string, caseId: string | null, units: string[], open: boolean): boolean {
  if (query.countyCode !== undefined && countyCode !== query.countyCode) return false;
  if (query.caseId !== undefined && caseId !== query.caseId) return false;
  if (query.unitId !== undefined && !units.includes(query.unitId)) return false;
  return query.open === undefined || query.open === open;
}

/** Does a logged event match an audit query? Payload fields follow the convention in store.ts. */
export function auditMatches(event: EventRecord, query: AuditQuery): boolean {
  if (query.afterSeq !== undefined && event.seq <= query.afterSeq) return false;
  if (query.from !== undefined && event.at < query.from) return false;
  if (query.to !== undefined && event.at >= query.to) return false;
  const payload = (event.payload ?? {}) as { incidentId?: unknown; countyCode?: unknown; actor?: { userId?: unknown } };
  if (query.incidentId !== undefined && payload.incidentId !== query.incidentId) return false;
  if (query.countyCode !== undefined && payload.countyCode !== query.countyCode) return false;
  return query.userId === undefined || payload.actor?.userId === query.userId;
}
