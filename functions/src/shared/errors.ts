/**
 * The few error classes the platform uses, and the one mapping from them to the
 * API's JSON error body and HTTP status (API.md "Errors").
 *
 * `retryable` carries the retry meaning for Cloud Tasks and Pub/Sub targets: a
 * retryable failure answers 5xx so the queue tries again; everything else must
 * answer 2xx (or a 4xx the queue will not retry) so it is not redelivered forever.
 */

export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'resource_exhausted'
  | 'internal'
  | 'unavailable';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
};

/** One problem with one field of a request, named by its path (`schedule.time`). */
export interface FieldIssue {
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: FieldIssue[] };
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: {
      details?: FieldIssue[];
      retryable?: boolean;
      cause?: unknown;
      /** When trying again makes sense: sent as the `Retry-After` header. */
      retryAfterSeconds?: number;
      /** A stable word for why (e.g. a model error's `overloaded`), so clients can say it in their language. */
      reason?: string;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
  }
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
  /** True when trying the same thing again later may succeed. */
  get retryable(): boolean {
    return this.options.retryable ?? (this.code === 'unavailable' || this.code === 'internal');
  }
}

/** Bad input from the caller: never retried, the message says what to fix. */
export class InvalidArgumentError extends AppError {
  constructor(message: string, details?: FieldIssue[]) {
    super('invalid_argument', message, { details, retryable: false });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in first: the request needs a valid ID token.') {
    super('unauthenticated', message, { retryable: false });
  }
}

/** Missing, or someone else's: the two must look the same (API.md). */
export class NotFoundError extends AppError {
  constructor(what = 'The resource') {
    super('not_found', `${what} was not found.`, { retryable: false });
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message, { retryable: false });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('payload_too_large', `The request body is larger than ${limitBytes} bytes.`, {
      retryable: false,
    });
  }
}

/** A rate limit or a spent budget; a rate limit says when to try again (`Retry-After`). */
export class ResourceExhaustedError extends AppError {
  constructor(message: string, retryAfterSeconds?: number) {
    super('resource_exhausted', message, { retryable: false, retryAfterSeconds });
  }
}

/** A transient failure of something we depend on: worth retrying with backoff. */
export class UnavailableError extends AppError {
  constructor(message: string, cause?: unknown, reason?: string) {
    super('unavailable', message, { retryable: true, cause, reason });
  }
}

/** A failure that no retry will fix (a refused prompt, a broken invariant). */
export class NonRetriableError extends AppError {
  constructor(message: string, cause?: unknown, reason?: string) {
    super('internal', message, { retryable: false, cause, reason });
  }
}

/**
 * Maps any thrown value to the API's status and body. Unknown errors become a
 * generic 500 whose message reveals nothing internal.
 */
export function toErrorResponse(err: unknown): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.options.details?.length) body.error.details = err.options.details;
    const wait = err.options.retryAfterSeconds;
    if (wait !== undefined) return { status: err.status, body, headers: { 'Retry-After': String(Math.ceil(wait)) } };
    return { status: err.status, body };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' } },
  };
}
