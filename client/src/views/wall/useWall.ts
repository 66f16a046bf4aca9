import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { connectWall, fetchWallSnapshot, WallHttpError } from './wall-api.ts';
import { WallFeed, type WallState } from './wall-feed.ts';

/** ≤ 4 screen updates a second. */
export const WALL_MIN_INTERVAL_MS = 250;
/** KPI snapshots: at most one request this often while events stream in. */
const SNAPSHOT_MIN_INTERVAL_MS = 2000;
/** Time alone turns cases overdue and days over: refresh even when nothing happens. */
const SNAPSHOT_IDLE_REFRESH_MS = 60_000;

declare global {
  interface Window {
    /** Counters for the soak test and for whoever looks at a wall from its devtools. */
    __wall?: { commits: number; commitTimes: number[]; snapshots: number; events: number; dropLink?: () => void };
  }
}

export function wallProbe(): NonNullable<Window['__wall']> {
  window.__wall ??= { commits: 0, commitTimes: [], snapshots: 0, events: 0 };
  return window.__wall;
}

/**
 * The wall's live state for one county: a snapshot over REST, live events over socket.io, a
 * fresh snapshot after every (re)subscription and, throttled, after events. Returns the state the
 * WallFeed publishes (≤ 4 times a second).
 */
export function useWall(county: string | null, token: string | null): WallState {
  const feed = useMemo(() => new WallFeed({ minIntervalMs: WALL_MIN_INTERVAL_MS, now: () => Date.now() }), []);
  const state = useSyncExternalStore(feed.subscribe, feed.get);

  useEffect(() => {
    if (!county || !token) return;
    const controller = new AbortController();
    let inFlight = false;
    let stale = false;
    let lastFetch = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const probe = wallProbe();

    const load = async () => {
      if (inFlight) {
        stale = true;
        return;
      }
      inFlight = true;
      lastFetch = Date.now();
      try {
        const snapshot = await fetchWallSnapshot(county, token, controller.signal);
        probe.snapshots += 1;
        feed.pushSnapshot(snapshot);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof WallHttpError && (error.status === 401 || error.status === 403)) feed.setLink(false, error.message);
      } finally {
        inFlight = false;
        if (stale && !controller.signal.aborted) {
          stale = false;
          refreshSoon();
        }
      }
    };
    /** A snapshot no sooner than SNAPSHOT_MIN_INTERVAL_MS after the last one. */
    const refreshSoon = () => {
      if (timer !== undefined) return;
      const wait = Math.max(0, lastFetch + SNAPSHOT_MIN_INTERVAL_MS - Date.now());
      timer = setTimeout(() => {
        timer = undefined;
        void load();
      }, wait);
    };
    const idle = setInterval(() => void load(), SNAPSHOT_IDLE_REFRESH_MS);
    void load();
    const link = connectWall(county, token, {
      onEvents: (events) => {
        probe.events += events.length;
        feed.pushEvents(events);
        refreshSoon();
      },
      onSubscribed: (first) => {
        feed.setLink(true);
        // After a reconnect the snapshot is the replay: everything missed is in it.
        if (!first) void load();
      },
      onStatus: (connected) => feed.setLink(connected),
      onRefused: (message) => feed.setLink(false, message),
    });
    probe.dropLink = () => link.drop();
    return () => {
      controller.abort();
      link.close();
      delete probe.dropLink;
      clearInterval(idle);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [county, token, feed]);

  useEffect(() => () => feed.dispose(), [feed]);
  return state;
}
