import { describe, expect, it } from 'vitest';
import { loadCountyConfig, type CountyConfig } from '../domain/county-config.ts';
import type { GridChain } from '../domain/grid.ts';
import { parseCatalogueCsv } from '../domain/matters.ts';
import { decideResponsibility, type ResponsibilityDecision, type ResponsibilityInput } from './responsibility.ts';

// A small fixture county on real 南乐 codes: 城关镇 hub radiating to 韩张镇, 元村镇 with
// squadrons and a market station, 福堪镇 run by an outside body, 张果屯镇 without a team.
const C = '410923000000';
const HUB = '410923100000';
const RAD = '410923101000';
const SQ = '410923102000';
const EXT = '410923103000';
const NOTEAM = '410923104000';
const SQ_VILLAGE = '410923102201';
const SQ_OTHER_VILLAGE = '410923102202';

const CSV = `code,name,domain,legal_basis,default_holder,simple_procedure,effective_from,effective_to
CSHJ-001,占道经营,城市市容和环境卫生,《城市市容和环境卫生管理条例》第三十六条,bureau:city,Y,,
CSHJ-002,乱贴小广告,城市市容和环境卫生,《城市市容和环境卫生管理条例》第三十四条,bureau:city,Y,,
CSHJ-017,随意倾倒建筑垃圾,城市市容和环境卫生,《城市建筑垃圾管理规定》第二十六条,bureau:city,N,,
SSGL-001,河道内违法建设,水事管理,《中华人民共和国水法》第六十五条,bureau:other,N,,
MZ-001,擅自兴建殡葬设施,民政,《殡葬管理条例》第十八条,bureau:other,N,,
GSGL-001,无照经营,工商行政管理,《无证无照经营查处办法》第十三条,department:market,Y,,
STHJ-007,夜间施工噪声,生态环境,《中华人民共和国环境噪声污染防治法》第五十六条,bureau:city,N,,2022-06-04
`;
const parsed = parseCatalogueCsv(CSV);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
const catalogue = parsed.catalogue;

const team = (code: string, name: string) => ({ id: `team-${code}`, name, kind: 'township-team', townshipCodes: [code] });
const loaded = loadCountyConfig(
  {
    countyCode: C,
    name: '南乐县',
    source: 'fixture',
    bureauName: '县综合行政执法局',
    dispatchCenterId: `center-${C}`,
    units: [
      { id: `center-${C}`, name: '县执法调度指挥中心', kind: 'dispatch-center' },
      { id: 'brigade-1', name: '县综合行政执法局一大队', kind: 'bureau-brigade' },
      { id: 'brigade-2', name: '县综合行政执法局二大队', kind: 'bureau-brigade' },
      { id: 'dept-market', name: '县市场监督管理局', kind: 'department' },
      { id: 'dept-water', name: '县水利局', kind: 'department' },
      { id: 'ext-zone', name: '某投资区执法机构', kind: 'department', external: true },
      { id: 'station-market', name: '元村市场监管所', kind: 'department-station', parentId: 'dept-market', townshipCodes: [SQ] },
      team(HUB, '城关镇执法大队'),
      team(RAD, '韩张镇本地执法队'),
      team(SQ, '元村镇执法大队'),
      { id: 'sq-village', name: '元村一中队', kind: 'squadron', parentId: `team-${SQ}` },
      { id: 'sq-town', name: '元村二中队', kind: 'squadron', parentId: `team-${SQ}` },
    ],
    holders: { 'bureau:city': 'brigade-1', 'bureau:other': 'brigade-2', 'department:market': 'dept-market' },
    holderOverrides: { byDomain: { 水事管理: 'dept-water' } },
    townships: [
      { code: HUB, name: '城关镇', kind: 'town', teamId: `team-${HUB}` },
      { code: RAD, name: '韩张镇', kind: 'town', teamId: `team-${RAD}` },
      { code: SQ, name: '元村镇', kind: 'town', teamId: `team-${SQ}` },
      { code: EXT, name: '福堪镇', kind: 'town', administeredBy: { unitId: 'ext-zone', note: '由某投资区管理' } },
      { code: NOTEAM, name: '张果屯镇', kind: 'town' },
    ],
    squadrons: [
      { unitId: 'sq-village', area: { id: 'a-1', name: '第一片区', synthetic: true, villageCodes: [SQ_VILLAGE] } },
      { unitId: 'sq-town', area: { id: 'a-2', name: '元村全镇', synthetic: false, townshipCodes: [SQ] } },
    ],
    clusters: [{ id: 'cl-1', name: '城关片区', hubTownship: HUB, radiatedTownships: [RAD], evaluation: { hub: 0.7, radiated: 0.3 } }],
    devolution: {
      batches: [
        { id: 'b1', name: '第一批', effectiveFrom: '2021-07-01', townships: [HUB, SQ], matters: ['CSHJ-001', 'MZ-001'] },
        { id: 'b2', name: '第二批', effectiveFrom: '2022-01-01', effectiveTo: '2022-12-31', townships: [HUB, SQ], matters: ['CSHJ-017'] },
      ],
      revocations: [{ id: 'r1', name: '收回决定', effectiveFrom: '2023-07-01', townships: [SQ], matters: ['CSHJ-001'] }],
    },
    majorCases: { escalateToCountyHolder: true },
  },
  { catalogue },
);
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config: CountyConfig = loaded.config;

function chain(townshipCode: string, townshipName: string, villageCode = `${townshipCode.slice(0, 9)}201`, villageName = '某村'): GridChain {
  return {
    county: { code: C, name: '南乐县' },
    township: { code: townshipCode, name: townshipName },
    village: { code: villageCode, name: villageName },
    group: { code: `${villageCode}001`, name: '一组' },
  };
}

function decide(input: Partial<ResponsibilityInput> & Pick<ResponsibilityInput, 'chain'>): ResponsibilityDecision {
  const result = decideResponsibility({ at: '2022-03-01T10:00:00+08:00', config, catalogue, ...input });
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result;
}
const codes = (d: ResponsibilityDecision) => d.reasons.map((r) => r.code);

describe('devolved matters', () => {
  it('go to the township team from the batch date on', () => {
    const d = decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-001' });
    expect(d.unit).toEqual({ id: `team-${HUB}`, name: '城关镇执法大队', kind: 'township-team' });
    expect(d.level).toBe('township');
    expect(d.devolution).toEqual({ batchId: 'b1', batchName: '第一批', effectiveFrom: '2021-07-01' });
    expect(codes(d)).toEqual(['LOCATION', 'MATTER', 'DEVOLVED']);
    expect(d.reasons[2]?.message).toBe('事项 CSHJ-001「占道经营」已于 2021-07-01 随「第一批」赋权城关镇');
  });

  it('stay with the county holder when the report predates the batch (Asia/Shanghai day)', () => {
    const d = decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-001', at: '2021-06-30T15:59:59Z' });
    expect(d.unit.id).toBe('brigade-1');
    expect(d.level).toBe('county');
    expect(codes(d)).toEqual(['LOCATION', 'MATTER', 'NOT_YET_DEVOLVED', 'RETAINED']);
    expect(decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-001', at: '2021-06-30T16:00:00Z' }).unit.id).toBe(`team-${HUB}`);
  });

  it('return to the county after the batch ends or is revoked', () => {
    const expired = decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-017', at: '2023-01-01T09:00:00+08:00' });
    expect(expired.unit.id).toBe('brigade-1');
    expect(expired.reasons.find((r) => r.code === 'DEVOLUTION_ENDED')?.message).toContain('第二批到期');
    const revoked = decide({ chain: chain(SQ, '元村镇'), matterCode: 'CSHJ-001', at: '2023-07-01T09:00:00+08:00' });
    expect(revoked.unit.id).toBe('brigade-1');
    expect(revoked.reasons.find((r) => r.code === 'DEVOLUTION_ENDED')?.message).toContain('依收回决定收回');
  });

  it('in a radiated township go to the hub team, the local team as alternate', () => {
    const d = decide({ chain: chain(RAD, '韩张镇'), matterCode: 'CSHJ-001' });
    expect(d.unit.id).toBe(`team-${HUB}`);
    expect(d.alternates.map((u) => u.id)).toEqual([`team-${RAD}`]);
    expect(d.cluster).toEqual({ id: 'cl-1', name: '城关片区', hubTownship: HUB, evaluation: { hub: 0.7, radiated: 0.3 } });
    expect(codes(d)).toEqual(['LOCATION', 'MATTER', 'DEVOLVED', 'CLUSTER_HUB']);
    expect(d.reasons[2]?.message).toContain('赋权城关镇');
  });

  it('go to the squadron whose area holds the village, else the one holding the township', () => {
    const inVillageArea = decide({ chain: chain(SQ, '元村镇', SQ_VILLAGE, '甲村'), matterCode: 'CSHJ-001' });
    expect(inVillageArea.unit.id).toBe('sq-village');
    expect(inVillageArea.squadronArea).toEqual({ id: 'a-1', name: '第一片区', synthetic: true });
    expect(inVillageArea.alternates.map((u) => u.id)).toEqual([`team-${SQ}`]);
    expect(decide({ chain: chain(SQ, '元村镇', SQ_OTHER_VILLAGE, '乙村'), matterCode: 'CSHJ-001' }).unit.id).toBe('sq-town');
  });

  it('go up to the county holder when major and the county says so', () => {
    const d = decide({ chain: chain(HUB, '城关镇'), matterCode: 'MZ-001', major: true });
    expect(d.unit.id).toBe('brigade-2');
    expect(d.alternates.map((u) => u.id)).toEqual([`team-${HUB}`]);
    expect(codes(d).at(-1)).toBe('MAJOR_CASE');
    const stays = decideResponsibility({ chain: chain(HUB, '城关镇'), matterCode: 'MZ-001', major: true, at: '2022-03-01T10:00:00+08:00', catalogue, config: { ...config, majorCases: { escalateToCountyHolder: false } } });
    expect(stays.ok && stays.unit.id).toBe(`team-${HUB}`);
  });
});

describe('county-held matters', () => {
  it('go to the brigade holding the role', () => {
    const d = decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-002' });
    expect(d.unit).toEqual({ id: 'brigade-1', name: '县综合行政执法局一大队', kind: 'bureau-brigade' });
    expect(d.reasons.at(-1)).toEqual({ code: 'RETAINED', message: '事项 CSHJ-002「乱贴小广告」未赋权城关镇，由县综合行政执法局一大队保留' });
  });

  it('follow a domain override', () => {
    const d = decide({ chain: chain(HUB, '城关镇'), matterCode: 'SSGL-001' });
    expect(d.unit.id).toBe('dept-water');
    expect(d.reasons.at(-1)?.message).toContain('本县水事管理领域调整');
  });

  it('go to the department station in its township, else the department', () => {
    const atStation = decide({ chain: chain(SQ, '元村镇'), matterCode: 'GSGL-001' });
    expect(atStation.unit).toEqual({ id: 'station-market', name: '元村市场监管所', kind: 'department-station' });
    expect(atStation.alternates.map((u) => u.id)).toEqual(['dept-market']);
    expect(atStation.level).toBe('township');
    expect(decide({ chain: chain(HUB, '城关镇'), matterCode: 'GSGL-001' }).unit.id).toBe('dept-market');
  });
});

describe('unclassified reports', () => {
  it('go to the township team with needsClassification', () => {
    const d = decide({ chain: chain(SQ, '元村镇', SQ_VILLAGE, '甲村'), matterCode: null });
    expect(d.unit.id).toBe(`team-${SQ}`);
    expect(d.flags).toEqual(['needsClassification']);
    expect(d.alternates.map((u) => u.id)).toEqual(['sq-village']);
    expect(d.matter).toBeNull();
  });

  it('in a radiated township go to the hub team', () => {
    const d = decide({ chain: chain(RAD, '韩张镇') });
    expect(d.unit.id).toBe(`team-${HUB}`);
    expect(d.alternates.map((u) => u.id)).toEqual([`team-${RAD}`]);
  });

  it('in a township without a team go to the dispatch center', () => {
    const d = decide({ chain: chain(NOTEAM, '张果屯镇') });
    expect(d.unit.kind).toBe('dispatch-center');
    expect(codes(d)).toContain('NO_TEAM');
    expect(decide({ chain: chain(NOTEAM, '张果屯镇'), matterCode: 'CSHJ-002' }).unit.id).toBe('brigade-1');
  });
});

describe('places outside the county system', () => {
  it('hand a township run by another body to the dispatch center with that body as alternate', () => {
    const d = decide({ chain: chain(EXT, '福堪镇'), matterCode: 'CSHJ-001' });
    expect(d.unit.id).toBe(`center-${C}`);
    expect(d.alternates).toEqual([{ id: 'ext-zone', name: '某投资区执法机构', kind: 'department' }]);
    expect(codes(d)).toEqual(['LOCATION', 'MATTER', 'EXTERNAL_ADMINISTRATION']);
  });

  it('send an unconfigured township to the dispatch center', () => {
    const d = decide({ chain: chain('410923105000', '千口镇'), matterCode: 'CSHJ-001' });
    expect(d.unit.id).toBe(`center-${C}`);
    expect(codes(d)).toContain('TOWNSHIP_NOT_CONFIGURED');
  });
});

describe('boundaries', () => {
  it('flag a township-level decision near a boundary and offer the neighbour side', () => {
    const d = decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-001', nearBoundary: true, neighbourTownship: { code: SQ, name: '元村镇' } });
    expect(d.flags).toEqual(['boundaryReview']);
    expect(d.alternates.map((u) => u.id)).toEqual(['sq-town']);
    expect(d.reasons.at(-1)?.code).toBe('BOUNDARY_REVIEW');
  });

  it('flag without a neighbour, and not when both sides have the same unit', () => {
    expect(decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-001', nearBoundary: true }).flags).toEqual(['boundaryReview']);
    const same = decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-001', nearBoundary: true, neighbourTownship: { code: RAD, name: '韩张镇' } });
    expect(same.flags).toEqual([]);
    expect(same.reasons.at(-1)?.code).toBe('BOUNDARY_SAME_UNIT');
  });

  it('do not flag county-level matters', () => {
    expect(decide({ chain: chain(HUB, '城关镇'), matterCode: 'CSHJ-002', nearBoundary: true }).flags).toEqual([]);
  });

  it('flag unclassified reports near a boundary too', () => {
    expect(decide({ chain: chain(SQ, '元村镇'), nearBoundary: true }).flags).toEqual(['needsClassification', 'boundaryReview']);
  });
});

describe('errors come back as results', () => {
  const base = { chain: chain(HUB, '城关镇'), at: '2022-03-01T10:00:00+08:00', config, catalogue };
  it('for an unknown matter code', () => {
    expect(decideResponsibility({ ...base, matterCode: 'NOPE-001' })).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_MATTER', message: '执法事项清单中没有编码为「NOPE-001」的事项' },
    });
  });
  it('for a matter not in force at the report time', () => {
    const r = decideResponsibility({ ...base, matterCode: 'STHJ-007', at: '2022-06-05T00:00:00+08:00' });
    expect(r.ok === false && r.error.code).toBe('MATTER_NOT_IN_FORCE');
    expect(decideResponsibility({ ...base, matterCode: 'STHJ-007', at: '2022-06-04T23:59:00+08:00' }).ok).toBe(true);
  });
  it('for a bad time or a chain from another county', () => {
    expect(decideResponsibility({ ...base, at: 'yesterday' })).toMatchObject({ ok: false, error: { code: 'INVALID_TIME' } });
    const elsewhere = { ...base.chain, county: { code: '330822000000', name: '常山县' } };
    expect(decideResponsibility({ ...base, chain: elsewhere })).toMatchObject({ ok: false, error: { code: 'COUNTY_MISMATCH' } });
  });
});

it('is deterministic and leaves the config untouched', () => {
  const before = JSON.stringify(config);
  const input = { chain: chain(RAD, '韩张镇'), matterCode: 'CSHJ-001', nearBoundary: true, neighbourTownship: { code: SQ, name: '元村镇' } };
  expect(decide(input)).toEqual(decide(input));
  expect(JSON.stringify(config)).toBe(before);
});
