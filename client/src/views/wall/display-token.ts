/**
 * The wall's token: a read-only display token (from `?token=` or kept from an earlier visit) or the
 * session of the wall account signed in on the page. A wall runs for days, so the token is renewed
 * (POST /auth/refresh) well before it expires, and the renewed one is kept where the old one was.
 */
import type { LoginResponse } from '../../../../shared/protocol/auth.ts';
import { sessionMe, startSession } from '../../api/session.ts';

/** Kept in localStorage: a wall PC that restarts its browser comes back without anyone typing a token. */
const WALL_TOKEN_KEY = 'grid-dispatch.wall-token';

export type WallTokenSource = 'display' | 'session';

/** `?token=` in the URL wins (moved to storage and removed from the address bar, so it does not stay on screen); then one kept earlier. */
export function displayToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    storeToken('display', fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
    return fromUrl;
  }
  return globalThis.localStorage?.getItem(WALL_TOKEN_KEY) ?? null;
}

/** Forgets a display token the server refused, so the page asks for a sign-in instead. */
export function forgetDisplayToken(): void {
  globalThis.localStorage?.removeItem(WALL_TOKEN_KEY);
}

export function storeToken(source: WallTokenSource, token: string): void {
  if (source === 'display') {
    globalThis.localStorage?.setItem(WALL_TOKEN_KEY, token);
    return;
  }
  const me = sessionMe();
  if (me) startSession(token, me);
}

/** The token's own lifetime from its payload (`gd1.<base64url {iat, exp}>.<sig>`); null when it cannot be read. */
export function tokenLifetime(token: string): { issuedMs: number; expiresMs: number } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { iat?: unknown; exp?: unknown };
    if (typeof json.iat !== 'number' || typeof json.exp !== 'number') return null;
    return { issuedMs: json.iat * 1000, expiresMs: json.exp * 1000 };
  } catch {
    return null;
  }
}

/** When to renew: halfway through the token's life (a 30-day display token at 15 days, a 12-hour one at 6 hours). */
export function renewalDueAt(token: string): number | null {
  const life = tokenLifetime(token);
  return life ? life.issuedMs + (life.expiresMs - life.issuedMs) / 2 : null;
}

/** A fresh token for a valid one; null when the server refuses it (expired, account gone). Throws on network failure. */
export async function renewToken(token: string): Promise<LoginResponse | null> {
  const res = await fetch('/api/v1/auth/refresh', { method: 'POST', headers: { accept: 'application/json', authorization: `Bearer ${token}` } });
  if (res.status === 401) return null;
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return (await res.json()) as LoginResponse;
}
