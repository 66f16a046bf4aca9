import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';

export const OFFICER_PASSWORD = 'load-bench-officer-2026';

/**
 * An accounts file (server/repositories/accounts-file.ts format) with one team-officer account
 * per unit, so officer sockets sign in as what they are; the demo accounts stay alongside.
 */
export async function writeOfficerAccounts(dir: string, units: ReadonlyArray<{ unitId: string; countyCode: string }>): Promise<string> {
  const passwordHash = await hash(OFFICER_PASSWORD);
  const accounts = units.map(({ unitId, countyCode }) => ({
    userId: `bench:officer.${unitId}`,
    username: `bench.officer.${unitId}`,
    displayName: `压测执法队员 ${unitId}`,
    role: 'team-officer',
    countyCode,
    unitId,
    passwordHash,
  }));
  const path = join(dir, 'bench-accounts.json');
  writeFileSync(path, JSON.stringify({ accounts }));
  return path;
}

/** Signs in; a refusal for load (503/429) is retried after Retry-After, a few times. */
export async function login(url: string, username: string, password: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { token?: string; error?: { message: string } };
    if (response.status === 200 && body.token) return body.token;
    if ((response.status !== 503 && response.status !== 429) || attempt >= 10) throw new Error(`sign-in as ${username} failed (${response.status}): ${body.error?.message}`);
    await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? '1') * 1000));
  }
}

/** Signs in every account, a few at a time (each sign-in is an argon2 verification on the server). */
export async function loginAll(url: string, accounts: ReadonlyArray<{ username: string; password: string }>, parallel = 4): Promise<Map<string, string>> {
  const tokens = new Map<string, string>();
  for (let i = 0; i < accounts.length; i += parallel) {
    const slice = accounts.slice(i, i + parallel);
    const got = await Promise.all(slice.map((a) => login(url, a.username, a.password)));
    slice.forEach((a, j) => tokens.set(a.username, got[j]!));
  }
  return tokens;
}
