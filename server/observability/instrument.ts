import { performance } from 'node:perf_hooks';
import type { Store } from '../repositories/store.ts';
import type { GridService } from '../services/grid-service.ts';
import type { Publisher } from '../services/publisher.ts';
import type { ServerMetrics } from './metrics.ts';

/**
 * Timing without touching the services: the store, the grid service and the publisher are wrapped
 * where the server is assembled. Proxies forward every other member unchanged, so methods other
 * engineers add to these objects keep working (and `instanceof` still holds).
 */

/** When each routed report started routing, keyed by its route object (carried unchanged into the broadcast). */
const routedAt = new WeakMap<object, number>();

function forwardExcept<T extends object>(target: T, name: PropertyKey, replacement: unknown): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === name) return replacement;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** Counts committed reports and times every commit. */
export function instrumentStore(store: Store, metrics: ServerMetrics): Store {
  const commit: Store['commit'] = async (changes) => {
    const stop = metrics.storeCommits.startTimer({ store: store.kind });
    const events = await store.commit(changes);
    stop();
    const incidents = changes.reduce((n, change) => n + (change.kind === 'incident.insert' ? 1 : 0), 0);
    if (incidents > 0) metrics.reportsAccepted.inc(incidents);
    return events;
  };
  return forwardExcept(store, 'commit', commit);
}

/** Times routing, and remembers when each route began so the broadcast can be timed from there. */
export function instrumentRouting(grids: GridService, metrics: ServerMetrics): GridService {
  const route: GridService['route'] = (request) => {
    const start = performance.now();
    const outcome = grids.route(request);
    metrics.routing.observe((performance.now() - start) / 1000);
    if (outcome.ok) routedAt.set(outcome.route, start);
    return outcome;
  };
  return forwardExcept(grids, 'route', route);
}

/** Observes route → broadcast time for events that carry an incident routed in this process. */
export function instrumentPublisher(publisher: Publisher, metrics: ServerMetrics): Publisher {
  return {
    publish(rooms, event, payload) {
      publisher.publish(rooms, event, payload);
      const route = (payload as { incident?: { route?: unknown } }).incident?.route;
      const start = typeof route === 'object' && route !== null ? routedAt.get(route) : undefined;
      if (start !== undefined) metrics.dispatch.observe({ event }, (performance.now() - start) / 1000);
    },
  };
}
