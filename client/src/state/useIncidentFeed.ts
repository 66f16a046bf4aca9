import { useCallback, useEffect, useReducer, useState } from 'react';
import { getIncidents } from '../api/rest.ts';
import { connectCountyFeed } from '../api/socket.ts';
import { EMPTY_FEED, feedReducer, type FeedState } from './incident-feed.ts';

/** How long a live arrival stays highlighted in the list and on the map. */
export const FRESH_MS = 20_000;
const PAGE_SIZE = 50;

export interface IncidentFeed extends FeedState {
  connected: boolean;
  error: string | null;
}

/** The county's recent incidents: one REST page, then live events over socket.io. */
export function useIncidentFeed(county: string | null): IncidentFeed {
  const [state, dispatch] = useReducer(feedReducer, EMPTY_FEED);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    (code: string, signal: AbortSignal) => {
      getIncidents(code, PAGE_SIZE, signal)
        .then((page) => dispatch({ type: 'loaded', items: page.items }))
        .catch((cause: unknown) => {
          if (!signal.aborted) setError(cause instanceof Error ? cause.message : String(cause));
        });
    },
    [dispatch],
  );

  useEffect(() => {
    dispatch({ type: 'reset' });
    setError(null);
    setConnected(false);
    if (!county) return;
    const controller = new AbortController();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const markFresh = (id: string) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        dispatch({ type: 'expired', id });
      }, FRESH_MS);
      timers.add(timer);
    };
    load(county, controller.signal);
    const disconnect = connectCountyFeed(county, {
      onIncident: (incident) => {
        dispatch({ type: 'received', incident });
        markFresh(incident.id);
      },
      onDispatch: (_order, incident) => dispatch({ type: 'received', incident }),
      onResync: () => load(county, controller.signal),
      onStatus: setConnected,
      onError: setError,
    });
    return () => {
      controller.abort();
      disconnect();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [county, load]);

  return { ...state, connected, error };
}
