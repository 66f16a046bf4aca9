import type { PageBoot } from '../../../shared/protocol/page-boot.ts';

declare global {
  interface Window {
    /** Written by the server into the page (server/http/client-page.ts); absent under the Vite dev server. */
    __gridBoot?: PageBoot;
  }
}

/** The counties and grid versions the page was served with, or null (dev server, tests). */
export function pageBoot(): PageBoot | null {
  return globalThis.window?.__gridBoot ?? null;
}

/**
 * The body the page's inline script already fetched for this URL, once (a later load of the same
 * URL, after a county switch and back, goes through the HTTP cache instead); undefined when it
 * did not fetch it. Resolves to null when that request failed.
 */
export function takePrefetched(url: string): Promise<unknown> | undefined {
  const prefetched = pageBoot()?.prefetched;
  const pending = prefetched?.[url];
  if (pending) delete prefetched[url];
  return pending;
}
