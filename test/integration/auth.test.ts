import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash } from '@node-rs/argon2';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../shared/domain/capabilities.ts';
import type { DemoAccountsResponse, LoginResponse, MeResponse } from '../../shared/protocol/auth.ts';
import { startServer, type RunningServer } from '../../server/start-server.ts';
import { bearer, loginAs } from '../helpers/auth.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

const COUNTIES = ['330822000000', '350521000000', '371521000000', '410325000000', '410923000000'];
const HOUR = 3600_000;

let server: TestServer;
let clock = new Date('2026-03-02T08:00:00+08:00');
beforeAll(async () => {
  server = await startTestServer({ now: () => clock, auth: { demo: true } });
});
afterAll(async () => {
  await server?.close();
});

async function login(username: string, password: string, url = server.url): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

async function me(token: string | undefined, url = server.url): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(`${url}/api/v1/auth/me`, { headers: token === undefined ? {} : bearer(token) });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

describe('demo mode', () => {
  it('lists an account for every role in every county, and each signs in with the published password', async () => {
    const res = await fetch(`${server.url}/api/v1/demo/accounts`);
    expect(res.status).toBe(200);
    const { password, accounts } = (await res.json()) as DemoAccountsResponse;
    expect(password).toBe('demo-2026');
    for (const county of COUNTIES) {
      const roles = new Set(accounts.filter((a) => a.countyCode === county).map((a) => a.role));
      expect([...roles].sort(), county).toEqual([...ROLES].sort());
    }
    expect(accounts.find((a) => a.username === 'system.admin')).toMatchObject({ role: 'admin', countyCode: null });
    expect(new Set(accounts.map((a) => a.username)).size).toBe(accounts.length);
    // Four at a time: argon2 runs on libuv's four threads.
    for (let i = 0; i < accounts.length; i += 4) {
      await Promise.all(
        accounts.slice(i, i + 4).map(async (account) => {
          const answer = await login(account.username, password);
          expect(answer.status, account.username).toBe(200);
          const body = answer.body as LoginResponse;
          expect(body.actor).toMatchObject({ username: account.username, role: account.role, countyCode: account.countyCode });
          expect(body.actor).not.toHaveProperty('passwordHash');
        }),
      );
    }
  });
});

describe('POST /api/v1/auth/login and bearer tokens', () => {
  it('issues a token that expires after the lifetime and answers /auth/me with role, capabilities and scope', async () => {
    const answer = await login('changshan.twp.330822115000', 'demo-2026');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { token, expiresAt } = answer.body as LoginResponse;
    expect(Date.parse(expiresAt) - clock.getTime()).toBe(12 * HOUR);
    const who = await me(token);
    expect(who.status).toBe(200);
    const body = who.body as MeResponse;
    expect(body.actor.role).toBe('township-commander');
    expect(body.capabilities).toContain('case:read');
    expect(body.capabilities).not.toContain('case:close');
    // 辉埠镇 is the hub of a "1+X" cluster radiating to 何家乡.
    expect(body.scope.townshipCodes.sort()).toEqual(['330822115000', '330822200000']);
    // The header names them; no codes or ids for people.
    expect(body.places).toEqual({ countyName: '常山县', townshipName: '辉埠镇', unitName: expect.stringContaining('辉埠') });
    const saved = clock;
    try {
      clock = new Date(Date.parse(expiresAt) - 1000);
      expect((await me(token)).status).toBe(200);
      clock = new Date(Date.parse(expiresAt));
      const expired = await me(token);
      expect(expired.status).toBe(401);
      expect(expired.body.error).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringContaining('expired') });
    } finally {
      clock = saved;
    }
  });

  it('gives a wall display a 30-day token so the command-hall screen runs unattended for days', async () => {
    const answer = await login('changshan.wall', 'demo-2026');
    expect(answer.status).toBe(200);
    const { token, expiresAt } = answer.body as LoginResponse;
    expect(Date.parse(expiresAt) - clock.getTime()).toBe(30 * 24 * HOUR);
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 7 * 24 * HOUR);
      const who = await me(token);
      expect(who.status).toBe(200);
      expect(who.body.capabilities).not.toContain('report:create');
    } finally {
      clock = saved;
    }
  });

  it('renews a valid wall token before it expires, and refuses an expired one', async () => {
    const { token } = (await login('changshan.wall', 'demo-2026')).body as LoginResponse;
    const saved = clock;
    try {
      clock = new Date(saved.getTime() + 29 * 24 * HOUR);
      const renewed = await fetch(`${server.url}/api/v1/auth/refresh`, { method: 'POST', headers: bearer(token) });
      expect(renewed.status).toBe(200);
      expect(renewed.headers.get('cache-control')).toBe('no-store');
      const body = (await renewed.json()) as LoginResponse;
      expect(Date.parse(body.expiresAt) - clock.getTime()).toBe(30 * 24 * HOUR);
      expect(body.actor.username).toBe('changshan.wall');
      // Past the first token's end: the old one is refused, the renewed one still works, and may renew again.
      clock = new Date(saved.getTime() + 31 * 24 * HOUR);
      expect((await me(token)).status).toBe(401);
      expect((await me(body.token)).status).toBe(200);
      expect((await fetch(`${server.url}/api/v1/auth/refresh`, { method: 'POST', headers: bearer(token) })).status).toBe(401);
      expect((await fetch(`${server.url}/api/v1/auth/refresh`, { method: 'POST', headers: bearer(body.token) })).status).toBe(200);
    } finally {
      clock = saved;
    }
  });

  it('refuses a missing, malformed or tampered token with 401 and says what to do', async () => {
    const missing = await me(undefined);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.body.error.message).toContain('/api/v1/auth/login');
    const token = await loginAs(server, 'nanle.operator');
    const [prefix, payload, signature] = token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'demo:system.admin' })).toString('base64url');
    for (const bad of ['nonsense', `${prefix}.${forged}.${signature}`, `${prefix}.${payload}.${'A'.repeat(43)}`, `${token}x`]) {
      const answer = await me(bad);
      expect(answer.status, bad).toBe(401);
      expect(answer.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Basic ${token}` } })).status).toBe(401);
  });

  it('gives one answer for an unknown username and a wrong password', async () => {
    const unknown = await login('nobody.here', 'demo-2026');
    const wrong = await login('huian.commander', 'not-the-password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
  });

  it('validates the sign-in body', async () => {
    expect((await login('', 'x')).status).toBe(400);
    const form = await fetch(`${server.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=a&password=b' });
    expect(form.status).toBe(415);
    const huge = await login('nanle.operator', 'x'.repeat(5000));
    expect(huge.status).toBe(413);
  });

  it('rate-limits failed sign-ins per username and address with 429 and Retry-After, even for the right password', async () => {
    for (let i = 0; i < 5; i++) expect((await login('yanggu.wall', `guess-${i}`)).status).toBe(401);
    const locked = await login('yanggu.wall', 'demo-2026');
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = Number(locked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Other accounts from the same address are not locked out.
    expect((await login('yanggu.commander', 'demo-2026')).status).toBe(200);
    // The window slides: once it has passed, the right password works again.
    const saved = clock;
    try {
      clock = new Date(clock.getTime() + retryAfter * 1000);
      expect((await login('yanggu.wall', 'demo-2026')).status).toBe(200);
    } finally {
      clock = saved;
    }
  });
});

describe('socket.io handshake', () => {
  function connectError(auth: Record<string, unknown>): Promise<{ message: string; data: unknown }> {
    const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth });
    return new Promise((resolve, reject) => {
      socket.on('connect', () => {
        socket.disconnect();
        reject(new Error('connected without a valid token'));
      });
      socket.on('connect_error', (error) => {
        socket.disconnect();
        resolve({ message: error.message, data: (error as Error & { data?: unknown }).data });
      });
    });
  }

  it('refuses a socket without a valid token with connect_error UNAUTHENTICATED', async () => {
    for (const auth of [{}, { token: 'nonsense' }, { token: 42 }]) {
      const error = await connectError(auth);
      expect(error.message).toBe('UNAUTHENTICATED');
      expect(error.data).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    }
  });

  it('accepts a token and stops subscribing once it has expired', async () => {
    const { token, expiresAt } = (await login('nanle.commander', 'demo-2026')).body as LoginResponse;
    const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { token } });
    try {
      const ok = await socket.timeout(5000).emitWithAck('session:subscribe', { county: '410923' });
      expect(ok).toEqual({ ok: true, value: { rooms: ['county:410923000000'] } });
      const saved = clock;
      clock = new Date(Date.parse(expiresAt) + 1000);
      try {
        const late = await socket.timeout(5000).emitWithAck('session:subscribe', { county: '410923' });
        expect(late).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: expect.stringContaining('expired') } });
      } finally {
        clock = saved;
      }
    } finally {
      socket.disconnect();
    }
  });
});

describe('outside demo mode', () => {
  let root: string;
  let production: RunningServer | undefined;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gd-auth-'));
    const accountsFile = join(root, 'accounts.json');
    const passwordHash = await hash('a-long-real-password');
    writeFileSync(
      accountsFile,
      JSON.stringify({ accounts: [{ userId: 'u-1', username: 'wang.operator', displayName: '王值班', role: 'dispatch-operator', countyCode: '410923000000', passwordHash }] }),
    );
    production = await startServer({ port: 0, host: '127.0.0.1', dataDir: join(root, 'data'), auth: { demo: false, secret: 'x'.repeat(40), accountsFile } });
  });
  afterAll(async () => {
    await production?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('has no demo endpoint and no demo password; the configured accounts sign in', async () => {
    const url = production!.url;
    expect((await fetch(`${url}/api/v1/demo/accounts`)).status).toBe(404);
    expect((await login('nanle.operator', 'demo-2026', url)).status).toBe(401);
    expect((await login('wang.operator', 'demo-2026', url)).status).toBe(401);
    const ok = await login('wang.operator', 'a-long-real-password', url);
    expect(ok.status).toBe(200);
    expect((await me(ok.body.token, url)).body.actor.username).toBe('wang.operator');
    // A token signed with the demo server's secret means nothing here.
    expect((await me(await loginAs(server, 'nanle.operator'), url)).status).toBe(401);
  });

  it('will not start without a secret, with a short one, or with an account naming an unknown place', async () => {
    const dataDir = join(root, 'refused');
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, auth: { demo: false } })).rejects.toThrow(/secret is required/);
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, auth: { demo: false, secret: 'short' } })).rejects.toThrow(/at least 32/);
    const bad = join(root, 'bad-accounts.json');
    const passwordHash = await hash('whatever-password');
    writeFileSync(bad, JSON.stringify({ accounts: [{ userId: 'u-2', username: 'li', displayName: '李', role: 'township-commander', countyCode: '410923000000', townshipCode: '410923999000', passwordHash }] }));
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, auth: { demo: false, secret: 'y'.repeat(40), accountsFile: bad } })).rejects.toThrow(/li: .*410923999000/);
    writeFileSync(bad, JSON.stringify({ accounts: [{ userId: 'u-3', username: 'zhao', displayName: '赵', role: 'admin', countyCode: null, passwordHash: 'plain-text' }] }));
    await expect(startServer({ port: 0, host: '127.0.0.1', dataDir, auth: { demo: false, secret: 'y'.repeat(40), accountsFile: bad } })).rejects.toThrow(/passwordHash/);
  });
});

describe('the demo secret is kept in the data directory', () => {
  it('accepts a token issued before a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gd-auth-restart-'));
    try {
      const first = await startServer({ port: 0, host: '127.0.0.1', dataDir });
      const token = await loginAs(first, 'huian.operator');
      await first.close();
      const second = await startServer({ port: 0, host: '127.0.0.1', dataDir });
      try {
        expect((await me(token, second.url)).status).toBe(200);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
