/**
 * 考评: one function from case records to the evaluation of a period, grouped by team, township
 * or domain, with grades, per-post rows where the records name people, and the 七三开 split of
 * "1+X" hub teams. Pure: the caller passes the period and the instant it is evaluated at.
 */
import type { CaseRecord } from './case-record.ts';
import { clusterSplit, type ClusterInput, type ClusterSplit } from './cluster-split.ts';
import { evaluationRow, type EvaluationRow } from './evaluation-row.ts';
import { DEFAULT_EVALUATION_POLICY, type EvaluationPolicy } from './group-metrics.ts';
import { median } from './percentile.ts';

export const EVALUATION_DIMENSIONS = ['team', 'township', 'domain'] as const;
export type EvaluationDimension = (typeof EVALUATION_DIMENSIONS)[number];

/** Key used for cases whose matter is not yet classified. */
export const UNCLASSIFIED_DOMAIN = 'unclassified';

export interface DispatcherRow {
  id: string;
  dispatched: number;
  dispatchMedianMs: number | null;
}

export interface EvaluationReport {
  /** [from, to): cases received in it are evaluated. */
  from: string;
  to: string;
  /** The instant the period is evaluated at (the earlier of `to` and now). */
  asOf: string;
  by: EvaluationDimension;
  total: EvaluationRow;
  rows: EvaluationRow[];
  posts: { dispatchers: DispatcherRow[]; officers: EvaluationRow[] };
  clusters: ClusterSplit[];
}

export interface EvaluationInput {
  records: readonly CaseRecord[];
  from: string;
  to: string;
  asOf: string;
  by: EvaluationDimension;
  clusters?: readonly ClusterInput[];
  policy?: EvaluationPolicy;
}

export function keyOf(record: CaseRecord, by: EvaluationDimension): { key: string; label: string } {
  switch (by) {
    case 'team':
      return { key: record.unit.id, label: record.unit.name };
    case 'township':
      return { key: record.township.code, label: record.township.name };
    case 'domain':
      return record.domain === null ? { key: UNCLASSIFIED_DOMAIN, label: '未分类' } : { key: record.domain, label: record.domain };
  }
}

/** Best score first; groups without a score last; ties by key, so the order is stable. */
function byScore(a: EvaluationRow, b: EvaluationRow): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return b.score - a.score;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function groupBy<T>(items: readonly T[], keyFn: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keyFn(item)) {
      const list = groups.get(key);
      if (list) list.push(item);
      else groups.set(key, [item]);
    }
  }
  return groups;
}

export function inPeriod(record: CaseRecord, fromMs: number, toMs: number): boolean {
  const at = Date.parse(record.receivedAt);
  return at >= fromMs && at < toMs;
}

export function evaluate(input: EvaluationInput): EvaluationReport {
  const policy = input.policy ?? DEFAULT_EVALUATION_POLICY;
  const fromMs = Date.parse(input.from);
  const toMs = Date.parse(input.to);
  const asOfMs = Date.parse(input.asOf);
  const cohort = input.records.filter((r) => inPeriod(r, fromMs, toMs));

  const labels = new Map<string, string>();
  const groups = groupBy(cohort, (r) => {
    const { key, label } = keyOf(r, input.by);
    labels.set(key, label);
    return [key];
  });
  const rows = [...groups].map(([key, records]) => evaluationRow(key, labels.get(key) ?? key, records, asOfMs, policy)).sort(byScore);

  const dispatchers = [...groupBy(cohort, (r) => (r.dispatcherId === null || r.rejected ? [] : [r.dispatcherId]))]
    .map(([id, records]): DispatcherRow => {
      const waits = records.filter((r) => r.dispatchedAt !== null && Date.parse(r.dispatchedAt) <= asOfMs).map((r) => Date.parse(r.dispatchedAt as string) - Date.parse(r.receivedAt));
      return { id, dispatched: waits.length, dispatchMedianMs: median(waits) };
    })
    .sort((a, b) => b.dispatched - a.dispatched || (a.id < b.id ? -1 : 1));
  const officers = [...groupBy(cohort, (r) => r.officerIds)].map(([id, records]) => evaluationRow(id, id, records, asOfMs, policy)).sort(byScore);

  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    asOf: new Date(asOfMs).toISOString(),
    by: input.by,
    total: evaluationRow('total', '合计', cohort, asOfMs, policy),
    rows,
    posts: { dispatchers, officers },
    clusters: (input.clusters ?? []).map((cluster) => clusterSplit(cluster, cohort, asOfMs, policy)),
  };
}
