// 嵩县 车村镇 (seeds/004 篇二): 115 matters devolved to the town's 综合执法队; the town split into 3
// areas, one 中队 each; stationed 交警中队、派出所、司法所、市场监管所. Other townships: a default.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';
import { decideResponsibility, type ResponsibilityDecision, type ResponsibilityInput } from '../../shared/routing/responsibility.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue = parsed.catalogue;
const loaded = loadCountyConfig(JSON.parse(readFileSync(new URL('data/counties/410325000000.json', root), 'utf8')), { catalogue });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

const COUNTY = { code: '410325000000', name: '嵩县' };
const 车村镇 = '410325103000';
/** Official village codes of 车村镇: 幸福家园社区 (001) and the 26 villages 200–225. */
const CHECUN_VILLAGES = ['410325103001', ...Array.from({ length: 26 }, (_, i) => `410325103${200 + i}`)];
const place = (tc: string, tn: string, vc: string, vn: string) => ({ county: COUNTY, township: { code: tc, name: tn }, village: { code: vc, name: vn }, group: { code: `${vc}001`, name: '一组' } });
const inCheCun = (vc: string) => place(车村镇, '车村镇', vc, '某村');

function decide(input: Partial<ResponsibilityInput> & Pick<ResponsibilityInput, 'chain'>): ResponsibilityDecision {
  const r = decideResponsibility({ at: '2020-09-10T10:00:00+08:00', config, catalogue, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

describe('车村镇 configuration', () => {
  it('devolves 115 matters to the town team', () => {
    const batches = config.devolution.batches.filter((b) => b.townships.includes(车村镇));
    expect(batches.flatMap((b) => b.matters)).toHaveLength(115);
    expect(config.devolution.batches.every((b) => b.townships.length === 1)).toBe(true);
  });

  it('splits its 27 villages into 3 areas, one squadron each, every village exactly once', () => {
    expect(config.squadrons).toHaveLength(3);
    const villages = config.squadrons.flatMap((s) => s.area.villageCodes ?? []);
    expect(villages.sort()).toEqual([...CHECUN_VILLAGES].sort());
    for (const s of config.squadrons) expect(config.units.find((u) => u.id === s.unitId)?.parentId).toBe(`team-${车村镇}`);
  });
});

describe('车村镇 reports', () => {
  it('a devolved matter goes to the squadron of the village area', () => {
    for (const squadron of config.squadrons) {
      const village = squadron.area.villageCodes?.[0] ?? '';
      const d = decide({ chain: inCheCun(village), matterCode: 'SSGL-002' });
      expect(d.unit.id).toBe(squadron.unitId);
      expect(d.squadronArea?.name).toBe(squadron.area.name);
      expect(d.alternates.map((u) => u.name)).toEqual(['车村镇综合执法队']);
    }
  });

  it('the three areas have three different squadrons', () => {
    const units = new Set(config.squadrons.map((s) => decide({ chain: inCheCun(s.area.villageCodes?.at(-1) ?? ''), matterCode: 'CXGH-003' }).unit.id));
    expect(units.size).toBe(3);
  });

  it('a market matter not devolved goes to the stationed 市场监管所', () => {
    const d = decide({ chain: inCheCun('410325103200'), matterCode: 'GSGL-003' });
    expect(d.unit).toEqual({ id: `station-${车村镇}-market`, name: '嵩县市场监督管理局车村市场监管所', kind: 'department-station' });
  });

  it('an unclassified report goes to the town team, its area squadron as alternate', () => {
    const d = decide({ chain: inCheCun('410325103200') });
    expect(d.unit.name).toBe('车村镇综合执法队');
    expect(d.flags).toEqual(['needsClassification']);
    expect(d.alternates).toHaveLength(1);
    expect(d.alternates[0]?.kind).toBe('squadron');
  });
});

describe('other 嵩县 townships (default)', () => {
  it('have a team each but no devolved matters: city matters go to the bureau', () => {
    const d = decide({ chain: place('410325100000', '城关镇', '410325100001', '安康社区'), matterCode: 'CSHJ-001' });
    expect(d.unit.name).toBe('嵩县综合行政执法局一大队');
    expect(decide({ chain: place('410325100000', '城关镇', '410325100001', '安康社区') }).unit.name).toBe('城关镇综合行政执法队');
  });

  it('forest farms have no team', () => {
    const farms = config.townships.filter((t) => t.kind === 'forest-farm');
    expect(farms.map((t) => t.name)).toEqual(['陶村林场', '五马寺林场', '王莽寨林场']);
    expect(farms.every((t) => t.teamId === undefined)).toBe(true);
  });
});
