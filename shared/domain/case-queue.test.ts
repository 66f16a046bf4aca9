import { describe, expect, it } from 'vitest';
import { permittedActions } from './case-actions.ts';
import { countCase, emptyQueueCounts, inCaseQueue, overdueSinceMs, type QueueClock } from './case-queue.ts';
import type { CaseStatus } from './case-lifecycle.ts';
import type { DispatchOrder } from './incident.ts';
import { searchMatters } from './matter-search.ts';

const order = (createdAt: string, status: DispatchOrder['status'] = 'pending') => ({ createdAt, status }) as DispatchOrder;
const clock: QueueClock = { nowMs: Date.parse('2026-01-05T02:10:00Z'), ackWithinMs: 5 * 60_000 };

describe('dispatch-center queues', () => {
  it('an order not acknowledged within the deadline is overdue from the deadline on', () => {
    const late = { status: 'dispatched' as CaseStatus, orders: [order('2026-01-05T02:00:00Z')] };
    const fresh = { status: 'dispatched' as CaseStatus, orders: [order('2026-01-05T02:06:00Z')] };
    expect(overdueSinceMs(late, clock)).toBe(Date.parse('2026-01-05T02:05:00Z'));
    expect(overdueSinceMs(fresh, clock)).toBeNull();
    expect(inCaseQueue('overdue', late, clock)).toBe(true);
    expect(inCaseQueue('awaitingAck', fresh, clock)).toBe(true);
    // A withdrawn order does not count; the latest pending one does.
    expect(overdueSinceMs({ status: 'dispatched', orders: [order('2026-01-05T01:00:00Z', 'withdrawn'), order('2026-01-05T02:08:00Z')] }, clock)).toBeNull();
  });

  it('counts every open case once in all and once per queue it is in', () => {
    const counts = emptyQueueCounts();
    const cases: { status: CaseStatus; orders?: DispatchOrder[] }[] = [
      { status: 'received' },
      { status: 'registered' },
      { status: 'dispatched', orders: [order('2026-01-05T01:00:00Z')] },
      { status: 'handling' },
      { status: 'returned' },
      { status: 'resultReported' },
      { status: 'closed' },
      { status: 'rejected' },
    ];
    for (const c of cases) countCase(counts, c, clock);
    expect(counts).toEqual({ all: 6, new: 2, awaitingAck: 1, overdue: 1, awaitingReview: 1, returned: 1 });
  });
});

describe('permitted actions', () => {
  const snapshot = (status: CaseStatus) => ({ status, holderId: 'center-410923000000', assigneeId: 'team-410923100000', handlerIds: ['officer-a'], reviewerIds: ['op-1'] });
  const operator = { userId: 'op-1', role: 'dispatch-operator' as const, actsFor: ['center-410923000000'] };
  const commander = { userId: 'cc-1', role: 'county-commander' as const, actsFor: ['center-410923000000'] };
  const officer = { userId: 'officer-a', role: 'team-officer' as const, actsFor: ['team-410923100000'] };

  it('the operator gets the holder steps of its role, never close; the team gets its own', () => {
    expect(permittedActions(snapshot('dispatched'), operator)).toEqual(['reassign', 'urge', 'recall']);
    expect(permittedActions(snapshot('dispatched'), officer)).toEqual(['acknowledge', 'return']);
    expect(permittedActions(snapshot('verified'), operator)).toEqual([]);
    expect(permittedActions(snapshot('verified'), commander)).toEqual(['close']);
  });

  it('办审定分离: the reviewer may not close, the handler may not review', () => {
    expect(permittedActions(snapshot('verified'), { ...commander, userId: 'op-1' })).toEqual([]);
    expect(permittedActions(snapshot('resultReported'), { ...operator, userId: 'officer-a' })).toEqual([]);
    expect(permittedActions(snapshot('resultReported'), operator)).toEqual(['verify', 'rework']);
  });
});

describe('matter search', () => {
  const entries = [
    { code: 'CSHJ-001', name: '占道经营', domain: '城市市容和环境卫生', initials: 'zdjy' },
    { code: 'AQSC-001', name: '未设置安全生产管理机构', domain: '安全生产', initials: 'wszaqscgljg' },
    { code: 'CSHJ-002', name: '乱倒垃圾', domain: '城市市容和环境卫生', initials: 'ldlj' },
  ];
  it('finds by code, by name and by pinyin initials, best first', () => {
    expect(searchMatters(entries, 'cshj').map((e) => e.code)).toEqual(['CSHJ-001', 'CSHJ-002']);
    expect(searchMatters(entries, '垃圾').map((e) => e.code)).toEqual(['CSHJ-002']);
    expect(searchMatters(entries, 'zdjy').map((e) => e.code)).toEqual(['CSHJ-001']);
    expect(searchMatters(entries, 'aqsc').map((e) => e.code)).toEqual(['AQSC-001']);
    expect(searchMatters(entries, 'xyz')).toEqual([]);
    expect(searchMatters(entries, '  ')).toEqual([]);
  });
});
