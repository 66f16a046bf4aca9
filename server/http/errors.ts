import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';
import { ERROR_STATUS, type ApiErrorBody, type ApiIssue, type ErrorCode } from '../../shared/protocol/errors.ts';
import { DomainError } from '../services/domain-error.ts';
import { InvalidCursorError } from '../repositories/cursor.ts';

export function sendError(res: Response, code: ErrorCode, message: string, issues?: ApiIssue[], allowed?: string[]): void {
  const body: ApiErrorBody = { error: { code, message, ...(issues ? { issues } : {}), ...(allowed ? { allowed } : {}) } };
  res.status(ERROR_STATUS[code]).json(body);
}

export function zodIssues(error: ZodError): ApiIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.') || '(body)', message: issue.message }));
}

export const notFound: RequestHandler = (req, res) => {
  sendError(res, 'NOT_FOUND', `no such endpoint: ${req.method} ${req.path}`);
};

/** The one place domain codes and body-parser failures become HTTP answers. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof DomainError) return sendError(res, err.code, err.message, err.issues, err.allowed);
  if (err instanceof InvalidCursorError) return sendError(res, 'INVALID_CURSOR', err.message);
  const e = err as { type?: string; status?: number; message?: string; limit?: number };
  if (e.type === 'entity.too.large') return sendError(res, 'PAYLOAD_TOO_LARGE', `request body is larger than ${e.limit} bytes`);
  if (e.type === 'entity.parse.failed') return sendError(res, 'INVALID_JSON', `request body is not valid JSON: ${e.message}`);
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendError(res, 'UNSUPPORTED_MEDIA_TYPE', e.message ?? 'unsupported encoding');
  console.error(err);
  sendError(res, 'INTERNAL', 'internal error; it has been logged');
};
