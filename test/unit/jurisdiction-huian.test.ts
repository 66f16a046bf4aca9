// 惠安县 (seeds/003): 12 towns each with a 综合执法大队; 35 属地管理 matters in the first batch;
// 三网合一 — every base grid (village) maps to one 巡查网格 and one 综合执法网格. 洛阳、东园、张坂、百崎
// are run by 泉州台商投资区 although coded under 惠安 (SOURCES.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';
import { decideResponsibility, type ResponsibilityDecision, type ResponsibilityInput } from '../../shared/routing/responsibility.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue = parsed.catalogue;
const loaded = loadCountyConfig(JSON.parse(readFileSync(new URL('data/counties/350521000000.json', root), 'utf8')), { catalogue });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;
const networks = config.gridNetworks;

const COUNTY = { code: '350521000000', name: '惠安县' };
const place = (tc: string, tn: string, vc: string, vn: string) => ({ county: COUNTY, township: { code: tc, name: tn }, village: { code: vc, name: vn }, group: { code: `${vc}001`, name: '一组' } });
const 崇武镇霞西村 = place('350521107000', '崇武镇', '350521107201', '霞西村');
const 洛阳镇洛阳村 = place('350521104000', '洛阳镇', '350521104201', '洛阳村');
const TSQ = ['洛阳镇', '东园镇', '张坂镇', '百崎回族乡'];

function decide(input: Partial<ResponsibilityInput>): ResponsibilityDecision {
  const r = decideResponsibility({ chain: 崇武镇霞西村, at: '2022-02-15T10:00:00+08:00', config, catalogue, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('惠安县 organisation', () => {
  it('has a brigade in each of the 12 towns and none in the 4 towns under 台商投资区', () => {
    const withTeam = config.townships.filter((t) => t.teamId).map((t) => t.name);
    expect(withTeam).toHaveLength(12);
    for (const name of TSQ) expect(withTeam).not.toContain(name);
    const external = config.townships.filter((t) => t.administeredBy).map((t) => t.name);
    expect(external.sort()).toEqual([...TSQ].sort());
  });

  it('devolves the first batch of 35 属地管理 matters to the 12 towns', () => {
    expect(config.devolution.batches).toHaveLength(1);
    expect(config.devolution.batches[0]?.matters).toHaveLength(35);
    expect(config.devolution.batches[0]?.townships).toHaveLength(12);
  });

  it('maps every base grid of the 12 towns to exactly one patrol and one enforcement grid, patrol inside enforcement', () => {
    expect(networks).toBeDefined();
    if (!networks) return;
    const teamTowns = new Set(config.townships.filter((t) => t.teamId).map((t) => t.code));
    const enforcementOf = new Map(networks.enforcement.cells.flatMap((c) => c.villageCodes.map((v) => [v, c] as const)));
    const patrolOf = new Map(networks.patrol.cells.flatMap((c) => c.villageCodes.map((v) => [v, c] as const)));
    expect(new Set([...enforcementOf.keys()].map((v) => `${v.slice(0, 9)}000`))).toEqual(teamTowns);
    expect(new Set(patrolOf.keys())).toEqual(new Set(enforcementOf.keys()));
    for (const cell of networks.patrol.cells) {
      const parents = new Set(cell.villageCodes.map((v) => enforcementOf.get(v)?.id));
      expect(parents.size, cell.id).toBe(1);
    }
    for (const cell of networks.enforcement.cells) expect(cell.unitId).toBe(`team-${cell.townshipCode}`);
  });
});

describe('惠安县 reports', () => {
  it('a base grid maps to its enforcement grid, worked by the town brigade', () => {
    const d = decide({ matterCode: 'CSHJ-017' });
    const cell = networks?.enforcement.cells.find((c) => c.id === d.gridCells?.enforcement?.id);
    expect(cell?.villageCodes).toContain('350521107201');
    expect(cell?.townshipCode).toBe('350521107000');
    expect(d.gridCells?.enforcement?.name).toMatch(/^崇武镇第.执法网格$/);
    expect(d.gridCells?.patrol?.name).toMatch(/^崇武镇巡查网格\d+$/);
    expect(d.unit.id).toBe(cell?.unitId);
    expect(d.unit.name).toBe('崇武镇综合执法大队');
    expect(d.reasons[1]?.code).toBe('GRID_NETWORKS');
  });

  it('a matter outside the 35 stays with its county department', () => {
    expect(decide({ matterCode: 'SSGL-002' }).unit.name).toBe('惠安县水利局');
    expect(decide({ matterCode: 'CSHJ-003' }).unit.name).toBe('惠安县城市管理局');
  });

  it('a report in 洛阳镇 is handed over to 台商投资区 through the dispatch center', () => {
    const d = decide({ chain: 洛阳镇洛阳村, matterCode: 'CSHJ-001' });
    expect(d.unit).toEqual({ id: 'center-350521000000', name: '惠安县执法调度指挥中心', kind: 'dispatch-center' });
    expect(d.alternates.map((u) => u.name)).toEqual(['泉州台商投资区综合执法机构']);
    expect(d.reasons.at(-1)?.code).toBe('EXTERNAL_ADMINISTRATION');
  });

  it('before the first batch a 属地 matter stays with the county', () => {
    expect(decide({ matterCode: 'CSHJ-001', at: '2021-06-30T12:00:00+08:00' }).unit.name).toBe('惠安县城市管理局');
  });
});
