import { describe, expect, it } from 'vitest';
import { LoginRateLimiter } from './login-rate-limit.ts';

function limiter(options: Partial<ConstructorParameters<typeof LoginRateLimiter>[1]> = {}) {
  let t = 1_000_000;
  const l = new LoginRateLimiter(() => t, { windowMs: 60_000, maxPerUser: 3, maxPerIp: 5, maxKeys: 100, ...options });
  return { l, advance: (ms: number) => (t += ms) };
}

describe('LoginRateLimiter', () => {
  it('locks a username+address after maxPerUser failures until the oldest leaves the window', () => {
    const { l, advance } = limiter();
    l.recordFailure('a', 'ip1');
    advance(10_000);
    l.recordFailure('a', 'ip1');
    advance(10_000);
    expect(l.check('a', 'ip1')).toEqual({ ok: true });
    l.recordFailure('a', 'ip1');
    // Failures at 0 s, 10 s, 20 s; now 20 s: the first leaves the window at 60 s.
    expect(l.check('a', 'ip1')).toEqual({ ok: false, retryAfterSeconds: 40 });
    expect(l.check('a', 'ip2')).toEqual({ ok: true });
    expect(l.check('b', 'ip1')).toEqual({ ok: true });
    advance(39_999);
    expect(l.check('a', 'ip1').ok).toBe(false);
    advance(1);
    expect(l.check('a', 'ip1')).toEqual({ ok: true });
  });

  it('counts failures per address over all usernames', () => {
    const { l } = limiter();
    for (const user of ['a', 'b', 'c', 'd', 'e']) l.recordFailure(user, 'ip1');
    expect(l.check('f', 'ip1').ok).toBe(false);
    expect(l.check('f', 'ip2').ok).toBe(true);
  });

  it('clears a username+address on success; usernames compare case-insensitively', () => {
    const { l } = limiter();
    l.recordFailure('A', 'ip1');
    l.recordFailure('a', 'ip1');
    l.recordSuccess('a ', 'ip1');
    l.recordFailure('a', 'ip1');
    l.recordFailure('a', 'ip1');
    expect(l.check('a', 'ip1').ok).toBe(true);
    l.recordFailure('a', 'ip1');
    expect(l.check('A', 'ip1').ok).toBe(false);
  });

  it('keeps at most maxKeys keys, dropping the oldest', () => {
    const { l } = limiter({ maxKeys: 4, maxPerUser: 1, maxPerIp: 100 });
    l.recordFailure('old', 'ip0');
    for (let i = 1; i <= 3; i++) l.recordFailure(`u${i}`, `ip${i}`);
    expect(l.check('old', 'ip0').ok).toBe(true);
    expect(l.check('u3', 'ip3').ok).toBe(false);
  });
});
