import { pageBoot } from '../api/page-boot.ts';
import { useSyncExternalStore } from 'react';

/** What GET /api/v1/grids/versions answers (server/http/grids.routes.ts). */
interface GridVersionsBody {
  generation: number;
  counties: { code: string; version: number; groups: number }[];
}

export interface GridVersions {
  /** Grows with every applied grid version, in any county; tile URLs carry it. 0: unknown (the poll failed). */
  generation: number;
  counties: ReadonlyMap<string, { version: number; groups: number }>;
}

/**
 * How often a map asks whether a grid import was applied. Grids change with an import, a few
 * times a year, so a minute-scale delay is fine; the request is a few hundred bytes.
 */
export const GRID_VERSION_POLL_MS = 20_000;

const UNKNOWN: GridVersions = { generation: 0, counties: new Map() };

/** The versions the page was served with (server/http/client-page.ts), until the first poll. */
function fromPage(): GridVersions | null {
  const boot = pageBoot();
  return boot ? { generation: boot.versions.generation, counties: new Map(boot.versions.counties.map((c) => [c.code, { version: c.version, groups: c.groups }])) } : null;
}

let current: GridVersions | null = fromPage();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

async function poll(): Promise<void> {
  let next: GridVersions;
  try {
    const response = await fetch('/api/v1/grids/versions', { cache: 'no-store', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as GridVersionsBody;
    next = { generation: body.generation, counties: new Map(body.counties.map((c) => [c.code, { version: c.version, groups: c.groups }])) };
  } catch {
    // Without an answer the maps still load (GeoJSON, no tiles); a later poll corrects it.
    next = current ?? UNKNOWN;
  }
  if (current !== null && next.generation === current.generation) return;
  current = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    void poll();
    timer = setInterval(() => void poll(), GRID_VERSION_POLL_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/**
 * The grid versions the server serves, shared by every map and grid hook of the page (one poll);
 * null until the first answer. A new object only when the generation moved, so effects keyed on
 * it re-run exactly when an import was applied.
 */
export function useGridVersions(): GridVersions | null {
  return useSyncExternalStore(subscribe, () => current);
}
