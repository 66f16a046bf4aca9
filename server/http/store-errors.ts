import type { ErrorRequestHandler } from 'express';
import { IdempotencyKeyTakenError, StoreUnavailableError } from '../repositories/store.ts';
import { sendError } from './errors.ts';

/** Seconds a client should wait before retrying while the database is away. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Store failures that are not the client's fault: the database is unreachable (503, never a
 * 201), or another server just stored a response under the same Idempotency-Key (409; the retry
 * gets that response).
 */
export const storeErrorHandler: ErrorRequestHandler = (err, req, res, next) => {
  if (err instanceof StoreUnavailableError) {
    console.warn(`[store] ${req.method} ${req.path}: ${err.message}`);
    res.set('Retry-After', String(RETRY_AFTER_SECONDS));
    const reading = req.method === 'GET' || req.method === 'HEAD';
    const message = reading
      ? 'the database is unreachable, so stored data cannot be read right now; retry shortly'
      : err.outcomeUnknown
        ? 'the database connection broke while saving: the request may or may not have been recorded; retry with the same Idempotency-Key to find out without creating a duplicate'
        : 'the database is unreachable: the request was NOT recorded; retry shortly (with the same Idempotency-Key)';
    return sendError(res, 'STORE_UNAVAILABLE', message);
  }
  if (err instanceof IdempotencyKeyTakenError) {
    res.set('Retry-After', '1');
    return sendError(res, 'IDEMPOTENCY_KEY_IN_FLIGHT', 'another request with this Idempotency-Key was accepted at the same moment; retry with the same key to receive its response');
  }
  next(err);
};
