/** Unit tests of the grid build helpers (data/build/): naming, PRNG, ring clean-up, synthesis on a toy county. */
import { describe, expect, it } from 'vitest';
import { area } from '@turf/turf';
import { chineseNumeral, groupCode, groupNames, isPseudoTownshipCode, shortNameOf } from '../../data/build/names.ts';
import { mulberry32, rngFor } from '../../data/build/prng.ts';
import { cleanRing } from '../../data/build/ring-clean.ts';
import type { CountySource } from '../../data/build/sources.ts';
import { synthesizeCounty } from '../../data/build/synthesize-county.ts';

describe('names', () => {
  it('shortens NBS committee names as SOURCES.md describes', () => {
    expect(shortNameOf('徐村村委会')).toBe('徐村');
    expect(shortNameOf('东方红村委会')).toBe('东方红村');
    expect(shortNameOf('韩张村民委员会')).toBe('韩张村');
    expect(shortNameOf('幸福家园社区居民委员会')).toBe('幸福家园社区');
    expect(shortNameOf('北关社区居委会')).toBe('北关社区');
    expect(shortNameOf('宝石街居委会')).toBe('宝石街社区');
    expect(shortNameOf('东明社区')).toBe('东明社区');
    expect(shortNameOf('城关镇')).toBe('城关镇');
  });

  it('writes Chinese numerals and group names/codes', () => {
    expect([1, 10, 11, 20, 21, 99, 100, 105, 110, 381].map(chineseNumeral)).toEqual(
      ['一', '十', '十一', '二十', '二十一', '九十九', '一百', '一百零五', '一百一十', '三百八十一'],
    );
    expect(() => chineseNumeral(0)).toThrow();
    expect(groupNames('徐村', 3)).toEqual({ name: '徐村第三村民小组', shortName: '徐村三组' });
    expect(groupNames('北关社区', 12)).toEqual({ name: '北关社区第十二居民小组', shortName: '北关社区十二组' });
    expect(groupCode('410923100201', 7)).toBe('410923100201007');
  });

  it('recognises 4xx pseudo-townships', () => {
    expect(isPseudoTownshipCode('350521400000')).toBe(true);
    expect(isPseudoTownshipCode('410325402000')).toBe(true);
    expect(isPseudoTownshipCode('410325103000')).toBe(false);
  });
});

describe('prng', () => {
  it('is seeded, reproducible and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(xs).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
    expect(rngFor('a', 'b')()).not.toBe(rngFor('a', 'c')());
  });
});

describe('cleanRing', () => {
  it('drops repeats and zero-width spikes but keeps straight collinear vertices', () => {
    expect(cleanRing([[0, 0], [0, 0], [10, 0], [10, 10], [10, 20], [10, 10], [0, 10], [0, 0]])).toEqual([[0, 0], [10, 0], [10, 10], [0, 10]]);
    expect(cleanRing([[0, 0], [5, 0], [10, 0], [10, 10]])).toEqual([[0, 0], [5, 0], [10, 0], [10, 10]]);
    expect(cleanRing([[0, 0], [10, 0], [0, 0]])).toEqual([]);
  });
});

describe('synthesizeCounty on a toy county', () => {
  // An L-shaped outline (clockwise, as in the sources) with one seat outside it, so one township gets a spread seed.
  const toy: CountySource = {
    code: '999999000000',
    name: '测试县',
    parentCode: '999900000000',
    outlineGcj: [[[[115, 36], [115, 36.2], [115.1, 36.2], [115.1, 36.1], [115.2, 36.1], [115.2, 36], [115, 36]]]],
    countySeatGcj: [115.05, 36.05],
    townshipSeatsGcj: new Map([['999999100000', [115.05, 36.15]], ['999999101000', [116, 37]]]),
    townships: [
      { level: 'township', code: '999999100000', name: '甲镇', parentCode: '999999000000' },
      { level: 'township', code: '999999101000', name: '乙乡', parentCode: '999999000000' },
      { level: 'township', code: '999999400000', name: '丙工业区', parentCode: '999999000000' },
    ],
    villages: [
      { level: 'village', code: '999999100001', name: '一村村委会', parentCode: '999999100000' },
      { level: 'village', code: '999999100002', name: '二里居委会', parentCode: '999999100000' },
      { level: 'village', code: '999999101001', name: '三家村民委员会', parentCode: '999999101000' },
      { level: 'village', code: '999999400001', name: '丙虚拟社区', parentCode: '999999400000' },
    ],
  };

  it('tiles the outline level by level, leaves out 4xx units, and is reproducible', () => {
    const out = synthesizeCounty(toy);
    expect(out.summary.counts.township).toBe(2);
    expect(out.summary.counts.village).toBe(3);
    const groups = out.features.filter((f) => f.properties.level === 'group');
    expect(groups.length).toBe(out.summary.counts.group);
    expect(groups.length).toBeGreaterThanOrEqual(9);
    expect(out.features.some((f) => f.properties.code.startsWith('9999994'))).toBe(false);
    const countyArea = area(out.features[0]!);
    for (const level of ['township', 'village', 'group'] as const) {
      const sum = out.features.filter((f) => f.properties.level === level).reduce((a, f) => a + area(f), 0);
      expect(Math.abs(sum - countyArea) / countyArea).toBeLessThan(1e-9);
    }
    expect(JSON.stringify(synthesizeCounty(toy))).toBe(JSON.stringify(out));
  });
});
