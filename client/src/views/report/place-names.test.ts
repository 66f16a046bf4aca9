import { describe, expect, it } from 'vitest';
import { placeNames, routePlace } from './place-names.ts';

describe('place names', () => {
  it('says a village once when its group already starts with it', () => {
    expect(placeNames(['城关镇', '御史村', '御史村四组'])).toEqual(['城关镇', '御史村四组']);
    expect(routePlace({ township: { code: '1', name: '城关镇' }, village: { code: '2', name: '御史村' }, group: { code: '3', name: '御史村四组' } })).toBe('城关镇 御史村四组');
  });

  it('keeps names that do not repeat, and leaves out empty ones', () => {
    expect(placeNames(['南乐县', '城关镇', '东街村', '第三村民小组'])).toEqual(['南乐县', '城关镇', '东街村', '第三村民小组']);
    expect(placeNames(['城关镇', '', null, undefined])).toEqual(['城关镇']);
  });
});
