import { sessionToken } from '../../api/session.ts';

/** The wall's read-only display token, kept per tab so a reload keeps working. */
const WALL_TOKEN_KEY = 'grid-dispatch.wall-token';

/**
 * `?token=` in the URL wins (it is then moved to sessionStorage and removed from the address bar,
 * so it does not stay on screen); then a token stored earlier; then a signed-in user's session.
 */
export function displayToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    globalThis.sessionStorage?.setItem(WALL_TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
    return fromUrl;
  }
  return globalThis.sessionStorage?.getItem(WALL_TOKEN_KEY) ?? sessionToken();
}
