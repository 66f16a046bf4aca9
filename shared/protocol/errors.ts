/** One error shape everywhere: `{error: {code, message, issues?}}`. */
export interface ApiIssue {
  path: string;
  message: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; issues?: ApiIssue[] };
}

/** Domain error codes and the HTTP status each maps to (the one place that mapping lives). */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  UNKNOWN_COUNTY: 404,
  OUTSIDE_ALL_COUNTIES: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  UNKNOWN_MATTER: 422,
  MATTER_NOT_IN_FORCE: 422,
  COUNTY_MISMATCH: 422,
  INVALID_TIME: 400,
  IDEMPOTENCY_KEY_IN_FLIGHT: 409,
  INVALID_IDEMPOTENCY_KEY: 400,
  INVALID_CURSOR: 400,
  STORE_UNAVAILABLE: 503,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_ATTEMPTS: 429,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
