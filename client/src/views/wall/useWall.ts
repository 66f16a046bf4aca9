import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { renewalDueAt, renewToken, storeToken, tokenLifetime, type WallTokenSource } from './display-token.ts';
import { connectWall, fetchWallSnapshot, WallHttpError } from './wall-api.ts';
import { WallFeed, type WallState } from './wall-feed.ts';

/** ≤ 4 screen updates a second. */
export const WALL_MIN_INTERVAL_MS = 250;
/** KPI snapshots: at most one request this often while events stream in. */
const SNAPSHOT_MIN_INTERVAL_MS = 1000;
/** Time alone turns cases overdue and days over: refresh even when nothing happens. */
const SNAPSHOT_IDLE_REFRESH_MS = 60_000;
/** How often the token's renewal time is checked (a sleeping PC's timers drift; checking often costs nothing). */
const RENEW_CHECK_MS = 10 * 60_000;
/** After a failed renewal (network down), try again this soon. */
const RENEW_RETRY_MS = 60_000;

declare global {
  interface Window {
    /** Counters for the soak test and for whoever looks at a wall from its devtools. */
    __wall?: { commits: number; commitTimes: number[]; snapshots: number; events: number; renewals: number; dropLink?: () => void; renewNow?: () => Promise<void> };
  }
}

export function wallProbe(): NonNullable<Window['__wall']> {
  window.__wall ??= { commits: 0, commitTimes: [], snapshots: 0, events: 0, renewals: 0 };
  return window.__wall;
}

/**
 * The wall's live state for one county: a snapshot over REST, live events over socket.io, a fresh
 * snapshot after a (re)subscription that missed something and, throttled, after any activity. The
 * token is renewed halfway through its life, so the wall runs for days without a hand. Returns the
 * state the WallFeed publishes (≤ 4 times a second).
 */
export function useWall(county: string | null, initialToken: string | null, source: WallTokenSource): WallState {
  const feed = useMemo(() => new WallFeed({ minIntervalMs: WALL_MIN_INTERVAL_MS, now: () => Date.now() }), []);
  const state = useSyncExternalStore(feed.subscribe, feed.get);

  useEffect(() => {
    if (!county || !initialToken) return;
    const controller = new AbortController();
    let token = initialToken;
    let lastSeq = 0;
    let inFlight = false;
    let stale = false;
    let lastFetch = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let renewTimer: ReturnType<typeof setTimeout> | undefined;
    const probe = wallProbe();

    /** The server refused the token: renew it if it is still valid (one attempt), else show the banner. */
    let renewedAfterRefusal = false;
    const refused = (message: string, status: number) => {
      const life = tokenLifetime(token);
      if (status === 401 && !renewedAfterRefusal && life && life.expiresMs > Date.now()) {
        renewedAfterRefusal = true;
        void renew();
      } else feed.setLink(false, message);
    };

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
        lastSeq = Math.max(lastSeq, snapshot.seq);
        feed.pushSnapshot(snapshot);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof WallHttpError && (error.status === 401 || error.status === 403)) refused(error.message, error.status);
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

    const renew = async () => {
      try {
        const renewed = await renewToken(token);
        if (controller.signal.aborted) return;
        if (!renewed) {
          feed.setLink(false, 'UNAUTHENTICATED');
          return;
        }
        token = renewed.token;
        storeToken(source, token);
        probe.renewals += 1;
        link.retry();
        scheduleRenewal();
      } catch {
        if (!controller.signal.aborted) scheduleRenewal(RENEW_RETRY_MS);
      }
    };
    const scheduleRenewal = (delay?: number) => {
      if (renewTimer !== undefined) clearTimeout(renewTimer);
      const due = renewalDueAt(token);
      const wait = delay ?? (due === null ? RENEW_CHECK_MS : Math.min(RENEW_CHECK_MS, Math.max(0, due - Date.now())));
      renewTimer = setTimeout(() => {
        renewTimer = undefined;
        const at = renewalDueAt(token);
        if (at !== null && at <= Date.now()) void renew();
        else scheduleRenewal();
      }, wait);
    };

    const idle = setInterval(() => void load(), SNAPSHOT_IDLE_REFRESH_MS);
    void load();
    const link = connectWall(
      county,
      { token: () => token, lastSeq: () => lastSeq },
      {
        onEvents: (events) => {
          probe.events += events.length;
          feed.pushEvents(events);
        },
        onActivity: (seq) => {
          lastSeq = Math.max(lastSeq, seq);
          refreshSoon();
        },
        onSubscribed: (first, missed) => {
          renewedAfterRefusal = false;
          feed.setLink(true);
          // After a reconnect that missed events, the snapshot is the replay: it holds all of them.
          if (!first && missed) void load();
        },
        onStatus: (connected) => feed.setLink(connected),
        onRefused: (message) => refused(message, message === 'UNAUTHENTICATED' ? 401 : 403),
      },
    );
    scheduleRenewal();
    probe.dropLink = () => link.drop();
    probe.renewNow = renew;
    return () => {
      controller.abort();
      link.close();
      delete probe.dropLink;
      delete probe.renewNow;
      clearInterval(idle);
      if (timer !== undefined) clearTimeout(timer);
      if (renewTimer !== undefined) clearTimeout(renewTimer);
    };
  }, [county, initialToken, source, feed]);

  useEffect(() => () => feed.dispose(), [feed]);
  return state;
}
