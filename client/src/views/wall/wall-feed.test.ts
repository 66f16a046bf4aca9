import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../../../shared/domain/incident.ts';
import { WALL_WINDOW_MS } from '../../../../shared/protocol/stats.ts';
import { WallFeed } from './wall-feed.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z');

function incident(n: number, receivedAt: string): Incident {
  return {
    id: `i-${n}`,
    receivedAt,
    location: { lon: 115 + n / 1000, lat: 36 },
    reported: { lon: 115, lat: 36, crs: 'WGS84' },
    matterCode: null,
    description: `事件 ${n}`,
    source: 'hotline',
    status: 'dispatched',
    route: {
      county: { code: '410923000000', name: '南乐县' },
      township: { code: '410923100000', name: '城关镇' },
      village: { code: '410923100001', name: '南关村' },
      group: { code: '410923100001001', name: '一组' },
      unit: { id: 'team-410923100000', name: '城关镇综合行政执法大队', kind: 'township-team' },
      alternates: [],
      flags: [],
      reasons: [],
    },
  };
}

describe('WallFeed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('publishes a burst of 1,000 events as at most 4 updates a second', () => {
    const feed = new WallFeed({ minIntervalMs: 250, now: () => Date.now() });
    const publishedAt: number[] = [];
    feed.subscribe(() => publishedAt.push(Date.now()));
    // 1,000 reports over 2 seconds, 2 ms apart.
    for (let n = 0; n < 1000; n++) {
      const at = new Date(Date.now()).toISOString();
      const i = incident(n, at);
      feed.pushEvents([{ kind: 'incident', seq: 2 * n + 1, incident: i }, { kind: 'dispatch', seq: 2 * n + 2, incident: i, order: { id: `o-${n}`, incidentId: i.id, unit: i.route.unit, createdAt: at, status: 'pending' } }]);
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(1000);
    expect(feed.get().incidents).toHaveLength(1000);
    expect(feed.get().dispatches).toHaveLength(12);
    expect(feed.get().dispatches[0]?.incidentId).toBe('i-999');
    for (let k = 0; k < publishedAt.length; k++) {
      const inOneSecond = publishedAt.filter((t) => t >= publishedAt[k]! && t < publishedAt[k]! + 1000).length;
      expect(inOneSecond).toBeLessThanOrEqual(4);
    }
    // The first event of a quiet spell is shown at once, not after a full interval.
    expect(publishedAt[0]).toBe(T0);
  });

  it('forgets markers older than 24 hours', () => {
    const feed = new WallFeed({ minIntervalMs: 250, now: () => Date.now() });
    feed.pushEvents([{ kind: 'incident', seq: 1, incident: incident(1, new Date(T0 - WALL_WINDOW_MS - 1).toISOString()) }]);
    feed.pushEvents([{ kind: 'incident', seq: 2, incident: incident(2, new Date(T0).toISOString()) }]);
    vi.advanceTimersByTime(300);
    expect(feed.get().incidents.map((i) => i.id)).toEqual(['i-2']);
  });
});
