import { describe, expect, it } from 'vitest';
import { CAPABILITIES, PERMISSIONS, ROLES, ROLE_LABELS, CAPABILITY_LABELS, can, capabilitiesOf, decide, resolveJurisdiction, homeViewOf, mayOpenView, viewsOf, VIEW_CAPABILITIES, type Actor, type OrgConfigs, type Role, type Scope } from './capabilities.ts';
import { loadCountyConfig, type CountyConfig } from './county-config.ts';

// A small county: hub township H radiates to R ("1+X"); O stands alone and has a squadron working
// one village, and a market station. Codes follow the real pattern so the schema accepts them.
const C = '330822000000';
const H = '330822111000';
const R = '330822104000';
const O = '330822001000';
const O_VILLAGE_IN_AREA = '330822001001';
const O_VILLAGE_OUTSIDE = '330822001002';
const OTHER_COUNTY = '410923000000';

function config(countyCode: string, extra: Partial<Record<string, unknown>> = {}): CountyConfig {
  const p = countyCode.slice(0, 6);
  const t = (n: string) => `${p}${n}`;
  const loaded = loadCountyConfig({
    countyCode,
    name: countyCode === C ? '样例县' : '另一县',
    source: 'test',
    bureauName: '综合行政执法局',
    dispatchCenterId: `center-${countyCode}`,
    units: [
      { id: `center-${countyCode}`, name: '指挥中心', kind: 'dispatch-center' },
      { id: `brigade-${p}`, name: '大队', kind: 'bureau-brigade' },
      { id: `dept-${p}-market`, name: '市场监督管理局', kind: 'department' },
      { id: `dept-${p}-market-team`, name: '市场监管综合执法大队', kind: 'department', parentId: `dept-${p}-market` },
      { id: `station-${t('001000')}-market`, name: '市场监管所', kind: 'department-station', parentId: `dept-${p}-market`, townshipCodes: [t('001000')] },
      { id: `dept-${p}-safety`, name: '应急管理局', kind: 'department' },
      { id: `team-${t('111000')}`, name: '中心镇执法队', kind: 'township-team', townshipCodes: [t('111000'), t('104000')] },
      { id: `team-${t('104000')}`, name: '辐射乡本地队', kind: 'township-team', townshipCodes: [t('104000')] },
      { id: `team-${t('001000')}`, name: '街道执法队', kind: 'township-team', townshipCodes: [t('001000')] },
      { id: `squadron-${t('001000')}-1`, name: '一中队', kind: 'squadron', parentId: `team-${t('001000')}` },
    ],
    holders: {},
    townships: [
      { code: t('111000'), name: '中心镇', kind: 'town', teamId: `team-${t('111000')}` },
      { code: t('104000'), name: '辐射乡', kind: 'township', teamId: `team-${t('104000')}` },
      { code: t('001000'), name: '街道', kind: 'subdistrict', teamId: `team-${t('001000')}` },
    ],
    squadrons: [{ unitId: `squadron-${t('001000')}-1`, area: { id: 'area-1', name: '片区', synthetic: true, villageCodes: [t('001001')] } }],
    clusters: [{ id: 'cluster-1', name: '片区', hubTownship: t('111000'), radiatedTownships: [t('104000')], evaluation: { hub: 0.7, radiated: 0.3 } }],
    majorCases: { escalateToCountyHolder: true },
    ...extra,
  });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  return loaded.config;
}

const org: OrgConfigs = new Map([
  [C, config(C)],
  [OTHER_COUNTY, config(OTHER_COUNTY)],
]);

function actor(role: Role, where: Partial<Actor> = {}): Actor {
  return { userId: `u-${role}`, username: role, displayName: role, role, countyCode: C, ...where };
}

/** A case's scope, as an incident's route gives it. */
function caseAt(townshipCode: string, unitId: string, villageCode = `${townshipCode.slice(0, 9)}201`): Scope {
  return { countyCode: `${townshipCode.slice(0, 6)}000000`, townshipCode, villageCode, unitId };
}

const hubCommander = actor('township-commander', { townshipCode: H, unitId: `team-${H}` });
const radiatedCommander = actor('township-commander', { townshipCode: R, unitId: `team-${R}` });

describe('the permission table', () => {
  it('labels every role and capability, and every role holds something', () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role]).toMatch(/\p{Script=Han}/u);
      expect(capabilitiesOf(role).length).toBeGreaterThan(0);
    }
    for (const capability of CAPABILITIES) expect(CAPABILITY_LABELS[capability]).toMatch(/\p{Script=Han}/u);
  });

  it('keeps the wall display read-only and the admin out of enforcement actions', () => {
    expect(capabilitiesOf('wall-display').sort()).toEqual(['case:read', 'wall:view']);
    const actions = ['case:register', 'case:dispatch', 'case:handle', 'case:verify', 'case:close', 'case:transfer', 'joint:command', 'report:create'] as const;
    for (const a of actions) expect(PERMISSIONS.admin[a], a).toBeUndefined();
    expect(capabilitiesOf('grid-member')).toEqual(['report:create']);
  });

  it('splits verifying (审) and closing (定) between county roles', () => {
    expect(PERMISSIONS['dispatch-operator']['case:verify']).toBeDefined();
    expect(PERMISSIONS['dispatch-operator']['case:close']).toBeUndefined();
    expect(PERMISSIONS['county-commander']['case:close']).toBeDefined();
  });
});

describe('township commanders and "1+X" clusters', () => {
  it('the hub commander reaches the radiated township; the radiated one does not reach the hub', () => {
    expect(can(hubCommander, 'case:read', caseAt(H, `team-${H}`), org)).toBe(true);
    expect(can(hubCommander, 'case:read', caseAt(R, `team-${R}`), org)).toBe(true);
    expect(can(radiatedCommander, 'case:read', caseAt(R, `team-${R}`), org)).toBe(true);
    expect(can(radiatedCommander, 'case:read', caseAt(H, `team-${H}`), org)).toBe(false);
  });

  it('never reaches a township outside the cluster, whatever the unit', () => {
    for (const commander of [hubCommander, radiatedCommander]) {
      expect(can(commander, 'case:read', caseAt(O, `team-${O}`), org)).toBe(false);
      expect(can(commander, 'case:dispatch', caseAt(O, `brigade-330822`), org)).toBe(false);
      expect(can(commander, 'case:read', { countyCode: C }, org)).toBe(false);
    }
  });

  it('reaches a case dispatched to their own team wherever it is', () => {
    expect(can(hubCommander, 'case:handle', caseAt(O, `team-${H}`), org)).toBe(true);
    expect(can(radiatedCommander, 'case:handle', caseAt(O, `team-${H}`), org)).toBe(false);
  });

  it('files reports anywhere in the county, nowhere else', () => {
    expect(can(radiatedCommander, 'report:create', { countyCode: C }, org)).toBe(true);
    expect(can(radiatedCommander, 'report:create', { countyCode: OTHER_COUNTY }, org)).toBe(false);
  });

  it('lists the team and its squadrons as their units', () => {
    const commanderO = actor('township-commander', { townshipCode: O });
    const resolved = resolveJurisdiction(commanderO, org);
    expect(resolved.ok && [...resolved.jurisdiction.unitIds].sort()).toEqual([`squadron-${O}-1`, `team-${O}`]);
    expect(can(commanderO, 'case:read', { countyCode: C, unitId: `squadron-${O}-1` }, org)).toBe(true);
    expect(can(commanderO, 'case:read', { countyCode: C, unitId: `team-${H}` }, org)).toBe(false);
  });
});

describe('team officers, squadrons and department liaisons', () => {
  it('a hub team officer acts in the hub and its radiated township', () => {
    const officer = actor('team-officer', { unitId: `team-${H}` });
    expect(can(officer, 'case:handle', caseAt(R, `team-${R}`), org)).toBe(true);
    expect(can(officer, 'case:handle', caseAt(O, `team-${O}`), org)).toBe(false);
    expect(can(officer, 'case:dispatch', caseAt(H, `team-${H}`), org)).toBe(false);
  });

  it('a squadron officer acts in its village area only', () => {
    const officer = actor('team-officer', { unitId: `squadron-${O}-1` });
    expect(can(officer, 'case:read', caseAt(O, `team-${O}`, O_VILLAGE_IN_AREA), org)).toBe(true);
    expect(can(officer, 'case:read', caseAt(O, `team-${O}`, O_VILLAGE_OUTSIDE), org)).toBe(false);
    expect(can(officer, 'case:read', caseAt(O, `squadron-${O}-1`, O_VILLAGE_OUTSIDE), org)).toBe(true);
  });

  it('a station officer acts on the station\'s cases, not on everything in its township', () => {
    const officer = actor('team-officer', { unitId: `station-${O}-market` });
    expect(can(officer, 'case:read', caseAt(O, `station-${O}-market`), org)).toBe(true);
    expect(can(officer, 'case:read', caseAt(O, `team-${O}`), org)).toBe(false);
  });

  it('a liaison reaches the department, its team and its stations, nothing else', () => {
    const liaison = actor('department-liaison', { unitId: 'dept-330822-market' });
    expect(can(liaison, 'collab:answer', caseAt(O, 'dept-330822-market-team'), org)).toBe(true);
    expect(can(liaison, 'case:read', caseAt(O, `station-${O}-market`), org)).toBe(true);
    expect(can(liaison, 'case:read', caseAt(O, 'dept-330822-safety'), org)).toBe(false);
    expect(can(liaison, 'case:read', caseAt(O, `team-${O}`), org)).toBe(false);
    expect(can(liaison, 'case:read', { countyCode: C }, org)).toBe(false);
    expect(resolveJurisdiction(actor('department-liaison', { unitId: `team-${O}` }), org).ok).toBe(false);
  });
});

describe('county roles and admins', () => {
  it('county roles act anywhere in their county and nowhere else', () => {
    for (const role of ['dispatch-operator', 'county-commander', 'wall-display'] as const) {
      expect(can(actor(role), 'case:read', caseAt(O, `team-${O}`), org)).toBe(true);
      expect(can(actor(role), 'case:read', { countyCode: C }, org)).toBe(true);
      expect(can(actor(role), 'case:read', { countyCode: OTHER_COUNTY }, org)).toBe(false);
    }
  });

  it('an admin without a county spans every county; a county admin only theirs', () => {
    const global = actor('admin', { countyCode: null });
    expect(can(global, 'account:manage', { countyCode: OTHER_COUNTY }, org)).toBe(true);
    expect(can(actor('admin'), 'account:manage', { countyCode: OTHER_COUNTY }, org)).toBe(false);
    expect(can(actor('admin'), 'account:manage', { countyCode: C }, org)).toBe(true);
  });
});

describe('decisions explain themselves', () => {
  it('names the missing capability, or the scope and the actor\'s ground', () => {
    const role = decide(actor('wall-display'), 'case:dispatch', { countyCode: C }, org);
    expect(role).toEqual({ allowed: false, reason: 'role', message: expect.stringContaining('case:dispatch') });
    const scope = decide(radiatedCommander, 'case:read', caseAt(H, `team-${H}`), org);
    expect(scope.allowed).toBe(false);
    expect(!scope.allowed && scope.message).toContain(`township ${H}`);
    expect(!scope.allowed && scope.message).toContain(`townships ${R}`);
  });

  it('refuses accounts that name places the configuration does not have', () => {
    expect(decide(actor('township-commander', { townshipCode: '330822999000' }), 'case:read', caseAt(H, `team-${H}`), org)).toMatchObject({ allowed: false, reason: 'account' });
    expect(decide(actor('dispatch-operator', { countyCode: null }), 'case:read', { countyCode: C }, org)).toMatchObject({ allowed: false, reason: 'account' });
    expect(decide(actor('dispatch-operator', { countyCode: '999999000000' }), 'case:read', { countyCode: C }, org)).toMatchObject({ allowed: false, reason: 'account' });
    expect(can({ ...actor('dispatch-operator'), role: 'root' as Role }, 'case:read', { countyCode: C }, org)).toBe(false);
  });
});

describe('views follow from the capability table', () => {
  it('lands every role on the view of its work', () => {
    const homes = Object.fromEntries(ROLES.map((role) => [role, homeViewOf(role)]));
    expect(homes).toEqual({
      'dispatch-operator': 'console',
      'county-commander': 'commander',
      'township-commander': 'commander',
      'team-officer': 'field',
      'department-liaison': 'field',
      'legal-reviewer': 'console',
      'responsible-leader': 'console',
      'grid-member': 'report',
      'wall-display': 'wall',
      admin: 'imports',
    });
  });

  it('opens a view only for a role holding one of its capabilities; the public view for everyone', () => {
    expect(viewsOf('grid-member')).toEqual(['report', 'public']);
    expect(viewsOf('wall-display')).toEqual(['wall', 'evaluation', 'public']);
    expect(mayOpenView('grid-member', 'console')).toBe(false);
    expect(mayOpenView('admin', 'console')).toBe(false);
    for (const role of ROLES) {
      expect(viewsOf(role)).toContain('public');
      expect(viewsOf(role)).toContain(homeViewOf(role));
      for (const view of viewsOf(role)) expect(VIEW_CAPABILITIES[view].length === 0 || VIEW_CAPABILITIES[view].some((c) => capabilitiesOf(role).includes(c))).toBe(true);
    }
  });
});
