import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { resolveJurisdiction, type Actor, type OrgConfigs } from '../../shared/domain/capabilities.ts';
import { readAccountsFile } from '../repositories/accounts-file.ts';
import { InMemoryAccounts, type AccountRecord } from '../repositories/accounts-memory.ts';
import { readOrCreateSecret } from '../repositories/auth-secret-file.ts';
import { AuthService, DEFAULT_TOKEN_TTL_SECONDS } from './auth-service.ts';
import { demoAccountRecords } from './demo-accounts.ts';
import { DEFAULT_LOGIN_RATE_LIMIT, LoginRateLimiter, type LoginRateLimitOptions } from './login-rate-limit.ts';

export interface AuthOptions {
  /** Demo mode: seeded accounts for every role of every county, one published password, GET /api/v1/demo/accounts. */
  demo: boolean;
  /** Token signing secret (≥ 32 characters). Required outside demo mode; in demo mode kept in the data directory. */
  secret?: string;
  tokenTtlSeconds?: number;
  /** JSON file of accounts with argon2 hashes (repositories/accounts-file.ts); the only accounts outside demo mode. */
  accountsFile?: string;
  rateLimit?: Partial<LoginRateLimitOptions>;
}

export interface AuthSetup {
  auth: AuthService;
  /** The seeded accounts in demo mode; undefined otherwise. */
  demoActors?: Actor[];
  accountCount: number;
}

/** Builds the account registry and token service; refuses to start on an unusable configuration. */
export async function setUpAuth(options: AuthOptions, deps: { dataDir: string; org: OrgConfigs; now: () => Date }): Promise<AuthSetup> {
  if (!options.demo && !options.secret) {
    throw new Error('a token secret is required outside demo mode (GRID_DISPATCH_SECRET, at least 32 characters)');
  }
  if (options.secret !== undefined && options.secret.length < 32) throw new Error('the token secret must be at least 32 characters');
  const secret = options.secret === undefined ? readOrCreateSecret(deps.dataDir) : Buffer.from(options.secret, 'utf8');

  const demo = options.demo ? await demoAccountRecords(deps.org) : [];
  const records: AccountRecord[] = [...demo, ...(options.accountsFile ? readAccountsFile(options.accountsFile) : [])];
  for (const record of records) {
    const resolved = resolveJurisdiction(record, deps.org);
    if (!resolved.ok) throw new Error(`account ${record.username}: ${resolved.message}`);
  }
  const decoyHash = demo[0]?.passwordHash ?? (await hash(randomBytes(16).toString('hex')));
  const auth = new AuthService({
    accounts: new InMemoryAccounts(records),
    secret,
    ttlSeconds: options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS,
    now: deps.now,
    limiter: new LoginRateLimiter(() => deps.now().getTime(), { ...DEFAULT_LOGIN_RATE_LIMIT, ...options.rateLimit }),
    decoyHash,
  });
  return { auth, demoActors: options.demo ? demo.map(({ passwordHash: _hash, ...actor }) => actor) : undefined, accountCount: records.length };
}
