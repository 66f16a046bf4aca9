import { useCallback, useEffect, useState } from 'react';
import { subscriptionFor } from '../../api/socket.ts';
import { sessionMe } from '../../api/session.ts';
import { api } from '../commander/api.ts';
import { connectLive } from '../commander/live.ts';
import { upsertIncident, type QueueIncident } from './queue.ts';

const FRESH_MS = 20_000;

export interface CaseFeed {
  items: QueueIncident[];
  fresh: string[];
  connected: boolean;
  error: string | null;
  put(incident: QueueIncident): void;
}

/** The county's recent cases with their orders: one REST page, then every workflow broadcast. */
export function useCaseFeed(county: string | null): CaseFeed {
  const [items, setItems] = useState<QueueIncident[]>([]);
  const [fresh, setFresh] = useState<string[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const put = useCallback((incident: QueueIncident) => setItems((current) => upsertIncident(current, incident)), []);

  useEffect(() => {
    setItems([]);
    setFresh([]);
    setConnected(false);
    setError(null);
    if (!county) return;
    const controller = new AbortController();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const load = () =>
      api<{ items: QueueIncident[] }>('GET', `/incidents?county=${county.slice(0, 6)}&limit=100`, undefined, { signal: controller.signal })
        .then((page) => setItems((current) => page.items.reduce((list, incident) => upsertIncident(list, incident), current)))
        .catch((cause: unknown) => {
          if (!controller.signal.aborted) setError(cause instanceof Error ? cause.message : String(cause));
        });
    void load();
    const subscription = subscriptionFor(county, sessionMe());
    const leave = subscription
      ? connectLive(subscription, {
          onIncident: (incident, kind) => {
            setItems((current) => upsertIncident(current, incident));
            if (kind !== 'created') return;
            setFresh((current) => [...current, incident.id]);
            const timer = setTimeout(() => {
              timers.delete(timer);
              setFresh((current) => current.filter((id) => id !== incident.id));
            }, FRESH_MS);
            timers.add(timer);
          },
          onStatus: setConnected,
          onResync: () => void load(),
          onError: setError,
        })
      : () => undefined;
    return () => {
      controller.abort();
      leave();
      for (const timer of timers) clearTimeout(timer);
    };
  }, [county]);

  return { items, fresh, connected, error, put };
}
