import type { DispatchOrder, Incident } from '../../../../shared/domain/incident.ts';

/** An incident as the console holds it: orders come with REST pages and workflow broadcasts. */
export type QueueIncident = Incident & { orders?: DispatchOrder[] };

export const QUEUE_FILTERS = ['all', 'new', 'review', 'awaiting', 'overdue'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

/** Waiting at the center: received, registered but not dispatched, or sent back by a team. */
function isNew(i: QueueIncident): boolean {
  return i.status === 'received' || i.status === 'registered' || i.status === 'returned';
}

/** The router could not decide alone: outside every grid, snapped to a neighbour, or on a township boundary. */
function needsReview(i: QueueIncident): boolean {
  return i.route.flags.some((f) => f === 'unrouted' || f === 'boundaryReview' || f === 'snappedToNearest');
}

function awaitingAck(i: QueueIncident): boolean {
  return i.status === 'dispatched';
}

/** A rung of the acknowledgement ladder fired on its open order. */
function isOverdue(i: QueueIncident): boolean {
  return (i.orders ?? []).some((o) => o.status === 'pending' && (o.escalations?.length ?? 0) > 0);
}

const TESTS: Record<QueueFilter, (i: QueueIncident) => boolean> = {
  all: () => true,
  new: isNew,
  review: (i) => needsReview(i) && (isNew(i) || awaitingAck(i)),
  awaiting: awaitingAck,
  overdue: isOverdue,
};

export function inQueue(filter: QueueFilter, incident: QueueIncident): boolean {
  return TESTS[filter](incident);
}

export function queueCounts(incidents: readonly QueueIncident[]): Record<QueueFilter, number> {
  return Object.fromEntries(QUEUE_FILTERS.map((f) => [f, incidents.filter(TESTS[f]).length])) as Record<QueueFilter, number>;
}

/** Newest first; a live update replaces the held copy (by id) and keeps its orders if it came without. */
export function upsertIncident(list: readonly QueueIncident[], incident: QueueIncident): QueueIncident[] {
  const held = list.find((i) => i.id === incident.id);
  const merged: QueueIncident = held && !incident.orders ? { ...incident, orders: held.orders } : incident;
  const rest = list.filter((i) => i.id !== incident.id);
  return [merged, ...rest].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id));
}

/** The next index for a key press in a list of `length` (wraps at neither end). */
export function moveSelection(index: number, key: string, length: number): number {
  if (length === 0) return -1;
  if (key === 'ArrowDown' || key === 'j') return Math.min(length - 1, index + 1);
  if (key === 'ArrowUp' || key === 'k') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return length - 1;
  return index;
}
