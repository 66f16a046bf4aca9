/**
 * Organisation units that can be made responsible for a report.
 * Ids are stable strings; a team's socket room is `team:<id>`.
 */
export type UnitKind =
  | 'township-team' // 乡镇（街道）综合行政执法队
  | 'bureau-brigade' // 县综合行政执法局 大队
  | 'squadron' // 中队
  | 'department' // 县级业务主管部门
  | 'department-station' // 部门派驻机构 (派出所, 市场监管所 …)
  | 'dispatch-center'; // 县执法调度指挥中心

export interface UnitRef {
  id: string;
  name: string;
  kind: UnitKind;
}

/** The default team of a township (walking-skeleton rule; the jurisdiction engine refines it). */
export function townshipTeamId(townshipCode: string): string {
  return `team-${townshipCode}`;
}

export function dispatchCenterId(countyCode: string): string {
  return `center-${countyCode}`;
}
