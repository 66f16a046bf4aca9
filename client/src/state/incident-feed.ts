import { CASE_STATUSES } from '../../../shared/domain/case-lifecycle.ts';
import type { Incident } from '../../../shared/domain/incident.ts';

/** The list keeps the newest reports only; older ones are a history query, not a live view. */
export const FEED_LIMIT = 200;

export interface FeedState {
  /** Newest first. */
  items: Incident[];
  /** Ids that arrived live and are still highlighted. */
  fresh: string[];
}

export type FeedAction =
  | { type: 'reset' }
  | { type: 'loaded'; items: Incident[] }
  | { type: 'received'; incident: Incident }
  | { type: 'expired'; id: string };

export const EMPTY_FEED: FeedState = { items: [], fresh: [] };

/** Later case versions win; within one version (records from before the workflow), the later status. */
function progress(incident: Incident): number {
  return (incident.case?.version ?? 0) * CASE_STATUSES.length + CASE_STATUSES.indexOf(incident.status);
}

export function feedReducer(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case 'reset':
      return EMPTY_FEED;
    case 'loaded':
      return { ...state, items: mergeIncidents(state.items, action.items) };
    case 'received': {
      const known = state.items.some((item) => item.id === action.incident.id);
      return {
        items: mergeIncidents(state.items, [action.incident]),
        fresh: known ? state.fresh : [...state.fresh, action.incident.id],
      };
    }
    case 'expired':
      return { ...state, fresh: state.fresh.filter((id) => id !== action.id) };
  }
}

/**
 * Union by id, newest first. The same incident arrives twice (REST page and live event, or
 * `incident:created` then `dispatch:created`); the further-along status wins so the list never
 * steps backwards.
 */
export function mergeIncidents(current: readonly Incident[], incoming: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of [...current, ...incoming]) {
    const existing = byId.get(incident.id);
    if (!existing || progress(incident) >= progress(existing)) byId.set(incident.id, incident);
  }
  return [...byId.values()].sort(newestFirst).slice(0, FEED_LIMIT);
}

function newestFirst(a: Incident, b: Incident): number {
  const byTime = Date.parse(b.receivedAt) - Date.parse(a.receivedAt);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
