/** Values a client puts into its own text for a code (names, numbers, limits): `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * One error shape everywhere: `{error: {code, message, params?, issues?}}`. `message` is for logs and
 * developers; people read the client's text for `code` (and each issue's `code`), filled with `params`.
 */
export interface ApiIssue {
  path: string;
  message: string;
  /** Stable code of the problem (zod's issue code, e.g. `too_small`, or a domain code). */
  code?: string;
  params?: MessageParams;
}

export interface ApiErrorBody {
  /** `allowed`: on ILLEGAL_TRANSITION (and other workflow refusals), the actions the case allows now. */
  error: { code: string; message: string; params?: MessageParams; issues?: ApiIssue[]; allowed?: string[] };
}

/** Domain error codes and the HTTP status each maps to (the one place that mapping lives). */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_CONTENT_ENCODING: 400,
  BAD_REQUEST: 400,
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
  OVERLOADED: 503,
  TOO_MANY_REQUESTS: 429,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  TOO_MANY_ATTEMPTS: 429,
  // Case workflow (issue 5).
  ILLEGAL_TRANSITION: 409,
  TIME_BEFORE_LAST_EVENT: 409,
  CASE_CHANGED: 409,
  WRONG_UNIT: 403,
  SEPARATION_OF_DUTIES: 403,
  REASON_REQUIRED: 422,
  TARGET_REQUIRED: 422,
  TRANSFER_KIND_REQUIRED: 422,
  TARGET_IS_HOLDER: 422,
  UNKNOWN_UNIT: 422,
  INVALID_TRANSFER_TARGET: 422,
  TWO_OFFICERS_REQUIRED: 422,
  OFFICER_NOT_CERTIFIED: 422,
  OFFICER_NOT_IN_UNIT: 422,
  OFFICER_UNAVAILABLE: 422,
  DUPLICATE_OFFICER: 422,
  UNKNOWN_OFFICER: 422,
  FEEDBACK_ALREADY_SENT: 409,
  // Working-day calendar.
  INVALID_DATE: 400,
  INVALID_COUNT: 400,
  OUTSIDE_CALENDAR: 422,
  // 乡呼县应 and 确权.
  ALREADY_ANSWERED: 409,
  ALREADY_DECIDED: 409,
  DISPUTE_OPEN: 409,
  NOT_COORDINATOR: 403,
  RESPONSIBLE_UNIT_REQUIRED: 422,
  DONE_BEFORE_START: 422,
  // Imports (issue 8): an import that is still being checked, has errors, was applied, or was overtaken by another version.
  IMPORT_NOT_READY: 409,
  IMPORT_HAS_ERRORS: 422,
  IMPORT_ALREADY_APPLIED: 409,
  IMPORT_STALE: 409,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
