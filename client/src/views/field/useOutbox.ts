import { useEffect, useMemo, useRef, useState } from 'react';
import { sessionToken } from '../../api/session.ts';
import { Outbox, fetchTransport, localOutboxStorage, type OutboxEntry } from '../../state/outbox.ts';
import { newKey } from '../commander/api.ts';

export interface OutboxState {
  outbox: Outbox;
  pending: readonly OutboxEntry[];
  online: boolean;
  /** Refusals the officer should see (the server said no; resending would not help). */
  refused: string[];
}

/** The phone's outbox: flushed at once, when the browser comes back online, and every 10 s while anything waits. */
export function useOutbox(owner: string, onDone: (entry: OutboxEntry, body: unknown) => void): OutboxState {
  const [pending, setPending] = useState<readonly OutboxEntry[]>([]);
  const [online, setOnline] = useState(() => globalThis.navigator?.onLine ?? true);
  const [refused, setRefused] = useState<string[]>([]);
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  const outbox = useMemo(
    () =>
      new Outbox(fetchTransport(sessionToken), {
        storage: localOutboxStorage(`grid-dispatch.outbox.${owner}`),
        newKey,
        now: () => new Date(),
        events: {
          onDone: (entry, body) => onDoneRef.current(entry, body),
          onRefused: (entry, message) => setRefused((current) => [...current.slice(-4), `${entry.label}：${message}`]),
        },
      }),
    [owner],
  );

  useEffect(() => {
    setPending(outbox.pending);
    const leave = outbox.subscribe(() => setPending([...outbox.pending]));
    const up = () => {
      setOnline(true);
      void outbox.flush();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    const timer = setInterval(() => {
      if (outbox.pending.length > 0) void outbox.flush();
    }, 10_000);
    void outbox.flush();
    return () => {
      leave();
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
      clearInterval(timer);
    };
  }, [outbox]);

  return { outbox, pending, online, refused };
}
