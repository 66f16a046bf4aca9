import { normalizeCountyCode } from '../../shared/domain/grid.ts';
import { DEMO_PASSWORD, countySlug } from '../../server/services/demo-accounts.ts';

const tokens = new Map<string, Promise<string>>();

/** Signs in over HTTP as a demo account (or with the given password); tokens are reused per server and user. */
export function loginAs(server: { url: string } | string, username: string, password = DEMO_PASSWORD): Promise<string> {
  const url = typeof server === 'string' ? server : server.url;
  const key = `${url}\u0000${username}\u0000${password}`;
  let token = tokens.get(key);
  if (!token) {
    token = (async () => {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      const body = (await res.json()) as { token?: string; error?: { message: string } };
      if (res.status !== 200 || !body.token) throw new Error(`sign-in as ${username} failed (${res.status}): ${body.error?.message}`);
      return body.token;
    })();
    token.catch(() => tokens.delete(key));
    tokens.set(key, token);
  }
  return token;
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The demo dispatch operator of a county (6- or 12-digit code): files reports and reads the county's cases. */
export function operatorOf(county: string): string {
  const code = normalizeCountyCode(county);
  if (!code) throw new Error(`not a county code: ${county}`);
  return `${countySlug(code)}.operator`;
}

/** The demo admin of every county: reads all cases, files none. */
export const SYSTEM_ADMIN = 'system.admin';
