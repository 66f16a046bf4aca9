import type { Page } from 'playwright-core';

export interface PageError {
  text: string;
  /** For a failed request, the resource's URL (Chromium logs those as console errors). */
  url: string;
}

export interface PageWatch {
  /** Console errors and uncaught exceptions, in order. */
  errors: PageError[];
  /** Requests that tried to leave the machine (they are aborted). */
  external: string[];
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The command hall has no internet: any request to another host is a bug (a tile, a glyph,
 * a font). Such requests are recorded and aborted, so the test sees the page as it would be there.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch: PageWatch = { errors: [], external: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') watch.errors.push({ text: message.text(), url: message.location().url });
  });
  page.on('pageerror', (error) => watch.errors.push({ text: `uncaught: ${error.message}`, url: '' }));
  page.on('request', (request) => {
    if (isExternal(request.url())) watch.external.push(request.url());
  });
  await page.route(
    (url) => isExternal(url.href),
    (route) => route.abort('internetdisconnected'),
  );
  return watch;
}

function isExternal(href: string): boolean {
  const url = new URL(href);
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return false;
  return !LOCAL_HOSTS.has(url.hostname);
}
