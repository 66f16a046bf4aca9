/** One graded row of the evaluation: a group's metrics, its composite score and grade. */
import type { CaseRecord } from './case-record.ts';
import { compositeScore, gradeOf, type Grade } from './grades.ts';
import { groupMetrics, type EvaluationPolicy, type GroupMetrics } from './group-metrics.ts';

export interface EvaluationRow extends GroupMetrics {
  key: string;
  label: string;
  score: number | null;
  grade: Grade | null;
}

export function evaluationRow(key: string, label: string, records: readonly CaseRecord[], asOfMs: number, policy: EvaluationPolicy): EvaluationRow {
  const metrics = groupMetrics(records, asOfMs, policy);
  const score = compositeScore(metrics);
  return { key, label, ...metrics, score, grade: gradeOf(score) };
}
