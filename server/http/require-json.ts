import type { RequestHandler } from 'express';
import { sendError } from './errors.ts';

/** Checked before the body parser so a form post gets 415, not a misleading JSON parse error. */
export const requireJson: RequestHandler = (req, res, next) => {
  if (!req.is('application/json')) return sendError(res, 'UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON with Content-Type: application/json');
  next();
};
