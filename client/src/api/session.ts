import type { MeResponse } from '../../../shared/protocol/auth.ts';

/**
 * The signed-in session of this browser tab: the bearer token and who it belongs to. Kept in
 * sessionStorage, so closing the tab signs out and another tab can sign in as someone else.
 */
const TOKEN_KEY = 'grid-dispatch.token';
const ME_KEY = 'grid-dispatch.me';

const listeners = new Set<() => void>();

export function sessionToken(): string | null {
  return globalThis.sessionStorage?.getItem(TOKEN_KEY) ?? null;
}

export function sessionMe(): MeResponse | null {
  const raw = globalThis.sessionStorage?.getItem(ME_KEY);
  if (!raw || !sessionToken()) return null;
  try {
    return JSON.parse(raw) as MeResponse;
  } catch {
    return null;
  }
}

export function startSession(token: string, me: MeResponse): void {
  globalThis.sessionStorage?.setItem(TOKEN_KEY, token);
  globalThis.sessionStorage?.setItem(ME_KEY, JSON.stringify(me));
}

/** Signs out (the user asked, or the server refused the token); the sign-in page comes back. */
export function endSession(): void {
  const had = sessionToken() !== null;
  globalThis.sessionStorage?.removeItem(TOKEN_KEY);
  globalThis.sessionStorage?.removeItem(ME_KEY);
  if (had) for (const listener of listeners) listener();
}

export function onSessionEnded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
