import { describe, expect, it } from 'vitest';
import type { RouteResult } from '../../../../shared/domain/route.ts';
import { inQueue, moveSelection, queueCounts, upsertIncident, type QueueIncident } from './queue.ts';

const route = (flags: RouteResult['flags'] = []): RouteResult => ({
  county: { code: '410923000000', name: '南乐县' },
  township: { code: '410923100000', name: '城关镇' },
  village: { code: '410923100001', name: '东街村' },
  group: { code: '410923100001001', name: '第一组' },
  unit: { id: 'team-410923100000', name: '城关镇综合行政执法大队', kind: 'township-team' },
  alternates: [],
  flags,
  reasons: [],
});

function incident(id: string, status: QueueIncident['status'], extra: Partial<QueueIncident> = {}): QueueIncident {
  return { id, receivedAt: `2026-03-02T01:0${id}:00.000Z`, location: { lon: 115.2, lat: 36.0 }, reported: { lon: 115.2, lat: 36.0, crs: 'WGS84' }, matterCode: null, description: id, source: 'hotline', status, route: route(), ...extra };
}

describe('console queue', () => {
  it('sorts incidents into new, review, awaiting acknowledgement and overdue', () => {
    const list = [
      incident('1', 'registered'),
      incident('2', 'dispatched', { route: route(['boundaryReview']) }),
      incident('3', 'dispatched', { orders: [{ id: 'o', incidentId: '3', unit: route().unit, createdAt: '', status: 'pending', escalations: [{ level: 'townshipCommander', dueAt: '', firedAt: '' }] }] }),
      incident('4', 'closed', { route: route(['unrouted']) }),
    ];
    expect(queueCounts(list)).toEqual({ all: 4, new: 1, review: 1, awaiting: 2, overdue: 1 });
    // A closed case leaves the review queue even if it was unrouted.
    expect(inQueue('review', list[3]!)).toBe(false);
  });

  it('keeps the newest first and the orders a live update came without', () => {
    const withOrders = incident('1', 'dispatched', { orders: [] });
    const list = upsertIncident(upsertIncident([], withOrders), incident('2', 'received'));
    expect(list.map((i) => i.id)).toEqual(['2', '1']);
    const updated = upsertIncident(list, incident('1', 'handling'));
    expect(updated.find((i) => i.id === '1')).toMatchObject({ status: 'handling', orders: [] });
  });

  it('moves the selection with arrows and j/k without wrapping', () => {
    expect(moveSelection(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveSelection(2, 'j', 3)).toBe(2);
    expect(moveSelection(0, 'k', 3)).toBe(0);
    expect(moveSelection(1, 'End', 3)).toBe(2);
    expect(moveSelection(0, 'x', 0)).toBe(-1);
  });
});
