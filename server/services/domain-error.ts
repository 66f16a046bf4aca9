import type { ApiIssue, ErrorCode, MessageParams } from '../../shared/protocol/errors.ts';

/** Services fail with a domain code; the HTTP layer maps it to a status in one place. */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiIssue[],
    /** Workflow refusals: the actions the case allows now (sent as `error.allowed`). */
    readonly allowed?: string[],
    /** Values for the client's text of `code` (names, limits), sent as `error.params`. */
    readonly params?: MessageParams,
  ) {
    super(message);
  }
}
