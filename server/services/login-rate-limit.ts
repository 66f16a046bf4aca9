/**
 * Failed sign-ins counted in a sliding window, per username+IP (guessing one account's password)
 * and per IP (trying many accounts). Only failures count and a success clears its username+IP
 * count, so people who type their password right are never slowed down. In memory: one process
 * is one server here; several servers behind a balancer would share this through the store.
 */
export interface LoginRateLimitOptions {
  windowMs: number;
  /** Failures allowed per username+IP inside the window. */
  maxPerUser: number;
  /** Failures allowed per IP inside the window, over all usernames. */
  maxPerIp: number;
  /** Keys kept at most; the oldest are dropped beyond it so a flood cannot grow memory. */
  maxKeys: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimitOptions = { windowMs: 15 * 60_000, maxPerUser: 5, maxPerIp: 50, maxKeys: 10_000 };

export type RateCheck = { ok: true } | { ok: false; retryAfterSeconds: number };

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly now: () => number,
    private readonly options: LoginRateLimitOptions = DEFAULT_LOGIN_RATE_LIMIT,
  ) {}

  /** Asked before the password is checked: a locked-out attempt is refused even with the right password. */
  check(username: string, ip: string): RateCheck {
    const t = this.now();
    const waits = [this.wait(userKey(username, ip), this.options.maxPerUser, t), this.wait(ipKey(ip), this.options.maxPerIp, t)];
    const longest = Math.max(...waits);
    return longest > 0 ? { ok: false, retryAfterSeconds: Math.ceil(longest / 1000) } : { ok: true };
  }

  recordFailure(username: string, ip: string): void {
    const t = this.now();
    for (const key of [userKey(username, ip), ipKey(ip)]) {
      const list = this.recent(key, t);
      list.push(t);
      this.failures.delete(key); // re-insert: Map order is then oldest-touched first
      this.failures.set(key, list);
    }
    this.bound();
  }

  recordSuccess(username: string, ip: string): void {
    this.failures.delete(userKey(username, ip));
  }

  /** Milliseconds until the key is below its limit again; 0 if it already is. */
  private wait(key: string, max: number, t: number): number {
    const list = this.recent(key, t);
    if (list.length < max) return 0;
    // The failure whose expiry brings the count back under the limit.
    return list[list.length - max]! + this.options.windowMs - t;
  }

  private recent(key: string, t: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    const kept = list.filter((at) => at > t - this.options.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== list.length) this.failures.set(key, kept);
    return kept;
  }

  private bound(): void {
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.options.maxKeys) return;
      this.failures.delete(key);
    }
  }
}

function userKey(username: string, ip: string): string {
  return `u\u0000${username.trim().toLowerCase()}\u0000${ip}`;
}

function ipKey(ip: string): string {
  return `ip\u0000${ip}`;
}
