import { describe, expect, it } from 'vitest';
import { formatTime } from './format.ts';

describe('formatTime', () => {
  it('shows UTC instants in Asia/Shanghai, across the date line of the zone', () => {
    // 16:30 UTC on 1 January is 00:30 on 2 January in Beijing time.
    const zh = formatTime('2025-01-01T16:30:05Z', 'zh-CN');
    expect(zh).toContain('00:30:05');
    expect(zh).toMatch(/01.02/);
    expect(formatTime('2025-01-01T16:30:05Z', 'en')).toContain('00:30:05');
  });

  it('passes an unparseable timestamp through rather than showing "Invalid Date"', () => {
    expect(formatTime('not-a-time', 'zh-CN')).toBe('not-a-time');
  });
});
