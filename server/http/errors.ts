import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import { ERROR_STATUS, type ApiErrorBody, type ApiIssue, type ErrorCode, type MessageParams } from '../../shared/protocol/errors.ts';
import { DomainError } from '../services/domain-error.ts';
import { InvalidCursorError } from '../repositories/cursor.ts';
import type { Logger } from '../observability/logger.ts';
import { clientErrorOf } from './client-errors.ts';

export function sendError(res: Response, code: ErrorCode, message: string, issues?: ApiIssue[], allowed?: string[], params?: MessageParams): void {
  const body: ApiErrorBody = { error: { code, message, ...(params ? { params } : {}), ...(issues ? { issues } : {}), ...(allowed ? { allowed } : {}) } };
  res.status(ERROR_STATUS[code]).json(body);
}

/** The values of a zod issue a client needs to say it in its own words (limits, what was expected). */
function issueParams(issue: ZodError['issues'][number]): MessageParams {
  const params: Record<string, string | number> = {};
  for (const name of ['origin', 'minimum', 'maximum', 'expected', 'format'] as const) {
    const value = (issue as unknown as Record<string, unknown>)[name];
    if (typeof value === 'string' || typeof value === 'number') params[name] = value;
    else if (typeof value === 'bigint') params[name] = Number(value);
  }
  if (issue.code === 'unrecognized_keys') params.keys = issue.keys.join(', ');
  return params;
}

export function zodIssues(error: ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message, code: issue.code, params: issueParams(issue) }));
}

export const notFound: RequestHandler = (req, res) => {
  sendError(res, 'NOT_FOUND', `no such endpoint: ${req.method} ${req.path}`);
};

/** The one place domain codes and body-parser failures become HTTP answers. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  // The answer was already (partly) sent, e.g. a stream failed midway: only express can end it.
  if (res.headersSent) return _next(err);
  if (err instanceof DomainError) return sendError(res, err.code, err.message, err.issues, err.allowed, err.params);
  if (err instanceof InvalidCursorError) return sendError(res, 'INVALID_CURSOR', err.message);
  const client = clientErrorOf(err);
  if (client) return sendError(res, client.code, client.message);
  const log = (res.locals as { log?: Logger }).log;
  if (log) log.error({ err }, 'unhandled error');
  else console.error(err);
  sendError(res, 'INTERNAL', 'internal error; it has been logged');
};
