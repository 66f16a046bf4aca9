/**
 * 七三开: a "1+X" hub township's team is evaluated 70 % on its home township and 30 % on the
 * radiated ones, where it is evaluated together (捆绑考评) with each radiated township's own team.
 * The shares come from the county configuration (Cluster.evaluation).
 */
import type { CaseRecord } from './case-record.ts';
import { gradeOf, roundScore, type Grade } from './grades.ts';
import type { EvaluationPolicy } from './group-metrics.ts';
import { evaluationRow, type EvaluationRow } from './evaluation-row.ts';

export interface ClusterInput {
  id: string;
  name: string;
  hubTownship: string;
  radiatedTownships: readonly string[];
  evaluation: { hub: number; radiated: number };
  /** The hub township's team. */
  hubTeamId: string;
  hubTeamName: string;
  /** Radiated township → its own team, where it has one. */
  localTeams: Readonly<Record<string, string>>;
}

export interface ClusterSplit {
  clusterId: string;
  clusterName: string;
  hubTeamId: string;
  hubTeamName: string;
  shares: { hub: number; radiated: number };
  /** The hub team's cases in its home township. */
  hub: EvaluationRow;
  /** Cases in the radiated townships handled by the hub team or the township's own team. */
  radiated: EvaluationRow;
  /**
   * shares.hub · hub.score + shares.radiated · radiated.score. null ("no data") when either part
   * has no scored case: 七三开 weighs two parts, and a hub with nothing on its radiated ground has
   * earned no 30 % there — scoring it on the home part alone would report a 100 % it never showed.
   */
  score: number | null;
  /** The parts without a scored case (why `score` is null); empty when both were scored. */
  noData: ('hub' | 'radiated')[];
  grade: Grade | null;
}

export function clusterSplit(cluster: ClusterInput, cohort: readonly CaseRecord[], asOfMs: number, policy: EvaluationPolicy): ClusterSplit {
  const home = cohort.filter((r) => r.township.code === cluster.hubTownship && r.unit.id === cluster.hubTeamId);
  const radiated = cohort.filter((r) => {
    if (!cluster.radiatedTownships.includes(r.township.code)) return false;
    return r.unit.id === cluster.hubTeamId || r.unit.id === cluster.localTeams[r.township.code];
  });
  const hubRow = evaluationRow(cluster.hubTownship, '驻地乡镇', home, asOfMs, policy);
  const radiatedRow = evaluationRow(cluster.radiatedTownships.join(','), '辐射乡镇', radiated, asOfMs, policy);
  const noData: ClusterSplit['noData'] = [];
  if (hubRow.score === null) noData.push('hub');
  if (radiatedRow.score === null) noData.push('radiated');
  const score = hubRow.score !== null && radiatedRow.score !== null ? roundScore(cluster.evaluation.hub * hubRow.score + cluster.evaluation.radiated * radiatedRow.score) : null;
  return {
    clusterId: cluster.id,
    clusterName: cluster.name,
    hubTeamId: cluster.hubTeamId,
    hubTeamName: cluster.hubTeamName,
    shares: { ...cluster.evaluation },
    hub: hubRow,
    radiated: radiatedRow,
    score,
    noData,
    grade: gradeOf(score),
  };
}
