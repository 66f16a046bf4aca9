import type { ErrorCode } from '../../shared/protocol/errors.ts';

/**
 * Failures raised below the handlers (express's param decoding, body-parser, zlib) that are the
 * client's fault: a badly percent-encoded path, a body whose Content-Encoding does not match its
 * bytes, a body shorter than its Content-Length. Each is a 4xx, never a 500; null for anything else.
 */
export function clientErrorOf(err: unknown): { code: ErrorCode; message: string } | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as { type?: unknown; status?: unknown; code?: unknown; message?: unknown; limit?: unknown; errno?: unknown };
  const message = typeof e.message === 'string' ? e.message : '';
  if (e.type === 'entity.too.large') return { code: 'PAYLOAD_TOO_LARGE', message: `request body is larger than ${String(e.limit)} bytes` };
  if (e.type === 'entity.parse.failed') return { code: 'INVALID_JSON', message: `request body is not valid JSON: ${message}` };
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return { code: 'UNSUPPORTED_MEDIA_TYPE', message: message || 'unsupported encoding' };
  if (err instanceof URIError) return { code: 'VALIDATION_FAILED', message: 'the path is not valid percent-encoding (RFC 3986)' };
  // zlib (Content-Encoding: gzip/deflate/br that does not decode): code Z_DATA_ERROR, Z_BUF_ERROR …, or ERR_* from brotli.
  if (typeof e.code === 'string' && (/^Z_/.test(e.code) || (typeof e.errno === 'number' && /^ERR_/.test(e.code)))) {
    return { code: 'INVALID_CONTENT_ENCODING', message: `the request body does not decode as its Content-Encoding says: ${message}` };
  }
  if (e.type === 'request.size.invalid' || e.type === 'request.aborted') return { code: 'BAD_REQUEST', message: message || 'the request body is incomplete' };
  // Any other http-errors 4xx raised by the framework (not by our handlers, which throw DomainError).
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500 && typeof e.type === 'string') return { code: 'BAD_REQUEST', message };
  return null;
}
