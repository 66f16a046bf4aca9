import type { DirectoryUser } from '../../shared/protocol/directory.ts';
/**
 * Sign-in and bearer tokens.
 *
 * Tokens, not server sessions: a token is `gd1.<payload>.<signature>`, the payload `{sub, iat, exp}`
 * in base64url and the signature HMAC-SHA256 over both with the server secret. Why not sessions:
 * nothing to store or share between processes (every server with the secret accepts the token),
 * the socket.io handshake verifies it the same way as REST, and the one thing sessions do better —
 * revocation — is covered by resolving the account on every verification: a deleted or changed
 * account takes effect at once, and the role, county and unit always come from the account, never
 * from the token. Expiry bounds what a leaked token is worth (default: one 12-hour shift).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import type { Actor } from '../../shared/domain/capabilities.ts';
import type { AccountRecord, AccountRegistry } from '../repositories/accounts-memory.ts';
import type { LoginRateLimiter } from './login-rate-limit.ts';

export const DEFAULT_TOKEN_TTL_SECONDS = 12 * 60 * 60;
/**
 * A command-hall wall runs unattended for days and can only read: its display token lasts 30 days
 * rather than a shift, so the screen does not go dark overnight.
 */
export const DISPLAY_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;
const PREFIX = 'gd1';
const TOKEN_SHAPE = /^gd1\.[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{43}$/;

export interface AuthServiceDeps {
  accounts: AccountRegistry;
  /** At least 32 bytes. */
  secret: Buffer;
  ttlSeconds: number;
  now: () => Date;
  limiter: LoginRateLimiter;
  /** A hash verified when the username is unknown, so the answer takes as long as for a wrong password. */
  decoyHash: string;
}

export type LoginOutcome =
  | { ok: true; token: string; expiresAt: string; actor: Actor }
  | { ok: false; code: 'UNAUTHENTICATED'; message: string }
  | { ok: false; code: 'TOO_MANY_ATTEMPTS'; message: string; retryAfterSeconds: number };

export type TokenCheck = { ok: true; actor: Actor; expiresAt: string } | { ok: false; message: string };

interface TokenPayload {
  sub: string;
  iat: number;
  exp: number;
}

export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {
    if (deps.secret.length < 32) throw new Error('the token secret must be at least 32 bytes');
    if (!Number.isInteger(deps.ttlSeconds) || deps.ttlSeconds < 1) throw new Error(`token lifetime must be a positive number of seconds, got ${deps.ttlSeconds}`);
  }

  async login(username: string, password: string, ip: string): Promise<LoginOutcome> {
    const limit = this.deps.limiter.check(username, ip);
    if (!limit.ok) {
      return {
        ok: false,
        code: 'TOO_MANY_ATTEMPTS',
        message: `too many failed sign-ins for ${username} from this address; try again in ${limit.retryAfterSeconds} s`,
        retryAfterSeconds: limit.retryAfterSeconds,
      };
    }
    const account = this.deps.accounts.byUsername(username);
    const matches = await verifyArgon2(account?.passwordHash ?? this.deps.decoyHash, password).catch(() => false);
    if (!account || !matches) {
      this.deps.limiter.recordFailure(username, ip);
      // One message for both cases: the answer must not tell which usernames exist.
      return { ok: false, code: 'UNAUTHENTICATED', message: 'wrong username or password' };
    }
    this.deps.limiter.recordSuccess(username, ip);
    const { token, expiresAt } = this.issue(account.userId, this.ttlFor(account));
    return { ok: true, token, expiresAt, actor: toActor(account) };
  }

  /**
   * A fresh token for the holder of a valid one, with the same lifetime a sign-in would give: an
   * unattended wall renews its display token before it expires instead of going dark. The account is
   * resolved again, so a deleted account cannot renew.
   */
  renew(token: string | undefined): LoginOutcome {
    const check = this.verify(token);
    if (!check.ok) return { ok: false, code: 'UNAUTHENTICATED', message: check.message };
    const account = this.deps.accounts.byId(check.actor.userId);
    if (!account) return { ok: false, code: 'UNAUTHENTICATED', message: 'the account of this token no longer exists' };
    const issued = this.issue(account.userId, this.ttlFor(account));
    return { ok: true, ...issued, actor: toActor(account) };
  }

  private ttlFor(account: AccountRecord): number {
    return account.role === 'wall-display' ? Math.max(DISPLAY_TOKEN_TTL_SECONDS, this.deps.ttlSeconds) : this.deps.ttlSeconds;
  }

  /** The accounts that may act in a county (its own and the county-less admins), by display name. */
  people(countyCode: string): DirectoryUser[] {
    return this.deps.accounts
      .all()
      .filter((a) => a.countyCode === countyCode || a.countyCode === null)
      .map((a) => ({ userId: a.userId, displayName: a.displayName, role: a.role, ...(a.unitId ? { unitId: a.unitId } : {}) }));
  }

  issue(userId: string, ttlSeconds = this.deps.ttlSeconds): { token: string; expiresAt: string } {
    const iat = Math.floor(this.deps.now().getTime() / 1000);
    const payload: TokenPayload = { sub: userId, iat, exp: iat + ttlSeconds };
    const body = `${PREFIX}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  /** Token → the account's current actor. Messages say what is wrong so a client knows to sign in again. */
  verify(token: string | undefined): TokenCheck {
    if (!token) return { ok: false, message: 'sign in first: send Authorization: Bearer <token> from POST /api/v1/auth/login' };
    if (!TOKEN_SHAPE.test(token)) return { ok: false, message: 'the token is malformed; sign in again' };
    const cut = token.lastIndexOf('.');
    const body = token.slice(0, cut);
    const signature = token.slice(cut + 1);
    const given = Buffer.from(signature, 'base64url');
    const expected = Buffer.from(this.sign(body), 'base64url');
    // Bytes compared in constant time, and only a canonical encoding accepted: base64url ignores the
    // low bits of the last character, so four spellings would otherwise decode to one signature.
    const canonical = given.toString('base64url') === signature;
    if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, message: 'the token signature is not valid here; sign in again' };
    const payload = parsePayload(body.slice(PREFIX.length + 1));
    if (!payload) return { ok: false, message: 'the token is malformed; sign in again' };
    if (payload.exp * 1000 <= this.deps.now().getTime()) return { ok: false, message: `the token expired at ${new Date(payload.exp * 1000).toISOString()}; sign in again` };
    const account = this.deps.accounts.byId(payload.sub);
    if (!account) return { ok: false, message: 'the account of this token no longer exists' };
    return { ok: true, actor: toActor(account), expiresAt: new Date(payload.exp * 1000).toISOString() };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.deps.secret).update(body).digest('base64url');
  }
}

function parsePayload(encoded: string): TokenPayload | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return null;
    const { sub, iat, exp } = value as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
    return { sub, iat, exp };
  } catch {
    return null;
  }
}

/** The account without its hash. */
export function toActor(account: AccountRecord): Actor {
  const { passwordHash: _hash, ...actor } = account;
  return actor;
}

/** `Authorization: Bearer <token>` → the token. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
