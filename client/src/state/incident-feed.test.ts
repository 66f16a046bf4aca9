import { describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/domain/incident.ts';
import { EMPTY_FEED, FEED_LIMIT, feedReducer, mergeIncidents } from './incident-feed.ts';

function incident(id: string, receivedAt: string, status: Incident['status'] = 'received'): Incident {
  const place = { code: '410923100000', name: '城关镇' };
  return {
    id,
    receivedAt,
    location: { lon: 115.2, lat: 36.07 },
    reported: { lon: 115.2, lat: 36.07, crs: 'WGS84' },
    matterCode: null,
    description: `事件 ${id}`,
    source: 'hotline',
    status,
    route: {
      county: { code: '410923000000', name: '南乐县' },
      township: place,
      village: { code: '410923100001', name: '东街村' },
      group: { code: '410923100001001', name: '第一组' },
      unit: { id: 'team-410923100000', name: '城关镇综合行政执法队', kind: 'township-team' },
      alternates: [],
      flags: [],
      reasons: [],
    },
  };
}

describe('incident feed', () => {
  it('lists newest first and keeps one entry per id', () => {
    const merged = mergeIncidents(
      [incident('a', '2025-01-01T01:00:00Z'), incident('b', '2025-01-01T03:00:00Z')],
      [incident('c', '2025-01-01T02:00:00Z'), incident('a', '2025-01-01T01:00:00Z')],
    );
    expect(merged.map((item) => item.id)).toEqual(['b', 'c', 'a']);
  });

  it('never steps a dispatched incident back to received', () => {
    const dispatched = incident('a', '2025-01-01T01:00:00Z', 'dispatched');
    const stale = incident('a', '2025-01-01T01:00:00Z', 'received');
    expect(mergeIncidents([dispatched], [stale])[0]?.status).toBe('dispatched');
    expect(mergeIncidents([stale], [dispatched])[0]?.status).toBe('dispatched');
  });

  it('caps the list', () => {
    const many = Array.from({ length: FEED_LIMIT + 5 }, (_, index) =>
      incident(`i${index}`, new Date(Date.UTC(2025, 0, 1, 0, index)).toISOString()),
    );
    const merged = mergeIncidents([], many);
    expect(merged).toHaveLength(FEED_LIMIT);
    expect(merged[0]?.id).toBe(`i${FEED_LIMIT + 4}`);
  });

  it('highlights live arrivals once, and stops when they expire', () => {
    let state = feedReducer(EMPTY_FEED, { type: 'loaded', items: [incident('old', '2025-01-01T00:00:00Z')] });
    state = feedReducer(state, { type: 'received', incident: incident('new', '2025-01-01T05:00:00Z') });
    expect(state.fresh).toEqual(['new']);
    // The dispatch that follows carries the same incident: not a second arrival.
    state = feedReducer(state, { type: 'received', incident: incident('new', '2025-01-01T05:00:00Z', 'dispatched') });
    expect(state.fresh).toEqual(['new']);
    expect(state.items.map((item) => [item.id, item.status])).toEqual([
      ['new', 'dispatched'],
      ['old', 'received'],
    ]);
    state = feedReducer(state, { type: 'expired', id: 'new' });
    expect(state.fresh).toEqual([]);
    expect(feedReducer(state, { type: 'reset' })).toEqual(EMPTY_FEED);
  });
});
