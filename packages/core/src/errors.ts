/**
 * The few error classes the platform uses, and the one mapping from them to the
 * API's JSON error body and HTTP status (docs/api.md "Errors").
 *
 * `retryable` carries the retry meaning for Cloud Tasks and Pub/Sub targets: a
 * retryable failure answers 5xx so the queue tries again; everything else must
 * answer 2xx (or a 4xx the queue will not retry) so it is not redelivered forever.
 */

import type { Locale } from './locale';

export type ErrorCode =
  | 'invalid_argument'
  | 'unauthenticated'
  | 'permission_denied'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'resource_exhausted'
  | 'internal'
  | 'unavailable';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_argument: 400,
  unauthenticated: 401,
  permission_denied: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  resource_exhausted: 429,
  internal: 500,
  unavailable: 503,
};

/** One problem with one field of a request, named by its path (`schedule.time`). */
export interface FieldIssue {
  field: string;
  message: string;
  /** The message in Korean; never sent as a field of its own (`toErrorResponse` answers one language). */
  ko?: string;
}

/**
 * A user-facing message in both languages. Every error a caller can see carries one
 * (test/unit/errors-in-korean.test.ts checks each construction), so the API answers
 * in the language the request asks for.
 */
export interface Bilingual {
  en: string;
  ko: string;
}

/** A message as error constructors take it: the English alone, or both languages. */
export type Text = string | Bilingual;

function split(text: Text): { en: string; ko?: string } {
  return typeof text === 'string' ? { en: text } : text;
}

/** Korean object particle for a noun: 을 after a final consonant, else 를 ("에이전트를", "실행을"). */
export function objectParticle(noun: string): string {
  const last = noun.charCodeAt(noun.length - 1);
  const hangul = last >= 0xac00 && last <= 0xd7a3;
  return hangul && (last - 0xac00) % 28 !== 0 ? '을' : '를';
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
      /** The message in Korean, answered when the request asks for it (`Accept-Language: ko`); `message` is the English. */
      ko?: string;
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
  constructor(message: Text, details?: FieldIssue[]) {
    const { en, ko } = split(message);
    super('invalid_argument', en, { details, retryable: false, ko });
  }
}

export class UnauthenticatedError extends AppError {
  constructor(
    message: Text = {
      en: 'Sign in first: the request needs a valid ID token.',
      ko: '먼저 로그인하세요. 요청에 유효한 ID 토큰이 필요합니다.',
    },
  ) {
    const { en, ko } = split(message);
    super('unauthenticated', en, { retryable: false, ko });
  }
}

/**
 * Missing, or someone else's: the two must look the same (docs/api.md). `what` names
 * the thing in both languages ({en: 'The agent', ko: '에이전트'}).
 */
export class NotFoundError extends AppError {
  constructor(what: Text = { en: 'The resource', ko: '요청한 항목' }) {
    const { en, ko } = split(what);
    super('not_found', `${en} was not found.`, {
      retryable: false,
      ko: ko === undefined ? undefined : `${ko}${objectParticle(ko)} 찾을 수 없습니다.`,
    });
  }
}

/** Signed in, but not allowed to do this (a guest merging, an account that was merged away). */
export class PermissionDeniedError extends AppError {
  constructor(message: string, ko?: string) {
    super('permission_denied', message, { retryable: false, ko });
  }
}

export class ConflictError extends AppError {
  constructor(message: Text) {
    const { en, ko } = split(message);
    super('conflict', en, { retryable: false, ko });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('payload_too_large', `The request body is larger than ${limitBytes} bytes.`, {
      retryable: false,
      ko: `요청 본문이 ${limitBytes}바이트보다 큽니다.`,
    });
  }
}

/** A known path asked with a method it does not serve; `allow` lists those it does (the `Allow` header). */
export class MethodNotAllowedError extends AppError {
  constructor(
    method: string,
    path: string,
    readonly allow: readonly string[],
  ) {
    super('method_not_allowed', `${method} is not supported on ${path}; use ${allow.join(' or ')}.`, {
      retryable: false,
      ko: `${path}에서는 ${method}를 쓸 수 없습니다. ${allow.join(' 또는 ')}를 쓰세요.`,
    });
  }
}

/** A body sent in a form the API does not take (a `Content-Encoding` other than identity). */
export class UnsupportedMediaTypeError extends AppError {
  constructor(message: Text) {
    const { en, ko } = split(message);
    super('unsupported_media_type', en, { retryable: false, ko });
  }
}

/** A rate limit or a spent budget; a rate limit says when to try again (`Retry-After`). */
export class ResourceExhaustedError extends AppError {
  constructor(message: Text, retryAfterSeconds?: number, options: { ko?: string; reason?: string } = {}) {
    const { en, ko } = split(message);
    super('resource_exhausted', en, { retryable: false, retryAfterSeconds, ko, ...options });
  }
}

/** A transient failure of something we depend on: worth retrying with backoff. */
export class UnavailableError extends AppError {
  constructor(message: Text, cause?: unknown, reason?: string) {
    const { en, ko } = split(message);
    super('unavailable', en, { retryable: true, cause, reason, ko });
  }
}

/** A failure that no retry will fix (a refused prompt, a broken invariant). */
export class NonRetriableError extends AppError {
  constructor(message: Text, cause?: unknown, reason?: string) {
    const { en, ko } = split(message);
    super('internal', en, { retryable: false, cause, reason, ko });
  }
}

/**
 * The database refused a request because the deployment lacks what it needs:
 * Firestore's FAILED_PRECONDITION, e.g. a query whose composite index is not in
 * firestore.indexes.json (https://cloud.google.com/firestore/docs/query-data/indexing).
 * A server bug, not the caller's: 500 `internal` whose message reveals nothing,
 * and never retried (the index will not appear by itself).
 */
export class FailedPreconditionError extends AppError {
  constructor(message: string, cause?: unknown) {
    super('internal', message, { retryable: false, cause, reason: 'failed_precondition' });
  }
}

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again.';

const INTERNAL_MESSAGE_KO = '서버에서 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.';

/** The error's message in the caller's language: its Korean text when asked for and present, else the English. */
export function localizedMessage(err: AppError, locale: Locale): string {
  return locale === 'ko' && err.options.ko ? err.options.ko : err.message;
}

/**
 * Maps any thrown value to the API's status and body, its message in `locale`
 * (code and details never change with the language). Unknown errors become a
 * generic 500 whose message reveals nothing internal.
 */
export function toErrorResponse(
  err: unknown,
  locale: Locale = 'en',
): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  if (err instanceof AppError) {
    // A missing index is ours to fix; its text names our collections and fields, which callers need not see.
    const message = err instanceof FailedPreconditionError ? internalMessage(locale) : localizedMessage(err, locale);
    const body: ErrorBody = { error: { code: err.code, message } };
    const details = err.options.details;
    if (details?.length) {
      body.error.details = details.map((d) => ({
        field: d.field,
        message: locale === 'ko' && d.ko ? d.ko : d.message,
      }));
    }
    const headers: Record<string, string> = {};
    const wait = err.options.retryAfterSeconds;
    if (wait !== undefined) headers['Retry-After'] = String(Math.ceil(wait));
    if (err instanceof MethodNotAllowedError) headers.Allow = err.allow.join(', ');
    return Object.keys(headers).length > 0 ? { status: err.status, body, headers } : { status: err.status, body };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: internalMessage(locale) } },
  };
}

function internalMessage(locale: Locale): string {
  return locale === 'ko' ? INTERNAL_MESSAGE_KO : INTERNAL_MESSAGE;
}
