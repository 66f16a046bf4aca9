import { OPEN_STATUSES, countCase, emptyQueueCounts, inCaseQueue, type CaseQueue, type QueueClock, type QueueCounts } from '../../shared/domain/case-queue.ts';
import type { CaseStatus } from '../../shared/domain/case-lifecycle.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import type { IncidentPage, IncidentQuery, IncidentWithOrders, Store } from '../repositories/store.ts';
import { listVisibleIncidents } from './scoped-incidents.ts';

/** The statuses a queue can hold, so the store narrows the scan before the queue test. */
const QUEUE_STATUSES: Record<CaseQueue, readonly CaseStatus[]> = {
  all: OPEN_STATUSES,
  new: ['received', 'registered'],
  awaitingAck: ['dispatched'],
  overdue: ['dispatched'],
  awaitingReview: ['resultReported'],
  returned: ['returned'],
};

/** Store pages read while counting. */
const COUNT_PAGE = 500;

export interface CaseQueueDeps {
  store: Store;
  now: () => Date;
  /** The acknowledgement deadline: the ack ladder's first step. */
  ackWithinMs: number;
}

export type QueueFilter = Omit<IncidentQuery, 'limit' | 'cursor' | 'status' | 'statuses'>;

/**
 * The dispatch center's queues over the store: a keyset page of one queue and the counts of all of
 * them, both of the cases `visible` lets the caller see, both decided by shared/domain/case-queue.ts.
 */
export class CaseQueueService {
  constructor(private readonly deps: CaseQueueDeps) {}

  clock(): QueueClock {
    return { nowMs: this.deps.now().getTime(), ackWithinMs: this.deps.ackWithinMs };
  }

  get ackWithinMs(): number {
    return this.deps.ackWithinMs;
  }

  /** One page of a queue, newest first; may come back short with a `next` when the queue is sparse. */
  page(queue: CaseQueue, query: IncidentQuery, visible: (incident: Incident) => boolean): Promise<IncidentPage> {
    const clock = this.clock();
    const statuses = query.status ? QUEUE_STATUSES[queue].filter((s) => s === query.status) : QUEUE_STATUSES[queue];
    return listVisibleIncidents(this.deps.store, { ...query, statuses }, (incident) => visible(incident) && inCaseQueue(queue, incident as IncidentWithOrders, clock));
  }

  /** Every queue's count: one scan over the open cases matching the filters. */
  async counts(filter: QueueFilter, visible: (incident: Incident) => boolean): Promise<{ counts: QueueCounts; at: string }> {
    const clock = this.clock();
    const counts = emptyQueueCounts();
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.listIncidents({ ...filter, statuses: OPEN_STATUSES, limit: COUNT_PAGE, cursor });
      for (const incident of page.items) if (visible(incident)) countCase(counts, incident, clock);
      cursor = page.next ?? undefined;
    } while (cursor);
    return { counts, at: new Date(clock.nowMs).toISOString() };
  }
}
