import { useCallback, useEffect, useState } from 'react';
import type { SubscribeRequest } from '../../../../shared/protocol/events.ts';
import type { JointActionView } from '../../../../shared/protocol/joint-actions.ts';
import type { OfficerRecord } from '../../../../shared/protocol/officers.ts';
import { jointApi } from './api.ts';
import { mergeActions } from './joint-feed.ts';
import { connectLive } from './live.ts';

export interface JointFeed {
  actions: JointActionView[];
  /** Ids that arrived or changed live in the last seconds (highlighted). */
  fresh: string[];
  connected: boolean;
  error: string | null;
  /** Puts an action the view got from its own command (before the broadcast arrives). */
  put(action: JointActionView): void;
  /** Live officer updates, for the map. */
  officerUpdates: OfficerRecord[];
}

/** The joint actions visible to the session: one REST list, then live `joint-action:*` events on the given rooms. */
export function useJointActions(subscription: SubscribeRequest | null): JointFeed {
  const [actions, setActions] = useState<JointActionView[]>([]);
  const [fresh, setFresh] = useState<string[]>([]);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [officerUpdates, setOfficerUpdates] = useState<OfficerRecord[]>([]);
  const key = JSON.stringify(subscription);

  const put = useCallback((action: JointActionView) => setActions((current) => mergeActions(current, [action])), []);

  useEffect(() => {
    if (!subscription) return;
    const controller = new AbortController();
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const load = () =>
      jointApi
        .list(controller.signal)
        .then((page) => setActions((current) => mergeActions(current, page.items)))
        .catch((cause: unknown) => {
          if (!controller.signal.aborted) setError(cause instanceof Error ? cause.message : String(cause));
        });
    void load();
    const leave = connectLive(subscription, {
      onJointAction: (_event, payload) => {
        setActions((current) => mergeActions(current, [payload.jointAction]));
        setFresh((current) => [...new Set([...current, payload.jointAction.id])]);
        const timer = setTimeout(() => {
          timers.delete(timer);
          setFresh((current) => current.filter((id) => id !== payload.jointAction.id));
        }, 20_000);
        timers.add(timer);
      },
      onOfficer: (officer) => setOfficerUpdates((current) => [...current.filter((o) => o.id !== officer.id), officer]),
      onStatus: setConnected,
      onResync: () => void load(),
      onError: setError,
    });
    return () => {
      controller.abort();
      leave();
      for (const timer of timers) clearTimeout(timer);
    };
    // The subscription is compared by value (key), not by identity.
  }, [key]);

  return { actions, fresh, connected, error, put, officerUpdates };
}
