/**
 * The metrics of one group of cases (a team, a township, a domain, an officer) over a period,
 * as seen at an instant `asOf`. Every count and rate is defined in the README (Evaluation: metric definitions); the names here
 * are the ones used there.
 */
import type { CaseRecord } from './case-record.ts';
import { median, nearestRank, rate } from './percentile.ts';

export interface EvaluationPolicy {
  /** 签收时限: an acknowledgement later than this after dispatch is late (the ack ladder's first step). */
  ackWithinMs: number;
}

export const DEFAULT_EVALUATION_POLICY: EvaluationPolicy = { ackWithinMs: 5 * 60_000 };

export interface MetricCounts {
  /** 受理数: cases received in the period. */
  received: number;
  /** 不予立案数. */
  rejected: number;
  /** 立案数 = received − rejected: the base of the handling rates. */
  accepted: number;
  dispatched: number;
  acknowledged: number;
  /** Acknowledged within the policy's ackWithinMs. */
  acknowledgedOnTime: number;
  resultReported: number;
  closed: number;
  /** Closed strictly before the deadline. */
  closedOnTime: number;
  /** 超期: closed at/after the deadline, or still open at asOf with the deadline passed. */
  overdue: number;
  /** Still open at asOf with the deadline passed. */
  openOverdue: number;
  /** Cases sent back (返工) at least once. */
  reworked: number;
  extended: number;
}

export interface MetricRates {
  /** 结案率 = closed / accepted. */
  closureRate: number | null;
  /** 按期结案率 = closedOnTime / closed. */
  onTimeClosureRate: number | null;
  /** 返工率 = reworked / resultReported. */
  reworkRate: number | null;
  /** 超期率 = overdue / accepted. */
  overdueRate: number | null;
  /** 延期率 = extended / accepted. */
  extensionRate: number | null;
  /** 签收及时率 = acknowledgedOnTime / acknowledged. */
  ackOnTimeRate: number | null;
  /** 签收用时 median and p90 (nearest rank), milliseconds. */
  ackMedianMs: number | null;
  ackP90Ms: number | null;
  /** 派遣用时 (received → first dispatch) median, milliseconds. */
  dispatchMedianMs: number | null;
}

export type GroupMetrics = MetricCounts & MetricRates;

/** The record as known at asOf: anything stamped later has not happened yet. */
export interface CaseAsOf {
  record: CaseRecord;
  dispatched: boolean;
  acknowledged: boolean;
  resultReported: boolean;
  closed: boolean;
  closedOnTime: boolean;
  overdue: boolean;
  openOverdue: boolean;
}

const done = (at: string | null, asOfMs: number): boolean => at !== null && Date.parse(at) <= asOfMs;

export function caseAsOf(record: CaseRecord, asOfMs: number): CaseAsOf {
  const closed = done(record.closedAt, asOfMs);
  const deadlineMs = record.deadlineAt === null ? null : Date.parse(record.deadlineAt);
  const closedMs = closed ? Date.parse(record.closedAt as string) : null;
  const closedOnTime = closed && deadlineMs !== null && (closedMs as number) < deadlineMs;
  const closedLate = closed && deadlineMs !== null && (closedMs as number) >= deadlineMs;
  const openOverdue = !closed && !record.rejected && deadlineMs !== null && asOfMs >= deadlineMs;
  return {
    record,
    dispatched: done(record.dispatchedAt, asOfMs),
    acknowledged: done(record.acknowledgedAt, asOfMs),
    resultReported: done(record.resultReportedAt, asOfMs),
    closed,
    closedOnTime,
    overdue: closedLate || openOverdue,
    openOverdue,
  };
}

/** Metrics of a group; `records` are the group's cases received in the period. */
export function groupMetrics(records: readonly CaseRecord[], asOfMs: number, policy: EvaluationPolicy = DEFAULT_EVALUATION_POLICY): GroupMetrics {
  const c: MetricCounts = {
    received: 0,
    rejected: 0,
    accepted: 0,
    dispatched: 0,
    acknowledged: 0,
    acknowledgedOnTime: 0,
    resultReported: 0,
    closed: 0,
    closedOnTime: 0,
    overdue: 0,
    openOverdue: 0,
    reworked: 0,
    extended: 0,
  };
  const ackWaits: number[] = [];
  const dispatchWaits: number[] = [];
  for (const record of records) {
    const v = caseAsOf(record, asOfMs);
    c.received += 1;
    if (record.rejected) {
      c.rejected += 1;
      continue;
    }
    c.accepted += 1;
    if (v.dispatched) {
      c.dispatched += 1;
      dispatchWaits.push(Date.parse(record.dispatchedAt as string) - Date.parse(record.receivedAt));
    }
    if (v.acknowledged && record.ackWaitMs !== null) {
      c.acknowledged += 1;
      ackWaits.push(record.ackWaitMs);
      if (record.ackWaitMs <= policy.ackWithinMs) c.acknowledgedOnTime += 1;
    }
    if (v.resultReported) {
      c.resultReported += 1;
      if (record.reworkCount > 0) c.reworked += 1;
    }
    if (v.closed) c.closed += 1;
    if (v.closedOnTime) c.closedOnTime += 1;
    if (v.overdue) c.overdue += 1;
    if (v.openOverdue) c.openOverdue += 1;
    if (record.extended) c.extended += 1;
  }
  return {
    ...c,
    closureRate: rate(c.closed, c.accepted),
    onTimeClosureRate: rate(c.closedOnTime, c.closed),
    reworkRate: rate(c.reworked, c.resultReported),
    overdueRate: rate(c.overdue, c.accepted),
    extensionRate: rate(c.extended, c.accepted),
    ackOnTimeRate: rate(c.acknowledgedOnTime, c.acknowledged),
    ackMedianMs: median(ackWaits),
    ackP90Ms: nearestRank(ackWaits, 90),
    dispatchMedianMs: median(dispatchWaits),
  };
}
