import { describe, expect, it } from 'vitest';
import { loadCountyConfig, type CountyConfig } from './county-config.ts';
import { decide, decideCreate, evolve, participantOptions, townshipOfCode, windowPhase, type CreateInput, type Initiator, type JointAction, type JointActionEvent } from './joint-action.ts';

// 阳谷-like county: township A (own team, a bureau squadron working it, a market station);
// neighbour B (own team, station); hub H radiates to R ("1+X").
const C = '371521000000';
const A = '371521001000';
const B = '371521002000';
const H = '371521101000';
const R = '371521103000';

function county(): CountyConfig {
  const loaded = loadCountyConfig({
    countyCode: C,
    name: '样例县',
    source: 'test',
    bureauName: '综合行政执法局',
    dispatchCenterId: `center-${C}`,
    units: [
      { id: `center-${C}`, name: '指挥中心', kind: 'dispatch-center' },
      { id: 'brigade-371521', name: '执法大队', kind: 'bureau-brigade' },
      { id: 'squadron-371521-01', name: '一中队', kind: 'squadron', parentId: 'brigade-371521' },
      { id: 'dept-371521-market', name: '市场监督管理局', kind: 'department' },
      { id: `station-${A}-market`, name: 'A市场监管所', kind: 'department-station', parentId: 'dept-371521-market', townshipCodes: [A] },
      { id: `station-${B}-police`, name: 'B派出所', kind: 'department-station', parentId: 'dept-371521-market', townshipCodes: [B] },
      { id: `team-${A}`, name: 'A综合行政执法办公室', kind: 'township-team', townshipCodes: [A] },
      { id: `team-${B}`, name: 'B综合行政执法办公室', kind: 'township-team', townshipCodes: [B] },
      { id: `team-${H}`, name: 'H执法队', kind: 'township-team', townshipCodes: [H] },
      { id: 'external-zone', name: '外部管委会', kind: 'department', external: true },
    ],
    holders: {},
    townships: [
      { code: A, name: 'A街道', kind: 'subdistrict', teamId: `team-${A}` },
      { code: B, name: 'B街道', kind: 'subdistrict', teamId: `team-${B}` },
      { code: H, name: 'H镇', kind: 'town', teamId: `team-${H}` },
      { code: R, name: 'R镇', kind: 'town' },
    ],
    squadrons: [{ unitId: 'squadron-371521-01', area: { id: 'area-01', name: 'A街道', synthetic: false, townshipCodes: [A] } }],
    clusters: [{ id: 'cluster-h', name: 'H片区', hubTownship: H, radiatedTownships: [R], evaluation: { hub: 0.7, radiated: 0.3 } }],
    majorCases: { escalateToCountyHolder: true },
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.config;
}

const config = county();
const T0 = '2026-03-02T01:00:00.000Z';
const T1 = '2026-03-02T02:00:00.000Z';
const T_END = '2026-03-02T09:00:00.000Z';
const commanderA: Initiator = { userId: 'u-a', unitId: `team-${A}`, countyWide: false, homeTownships: [A] };
const commanderH: Initiator = { userId: 'u-h', unitId: `team-${H}`, countyWide: false, homeTownships: [H, R] };
const countyCommander: Initiator = { userId: 'u-c', unitId: `center-${C}`, countyWide: true, homeTownships: [] };

function input(extra: Partial<CreateInput> = {}): CreateInput {
  return {
    id: 'ja-1',
    kind: 'joint',
    title: '夜市占道经营联合整治',
    brief: '19:00 在 A街道 集合',
    area: { kind: 'grids', codes: [`${A.slice(0, 9)}001`] },
    townshipCodes: [A],
    startsAt: T0,
    endsAt: T_END,
    participantUnitIds: ['squadron-371521-01', `station-${A}-market`],
    ...extra,
  };
}

function created(i: CreateInput = input(), by: Initiator = commanderA): JointAction {
  const d = decideCreate(config, i, by, T0);
  if (!d.ok) throw new Error(d.message);
  const e = evolve(undefined, d.event);
  if (!e.ok) throw new Error(e.message);
  return e.action;
}

function apply(action: JointAction, event: Exclude<JointActionEvent, { type: 'created' }>): JointAction {
  const d = decide(action, event);
  if (!d.ok) throw new Error(d.message);
  const e = evolve(action, d.event);
  if (!e.ok) throw new Error(e.message);
  return e.action;
}

describe('participant options (1+1+X)', () => {
  it('offers the own office first, then the squadron working there, then the stations posted there, county units last', () => {
    const options = participantOptions(config, [A], commanderA);
    expect(options.map((o) => [o.unitId, o.role, o.outsideOwnGround])).toEqual([
      [`team-${A}`, 'coordinator', false],
      ['squadron-371521-01', 'team', false],
      [`station-${A}-market`, 'station', false],
      ['brigade-371521', 'county', true],
      ['dept-371521-market', 'county', true],
    ]);
    // External bodies never appear; B's station is not offered for an action in A.
    expect(options.some((o) => o.unitId === 'external-zone' || o.unitId === `station-${B}-police`)).toBe(false);
  });

  it("reaches a radiated township through its hub's team and marks a neighbour's units as outside own ground", () => {
    const options = participantOptions(config, [R, B], commanderH);
    expect(options.find((o) => o.unitId === `team-${H}`)).toMatchObject({ role: 'coordinator', outsideOwnGround: false });
    expect(options.find((o) => o.unitId === `team-${B}`)).toMatchObject({ role: 'neighbour', outsideOwnGround: true });
    expect(options.find((o) => o.unitId === `station-${B}-police`)).toMatchObject({ role: 'station', outsideOwnGround: true });
  });

  it('derives the township of village and group codes', () => {
    expect(townshipOfCode('371521001203')).toBe(A);
    expect(townshipOfCode('371521001203004')).toBe(A);
  });
});

describe('creating', () => {
  it('launches an action inside the own township at once, with the initiator coordinating', () => {
    const action = created();
    expect(action.status).toBe('active');
    expect(action.approvalReasons).toEqual([]);
    expect(action.participants.map((p) => [p.unitId, p.role])).toEqual([
      [`team-${A}`, 'coordinator'],
      ['squadron-371521-01', 'team'],
      [`station-${A}-market`, 'station'],
    ]);
  });

  it('needs the county when the area crosses into another township', () => {
    const action = created(input({ townshipCodes: [A, B], area: { kind: 'polygon', ring: [[115.7, 36.1], [115.8, 36.1], [115.8, 36.2]] }, participantUnitIds: [`team-${B}`] }));
    expect(action.status).toBe('proposed');
    expect(action.approvalReasons[0]).toContain('跨乡镇');
    expect(action.approvalReasons[0]).toContain('B街道');
  });

  it("needs the county to call on county units, but not for the hub's own cluster", () => {
    expect(created(input({ participantUnitIds: ['brigade-371521'] })).status).toBe('proposed');
    const cluster = created(input({ townshipCodes: [H, R], area: { kind: 'grids', codes: [H, R] }, participantUnitIds: [] }), commanderH);
    expect(cluster.status).toBe('active');
  });

  it('a county commander launches anywhere without approval', () => {
    const action = created(input({ townshipCodes: [A, B], area: { kind: 'grids', codes: [A, B] }, participantUnitIds: [`team-${A}`, `team-${B}`] }), countyCommander);
    expect(action.status).toBe('active');
    expect(action.participants.map((p) => p.unitId)).toEqual([`team-${A}`, `team-${B}`]);
  });

  it('refuses units not posted in the area, bad windows and grids outside the townships', () => {
    const other = decideCreate(config, input({ participantUnitIds: [`station-${B}-police`] }), commanderA, T0);
    expect(other).toMatchObject({ ok: false, code: 'UNKNOWN_UNIT' });
    expect(decideCreate(config, input({ endsAt: T0 }), commanderA, T0)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decideCreate(config, input({ endsAt: '2026-03-20T00:00:00Z' }), commanderA, T0)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(decideCreate(config, input({ startsAt: '2026-03-02 01:00' }), commanderA, T0)).toMatchObject({ ok: false, code: 'INVALID_TIME' });
    expect(decideCreate(config, input({ area: { kind: 'grids', codes: [`${B.slice(0, 9)}001`] } }), commanderA, T0)).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('lets a campaign run for months but not a joint action', () => {
    const months = { kind: 'campaign' as const, endsAt: '2026-06-30T16:00:00.000Z' };
    expect(decideCreate(config, input(months), commanderA, T0).ok).toBe(true);
    expect(decideCreate(config, input({ ...months, kind: 'joint' }), commanderA, T0).ok).toBe(false);
  });
});

describe('the life of an action', () => {
  const by = (unitId: string) => ({ userId: `u-${unitId}`, unitId });

  it('goes active → acknowledged → reported → closed as participants act', () => {
    let action = created();
    // The initiating office acknowledged by launching it; the others sign for it.
    expect(action.participants.map((p) => p.acknowledgedAt !== null)).toEqual([true, false, false]);
    for (const p of action.participants.filter((x) => !x.acknowledgedAt)) action = apply(action, { type: 'acknowledged', at: T1, by: by(p.unitId), id: action.id, unitId: p.unitId });
    expect(action.status).toBe('acknowledged');
    for (const p of action.participants) action = apply(action, { type: 'resultReported', at: T1, by: by(p.unitId), id: action.id, unitId: p.unitId, summary: '查处占道 3 起', attachmentIds: [] });
    expect(action.status).toBe('reported');
    action = apply(action, { type: 'closed', at: T_END, by: by(`team-${A}`), id: action.id });
    expect(action.status).toBe('closed');
    expect(action.version).toBe(1 + 2 + 3 + 1);
    expect(decide(action, { type: 'cancelled', at: T_END, by: by(`team-${A}`), id: action.id, reason: 'x' })).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
  });

  it('refuses a second acknowledgement, a result before acknowledging, and strangers', () => {
    let action = created();
    const unit = 'squadron-371521-01';
    expect(decide(action, { type: 'resultReported', at: T1, by: by(unit), id: action.id, unitId: unit, summary: 'x', attachmentIds: [] })).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    action = apply(action, { type: 'acknowledged', at: T1, by: by(unit), id: action.id, unitId: unit });
    const again = { type: 'acknowledged' as const, at: T1, by: by(unit), id: action.id, unitId: unit };
    expect(decide(action, again)).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    // Replaying a racing duplicate is refused the same way: the first in the log wins.
    expect(evolve(action, again).ok).toBe(false);
    expect(decide(action, { type: 'acknowledged', at: T1, by: by(`team-${B}`), id: action.id, unitId: `team-${B}` })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('refuses results before the window opens and marks late ones', () => {
    let action = created(input({ startsAt: T1 }));
    const unit = `station-${A}-market`;
    action = apply(action, { type: 'acknowledged', at: T0, by: by(unit), id: action.id, unitId: unit });
    expect(decide(action, { type: 'resultReported', at: T0, by: by(unit), id: action.id, unitId: unit, summary: '早', attachmentIds: [] })).toMatchObject({ ok: false });
    action = apply(action, { type: 'resultReported', at: '2026-03-02T10:00:00.000Z', by: by(unit), id: action.id, unitId: unit, summary: '晚', attachmentIds: ['a1'] });
    expect(action.participants.find((p) => p.unitId === unit)?.result).toMatchObject({ late: true, attachmentIds: ['a1'] });
  });

  it('keeps participants waiting while the county decides, and the initiator cannot approve their own action', () => {
    const proposed = created(input({ participantUnitIds: ['brigade-371521'] }));
    expect(decide(proposed, { type: 'acknowledged', at: T1, by: by('brigade-371521'), id: proposed.id, unitId: 'brigade-371521' })).toMatchObject({ ok: false, code: 'ILLEGAL_TRANSITION' });
    expect(decide(proposed, { type: 'approved', at: T1, by: { userId: 'u-a', unitId: `team-${A}` }, id: proposed.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decide(proposed, { type: 'rejected', at: T1, by: { userId: 'u-c', unitId: `center-${C}` }, id: proposed.id, reason: ' ' })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    const approved = apply(proposed, { type: 'approved', at: T1, by: { userId: 'u-c', unitId: `center-${C}` }, id: proposed.id });
    expect(approved.status).toBe('active');
    expect(approved.approval?.by.userId).toBe('u-c');
  });

  it('closes early only with a reason', () => {
    const action = created();
    expect(decide(action, { type: 'closed', at: T1, by: by(`team-${A}`), id: action.id })).toMatchObject({ ok: false, code: 'REASON_REQUIRED' });
    expect(apply(action, { type: 'closed', at: T1, by: by(`team-${A}`), id: action.id, reason: '天气原因提前收队' }).status).toBe('closed');
  });

  it('tells upcoming, underway and ended apart', () => {
    const action = created();
    expect(windowPhase(action, Date.parse(T0) - 1)).toBe('upcoming');
    expect(windowPhase(action, Date.parse(T1))).toBe('underway');
    expect(windowPhase(action, Date.parse(T_END) + 1)).toBe('ended');
  });
});
