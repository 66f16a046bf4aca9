/**
 * The one input of the evaluation engine: a case reduced to the instants and counts the metrics
 * need. The server builds it from what the store holds (incident, dispatch orders, case events,
 * escalations); tests build it by hand. `caseRecordFromHistory` folds a case-lifecycle history into
 * it, so the definitions of "dispatched", "acknowledged", "closed", "reworked" live here once.
 */
import type { CaseEvent } from '../domain/case-lifecycle.ts';
import type { EscalationLevel } from '../domain/ack-ladder.ts';
import type { PlaceRef } from '../domain/grid.ts';
import type { LonLat } from '../domain/incident.ts';
import type { UnitRef } from '../domain/unit.ts';

export interface CaseRecord {
  id: string;
  countyCode: string;
  township: PlaceRef;
  /** The matter's domain (one of the 23 方面); null while the report is unclassified. */
  domain: string | null;
  /** The team answerable for the case: the last dispatch target, else the routed unit. */
  unit: UnitRef;
  location: LonLat;
  /** ISO 8601 UTC: 受理 (the report reached the center). */
  receivedAt: string;
  /** First dispatch (派遣), automatic or by a dispatcher. */
  dispatchedAt: string | null;
  /** First acknowledgement (签收). */
  acknowledgedAt: string | null;
  /** Milliseconds from the dispatch it answered to the first acknowledgement. */
  ackWaitMs: number | null;
  /** First result report (反馈): the case reached review. */
  resultReportedAt: string | null;
  /** 结案. */
  closedAt: string | null;
  /** 不予立案: out of the denominators of the handling metrics. */
  rejected: boolean;
  /** 办结期限 after any extension: closing at or after it is late. null = no deadline known. */
  deadlineAt: string | null;
  /** 返工 (sent back after review) count. */
  reworkCount: number;
  /** An extension (延期) was approved. */
  extended: boolean;
  /** Ack-ladder escalations fired for the case's orders. */
  escalations: readonly EscalationLevel[];
  /** Who made the first manual dispatch (post: 调度员); null for automatic dispatch. */
  dispatcherId: string | null;
  /** Officers named on the last dispatch (post: 执法队员). */
  officerIds: readonly string[];
}

export interface CaseHistoryInput {
  id: string;
  countyCode: string;
  township: PlaceRef;
  domain: string | null;
  /** The unit routing chose; replaced by each dispatch target. */
  routedUnit: UnitRef;
  location: LonLat;
  receivedAt: string;
  /** Case-lifecycle events in commit order. */
  events: readonly CaseEvent[];
  /** The intake's own dispatch order (routing dispatches at once); used when no dispatch event exists. */
  autoDispatch?: { at: string; unit: UnitRef } | null;
  /** Ack recorded on an order without a case event (order.status acknowledged, with a time). */
  orderAcknowledgedAt?: string | null;
  escalations?: readonly { level: EscalationLevel; at: string }[];
  /** The deadline before any extension. */
  deadlineAt: string | null;
  /** Approved extensions, oldest first; the last one's deadline applies. */
  extensions?: readonly { at: string; deadlineAt: string }[];
  /** Resolves a dispatch target id to a unit (name and kind) for grouping. */
  unitOf?: (unitId: string) => UnitRef | undefined;
}

const ms = (iso: string) => Date.parse(iso);

/** Folds one case's history into a record. Pure; events are trusted to have passed the state machine. */
export function caseRecordFromHistory(input: CaseHistoryInput): CaseRecord {
  let unit = input.routedUnit;
  let dispatchedAt: string | null = null;
  let lastDispatchAt: string | null = null;
  let acknowledgedAt: string | null = null;
  let ackWaitMs: number | null = null;
  let resultReportedAt: string | null = null;
  let closedAt: string | null = null;
  let rejected = false;
  let reworkCount = 0;
  let dispatcherId: string | null = null;
  let officerIds: readonly string[] = [];

  for (const e of input.events) {
    switch (e.type) {
      case 'dispatch': {
        dispatchedAt ??= e.at;
        dispatcherId ??= e.actorId;
        lastDispatchAt = e.at;
        if (e.targetUnitId) unit = input.unitOf?.(e.targetUnitId) ?? { ...unit, id: e.targetUnitId };
        officerIds = e.officerIds ?? [];
        break;
      }
      case 'acknowledge':
        if (acknowledgedAt === null) {
          acknowledgedAt = e.at;
          ackWaitMs = lastDispatchAt === null ? null : ms(e.at) - ms(lastDispatchAt);
        }
        break;
      case 'reportResult':
        resultReportedAt ??= e.at;
        break;
      case 'rework':
        reworkCount += 1;
        break;
      case 'close':
        closedAt = e.at;
        break;
      case 'reject':
        rejected = true;
        break;
      default:
        break;
    }
  }
  if (dispatchedAt === null && input.autoDispatch) {
    dispatchedAt = input.autoDispatch.at;
    lastDispatchAt = dispatchedAt;
    unit = input.autoDispatch.unit;
  }
  if (acknowledgedAt === null && input.orderAcknowledgedAt && lastDispatchAt !== null) {
    acknowledgedAt = input.orderAcknowledgedAt;
    ackWaitMs = ms(acknowledgedAt) - ms(lastDispatchAt);
  }
  const extensions = input.extensions ?? [];
  const lastExtension = extensions.at(-1);
  return {
    id: input.id,
    countyCode: input.countyCode,
    township: input.township,
    domain: input.domain,
    unit,
    location: input.location,
    receivedAt: input.receivedAt,
    dispatchedAt,
    acknowledgedAt,
    ackWaitMs,
    resultReportedAt,
    closedAt,
    rejected,
    deadlineAt: lastExtension ? lastExtension.deadlineAt : input.deadlineAt,
    reworkCount,
    extended: extensions.length > 0,
    escalations: (input.escalations ?? []).map((e) => e.level),
    dispatcherId,
    officerIds,
  };
}
