// 阳谷县 (seeds/001): "局队合一" with squadrons in the "3+5+2" pattern — 3 subdistricts, 5 for the
// 15 townships, 2 for 祥光经济开发区 and 祥光生态工业园; six domain teams of departments; the
// bureau holds 171 of 707 matters, departments 536.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';
import { decideResponsibility, type ResponsibilityDecision, type ResponsibilityInput } from '../../shared/routing/responsibility.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue = parsed.catalogue;
const loaded = loadCountyConfig(JSON.parse(readFileSync(new URL('data/counties/371521000000.json', root), 'utf8')), { catalogue });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

const COUNTY = { code: '371521000000', name: '阳谷县' };
const place = (tc: string, tn: string, vc: string, vn: string) => ({ county: COUNTY, township: { code: tc, name: tn }, village: { code: vc, name: vn }, group: { code: `${vc}001`, name: '一组' } });
const squadronOf = (areaName: string) => config.squadrons.find((s) => s.area.name === areaName);
const zone = squadronOf('祥光经济开发区');
const park = squadronOf('祥光生态工业园');
const unitName = (id: string | undefined) => config.units.find((u) => u.id === id)?.name;

function decide(input: Partial<ResponsibilityInput> & Pick<ResponsibilityInput, 'chain'>): ResponsibilityDecision {
  const r = decideResponsibility({ at: '2021-11-03T10:00:00+08:00', config, catalogue, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('阳谷县 squadrons: 3+5+2', () => {
  const subdistricts = config.townships.filter((t) => t.kind === 'subdistrict').map((t) => t.code);
  const rural = config.townships.filter((t) => t.kind === 'town' || t.kind === 'township').map((t) => t.code);

  it('has 10 squadrons under the 综合行政执法大队', () => {
    expect(config.squadrons).toHaveLength(10);
    for (const s of config.squadrons) expect(config.units.find((u) => u.id === s.unitId)?.parentId).toBe('brigade-371521');
  });

  it('gives each of the 3 subdistricts its own squadron', () => {
    const own = config.squadrons.filter((s) => s.area.townshipCodes?.length === 1);
    expect(own.map((s) => s.area.townshipCodes?.[0]).sort()).toEqual([...subdistricts].sort());
  });

  it('covers the 15 townships with 5 squadrons, each township exactly once', () => {
    expect(rural).toHaveLength(15);
    const groups = config.squadrons.filter((s) => (s.area.townshipCodes?.length ?? 0) > 1);
    expect(groups).toHaveLength(5);
    expect(groups.flatMap((s) => s.area.townshipCodes ?? []).sort()).toEqual([...rural].sort());
  });

  it('models the development zone and the industrial park as synthetic village sets', () => {
    for (const s of [zone, park]) {
      expect(s?.area.synthetic).toBe(true);
      expect(s?.area.townshipCodes).toBeUndefined();
      expect(s?.area.villageCodes?.length).toBeGreaterThan(3);
    }
  });
});

describe('阳谷县 reports', () => {
  it('占道经营 in a development-zone village goes to the zone squadron', () => {
    const village = zone?.area.villageCodes?.[0] ?? '';
    expect(village.startsWith('371521002')).toBe(true); // inside 侨润街道
    const d = decide({ chain: place('371521002000', '侨润街道', village, '开发区某村'), matterCode: 'CSHJ-001' });
    expect(d.unit.name).toBe('祥光经济开发区综合行政执法中队');
    expect(d.squadronArea).toEqual({ id: zone?.area.id, name: '祥光经济开发区', synthetic: true });
    expect(d.alternates.map((u) => u.name)).toEqual(['阳谷县综合行政执法大队']);
  });

  it('the same matter elsewhere in 侨润街道 goes to the 侨润 subdistrict squadron', () => {
    const d = decide({ chain: place('371521002000', '侨润街道', '371521002001', '谷山社区'), matterCode: 'CSHJ-001' });
    expect(zone?.area.villageCodes).not.toContain('371521002001');
    expect(d.unit.name).toBe('综合行政执法二中队（侨润街道）');
  });

  it('an industrial-park village goes to the park squadron', () => {
    const village = park?.area.villageCodes?.[0] ?? '';
    const d = decide({ chain: place('371521101000', '阎楼镇', village, '园区某村'), matterCode: 'STHJ-001' });
    expect(d.unit.name).toBe('祥光生态工业园综合行政执法中队');
  });

  it('a township report goes to the squadron covering its township group', () => {
    const d = decide({ chain: place('371521106000', '定水镇', '371521106208', '炉里宋村'), matterCode: 'CSHJ-017' });
    const expected = config.squadrons.find((s) => s.area.townshipCodes?.includes('371521106000'));
    expect(d.unit.name).toBe(unitName(expected?.unitId));
    expect(d.unit.name).toContain('定水镇');
  });

  it('a food matter goes to the market-supervision station, backed by the domain team', () => {
    const d = decide({ chain: place('371521106000', '定水镇', '371521106208', '炉里宋村'), matterCode: 'GSGL-003' });
    expect(d.unit.kind).toBe('department-station');
    expect(d.unit.name).toContain('定水');
    expect(d.alternates.map((u) => u.name)).toEqual(['阳谷县市场监管综合执法大队']);
  });

  it('市政管理 stays with the bureau (「由综合行政执法局行使…市政管理…」), worked by the township group squadron', () => {
    for (const code of ['SZGY-001', 'SZGY-006', 'SZGY-009']) {
      const d = decide({ chain: place('371521106000', '定水镇', '371521106208', '炉里宋村'), matterCode: code });
      expect(d.unit.kind).toBe('squadron');
      expect(d.alternates[0]?.id).toBe('brigade-371521');
    }
  });

  it('sets the 3-working-day 乡呼县应 reply, the only seed county whose document does', () => {
    expect(config.collaboration?.replyWorkingDays).toBe(3);
  });

  it('river matters go to the water department, not the bureau', () => {
    expect(decide({ chain: place('371521106000', '定水镇', '371521106208', '炉里宋村'), matterCode: 'SSGL-002' }).unit.name).toBe('阳谷县水利局');
  });

  it('an unclassified report goes to the township 综合行政执法办公室', () => {
    const d = decide({ chain: place('371521106000', '定水镇', '371521106208', '炉里宋村') });
    expect(d.unit.name).toBe('定水镇综合行政执法办公室');
    expect(d.flags).toEqual(['needsClassification']);
  });
});

describe('阳谷县 holdings', () => {
  it('keeps six domain teams of departments', () => {
    const roles = ['market', 'safety', 'transport', 'agriculture', 'natural-resources', 'hr'];
    for (const role of roles) expect(unitName(config.holders[`department:${role}`])).toMatch(/综合执法大队$/);
  });

  it('keeps the bureau share of matters in proportion to 171 of 707', () => {
    const decisions = catalogue.matters
      .map((m) => decideResponsibility({ chain: place('371521106000', '定水镇', '371521106208', '炉里宋村'), matterCode: m.code, at: '2021-11-03T10:00:00+08:00', config, catalogue }))
      .filter((r) => r.ok);
    // Matters the bureau keeps reach a squadron, with the 大队 as first alternate.
    const atBureau = decisions.filter((d) => d.unit.id === 'brigade-371521' || d.alternates[0]?.id === 'brigade-371521').length;
    const inForce = decisions.length;
    expect(inForce).toBe(catalogue.matters.length - 1); // STHJ-008 starts in 2022
    expect(Math.abs(atBureau / inForce - 171 / 707)).toBeLessThan(0.02);
    expect(config.devolution.batches).toEqual([]);
  });
});
