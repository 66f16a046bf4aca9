/**
 * What the command-hall wall shows, computed from the same case records as the evaluation:
 * today's KPI tiles, a status colour per township and counts per township and domain.
 * "Today" is the Asia/Shanghai calendar day of `now`.
 */
import { shanghaiDateOf } from '../domain/civil-date.ts';
import type { PlaceRef } from '../domain/grid.ts';
import type { CaseRecord } from './case-record.ts';
import { UNCLASSIFIED_DOMAIN } from './evaluate.ts';
import { caseAsOf, DEFAULT_EVALUATION_POLICY, type EvaluationPolicy } from './group-metrics.ts';
import { median, nearestRank, rate } from './percentile.ts';

export const TOWNSHIP_STATUSES = ['normal', 'escalated', 'overdue'] as const;
export type TownshipStatus = (typeof TOWNSHIP_STATUSES)[number];

export interface WallKpis {
  /** Reports received today. */
  reportsToday: number;
  /** Of today's reports, dispatched by now. */
  dispatchedToday: number;
  /** Acknowledgement time of today's acknowledged reports, ms. */
  ackMedianMs: number | null;
  ackP90Ms: number | null;
  /** Of the cases closed today (whenever received): closed before their deadline / closed. */
  onTimeClosureRate: number | null;
  closedToday: number;
  /** Open (not closed, not rejected) cases whose deadline has passed, any receipt date. */
  overdueOpen: number;
  /** Dispatched, not acknowledged and past the acknowledgement limit (or escalated). */
  escalatedOpen: number;
  /** 乡呼县应 requests still awaiting an answer; null when the server has no such records. */
  openCollaborations: number | null;
}

export interface TownshipLoad {
  code: string;
  name: string;
  status: TownshipStatus;
  today: number;
  open: number;
  overdue: number;
  escalated: number;
}

export interface DomainLoad {
  key: string;
  label: string;
  today: number;
  open: number;
}

export interface WallSummary {
  now: string;
  day: string;
  kpis: WallKpis;
  townships: TownshipLoad[];
  domains: DomainLoad[];
}

export interface WallSummaryInput {
  records: readonly CaseRecord[];
  /** Every township of the county, so quiet ones show as normal with zero counts. */
  townships: readonly PlaceRef[];
  now: string;
  openCollaborations: number | null;
  policy?: EvaluationPolicy;
}

/** Awaiting acknowledgement beyond the limit, or escalated by the ladder and still unacknowledged. */
export function isEscalated(record: CaseRecord, nowMs: number, policy: EvaluationPolicy): boolean {
  const v = caseAsOf(record, nowMs);
  if (!v.dispatched || v.acknowledged || v.closed || record.rejected) return false;
  return record.escalations.length > 0 || nowMs - Date.parse(record.dispatchedAt as string) > policy.ackWithinMs;
}

export function wallSummary(input: WallSummaryInput): WallSummary {
  const policy = input.policy ?? DEFAULT_EVALUATION_POLICY;
  const nowMs = Date.parse(input.now);
  const day = shanghaiDateOf(nowMs);
  const townships = new Map<string, TownshipLoad>(
    input.townships.map((t) => [t.code, { code: t.code, name: t.name, status: 'normal', today: 0, open: 0, overdue: 0, escalated: 0 }]),
  );
  const domains = new Map<string, DomainLoad>();
  const ackWaits: number[] = [];
  let reportsToday = 0;
  let dispatchedToday = 0;
  let closedToday = 0;
  let closedTodayOnTime = 0;
  let overdueOpen = 0;
  let escalatedOpen = 0;

  for (const record of input.records) {
    const receivedMs = Date.parse(record.receivedAt);
    if (receivedMs > nowMs) continue;
    const v = caseAsOf(record, nowMs);
    const isToday = shanghaiDateOf(receivedMs) === day;
    const open = !v.closed && !record.rejected;
    const escalated = isEscalated(record, nowMs, policy);
    if (isToday) {
      reportsToday += 1;
      if (v.dispatched) dispatchedToday += 1;
      if (v.acknowledged && record.ackWaitMs !== null) ackWaits.push(record.ackWaitMs);
    }
    if (v.closed && shanghaiDateOf(Date.parse(record.closedAt as string)) === day) {
      closedToday += 1;
      if (v.closedOnTime) closedTodayOnTime += 1;
    }
    if (v.openOverdue) overdueOpen += 1;
    if (escalated) escalatedOpen += 1;

    let t = townships.get(record.township.code);
    if (!t) {
      t = { code: record.township.code, name: record.township.name, status: 'normal', today: 0, open: 0, overdue: 0, escalated: 0 };
      townships.set(t.code, t);
    }
    if (isToday) t.today += 1;
    if (open) t.open += 1;
    if (v.openOverdue) t.overdue += 1;
    if (escalated) t.escalated += 1;

    const key = record.domain ?? UNCLASSIFIED_DOMAIN;
    let d = domains.get(key);
    if (!d) {
      d = { key, label: record.domain ?? '未分类', today: 0, open: 0 };
      domains.set(key, d);
    }
    if (isToday) d.today += 1;
    if (open) d.open += 1;
  }
  for (const t of townships.values()) t.status = t.overdue > 0 ? 'overdue' : t.escalated > 0 ? 'escalated' : 'normal';

  return {
    now: new Date(nowMs).toISOString(),
    day,
    kpis: {
      reportsToday,
      dispatchedToday,
      ackMedianMs: median(ackWaits),
      ackP90Ms: nearestRank(ackWaits, 90),
      onTimeClosureRate: rate(closedTodayOnTime, closedToday),
      closedToday,
      overdueOpen,
      escalatedOpen,
      openCollaborations: input.openCollaborations,
    },
    townships: [...townships.values()],
    domains: [...domains.values()].filter((d) => d.today > 0 || d.open > 0).sort((a, b) => b.today - a.today || b.open - a.open || (a.key < b.key ? -1 : 1)),
  };
}
