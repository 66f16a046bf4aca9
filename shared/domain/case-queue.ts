/**
 * The dispatch center's queues, decided in one place so the server's counts, its filtered pages
 * and the console's live updates agree. Pure: the caller passes the time and the acknowledgement
 * deadline (the ack ladder's first step).
 *
 * - all: every open case (not closed, not refused);
 * - new: waiting at the center to be registered or dispatched (受理 / 立案);
 * - awaitingAck: an order is out and not acknowledged (已派遣, 待签收);
 * - overdue: of those, past the acknowledgement deadline (超时未签收);
 * - awaitingReview: the team reported a result; the center must check it (待核查);
 * - returned: a team sent it back as not theirs (退回).
 */
import type { CaseStatus } from './case-lifecycle.ts';
import type { DispatchOrder, Incident } from './incident.ts';

export const CASE_QUEUES = ['all', 'new', 'awaitingAck', 'overdue', 'awaitingReview', 'returned'] as const;
export type CaseQueue = (typeof CASE_QUEUES)[number];

/** The statuses a case in any queue can have: the open ones. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['received', 'registered', 'dispatched', 'handling', 'returned', 'resultReported', 'verified'];

export interface QueueClock {
  nowMs: number;
  /** How long a team has to acknowledge an order (ms after it was issued). */
  ackWithinMs: number;
}

type QueueCase = Pick<Incident, 'status'> & { orders?: readonly DispatchOrder[] };

/** The order waiting for acknowledgement, if any. */
function pendingOrder(c: QueueCase): DispatchOrder | undefined {
  if (c.status !== 'dispatched') return undefined;
  const orders = c.orders ?? [];
  for (let i = orders.length - 1; i >= 0; i--) if (orders[i]!.status === 'pending') return orders[i];
  return undefined;
}

/** Since when (ms) the case is overdue for acknowledgement; null if it is not. */
export function overdueSinceMs(c: QueueCase, clock: QueueClock): number | null {
  const order = pendingOrder(c);
  if (!order) return null;
  const due = Date.parse(order.createdAt) + clock.ackWithinMs;
  return clock.nowMs >= due ? due : null;
}

export function inCaseQueue(queue: CaseQueue, c: QueueCase, clock: QueueClock): boolean {
  switch (queue) {
    case 'all':
      return OPEN_STATUSES.includes(c.status);
    case 'new':
      return c.status === 'received' || c.status === 'registered';
    case 'awaitingAck':
      return c.status === 'dispatched';
    case 'overdue':
      return overdueSinceMs(c, clock) !== null;
    case 'awaitingReview':
      return c.status === 'resultReported';
    case 'returned':
      return c.status === 'returned';
    default: {
      const never: never = queue;
      return never;
    }
  }
}

export type QueueCounts = Record<CaseQueue, number>;

export function emptyQueueCounts(): QueueCounts {
  return { all: 0, new: 0, awaitingAck: 0, overdue: 0, awaitingReview: 0, returned: 0 };
}

/** Adds one case to the counts. */
export function countCase(counts: QueueCounts, c: QueueCase, clock: QueueClock): void {
  for (const queue of CASE_QUEUES) if (inCaseQueue(queue, c, clock)) counts[queue] += 1;
}
