/**
 * The wall's state and the one gate every change goes through. Live events and snapshots are
 * queued and applied together at most once per `minIntervalMs` (250 ms: ≤ 4 updates a second),
 * so a burst of hundreds of reports costs the screen four repaints a second, not hundreds.
 * Everything kept is bounded: markers by the 24-hour window and a cap, the ticker by its length.
 */
import { WALL_MAX_INCIDENTS, WALL_TICKER_SIZE, WALL_WINDOW_MS, type WallDispatch, type WallIncident, type WallSnapshot } from '../../../../shared/protocol/stats.ts';
import type { WallLiveEvent } from './wall-api.ts';

export interface WallState {
  snapshot: WallSnapshot | null;
  /** Newest first, within the last 24 hours. */
  incidents: readonly WallIncident[];
  dispatches: readonly WallDispatch[];
  connected: boolean;
  refused: string | null;
  /** Bumped on every published change. */
  version: number;
  /** When this version was published (the feed's clock): the throttle's own record, free of render lag. */
  publishedAt: number;
}

export interface WallFeedOptions {
  minIntervalMs: number;
  now: () => number;
}

const EMPTY: WallState = { snapshot: null, incidents: [], dispatches: [], connected: false, refused: null, version: 0, publishedAt: -Infinity };

function incidentOf(event: WallLiveEvent): WallIncident {
  const i = event.incident;
  return { id: i.id, lon: i.location.lon, lat: i.location.lat, receivedAt: i.receivedAt, status: i.status, townshipCode: i.route.township.code };
}

function dispatchOf(event: Extract<WallLiveEvent, { kind: 'dispatch' }>): WallDispatch {
  const i = event.incident;
  return {
    incidentId: i.id,
    at: event.order.createdAt,
    townshipName: i.route.township.name,
    villageName: i.route.village.name,
    unitName: event.order.unit.name,
    description: i.description.slice(0, 60),
  };
}

export class WallFeed {
  private state: WallState = EMPTY;
  private events: WallLiveEvent[] = [];
  private snapshot: WallSnapshot | null = null;
  private link: { connected?: boolean; refused?: string | null } = {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastPublish = -Infinity;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly options: WallFeedOptions) {}

  get = (): WallState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  pushEvents(events: readonly WallLiveEvent[]): void {
    this.events.push(...events);
    this.schedule();
  }

  pushSnapshot(snapshot: WallSnapshot): void {
    this.snapshot = snapshot;
    this.schedule();
  }

  setLink(connected: boolean, refused: string | null = null): void {
    this.link = { connected, refused };
    this.schedule();
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.events = [];
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastPublish + this.options.minIntervalMs - this.options.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Applies everything queued as one change. */
  private flush(): void {
    this.timer = undefined;
    const now = this.options.now();
    let { snapshot, incidents, dispatches, connected, refused } = this.state;
    const byId = new Map<string, WallIncident>();
    const ticker = new Map<string, WallDispatch>();
    const addDispatch = (d: WallDispatch) => ticker.set(`${d.incidentId}@${d.at}`, d);
    if (this.snapshot) {
      snapshot = this.snapshot;
      for (const i of snapshot.incidents) byId.set(i.id, i);
      snapshot.dispatches.forEach(addDispatch);
    }
    // Live items known before this snapshot stay if still in the window; the snapshot wins on conflicts.
    for (const i of incidents) if (!byId.has(i.id)) byId.set(i.id, i);
    dispatches.forEach((d) => ticker.has(`${d.incidentId}@${d.at}`) || addDispatch(d));
    for (const event of this.events) {
      const incident = incidentOf(event);
      const known = byId.get(incident.id);
      if (!known || event.kind === 'dispatch') byId.set(incident.id, incident);
      if (event.kind === 'dispatch') addDispatch(dispatchOf(event));
    }
    const windowStart = now - WALL_WINDOW_MS;
    incidents = [...byId.values()]
      .filter((i) => Date.parse(i.receivedAt) >= windowStart)
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
      .slice(0, WALL_MAX_INCIDENTS);
    dispatches = [...ticker.values()].sort((a, b) => b.at.localeCompare(a.at)).slice(0, WALL_TICKER_SIZE);
    if (this.link.connected !== undefined) connected = this.link.connected;
    if (this.link.refused !== undefined) refused = this.link.refused;
    this.events = [];
    this.snapshot = null;
    this.link = {};
    this.lastPublish = now;
    this.state = { snapshot, incidents, dispatches, connected, refused, version: this.state.version + 1, publishedAt: now };
    for (const listener of this.listeners) listener();
  }
}
