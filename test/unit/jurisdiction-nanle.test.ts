// 南乐县 (seeds/000): 12 township brigades; bureau 一大队 (city management) and 二大队 (水利、商务、
// 民政…); a first batch of 73 matters devolved to townships; major cases go to the bureau.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCountyConfig } from '../../shared/domain/county-config.ts';
import { parseCatalogueCsv } from '../../shared/domain/matters.ts';
import { decideResponsibility, type ResponsibilityDecision, type ResponsibilityInput } from '../../shared/routing/responsibility.ts';

const root = new URL('../../', import.meta.url);
const parsed = parseCatalogueCsv(readFileSync(new URL('data/catalogue/matters.csv', root), 'utf8'));
if (!parsed.ok) throw new Error('catalogue does not parse');
const catalogue = parsed.catalogue;
const loaded = loadCountyConfig(JSON.parse(readFileSync(new URL('data/counties/410923000000.json', root), 'utf8')), { catalogue });
if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
const config = loaded.config;

const COUNTY = { code: '410923000000', name: '南乐县' };
const 城关镇 = { code: '410923100000', name: '城关镇' };
const 昌州路 = { code: '410923100101', name: '昌州路居委会' };
const 韩张镇 = { code: '410923101000', name: '韩张镇' };
const 韩张南街 = { code: '410923101201', name: '韩张南街村' };
const chain = (township: typeof 城关镇, village: typeof 昌州路) => ({ county: COUNTY, township, village, group: { code: `${village.code}001`, name: '第一居民小组' } });

function decide(input: Partial<ResponsibilityInput>): ResponsibilityDecision {
  const r = decideResponsibility({ chain: chain(城关镇, 昌州路), at: '2022-05-01T09:30:00+08:00', config, catalogue, ...input });
  if (!r.ok) throw new Error(r.error.message);
  return r;
}
const batch = config.devolution.batches[0];

describe('南乐县: one team per township, a bureau with two brigades', () => {
  it('has 12 township brigades, one for each township in the official codes', () => {
    const teams = config.units.filter((u) => u.kind === 'township-team');
    expect(teams).toHaveLength(12);
    expect(config.townships.every((t) => t.teamId === `team-${t.code}`)).toBe(true);
    expect(config.units.filter((u) => u.kind === 'bureau-brigade').map((u) => u.name)).toEqual(['南乐县综合行政执法局一大队', '南乐县综合行政执法局二大队']);
  });

  it('devolves a first batch of 73 matters to all 12 townships', () => {
    expect(batch?.name).toBe('第一批');
    expect(batch?.matters).toHaveLength(73);
    expect(batch?.townships).toHaveLength(12);
  });
});

describe('南乐县 reports', () => {
  it('占道经营 in 城关镇 goes to the 城关镇 brigade under the first batch', () => {
    const d = decide({ matterCode: 'CSHJ-001' });
    expect(d.unit.name).toBe('城关镇综合行政执法大队');
    expect(d.reasons.map((r) => r.message)).toContain(`事项 CSHJ-001「${catalogue.byCode.get('CSHJ-001')?.name}」已于 ${batch?.effectiveFrom} 随「第一批」赋权城关镇`);
  });

  it('渣土车管控 and 餐饮油烟防治 stay with 一大队 everywhere: the document gives them to 一大队, not to the townships', () => {
    for (const code of ['CSHJ-017', 'CSHJ-018', 'STHJ-006', 'STHJ-001', 'STHJ-002']) {
      expect(batch?.matters).not.toContain(code);
      const d = decide({ matterCode: code, chain: chain(韩张镇, 韩张南街) });
      expect(d.unit).toEqual({ id: 'brigade-410923-1', name: '南乐县综合行政执法局一大队', kind: 'bureau-brigade' });
      expect(d.reasons.at(-1)?.code).toBe('RETAINED');
    }
  });

  it('keeps the 101 : 305 division of the bureau matters between 一大队 and 二大队 (±2 points)', () => {
    // Before the first batch took effect, so every matter is at its county holder.
    const inForce = catalogue.matters.filter((m) => !m.effectiveTo && (m.effectiveFrom ?? '') <= '2020-06-01');
    const held = (unitId: string) => inForce.filter((m) => decide({ matterCode: m.code, chain: chain(韩张镇, 韩张南街), at: '2020-06-01T09:00:00+08:00' }).unit.id === unitId).length;
    const first = held('brigade-410923-1');
    const second = held('brigade-410923-2');
    expect(Math.abs(first / (first + second) - 101 / 406)).toBeLessThan(0.02);
  });

  it('非法采砂 (water) outside the batch is kept by 二大队', () => {
    const d = decide({ matterCode: 'SSGL-002', chain: chain(韩张镇, 韩张南街) });
    expect(d.unit.name).toBe('南乐县综合行政执法局二大队');
    expect(d.reasons.at(-1)?.message).toBe(`事项 SSGL-002「${catalogue.byCode.get('SSGL-002')?.name}」未赋权韩张镇，由南乐县综合行政执法局二大队保留`);
  });

  it('a report dated before the first batch took effect stays at county level', () => {
    const d = decide({ matterCode: 'CSHJ-001', at: '2020-12-31T23:00:00+08:00' });
    expect(d.unit.name).toBe('南乐县综合行政执法局一大队');
    expect(d.level).toBe('county');
    expect(d.reasons.map((r) => r.code)).toContain('NOT_YET_DEVOLVED');
  });

  it('a major 占道经营 case is handed from the township brigade to the bureau', () => {
    const d = decide({ matterCode: 'CSHJ-001', major: true });
    expect(d.unit.name).toBe('南乐县综合行政执法局一大队');
    expect(d.alternates.map((u) => u.name)).toEqual(['城关镇综合行政执法大队']);
    expect(d.reasons.at(-1)?.code).toBe('MAJOR_CASE');
  });

  it('a food-safety matter stays with the market-supervision department', () => {
    expect(decide({ matterCode: 'GSGL-003' }).unit).toEqual({ id: 'dept-410923-market', name: '南乐县市场监督管理局', kind: 'department' });
  });

  it('an unclassified report goes to the township brigade for classification', () => {
    const d = decide({ chain: chain(韩张镇, 韩张南街) });
    expect(d.unit.name).toBe('韩张镇综合行政执法大队');
    expect(d.flags).toEqual(['needsClassification']);
  });

  it('a devolved matter near the 城关镇/韩张镇 boundary asks for review and offers the other brigade', () => {
    const d = decide({ matterCode: 'CSHJ-001', nearBoundary: true, neighbourTownship: 韩张镇 });
    expect(d.flags).toEqual(['boundaryReview']);
    expect(d.alternates.map((u) => u.name)).toEqual(['韩张镇综合行政执法大队']);
  });
});
