/**
 * A constructed day of cases whose numbers can be checked by hand (the arithmetic is in the
 * comments). Base instant B = 2026-03-02T00:00Z (08:00 in Shanghai); period = that Shanghai day.
 */
import { describe, expect, it } from 'vitest';
import type { CaseRecord } from './case-record.ts';
import { evaluate } from './evaluate.ts';
import { evaluationCsv } from './evaluation-csv.ts';
import { compositeScore, gradeOf } from './grades.ts';
import { groupMetrics } from './group-metrics.ts';
import { median, nearestRank } from './percentile.ts';
import { wallSummary } from './wall-snapshot.ts';

const B = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(B + offsetMs).toISOString();

const T1 = { code: '410923100000', name: '城关镇' };
const T2 = { code: '410923101000', name: '韩张镇' };
const T3 = { code: '410923102000', name: '元村镇' };
const TEAM_A = { id: 'team-a', name: '城关镇综合行政执法大队', kind: 'township-team' as const };
const TEAM_B = { id: 'team-b', name: '韩张镇综合行政执法大队', kind: 'township-team' as const };
const CITY = '城市市容和环境卫生';
const SAFETY = '安全生产';

function record(id: string, over: Partial<CaseRecord> & { receivedAt: string }): CaseRecord {
  return {
    id,
    countyCode: '410923000000',
    township: T1,
    domain: CITY,
    unit: TEAM_A,
    location: { lon: 115.2, lat: 36.07 },
    dispatchedAt: null,
    acknowledgedAt: null,
    ackWaitMs: null,
    resultReportedAt: null,
    closedAt: null,
    rejected: false,
    deadlineAt: null,
    reworkCount: 0,
    extended: false,
    escalations: [],
    dispatcherId: null,
    officerIds: [],
    ...over,
  };
}

/** Dispatched `d` after receipt, acknowledged `ack` after dispatch (null: not yet). */
function flow(received: number, d: number, ack: number | null): Partial<CaseRecord> & { receivedAt: string } {
  return {
    receivedAt: at(received),
    dispatchedAt: at(received + d),
    acknowledgedAt: ack === null ? null : at(received + d + ack),
    ackWaitMs: ack,
  };
}

const CASES: CaseRecord[] = [
  // Team A, 城关镇.
  // a1: ack 2 min; closed at B+2h, deadline B+1d → on time.
  record('a1', { ...flow(0, MIN, 2 * MIN), resultReportedAt: at(HOUR), closedAt: at(2 * HOUR), deadlineAt: at(DAY), dispatcherId: 'op-1', officerIds: ['off-1', 'off-2'] }),
  // a2: ack 10 min (late); reworked once; closed B+5h after its deadline B+4h → closed late = overdue.
  record('a2', { ...flow(10 * MIN, MIN, 10 * MIN), resultReportedAt: at(HOUR), reworkCount: 1, closedAt: at(5 * HOUR), deadlineAt: at(4 * HOUR), dispatcherId: 'op-1', officerIds: ['off-1', 'off-3'] }),
  // a3: ack 4 min; still open, deadline B+2h has passed → open overdue.
  record('a3', { ...flow(20 * MIN, MIN, 4 * MIN), domain: null, deadlineAt: at(2 * HOUR), dispatcherId: 'op-2' }),
  // a4: 不予立案.
  record('a4', { receivedAt: at(30 * MIN), rejected: true }),
  // Team B, 韩张镇.
  // b1: ack 6 min (late); closed B+3h before deadline B+1d; extended.
  record('b1', { ...flow(HOUR, MIN, 6 * MIN), township: T2, unit: TEAM_B, domain: SAFETY, resultReportedAt: at(2 * HOUR), closedAt: at(3 * HOUR), deadlineAt: at(DAY), extended: true }),
  // b2: dispatched, never acknowledged, deadline B+1d not reached.
  record('b2', { ...flow(2 * HOUR, MIN, null), township: T2, unit: TEAM_B, domain: SAFETY, deadlineAt: at(DAY) }),
  // c0: received the day before the period: not evaluated.
  record('c0', { ...flow(-DAY, MIN, MIN), closedAt: at(-DAY + HOUR), deadlineAt: at(0) }),
];

const FROM = '2026-03-01T16:00:00.000Z'; // 2026-03-02 00:00 +08:00
const TO = '2026-03-02T16:00:00.000Z'; // 2026-03-03 00:00 +08:00

describe('order statistics', () => {
  it('median averages the two middles, p90 is nearest rank', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([])).toBeNull();
    // ⌈0.9·10⌉ = 9th of 1..10.
    expect(nearestRank([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    // ⌈0.9·3⌉ = 3rd.
    expect(nearestRank([2, 10, 4], 90)).toBe(10);
  });
});

describe('evaluation by team over one day', () => {
  const report = evaluate({ records: CASES, from: FROM, to: TO, asOf: TO, by: 'team' });
  const teamA = report.rows.find((r) => r.key === 'team-a');
  const teamB = report.rows.find((r) => r.key === 'team-b');

  it('counts team A by hand', () => {
    expect(teamA).toMatchObject({
      received: 4, // a1–a4 (c0 is outside the period)
      rejected: 1,
      accepted: 3,
      dispatched: 3,
      acknowledged: 3,
      acknowledgedOnTime: 2, // 2 and 4 min ≤ 5 min
      resultReported: 2,
      reworked: 1,
      closed: 2,
      closedOnTime: 1,
      overdue: 2, // a2 closed late, a3 open past deadline
      openOverdue: 1,
      extended: 0,
    });
    expect(teamA?.closureRate).toBeCloseTo(2 / 3, 10);
    expect(teamA?.onTimeClosureRate).toBe(0.5);
    expect(teamA?.reworkRate).toBe(0.5);
    expect(teamA?.overdueRate).toBeCloseTo(2 / 3, 10);
    expect(teamA?.extensionRate).toBe(0);
    expect(teamA?.ackOnTimeRate).toBeCloseTo(2 / 3, 10);
    expect(teamA?.ackMedianMs).toBe(4 * MIN); // [2, 4, 10]
    expect(teamA?.ackP90Ms).toBe(10 * MIN);
    expect(teamA?.dispatchMedianMs).toBe(MIN);
    // 100·(.25·2/3 + .25·.5 + .15·(1−.5) + .15·(1−2/3) + .10·2/3 + .10·1) = 58.33 → 58.3 → E
    expect(teamA?.score).toBe(58.3);
    expect(teamA?.grade).toBe('E');
  });

  it('counts team B by hand', () => {
    expect(teamB).toMatchObject({ received: 2, accepted: 2, dispatched: 2, acknowledged: 1, acknowledgedOnTime: 0, closed: 1, closedOnTime: 1, overdue: 0, extended: 1, reworked: 0, resultReported: 1 });
    expect(teamB?.closureRate).toBe(0.5);
    expect(teamB?.onTimeClosureRate).toBe(1);
    expect(teamB?.extensionRate).toBe(0.5);
    expect(teamB?.ackMedianMs).toBe(6 * MIN);
    // 100·(.25·.5 + .25·1 + .15·1 + .15·1 + .10·0 + .10·.5) = 72.5 → C
    expect(teamB?.score).toBe(72.5);
    expect(teamB?.grade).toBe('C');
  });

  it('orders rows best first and totals the period', () => {
    expect(report.rows.map((r) => r.key)).toEqual(['team-b', 'team-a']);
    expect(report.total).toMatchObject({ received: 6, accepted: 5, closed: 3, closedOnTime: 2, overdue: 2 });
    expect(report.total.ackMedianMs).toBe(5 * MIN); // [2, 4, 6, 10] → (4 + 6) / 2
  });

  it('shows posts where the records name people', () => {
    expect(report.posts.dispatchers).toEqual([
      { id: 'op-1', dispatched: 2, dispatchMedianMs: MIN },
      { id: 'op-2', dispatched: 1, dispatchMedianMs: MIN },
    ]);
    const off1 = report.posts.officers.find((o) => o.key === 'off-1');
    expect(off1).toMatchObject({ received: 2, closed: 2, closedOnTime: 1, reworked: 1 });
    expect(report.posts.officers.map((o) => o.key).sort()).toEqual(['off-1', 'off-2', 'off-3']);
  });

  it('judges a case only by what had happened at asOf', () => {
    // At B+3h30: a2 (deadline B+4h) is open and not yet overdue; a3 is open overdue; b1 is closed.
    const early = evaluate({ records: CASES, from: FROM, to: TO, asOf: at(3.5 * HOUR), by: 'team' });
    const a = early.rows.find((r) => r.key === 'team-a');
    expect(a).toMatchObject({ closed: 1, overdue: 1, openOverdue: 1 });
  });
});

describe('evaluation by township and domain', () => {
  it('groups by township code', () => {
    const report = evaluate({ records: CASES, from: FROM, to: TO, asOf: TO, by: 'township' });
    expect(report.rows.map((r) => [r.key, r.label, r.received])).toEqual([
      [T2.code, T2.name, 2],
      [T1.code, T1.name, 4],
    ]);
  });

  it('groups by domain, unclassified apart', () => {
    const report = evaluate({ records: CASES, from: FROM, to: TO, asOf: TO, by: 'domain' });
    const counts = Object.fromEntries(report.rows.map((r) => [r.label, r.received]));
    expect(counts).toEqual({ [CITY]: 3, [SAFETY]: 2, 未分类: 1 });
  });
});

describe('composite score', () => {
  it('leaves out components without data and renormalises', () => {
    // One case: dispatched, not acknowledged, not closed, deadline ahead.
    const m = groupMetrics([record('x', { ...flow(0, MIN, null), deadlineAt: at(DAY) })], B + HOUR);
    // closure 0/1, overdue 0/1, extension 0/1; on-time, rework, ack-on-time undefined.
    // (.25·0 + .15·1 + .10·1) / (.25 + .15 + .10) = .5 → 50.0
    expect(compositeScore(m)).toBe(50);
    expect(gradeOf(50)).toBe('E');
    expect(compositeScore(groupMetrics([], B))).toBeNull();
    expect([gradeOf(90), gradeOf(89.9), gradeOf(80), gradeOf(70), gradeOf(60), gradeOf(null)]).toEqual(['A', 'B', 'B', 'C', 'D', null]);
  });
});

describe('七三开 split of a "1+X" hub team', () => {
  const H = { code: '330822115000', name: '辉埠镇' };
  const R = { code: '330822200000', name: '何家乡' };
  const HUB = { id: 'team-330822115000', name: '辉埠镇执法队', kind: 'township-team' as const };
  const LOCAL = { id: 'team-330822200000', name: '何家乡执法队', kind: 'township-team' as const };
  const BRIGADE = { id: 'brigade-330822-1', name: '一大队', kind: 'bureau-brigade' as const };
  const perfect = { ...flow(0, MIN, MIN), resultReportedAt: at(HOUR), closedAt: at(2 * HOUR), deadlineAt: at(DAY) };
  const records = [
    // Home township, hub team: everything right → 100.
    record('h1', { ...perfect, township: H, unit: HUB }),
    // Home township, a county brigade's case: not the hub team's.
    record('h2', { ...flow(0, MIN, 30 * MIN), township: H, unit: BRIGADE, deadlineAt: at(HOUR) }),
    // Radiated township: hub team closed late; the local team's case still open, not yet due.
    record('r1', { ...perfect, township: R, unit: HUB, deadlineAt: at(HOUR) }),
    record('r2', { ...flow(0, MIN, null), township: R, unit: LOCAL, deadlineAt: at(DAY) }),
  ];
  const cluster = {
    id: 'cluster-330822-huibu',
    name: '辉埠片区',
    hubTownship: H.code,
    radiatedTownships: [R.code],
    evaluation: { hub: 0.7, radiated: 0.3 },
    hubTeamId: HUB.id,
    hubTeamName: HUB.name,
    localTeams: { [R.code]: LOCAL.id },
  };

  it('weights home 70 % and the radiated townships (with their own team) 30 %', () => {
    const [split] = evaluate({ records, from: FROM, to: TO, asOf: TO, by: 'team', clusters: [cluster] }).clusters;
    expect(split?.hub).toMatchObject({ received: 1, score: 100 });
    // Radiated (r1 + r2): closure 1/2; on time 0/1; rework 0/1; overdue 1/2; ack on time 1/1; extension 0/2.
    // 100·(.25·.5 + .25·0 + .15·1 + .15·.5 + .10·1 + .10·1) = 55.0
    expect(split?.radiated).toMatchObject({ received: 2, closed: 1, overdue: 1, score: 55 });
    // .7·100 + .3·55 = 86.5 → B
    expect(split?.score).toBe(86.5);
    expect(split?.grade).toBe('B');
    expect(split?.shares).toEqual({ hub: 0.7, radiated: 0.3 });
  });

  it('scores a hub with no radiated cases as "no data", not 100 % (常山 七三开 needs both parts)', () => {
    const [split] = evaluate({ records: records.slice(0, 2), from: FROM, to: TO, asOf: TO, by: 'team', clusters: [cluster] }).clusters;
    expect(split?.hub.score).toBe(100);
    expect(split?.radiated.score).toBeNull();
    expect(split?.score).toBeNull();
    expect(split?.grade).toBeNull();
    expect(split?.noData).toEqual(['radiated']);
  });
});

describe('wall summary', () => {
  // 23:00 in Shanghai on the evaluated day.
  const now = at(15 * HOUR);
  const summary = wallSummary({ records: CASES, townships: [T1, T2, T3], now, openCollaborations: 2 });

  it('computes the KPI tiles of the day by hand', () => {
    expect(summary.day).toBe('2026-03-02');
    expect(summary.kpis).toEqual({
      reportsToday: 6, // a1–a4, b1, b2
      dispatchedToday: 5,
      ackMedianMs: 5 * MIN, // [2, 4, 6, 10]
      ackP90Ms: 10 * MIN, // rank ⌈3.6⌉ = 4
      closedToday: 3, // a1, a2, b1 (c0 closed yesterday)
      onTimeClosureRate: 2 / 3, // a1, b1
      overdueOpen: 1, // a3
      escalatedOpen: 1, // b2: unacknowledged for 12 h 59 min > 5 min
      openCollaborations: 2,
    });
  });

  it('colours townships: overdue beats escalated beats normal', () => {
    const status = Object.fromEntries(summary.townships.map((t) => [t.name, t.status]));
    expect(status).toEqual({ 城关镇: 'overdue', 韩张镇: 'escalated', 元村镇: 'normal' });
    expect(summary.townships.find((t) => t.code === T2.code)).toMatchObject({ today: 2, open: 1, escalated: 1, overdue: 0 });
  });

  it('counts domains of today and open cases', () => {
    expect(summary.domains.map((d) => [d.label, d.today, d.open])).toEqual([
      [CITY, 3, 0], // a1, a2 closed, a4 rejected
      [SAFETY, 2, 1],
      ['未分类', 1, 1],
    ]);
  });
});

describe('CSV export', () => {
  it('writes one row per group and a total, with a BOM and CRLF', () => {
    const csv = evaluationCsv(evaluate({ records: CASES, from: FROM, to: TO, asOf: TO, by: 'team' }));
    expect(csv.startsWith('\uFEFF编码,名称,受理数')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe('team-a,城关镇综合行政执法大队,4,3,3,2,66.7,50.0,50.0,66.7,0.0,66.7,4.0,10.0,58.3,E');
    expect(lines[3]?.startsWith('total,合计,6,5,')).toBe(true);
  });
});
