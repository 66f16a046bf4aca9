import { describe, expect, it } from 'vitest';
import { presetRange, rangeInstants } from './period.ts';

// 2026-01-15 01:30 in Shanghai is still 2026-01-14 in UTC.
const NOW = Date.parse('2026-01-14T17:30:00Z');

describe('evaluation periods', () => {
  it('counts in Shanghai days', () => {
    expect(presetRange('thisMonth', NOW)).toEqual({ from: '2026-01-01', to: '2026-01-15' });
    expect(presetRange('lastMonth', NOW)).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('thisQuarter', NOW)).toEqual({ from: '2026-01-01', to: '2026-01-15' });
    expect(presetRange('thisYear', NOW)).toEqual({ from: '2026-01-01', to: '2026-01-15' });
  });

  it('turns inclusive days into half-open instants', () => {
    expect(rangeInstants({ from: '2025-12-01', to: '2025-12-31' })).toEqual({ from: '2025-12-01T00:00:00+08:00', to: '2026-01-01T00:00:00+08:00' });
  });
});
