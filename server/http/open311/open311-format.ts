import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { clientErrorOf } from '../client-errors.ts';
import { StoreUnavailableError } from '../../repositories/store.ts';
import { DomainError } from '../../services/domain-error.ts';
import { Open311Error } from '../../services/open311-service.ts';
import { toXml, type XmlValue } from '../../services/open311-xml.ts';

export type Format = 'json' | 'xml';

/** Element names for the items of each XML list, as the GeoReport v2 examples spell them. */
const ITEM_NAMES = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
  flags: 'flag',
} as const;

/** The format a request asked for by its extension; unknown extensions answer in JSON. */
export function formatOf(req: Request): Format {
  return req.params.format === 'xml' ? 'xml' : 'json';
}

export function send(res: Response, format: Format, status: number, xmlRoot: string, value: unknown): void {
  if (format === 'xml') {
    res.status(status).type('text/xml; charset=utf-8').send(toXml(xmlRoot, value as XmlValue, ITEM_NAMES));
  } else {
    res.status(status).type('application/json; charset=utf-8').send(JSON.stringify(value));
  }
}

/** The spec's error body: an array of {code, description}, in the requested format. */
export function sendErrors(res: Response, format: Format, status: number, description: string): void {
  send(res, format, status, 'errors', [{ code: status, description }]);
}

export const requireFormat: RequestHandler = (req, _res, next) => {
  const f = req.params.format;
  if (f !== 'json' && f !== 'xml') throw new Open311Error(400, `format .${f ?? ''} is not offered: use .json or .xml`);
  next();
};

export const open311NotFound: RequestHandler = (req, res) => {
  const ext = /\.(json|xml)$/.exec(req.path)?.[1] === 'xml' ? 'xml' : 'json';
  sendErrors(res, ext, 404, `no such Open311 endpoint: ${req.method} ${req.baseUrl}${req.path}`);
};

/** Every failure under /open311 answers in the spec's shape; the API's own shape is never used here. */
export const open311ErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const format = /\.xml$/.test(req.path) ? 'xml' : formatOf(req);
  if (err instanceof Open311Error) return sendErrors(res, format, err.status, err.description);
  if (err instanceof DomainError) {
    const status = err.code === 'NOT_FOUND' || err.code === 'UNKNOWN_COUNTY' ? 404 : err.code === 'INTERNAL' ? 500 : 400;
    if (status === 500) console.error(err);
    return sendErrors(res, format, status, err.message);
  }
  if (err instanceof StoreUnavailableError) {
    res.set('Retry-After', '5');
    return sendErrors(res, format, 503, 'the database is unreachable; the request was not recorded, retry shortly');
  }
  const client = clientErrorOf(err);
  if (client) return sendErrors(res, format, client.code === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : 400, client.message);
  console.error(err);
  sendErrors(res, format, 500, 'internal error; it has been logged');
};
