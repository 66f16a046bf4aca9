/**
 * The composite score (0–100) and the grade A–E a group earns from its rates. Weights and
 * thresholds are one table each so the README (Evaluation: metric definitions) and the code can be compared line by line.
 */
import type { MetricRates } from './group-metrics.ts';

export const GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type Grade = (typeof GRADES)[number];

/** Each component is a rate in [0, 1] where 1 is best; "inverted" components use 1 − rate. */
export const SCORE_WEIGHTS = [
  { metric: 'closureRate', weight: 0.25, inverted: false },
  { metric: 'onTimeClosureRate', weight: 0.25, inverted: false },
  { metric: 'reworkRate', weight: 0.15, inverted: true },
  { metric: 'overdueRate', weight: 0.15, inverted: true },
  { metric: 'ackOnTimeRate', weight: 0.1, inverted: false },
  { metric: 'extensionRate', weight: 0.1, inverted: true },
] as const satisfies readonly { metric: keyof MetricRates; weight: number; inverted: boolean }[];

/** Lowest score of each grade; below the last, E. */
export const GRADE_THRESHOLDS: readonly { grade: Grade; min: number }[] = [
  { grade: 'A', min: 90 },
  { grade: 'B', min: 80 },
  { grade: 'C', min: 70 },
  { grade: 'D', min: 60 },
];

/**
 * Weighted mean of the components that are defined, scaled to 0–100 and rounded to one decimal.
 * A component without data (its denominator was 0) is left out and the weights of the others
 * renormalised, so a team is not marked down for a rate it could not have; no component → null.
 */
export function compositeScore(rates: MetricRates): number | null {
  let sum = 0;
  let weights = 0;
  for (const { metric, weight, inverted } of SCORE_WEIGHTS) {
    const value = rates[metric];
    if (value === null) continue;
    sum += weight * (inverted ? 1 - value : value);
    weights += weight;
  }
  return weights === 0 ? null : roundScore((100 * sum) / weights);
}

export function roundScore(score: number): number {
  return Math.round(score * 10) / 10;
}

export function gradeOf(score: number | null): Grade | null {
  if (score === null) return null;
  return GRADE_THRESHOLDS.find((t) => score >= t.min)?.grade ?? 'E';
}
