import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { DomainError } from '../services/domain-error.ts';
import { actorOf } from './require-auth.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The one scoping rule for Idempotency-Key: a key belongs to one account and one operation (method
 * + route pattern). What a client sends is never a store key itself, so one account can neither
 * read another's stored answer nor learn that a key exists, and the same key on two routes is two
 * keys. The store keeps only the digest.
 */
export function scopedIdempotencyKey(scope: { userId: string; operation: string }, key: string): string {
  return `idem:${createHash('sha256').update(JSON.stringify([scope.userId, scope.operation, key])).digest('base64url')}`;
}

/**
 * The request's Idempotency-Key, scoped to the signed-in account and the route it was sent to (use
 * after requireAuth); undefined without one; 400 INVALID_IDEMPOTENCY_KEY when it is malformed.
 * Every write route that takes the header reads it through here.
 */
export function idempotencyKeyOf(req: Request, res: Response): string | undefined {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) throw new DomainError('INVALID_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-200 visible ASCII characters');
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') throw new DomainError('INTERNAL', 'idempotencyKeyOf used outside a route handler');
  return scopedIdempotencyKey({ userId: actorOf(res).userId, operation: `${req.method} ${req.baseUrl}${route}` }, key);
}
